#include "ticket/ticket_config.h"

#include "model/taxonomy.h"
#include "model/tlp.h"

namespace belfry {

std::string TriageRule::Describe() const {
  std::string s;
  auto add = [&](std::string_view k, std::string_view v) {
    if (v.empty()) return;
    if (!s.empty()) s += ", ";
    s += fmt::format("{}={}", k, v);
  };
  add("classification", classification);
  add("sector", sector);
  add("entity_class", entity_class);
  if (min_hosts) add("hosts>=", std::to_string(min_hosts));
  std::string what = severity ? fmt::format("severity {}", severity)
                              : fmt::format("raise {}", raise);
  return s.empty() ? what : fmt::format("{} -> {}", s, what);
}

const std::vector<TriageRule>& TicketConfig::triage_rules() const {
  // Built-in proposal: the class of harm first, then who is hit and how widely.
  static const std::vector<TriageRule> kDefault = [] {
    std::vector<TriageRule> r;
    auto base = [&](const char* cls, int sev) {
      TriageRule t;
      t.classification = cls;
      t.severity = sev;
      r.push_back(t);
    };
    base("other", 3);
    base("abusive-content", 4);
    base("information-gathering", 4);
    base("vulnerable", 4);
    base("fraud", 3);
    base("phishing", 3);
    base("malicious-code", 2);
    base("intrusion-attempts", 3);
    base("intrusions", 2);
    base("availability", 2);
    base("information-content-security", 2);
    TriageRule essential;
    essential.entity_class = "essential";
    essential.raise = 1;
    r.push_back(essential);
    TriageRule wide;
    wide.min_hosts = 100;
    wide.raise = 1;
    r.push_back(wide);
    return r;
  }();
  return triage.empty() ? kDefault : triage;
}

namespace config_internal {

namespace {

Status GetDurationList(const Ctx& ctx, const toml::table& t, std::string_view prefix,
                       std::string_view key, std::vector<int64_t>* out) {
  std::vector<std::string> items;
  BELFRY_RETURN_IF_ERROR(GetStringList(ctx, t, prefix, key, &items));
  if (!t.get(key)) return Ok();
  std::string full = fmt::format("{}.{}", prefix, key);
  if (items.size() != 4)
    return Fail(ctx.Bad(*t.get(key), full, "must list four durations, severity 1 to 4"));
  out->clear();
  for (const auto& s : items) {
    auto d = ParseDurationSeconds(s);
    if (!d || *d <= 0)
      return Fail(ctx.Bad(*t.get(key), full, fmt::format("'{}' is not a duration", s)));
    out->push_back(*d);
  }
  return Ok();
}

Status GetClock(const Ctx& ctx, const toml::table& t, std::string_view key, int* minute) {
  std::string s;
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, "sla", key, &s));
  if (!t.get(key)) return Ok();
  int64_t h = -1, m = -1;
  if (s.size() == 5 && s[2] == ':') {
    h = ParseInt64(s.substr(0, 2)).value_or(-1);
    m = ParseInt64(s.substr(3)).value_or(-1);
  }
  if (h < 0 || h > 24 || m < 0 || m > 59)
    return Fail(ctx.Bad(*t.get(key), fmt::format("sla.{}", key), "must be a time such as \"08:00\""));
  *minute = static_cast<int>(h * 60 + m);
  return Ok();
}

}  // namespace

Status ReadTicketsSection(const Ctx& ctx, const toml::table& t, TicketConfig* out) {
  BELFRY_RETURN_IF_ERROR(CheckKeys(ctx, t, "tickets",
                                   {"subject_tag", "old_subject_tags", "severity_labels",
                                    "default_tlp", "group_window"}));
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, "tickets", "subject_tag", &out->subject_tag));
  if (out->subject_tag.empty() || out->subject_tag.find_first_of("[]#") != std::string::npos)
    return Fail(ctx.Bad(*t.get("subject_tag"), "tickets.subject_tag",
                        "must be a non-empty name without [ ] #"));
  BELFRY_RETURN_IF_ERROR(
      GetStringList(ctx, t, "tickets", "old_subject_tags", &out->old_subject_tags));
  BELFRY_RETURN_IF_ERROR(GetStringList(ctx, t, "tickets", "severity_labels", &out->severity_labels));
  if (out->severity_labels.size() != 4)
    return Fail(ctx.Bad(*t.get("severity_labels"), "tickets.severity_labels",
                        "must list four labels, severity 1 (critical) to 4 (low)"));
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, "tickets", "default_tlp", &out->default_tlp));
  if (auto tlp = ParseTlp(out->default_tlp))
    out->default_tlp = std::string(TlpName(*tlp));
  else
    return Fail(ctx.Bad(*t.get("default_tlp"), "tickets.default_tlp",
                        "must be a TLP 2.0 label (CLEAR, GREEN, AMBER, AMBER+STRICT, RED)"));
  return GetDuration(ctx, t, "tickets", "group_window", &out->group_window_seconds);
}

Status ReadSlaSection(const Ctx& ctx, const toml::table& t, SlaConfig* out) {
  BELFRY_RETURN_IF_ERROR(CheckKeys(ctx, t, "sla",
                                   {"timezone", "open", "close", "days", "holiday_rules",
                                    "holidays", "response", "resolve", "on_duty",
                                    "critical_round_the_clock"}));
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, "sla", "timezone", &out->hours.timezone));
  BELFRY_RETURN_IF_ERROR(GetClock(ctx, t, "open", &out->hours.open_minute));
  BELFRY_RETURN_IF_ERROR(GetClock(ctx, t, "close", &out->hours.close_minute));
  std::vector<std::string> days;
  BELFRY_RETURN_IF_ERROR(GetStringList(ctx, t, "sla", "days", &days));
  if (t.get("days")) {
    static constexpr std::string_view kNames[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    out->hours.days.fill(false);
    for (const auto& d : days) {
      bool found = false;
      for (size_t i = 0; i < 7; ++i) {
        if (EqualsIgnoreCase(d.substr(0, 3), kNames[i]) && d.size() >= 3) {
          out->hours.days[i] = true;
          found = true;
        }
      }
      if (!found)
        return Fail(ctx.Bad(*t.get("days"), "sla.days",
                            fmt::format("'{}' is not a weekday (mon .. sun)", d)));
    }
  }
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, "sla", "holiday_rules", &out->hours.holiday_rules));
  BELFRY_RETURN_IF_ERROR(GetStringList(ctx, t, "sla", "holidays", &out->hours.holidays));
  BELFRY_RETURN_IF_ERROR(GetDurationList(ctx, t, "sla", "response", &out->response));
  BELFRY_RETURN_IF_ERROR(GetDurationList(ctx, t, "sla", "resolve", &out->resolve));
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, "sla", "on_duty", &out->on_duty));
  BELFRY_RETURN_IF_ERROR(
      Get(ctx, t, "sla", "critical_round_the_clock", &out->critical_round_the_clock));
  auto cal = BusinessCalendar::Create(out->hours);
  if (!cal) return Fail(ctx.Bad("sla", cal.error().message()));
  return Ok();
}

Status ReadTriageSection(const Ctx& ctx, const toml::table& t, TicketConfig* out) {
  BELFRY_RETURN_IF_ERROR(CheckKeys(ctx, t, "triage", {"rules"}));
  const toml::node* rules = t.get("rules");
  if (!rules) return Ok();
  if (!rules->is_array_of_tables())
    return Fail(ctx.Bad(*rules, "triage.rules", "must be [[triage.rules]] tables"));
  size_t i = 0;
  for (const auto& node : *rules->as_array()) {
    const toml::table& r = *node.as_table();
    std::string prefix = fmt::format("triage.rules[{}]", i++);
    BELFRY_RETURN_IF_ERROR(CheckKeys(
        ctx, r, prefix,
        {"classification", "sector", "entity_class", "min_hosts", "severity", "raise"}));
    TriageRule rule;
    BELFRY_RETURN_IF_ERROR(Get(ctx, r, prefix, "classification", &rule.classification));
    BELFRY_RETURN_IF_ERROR(Get(ctx, r, prefix, "sector", &rule.sector));
    BELFRY_RETURN_IF_ERROR(Get(ctx, r, prefix, "entity_class", &rule.entity_class));
    BELFRY_RETURN_IF_ERROR(Get(ctx, r, prefix, "min_hosts", &rule.min_hosts));
    BELFRY_RETURN_IF_ERROR(Get(ctx, r, prefix, "severity", &rule.severity));
    BELFRY_RETURN_IF_ERROR(Get(ctx, r, prefix, "raise", &rule.raise));
    if (rule.severity > 4)
      return Fail(ctx.Bad(*r.get("severity"), prefix + ".severity", "must be 1 to 4"));
    if (!rule.classification.empty() && !Taxonomy::CanonicalType(rule.classification) &&
        !Taxonomy::CanonicalTaxonomy(rule.classification))
      return Fail(ctx.Bad(*r.get("classification"), prefix + ".classification",
                          "must be an RSIT type or taxonomy"));
    if (rule.severity == 0 && rule.raise == 0)
      return Fail(ctx.Bad(r, prefix, "needs severity or raise"));
    out->triage.push_back(rule);
  }
  return Ok();
}

Status ReadMailSection(const Ctx& ctx, const toml::table& t, MailConfig* out) {
  BELFRY_RETURN_IF_ERROR(CheckKeys(
      ctx, t, "mail",
      {"from", "from_name", "smtp_url", "smtp_user", "smtp_password", "starttls", "ca_file",
       "verify_tls", "outbox_maildir", "templates_dir", "default_languages",
       "max_message_bytes", "failed_dir", "gateway_maildir"}));
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, "mail", "from", &out->from));
  if (out->from.find('@') == std::string::npos)
    return Fail(ctx.Bad(*t.get("from"), "mail.from", "must be an e-mail address"));
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, "mail", "from_name", &out->from_name));
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, "mail", "smtp_url", &out->smtp_url));
  if (!out->smtp_url.empty() && !StartsWithIgnoreCase(out->smtp_url, "smtp://") &&
      !StartsWithIgnoreCase(out->smtp_url, "smtps://"))
    return Fail(ctx.Bad(*t.get("smtp_url"), "mail.smtp_url",
                        "must be smtp://host:port or smtps://host:port"));
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, "mail", "smtp_user", &out->smtp_user));
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, "mail", "smtp_password", &out->smtp_password));
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, "mail", "starttls", &out->starttls));
  if (out->starttls != "auto" && out->starttls != "required" && out->starttls != "never")
    return Fail(ctx.Bad(*t.get("starttls"), "mail.starttls", "must be auto, required or never"));
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, "mail", "ca_file", &out->ca_file));
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, "mail", "verify_tls", &out->verify_tls));
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, "mail", "outbox_maildir", &out->outbox_maildir));
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, "mail", "templates_dir", &out->templates_dir));
  BELFRY_RETURN_IF_ERROR(
      GetStringList(ctx, t, "mail", "default_languages", &out->default_languages));
  for (const auto& l : out->default_languages) {
    if (l != "nl" && l != "fr" && l != "en" && l != "de")
      return Fail(ctx.Bad(*t.get("default_languages"), "mail.default_languages",
                          fmt::format("'{}' is not one of nl, fr, en, de", l)));
  }
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, "mail", "max_message_bytes", &out->max_message_bytes));
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, "mail", "gateway_maildir", &out->gateway_maildir));
  return Get(ctx, t, "mail", "failed_dir", &out->failed_dir);
}

}  // namespace config_internal
}  // namespace belfry
