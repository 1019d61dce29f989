#include "app/web_service.h"

#include <simdjson.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <mutex>

#include "api/api_context.h"
#include "api/api_routes.h"
#include "api/api_newsletter.h"
#include "api/api_site.h"
#include "api/dashboard.h"
#include "app/collect_commands.h"
#include "app/services.h"
#include "app/ticket_output.h"
#include "core/date_time.h"
#include "core/json_object.h"
#include "model/event_json.h"
#include "model/field_registry.h"
#include "web/http_server.h"
#include "web/self_check.h"
#include "web/static_files.h"

namespace belfry {

namespace {

// The console's files: [web] assets_dir, else web/ beside the executable (the build puts
// the bundle in build/web), else share/belfry/web of an installation.
std::string AssetsDir(const WebConfig& cfg) {
  if (!cfg.assets_dir.empty()) return cfg.assets_dir;
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return "";
  for (auto dir : {exe.parent_path() / "web", exe.parent_path().parent_path() / "share/belfry/web"})
    if (std::filesystem::exists(dir / "index.html", ec)) return dir.string();
  return "";
}

struct Indexes {
  std::shared_ptr<const CheckIndex> check;
  std::shared_ptr<const std::string> dashboard;
};

// One scan of the recent events feeds both the self-check (addresses of the configured
// classifications in the last check_days) and the dashboard (every event of dashboard_days).
Result<Indexes> BuildIndexes(Services& s, const std::atomic<bool>& stopping) {
  auto events = s.event_reader();
  if (!events) return Fail(events.error());
  const WebConfig& cfg = s.config().web;
  const int64_t now = s.clock().NowMicros();
  const int64_t today = now / 1000000 / 86400;
  const int64_t check_since = now - cfg.check_days * 86400 * 1000000;
  auto holder = s.constituency();
  std::shared_ptr<const ConstituencyIndex> index;
  if (holder) index = (*holder)->Current();
  DashboardBuilder dash(
      today - cfg.dashboard_days + 1, cfg.dashboard_days,
      [index](std::string_view handle) -> std::optional<DashboardBuilder::OrgInfo> {
        if (!index) return std::nullopt;
        auto o = index->Organisation(handle);
        if (!o) return std::nullopt;
        return DashboardBuilder::OrgInfo{o->name, o->sector};
      },
      cfg.annotations);
  auto check = std::make_shared<CheckIndex>();
  EventQuery q;
  q.since_micros = std::min(check_since, (today - cfg.dashboard_days + 1) * 86400 * 1000000);
  q.limit = std::numeric_limits<int64_t>::max();
  q.unordered = true;
  q.text = false;
  q.extras = false;  // the check and the dashboard read no extra.* field
  auto st = (*events)->Scan(q, [&](FoundEvent& f) -> Status {
    if (stopping.load(std::memory_order_relaxed)) return Fail(Error::Unavailable("stopping"));
    const Event* e = &f.event;
    const std::string_view type = e->Get(fields::kClassificationType).value_or("");
    const std::string_view ip = e->Get(fields::kSourceIp).value_or("");
    const std::string_view malware = e->Get(fields::kMalwareName).value_or("");
    const int64_t ts = f.ts.value_or(now);
    dash.Add(ts / 1000000 / 86400, type, f.route, ip, malware);
    if (ts < check_since || ip.empty()) return Ok();
    bool wanted = false;
    for (const auto& c : cfg.check_classifications) wanted = wanted || c == type;
    if (!wanted) return Ok();
    auto addr = IpAddress::Parse(ip);
    if (!addr) return Ok();
    CheckFinding finding;
    finding.classification = std::string(type);
    finding.malware = std::string(malware);
    finding.last_seen = ts / 1000000;
    check->Add(*addr, std::move(finding));
    return Ok();
  });
  if (!st) return Fail(st.error());
  return Indexes{std::move(check), std::make_shared<const std::string>(dash.Json())};
}

}  // namespace

struct WebService::Impl {
  const Config& config;
  std::unique_ptr<Services> api_services;    // the requests' connections
  std::unique_ptr<Services> build_services;  // the index builder's
  std::unique_ptr<SelfCheck> check;
  std::unique_ptr<ApiContext> api;
  StaticFiles files;
  std::unique_ptr<HttpServer> server;
  std::string address;
  uint16_t port = 0;
  size_t addresses = 0;
  std::thread builder;
  std::mutex mu;
  std::condition_variable cv;
  bool stop = false;
  std::atomic<bool> stopping{false};  // ends a rebuild under way at once

  explicit Impl(const Config& c) : config(c) {}

  Status Rebuild() {
    auto fresh = BuildIndexes(*build_services, stopping);
    if (!fresh) return Fail(fresh.error());
    addresses = fresh->check->size();
    check->SetIndex(fresh->check);
    api->SetDashboard(fresh->dashboard);
    return Ok();
  }

  // Rebuilds when events were stored (or the day turned), checked every check_refresh.
  void BuildLoop() {
    uint64_t seen_events = 0;
    int64_t seen_day = 0;
    if (auto st = build_services->event_reader(); st) {
      if (auto stats = (*st)->Stats()) seen_events = stats->events;
    }
    seen_day = build_services->clock().NowSeconds() / 86400;
    std::unique_lock lock(mu);
    while (!stop) {
      cv.wait_for(lock, std::chrono::seconds(config.web.check_refresh));
      if (stop) break;
      lock.unlock();
      {
        // The request side's routing index follows imports too.
        std::lock_guard store(api->store_mu);
        if (auto h = api_services->constituency(); h) (void)(*h)->Refresh();
      }
      auto reader = build_services->event_reader();
      uint64_t events = seen_events;
      if (reader) {
        if (auto stats = (*reader)->Stats()) events = stats->events;
      }
      const int64_t day = build_services->clock().NowSeconds() / 86400;
      if (events != seen_events || day != seen_day) {
        if (auto st = Rebuild(); !st && !stopping) {
          spdlog::warn("web: the self-check and dashboard were not rebuilt: {}", st.error().message());
        } else {
          seen_events = events;
          seen_day = day;
        }
      }
      lock.lock();
    }
  }
};

WebService::WebService(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

WebService::~WebService() {
  impl_->stopping = true;
  {
    std::lock_guard lock(impl_->mu);
    impl_->stop = true;
  }
  impl_->cv.notify_all();
  if (impl_->builder.joinable()) impl_->builder.join();
  if (impl_->server) impl_->server->Stop();
}

uint16_t WebService::port() const { return impl_->port; }
const std::string& WebService::address() const { return impl_->address; }
size_t WebService::check_addresses() const { return impl_->addresses; }

Result<std::unique_ptr<WebService>> WebService::Start(const Config& config, const Common& common,
                                                      const std::string& listen_text,
                                                      Metrics* shared_metrics) {
  const WebConfig& cfg = config.web;
  auto listen = ParseListen(listen_text.empty() ? cfg.listen : listen_text);
  if (!listen) return Fail(listen.error());
  auto impl = std::make_unique<Impl>(config);
  impl->api_services = Services::Create(config, common);
  impl->build_services = Services::Create(config, common);
  Services& s = *impl->api_services;
  BELFRY_RETURN_IF_ERROR(s.RequireDatabase());
  ApiWorld w;
  auto events = s.event_reader();
  if (!events) return Fail(events.error());
  auto tracker = s.tracker();
  if (!tracker) return Fail(tracker.error());
  auto mailer = s.mailer();
  if (!mailer) return Fail(mailer.error());
  auto notify = s.notify_store();
  if (!notify) return Fail(notify.error());
  auto users = s.users();
  if (!users) return Fail(users.error());
  auto holder = s.constituency();
  if (!holder) return Fail(holder.error());
  auto cstore = s.constituency_store();
  if (!cstore) return Fail(cstore.error());
  w.events = *events;
  w.tracker = *tracker;
  w.mailer = *mailer;
  w.notify = *notify;
  w.users = *users;
  w.constituency = *holder;
  w.constituency_store = *cstore;
  w.clock = &s.clock();
  Metrics* metrics = shared_metrics ? shared_metrics : &s.metrics();
  w.metrics = metrics;
  w.web = &config.web;
  w.stale_after_seconds = config.time_sanity.stale_after_seconds;
  w.site_dir = s.site_dir();
  auto desk = s.advisory_desk();
  if (!desk) return Fail(desk.error());
  auto advisory_store = s.advisories();
  if (!advisory_store) return Fail(advisory_store.error());
  w.advisories = *desk;
  w.advisory_store = *advisory_store;
  auto newsletter = s.newsletter();
  if (!newsletter) return Fail(newsletter.error());
  auto newsletter_store = s.newsletter_store();
  if (!newsletter_store) return Fail(newsletter_store.error());
  w.newsletter = *newsletter;
  auto tickets = s.tickets();
  if (!tickets) return Fail(tickets.error());
  w.products = dynamic_cast<ProductStore*>(*tickets);
  w.newsletter_store = *newsletter_store;
  w.team = {config.team.name, config.tickets.mail.from, config.team.website};
  Services* sp = &s;
  w.feeds_json = [sp] {
    auto j = FeedsStatusJson(*sp);
    return j ? *j : std::string("{\"feeds\": []}");
  };
  w.deliver_mail = [sp] { DeliverQueuedMail(*sp); };
  // The embedded pipeline has no queues between processes: its status is what is stored
  // and what waits in the outbox.
  w.pipeline_json = [sp]() -> std::string {
    JsonObject o;
    o.Str("broker", "inproc");
    if (auto ev = sp->event_reader(); ev) {
      if (auto st = (*ev)->Stats(); st)
        o.Int("events", static_cast<int64_t>(st->events))
            .Int("reports", static_cast<int64_t>(st->reports))
            .Int("segments", static_cast<int64_t>(st->segments));
    }
    if (auto t = sp->tickets(); t) {
      if (auto pending = (*t)->ListMail("pending", 1000000); pending)
        o.Int("outbox_pending", static_cast<int64_t>(pending->size()));
    }
    return o.Done();
  };
  impl->api = std::make_unique<ApiContext>(std::move(w));
  impl->check = std::make_unique<SelfCheck>(metrics, cfg.check_days);
  BELFRY_RETURN_IF_ERROR(impl->Rebuild());
  auto files = StaticFiles::Load(AssetsDir(cfg));
  if (!files) return Fail(files.error());
  impl->files = std::move(*files);
  if (impl->files.empty())
    spdlog::warn("web: the console was not built (./belfry.sh build); the API and /check serve");

  Router router;
  ApiContext* api = impl->api.get();
  router.Add("GET", "/healthz", [](const WebRequest&) {
    WebResponse r;
    r.body = "ok\n";
    return r;
  });
  metrics->Describe("belfry_events_stored", "gauge", "Events in the store.");
  metrics->Describe("belfry_outbox_pending", "gauge", "Mails in the outbox not yet sent.");
  router.Add("GET", "/metrics", [metrics, api](const WebRequest&) {
    // What the store holds now, read at scrape time (the pipeline's status).
    std::string status;
    {
      std::lock_guard lock(api->store_mu);
      status = api->w.pipeline_json();
    }
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    int64_t v = 0;
    if (parser.parse(status).get(doc) == simdjson::SUCCESS) {
      if (doc["events"].get_int64().get(v) == simdjson::SUCCESS)
        metrics->Set("belfry_events_stored", "", static_cast<double>(v));
      if (doc["outbox_pending"].get_int64().get(v) == simdjson::SUCCESS)
        metrics->Set("belfry_outbox_pending", "", static_cast<double>(v));
    }
    WebResponse r;
    r.content_type = "text/plain; version=0.0.4; charset=utf-8";
    r.body = metrics->RenderPrometheus();
    return r;
  });
  SelfCheck* check = impl->check.get();
  router.Add("GET", "/check", [check](const WebRequest& r) { return check->Html(r); });
  router.Add("GET", "/check.json", [check](const WebRequest& r) { return check->Json(r); });
  AddApiRoutes(&router, impl->api.get());
  AddSiteRoutes(&router, impl->api.get());
  AddNewsletterRoutes(&router, impl->api.get());
  const StaticFiles* static_files = &impl->files;
  router.Add("GET", "/", [static_files](const WebRequest& r) {
    if (static_files->empty()) {
      WebResponse resp;
      resp.body = "The console was not built: run ./belfry.sh build (npm and esbuild).\n";
      return resp;
    }
    return static_files->Serve("index.html", r);
  });
  router.Add("GET", "/assets/{*path}", [static_files](const WebRequest& r) {
    return static_files->Serve("assets/" + r.params.at("path"), r);
  });

  HttpServerOptions options;
  options.address = listen->first;
  options.port = listen->second;
  options.threads = static_cast<int>(cfg.threads);
  options.trusted_proxies = cfg.trusted_proxies;
  options.tls_cert_file = cfg.tls_cert;
  options.tls_key_file = cfg.tls_key;
  impl->server = std::make_unique<HttpServer>(options, std::move(router), metrics);
  auto port = impl->server->Start();
  if (!port) return Fail(port.error());
  impl->port = *port;
  impl->address = listen->first;
  Impl* raw = impl.get();
  impl->builder = std::thread([raw] { raw->BuildLoop(); });
  return std::unique_ptr<WebService>(new WebService(std::move(impl)));
}

std::unique_ptr<WebService> StartWebInRun(const Config& config, const Common& common,
                                          Metrics* metrics) {
  if (!config.web.enabled) return nullptr;
  auto web = WebService::Start(config, common, "", metrics);
  if (!web) {
    spdlog::warn("run: the web server did not start (the run goes on without it): {}",
                 web.error().message());
    return nullptr;
  }
  spdlog::info("run: console, API and self-check on {}://{}:{}",
               config.web.tls_cert.empty() ? "http" : "https", (*web)->address(), (*web)->port());
  return std::move(*web);
}

}  // namespace belfry
