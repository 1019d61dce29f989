// The console's words in Dutch, French and English (the team's languages); the browser's
// preference chooses, the user can switch (kept in localStorage).
const words = {
  en: {
    new_advisory: "New advisory", save_draft: "Save draft", audience: "Audience", published: "Published", author: "author", reviewer: "reviewer", public_page: "Public page", submit_review: "Ask for review", approve: "Approve", reject: "Send back", publish: "Publish", withdraw: "Withdraw", why: "Why?", saved: "Saved", revisions: "Revisions", told: "Organisations running it, told", nobody_told: "No constituent on file runs what it names.",
    signin: "Sign in", user: "User", password: "Password", signout: "Sign out",
    dashboard: "Dashboard", queues: "Queues", events: "Events", organisations: "Organisations",
    feeds: "Feeds", notifications: "Notifications", portal: "Our findings",
    new_reports: "New reports", mine: "Mine", overdue: "Overdue", nis2: "NIS2 deadlines",
    unrouted: "Unrouted events", investigations: "Investigations", incidents: "Incidents",
    search: "Search", export_csv: "Export CSV", export_json: "Export JSON lines", more: "More",
    subject: "Subject", status: "Status", severity: "Severity", owner: "Owner",
    organisation: "Organisation", classification: "Classification", created: "Created", due: "Due",
    history: "History", correspondence: "Correspondence", reply: "Reply", comment: "Comment",
    investigate: "Investigate", investigate_done: "Investigation launched", send: "Send",
    share: "Share", format: "Format", recipient: "Recipient", recipient_hint: "public, community, peer:TEAM, org:HANDLE or named:NAME", shared_note: "Shared: {n} event(s); {w} withheld by TLP.",
    events_per_day: "Events per day by classification",
    infected_per_family: "Infected hosts per malware family (unique IPs a day, constituency)",
    top_orgs: "Most affected organisations", top_sectors: "Most affected sectors", sla: "SLA status",
    active: "Active", networks: "Networks", contacts: "Contacts", open_findings: "Open investigations",
    nothing: "Nothing here.", fixed: "Fixed", false_positive: "False positive",
    feedback_sent: "Thank you: the team has your answer.", add_contact: "Add a contact", products: "Products you run", no_products: "None on file: declare them to be warned when an advisory names them.", vendor: "Vendor", product: "Product", version: "Version", add_product: "Add a product",
    inhibitions: "Inhibitions", inhibit: "Inhibit", until: "Until", reason: "Reason",
    advisories: "Advisories", no_advisories: "No advisories for you at the moment.",
    current: "Current findings", download: "Download", network: "Network", remove: "Remove",
    bad_login: "Unknown user or wrong password.", too_many: "Too many failed logins: wait and retry.",
    last_success: "Last success", next_run: "Next run", last_error: "Last error",
    route: "Route", time: "Time (UTC)", address: "Address", type: "Type", feed: "Feed", period: "Period",
  },
  nl: {
    new_advisory: "Nieuw advies", save_draft: "Ontwerp bewaren", audience: "Publiek", published: "Gepubliceerd", author: "auteur", reviewer: "nalezer", public_page: "Publieke pagina", submit_review: "Nalezing vragen", approve: "Goedkeuren", reject: "Terugsturen", publish: "Publiceren", withdraw: "Intrekken", why: "Waarom?", saved: "Bewaard", revisions: "Revisies", told: "Organisaties die het gebruiken, verwittigd", nobody_told: "Geen gekende constituent gebruikt wat het noemt.",
    signin: "Aanmelden", user: "Gebruiker", password: "Wachtwoord", signout: "Afmelden",
    dashboard: "Dashboard", queues: "Wachtrijen", events: "Gebeurtenissen", organisations: "Organisaties",
    feeds: "Feeds", notifications: "Meldingen", portal: "Onze bevindingen",
    new_reports: "Nieuwe meldingen", mine: "Van mij", overdue: "Te laat", nis2: "NIS2-termijnen",
    unrouted: "Niet-gerouteerde gebeurtenissen", investigations: "Onderzoeken", incidents: "Incidenten",
    search: "Zoeken", export_csv: "CSV exporteren", export_json: "JSON-regels exporteren", more: "Meer",
    subject: "Onderwerp", status: "Status", severity: "Ernst", owner: "Eigenaar",
    organisation: "Organisatie", classification: "Classificatie", created: "Aangemaakt", due: "Termijn",
    history: "Geschiedenis", correspondence: "Correspondentie", reply: "Antwoorden", comment: "Opmerking",
    investigate: "Onderzoeken", investigate_done: "Onderzoek gestart", send: "Versturen",
    share: "Delen", format: "Formaat", recipient: "Ontvanger", recipient_hint: "public, community, peer:TEAM, org:HANDLE of named:NAAM", shared_note: "Gedeeld: {n} gebeurtenis(sen); {w} achtergehouden door TLP.",
    events_per_day: "Gebeurtenissen per dag per classificatie",
    infected_per_family: "Besmette hosts per malwarefamilie (unieke IP's per dag, achterban)",
    top_orgs: "Meest getroffen organisaties", top_sectors: "Meest getroffen sectoren", sla: "SLA-status",
    active: "Actief", networks: "Netwerken", contacts: "Contacten", open_findings: "Lopende onderzoeken",
    nothing: "Niets hier.", fixed: "Opgelost", false_positive: "Vals positief",
    feedback_sent: "Dank u: het team heeft uw antwoord.", add_contact: "Contact toevoegen", products: "Producten die u gebruikt", no_products: "Geen gekend: geef ze op om gewaarschuwd te worden wanneer een advies ze noemt.", vendor: "Leverancier", product: "Product", version: "Versie", add_product: "Product toevoegen",
    inhibitions: "Onderdrukkingen", inhibit: "Onderdrukken", until: "Tot", reason: "Reden",
    advisories: "Adviezen", no_advisories: "Op dit moment geen adviezen voor u.",
    current: "Huidige bevindingen", download: "Downloaden", network: "Netwerk", remove: "Verwijderen",
    bad_login: "Onbekende gebruiker of verkeerd wachtwoord.", too_many: "Te veel mislukte pogingen: wacht even.",
    last_success: "Laatste succes", next_run: "Volgende run", last_error: "Laatste fout",
    route: "Route", time: "Tijd (UTC)", address: "Adres", type: "Type", feed: "Feed", period: "Periode",
  },
  fr: {
    new_advisory: "Nouvel avis", save_draft: "Enregistrer le brouillon", audience: "Public", published: "Publié", author: "auteur", reviewer: "relecteur", public_page: "Page publique", submit_review: "Demander une relecture", approve: "Approuver", reject: "Renvoyer", publish: "Publier", withdraw: "Retirer", why: "Pourquoi ?", saved: "Enregistré", revisions: "Révisions", told: "Organisations qui l'utilisent, prévenues", nobody_told: "Aucun constituant connu n'utilise ce qu'il nomme.",
    signin: "Se connecter", user: "Utilisateur", password: "Mot de passe", signout: "Se déconnecter",
    dashboard: "Tableau de bord", queues: "Files", events: "Événements", organisations: "Organisations",
    feeds: "Flux", notifications: "Notifications", portal: "Nos constats",
    new_reports: "Nouveaux signalements", mine: "Les miens", overdue: "En retard", nis2: "Délais NIS2",
    unrouted: "Événements non routés", investigations: "Enquêtes", incidents: "Incidents",
    search: "Rechercher", export_csv: "Exporter en CSV", export_json: "Exporter en lignes JSON", more: "Plus",
    subject: "Objet", status: "Statut", severity: "Gravité", owner: "Responsable",
    organisation: "Organisation", classification: "Classification", created: "Créé", due: "Échéance",
    history: "Historique", correspondence: "Correspondance", reply: "Répondre", comment: "Commentaire",
    investigate: "Enquêter", investigate_done: "Enquête lancée", send: "Envoyer",
    share: "Partager", format: "Format", recipient: "Destinataire", recipient_hint: "public, community, peer:ÉQUIPE, org:HANDLE ou named:NOM", shared_note: "Partagé : {n} événement(s) ; {w} retenu(s) par le TLP.",
    events_per_day: "Événements par jour et par classification",
    infected_per_family: "Hôtes infectés par famille de logiciel malveillant (IP uniques par jour, mandants)",
    top_orgs: "Organisations les plus touchées", top_sectors: "Secteurs les plus touchés", sla: "État des SLA",
    active: "Actifs", networks: "Réseaux", contacts: "Contacts", open_findings: "Enquêtes ouvertes",
    nothing: "Rien ici.", fixed: "Corrigé", false_positive: "Faux positif",
    feedback_sent: "Merci : l'équipe a votre réponse.", add_contact: "Ajouter un contact", products: "Produits que vous utilisez", no_products: "Aucun connu : déclarez-les pour être averti quand un avis les nomme.", vendor: "Fournisseur", product: "Produit", version: "Version", add_product: "Ajouter un produit",
    inhibitions: "Inhibitions", inhibit: "Inhiber", until: "Jusqu'au", reason: "Raison",
    advisories: "Avis", no_advisories: "Aucun avis pour vous pour le moment.",
    current: "Constats actuels", download: "Télécharger", network: "Réseau", remove: "Supprimer",
    bad_login: "Utilisateur inconnu ou mot de passe erroné.", too_many: "Trop d'échecs : attendez un peu.",
    last_success: "Dernier succès", next_run: "Prochaine exécution", last_error: "Dernière erreur",
    route: "Route", time: "Heure (UTC)", address: "Adresse", type: "Type", feed: "Flux", period: "Période",
  },
};

export const languages = ["nl", "fr", "en"];

function initial() {
  const saved = localStorage.getItem("belfry.lang");
  if (languages.includes(saved)) return saved;
  for (const l of navigator.languages || []) {
    const p = l.slice(0, 2).toLowerCase();
    if (languages.includes(p)) return p;
  }
  return "en";
}

let lang = initial();
export const getLang = () => lang;
export function setLang(l) {
  lang = l;
  localStorage.setItem("belfry.lang", l);
  document.documentElement.lang = l;
}
export const t = (key) => (words[lang] && words[lang][key]) || words.en[key] || key;
document.documentElement.lang = lang;
