import { expect, test, type Page, type TestInfo } from "@playwright/test";
import { expectAccessible, useOwnServer } from "./helpers";

// These journeys sign mandates and pay: a server and a database of their own.
const { go, signInHere: signInOnly, collectOnce } = useOwnServer();

async function signInHere(page: Page, testInfo: TestInfo, login: string) {
  await signInOnly(page, testInfo, login);
  await expect(page).toHaveURL(/\/mon-compte$/);
}

async function joinTelepayment(page: Page, iban: string) {
  await page.getByLabel("IBAN du compte à débiter").fill(iban);
  await page.getByLabel(/J'accepte les conditions du télépaiement/).check();
  await page.getByRole("button", { name: "Valider", exact: true }).click();
  await expect(page.getByText(/Votre mandat de prélèvement SEPA PAS-CO049020090733-\d+ est enregistré/)).toBeVisible();
}

test("the artisan on automatic debit sees no Payer for her current contributions", async ({ page }, testInfo) => {
  await signInHere(page, testInfo, "artisan@demo.passerelle.fr");
  await go(page, testInfo, "/mon-compte/cotisations/paiement");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Paiement de mes cotisations");
  const dues = page.getByRole("table", { name: "Vos montants dus et le moyen de les régler" });
  await expect(dues).toContainText("Prélevé automatiquement le 5 mai 2026");
  await expect(dues.getByRole("link", { name: /^Payer/ })).toHaveCount(0);
  await expect(page.getByText(/Prélèvement mensuel, le 5 de chaque mois, sur le compte FR\d\d/)).toBeVisible();
  await page.getByText("Pourquoi le bouton « Payer » n'apparaît-il pas à côté de mon échéance ?").click();
  await expect(page.getByText(/Il n'est pas proposé si vous avez choisi le prélèvement automatique/)).toBeVisible();
  await expectAccessible(page, testInfo);
});

test("the commerçant joins telepayment with two bank accounts and pays her debt split over both", async ({ page }, testInfo) => {
  await signInHere(page, testInfo, "commercant@demo.passerelle.fr");
  await go(page, testInfo, "/mon-compte/cotisations");
  await page.getByRole("link", { name: "Payer mes cotisations, mes comptes bancaires" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Paiement de mes cotisations");
  await expectAccessible(page, testInfo);

  // A wrong IBAN is refused with its reason; the name and address typed stay.
  await page.getByLabel("Adresse du titulaire").fill("17 place du Ralliement, 49000 Angers");
  await page.getByLabel("IBAN du compte à débiter").fill("FR76 3000 6000 0112 3456 7890 188");
  await page.getByLabel(/J'accepte les conditions du télépaiement/).check();
  await page.getByRole("button", { name: "Valider", exact: true }).click();
  await expect(page.getByRole("link", { name: /IBAN : L'IBAN est invalide : la clé de contrôle ne correspond pas/ })).toBeVisible();
  await expect(page.getByLabel("Nom du titulaire du compte", { exact: true })).toHaveValue("Bernard");
  await expect(page.getByLabel("Adresse du titulaire")).toHaveValue("17 place du Ralliement, 49000 Angers");
  await expectAccessible(page, testInfo);

  await joinTelepayment(page, "FR14 2004 1010 0505 0001 3M02 606");
  await joinTelepayment(page, "FR76 3000 6000 0112 3456 7890 189");
  const mandates = page.getByRole("table", { name: "Les comptes bancaires que vous nous autorisez à débiter" });
  await expect(mandates.getByRole("row").filter({ hasText: "Actif" })).toHaveCount(2);
  await expectAccessible(page, testInfo);

  // The debt of 5 February is payable online at any time.
  await page.getByRole("link", { name: /^Payer .* échéance du 5 février 2026/ }).click();
  await expect(page).toHaveURL(/\/payer\/montant\?compte=\d+&echeance=\d+$/);
  await expect(page.getByText("Étape 1 sur 4 : Montant")).toBeVisible();
  // The whole debt is proposed, as the engine called it: split it 3 000 € + the rest.
  const whole = await page.getByLabel("Montant à payer (en euros)").inputValue();
  expect(whole).toMatch(/^\d+,\d{2}$/);
  const wholeCents = Number(whole.replace(",", ""));
  const restCents = wholeCents - 300000;
  const rest = `${Math.floor(restCents / 100)},${String(restCents % 100).padStart(2, "0")}`;
  const grouped = (cents: number) =>
    `${Math.floor(cents / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, "\u202f")},${String(cents % 100).padStart(2, "0")}\u00a0€`;
  await expectAccessible(page, testInfo);
  await page.getByRole("button", { name: "Étape suivante" }).click();

  await expect(page).toHaveURL(/\/payer\/comptes\?compte=\d+$/);
  await expect(page.getByText("Étape 2 sur 4 : Comptes à débiter")).toBeVisible();
  const first = page.getByLabel(/Montant débité sur le compte FR14/);
  const second = page.getByLabel(/Montant débité sur le compte FR76/);
  await first.fill("3000");
  await second.fill("");
  await page.getByRole("button", { name: "Étape suivante" }).click();
  await expect(page.getByRole("link", { name: /Répartition : La somme des montants/ })).toBeVisible();
  await expectAccessible(page, testInfo);
  await page.getByLabel(/Montant débité sur le compte FR14/).fill("3000");
  await page.getByLabel(/Montant débité sur le compte FR76/).fill(rest);
  await page.getByRole("button", { name: "Étape suivante" }).click();

  await expect(page).toHaveURL(/\/payer\/verification\?compte=\d+$/);
  await expect(page.getByText("Étape 3 sur 4 : Vérification")).toBeVisible();
  // A reload loses nothing: the draft is on the server.
  await page.reload();
  const split = page.getByRole("table", { name: `Montant payé : ${grouped(wholeCents)}, prélevé le 4 mai 2026` });
  await expect(split.getByRole("row")).toHaveCount(3);
  await expect(split).toContainText("3\u202f000,00\u00a0€");
  await expect(split).toContainText(grouped(restCents));
  await expectAccessible(page, testInfo);
  await page.getByRole("button", { name: "Valider le paiement" }).click();

  await expect(page).toHaveURL(/\/mon-compte\/cotisations\/paiements\/TLP-2026-[A-Z0-9]{6}$/);
  await expect(page.getByText("Étape 4 sur 4 : Confirmation")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Pré-notification de prélèvement SEPA" })).toBeVisible();
  await expect(page.getByText(/Le 4 mai 2026, .* prélèvera/)).toBeVisible();
  const reference = (await page.locator(".reference").textContent())!.trim();
  await expectAccessible(page, testInfo);

  await page.getByRole("link", { name: "Retour au paiement" }).click();
  await expect(page.getByRole("table", { name: "Télépaiements validés, les plus récents d'abord" })).toContainText(reference);
  await expect(page.getByText(`Télépaiement programmé (${reference})`)).toBeVisible();
  // All of it is scheduled: nothing is left to pay, so no second "Payer" that would add to it.
  await expect(page.getByRole("link", { name: /échéance du 5 février 2026/ })).toHaveCount(0);
  await expectAccessible(page, testInfo);

  // After the cut-off (noon on Sunday 3 May), another server process makes the bank file of
  // Monday 4 May: the debt is paid, both debits are in the payment history.
  expect(collectOnce("2026-05-04")).toMatch(/PAS-20260504-FRST-/);
  await go(page, testInfo, "/mon-compte/cotisations");
  const schedule = page.getByRole("table", { name: "Échéances de l'année 2026" });
  await expect(schedule.getByRole("row", { name: /5 février 2026/ })).toContainText("Payé");
  const history = page.getByRole("table", { name: "Derniers paiements reçus" });
  await expect(history.getByRole("row").filter({ hasText: "Télépaiement" })).toHaveCount(2);
  await expect(history.getByRole("row").filter({ hasText: "Télépaiement" }).first()).toContainText("4 mai 2026");
  await expectAccessible(page, testInfo);

  // The treasury, alone, finds that bank file; an agent is refused it, with a way back home.
  await signInOnly(page, testInfo, "tresorerie@demo.passerelle.fr");
  await expect(page).toHaveURL(/\/tresorerie$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Fichiers de prélèvement SEPA");
  const files = page.getByRole("table", { name: "Fichiers produits, les plus récents d'abord" });
  await expect(files.getByRole("rowheader", { name: "4 mai 2026", exact: true })).toBeVisible();
  await expect(files.getByRole("link", { name: /Télécharger PAS-20260504-FRST-/ })).toHaveAttribute("href", /^\/tresorerie\/fichiers\/\d+$/);
  await expectAccessible(page, testInfo);
  await signInOnly(page, testInfo, "agent@demo.passerelle.fr");
  await expect(page).toHaveURL(/\/agence$/);
  const refused = await go(page, testInfo, "/tresorerie");
  expect(refused?.status()).toBe(403);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Accès refusé");
  await expect(page.getByText("Fichiers de prélèvement SEPA")).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Retour à mon espace" })).toHaveAttribute("href", "/agence");
  await expectAccessible(page, testInfo);
});
