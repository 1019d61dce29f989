// The console's shell: sign-in, navigation by role (analysts' console or the constituent
// portal), a hash router (#/tickets/12), the language switch.
import "./style.css";
import { useEffect, useState } from "preact/hooks";
import { html, render } from "./html.js";
import { get, post, setCsrf, ApiError } from "./api.js";
import { t, getLang, setLang, languages } from "./i18n.js";
import { Dashboard } from "./views/dashboard.js";
import { Queues, TicketPage } from "./views/tickets.js";
import { EventSearch } from "./views/events.js";
import { Organisations, OrganisationPage, Feeds } from "./views/organisations.js";
import { Portal } from "./views/portal.js";
import { Advisories, AdvisoryPage } from "./views/advisories.js";

function useHash() {
  const [hash, setHash] = useState(location.hash || "#/");
  useEffect(() => {
    const on = () => setHash(location.hash || "#/");
    addEventListener("hashchange", on);
    return () => removeEventListener("hashchange", on);
  }, []);
  return hash;
}

function Login({ onLogin }) {
  const [user, setUser] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState("");
  const submit = async (e) => {
    e.preventDefault();
    setError("");
    try {
      const me = await post("/api/v1/login", { user, password });
      setCsrf(me.csrf);
      onLogin(me);
    } catch (err) {
      setError(err instanceof ApiError && err.status === 429 ? t("too_many") : t("bad_login"));
    }
  };
  return html`<main class="login">
    <h1>Belfry</h1>
    <form onSubmit=${submit}>
      <label>${t("user")}<input name="user" autocomplete="username" value=${user}
        onInput=${(e) => setUser(e.target.value)} /></label>
      <label>${t("password")}<input name="password" type="password" autocomplete="current-password"
        value=${password} onInput=${(e) => setPassword(e.target.value)} /></label>
      <button type="submit">${t("signin")}</button>
      ${error && html`<p class="error" role="alert">${error}</p>`}
    </form>
  </main>`;
}

function Nav({ me, onLogout, onLang }) {
  const team = me.role !== "constituent";
  const links = team
    ? [["#/", t("dashboard")], ["#/queues", t("queues")], ["#/events", t("events")],
       ["#/organisations", t("organisations")], ["#/feeds", t("feeds")],
       ["#/advisories", t("advisories")]]
    : [["#/", t("portal")]];
  return html`<header class="top">
    <strong class="brand">Belfry</strong>
    <nav>${links.map(([href, label]) => html`<a href=${href}>${label}</a>`)}</nav>
    <span class="who">${me.name} · ${me.role}${me.organisation ? " · " + me.organisation : ""}</span>
    <select aria-label="language" value=${getLang()} onChange=${(e) => onLang(e.target.value)}>
      ${languages.map((l) => html`<option value=${l}>${l.toUpperCase()}</option>`)}
    </select>
    <button class="link" onClick=${onLogout}>${t("signout")}</button>
  </header>`;
}

function Route({ me, hash }) {
  const [path, q] = hash.slice(1).split("?");
  const params = new URLSearchParams(q || "");
  const parts = path.split("/").filter(Boolean);
  if (me.role === "constituent") return html`<${Portal} me=${me} />`;
  if (parts[0] === "tickets" && parts[1]) return html`<${TicketPage} id=${parts[1]} me=${me} />`;
  if (parts[0] === "queues") return html`<${Queues} me=${me} queue=${params.get("q") || "new"} />`;
  if (parts[0] === "events") return html`<${EventSearch} initial=${Object.fromEntries(params)} />`;
  if (parts[0] === "organisations" && parts[1])
    return html`<${OrganisationPage} handle=${decodeURIComponent(parts[1])} />`;
  if (parts[0] === "organisations") return html`<${Organisations} />`;
  if (parts[0] === "feeds") return html`<${Feeds} />`;
  if (parts[0] === "advisories" && parts[1]) return html`<${AdvisoryPage} id=${parts[1]} me=${me} />`;
  if (parts[0] === "advisories") return html`<${Advisories} />`;
  return html`<${Dashboard} />`;
}

function App() {
  const [me, setMe] = useState(undefined);
  const [, setTick] = useState(0);
  const hash = useHash();
  useEffect(() => {
    get("/api/v1/me")
      .then((m) => {
        setCsrf(m.csrf);
        setMe(m);
      })
      .catch(() => setMe(null));
  }, []);
  if (me === undefined) return html`<p class="loading">…</p>`;
  if (!me) return html`<${Login} onLogin=${setMe} />`;
  const logout = async () => {
    await post("/api/v1/logout").catch(() => {});
    setMe(null);
  };
  const lang = (l) => {
    setLang(l);
    setTick((x) => x + 1);
  };
  return html`<${Nav} me=${me} onLogout=${logout} onLang=${lang} />
    <main class="page" key=${getLang()}><${Route} me=${me} hash=${hash} /></main>`;
}

render(html`<${App} />`, document.getElementById("app"));
