#pragma once
// The newsletter's own words in the four languages of the editions (its mails and pages).
// Internal to the newsletter module.

#include <string>

namespace belfry::newsletter_words {

struct Words {
  const char* lang;
  const char *newsletter, *for_pro, *for_citizen, *issue_no, *period, *none, *read_more,
      *severity, *why, *unsubscribe, *archive, *subscribe, *email, *edition, *check_mail,
      *confirm, *confirmed, *unsubscribed, *bad_link, *no_issues, *unsubscribe_question,
      *confirm_question, *bad_request;
};

inline constexpr Words kWords[] = {
    {"en", "Newsletter", "for professionals", "for citizens", "no.",
     "Publications from {} to {}", "No new publications in this period.", "Read more",
     "Severity", "You receive this newsletter because you subscribed to it at {}.",
     "Unsubscribe", "Archive", "Subscribe", "Your e-mail address", "Edition",
     "Check your mailbox: if the address can receive mail, we sent it a link to confirm the "
     "subscription.",
     "Confirm my subscription", "Your subscription is confirmed. Welcome!",
     "You are unsubscribed: you will receive no more issues.",
     "This link is not valid (any more).", "No issue yet.",
     "Stop receiving this newsletter at {}?", "Receive this newsletter at {}?",
     "Please give a valid e-mail address and choose an edition."},
    {"nl", "Nieuwsbrief", "voor professionals", "voor burgers", "nr.",
     "Publicaties van {} tot {}", "Geen nieuwe publicaties in deze periode.", "Lees meer",
     "Ernst", "U ontvangt deze nieuwsbrief omdat u zich erop hebt ingeschreven op {}.",
     "Uitschrijven", "Archief", "Inschrijven", "Uw e-mailadres", "Editie",
     "Kijk in uw mailbox: als het adres mail kan ontvangen, stuurden we er een link naartoe om "
     "de inschrijving te bevestigen.",
     "Mijn inschrijving bevestigen", "Uw inschrijving is bevestigd. Welkom!",
     "U bent uitgeschreven: u ontvangt geen nummers meer.",
     "Deze link is niet (meer) geldig.", "Nog geen nummer.",
     "Deze nieuwsbrief niet meer ontvangen op {}?", "Deze nieuwsbrief ontvangen op {}?",
     "Geef een geldig e-mailadres en kies een editie."},
    {"fr", "Lettre d'information", "pour les professionnels", "pour les citoyens", "n°",
     "Publications du {} au {}", "Aucune nouvelle publication pendant cette période.",
     "Lire la suite", "Gravité",
     "Vous recevez cette lettre d'information parce que vous vous y êtes abonné sur {}.",
     "Se désabonner", "Archives", "S'abonner", "Votre adresse e-mail", "Édition",
     "Consultez votre boîte mail : si l'adresse peut recevoir du courrier, nous y avons envoyé "
     "un lien pour confirmer l'abonnement.",
     "Confirmer mon abonnement", "Votre abonnement est confirmé. Bienvenue !",
     "Vous êtes désabonné : vous ne recevrez plus de numéros.",
     "Ce lien n'est pas (ou plus) valable.", "Aucun numéro pour l'instant.",
     "Ne plus recevoir cette lettre d'information à {} ?",
     "Recevoir cette lettre d'information à {} ?",
     "Veuillez donner une adresse e-mail valable et choisir une édition."},
    {"de", "Newsletter", "für Fachleute", "für Bürger", "Nr.",
     "Veröffentlichungen vom {} bis {}", "Keine neuen Veröffentlichungen in diesem Zeitraum.",
     "Weiterlesen", "Schweregrad",
     "Sie erhalten diesen Newsletter, weil Sie ihn unter {} abonniert haben.", "Abbestellen",
     "Archiv", "Abonnieren", "Ihre E-Mail-Adresse", "Ausgabe",
     "Sehen Sie in Ihrem Postfach nach: Wenn die Adresse E-Mails empfangen kann, haben wir ihr "
     "einen Link zur Bestätigung des Abonnements gesendet.",
     "Mein Abonnement bestätigen", "Ihr Abonnement ist bestätigt. Willkommen!",
     "Sie sind abgemeldet: Sie erhalten keine weiteren Ausgaben.",
     "Dieser Link ist nicht (mehr) gültig.", "Noch keine Ausgabe.",
     "Diesen Newsletter nicht mehr an {} erhalten?", "Diesen Newsletter an {} erhalten?",
     "Bitte geben Sie eine gültige E-Mail-Adresse an und wählen Sie eine Ausgabe."},
};

inline const Words& W(const std::string& lang) {
  for (const auto& w : kWords)
    if (lang == w.lang) return w;
  return kWords[0];
}

inline const char* AudienceWords(const std::string& audience, const std::string& lang) {
  return audience == "citizen" ? W(lang).for_citizen : W(lang).for_pro;
}

}  // namespace belfry::newsletter_words
