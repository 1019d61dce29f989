#include "vuln/vuln_notifier.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "core/text.h"

namespace belfry {

Result<VulnReport> NotifyVulnerable(const VulnNotice& notice, const std::vector<VulnMatch>& matches,
                                    ProductStore* products, TicketMailer* mailer,
                                    const ConstituencyIndex& index, bool dry_run,
                                    const std::string& actor) {
  VulnReport report;
  std::map<std::string, VulnOrgOutcome> by_org;
  for (const auto& m : matches) {
    auto& o = by_org[m.product.organisation];
    o.organisation = m.product.organisation;
    o.matches.push_back(m);
  }
  for (auto& [handle, o] : by_org) {
    if (auto org = index.Organisation(handle)) o.name = org->name;
    auto emails = index.OrganisationEmails(handle);
    if (!emails.empty()) o.email = emails.front();
    auto told = products->MatchTicket(notice.key, handle);
    if (!told) return Fail(told.error());
    if (*told) {
      o.investigation = *told;
      o.note = fmt::format("already told as #{}", *told);
    } else if (o.email.empty()) {
      o.note = "no contact on file";
    }
    report.organisations.push_back(o);
  }
  const bool any_new = std::any_of(report.organisations.begin(), report.organisations.end(),
                                   [](const VulnOrgOutcome& o) { return o.note.empty(); });
  if (dry_run || !any_new) return report;
  Tracker* tracker = mailer->tracker();
  const TicketConfig& cfg = tracker->config();
  BELFRY_RETURN_IF_ERROR(tracker->Transaction([&]() -> Status {
    Ticket draft;
    draft.queue = Queue::kIncidents;
    draft.subject = "Vulnerable products: " + notice.title;
    draft.classification = "vulnerable-system";
    draft.tlp = notice.tlp;
    auto incident = tracker->CreateLocked(draft, actor, nullptr, 0);
    if (!incident) return Fail(incident.error());
    report.incident = incident->id;
    for (auto& o : report.organisations) {
      if (!o.note.empty()) continue;
      Ticket inv_draft;
      inv_draft.queue = Queue::kInvestigations;
      inv_draft.subject = incident->subject;
      inv_draft.requestors = {o.email};
      inv_draft.organisation = o.organisation;
      inv_draft.classification = "vulnerable-system";
      inv_draft.tlp = notice.tlp;
      auto inv = tracker->CreateLocked(inv_draft, actor, nullptr, 0);
      if (!inv) return Fail(inv.error());
      BELFRY_RETURN_IF_ERROR(tracker->LinkLocked(&*incident, &*inv, actor));
      std::vector<std::string> langs;
      if (auto contact = index.FindContact(o.organisation, o.email))
        for (const auto& l : {contact->language})
          if (l == "nl" || l == "fr" || l == "en" || l == "de") langs.push_back(l);
      if (langs.empty()) langs = cfg.mail.default_languages;
      std::string list;
      for (const auto& m : o.matches)
        list += fmt::format("- {} {} {}: {}{}\n", m.product.vendor, m.product.product,
                            m.product.version.empty() ? "(version unknown)" : m.product.version,
                            m.reason, m.fixed.empty() ? "" : fmt::format("; fixed in {}", m.fixed));
      std::map<std::string, std::string> v = {
          {"team_name", cfg.mail.from_name},  {"tag", cfg.subject_tag},
          {"ticket", std::to_string(inv->id)}, {"subject", incident->subject},
          {"organisation_name", o.name.empty() ? o.organisation : o.name},
          {"title", notice.title},             {"url", notice.url},
          {"products", list},                  {"count", std::to_string(o.matches.size())},
          {"tlp", notice.tlp}};
      auto rendered = mailer->templates().RenderMany("vulnerable-product", langs, v);
      if (!rendered) return Fail(rendered.error());
      OutgoingMail mail;
      mail.to = {o.email};
      mail.subject = rendered->subject;
      mail.text = rendered->body;
      auto queued = mailer->QueueLocked(&*inv, std::move(mail), actor);
      if (!queued) return Fail(queued.error());
      BELFRY_RETURN_IF_ERROR(products->RecordMatch(notice.key, o.organisation, inv->id,
                                                   tracker->now()));
      o.investigation = inv->id;
      BELFRY_RETURN_IF_ERROR(tracker->HistoryLocked(
          incident->id, actor, "vulnerable", "investigation", "",
          fmt::format("#{} to {} ({} product(s))", inv->id, o.email, o.matches.size())));
    }
    return Ok();
  }));
  return report;
}

}  // namespace belfry
