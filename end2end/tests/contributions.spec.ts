import { expect, test } from "@playwright/test";
import { expectAccessible, hydrated, signIn, visit } from "./helpers";

test("the artisan reads the schedule paid by automatic debit and the income behind it", async ({ page }, testInfo) => {
  await signIn(page, testInfo, "artisan@demo.passerelle.fr");
  await expect(page).toHaveURL(/\/mon-compte$/);
  await visit(page, testInfo, "/mon-compte/cotisations");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Mes cotisations");
  await expect(page.getByText("Prélèvement automatique mensuel")).toBeVisible();
  const schedule = page.getByRole("table", { name: "Échéances de l'année 2026" });
  await expect(schedule.getByRole("row", { name: /5 avril 2026/ })).toContainText("Payé");
  await expect(schedule.getByRole("row", { name: /5 mai 2026/ })).toContainText("À payer");
  await expect(page.getByRole("table", { name: "Derniers paiements reçus" })).toContainText("Prélèvement automatique");
  await expect(page.locator(".income-year").first()).toContainText("2026");
  // The old micro-entrepreneur account is one link away.
  await expect(page.getByRole("link", { name: /Micro-entrepreneur n° ME-0760-2012-0412 \(fermé\)/ })).toBeVisible();
  await expectAccessible(page, testInfo);
});

test("the commerçant sees the unpaid quarter as a debt", async ({ page }, testInfo) => {
  await signIn(page, testInfo, "commercant@demo.passerelle.fr");
  await expect(page).toHaveURL(/\/mon-compte$/);
  await hydrated(page, testInfo);
  await page.getByRole("navigation", { name: "Menu principal" }).getByRole("link", { name: "Mes cotisations" }).click();
  await expect(page).toHaveURL(/\/mon-compte\/cotisations$/);
  const feb = page.getByRole("table", { name: "Échéances de l'année 2026" }).getByRole("row", { name: /5 février 2026/ });
  await expect(feb).toContainText("Dette");
  await expect(page.locator(".debt")).toContainText("3\u202f412,00");
});

test("the accountant opens a client's contribution account", async ({ page }, testInfo) => {
  await signIn(page, testInfo, "expert@demo.passerelle.fr");
  await expect(page).toHaveURL(/\/cabinet$/);
  await hydrated(page, testInfo);
  await page.getByRole("link", { name: "Lucas Petit" }).click();
  await page.getByRole("link", { name: "Consulter le compte cotisant" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Cotisations de Lucas Petit");
  await expect(page.locator(".income-year").first()).toContainText("Chiffre d'affaires");
  await expectAccessible(page, testInfo);
});
