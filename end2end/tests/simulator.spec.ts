import { expect, test } from "@playwright/test";
import { expectAccessible, jsEnabled, visit } from "./helpers";

test("anyone simulates their contributions without signing in", async ({ page }, testInfo) => {
  await visit(page, testInfo, "/simuler");
  await expect(page).toHaveTitle("Simuler mes cotisations – Passerelle");
  await expectAccessible(page, testInfo);
  await page.getByLabel("Année des revenus").selectOption("2025");
  await page.getByLabel("Activité").selectOption("commerciale");
  // 54 054 € gross is a 40 000 € base once the 26 % abatement is taken off: domain.md's example.
  await page.getByLabel("Revenu professionnel brut (en euros)").fill("54054");
  if (!jsEnabled(testInfo)) {
    await page.getByRole("button", { name: "Calculer" }).click();
    await expect(page).toHaveURL(/annee=2025&activite=commerciale&revenu=54054/);
  }
  await expect(page.locator(".contributions")).toHaveText("13\u202f208\u00a0€");
  await expect(page.getByRole("row", { name: /Maladie-maternité/ })).toContainText("5,25 %");
  await expect(page.locator(".csg")).toHaveText("3\u202f880\u00a0€");
  await expect(page.locator(".cfp")).toHaveText("118\u00a0€");
  // The year in all: 13 208 + 3 880 + 118.
  await expect(page.locator(".called")).toHaveText("17\u202f206\u00a0€");
  await expect(page.locator(".quarters")).toHaveText("4");
  await expectAccessible(page, testInfo);
});

test("a malformed income is refused with a message naming the field", async ({ page }, testInfo) => {
  await visit(page, testInfo, "/simuler");
  await page.getByLabel("Revenu professionnel brut (en euros)").fill("quarante mille");
  if (!jsEnabled(testInfo)) await page.getByRole("button", { name: "Calculer" }).click();
  await expect(page.getByRole("alert")).toContainText("Revenu : saisissez un montant positif");
  await expect(page.getByLabel("Revenu professionnel brut (en euros)")).toHaveValue("quarante mille");
  await expectAccessible(page, testInfo);
});
