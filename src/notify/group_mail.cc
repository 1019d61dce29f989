#include "notify/group_mail.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "core/date_time.h"
#include "notify/attachment_pack.h"
#include "notify/event_formats.h"

namespace belfry {

namespace {

// Per language: {csv, json, xarf, inline, zip, split} notes.
struct Notes {
  const char *csv, *json, *xarf, *inl, *zip, *split;
};
const std::map<std::string, Notes>& AllNotes() {
  static const std::map<std::string, Notes> k = {
      {"en",
       {"The events are attached as {0} (CSV, one row per event, IntelMQ field names as "
        "column titles, separator '{1}').",
        "The events are attached as {0} (JSON, IntelMQ's event format).",
        "The events are attached as X-ARF v4 reports, one per event ({0}).",
        "The events follow as CSV (IntelMQ field names as column titles):",
        " They are compressed in a ZIP archive because of their size.",
        " They are split into several parts because of their size."}},
      {"nl",
       {"De meldingen zijn bijgevoegd als {0} (CSV, één rij per melding, IntelMQ-veldnamen "
        "als kolomtitels, scheidingsteken '{1}').",
        "De meldingen zijn bijgevoegd als {0} (JSON, het gebeurtenisformaat van IntelMQ).",
        "De meldingen zijn bijgevoegd als X-ARF v4-rapporten, één per melding ({0}).",
        "De meldingen volgen als CSV (IntelMQ-veldnamen als kolomtitels):",
        " Wegens hun omvang zitten ze in een ZIP-archief.",
        " Wegens hun omvang zijn ze in meerdere delen opgesplitst."}},
      {"fr",
       {"Les signalements sont joints dans {0} (CSV, une ligne par signalement, noms de champs "
        "IntelMQ en titres de colonnes, séparateur '{1}').",
        "Les signalements sont joints dans {0} (JSON, format d'événement d'IntelMQ).",
        "Les signalements sont joints sous forme de rapports X-ARF v4, un par signalement ({0}).",
        "Les signalements suivent en CSV (noms de champs IntelMQ en titres de colonnes) :",
        " Vu leur taille, ils sont compressés dans une archive ZIP.",
        " Vu leur taille, ils sont répartis en plusieurs parties."}},
      {"de",
       {"Die Meldungen sind als {0} angehängt (CSV, eine Zeile pro Meldung, IntelMQ-Feldnamen "
        "als Spaltentitel, Trennzeichen '{1}').",
        "Die Meldungen sind als {0} angehängt (JSON, das Ereignisformat von IntelMQ).",
        "Die Meldungen sind als X-ARF-v4-Berichte angehängt, einer pro Meldung ({0}).",
        "Die Meldungen folgen als CSV (IntelMQ-Feldnamen als Spaltentitel):",
        " Wegen ihrer Größe sind sie in einem ZIP-Archiv komprimiert.",
        " Wegen ihrer Größe sind sie in mehrere Teile aufgeteilt."}},
  };
  return k;
}

const Notes& NotesFor(const std::string& lang) {
  auto it = AllNotes().find(lang);
  return it == AllNotes().end() ? AllNotes().at("en") : it->second;
}

std::string MailTime(int64_t micros) {
  // "2026-11-29 10:00:00" (the templates say UTC).
  std::string s = FormatIsoUtc(micros - micros % 1000000);
  if (s.size() >= 19) s = s.substr(0, 10) + " " + s.substr(11, 8);
  return s;
}

}  // namespace

std::string TlpNote(Tlp tlp, const std::string& lang) {
  static const std::map<std::string, std::array<const char*, 5>> k = {
      {"en",
       {"no restriction on disclosure", "within your community", "within your organisation and "
        "its clients, on a need-to-know basis", "only within your organisation",
        "for the named recipients only"}},
      {"nl",
       {"geen beperking op verspreiding", "binnen uw gemeenschap", "binnen uw organisatie en "
        "haar klanten, op need-to-know-basis", "alleen binnen uw organisatie",
        "alleen voor de genoemde ontvangers"}},
      {"fr",
       {"aucune restriction de diffusion", "au sein de votre communauté", "au sein de votre "
        "organisation et de ses clients, selon le besoin d'en connaître",
        "uniquement au sein de votre organisation", "réservé aux destinataires nommés"}},
      {"de",
       {"keine Einschränkung der Weitergabe", "innerhalb Ihrer Community", "innerhalb Ihrer "
        "Organisation und ihrer Kunden, bei Bedarf", "nur innerhalb Ihrer Organisation",
        "nur für die genannten Empfänger"}},
  };
  auto it = k.find(lang);
  const auto& notes = it == k.end() ? k.at("en") : it->second;
  return notes[static_cast<size_t>(tlp)];
}

Result<OutgoingMail> BuildGroupMail(const NotifyGroup& g, int64_t ticket,
                                    const GroupMailContext& ctx) {
  const NotifyConfig& cfg = *ctx.config;
  std::vector<const Event*> events;
  std::set<std::string> hosts, identifiers;
  int64_t first = INT64_MAX, last = 0;
  bool repeat = false;
  for (const auto& pe : g.events) {
    events.push_back(&pe.event);
    std::string host = FieldText(pe.event, fields::kSourceIp);
    if (host.empty()) host = FieldText(pe.event, fields::kSourceFqdn);
    if (!host.empty()) hosts.insert(host);
    if (auto id = pe.event.Get(fields::kClassificationIdentifier)) identifiers.emplace(*id);
    if (auto t = pe.event.Get(fields::kTimeSource)) {
      if (auto m = ParseDateTimeMicros(*t)) {
        first = std::min(first, *m);
        last = std::max(last, *m);
      }
    }
    repeat = repeat || pe.repeat;
  }
  if (first == INT64_MAX) first = last = ctx.now * 1000000;
  std::string identifier_list;
  size_t shown = 0;
  for (const auto& id : identifiers) {
    if (shown == 8) {
      identifier_list += ", ...";
      break;
    }
    identifier_list += (shown++ ? ", " : "") + id;
  }

  const ContactFormat& format = g.recipient.format;
  std::vector<OutgoingAttachment> files;
  std::string inline_table, file_names;
  switch (format.data) {
    case DataFormat::kCsv:
      files.push_back({"events.csv", "text/csv; charset=utf-8", EventsCsv(events, format.delimiter)});
      break;
    case DataFormat::kJson:
      files.push_back({"events.json", "application/json", EventsJson(events)});
      break;
    case DataFormat::kXarf: {
      size_t n = 0;
      for (const Event* e : events)
        files.push_back({fmt::format("xarf-{:04}.json", ++n), "application/json",
                         XarfReport(*e, ctx.reporter, NewUuid(), ctx.now)});
      break;
    }
    case DataFormat::kInline:
      inline_table = EventsCsv(events, ',');
      std::erase(inline_table, '\r');
      break;
  }
  const size_t before = files.size();
  auto packed = PackAttachments(std::move(files), cfg.attachment_max_bytes, cfg.oversize,
                                "events.zip", ctx.now);
  if (!packed) return Fail(packed.error());
  files = std::move(*packed);
  const bool zipped = files.size() == 1 && files[0].content_type == "application/zip";
  const bool split = !zipped && files.size() > before;
  for (const auto& f : files) file_names += (file_names.empty() ? "" : ", ") + f.name;

  std::string classification = g.classification;
  for (size_t p = classification.find(','); p != std::string::npos;
       p = classification.find(',', p + 2))
    classification.replace(p, 1, ", ");
  std::map<std::string, std::string> values = {
      {"organisation_name", g.recipient.organisation_name},
      {"team_name", cfg.team_name},
      {"count", std::to_string(g.events.size())},
      {"hosts", std::to_string(std::max<size_t>(hosts.size(), 1))},
      {"classification", g.classification.empty() ? "unknown" : classification},
      {"identifiers", identifier_list},
      {"first_seen", MailTime(first)},
      {"last_seen", MailTime(last)},
      {"inline_table", inline_table},
      {"ticket", std::to_string(ticket)},
      {"tag", ctx.subject_tag},
      {"tlp", std::string(TlpName(g.tlp))},
      {"nis2", g.recipient.nis2},
      {"repeat", repeat ? "yes" : ""},
  };
  OutgoingMail mail;
  for (size_t i = 0; i < g.recipient.languages.size(); ++i) {
    const std::string& lang = g.recipient.languages[i];
    const Notes& n = NotesFor(lang);
    std::string note;
    switch (format.data) {
      case DataFormat::kCsv:
        note = fmt::format(fmt::runtime(n.csv), file_names, std::string(1, format.delimiter));
        break;
      case DataFormat::kJson: note = fmt::format(fmt::runtime(n.json), file_names); break;
      case DataFormat::kXarf: note = fmt::format(fmt::runtime(n.xarf), file_names); break;
      case DataFormat::kInline: note = n.inl; break;
    }
    if (zipped) note += n.zip;
    if (split) note += n.split;
    values["data_note"] = note;
    values["tlp_note"] = TlpNote(g.tlp, lang);
    auto r = ctx.templates->Render(g.template_name, lang, values);
    if (!r) return Fail(r.error());
    if (i == 0) mail.subject = r->subject;
    if (i > 0) mail.text += "\n----------------------------------------------------------------\n\n";
    mail.text += r->body;
  }
  mail.to = {g.recipient.email};
  mail.attachments = std::move(files);
  mail.automatic = true;
  return mail;
}

}  // namespace belfry
