import { expect, test, type BrowserContext, type Page, type TestInfo } from "@playwright/test";
import { startServer, type Started } from "../server";
import AxeBuilder from "@axe-core/playwright";

export const PASSWORD = "Passerelle-demo-2026";

export function jsEnabled(testInfo: TestInfo): boolean {
  return testInfo.project.name === "hydrated";
}

/** What the browser reported on each page (script errors, console errors, failed requests). */
const reports = new WeakMap<Page, string[]>();

function watch(page: Page) {
  if (reports.has(page)) return;
  const seen: string[] = [];
  reports.set(page, seen);
  page.on("pageerror", (e) => seen.push(`pageerror: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") seen.push(`console.${m.type()}: ${m.text()}`);
  });
  page.on("requestfailed", (r) => seen.push(`requestfailed: ${r.url()} ${r.failure()?.errorText ?? ""}`));
}

/** Waits until the WebAssembly bundle has hydrated the page (a broken bundle still renders). */
export async function hydrated(page: Page, testInfo: TestInfo) {
  if (jsEnabled(testInfo)) {
    try {
      await page.locator("html[data-hydrated=true]").waitFor({ state: "attached", timeout: 30_000 });
    } catch (e) {
      // Say why: a panic during hydration, a bundle that did not load, or a slow machine.
      const seen = reports.get(page) ?? ["(no report: the page was not opened with visit())"];
      throw new Error(`${page.url()} did not hydrate within 30 s; the browser reported:\n${seen.join("\n") || "(nothing)"}\n${e}`);
    }
  }
}

export async function visit(page: Page, testInfo: TestInfo, path: string) {
  watch(page);
  const res = await page.goto(path);
  await hydrated(page, testInfo);
  return res;
}

/**
 * axe-core with the WCAG 2.1 AA rules (RGAA 4.1 rests on them): no violation allowed.
 * axe runs as a script, so for the project without JavaScript the same URL is loaded, with the
 * same cookies, in a page whose own scripts (the hydration bundle) are blocked: the page axe
 * checks is the server-rendered one a visitor without JavaScript gets.
 */
export async function expectAccessible(page: Page, testInfo: TestInfo) {
  let target = page;
  let context: BrowserContext | undefined;
  if (!jsEnabled(testInfo)) {
    context = await page.context().browser()!.newContext({ storageState: await page.context().storageState(), locale: "fr-FR", javaScriptEnabled: true });
    await context.route(/\/pkg\/.*\.(js|wasm)$/, (route) => route.abort());
    target = await context.newPage();
    await target.goto(page.url());
  }
  try {
    const results = await new AxeBuilder({ page: target }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
    const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
    expect(summary, `accessibility violations on ${page.url()}`).toEqual([]);
  } finally {
    await context?.close();
  }
}

/** Signs in on the shared server, or on the one at `base` (a spec's own server). */
export async function signIn(page: Page, testInfo: TestInfo, login: string, password = PASSWORD, base = "") {
  await visit(page, testInfo, `${base}/connexion`);
  await expectAccessible(page, testInfo);
  await page.getByLabel("Adresse électronique ou numéro de sécurité sociale").fill(login);
  await page.getByLabel("Mot de passe").fill(password);
  await page.getByRole("button", { name: "Se connecter" }).click();
}

/**
 * For journeys that change data: a server and a database of the spec's own, per project, so
 * that the shared demo stays as the other specs expect it. Long journeys across several
 * sign-ins, each page checked by axe, get more time than a single page.
 */
export function useOwnServer() {
  let server: Started | undefined;
  test.describe.configure({ mode: "serial", timeout: 180_000 });
  test.beforeAll(async () => {
    server = await startServer();
  });
  test.afterAll(async () => {
    server?.child.kill("SIGTERM");
  });
  return {
    go: (page: Page, testInfo: TestInfo, path: string) => visit(page, testInfo, `${server!.baseURL}${path}`),
    signInHere: async (page: Page, testInfo: TestInfo, login: string) => {
      await page.context().clearCookies();
      await signIn(page, testInfo, login, PASSWORD, server!.baseURL);
    },
    collectOnce: (today: string) => server!.collectOnce(today),
  };
}
