#include "app/mail_commands.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "app/ingest_context.h"
#include "app/services.h"
#include "app/ticket_output.h"
#include "core/date_time.h"
#include "core/digest.h"
#include "core/json_object.h"
#include "notify/bounce_handler.h"
#include "ticket/mail_gateway.h"
#include "ticket/outbox_sender.h"

namespace belfry {
namespace {

namespace fs = std::filesystem;

constexpr int kExitTempFail = 75;  // EX_TEMPFAIL: the MTA keeps the mail and retries

// Events from the abuse reports a mail carried (ARF, X-ARF, XARF): stored through the ingest
// pipeline as IntelMQ events (feed "mail-gateway <format>") and linked to the ticket.
Status StoreAbuseReports(Services& s, int64_t ticket, const std::string& reporter,
                         const std::vector<AbuseReport>& reports) {
  std::string lines;
  std::vector<std::pair<std::string, std::string>> keys;  // (ip, feed) to find them again
  for (const auto& r : reports) {
    if (r.source_ip.empty() && r.url.empty()) continue;
    JsonObject o;
    std::string feed = "mail-gateway " + r.format;
    o.Str("feed.name", feed).Str("feed.provider", reporter.empty() ? "unknown" : reporter);
    std::string type = ClassifyAbuseReport(r);
    o.Str("classification.type", type.empty() ? "undetermined" : type);
    auto ip = IpAddress::Parse(r.source_ip);
    if (ip) o.Str("source.ip", ip->ToString());
    if (auto port = ParseInt64(r.source_port); port && *port > 0 && *port < 65536) o.Int("source.port", *port);
    if (!r.url.empty()) o.Str("source.url", r.url);
    if (!r.time.empty()) {
      if (auto t = ParseDateTimeMicros(r.time)) o.Str("time.source", FormatIsoUtc(*t));
    }
    o.Str("extra.ticket", std::to_string(ticket)).Str("extra.report_format", r.format);
    if (!r.type.empty()) o.Str("extra.report_type", r.type);
    lines += o.Done() + "\n";
    if (ip) keys.emplace_back(ip->ToString(), feed);
  }
  if (lines.empty()) return Ok();
  auto ingest = s.ingest();
  if (!ingest) return Fail(ingest.error());
  std::string path = (fs::path(s.data_dir()) / fmt::format(".abuse-reports-{}-{}.jsonl", ticket, getpid())).string();
  {
    std::ofstream out(path, std::ios::binary);
    out << lines;
    if (!out) return Fail(Error::Io("cannot write " + path));
  }
  IngestJob job;
  job.feed = "intelmq-json";
  job.files = {path};
  job.file_names = {fmt::format("ticket-{}-abuse-reports.jsonl", ticket)};
  auto summary = (*ingest)->Run(job);
  std::error_code ec;
  fs::remove(path, ec);
  if (!summary) return Fail(summary.error());
  auto events = s.events();
  if (!events) return Fail(events.error());
  std::vector<int64_t> ids;
  for (const auto& [ip, feed] : keys) {
    EventQuery q;
    q.ip = *IpAddress::Parse(ip);
    q.feed = feed;
    q.limit = 10;
    auto found = (*events)->Search(q);
    if (!found) return Fail(found.error());
    for (const auto& f : *found) ids.push_back(f.id);
  }
  auto tracker = s.tracker();
  if (!tracker) return Fail(tracker.error());
  return (*tracker)->Transaction([&]() -> Status {
    BELFRY_RETURN_IF_ERROR((*tracker)->store()->LinkEvents(ticket, ids));
    return (*tracker)->HistoryLocked(ticket, "mail", "link-events", "events", "",
                                     fmt::format("{} event(s) from {} abuse report(s)", ids.size(), reports.size()));
  });
}

}  // namespace

int RunLinkEvents(const TicketCli& cli, Services& s) {
  auto tracker = s.tracker();
  if (!tracker) return Report(tracker.error());
  auto t = (*tracker)->Get(cli.ids.front());
  if (!t) return Report(t.error());
  EventQuery q;
  if (!cli.ev_ip.empty()) {
    auto a = IpAddress::Parse(cli.ev_ip);
    if (!a) return Report(Error::InvalidInput(fmt::format("--ip: {}", a.error().message())));
    q.ip = *a;
  }
  if (!cli.ev_cidr.empty()) {
    auto n = IpNetwork::Parse(cli.ev_cidr);
    if (!n) return Report(Error::InvalidInput(fmt::format("--cidr: {}", n.error().message())));
    q.cidr = *n;
  }
  if (!q.ip && !q.cidr) return Report(Error::InvalidInput("link-events needs --ip or --cidr"));
  q.feed = cli.ev_feed;
  q.type = cli.ev_type;
  if (!cli.ev_since.empty()) {
    if (auto d = ParseDurationSeconds(cli.ev_since); d && cli.ev_since.find('-') == std::string::npos) {
      q.since_micros = s.clock().NowMicros() - *d * 1000000;
    } else {
      auto when = ParseDateTimeMicros(cli.ev_since);
      if (!when) return Report(Error::InvalidInput(fmt::format("--since: {}", when.error().message())));
      q.since_micros = *when;
    }
  }
  q.limit = cli.limit;
  if (auto st = s.RequireDatabase(); !st) return Report(st.error());
  auto events = s.event_reader();
  if (!events) return Report(events.error());
  auto found = (*events)->Search(q);
  if (!found) return Report(found.error());
  std::vector<int64_t> ids;
  for (const auto& f : *found) ids.push_back(f.id);
  Status st = (*tracker)->Transaction([&]() -> Status {
    BELFRY_RETURN_IF_ERROR((*tracker)->store()->LinkEvents(t->id, ids));
    return (*tracker)->HistoryLocked(t->id, Actor(), "link-events", "events", "",
                                     fmt::format("{} event(s)", ids.size()));
  });
  if (!st) return Report(st.error());
  fmt::print("{} event(s) linked to #{}\n", ids.size(), t->id);
  return kExitOk;
}

namespace {

// One gateway pass: mail in, tickets out, unreadable mail kept aside. Shared by
// `belfry mail-gateway` and `belfry run`'s watch of [mail] gateway_maildir.
class GatewayRunner {
 public:
  // `say`: print one line per message (the MTA-pipe form); `json`: one object per message.
  GatewayRunner(Services& s, Tracker* tracker, TicketMailer* mailer, bool say, bool json)
      : s_(s), gateway_(tracker, mailer), say_(say), json_(json) {
    failed_dir_ = s.config().tickets.mail.failed_dir.empty()
                      ? (fs::path(s.data_dir()) / "mail-failed").string()
                      : s.config().tickets.mail.failed_dir;
  }

  // kExitOk when the mail was taken or kept aside, kExitTempFail to try again later.
  int Take(const std::string& raw, const std::string& where) {
    if (static_cast<int64_t>(raw.size()) > s_.config().tickets.mail.max_message_bytes) {
      return KeepAside(raw, fmt::format("{}: {} bytes, above [mail] max_message_bytes", where,
                                        raw.size()));
    }
    if (auto bounced = BouncedNotification(raw)) {
      if (auto dsn = ParseDsn(raw)) return TakeNotificationBounce(*bounced, *dsn, where);
    }
    if (auto subscriber = BouncedSubscriber(raw)) {
      if (auto dsn = ParseDsn(raw)) return TakeNewsletterBounce(*subscriber, *dsn, where);
    }
    auto r = gateway_.Take(raw);
    if (!r) {
      const Error& e = r.error();
      if (e.code() == ErrorCode::kInvalidInput)
        return KeepAside(raw, fmt::format("{}: {}", where, e.message()));
      Problem(fmt::format("{}: {} (temporary: try again)", where, e.message()));
      ++deferred_;
      return kExitTempFail;
    }
    ++counts_[static_cast<int>(r->action)];
    if (!r->reports.empty() && r->ticket &&
        (r->action == GatewayAction::kNewReport || r->action == GatewayAction::kAdded ||
         r->action == GatewayAction::kGrouped)) {
      // The mail is taken; its events are a bonus that a store problem must not undo.
      Status st = StoreAbuseReports(s_, r->ticket, r->from, r->reports);
      if (!st) Problem(fmt::format("{}: abuse report events not stored: {}", where, st.error().message()));
    }
    if (json_) {
      fmt::print("{}\n", JsonObject()
                             .Str("source", where)
                             .Str("action", GatewayActionName(r->action))
                             .Raw("ticket", r->ticket ? std::to_string(r->ticket) : "null")
                             .StrOrNull("note", r->note)
                             .Int("abuse_reports", static_cast<int64_t>(r->reports.size()))
                             .Done());
    } else if (say_) {
      std::string line(GatewayActionName(r->action));
      if (r->ticket) line += " " + Tag(s_.config().tickets, r->ticket);
      if (!r->note.empty()) line += " (" + r->note + ")";
      fmt::print("{}\n", line);
    }
    return kExitOk;
  }

  // Every mail in DIR/new: taken ones move to cur/ (seen), ones to retry stay.
  Result<int> TakeMaildir(const std::string& maildir) {
    fs::path dir(maildir);
    std::error_code ec;
    fs::create_directories(dir / "cur", ec);
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(dir / "new", ec))
      if (e.is_regular_file() && e.path().filename().string()[0] != '.') files.push_back(e.path());
    if (ec) return Fail(Error::Io(fmt::format("cannot read {}/new: {}", maildir, ec.message())));
    std::sort(files.begin(), files.end());
    int rc = kExitOk;
    for (const auto& f : files) {
      std::ifstream in(f, std::ios::binary);
      if (!in) continue;  // taken by another gateway run meanwhile
      std::stringstream ss;
      ss << in.rdbuf();
      if (Take(ss.str(), f.string()) == kExitTempFail) {
        rc = kExitTempFail;
        continue;  // stays in new/ for the next run
      }
      fs::rename(f, dir / "cur" / (f.filename().string() + ":2,S"), ec);
    }
    return rc;
  }

  int taken() const {
    int n = 0;
    for (int c : counts_) n += c;
    return n + kept_;
  }
  std::string Summary() const {
    return fmt::format(
        "{} new report(s), {} added, {} grouped, {} duplicate(s), {} loop(s), {} automatic "
        "ignored, {} bounce(s), {} kept as unreadable, {} left for a retry",
        counts_[0], counts_[1], counts_[2], counts_[3], counts_[4], counts_[5], bounces_, kept_,
        deferred_);
  }

 private:
  // A delivery status notification for one of our notifications (its VERP address).
  int TakeNotificationBounce(int64_t notification, const DsnInfo& dsn, const std::string& where) {
    auto store = s_.notify_store();
    auto tracker = s_.tracker();
    auto events = s_.events();
    if (!store || !tracker || !events) {
      Problem(fmt::format("{}: bounce of notification {} not taken: {} (temporary: try again)",
                          where, notification,
                          (!store ? store.error() : !tracker ? tracker.error() : events.error()).message()));
      ++deferred_;
      return kExitTempFail;
    }
    auto r = TakeBounce(*store, *tracker, *events, notification, dsn, s_.clock().NowSeconds());
    if (!r) return BounceNotTaken(r.error(), where);
    ++bounces_;
    spdlog::info("mail-gateway: {}", r->note);
    if (json_) {
      fmt::print("{}\n", JsonObject()
                             .Str("source", where)
                             .Str("action", r->permanent ? "bounce" : "delay")
                             .Int("notification", notification)
                             .Raw("ticket", r->ticket ? std::to_string(r->ticket) : "null")
                             .Str("recipient", r->recipient)
                             .Int("events_returned", static_cast<int64_t>(r->events_returned))
                             .Str("note", r->note)
                             .Done());
    } else if (say_) {
      fmt::print("{} ({})\n", r->permanent ? "bounce" : "delay", r->note);
    }
    return kExitOk;
  }

  // A bounce for what no longer exists is ignored; any other problem is tried again later.
  int BounceNotTaken(const Error& e, const std::string& where) {
    if (e.IsNotFound()) {
      ++counts_[static_cast<int>(GatewayAction::kIgnored)];
      if (say_ || json_) fmt::print("ignored ({})\n", e.message());
      return kExitOk;
    }
    Problem(fmt::format("{}: {} (temporary: try again)", where, e.message()));
    ++deferred_;
    return kExitTempFail;
  }

  // A delivery status notification for a newsletter mail (bounces+news-<subscriber>@).
  int TakeNewsletterBounce(int64_t subscriber, const DsnInfo& dsn, const std::string& where) {
    auto desk = s_.newsletter();
    if (!desk) {
      Problem(fmt::format("{}: newsletter bounce not taken: {} (temporary: try again)", where,
                          desk.error().message()));
      ++deferred_;
      return kExitTempFail;
    }
    auto r = (*desk)->TakeBounce(subscriber, dsn.permanent(), dsn.Summary());
    if (!r) return BounceNotTaken(r.error(), where);
    ++bounces_;
    spdlog::info("mail-gateway: {}", r->note);
    if (json_) {
      fmt::print("{}\n", JsonObject()
                             .Str("source", where)
                             .Str("action", dsn.permanent() ? "newsletter-bounce" : "newsletter-delay")
                             .Int("subscriber", subscriber)
                             .Str("recipient", r->subscriber.email)
                             .Bool("suspended", r->suspended)
                             .Str("note", r->note)
                             .Done());
    } else if (say_) {
      fmt::print("{} ({})\n", dsn.permanent() ? "bounce" : "delay", r->note);
    }
    return kExitOk;
  }

  // A mail the gateway cannot take is kept, with the reason beside it, never lost.
  int KeepAside(const std::string& raw, const std::string& why) {
    std::error_code ec;
    fs::create_directories(failed_dir_, ec);
    std::string base = (fs::path(failed_dir_) / Sha256Hex(raw).substr(0, 24)).string();
    std::ofstream out(base + ".eml", std::ios::binary);
    out << raw;
    std::ofstream note(base + ".error");
    note << why << "\n";
    if (!out.good() || !note.good()) {
      Problem(fmt::format("{}; could not keep it in {} (temporary: try again)", why, failed_dir_));
      ++deferred_;
      return kExitTempFail;
    }
    Problem(fmt::format("{}; kept in {}", why, failed_dir_));
    ++kept_;
    return kExitOk;
  }
  void Problem(const std::string& what) {
    if (say_ || json_)
      fmt::print(stderr, "belfry: {}\n", what);
    else
      spdlog::warn("mail-gateway: {}", what);
  }

  Services& s_;
  MailGateway gateway_;
  bool say_, json_;
  std::string failed_dir_;
  int counts_[6] = {0};
  int kept_ = 0, deferred_ = 0, bounces_ = 0;
};

}  // namespace

int RunMailGateway(const TicketCli& cli, Services& s) {
  auto tracker = s.tracker();
  if (!tracker) {
    fmt::print(stderr, "belfry: {}\n", tracker.error().message());
    return kExitTempFail;
  }
  auto mailer = s.mailer();
  if (!mailer) return kExitTempFail;
  GatewayRunner runner(s, *tracker, *mailer, cli.maildir.empty(), s.common().json);
  int rc = kExitOk;
  if (cli.maildir.empty()) {
    std::stringstream ss;
    ss << std::cin.rdbuf();
    rc = runner.Take(ss.str(), "stdin");
  } else {
    auto r = runner.TakeMaildir(cli.maildir);
    if (!r) return Report(r.error());
    rc = *r;
    if (!s.common().json) fmt::print("mail-gateway: {}\n", runner.Summary());
  }
  DeliverOutboxNow(s, true);
  return rc;
}

void TakeGatewayMaildir(Services& s) {
  const std::string& dir = s.config().tickets.mail.gateway_maildir;
  if (dir.empty()) return;
  auto tracker = s.tracker();
  auto mailer = s.mailer();
  if (!tracker || !mailer) {
    spdlog::warn("mail-gateway: {}", (!tracker ? tracker.error() : mailer.error()).message());
    return;
  }
  GatewayRunner runner(s, *tracker, *mailer, false, false);
  auto r = runner.TakeMaildir(dir);
  if (!r) {
    spdlog::warn("mail-gateway: {}", r.error().message());
    return;
  }
  if (runner.taken()) spdlog::info("mail-gateway {}: {}", dir, runner.Summary());
}

int RunOutbox(const TicketCli& cli, Services& s) {
  auto store = s.tickets();
  if (!store) return Report(store.error());
  if (cli.outbox_send->parsed()) return DeliverOutboxNow(s, false, cli.all);
  if (cli.outbox_retry->parsed()) {
    if (cli.ids.empty()) return Report(Error::InvalidInput("which outbox mail?"));
    Status st = RetryRecipient(*store, cli.ids.front(), cli.recipient, s.clock().NowSeconds());
    if (!st) return Report(st.error());
    return DeliverOutboxNow(s);
  }
  auto mails = (*store)->ListMail(cli.state, cli.limit);
  if (!mails) return Report(mails.error());
  for (const auto& m : *mails) {
    if (s.common().json) {
      std::string rc = "[";
      for (const auto& r : m.recipients) {
        if (rc.size() > 1) rc += ", ";
        rc += JsonObject().Str("address", r.address).Str("state", r.state).Int("attempts", r.attempts)
                  .StrOrNull("next_attempt", r.state == "pending" ? Time(r.next_attempt) : "")
                  .StrOrNull("error", r.last_error).Done();
      }
      fmt::print("{}\n", JsonObject().Int("id", m.id).Int("ticket", m.ticket_id).Str("message_id", m.message_id)
                             .Str("state", m.state()).Str("created", Time(m.created)).Raw("recipients", rc + "]").Done());
      continue;
    }
    fmt::print("#{:<6} ticket #{:<6} {:<9} {}\n", m.id, m.ticket_id, m.state(), Time(m.created));
    for (const auto& r : m.recipients)
      fmt::print("         {:<36} {:<9} {} attempt(s){}\n", r.address, r.state, r.attempts,
                 r.last_error.empty() ? "" : ": " + r.last_error);
  }
  return kExitOk;
}

}  // namespace belfry
