import { expect, test } from "@playwright/test";
import { startServer, type Started } from "../server";
import { hydrated, PASSWORD } from "./helpers";

// A server whose sessions end after 25 idle seconds, with the warning 20 seconds before.
let server: Started | undefined;
test.beforeAll(async ({}, testInfo) => {
  if (testInfo.project.name !== "hydrated") return;
  server = await startServer({ PASSERELLE_SESSION_IDLE_SECS: "25", PASSERELLE_SESSION_WARN_SECS: "20" });
});
test.afterAll(async () => {
  server?.child.kill("SIGTERM");
});

test("before the idle limit a warning offers to extend the session", async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  test.skip(testInfo.project.name !== "hydrated", "the warning needs JavaScript: without it each page load is activity");
  await page.goto(`${server!.baseURL}/connexion`);
  await hydrated(page, testInfo);
  await page.getByLabel("Adresse électronique ou numéro de sécurité sociale").fill("artisan@demo.passerelle.fr");
  await page.getByLabel("Mot de passe").fill(PASSWORD);
  await page.getByRole("button", { name: "Se connecter" }).click();
  await expect(page).toHaveURL(/\/mon-compte$/);
  const warning = page.getByText("Sans action de votre part, votre session se fermera");
  await expect(warning).toBeVisible({ timeout: 15_000 });
  await page.getByRole("button", { name: "Prolonger ma session" }).click();
  await expect(warning).toBeHidden({ timeout: 3_000 });
  // Once the time runs out, the page says so and offers to sign in again.
  await expect(page.getByText("Votre session a expiré.")).toBeVisible({ timeout: 45_000 });
});
