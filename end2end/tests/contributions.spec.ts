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
  // On a phone the rows stack and the column names go: each cell says which it is.
  await page.setViewportSize({ width: 390, height: 844 });
  const may = schedule.getByRole("row", { name: /5 mai 2026/ });
  const before = (cell: string) =>
    may.locator(`[data-label="${cell}"]`).evaluate((el) => getComputedStyle(el, "::before").content);
  expect(await before("Échéance")).toMatch(/Échéance.*:/);
  expect(await before("Reste à payer")).toMatch(/Reste à payer.*:/);
  await expect(schedule.locator("thead")).toBeHidden();
  await expectAccessible(page, testInfo);
  await page.setViewportSize({ width: 1280, height: 900 });
  expect(await before("Échéance")).toBe("none");
});

test("the commerçant sees the unpaid quarter as a debt", async ({ page }, testInfo) => {
  await signIn(page, testInfo, "commercant@demo.passerelle.fr");
  await expect(page).toHaveURL(/\/mon-compte$/);
  await hydrated(page, testInfo);
  await page.getByRole("navigation", { name: "Menu principal" }).getByRole("link", { name: "Mes cotisations" }).click();
  await expect(page).toHaveURL(/\/mon-compte\/cotisations$/);
  const feb = page.getByRole("table", { name: "Échéances de l'année 2026" }).getByRole("row", { name: /5 février 2026/ });
  await expect(feb).toContainText("Dette");
  // The debt is the February instalment, CFP included, and the page says so.
  const debt = (await page.locator(".debt").textContent())!.trim();
  expect(debt).toMatch(/^\d[\d\u202f]*,\d{2}\u00a0€$/);
  await expect(feb).toContainText(debt);
  await expect(feb).toContainText(/dont CSG-CRDS .* et formation professionnelle 120,00/);
  // One set of numbers: what 2026 is called for is the schedule's total for the year.
  const year = page.locator(".income-year").first();
  const called = (await year.locator("tr.total td").textContent())!.trim();
  await expect(page.getByRole("table", { name: "Échéances de l'année 2026" }).locator("tfoot")).toContainText(called);
  await year.getByText("Pourquoi ce montant ?").click();
  await expect(year.getByRole("table", { name: `Ce que votre échéancier appelle pour 2026 : ${called}` })).toBeVisible();
  await expectAccessible(page, testInfo);
});

test("the accountant opens a client's contribution account", async ({ page }, testInfo) => {
  await signIn(page, testInfo, "expert@demo.passerelle.fr");
  await expect(page).toHaveURL(/\/cabinet$/);
  await hydrated(page, testInfo);
  await page.getByRole("link", { name: "Lucas Petit" }).click();
  await page.getByRole("link", { name: "Consulter le compte cotisant" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Cotisations de Lucas Petit");
  // The accountant reads about the client, never "vos échéances" as if the account were theirs.
  expect(await page.locator("main").innerText()).not.toMatch(/\b(vos|votre|vous)\b/i);
  await expect(page.locator(".income-year").first()).toContainText("calculé sur : chiffre d'affaires du");
  await expect(page.locator(".income-year").first()).toContainText("Total appelé pour cette période");
  await expectAccessible(page, testInfo);
  // The accountant declares for the client through the same review step (nothing recorded here).
  await page.getByRole("link", { name: "Déclarer un chiffre d'affaires pour ce client" }).click();
  await expect(page).toHaveURL(/\/cabinet\/clients\/\d+\/cotisations\/declarer$/);
  await page.getByRole("radio").first().check();
  await page.getByLabel("Chiffre d'affaires de la période, en euros").fill("15 000");
  await page.getByRole("button", { name: "Vérifier la déclaration" }).click();
  await expect(page).toHaveURL(/\/cabinet\/clients\/\d+\/cotisations\/declarer\/verifier$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Vérifier la déclaration du client");
  await expect(page.getByRole("button", { name: "Valider la déclaration" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Ce que ce montant appelle" })).toContainText("Total appelé pour cette période");
  await expect(page.getByText(/Vous avez déjà déclaré .* pour cette période/)).toBeVisible();
  await expectAccessible(page, testInfo);
});
