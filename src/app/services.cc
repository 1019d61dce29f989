#include "app/services.h"

#include <cstdlib>
#include "core/date_time.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <filesystem>

#include "app/ingest_context.h"
#include "app/vuln_commands.h"
#include "store/backends/sqlite/sqlite_constituency_store.h"
#include "store/backends/sqlite/sqlite_event_store.h"
#include "store/backends/sqlite/sqlite_report_ledger.h"
#include "store/backends/sqlite/sqlite_ticket_store.h"

namespace belfry {

std::unique_ptr<Services> Services::Create(const Config& config, const Common& common) {
  return std::unique_ptr<Services>(new Services(config, common));
}

namespace {

// BELFRY_TEST_NOW=2026-12-06T09:00:00Z moves the clock there (tests only).
std::unique_ptr<Clock> MakeClock() {
  const char* env = std::getenv("BELFRY_TEST_NOW");
  if (env && *env) {
    if (auto t = ParseDateTimeMicros(env)) return std::make_unique<OffsetClock>(*t - SystemClock().NowMicros());
    spdlog::warn("BELFRY_TEST_NOW={} is not a time: ignored", env);
  }
  return std::make_unique<SystemClock>();
}

}  // namespace

Services::Services(const Config& config, const Common& common)
    : config_(config), common_(common), db_path_(StorePath(config, common)), clock_(MakeClock()) {}

Services::~Services() {
  ingest_.reset();
  if (holder_) holder_->StopWatching();
}

Status Services::RequireDatabase() const {
  if (!std::filesystem::exists(db_path_))
    return Fail(Error::NotFound(fmt::format("no database at {}", db_path_)));
  return Ok();
}

Result<EventStore*> Services::events() {
  if (!events_) {
    auto store = SqliteEventStore::Open(db_path_, config_.store.max_segments);
    if (!store) return Fail(store.error());
    events_ = std::move(*store);
  }
  return events_.get();
}

Result<EventStore*> Services::event_reader() {
  if (events_) return events_.get();
  if (!reader_) {
    auto store = SqliteEventStore::OpenReader(db_path_);
    // An older schema is upgraded first, by opening the store as a writer.
    if (!store && store.error().code() == ErrorCode::kUnavailable) return events();
    if (!store) return Fail(store.error());
    reader_ = std::move(*store);
  }
  return reader_.get();
}

Result<ConstituencyStore*> Services::constituency_store() {
  if (!constituency_store_) {
    auto store = SqliteConstituencyStore::Open(db_path_);
    if (!store) return Fail(store.error());
    constituency_store_ = std::move(*store);
  }
  return constituency_store_.get();
}

Result<ConstituencyHolder*> Services::constituency() {
  if (!holder_) {
    auto store = constituency_store();
    if (!store) return Fail(store.error());
    if (!config_.constituency.HasScope() && config_.enrich.routing)
      spdlog::warn("routing: {}", kNoScopeNote);
    auto holder = std::make_unique<ConstituencyHolder>(*store, config_.constituency);
    if (auto loaded = holder->Refresh(); !loaded) return Fail(loaded.error());
    // A constituency import during a long ingest (or a long `belfry run`) is picked up at
    // the next batch.
    holder->StartWatching(std::chrono::seconds(10), [](const Error& e) {
      spdlog::warn("constituency index not rebuilt: {}; the previous one stays in use",
                   e.message());
    });
    holder_ = std::move(holder);
  }
  return holder_.get();
}

Result<ReportLedger*> Services::ledger() {
  if (!ledger_) {
    auto ledger = SqliteReportLedger::Open(db_path_);
    if (!ledger) return Fail(ledger.error());
    ledger_ = std::move(*ledger);
  }
  return ledger_.get();
}

Result<std::shared_ptr<ShadowserverSchemaSource>> Services::shadowserver_schema() {
  if (!schema_) {
    auto schema = ShadowserverSchemaSource::Create(config_.shadowserver_schema);
    if (!schema) return Fail(schema.error());
    schema_ = *schema;
  }
  return schema_;
}

Result<IngestContext*> Services::ingest() {
  if (!ingest_) {
    auto ctx = IngestContext::Open(*this);
    if (!ctx) return Fail(ctx.error());
    ingest_ = std::move(*ctx);
  }
  return ingest_.get();
}

Result<TicketStore*> Services::tickets() {
  if (!tickets_) {
    // The first command of a new installation may be a tracker's (ticket new, advisory new).
    std::error_code ec;
    const auto dir = std::filesystem::path(db_path_).parent_path();
    if (!dir.empty()) std::filesystem::create_directories(dir, ec);
    auto store = SqliteTicketStore::Open(db_path_);
    if (!store) return Fail(store.error());
    tickets_ = std::move(*store);
  }
  return tickets_.get();
}

Result<Tracker*> Services::tracker() {
  if (!tracker_) {
    auto store = tickets();
    if (!store) return Fail(store.error());
    auto cal = BusinessCalendar::Create(config_.tickets.sla.hours);
    if (!cal) return Fail(cal.error());
    calendar_.emplace(std::move(*cal));
    // Triage asks the constituency about an organisation's sector and NIS2 class.
    OrgFactsFn facts = [this](const std::string& handle) -> std::optional<OrgFacts> {
      if (!org_facts_loaded_) {
        org_facts_loaded_ = true;
        auto cs = constituency_store();
        if (cs) {
          (void)(*cs)->ForEachOrganisation([&](const OrganisationRecord& o) {
            org_facts_[o.handle] = OrgFacts{o.name, o.sector, o.entity_class};
          });
        }
      }
      auto it = org_facts_.find(handle);
      if (it == org_facts_.end()) return std::nullopt;
      return it->second;
    };
    tracker_ = std::make_unique<Tracker>(*store, config_.tickets, *calendar_, *clock_, facts);
  }
  return tracker_.get();
}

Result<NotifyStore*> Services::notify_store() {
  auto store = tickets();
  if (!store) return Fail(store.error());
  auto* notify = dynamic_cast<NotifyStore*>(*store);
  if (!notify) return Fail(Error::Internal("the tracker's store keeps no notifications"));
  return notify;
}

Result<UserStore*> Services::users() {
  auto store = tickets();
  if (!store) return Fail(store.error());
  auto* users = dynamic_cast<UserStore*>(*store);
  if (!users) return Fail(Error::Internal("the tracker's store keeps no accounts"));
  return users;
}

Result<TicketMailer*> Services::mailer() {
  if (!mailer_) {
    auto t = tracker();
    if (!t) return Fail(t.error());
    templates_ = std::make_unique<MailTemplates>(config_.tickets.mail.templates_dir);
    mailer_ = std::make_unique<TicketMailer>(*t, *templates_);
  }
  return mailer_.get();
}

Result<AdvisoryStore*> Services::advisories() {
  auto store = tickets();
  if (!store) return Fail(store.error());
  auto* advisories = dynamic_cast<AdvisoryStore*>(*store);
  if (!advisories) return Fail(Error::Internal("the tracker's store keeps no advisories"));
  return advisories;
}

Result<NewsletterStore*> Services::newsletter_store() {
  auto store = tickets();
  if (!store) return Fail(store.error());
  auto* news = dynamic_cast<NewsletterStore*>(*store);
  if (!news) return Fail(Error::Internal("the tracker's store keeps no newsletter"));
  return news;
}

Result<NewsletterDesk*> Services::newsletter() {
  if (!newsletter_) {
    auto store = newsletter_store();
    if (!store) return Fail(store.error());
    auto advisories = this->advisories();
    if (!advisories) return Fail(advisories.error());
    auto mailer = this->mailer();  // the templates
    if (!mailer) return Fail(mailer.error());
    NewsletterDeps d;
    d.store = *store;
    d.outbox = *tickets();
    d.advisories = *advisories;
    d.templates = &(*mailer)->templates();
    d.config = &config_.newsletter;
    d.team = &config_.team;
    d.publish = &config_.publish;
    d.mail = &config_.tickets.mail;
    d.clock = clock_.get();
    d.site_dir = site_dir();
    d.engine_version = BELFRY_VERSION;
    newsletter_ = std::make_unique<NewsletterDesk>(std::move(d));
  }
  return newsletter_.get();
}

std::string Services::site_dir() const {
  const auto& configured = config_.publish.site_dir;
  return configured.empty() ? (std::filesystem::path(data_dir()) / "site").string() : configured;
}

Result<SiteWriter*> Services::site() {
  if (!site_) {
    auto store = advisories();
    if (!store) return Fail(store.error());
    SiteSigning signing;
    const std::string& key = config_.notify.signing_key;
    if (config_.publish.sign && !key.empty()) {
      auto pgp = OpenPgp::Open(config_.notify.gnupg_home, key);
      if (!pgp) return Fail(pgp.error());
      site_pgp_ = std::move(*pgp);
      signing.fingerprint = site_pgp_->signer_fingerprint();
      auto public_key = site_pgp_->ExportPublicKey(signing.fingerprint);
      if (!public_key) return Fail(public_key.error());
      signing.public_key = std::move(*public_key);
      OpenPgp* pgp_ptr = site_pgp_.get();
      signing.sign = [pgp_ptr](std::string_view doc) -> Result<std::string> {
        auto sig = pgp_ptr->SignDetached(doc);
        if (!sig) return Fail(sig.error());
        return std::move(sig->armored);
      };
      signing.clear_sign = [pgp_ptr](std::string_view text) { return pgp_ptr->ClearSign(text); };
    }
    SiteInfo info{&config_.team, &config_.publish, clock_->NowSeconds(), BELFRY_VERSION};
    site_ = std::make_unique<SiteWriter>(*store, info, site_dir(), std::move(signing), *clock_);
  }
  return site_.get();
}

Result<AdvisoryDesk*> Services::advisory_desk() {
  if (!desk_) {
    auto store = advisories();
    if (!store) return Fail(store.error());
    desk_ = std::make_unique<AdvisoryDesk>(*store, config_.publish, config_.team, *clock_,
                                           [this](const Advisory& a) -> Status {
                                             auto site = this->site();
                                             if (!site) return Fail(site.error());
                                             BELFRY_RETURN_IF_ERROR((*site)->Update(a));
                                             OnAdvisoryPublished(*this, a);
                                             return Ok();
                                           },
                                           [this](const Advisory& a) -> Status {
                                             auto site = this->site();
                                             if (!site) return Fail(site.error());
                                             return (*site)->Check(a);
                                           });
  }
  return desk_.get();
}

std::string Services::data_dir() const {
  auto parent = std::filesystem::path(db_path_).parent_path();
  return parent.empty() ? "." : parent.string();
}

std::string Services::outbox_dir() const {
  const auto& configured = config_.tickets.mail.outbox_maildir;
  return configured.empty() ? (std::filesystem::path(data_dir()) / "outbox").string() : configured;
}

Result<MailTransport*> Services::transport() {
  if (!transport_) {
    const MailConfig& m = config_.tickets.mail;
    std::string url = common_.smtp.empty() ? m.smtp_url : common_.smtp;
    if (url.empty()) {
      auto t = NewMaildirTransport(outbox_dir());
      if (!t) return Fail(t.error());
      transport_ = std::move(*t);
    } else {
      SmtpSettings s;
      s.url = url;
      s.user = m.smtp_user;
      s.password = m.smtp_password;
      s.starttls = m.starttls;
      s.ca_file = m.ca_file;
      s.verify_tls = m.verify_tls;
      transport_ = NewSmtpTransport(s);
    }
  }
  return transport_.get();
}

}  // namespace belfry
