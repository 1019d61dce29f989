// The README's screenshots of the console on the demo data (after ./belfry.sh demo):
//   build/belfry --config examples/belfry.toml serve --listen 127.0.0.1:8080 &
//   node scripts/screenshots.mjs http://127.0.0.1:8080 docs/images
import { chromium } from "playwright-core";

const [url, out] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
async function shot(user, hash, file, height = 1100) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height }, locale: "en-GB" });
  const page = await ctx.newPage();
  await page.goto(url + "/");
  await page.fill("input[name=user]", user);
  await page.fill("input[name=password]", "belfry-demo-password");
  await page.click("button[type=submit]");
  await page.waitForSelector("header.top");
  if (hash) await page.goto(url + "/" + hash);
  await page.waitForTimeout(800);
  await page.screenshot({ path: `${out}/${file}` });
  await ctx.close();
}
await shot("demo-analyst", "", "console-dashboard.png", 1150);
await shot("demo-hospital", "", "portal.png", 900);
await browser.close();
