// Page weight, for bench/run.sh: opens each page in Chromium (the one the browser tests use),
// records every JavaScript and WebAssembly response from navigation until 10 s of network
// idle with no interaction, and prints a Markdown table: each body compressed with brotli at
// quality 11 (window 24, as `brotli -q 11`), and the bytes the server really transferred.
// Run from end2end/ (it uses that folder's Playwright): BENCH_BASE, BENCH_COOKIE.
import { createRequire } from "node:module";
import { brotliCompressSync, constants } from "node:zlib";

// Playwright is end2end/'s: resolved from the working folder, not from this file's.
const { chromium } = createRequire(`${process.cwd()}/`)("@playwright/test");

const base = process.env.BENCH_BASE;
const [cookieName, cookieValue] = (process.env.BENCH_COOKIE || "=").split(/=(.*)/s);
const IDLE_MS = 10_000;
const pages = [
  ["Accueil", "/", false],
  ["Connexion", "/connexion", false],
  ["Simulateur", "/simuler", false],
  ["Tableau de bord", "/mon-compte", true],
  ["Compte cotisant", "/mon-compte/cotisations", true],
  ["Paiement", "/mon-compte/cotisations/paiement", true],
];

const br11 = (buf) =>
  brotliCompressSync(buf, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_LGWIN]: 24,
      [constants.BROTLI_PARAM_SIZE_HINT]: buf.length,
    },
  }).length;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
});
const rows = [];
for (const [name, path, signedIn] of pages) {
  const context = await browser.newContext();
  if (signedIn) {
    await context.addCookies([{ name: cookieName, value: cookieValue, url: base }]);
  }
  const page = await context.newPage();
  const seen = [];
  let last = Date.now();
  page.on("request", () => (last = Date.now()));
  page.on("requestfinished", async (request) => {
    last = Date.now();
    const url = request.url();
    const kind = /\.wasm(\?|$)/.test(url) ? "wasm" : request.resourceType() === "script" ? "js" : null;
    if (!kind) return;
    const response = await request.response();
    const sizes = await request.sizes();
    seen.push({ url, kind, body: await response.body(), transferred: sizes.responseBodySize });
  });
  await page.goto(base + path, { waitUntil: "load" });
  while (Date.now() - last < IDLE_MS) {
    await page.waitForTimeout(250);
  }
  let raw = 0, brotli = 0, transferred = 0, wasm = 0, js = 0;
  for (const r of seen) {
    const b = br11(r.body);
    raw += r.body.length;
    brotli += b;
    transferred += r.transferred;
    if (r.kind === "wasm") wasm += b; else js += b;
  }
  rows.push(
    `| ${name} | \`${path}\` | ${seen.length} | ${raw} | ${brotli} (JS ${js}, Wasm ${wasm}) | ${transferred} |`,
  );
  await context.close();
}
await browser.close();
console.log("| Page | Path | Responses | Bytes | Brotli 11 (B) | Transferred (B) |");
console.log("|---|---|---:|---:|---:|---:|");
console.log(rows.join("\n"));
