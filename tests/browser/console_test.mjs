// Drives the console in headless Chromium. Usage: node console_test.mjs URL ART ORG IP INFECTED
import { chromium } from "playwright-core";

const [url, art, org, ip] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
});
let failed = 0;
async function step(name, fn) {
  try {
    await fn();
    console.log("ok: " + name);
  } catch (e) {
    failed++;
    console.error(`FAIL: ${name}: ${e.message}`);
  }
}

async function login(page, user) {
  await page.goto(url + "/");
  await page.fill("input[name=user]", user);
  await page.fill("input[name=password]", "a long enough password");
  await page.click("button[type=submit]");
  await page.waitForSelector("header.top", { timeout: 10000 });
}

const errors = [];
const analyst = await browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: "en-GB" });
const page = await analyst.newPage();
page.on("pageerror", (e) => errors.push(e.message));
// A 401 from /api/v1/me before signing in is how the console learns it must ask.
page.on("console", (m) => m.type() === "error" && !/Failed to load resource/.test(m.text()) && errors.push(m.text()));

await step("an analyst signs in and sees the dashboard's charts drawn", async () => {
  await login(page, "ana");
  await page.waitForSelector("[data-testid=chart-classification] canvas", { timeout: 10000 });
  await page.waitForSelector("[data-testid=chart-infected] canvas", { timeout: 10000 });
  const legend = await page.textContent("[data-testid=chart-classification]");
  if (!/vulnerable-system|infected-system/.test(legend)) throw new Error("no series in the legend: " + legend);
  await page.screenshot({ path: `${art}/dashboard.png`, fullPage: true });
});

await step("an analyst finds an event", async () => {
  await page.goto(url + "/#/events");
  await page.fill("input[name=ip]", ip);
  await page.fill("input[name=since]", "");
  await page.click("form.filters button[type=submit]");
  await page.waitForSelector(`table.events td:has-text("${ip}")`, { timeout: 10000 });
  await page.screenshot({ path: `${art}/events.png`, fullPage: true });
});

await step("an analyst opens a new report and launches its investigation", async () => {
  await page.goto(url + "/#/queues?q=new");
  await page.click("table.tickets tbody tr:first-child td:nth-child(2) a");
  await page.waitForSelector("[data-testid=investigate]", { timeout: 10000 });
  await page.click("[data-testid=investigate]");
  await page.waitForSelector("p.note:has-text('Investigation launched')", { timeout: 15000 });
  await page.waitForSelector("ul.plan li", { timeout: 10000 });
  await page.screenshot({ path: `${art}/ticket.png`, fullPage: true });
});

await step("an analyst shares the report's evidence with a peer team as STIX", async () => {
  await page.selectOption("form.share select[name=format]", "stix");
  await page.fill("form.share input[name=recipient]", "peer:CERT-XX");
  const [download] = await Promise.all([
    page.waitForEvent("download", { timeout: 15000 }),
    page.click("form.share button[type=submit]"),
  ]);
  if (!/^ticket-\d+-stix\.json$/.test(download.suggestedFilename()))
    throw new Error("download name: " + download.suggestedFilename());
  await page.waitForSelector("p.note:has-text('withheld by TLP')", { timeout: 10000 });
  const note = await page.textContent("p.note");
  if (!/Shared: \d+ event\(s\)/.test(note)) throw new Error("share note: " + note);
  await page.screenshot({ path: `${art}/share.png`, fullPage: true });
});

await step("a constituent sees only its own data and declares a product it runs", async () => {
  const ctx = await browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: "en-GB" });
  const p = await ctx.newPage();
  p.on("pageerror", (e) => errors.push(e.message));
  await login(p, "portal");
  await p.waitForSelector("table.events tbody tr", { timeout: 10000 });
  const orgs = await p.$$eval("table.events tbody tr td:nth-child(7)", (tds) => tds.map((t) => t.textContent));
  if (orgs.length === 0 || orgs.some((o) => o !== org)) throw new Error("other organisations: " + orgs.join(","));
  const nav = await p.textContent("header.top nav");
  if (/Dashboard|Queues/.test(nav)) throw new Error("the analysts' console is offered: " + nav);
  // It declares a product it runs, to be warned when an advisory names it.
  await p.fill('[data-testid="product-vendor"]', "Example Networks");
  await p.fill('[data-testid="product-product"]', "Example VPN");
  await p.fill('[data-testid="product-version"]', "9.4.1");
  await p.click('[data-testid="product-add"]');
  await p.waitForFunction(() => /Example VPN 9\.4\.1/.test(document.querySelector('[data-testid="products"]')?.textContent || ""),
                          null, { timeout: 10000 });
  await p.screenshot({ path: `${art}/portal.png`, fullPage: true });
  await ctx.close();
});

await step("/check answers in Dutch", async () => {
  const ctx = await browser.newContext({ locale: "nl-BE", extraHTTPHeaders: { "Accept-Language": "nl-BE,nl;q=0.9" } });
  const p = await ctx.newPage();
  await p.goto(url + "/check");
  const lang = await p.getAttribute("html", "lang");
  if (lang !== "nl") throw new Error("lang=" + lang);
  const text = await p.textContent("body");
  if (!/internetverbinding/i.test(text)) throw new Error("not Dutch: " + text.slice(0, 200));
  await p.screenshot({ path: `${art}/check-nl.png`, fullPage: true });
  await ctx.close();
});

await step("an analyst writes an advisory, a second approves and publishes it, a citizen reads it in French", async () => {
  const source = `+++
title = "Faux SMS de livraison : ne cliquez pas"
audience = "citizen"
kind = "warning"
lang = "fr"
tlp = "CLEAR"
severity = "medium"
references = ["https://safeonweb.example.be/fr/faux-sms"]
+++
De faux SMS annoncent un colis en attente. Ne cliquez pas sur le lien.
`;
  await page.goto(url + "/#/advisories");
  await page.fill("form.advisory-new textarea", source);
  await page.click("[data-testid=advisory-create]");
  await page.waitForSelector("[data-testid=advisory-status]:has-text('draft')", { timeout: 10000 });
  const id = page.url().split("/").pop();
  await page.click("[data-testid=advisory-submit]");
  await page.waitForSelector("[data-testid=advisory-status]:has-text('in-review')", { timeout: 10000 });
  if (await page.$("[data-testid=advisory-approve]")) throw new Error("the author is offered to approve");
  const ctx = await browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: "en-GB" });
  const reviewer = await ctx.newPage();
  reviewer.on("pageerror", (e) => errors.push(e.message));
  await login(reviewer, "bob");
  await reviewer.goto(url + "/#/advisories/" + id);
  await reviewer.click("[data-testid=advisory-approve]");
  await reviewer.waitForSelector("[data-testid=advisory-status]:has-text('approved')", { timeout: 10000 });
  await reviewer.click("[data-testid=advisory-publish]");
  await reviewer.waitForSelector("[data-testid=advisory-status]:has-text('published')", { timeout: 10000 });
  await reviewer.screenshot({ path: `${art}/advisory.png`, fullPage: true });
  const href = await reviewer.getAttribute("a[target=_blank]", "href");
  await ctx.close();
  const citizen = await browser.newContext({ locale: "fr-BE" });
  const c = await citizen.newPage();
  const res = await c.goto(url + href);
  if (!res || res.status() !== 200) throw new Error("the public page: " + (res && res.status()));
  if ((await c.getAttribute("html", "lang")) !== "fr") throw new Error("not in French");
  const text = await c.textContent("main");
  if (!/Faux SMS de livraison/.test(text) || !/Publié/.test(text)) throw new Error("page: " + text.slice(0, 200));
  if (await c.$("input[name=password]")) throw new Error("a login was asked");
  await c.screenshot({ path: `${art}/advisory-public-fr.png`, fullPage: true });
  await citizen.close();
});

await step("no script errors in the console", async () => {
  if (errors.length) throw new Error(errors.join(" | "));
});

await browser.close();
if (failed) {
  console.error(`browser: ${failed} failure(s)`);
  process.exit(1);
}
