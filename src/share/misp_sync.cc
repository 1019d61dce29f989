#include "share/misp_sync.h"

#include <fmt/format.h>
#include <simdjson.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <optional>

#include "core/digest.h"
#include "share/misp_writer.h"

namespace belfry {

namespace {

bool HasTag(const Ticket& t, const std::string& tag) {
  return std::find(t.tags.begin(), t.tags.end(), tag) != t.tags.end();
}

// MISP's answer, cut short for a record (never the request: it could carry the key).
std::string Snippet(const std::string& body) {
  std::string s = body.substr(0, 300);
  for (char& c : s)
    if (c == '\n' || c == '\r') c = ' ';
  return s;
}

// An answer to POST /events/add for an event the instance already has.
bool AlreadyExists(const MispReply& r) {
  return (r.status == 403 || r.status == 409) && r.body.find("already exists") != std::string::npos;
}

// The instance's number for the event: {"Event": {"id": "12", ...}}.
std::optional<std::string> RemoteId(const std::string& body) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  std::string_view id;
  if (parser.parse(body).get(doc) != simdjson::SUCCESS ||
      doc["Event"]["id"].get_string().get(id) != simdjson::SUCCESS)
    return std::nullopt;
  return std::string(id);
}

bool Transient(long status) { return status == 0 || status == 408 || status == 429 || status >= 500; }

}  // namespace

int64_t MispRetryDelay(int64_t attempts) {
  int64_t d = 60;
  for (int64_t i = 1; i < attempts && d < 6 * 3600; ++i) d *= 2;
  return std::min<int64_t>(d, 6 * 3600);
}

MispSync::MispSync(const MispSyncConfig& config, EventStore* events, TicketStore* tickets,
                   MispPushStore* pushes, SharingTeam team, MispPost post)
    : config_(config), events_(events), tickets_(tickets), pushes_(pushes),
      team_(std::move(team)), post_(std::move(post)) {}

Result<std::string> MispSync::Fingerprint(const Ticket& t) {
  // What the push would carry: the title, the labels, the evidence (the incident's and its
  // reports'), and the recipient's rules.
  std::vector<int64_t> from = {t.id};
  auto kids = tickets_->Children(t.id);
  if (!kids) return Fail(kids.error());
  from.insert(from.end(), kids->begin(), kids->end());
  std::string text = fmt::format("{}\n{}\n{}\n{}\n{}\n", t.subject, config_.recipient,
                                 config_.distribution, config_.sharing_group, t.tlp);
  for (int64_t id : from) {
    auto source = tickets_->GetTicket(id);
    if (!source) return Fail(source.error());
    if (*source) text += (*source)->tlp + ":";
    auto ids = tickets_->LinkedEvents({id});
    if (!ids) return Fail(ids.error());
    std::sort(ids->begin(), ids->end());
    for (int64_t e : *ids) text += fmt::format("{},", e);
    text += "\n";
  }
  return Sha256Hex(text);
}

Result<uint64_t> MispSync::QueueChanged(int64_t now, int64_t ticket) {
  std::vector<Ticket> candidates;
  if (ticket != 0) {
    auto t = tickets_->GetTicket(ticket);
    if (!t) return Fail(t.error());
    if (!*t) return Fail(Error::NotFound(fmt::format("no ticket #{}", ticket)));
    candidates.push_back(**t);
  } else {
    TicketFilter f;
    f.active_only = true;
    f.limit = 500;
    for (;;) {
      auto page = tickets_->ListTickets(f);
      if (!page) return Fail(page.error());
      for (auto& t : *page)
        if (HasTag(t, config_.push_tag)) candidates.push_back(std::move(t));
      if (page->size() < f.limit) break;
      f.before_id = page->back().id;
    }
  }
  uint64_t queued = 0;
  for (const Ticket& t : candidates) {
    auto fp = Fingerprint(t);
    if (!fp) return Fail(fp.error());
    auto existing = pushes_->GetMispPush(t.id);
    if (!existing) return Fail(existing.error());
    MispPush p = existing->value_or(MispPush{});
    if (existing->has_value() && p.wanted == *fp &&
        (p.state == "pending" || p.state == "failed" || p.pushed == *fp))
      continue;  // already due, refused as it is (until it changes), or pushed as it is
    if (!existing->has_value()) {
      p.ticket = t.id;
      p.event_uuid = NameUuid(fmt::format("belfry-ticket:{}:{}", team_.website, t.id));
    }
    p.wanted = *fp;
    p.state = "pending";
    p.attempts = 0;
    p.next_attempt = now;
    p.last_error.clear();
    BELFRY_RETURN_IF_ERROR(pushes_->SaveMispPush(p));
    ++queued;
  }
  return queued;
}

Status MispSync::PushOne(MispPush* p, int64_t now, MispSyncStats* stats) {
  ShareRequest req;
  req.format = "misp";
  req.to = *ParseRecipient(config_.recipient);
  req.ticket = p->ticket;
  req.actor = "misp-sync";
  req.misp_distribution = config_.distribution;
  req.misp_sharing_group = config_.sharing_group;
  std::string body;
  auto done = ExportShared(req, *events_, tickets_, team_, now,
                           [&body](std::string_view b) { body.append(b); });
  if (!done) return Fail(done.error());
  auto fail_for_good = [&](std::string why) -> Status {
    p->state = "failed";
    p->last_error = std::move(why);
    ++stats->failed;
    return pushes_->SaveMispPush(*p);
  };
  if (done->shared == 0)
    return fail_for_good(fmt::format("nothing {} may have: {} event(s) withheld by TLP",
                                     config_.recipient, done->withheld));
  const bool known = !p->pushed.empty();
  auto reply = post_(known ? "/events/edit/" + p->event_uuid : "/events/add", body);
  bool created = !known;
  if (reply && !known && AlreadyExists(*reply)) {  // an earlier answer was lost
    reply = post_("/events/edit/" + p->event_uuid, body);
    created = false;
  }
  if (!reply || Transient(reply->status)) {
    ++p->attempts;
    p->next_attempt = now + MispRetryDelay(p->attempts);
    p->last_error = reply ? fmt::format("HTTP {}: {}", reply->status, Snippet(reply->body))
                          : reply.error().message();
    ++stats->deferred;
    spdlog::warn("misp sync: ticket #{}: {} (attempt {}, next in {} s)", p->ticket,
                 p->last_error, p->attempts, p->next_attempt - now);
    return pushes_->SaveMispPush(*p);
  }
  if (reply->status != 200)
    return fail_for_good(fmt::format("HTTP {}: {}", reply->status, Snippet(reply->body)));
  p->remote_id = RemoteId(reply->body).value_or(p->remote_id);
  p->state = "done";
  p->pushed = p->wanted;
  p->pushed_at = now;
  p->attempts = 0;
  p->last_error.clear();
  ++(created ? stats->created : stats->edited);
  return pushes_->SaveMispPush(*p);
}

Result<MispSyncStats> MispSync::PushDue(int64_t now, size_t limit) {
  MispSyncStats stats;
  auto due = pushes_->DueMispPushes(now, limit);
  if (!due) return Fail(due.error());
  for (MispPush& p : *due) BELFRY_RETURN_IF_ERROR(PushOne(&p, now, &stats));
  return stats;
}

Result<MispSyncStats> MispSync::Run(int64_t now) {
  auto queued = QueueChanged(now);
  if (!queued) return Fail(queued.error());
  auto stats = PushDue(now);
  if (!stats) return Fail(stats.error());
  stats->queued = *queued;
  return stats;
}

}  // namespace belfry
