#pragma once
// The service root: everything long-lived, opened once from the configuration and handed to
// every verb, the feed scheduler and (later) the notifier and the HTTP server. Stores are
// chosen by URL ([store] url, or --db PATH) and opened on first use, once; this file and
// services.cc are the only places that name the concrete store backends.

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "access/user_store.h"
#include "app/cli_common.h"
#include "collect/report_ledger.h"
#include "constituency/constituency_holder.h"
#include "constituency/constituency_store.h"
#include "core/clock.h"
#include "core/metrics.h"
#include "core/stop_token.h"
#include "parse/parsers/shadowserver/shadowserver_schema.h"
#include "store/event_store.h"
#include "mail/mail_transport.h"
#include "mail/openpgp.h"
#include "ticket/business_calendar.h"
#include "ticket/mail_templates.h"
#include "ticket/ticket_mailer.h"
#include "notify/notify_store.h"
#include "newsletter/newsletter_desk.h"
#include "publish/advisory_desk.h"
#include "publish/advisory_store.h"
#include "publish/site_writer.h"
#include "ticket/ticket_store.h"
#include "ticket/tracker.h"

namespace belfry {

class IngestContext;

class Services {
 public:
  static std::unique_ptr<Services> Create(const Config& config, const Common& common);
  ~Services();

  const Config& config() const { return config_; }
  const Common& common() const { return common_; }
  const std::string& db_path() const { return db_path_; }
  const Clock& clock() const { return *clock_; }
  StopToken& stop() { return stop_; }
  Metrics& metrics() { return metrics_; }

  // Verbs that only read refuse a missing database instead of creating an empty one.
  Status RequireDatabase() const;
  Result<EventStore*> events();
  // The event store for verbs that only read (search, sql): opened read-only, so that it
  // works on a full disk and on a read-only copy; the writer when one is already open.
  Result<EventStore*> event_reader();
  Result<ConstituencyStore*> constituency_store();
  // The compiled routing index, kept current while the process runs.
  Result<ConstituencyHolder*> constituency();
  Result<ReportLedger*> ledger();
  Result<std::shared_ptr<ShadowserverSchemaSource>> shadowserver_schema();
  // Store, routing index, mmdb and schema together, for ingesting files and reports.
  Result<IngestContext*> ingest();
  // The tracker: tickets, correspondence, outbox (same database).
  Result<TicketStore*> tickets();
  Result<Tracker*> tracker();
  Result<TicketMailer*> mailer();
  // The notifier's records (the tracker's database).
  Result<NotifyStore*> notify_store();
  // Accounts of the console and the API (the tracker's database).
  Result<UserStore*> users();
  // The team's publications (the tracker's database), their workflow, and the published
  // site regenerated after each publication ([publish] site_dir, else belfry-data/site).
  Result<AdvisoryStore*> advisories();
  Result<AdvisoryDesk*> advisory_desk();
  Result<SiteWriter*> site();
  std::string site_dir() const;
  // The newsletter: subscribers and issues (the tracker's database), mailed via the outbox.
  Result<NewsletterStore*> newsletter_store();
  Result<NewsletterDesk*> newsletter();
  // Where outbound mail goes: --smtp URL, else [mail] smtp_url, else the outbox Maildir
  // beside the database (belfry-data/outbox).
  Result<MailTransport*> transport();
  // The folder beside the database (belfry-data/): outbox, failed mail.
  std::string data_dir() const;
  std::string outbox_dir() const;

 private:
  Services(const Config& config, const Common& common);

  const Config& config_;
  Common common_;
  std::string db_path_;
  std::unique_ptr<Clock> clock_;  // the system's (BELFRY_TEST_NOW: moved, for tests)
  StopToken stop_;
  Metrics metrics_;
  std::unique_ptr<EventStore> events_;
  std::unique_ptr<EventStore> reader_;
  std::unique_ptr<ConstituencyStore> constituency_store_;
  std::unique_ptr<ConstituencyHolder> holder_;
  std::unique_ptr<ReportLedger> ledger_;
  std::shared_ptr<ShadowserverSchemaSource> schema_;
  std::unique_ptr<IngestContext> ingest_;
  std::unique_ptr<TicketStore> tickets_;
  std::optional<BusinessCalendar> calendar_;
  std::unique_ptr<Tracker> tracker_;
  std::unique_ptr<MailTemplates> templates_;
  std::unique_ptr<TicketMailer> mailer_;
  std::unique_ptr<MailTransport> transport_;
  std::unique_ptr<OpenPgp> site_pgp_;
  std::unique_ptr<SiteWriter> site_;
  std::unique_ptr<AdvisoryDesk> desk_;
  std::unique_ptr<NewsletterDesk> newsletter_;
  std::map<std::string, OrgFacts> org_facts_;
  bool org_facts_loaded_ = false;
};

}  // namespace belfry
