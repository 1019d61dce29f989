#include "notify/notifier.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <map>
#include <thread>

#include "core/text.h"
#include "mail/openpgp.h"
#include "mail/protected_mail.h"
#include "notify/group_mail.h"

namespace belfry {

namespace {

constexpr size_t kBatch = 256;  // groups per transaction

std::string DomainOf(std::string_view address) {
  size_t at = address.rfind('@');
  return at == std::string_view::npos ? std::string() : std::string(address.substr(at + 1));
}

struct Work {
  NotifyGroup* group = nullptr;
  Ticket ticket;
  NotificationRecord record;
  OutgoingMail mail;
  MailProtection protection;
  std::string raw;
  Status status;
};

}  // namespace

std::optional<int64_t> ParseBounceAddress(std::string_view address) {
  std::string a = AsciiLowerCopy(address);
  size_t plus = a.find("bounces+");
  if (plus == std::string::npos) return std::nullopt;
  size_t start = plus + 8, end = a.find('@', start);
  if (end == std::string::npos) return std::nullopt;
  auto id = ParseInt64(std::string_view(a).substr(start, end - start));
  if (!id || *id <= 0) return std::nullopt;
  return *id;
}

std::string Notifier::BounceAddress(int64_t notification) const {
  if (!d_.config->bounce_address.empty()) {
    std::string out = d_.config->bounce_address;
    out.replace(out.find("{id}"), 4, std::to_string(notification));
    return out;
  }
  return fmt::format("bounces+{}@{}", notification, DomainOf(d_.mail->from));
}

Result<NotifySummary> Notifier::Run(const NotifyOptions& options) {
  const NotifyConfig& cfg = *d_.config;
  const int64_t now = d_.clock->NowSeconds();
  NotifySummary summary;
  summary.started = now;
  summary.dry_run = options.dry_run;
  if (!options.dry_run) {
    auto expired = d_.events->ExpirePending(now - cfg.max_age);
    if (!expired) return Fail(expired.error());
    summary.counts.stale += *expired;
  }

  // Plan.
  const MailTemplates& templates = d_.mailer->templates();
  std::map<std::string, bool> known_templates;
  PlanInputs in;
  in.config = &cfg;
  in.default_languages = &d_.mail->default_languages;
  in.index = d_.index;
  in.store = d_.store;
  in.now = now;
  in.has_template = [&](const std::string& name) {
    auto it = known_templates.find(name);
    if (it == known_templates.end())
      it = known_templates.emplace(name, static_cast<bool>(templates.Source(name, "en"))).first;
    return it->second;
  };
  NotifyPlanner planner(in);
  PendingScan scan;
  scan.seen_since = options.since;
  scan.want_body = [](const Route& r) {
    return r.kind == RouteKind::kConstituent || r.kind == RouteKind::kPeer ||
           r.kind == RouteKind::kForeign;
  };
  std::vector<DamagedEvent> damaged;
  BELFRY_RETURN_IF_ERROR(d_.events->ForEachPending(
      scan,
      [&](PendingEvent& p) -> Status {
        planner.Add(p);
        return Ok();
      },
      &damaged));
  auto plan = planner.Finish();
  if (!plan) return Fail(plan.error());
  const uint64_t expired_stale = summary.counts.stale;
  summary.counts = plan->counts;
  summary.counts.stale += expired_stale;
  summary.counts.damaged = damaged.size();
  for (const auto& d : damaged)
    summary.problems.push_back(fmt::format("event {} (segment {}, row {}) cannot be read: {}",
                                           d.id, d.segment, d.row, d.reason));
  summary.groups = plan->groups.size();
  if (!options.dry_run) {
    BELFRY_RETURN_IF_ERROR(d_.events->SetNotifyState(plan->skip_ids, NotifyState::kSkipped));
    BELFRY_RETURN_IF_ERROR(d_.events->SetNotifyState(plan->notified_ids, NotifyState::kNotified));
  }

  // OpenPGP: one context per signing thread.
  size_t workers = cfg.sign_workers > 0 ? static_cast<size_t>(cfg.sign_workers)
                                        : std::max(2u, std::thread::hardware_concurrency());
  workers = std::min<size_t>(workers, 16);
  bool need_pgp = !cfg.signing_key.empty();
  if (cfg.encrypt) {
    for (const auto& g : plan->groups)
      if (!g.recipient.pgp_fingerprint.empty() && !g.recipient.format.no_pgp) need_pgp = true;
  }
  std::vector<std::unique_ptr<OpenPgp>> pgp;
  if (need_pgp && !plan->groups.empty()) {
    const size_t n = cfg.signing_key.empty() ? 1 : std::min(workers, plan->groups.size());
    for (size_t i = 0; i < n; ++i) {
      const std::string home =
          cfg.gnupg_home.empty() ? "" : std::filesystem::absolute(cfg.gnupg_home).string();
      auto ctx = OpenPgp::Open(home, cfg.signing_key);
      if (!ctx)
        return Fail(Error(ctx.error().code(),
                          fmt::format("[notify] signing_key: {}", ctx.error().message())));
      pgp.push_back(std::move(*ctx));
    }
  }
  const bool signing = !cfg.signing_key.empty();
  summary.signing = signing ? fmt::format("signed with key {}", pgp.empty() ? cfg.signing_key
                                                                            : pgp[0]->signer_fingerprint())
                            : "unsigned: no [notify] signing_key is configured";
  std::map<std::string, bool> have_key;
  auto can_encrypt = [&](const std::string& fpr) {
    auto it = have_key.find(fpr);
    if (it == have_key.end()) it = have_key.emplace(fpr, pgp[0]->HasPublicKey(fpr)).first;
    return it->second;
  };

  GroupMailContext mctx;
  mctx.templates = &templates;
  mctx.config = &cfg;
  mctx.subject_tag = d_.tracker->config().subject_tag;
  mctx.reporter = {cfg.team_name, d_.mail->from, DomainOf(d_.mail->from)};
  mctx.now = now;

  for (size_t begin = 0; begin < plan->groups.size(); begin += kBatch) {
    const size_t end = std::min(plan->groups.size(), begin + kBatch);
    std::vector<Work> work(end - begin);
    for (size_t i = begin; i < end; ++i) work[i - begin].group = &plan->groups[i];

    // 1. The investigations and notification records; the mails' texts.
    auto prepare = [&]() -> Status {
      for (auto& w : work) {
        NotifyGroup& g = *w.group;
        const std::string fp = fmt::format("notify:{}:{}", g.recipient.email, g.group_key);
        auto existing = d_.tracker->store()->FindActiveByFingerprint(Queue::kInvestigations, fp);
        if (!existing) return Fail(existing.error());
        if (*existing && !options.dry_run) {
          auto t = d_.tracker->store()->GetTicket(**existing);
          if (!t) return Fail(t.error());
          if (*t) w.ticket = **t;
        }
        if (*existing) w.ticket.id = **existing;
        std::set<std::string> hosts;
        for (const auto& e : g.events)
          if (auto ip = e.event.Get(fields::kSourceIp)) hosts.emplace(*ip);
        if (w.ticket.id == 0 && !options.dry_run) {
          Ticket draft;
          draft.queue = Queue::kInvestigations;
          std::string what = g.classification.empty() ? "notification" : g.classification;
          for (size_t p = what.find(','); p != std::string::npos; p = what.find(',', p + 2))
            what.replace(p, 1, ", ");
          draft.subject = fmt::format("{}: {}", what, g.recipient.organisation_name);
          draft.requestors = {g.recipient.email};
          if (g.recipient.route == RouteKind::kConstituent) draft.organisation = g.recipient.organisation;
          draft.classification = g.classification.substr(0, g.classification.find(','));
          draft.tlp = std::string(TlpName(g.tlp));
          draft.tags = {"notify"};
          draft.fingerprint = fp;
          auto [sev, why] = d_.tracker->ProposeSeverity(draft, hosts.size());
          if (!g.recipient.nis2.empty() && sev > 1 &&
              why.find("entity_class=" + g.recipient.nis2) == std::string::npos) {
            --sev;
            why += fmt::format("; NIS2 {} entity: raised", g.recipient.nis2);
          }
          draft.severity = sev;
          draft.severity_reason = "notify: " + why;
          auto t = d_.tracker->CreateLocked(draft, options.actor, nullptr, hosts.size());
          if (!t) return Fail(t.error());
          w.ticket = std::move(*t);
        }
        NotificationRecord& n = w.record;
        n.recipient = g.recipient.email;
        n.route = std::string(RouteKindName(g.recipient.route));
        n.organisation = g.recipient.organisation;
        n.classification = g.classification;
        n.group_key = g.group_key;
        n.format = std::string(DataFormatName(g.recipient.format.data));
        n.ticket_id = w.ticket.id;
        n.created = now;
        n.events = static_cast<int64_t>(g.events.size());
        const bool pgp_ok = !g.recipient.format.no_pgp;
        w.protection.sign = signing && pgp_ok;
        w.protection.pgp_inline = g.recipient.format.pgp_inline;
        if (cfg.encrypt && pgp_ok && !g.recipient.pgp_fingerprint.empty() && !pgp.empty()) {
          if (can_encrypt(g.recipient.pgp_fingerprint)) {
            w.protection.encrypt_to = g.recipient.pgp_fingerprint;
          } else {
            std::string problem = fmt::format("{}: key {} is not in the keyring: not encrypted",
                                              g.recipient.email, g.recipient.pgp_fingerprint);
            if (std::find(summary.problems.begin(), summary.problems.end(), problem) ==
                summary.problems.end())
              summary.problems.push_back(std::move(problem));
          }
        }
        n.signed_mail = w.protection.sign;
        n.encrypted = !w.protection.encrypt_to.empty();
        if (options.dry_run) continue;
        auto id = d_.store->AddNotification(n);
        if (!id) return Fail(id.error());
        n.id = *id;
        auto mail = BuildGroupMail(g, w.ticket.id, mctx);
        if (!mail) return Fail(mail.error());
        w.mail = std::move(*mail);
        w.mail.headers.emplace_back("X-Belfry-Notification", std::to_string(n.id));
        d_.mailer->PrepareLocked(w.ticket, &w.mail);
      }
      return Ok();
    };
    BELFRY_RETURN_IF_ERROR(options.dry_run ? prepare() : d_.tracker->Transaction(prepare));

    if (options.dry_run) {
      for (auto& w : work) {
        PlannedMail pm;
        const NotifyGroup& g = *w.group;
        pm.ticket = w.ticket.id;
        pm.recipient = g.recipient.email;
        pm.route = w.record.route;
        pm.organisation = g.recipient.organisation;
        pm.classification = g.classification;
        pm.group_key = g.group_key;
        pm.format = w.record.format;
        pm.languages = g.recipient.languages;
        pm.events = g.events.size();
        pm.signed_mail = w.record.signed_mail;
        pm.encrypted = w.record.encrypted;
        pm.nis2 = !g.recipient.nis2.empty();
        summary.planned.push_back(std::move(pm));
      }
      continue;
    }

    // 2. Composed, signed and encrypted in parallel.
    std::atomic<size_t> next{0};
    auto compose = [&](OpenPgp* ctx) {
      for (size_t i = next++; i < work.size(); i = next++) {
        auto raw = ComposeProtectedMail(work[i].mail, work[i].protection, ctx);
        if (raw) {
          work[i].raw = std::move(*raw);
        } else {
          work[i].status = Fail(raw.error());
        }
      }
    };
    if (pgp.size() > 1) {
      std::vector<std::thread> threads;
      for (auto& ctx : pgp) threads.emplace_back(compose, ctx.get());
      for (auto& t : threads) t.join();
    } else {
      compose(pgp.empty() ? nullptr : pgp[0].get());
    }
    for (auto& w : work)
      if (!w.status) return Fail(w.status.error());

    // 3. Queued with their records, in one transaction.
    std::vector<int64_t> sent_ids;
    BELFRY_RETURN_IF_ERROR(d_.tracker->Transaction([&]() -> Status {
      for (auto& w : work) {
        NotifyGroup& g = *w.group;
        auto outbox = d_.mailer->RecordLocked(&w.ticket, w.mail, std::move(w.raw),
                                              BounceAddress(w.record.id), options.actor);
        if (!outbox) return Fail(outbox.error());
        w.record.outbox_id = *outbox;
        w.record.state = "queued";
        BELFRY_RETURN_IF_ERROR(d_.store->UpdateNotification(w.record));
        std::vector<int64_t> ids;
        std::map<std::string, FindingState> findings;
        for (const auto& e : g.events) {
          ids.push_back(e.id);
          auto& f = findings[e.finding_key];
          f.last_sent = now;
          f.ports.insert(e.finding.ports.begin(), e.finding.ports.end());
          f.vulnerabilities.insert(e.finding.vulnerabilities.begin(),
                                   e.finding.vulnerabilities.end());
          f.severity = std::max(f.severity, e.finding.severity);
        }
        BELFRY_RETURN_IF_ERROR(d_.store->AddSent(g.recipient.email, w.record.id, ids));
        for (auto& [key, f] : findings) {
          auto told = d_.store->GetFinding(g.recipient.email, key);
          if (!told) return Fail(told.error());
          if (*told) {
            f.ports.insert((*told)->ports.begin(), (*told)->ports.end());
            f.vulnerabilities.insert((*told)->vulnerabilities.begin(),
                                     (*told)->vulnerabilities.end());
            f.severity = std::max(f.severity, (*told)->severity);
          }
          BELFRY_RETURN_IF_ERROR(d_.store->PutFinding(g.recipient.email, key, f));
        }
        BELFRY_RETURN_IF_ERROR(d_.tracker->store()->LinkEvents(w.ticket.id, ids));
        BELFRY_RETURN_IF_ERROR(d_.tracker->HistoryLocked(
            w.ticket.id, options.actor, "notify", "notification", "",
            fmt::format("#{} to {}: {} event(s), {}{}{}", w.record.id, g.recipient.email,
                        ids.size(), w.record.format, w.record.signed_mail ? ", signed" : "",
                        w.record.encrypted ? ", encrypted" : "")));
        sent_ids.insert(sent_ids.end(), ids.begin(), ids.end());
      }
      return Ok();
    }));
    BELFRY_RETURN_IF_ERROR(d_.events->SetNotifyState(sent_ids, NotifyState::kNotified));
    for (auto& w : work) {
      ++summary.mails;
      summary.events_notified += w.group->events.size();
      if (w.record.signed_mail) ++summary.signed_mails;
      if (w.record.encrypted) ++summary.encrypted;
      PlannedMail pm;
      pm.notification = w.record.id;
      pm.ticket = w.ticket.id;
      pm.outbox = w.record.outbox_id;
      pm.recipient = w.record.recipient;
      pm.route = w.record.route;
      pm.organisation = w.record.organisation;
      pm.classification = w.record.classification;
      pm.group_key = w.record.group_key;
      pm.format = w.record.format;
      pm.languages = w.group->recipient.languages;
      pm.events = w.group->events.size();
      pm.signed_mail = w.record.signed_mail;
      pm.encrypted = w.record.encrypted;
      pm.nis2 = !w.group->recipient.nis2.empty();
      summary.planned.push_back(std::move(pm));
    }
  }
  summary.finished = d_.clock->NowSeconds();
  if (!options.dry_run) {
    NotifyRunRecord run;
    run.started = summary.started;
    run.finished = summary.finished;
    run.summary_json = summary.ToJson();
    auto id = d_.store->AddRun(run);
    if (!id) return Fail(id.error());
  }
  return summary;
}

}  // namespace belfry
