#include "web/http_server.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <chrono>
#include <thread>

#include "core/text.h"

namespace belfry {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

Result<std::pair<std::string, uint16_t>> ParseListen(std::string_view text) {
  size_t colon = text.rfind(':');
  if (colon == std::string_view::npos)
    return Fail(Error::InvalidConfig(fmt::format("'{}' is not ADDRESS:PORT", text)));
  std::string host(text.substr(0, colon));
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  if (host.empty()) host = "0.0.0.0";
  auto port = ParseInt64(text.substr(colon + 1));
  if (!port || *port < 0 || *port > 65535)
    return Fail(Error::InvalidConfig(fmt::format("'{}': the port must be 0-65535", text)));
  if (!IpAddress::Parse(host))
    return Fail(Error::InvalidConfig(fmt::format("'{}': '{}' is not an IP address", text, host)));
  return std::make_pair(host, static_cast<uint16_t>(*port));
}

namespace {

// The part of the site a path belongs to: a label of few values for the latency histogram.
const char* Area(std::string_view path) {
  if (path.rfind("/check", 0) == 0) return "check";
  if (path.rfind("/api/", 0) == 0) return "api";
  if (path.rfind("/assets/", 0) == 0) return "assets";
  if (path == "/metrics" || path == "/healthz") return "ops";
  return "console";
}

using TlsStream = beast::ssl_stream<beast::tcp_stream>;

// One connection: plain HTTP (`beast::tcp_stream`) or HTTPS (`TlsStream`), the same code.
template <class Stream>
class Session : public std::enable_shared_from_this<Session<Stream>> {
 public:
  template <class... StreamArgs>
  Session(const Router& router, const HttpServerOptions& options, Metrics* metrics,
          tcp::socket socket, StreamArgs&&... args)
      : stream_(std::move(socket), std::forward<StreamArgs>(args)...),
        router_(router),
        options_(options),
        metrics_(metrics) {
    beast::error_code ec;
    auto ep = beast::get_lowest_layer(stream_).socket().remote_endpoint(ec);
    if (!ec) {
      if (auto a = IpAddress::Parse(ep.address().to_string())) peer_ = *a;
    }
  }

  void Start() {
    if constexpr (kTls) {
      beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(options_.idle_seconds));
      stream_.async_handshake(asio::ssl::stream_base::server,
                              [self = this->shared_from_this()](beast::error_code ec) {
                                if (!ec) self->Read();  // a failed handshake just closes
                              });
    } else {
      Read();
    }
  }

 private:
  static constexpr bool kTls = std::is_same_v<Stream, TlsStream>;

  void Read() {
    parser_.emplace();
    parser_->header_limit(options_.header_limit);
    parser_->body_limit(options_.body_limit);
    beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(options_.idle_seconds));
    http::async_read(stream_, buffer_, *parser_,
                     [self = this->shared_from_this()](beast::error_code ec, size_t) {
                       self->OnRead(ec);
                     });
  }

  void OnRead(beast::error_code ec) {
    if (ec == http::error::end_of_stream || ec == beast::error::timeout ||
        ec == asio::error::operation_aborted || ec == asio::error::connection_reset ||
        ec == asio::error::eof)
      return Close();
    if (ec) {
      // Malformed or too large: answer once, then close.
      const bool too_large =
          ec == http::error::header_limit || ec == http::error::body_limit || ec == http::error::buffer_overflow;
      WebResponse r = too_large ? JsonError(413, "too_large", "request too large")
                                : JsonError(400, "bad_request", "malformed request");
      return Write(r, false, 11, false);
    }
    const auto start = std::chrono::steady_clock::now();
    auto& req = parser_->get();
    WebRequest request;
    request.method = std::string(req.method_string());
    request.peer = peer_;
    request.tls = kTls;
    for (const auto& field : req) {
      std::string name = AsciiLowerCopy(std::string(field.name_string()));
      auto& slot = request.headers[name];
      slot += (slot.empty() ? "" : ", ") + std::string(field.value());
    }
    request.client = ClientAddress(peer_, request.Header("x-forwarded-for"), options_.trusted_proxies);
    request.body = std::move(req.body());
    WebResponse response;
    auto target = ParseTarget(std::string_view(req.target().data(), req.target().size()));
    if (!target) {
      response = JsonError(400, "bad_target", "the request target cannot be read");
    } else {
      request.path = std::move(target->path);
      request.query = std::move(target->query);
      try {
        response = router_.Dispatch(request);
      } catch (const std::exception& e) {
        spdlog::error("http: {} {}: {}", request.method, request.path, e.what());
        response = JsonError(500, "internal", "internal error");
      }
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (metrics_) {
      metrics_->Add("belfry_http_requests_total",
                    Metrics::Label("code", std::to_string(response.status)), 1);
      metrics_->Observe("belfry_http_request_seconds", Metrics::Label("area", Area(request.path)),
                        seconds);
    }
    Write(response, req.keep_alive(), req.version(), req.method() == http::verb::head);
  }

  void Write(const WebResponse& r, bool keep_alive, unsigned version, bool head) {
    auto res = std::make_shared<http::response<http::string_body>>(
        static_cast<http::status>(r.status), version);
    res->set(http::field::server, "belfry");
    res->set(http::field::content_type, r.content_type);
    res->set("X-Content-Type-Options", "nosniff");
    for (const auto& [k, v] : r.headers) res->set(k, v);
    res->keep_alive(keep_alive);
    if (head) {
      res->content_length(r.body.size());
    } else {
      res->body() = r.body;
      res->prepare_payload();
    }
    http::async_write(stream_, *res,
                      [self = this->shared_from_this(), res, keep_alive](beast::error_code ec, size_t) {
                        if (ec || !keep_alive) return self->Close();
                        self->Read();
                      });
  }

  void Close() {
    if constexpr (kTls) {
      beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(5));
      stream_.async_shutdown([self = this->shared_from_this()](beast::error_code) {});
    } else {
      beast::error_code ec;
      stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    }
  }

  Stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  const Router& router_;
  const HttpServerOptions& options_;
  Metrics* metrics_;
  std::optional<IpAddress> peer_;
};

}  // namespace

struct HttpServer::Impl {
  HttpServerOptions options;
  Router router;
  Metrics* metrics;
  asio::io_context io;
  tcp::acceptor acceptor{io};
  std::optional<asio::ssl::context> tls;  // with a certificate: HTTPS only
  std::vector<std::thread> threads;

  void Accept() {
    acceptor.async_accept(asio::make_strand(io), [this](beast::error_code ec, tcp::socket s) {
      if (ec == asio::error::operation_aborted) return;
      if (!ec) {
        if (tls) {
          std::make_shared<Session<TlsStream>>(router, options, metrics, std::move(s), *tls)->Start();
        } else {
          std::make_shared<Session<beast::tcp_stream>>(router, options, metrics, std::move(s))->Start();
        }
      }
      Accept();
    });
  }

  Status LoadTls() {
    if (options.tls_cert_file.empty() && options.tls_key_file.empty()) return Ok();
    if (options.tls_cert_file.empty() || options.tls_key_file.empty())
      return Fail(Error::InvalidConfig("web.tls_cert and web.tls_key go together"));
    tls.emplace(asio::ssl::context::tls_server);
    tls->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                     asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                     asio::ssl::context::no_tlsv1_1 | asio::ssl::context::single_dh_use);
    beast::error_code ec;
    tls->use_certificate_chain_file(options.tls_cert_file, ec);
    if (ec)
      return Fail(Error::InvalidConfig(
          fmt::format("web.tls_cert: {}: {}", options.tls_cert_file, ec.message())));
    tls->use_private_key_file(options.tls_key_file, asio::ssl::context::pem, ec);
    if (ec)
      return Fail(Error::InvalidConfig(
          fmt::format("web.tls_key: {}: {}", options.tls_key_file, ec.message())));
    return Ok();
  }
};

HttpServer::HttpServer(HttpServerOptions options, Router router, Metrics* metrics)
    : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
  impl_->router = std::move(router);
  impl_->metrics = metrics;
}

HttpServer::~HttpServer() { Stop(); }

Result<uint16_t> HttpServer::Start() {
  BELFRY_RETURN_IF_ERROR(impl_->LoadTls());
  beast::error_code ec;
  auto address = asio::ip::make_address(impl_->options.address, ec);
  if (ec) return Fail(Error::InvalidConfig(fmt::format("listen address {}: {}", impl_->options.address, ec.message())));
  tcp::endpoint endpoint(address, impl_->options.port);
  auto& a = impl_->acceptor;
  a.open(endpoint.protocol(), ec);
  if (!ec) a.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) a.bind(endpoint, ec);
  if (!ec) a.listen(asio::socket_base::max_listen_connections, ec);
  if (ec)
    return Fail(Error::Unavailable(fmt::format("cannot listen on {}:{}: {}", impl_->options.address,
                                               impl_->options.port, ec.message())));
  const uint16_t port = a.local_endpoint().port();
  if (impl_->metrics) {
    impl_->metrics->Describe("belfry_http_requests_total", "counter", "HTTP requests by status code.");
    impl_->metrics->DescribeHistogram(
        "belfry_http_request_seconds", "Time to answer an HTTP request, by area of the site.",
        {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5});
  }
  impl_->Accept();
  for (int i = 0; i < std::max(1, impl_->options.threads); ++i)
    impl_->threads.emplace_back([this] { impl_->io.run(); });
  return port;
}

void HttpServer::Stop() {
  if (!impl_ || impl_->threads.empty()) return;
  impl_->io.stop();
  for (auto& t : impl_->threads) t.join();
  impl_->threads.clear();
}

}  // namespace belfry
