#include "notify/notifier.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <map>
#include <set>
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

namespace {

// One run's state and its phases (Notifier::Run is their sequence).
class NotifyRun {
 public:
  NotifyRun(const NotifierDeps& d, const NotifyOptions& o, const Notifier& n)
      : d_(d), o_(o), notifier_(n), cfg_(*d.config), now_(d.clock->NowSeconds()) {
    summary_.started = now_;
    summary_.dry_run = o.dry_run;
  }

  Result<NotifySummary> Go() {
    BELFRY_RETURN_IF_ERROR(Plan());
    BELFRY_RETURN_IF_ERROR(OpenSigners());
    mctx_.templates = &d_.mailer->templates();
    mctx_.config = &cfg_;
    mctx_.subject_tag = d_.tracker->config().subject_tag;
    mctx_.reporter = {cfg_.team_name, d_.mail->from, DomainOf(d_.mail->from)};
    mctx_.now = now_;
    for (size_t begin = 0; begin < plan_.groups.size(); begin += kBatch) {
      const size_t end = std::min(plan_.groups.size(), begin + kBatch);
      std::vector<Work> work(end - begin);
      for (size_t i = begin; i < end; ++i) work[i - begin].group = &plan_.groups[i];
      BELFRY_RETURN_IF_ERROR(o_.dry_run ? Prepare(work)
                                        : d_.tracker->Transaction([&] { return Prepare(work); }));
      if (!o_.dry_run) {
        BELFRY_RETURN_IF_ERROR(Compose(work));
        BELFRY_RETURN_IF_ERROR(Record(work));
      }
      for (auto& w : work) Summarise(w);
    }
    summary_.finished = d_.clock->NowSeconds();
    if (!o_.dry_run) {
      NotifyRunRecord run;
      run.started = summary_.started;
      run.finished = summary_.finished;
      run.summary_json = summary_.ToJson();
      auto id = d_.store->AddRun(run);
      if (!id) return Fail(id.error());
    }
    return std::move(summary_);
  }

 private:
  // Stale events out, then every pending one through the planner; the skipped and the
  // already sent are marked at once.
  Status Plan() {
    if (!o_.dry_run) {
      auto expired = d_.events->ExpirePending(now_ - cfg_.max_age);
      if (!expired) return Fail(expired.error());
      summary_.counts.stale += *expired;
    }
    const MailTemplates& templates = d_.mailer->templates();
    std::map<std::string, bool> known_templates;
    PlanInputs in;
    in.config = &cfg_;
    in.default_languages = &d_.mail->default_languages;
    in.index = d_.index;
    in.store = d_.store;
    in.now = now_;
    in.has_template = [&](const std::string& name) {
      auto it = known_templates.find(name);
      if (it == known_templates.end())
        it = known_templates.emplace(name, static_cast<bool>(templates.Source(name, "en"))).first;
      return it->second;
    };
    NotifyPlanner planner(in);
    PendingScan scan;
    scan.seen_since = o_.since;
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
    plan_ = std::move(*plan);
    const uint64_t expired = summary_.counts.stale;
    summary_.counts = plan_.counts;
    summary_.counts.stale += expired;
    summary_.counts.damaged = damaged.size();
    for (const auto& d : damaged)
      summary_.problems.push_back(fmt::format("event {} (segment {}, row {}) cannot be read: {}",
                                              d.id, d.segment, d.row, d.reason));
    summary_.groups = plan_.groups.size();
    if (o_.dry_run) return Ok();
    BELFRY_RETURN_IF_ERROR(d_.events->SetNotifyState(plan_.skip_ids, NotifyState::kSkipped));
    return d_.events->SetNotifyState(plan_.notified_ids, NotifyState::kNotified);
  }

  // One OpenPGP context per signing thread; a configured key that cannot sign stops here.
  Status OpenSigners() {
    signing_ = !cfg_.signing_key.empty();
    bool need = signing_;
    if (cfg_.encrypt) {
      for (const auto& g : plan_.groups)
        if (!g.recipient.pgp_fingerprint.empty() && !g.recipient.format.no_pgp) need = true;
    }
    size_t workers = cfg_.sign_workers > 0 ? static_cast<size_t>(cfg_.sign_workers)
                                           : std::max(2u, std::thread::hardware_concurrency());
    workers = std::min<size_t>({workers, 16, std::max<size_t>(plan_.groups.size(), 1)});
    if (need && !plan_.groups.empty()) {
      const std::string home =
          cfg_.gnupg_home.empty() ? "" : std::filesystem::absolute(cfg_.gnupg_home).string();
      for (size_t i = 0; i < (signing_ ? workers : 1); ++i) {
        auto ctx = OpenPgp::Open(home, cfg_.signing_key);
        if (!ctx)
          return Fail(Error(ctx.error().code(),
                            fmt::format("[notify] signing_key: {}", ctx.error().message())));
        pgp_.push_back(std::move(*ctx));
      }
    }
    summary_.signing =
        !signing_ ? "unsigned: no [notify] signing_key is configured"
                  : fmt::format("signed with key {}{}",
                                pgp_.empty() ? cfg_.signing_key : pgp_[0]->signer_fingerprint(),
                                !pgp_.empty() && pgp_[0]->fast_signing() ? " (by gpg-agent)" : "");
    return Ok();
  }

  bool CanEncrypt(const std::string& fpr) {
    auto it = have_key_.find(fpr);
    if (it == have_key_.end()) it = have_key_.emplace(fpr, pgp_[0]->HasPublicKey(fpr)).first;
    return it->second;
  }

  void Problem(std::string p) {
    if (std::find(summary_.problems.begin(), summary_.problems.end(), p) ==
        summary_.problems.end())
      summary_.problems.push_back(std::move(p));
  }

  // 1. Inside a transaction: each group's Investigation (the open one for this recipient
  // and group, or a new one), its notification record, and the mail's text.
  Status Prepare(std::vector<Work>& work) {
    for (auto& w : work) {
      NotifyGroup& g = *w.group;
      const std::string fp = fmt::format("notify:{}:{}", g.recipient.email, g.group_key);
      auto existing = d_.tracker->store()->FindActiveByFingerprint(Queue::kInvestigations, fp);
      if (!existing) return Fail(existing.error());
      if (*existing) {
        w.ticket.id = **existing;
        if (!o_.dry_run) {
          auto t = d_.tracker->store()->GetTicket(**existing);
          if (!t) return Fail(t.error());
          if (*t) w.ticket = **t;
        }
      } else if (!o_.dry_run) {
        auto t = OpenInvestigation(g, fp);
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
      n.created = now_;
      n.events = static_cast<int64_t>(g.events.size());
      const bool pgp_ok = !g.recipient.format.no_pgp;
      w.protection.sign = signing_ && pgp_ok;
      w.protection.pgp_inline = g.recipient.format.pgp_inline;
      if (cfg_.encrypt && pgp_ok && !g.recipient.pgp_fingerprint.empty() && !pgp_.empty()) {
        if (CanEncrypt(g.recipient.pgp_fingerprint)) {
          w.protection.encrypt_to = g.recipient.pgp_fingerprint;
        } else {
          Problem(fmt::format("{}: key {} is not in the keyring: not encrypted",
                              g.recipient.email, g.recipient.pgp_fingerprint));
        }
      }
      n.signed_mail = w.protection.sign;
      n.encrypted = !w.protection.encrypt_to.empty();
      if (o_.dry_run) continue;
      auto id = d_.store->AddNotification(n);
      if (!id) return Fail(id.error());
      n.id = *id;
      auto mail = BuildGroupMail(g, w.ticket.id, mctx_);
      if (!mail) return Fail(mail.error());
      w.mail = std::move(*mail);
      w.mail.headers.emplace_back("X-Belfry-Notification", std::to_string(n.id));
      d_.mailer->PrepareLocked(w.ticket, &w.mail);
    }
    return Ok();
  }

  Result<Ticket> OpenInvestigation(const NotifyGroup& g, const std::string& fingerprint) {
    std::set<std::string> hosts;
    for (const auto& e : g.events)
      if (auto ip = e.event.Get(fields::kSourceIp)) hosts.emplace(*ip);
    std::string what = g.classification.empty() ? "notification" : g.classification;
    for (size_t p = what.find(','); p != std::string::npos; p = what.find(',', p + 2))
      what.replace(p, 1, ", ");
    Ticket draft;
    draft.queue = Queue::kInvestigations;
    draft.subject = fmt::format("{}: {}", what, g.recipient.organisation_name);
    draft.requestors = {g.recipient.email};
    if (g.recipient.route == RouteKind::kConstituent) draft.organisation = g.recipient.organisation;
    draft.classification = g.classification.substr(0, g.classification.find(','));
    draft.tlp = std::string(TlpName(g.tlp));
    draft.tags = {"notify"};
    draft.fingerprint = fingerprint;
    auto [sev, why] = d_.tracker->ProposeSeverity(draft, hosts.size());
    // NIS2 entities: one level more severe (unless a triage rule on the class did it).
    if (!g.recipient.nis2.empty() && sev > 1 &&
        why.find("entity_class=" + g.recipient.nis2) == std::string::npos) {
      --sev;
      why += fmt::format("; NIS2 {} entity: raised", g.recipient.nis2);
    }
    draft.severity = sev;
    draft.severity_reason = "notify: " + why;
    return d_.tracker->CreateLocked(draft, o_.actor, nullptr, hosts.size());
  }

  // 2. Outside any transaction, on every signing context at once: composed, signed,
  // encrypted.
  Status Compose(std::vector<Work>& work) {
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
    if (pgp_.size() > 1) {
      std::vector<std::thread> threads;
      for (auto& ctx : pgp_) threads.emplace_back(compose, ctx.get());
      for (auto& t : threads) t.join();
    } else {
      compose(pgp_.empty() ? nullptr : pgp_[0].get());
    }
    for (auto& w : work)
      if (!w.status) return Fail(w.status.error());
    return Ok();
  }

  // 3. One transaction: each mail filed on its investigation and queued with its VERP
  // sender, the notification queued, the sent ledger, the findings, the linked events.
  // Then the events' state (the ledger decides if a crash falls in between).
  Status Record(std::vector<Work>& work) {
    std::vector<int64_t> sent_ids;
    BELFRY_RETURN_IF_ERROR(d_.tracker->Transaction([&]() -> Status {
      for (auto& w : work) {
        BELFRY_RETURN_IF_ERROR(RecordOne(w));
        for (const auto& e : w.group->events) sent_ids.push_back(e.id);
      }
      return Ok();
    }));
    return d_.events->SetNotifyState(sent_ids, NotifyState::kNotified);
  }

  Status RecordOne(Work& w) {
    NotifyGroup& g = *w.group;
    auto outbox = d_.mailer->RecordLocked(&w.ticket, w.mail, std::move(w.raw),
                                          notifier_.BounceAddress(w.record.id), o_.actor);
    if (!outbox) return Fail(outbox.error());
    w.record.outbox_id = *outbox;
    w.record.state = "queued";
    BELFRY_RETURN_IF_ERROR(d_.store->UpdateNotification(w.record));
    std::vector<int64_t> ids;
    // What each finding now stands at: what was told before (read when planning) and what
    // these events add.
    std::map<std::string, FindingState> findings;
    for (const auto& e : g.events) {
      ids.push_back(e.id);
      auto [it, first] = findings.try_emplace(e.finding_key);
      FindingState& f = it->second;
      if (first && e.told) f = *e.told;
      f.last_sent = now_;
      f.ports.insert(e.finding.ports.begin(), e.finding.ports.end());
      f.vulnerabilities.insert(e.finding.vulnerabilities.begin(), e.finding.vulnerabilities.end());
      f.severity = std::max(f.severity, e.finding.severity);
    }
    BELFRY_RETURN_IF_ERROR(d_.store->AddSent(g.recipient.email, w.record.id, ids));
    for (const auto& [key, f] : findings)
      BELFRY_RETURN_IF_ERROR(d_.store->PutFinding(g.recipient.email, key, f));
    BELFRY_RETURN_IF_ERROR(d_.tracker->store()->LinkEvents(w.ticket.id, ids));
    return d_.tracker->HistoryLocked(
        w.ticket.id, o_.actor, "notify", "notification", "",
        fmt::format("#{} to {}: {} event(s), {}{}{}", w.record.id, g.recipient.email, ids.size(),
                    w.record.format, w.record.signed_mail ? ", signed" : "",
                    w.record.encrypted ? ", encrypted" : ""));
  }

  void Summarise(const Work& w) {
    const NotifyGroup& g = *w.group;
    if (!o_.dry_run) {
      ++summary_.mails;
      summary_.events_notified += g.events.size();
      if (w.record.signed_mail) ++summary_.signed_mails;
      if (w.record.encrypted) ++summary_.encrypted;
    }
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
    pm.languages = g.recipient.languages;
    pm.events = g.events.size();
    pm.signed_mail = w.record.signed_mail;
    pm.encrypted = w.record.encrypted;
    pm.nis2 = !g.recipient.nis2.empty();
    summary_.planned.push_back(std::move(pm));
  }

  const NotifierDeps& d_;
  const NotifyOptions& o_;
  const Notifier& notifier_;
  const NotifyConfig& cfg_;
  const int64_t now_;
  NotifySummary summary_;
  NotifyPlan plan_;
  bool signing_ = false;
  std::vector<std::unique_ptr<OpenPgp>> pgp_;
  std::map<std::string, bool> have_key_;
  GroupMailContext mctx_;
};

}  // namespace

Result<NotifySummary> Notifier::Run(const NotifyOptions& options) {
  NotifyRun run(d_, options, *this);
  return run.Go();
}

}  // namespace belfry
