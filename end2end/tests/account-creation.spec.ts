import { expect, test } from "@playwright/test";
import { expectAccessible, hydrated, visit } from "./helpers";

// Two people on record with no sign-in yet: one per project, since an account is created once.
const people = {
  hydrated: { nir: "1 80 07 75 111 222 71", birth: "02/07/1980", email: "marc.girard@exemple.fr", name: "Marc" },
  "sans-js": { nir: "2 91 11 13 055 123 89", birth: "27/11/1991", email: "nadia.roux@exemple.fr", name: "Nadia" },
};

test("a person on record creates an account with the code sent by email", async ({ page }, testInfo) => {
  const p = people[testInfo.project.name as keyof typeof people];
  await visit(page, testInfo, "/creer-mon-compte");
  // A wrong key first: the field is named, and what was typed elsewhere stays.
  await page.getByLabel("Numéro de sécurité sociale").fill(p.nir.slice(0, -2) + "00");
  await page.getByLabel("Date de naissance").fill(p.birth);
  await page.getByLabel("Adresse électronique").fill(p.email);
  await page.getByRole("button", { name: "Recevoir mon code" }).click();
  await hydrated(page, testInfo);
  await expect(page.getByRole("alert").filter({ hasText: "à corriger" })).toContainText("Numéro de sécurité sociale");
  await expect(page.getByLabel("Adresse électronique")).toHaveValue(p.email);
  await expectAccessible(page, testInfo);

  await page.getByLabel("Numéro de sécurité sociale").fill(p.nir);
  await page.getByLabel("Date de naissance").fill(p.birth);
  await page.getByLabel("Adresse électronique").fill(p.email);
  await page.getByRole("button", { name: "Recevoir mon code" }).click();
  await expect(page).toHaveURL(/\/creer-mon-compte\/code\?ticket=/);
  await hydrated(page, testInfo);
  await expectAccessible(page, testInfo);
  const codePage = page.url();

  // The demo mailbox shows what would have gone by email.
  await visit(page, testInfo, "/demo/courriels");
  const mail = page.locator(".mail").filter({ hasText: p.email }).first();
  const body = await mail.locator(".mail__body").innerText();
  const code = body.match(/\b(\d{6})\b/)![1];

  await visit(page, testInfo, codePage);
  await page.getByLabel("Code reçu par courriel").fill(code);
  await page.getByLabel("Mot de passe", { exact: true }).fill("ma nouvelle phrase secrète");
  await page.getByLabel("Confirmation du mot de passe").fill("ma nouvelle phrase secrète");
  await page.getByRole("button", { name: "Créer mon compte" }).click();
  await expect(page).toHaveURL(/\/mon-compte\?bienvenue=1$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Bonjour ${p.name}`);
});
