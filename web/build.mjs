// Builds the console: one JavaScript bundle and one stylesheet (esbuild, from npm), with
// content-hashed names, and index.html that loads them. Output: build/web (served by belfry
// from web/ beside the executable). Usage: node web/build.mjs [OUT_DIR]
import * as esbuild from "esbuild";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = process.argv[2] || join(here, "..", "build", "web");
rmSync(join(out, "assets"), { recursive: true, force: true });
mkdirSync(join(out, "assets"), { recursive: true });

const result = await esbuild.build({
  entryPoints: { app: join(here, "src", "main.js") },
  bundle: true,
  minify: true,
  sourcemap: false,
  format: "esm",
  target: ["chrome110", "firefox115"],
  entryNames: "[name]-[hash]",
  outdir: join(out, "assets"),
  metafile: true,
  logLevel: "warning",
});
const files = Object.keys(result.metafile.outputs).map((f) => basename(f));
const js = files.find((f) => f.endsWith(".js"));
const css = files.find((f) => f.endsWith(".css"));
const html = readFileSync(join(here, "index.html"), "utf8")
  .replace("%APP_JS%", `/assets/${js}`)
  .replace("%APP_CSS%", `/assets/${css}`);
writeFileSync(join(out, "index.html"), html);
console.log(`console built in ${out}: ${js}, ${css}`);
