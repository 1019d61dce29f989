// Console first page load: signed in (the session cookie set through the API), the time from
// navigating to / until the dashboard's two charts are drawn, in a fresh headless Chromium
// page each run (cold cache). Usage: node console_load.mjs URL USER PASSWORD RUNS
import { chromium } from "playwright-core";

const [url, user, password, runs = "5"] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
});
const times = [];
for (let i = 0; i < Number(runs); i++) {
  const ctx = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const login = await ctx.request.post(url + "/api/v1/login", { data: { user, password } });
  if (!login.ok()) throw new Error("login: " + login.status());
  const page = await ctx.newPage();
  const start = Date.now();
  await page.goto(url + "/");
  await page.waitForSelector("[data-testid=chart-classification] canvas");
  await page.waitForSelector("[data-testid=chart-infected] canvas");
  times.push(Date.now() - start);
  await ctx.close();
}
await browser.close();
times.sort((a, b) => a - b);
console.log(JSON.stringify({ runs: times, median_ms: times[Math.floor(times.length / 2)] }));
