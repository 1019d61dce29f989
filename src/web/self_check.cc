#include "web/self_check.h"

#include <fmt/format.h>

#include <array>
#include <map>

#include "core/date_time.h"
#include "core/json_object.h"

namespace belfry {

namespace {

struct Texts {
  const char *title, *clean, *listed, *unknown, *advice_infected, *advice_other, *what, *seen,
      *privacy;
};

const std::map<std::string, Texts>& AllTexts() {
  static const std::map<std::string, Texts> k = {
      {"en",
       {"Is my connection infected?",
        "Good news: your Internet connection ({ip}) does not appear in our recent reports.",
        "Your Internet connection ({ip}) appears in our reports of the last {days} days:",
        "We could not determine the address of your connection.",
        "A device on your network (computer, phone, router, camera…) is very likely infected. "
        "Update and scan every device, reinstall those you cannot clean, change your passwords, "
        "and restart your router. Ask your Internet provider for help if it persists.",
        "A device or service on your connection was reported. Check what runs on your network and "
        "update it, or ask your Internet provider.",
        "What was seen", "last seen",
        "We do not store your address: we only count how many visitors got each answer."}},
      {"nl",
       {"Is mijn verbinding besmet?",
        "Goed nieuws: uw internetverbinding ({ip}) komt niet voor in onze recente meldingen.",
        "Uw internetverbinding ({ip}) komt voor in onze meldingen van de laatste {days} dagen:",
        "We konden het adres van uw verbinding niet bepalen.",
        "Een toestel in uw netwerk (computer, telefoon, router, camera…) is zeer waarschijnlijk "
        "besmet. Werk elk toestel bij en scan het, herinstalleer wat u niet kunt reinigen, "
        "wijzig uw wachtwoorden en herstart uw router. Vraag uw internetprovider om hulp als het "
        "blijft.",
        "Een toestel of dienst op uw verbinding werd gemeld. Controleer wat er in uw netwerk "
        "draait en werk het bij, of vraag uw internetprovider.",
        "Wat we zagen", "laatst gezien",
        "We bewaren uw adres niet: we tellen enkel hoeveel bezoekers elk antwoord kregen."}},
      {"fr",
       {"Ma connexion est-elle infectée ?",
        "Bonne nouvelle : votre connexion Internet ({ip}) n'apparaît pas dans nos signalements "
        "récents.",
        "Votre connexion Internet ({ip}) apparaît dans nos signalements des {days} derniers "
        "jours :",
        "Nous n'avons pas pu déterminer l'adresse de votre connexion.",
        "Un appareil de votre réseau (ordinateur, téléphone, routeur, caméra…) est très "
        "probablement infecté. Mettez à jour et analysez chaque appareil, réinstallez ceux que "
        "vous ne pouvez pas nettoyer, changez vos mots de passe et redémarrez votre routeur. "
        "Demandez de l'aide à votre fournisseur d'accès si cela persiste.",
        "Un appareil ou un service de votre connexion a été signalé. Vérifiez ce qui tourne sur "
        "votre réseau et mettez-le à jour, ou demandez à votre fournisseur d'accès.",
        "Ce qui a été observé", "vu pour la dernière fois",
        "Nous ne conservons pas votre adresse : nous comptons seulement combien de visiteurs ont "
        "reçu chaque réponse."}},
      {"de",
       {"Ist mein Anschluss infiziert?",
        "Gute Nachricht: Ihr Internetanschluss ({ip}) taucht in unseren aktuellen Meldungen nicht "
        "auf.",
        "Ihr Internetanschluss ({ip}) taucht in unseren Meldungen der letzten {days} Tage auf:",
        "Wir konnten die Adresse Ihres Anschlusses nicht bestimmen.",
        "Ein Gerät in Ihrem Netz (Computer, Telefon, Router, Kamera…) ist sehr wahrscheinlich "
        "infiziert. Aktualisieren und prüfen Sie jedes Gerät, installieren Sie neu, was Sie nicht "
        "bereinigen können, ändern Sie Ihre Passwörter und starten Sie Ihren Router neu. Fragen "
        "Sie Ihren Internetanbieter, wenn es bleibt.",
        "Ein Gerät oder Dienst an Ihrem Anschluss wurde gemeldet. Prüfen und aktualisieren Sie, "
        "was in Ihrem Netz läuft, oder fragen Sie Ihren Internetanbieter.",
        "Was wir gesehen haben", "zuletzt gesehen",
        "Wir speichern Ihre Adresse nicht: wir zählen nur, wie viele Besucher welche Antwort "
        "bekamen."}},
  };
  return k;
}

std::string Fill(std::string_view text, const std::string& ip, int64_t days) {
  std::string s(text);
  for (size_t p; (p = s.find("{ip}")) != std::string::npos;) s.replace(p, 4, ip);
  for (size_t p; (p = s.find("{days}")) != std::string::npos;) s.replace(p, 6, std::to_string(days));
  return s;
}

}  // namespace

void CheckIndex::Add(const IpAddress& ip, CheckFinding finding) {
  auto& list = by_ip_[ip.ToString()];
  for (auto& f : list) {
    if (f.classification == finding.classification && f.malware == finding.malware) {
      f.last_seen = std::max(f.last_seen, finding.last_seen);
      return;
    }
  }
  if (list.size() < 16) list.push_back(std::move(finding));
}

const std::vector<CheckFinding>* CheckIndex::Find(const IpAddress& ip) const {
  auto it = by_ip_.find(ip.ToString());
  return it == by_ip_.end() ? nullptr : &it->second;
}

SelfCheck::SelfCheck(Metrics* metrics, int64_t days)
    : index_(std::make_shared<CheckIndex>()), metrics_(metrics), days_(days) {
  if (metrics_)
    metrics_->Describe("belfry_check_requests_total", "counter",
                       "Self-check answers by result (listed, clean, unknown); no addresses kept.");
}

void SelfCheck::SetIndex(std::shared_ptr<const CheckIndex> index) {
  std::lock_guard<std::mutex> lock(mu_);
  index_ = std::move(index);
}

std::shared_ptr<const CheckIndex> SelfCheck::index() const {
  std::lock_guard<std::mutex> lock(mu_);
  return index_;
}

const std::vector<CheckFinding>* SelfCheck::Lookup(const WebRequest& request,
                                                    std::string* result) const {
  const std::vector<CheckFinding>* found = nullptr;
  if (!request.client) {
    *result = "unknown";
  } else {
    found = index()->Find(*request.client);
    *result = found ? "listed" : "clean";
  }
  if (metrics_) metrics_->Add("belfry_check_requests_total", Metrics::Label("result", *result), 1);
  return found;
}

std::string SelfCheck::Language(const WebRequest& request) const {
  auto it = request.query.find("lang");
  if (it != request.query.end() && AllTexts().count(it->second)) return it->second;
  for (const auto& l : AcceptedLanguages(request.Header("accept-language")))
    if (AllTexts().count(l)) return l;
  return "en";
}

WebResponse SelfCheck::Json(const WebRequest& request) const {
  std::string result;
  // The index is kept alive while its findings are read.
  auto keep = index();
  const std::vector<CheckFinding>* found = Lookup(request, &result);
  std::string list = "[";
  if (found) {
    for (const auto& f : *found) {
      if (list.size() > 1) list += ", ";
      list += JsonObject()
                  .Str("classification", f.classification)
                  .StrOrNull("malware", f.malware)
                  .Str("last_seen", FormatIsoUtc(f.last_seen * 1000000))
                  .Done();
    }
  }
  WebResponse r;
  r.content_type = "application/json";
  r.headers.emplace_back("Cache-Control", "no-store");
  r.body = JsonObject()
               .Str("result", result)
               .StrOrNull("address", request.client ? request.client->ToString() : "")
               .Raw("findings", list + "]")
               .Done() +
           "\n";
  return r;
}

WebResponse SelfCheck::Html(const WebRequest& request) const {
  const std::string lang = Language(request);
  const Texts& t = AllTexts().at(lang);
  std::string result;
  auto keep = index();
  const std::vector<CheckFinding>* found = Lookup(request, &result);
  const std::string ip = request.client ? EscapeHtml(request.client->ToString()) : "";
  std::string body;
  if (result == "unknown") {
    body = fmt::format("<p class=\"unknown\">{}</p>", EscapeHtml(t.unknown));
  } else if (!found) {
    body = fmt::format("<p class=\"clean\">{}</p>", Fill(EscapeHtml(t.clean), ip, days_));
  } else {
    bool infected = false;
    std::string items;
    for (const auto& f : *found) {
      infected = infected || f.classification == "infected-system";
      items += fmt::format("<li>{}{}{} — {} {}</li>", EscapeHtml(f.classification),
                           f.malware.empty() ? "" : ": ", EscapeHtml(f.malware), t.seen,
                           FormatIsoUtc(f.last_seen * 1000000).substr(0, 10));
    }
    body = fmt::format("<p class=\"listed\">{}</p>\n<h2>{}</h2>\n<ul>{}</ul>\n<p>{}</p>",
                       Fill(EscapeHtml(t.listed), ip, days_), EscapeHtml(t.what), items,
                       EscapeHtml(infected ? t.advice_infected : t.advice_other));
  }
  std::string switcher;
  for (const auto& [code, texts] : AllTexts())
    switcher += fmt::format(" <a href=\"/check?lang={0}\" lang=\"{0}\">{0}</a>", code);
  WebResponse r;
  r.content_type = "text/html; charset=utf-8";
  r.headers.emplace_back("Cache-Control", "no-store");
  r.headers.emplace_back("Content-Language", lang);
  r.headers.emplace_back("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
  r.body = fmt::format(
      "<!doctype html>\n<html lang=\"{0}\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      "<title>{1}</title><style>body{{font:1.1em sans-serif;max-width:40em;margin:2em auto;"
      "padding:0 1em}}.clean{{color:#075}}.listed{{color:#a00;font-weight:bold}}</style>"
      "</head><body>\n<h1>{1}</h1>\n{2}\n<p><small>{3}</small></p>\n<nav>{4}</nav>\n"
      "</body></html>\n",
      lang, EscapeHtml(t.title), body, EscapeHtml(t.privacy), switcher);
  return r;
}

}  // namespace belfry
