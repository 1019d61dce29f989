#pragma once
// [tickets], [sla], [[triage.rules]] and [mail]: the tracker's options. docs/CONFIGURATION.md
// documents every key; docs/TRACKER.md explains them.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/config_reader.h"
#include "ticket/business_calendar.h"

namespace belfry {

// A triage rule: every matching rule applies, in order. `severity` sets the proposal,
// `raise` makes it that many levels more severe (1 is the most severe).
struct TriageRule {
  std::string classification;  // an RSIT type or taxonomy; "" any
  std::string sector;          // NIS2 sector of the organisation; "" any
  std::string entity_class;    // essential | important; "" any
  int64_t min_hosts = 0;       // distinct IP addresses in the report
  int severity = 0;            // 1..4, 0 = leave
  int raise = 0;
  std::string Describe() const;
};

struct SlaConfig {
  BusinessHoursConfig hours;
  // Per severity 1..4 (critical .. low): first response and resolution, business time.
  std::vector<int64_t> response = {3600, 4 * 3600, 24 * 3600, 3 * 24 * 3600};
  std::vector<int64_t> resolve = {24 * 3600, 3 * 24 * 3600, 10 * 24 * 3600, 30 * 24 * 3600};
  // Critical reports outside business hours page this address ("" = nobody on duty).
  std::string on_duty;
  // Critical severity counts in wall-clock time, not business time (CERT.be's rule for
  // national incidents: the clock does not stop at night).
  bool critical_round_the_clock = true;
};

struct MailConfig {
  std::string from = "cert@example.be";  // our address (envelope and From:)
  std::string from_name = "Belfry CSIRT";
  std::string smtp_url;       // "" = deliver into the outbox Maildir
  std::string smtp_user, smtp_password;  // else from the URL's userinfo
  std::string starttls = "auto";  // auto | required | never (smtp://; smtps:// is TLS always)
  std::string ca_file;            // trust this CA (tests, private CAs)
  bool verify_tls = true;
  std::string outbox_maildir;     // "" = <data folder>/outbox
  std::string templates_dir;      // "" = the built-in templates
  std::vector<std::string> default_languages = {"nl", "fr"};  // contact language unknown
  int64_t max_message_bytes = 50 * 1024 * 1024;
  std::string failed_dir;  // "" = <data folder>/mail-failed: mail the gateway could not take
  std::string gateway_maildir;  // `belfry run` takes this Maildir's new mail every 30 s
};

struct TicketConfig {
  std::string subject_tag = "BELFRY";
  std::vector<std::string> old_subject_tags;  // still recognised in replies
  std::vector<std::string> severity_labels = {"critical", "high", "medium", "low"};
  std::string default_tlp = "AMBER";
  int64_t group_window_seconds = 7 * 24 * 3600;  // near-identical reports join one ticket
  std::vector<TriageRule> triage;                // [[triage.rules]]; empty = built-in rules
  SlaConfig sla;
  MailConfig mail;

  const std::vector<TriageRule>& triage_rules() const;
};

namespace config_internal {
Status ReadTicketsSection(const Ctx& ctx, const toml::table& t, TicketConfig* out);
Status ReadSlaSection(const Ctx& ctx, const toml::table& t, SlaConfig* out);
Status ReadTriageSection(const Ctx& ctx, const toml::table& t, TicketConfig* out);
Status ReadMailSection(const Ctx& ctx, const toml::table& t, MailConfig* out);
}  // namespace config_internal

}  // namespace belfry
