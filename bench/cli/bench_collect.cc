#include "bench/cli/bench_collect.h"

#include <archive.h>
#include <archive_entry.h>
#include <fmt/format.h>
#include <signal.h>
#include <sodium.h>
#include <spawn.h>
#include <sys/wait.h>
#include <zlib.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "app/cli_common.h"
#include "app/collect_wiring.h"
#include "bench/cli/bench_ingest.h"
#include "bench/cli/process.h"
#include "core/json_object.h"
#include "core/text.h"

extern char** environ;

namespace belfry {
namespace {
namespace fs = std::filesystem;

constexpr const char* kReportName = "2026-11-21-scan_http-benchland-geo.csv";

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Status WriteGzip(const std::string& from, const std::string& to) {
  std::string data = ReadAll(from);
  gzFile gz = gzopen(to.c_str(), "wb6");
  if (!gz) return Fail(Error::Io("cannot write " + to));
  int n = gzwrite(gz, data.data(), static_cast<unsigned>(data.size()));
  gzclose(gz);
  if (n != static_cast<int>(data.size())) return Fail(Error::Io("cannot write " + to));
  return Ok();
}

Status WriteZip(const std::string& from, const std::string& name, const std::string& to) {
  std::string data = ReadAll(from);
  struct archive* a = archive_write_new();
  archive_write_set_format_zip(a);
  if (archive_write_open_filename(a, to.c_str()) != ARCHIVE_OK) {
    archive_write_free(a);
    return Fail(Error::Io("cannot write " + to));
  }
  struct archive_entry* e = archive_entry_new();
  archive_entry_set_pathname(e, name.c_str());
  archive_entry_set_size(e, static_cast<la_int64_t>(data.size()));
  archive_entry_set_filetype(e, AE_IFREG);
  archive_entry_set_perm(e, 0644);
  archive_write_header(a, e);
  archive_write_data(a, data.data(), data.size());
  archive_entry_free(e);
  archive_write_close(a);
  archive_write_free(a);
  return Ok();
}

// A report mail as Shadowserver sends one: text part, then the zipped report in base64.
Status WriteReportMail(const std::string& zip, const std::string& to) {
  std::string data = ReadAll(zip);
  std::string b64(sodium_base64_ENCODED_LEN(data.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(b64.data(), b64.size(), reinterpret_cast<const unsigned char*>(data.data()),
                    data.size(), sodium_base64_VARIANT_ORIGINAL);
  b64.resize(std::strlen(b64.c_str()));
  std::ofstream out(to, std::ios::binary);
  out << "From: autoreports@shadowserver.example\r\nTo: reports@cert.example.be\r\n"
         "Subject: [benchland] Shadowserver benchland Accessible-HTTP Report: 2026-11-21\r\n"
         "Message-ID: <bench@shadowserver.example>\r\nMIME-Version: 1.0\r\n"
         "Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n--b1\r\n"
         "Content-Type: text/plain\r\n\r\nAttached is today's report.\r\n--b1\r\n"
         "Content-Type: application/zip; name=\""
      << kReportName << ".zip\"\r\nContent-Transfer-Encoding: base64\r\n"
      << "Content-Disposition: attachment; filename=\"" << kReportName << ".zip\"\r\n\r\n";
  for (size_t i = 0; i < b64.size(); i += 76) out << b64.substr(i, 76) << "\r\n";
  out << "--b1--\r\n";
  return out ? Ok() : Fail(Error::Io("cannot write " + to));
}

struct Measured {
  std::string variant;
  double seconds = 0;
  uint64_t events = 0;
  std::string error;
};

Measured Collect(const Config& base, const std::string& variant, const std::string& work,
                 const std::string& source, const std::function<Status()>& deliver) {
  Measured m{variant, 0, 0, ""};
  std::string dir = work + "/" + variant;
  fs::remove_all(dir);
  fs::create_directories(dir);
  Config config = base;
  config.store.path = dir + "/belfry.db";
  config.enrich.routing = false;
  FeedConfig feed;
  feed.name = "bench";
  feed.parser = "shadowserver";
  config.feeds = {feed};
  if (!source.empty()) {
    auto parsed = ParseConfig(fmt::format("[[feeds]]\nname = \"bench\"\nparser = "
                                          "\"shadowserver\"\nsource = \"{}\"\n",
                                          source),
                              "bench");
    if (!parsed) {
      m.error = parsed.error().message();
      return m;
    }
    config.feeds = parsed->feeds;
  }
  if (auto s = deliver(); !s) {
    m.error = s.error().message();
    return m;
  }
  Common common;
  auto services = Services::Create(config, common);
  auto w = WireCollector(*services);
  if (!w) {
    m.error = w.error().message();
    return m;
  }
  auto t0 = std::chrono::steady_clock::now();
  if (source.empty()) {
    IngestJob job;
    job.feed = "bench";
    job.files = {work + "/" + kReportName};
    auto r = (*w)->ingest->Run(job);
    if (!r)
      m.error = r.error().message();
    else
      m.events = r->stored;
  } else {
    FeedRunResult r = (*w)->collector->RunFeed(config.feeds[0], nullptr);
    if (!r.ok) m.error = r.error;
    m.events = r.events;
  }
  m.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return m;
}

}  // namespace

int RunBenchCollect(const Config& base, const BenchCollectOptions& opt) {
  std::string work = opt.dir;
  bool temporary = work.empty();
  if (temporary) {
    char tmpl[] = "/tmp/belfry-bench-collect-XXXXXX";
    if (!mkdtemp(tmpl)) return Report(Error::Io("cannot create a temporary directory"));
    work = tmpl;
  }
  fs::create_directories(work);
  const std::string csv = work + "/" + kReportName;
  fmt::print(stderr, "bench collect: writing {} rows to {}\n", opt.rows, csv);
  if (auto s = WriteSampleScanReport(csv, opt.rows); !s) return Report(s.error());
  const double mb = static_cast<double>(fs::file_size(csv)) / 1e6;
  if (auto s = WriteGzip(csv, work + "/report.csv.gz"); !s) return Report(s.error());
  if (auto s = WriteZip(csv, kReportName, work + "/report.zip"); !s) return Report(s.error());
  if (auto s = WriteReportMail(work + "/report.zip", work + "/report.eml"); !s)
    return Report(s.error());

  std::vector<Measured> results;
  results.push_back(Collect(base, "ingest", work, "", [] { return Ok(); }));
  auto drop = [&](const std::string& from, const std::string& name) {
    return [&, from, name]() -> Status {
      fs::create_directories(work + "/inbox");
      for (const auto& e : fs::directory_iterator(work + "/inbox"))
        if (e.is_regular_file()) fs::remove(e.path());
      std::error_code ec;
      fs::copy_file(from, work + "/inbox/" + name, ec);
      return ec ? Fail(Error::Io(ec.message())) : Ok();
    };
  };
  results.push_back(Collect(base, "dir", work, "dir:" + work + "/inbox", drop(csv, kReportName)));
  results.push_back(Collect(base, "dir-gzip", work, "dir:" + work + "/inbox",
                            drop(work + "/report.csv.gz", std::string(kReportName) + ".gz")));
  results.push_back(
      Collect(base, "maildir-zip", work, "maildir:" + work + "/mail", [&]() -> Status {
        fs::remove_all(work + "/mail");
        for (const char* sub : {"new", "cur", "tmp"}) fs::create_directories(work + "/mail/" + sub);
        std::error_code ec;
        fs::copy_file(work + "/report.eml", work + "/mail/new/1795334400.M1P1.bench", ec);
        return ec ? Fail(Error::Io(ec.message())) : Ok();
      }));
  pid_t server = 0;
  if (!opt.server_script.empty() && fs::exists(opt.server_script)) {
    fs::create_directories(work + "/www");
    fs::copy_file(work + "/report.csv.gz", work + "/www/" + std::string(kReportName) + ".gz",
                  fs::copy_options::overwrite_existing);
    std::string files = work + "/www", port_file = work + "/port";
    fs::remove(port_file);
    auto started =
        StartProcess({"python3", opt.server_script, "--files", files, "--port-file", port_file});
    if (started) {
      server = *started;
      for (int i = 0; i < 100 && !fs::exists(port_file); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      std::string port = ReadAll(port_file);
      results.push_back(Collect(base, "http-gzip", work,
                                fmt::format("http://127.0.0.1:{}/files/{}.gz", port, kReportName),
                                [] { return Ok(); }));
      StopProcess(server);
    }
  }
  const double base_rate = results[0].seconds > 0 ? results[0].events / results[0].seconds : 0;
  if (opt.json) {
    std::string variants = "[";
    for (const auto& r : results) {
      double rate = r.seconds > 0 ? r.events / r.seconds : 0;
      if (variants.size() > 1) variants += ", ";
      variants += JsonObject()
                      .Str("variant", r.variant)
                      .Raw("seconds", fmt::format("{:.3f}", r.seconds))
                      .Int("events", static_cast<int64_t>(r.events))
                      .Raw("events_per_second", fmt::format("{:.0f}", rate))
                      .Raw("ratio", fmt::format("{:.3f}", base_rate > 0 ? rate / base_rate : 0))
                      .StrOrNull("error", r.error)
                      .Done();
    }
    fmt::print("{}\n", JsonObject()
                           .Int("rows", static_cast<int64_t>(opt.rows))
                           .Raw("megabytes", fmt::format("{:.1f}", mb))
                           .Raw("variants", variants + "]")
                           .Done());
  } else {
    fmt::print("bench collect: {} rows ({:.1f} MB), one report per variant\n", Thousands(opt.rows),
               mb);
    fmt::print("{:<12} {:>9} {:>12} {:>14} {:>8}\n", "variant", "seconds", "events", "events/s",
               "ratio");
    for (const auto& r : results) {
      double rate = r.seconds > 0 ? r.events / r.seconds : 0;
      fmt::print("{:<12} {:>9.3f} {:>12} {:>14} {:>8.3f}{}\n", r.variant, r.seconds,
                 Thousands(r.events), Thousands(static_cast<uint64_t>(rate)),
                 base_rate > 0 ? rate / base_rate : 0.0, r.error.empty() ? "" : "  " + r.error);
    }
  }
  if (temporary) fs::remove_all(work);
  for (const auto& r : results)
    if (!r.error.empty()) return kExitFailure;
  return kExitOk;
}

}  // namespace belfry
