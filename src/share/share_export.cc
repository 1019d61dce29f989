#include "share/share_export.h"

#include <fmt/format.h>

#include <algorithm>
#include <unordered_map>

#include "core/date_time.h"
#include "model/field_registry.h"
#include "share/iodef_writer.h"
#include "share/misp_writer.h"
#include "share/stix_writer.h"
#include "share/xarf_report.h"

namespace belfry {

namespace {

std::string DomainOf(const SharingTeam& team) {
  const auto at = team.mail.rfind('@');
  if (at != std::string::npos) return team.mail.substr(at + 1);
  std::string w = team.website;
  if (auto p = w.find("://"); p != std::string::npos) w.erase(0, p + 3);
  return w.substr(0, w.find('/'));
}

// The events of the request the recipient may have, one at a time with the TLP they go
// out under; the others counted.
Status ForEachShareable(const ShareRequest& r, EventStore& events,
                        const std::unordered_map<int64_t, Tlp>& floors,
                        const std::string& ticket_org,
                        const std::function<void(const FoundEvent&, Tlp)>& fn,
                        ShareOutcome* out) {
  EventQuery q = r.query;
  q.limit = r.limit;
  q.unordered = true;
  q.text = false;  // the decoded event is enough: no JSON text per event
  q.extras = false;  // no writer reads extra.*
  return events.Scan(q, [&](FoundEvent& fe) -> Status {
    auto floor = floors.find(fe.id);
    const Tlp tlp = EffectiveTlp(fe.event, floor == floors.end() ? Tlp::kClear : floor->second);
    const std::string& org = fe.route && !fe.route->org.empty() ? fe.route->org : ticket_org;
    if (!MayShare(tlp, r.to, org).allowed) {
      ++out->withheld;
      return Ok();
    }
    fn(fe, tlp);
    return Ok();
  }, &out->damaged);
}

}  // namespace

bool IsShareFormat(std::string_view format) {
  return std::find(std::begin(kShareFormats), std::end(kShareFormats), format) !=
         std::end(kShareFormats);
}

std::optional<Recipient> ResolveRecipient(std::string_view text, const ConstituencyIndex* index) {
  if (auto r = ParseRecipient(text)) return r;
  if (text.empty() || text.find(':') != std::string_view::npos) return std::nullopt;
  if (index && index->Organisation(text)) return Recipient{RecipientKind::kConstituent, std::string(text)};
  return Recipient{RecipientKind::kPeerTeam, std::string(text)};
}

std::string_view ShareMediaType(std::string_view format) {
  if (format == "iodef") return "application/xml";
  if (format == "xarf") return "application/x-ndjson";
  return "application/json";
}

Tlp EffectiveTlp(const Event& e, Tlp floor) {
  Tlp tlp = Tlp::kAmber;  // unlabelled data: IntelMQ's and our default
  if (auto t = e.Get(fields::kTlp)) tlp = ParseTlp(*t).value_or(Tlp::kRed);
  return std::max(tlp, floor);
}

Result<ShareOutcome> ExportShared(const ShareRequest& r, EventStore& events,
                                  TicketStore* tickets, const SharingTeam& team, int64_t now,
                                  const std::function<void(std::string_view)>& sink) {
  if (!IsShareFormat(r.format))
    return Fail(Error::InvalidInput(fmt::format("unknown format {}: misp, stix, iodef or xarf",
                                                r.format)));
  ShareRequest req = r;
  std::unordered_map<int64_t, Tlp> floors;  // event -> the TLP of the ticket it came with
  std::string ticket_org, title = r.info, key;
  if (r.ticket != 0) {
    if (!tickets) return Fail(Error::Internal("no ticket store"));
    auto t = tickets->GetTicket(r.ticket);
    if (!t) return Fail(t.error());
    if (!*t) return Fail(Error::NotFound(fmt::format("no ticket #{}", r.ticket)));
    ticket_org = (*t)->organisation;
    std::vector<int64_t> from = {r.ticket};
    if (auto kids = tickets->Children(r.ticket); kids) from.insert(from.end(), kids->begin(), kids->end());
    else return Fail(kids.error());
    for (int64_t id : from) {
      auto source = id == r.ticket ? t : tickets->GetTicket(id);
      if (!source) return Fail(source.error());
      const Tlp label = *source ? ParseTlp((*source)->tlp).value_or(Tlp::kRed) : Tlp::kRed;
      auto ids = tickets->LinkedEvents({id});
      if (!ids) return Fail(ids.error());
      for (int64_t e : *ids) {
        auto [it, fresh] = floors.emplace(e, label);
        if (!fresh) it->second = std::max(it->second, label);
      }
    }
    for (const auto& [e, label] : floors) req.query.ids.push_back(e);
    std::sort(req.query.ids.begin(), req.query.ids.end());
    if (req.query.ids.empty()) req.query.ids = {0};  // no evidence: an empty document
    if (title.empty()) title = fmt::format("{} #{}: {}", team.name, r.ticket, (*t)->subject);
    key = fmt::format("belfry-ticket:{}:{}", team.website, r.ticket);
  } else {
    if (title.empty()) title = fmt::format("{}: events shared with {}", team.name, RecipientName(r.to));
    key = fmt::format("belfry-export:{}:{}:{}", team.website, title, now);
  }

  ShareOutcome out;
  auto each = [&](const std::function<void(const FoundEvent&, Tlp)>& fn) {
    return ForEachShareable(req, events, floors, ticket_org, fn, &out);
  };
  if (r.format == "misp") {
    MispEventHeader h;
    h.info = title;
    h.uuid = out.uuid = NameUuid(key);
    h.date = FormatIsoUtc(now * 1000000).substr(0, 10);
    h.timestamp = now;
    h.org_name = team.name;
    h.org_uuid = NameUuid("belfry-team:" + team.website);
    h.distribution = r.misp_distribution >= 0                 ? r.misp_distribution
                     : r.to.kind == RecipientKind::kPublic    ? 3
                     : r.to.kind == RecipientKind::kCommunity ? 1
                                                              : 0;
    h.sharing_group = r.misp_sharing_group;
    h.objects = r.misp_objects;
    MispEventWriter w(h, sink);
    if (!w.Begin()) return Fail(Error::Io("cannot create a temporary file for the MISP objects"));
    BELFRY_RETURN_IF_ERROR(each([&](const FoundEvent& fe, Tlp tlp) {
          w.Add(fe.event, fe.id, tlp);
          ++out.shared;
        }));
    w.Finish();
    out.items = w.attributes() + w.objects();
  } else if (r.format == "stix") {
    StixBundleWriter w({team.name, team.mail, title, key, now}, sink);
    BELFRY_RETURN_IF_ERROR(w.Begin());
    BELFRY_RETURN_IF_ERROR(each([&](const FoundEvent& fe, Tlp tlp) {
          if (w.Add(fe.event, fe.id, tlp)) ++out.shared;
          else ++out.skipped;
        }));
    BELFRY_RETURN_IF_ERROR(w.Finish());
    out.items = w.indicators();
  } else if (r.format == "iodef") {
    IodefWriter w({team.name, team.mail, DomainOf(team),
                   r.ticket ? fmt::format("{}", r.ticket) : "", now}, sink);
    w.Begin();
    BELFRY_RETURN_IF_ERROR(each([&](const FoundEvent& fe, Tlp tlp) {
          w.Add(fe.event, fe.id, tlp);
          ++out.shared;
        }));
    w.Finish();
    out.items = w.incidents();
  } else {  // X-ARF: one report per event, one per line (JSON lines), for abuse desks
    XarfReporter reporter{team.name, team.mail, DomainOf(team)};
    std::string line;
    BELFRY_RETURN_IF_ERROR(each([&](const FoundEvent& fe, Tlp) {
          line = XarfReport(fe.event, reporter, NewUuid(), now);
          line.push_back('\n');
          sink(line);
          ++out.shared;
        }));
    out.items = out.shared;
  }
  if (r.ticket != 0) {  // what left, to whom, by whom: in the ticket's history
    HistoryEntry h;
    h.ticket_id = r.ticket;
    h.at = now;
    h.actor = r.actor;
    h.action = "share";
    h.field = r.format;
    h.new_value = fmt::format("{}: {} event(s), {} withheld by TLP", RecipientName(r.to),
                              out.shared, out.withheld);
    BELFRY_RETURN_IF_ERROR(tickets->AddHistory(h));
  }
  return out;
}

}  // namespace belfry
