import { expect, test } from "@playwright/test";
import { expectAccessible, useOwnServer } from "./helpers";

// These journeys change the schedule: a server and a database of their own.
const { go, signInHere } = useOwnServer();

test("the artisan declares last year's final income and sees the schedule change", async ({ page }, testInfo) => {
  await signInHere(page, testInfo, "artisan@demo.passerelle.fr");
  await expect(page).toHaveURL(/\/mon-compte$/);
  await go(page, testInfo, "/mon-compte/cotisations");
  await expect(page.getByRole("table", { name: "Échéances de l'année 2026" }).getByText("Régularisation")).toHaveCount(0);
  await page.getByRole("link", { name: "Déclarer mes revenus" }).click();
  await expect(page).toHaveURL(/\/mon-compte\/cotisations\/declarer\?compte=\d+$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Déclarer mes revenus");
  await expectAccessible(page, testInfo);

  // Sent without choosing what is declared: a French message on that choice, no technical text.
  const amount = page.getByLabel("Montant du revenu professionnel, en euros");
  await amount.fill("60 000");
  await page.getByRole("button", { name: "Vérifier ma déclaration" }).click();
  await expect(page.getByRole("link", { name: "Type de déclaration : choisissez ce que vous déclarez." })).toBeVisible();
  await expect(page.locator("main")).not.toContainText("serializ");
  await expect(amount).toHaveValue("60 000");
  expect(page.url()).not.toContain("__err");

  // A malformed amount is refused, named, and what was typed stays.
  await page.getByLabel("Mes revenus définitifs de 2025").check();
  await amount.fill("60 000,123");
  await page.getByRole("button", { name: "Vérifier ma déclaration" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Une erreur est à corriger" })).toBeVisible();
  await expect(page.getByRole("link", { name: /Montant du revenu : le montant n'est pas un montant valide/ })).toBeVisible();
  await expect(amount).toHaveValue("60 000,123");
  await expect(page.getByLabel("Mes revenus définitifs de 2025")).toBeChecked();
  await expectAccessible(page, testInfo);

  // The review step: each due date before and after, the yearly totals; nothing recorded yet.
  await amount.fill("60 000");
  await page.getByRole("button", { name: "Vérifier ma déclaration" }).click();
  await expect(page).toHaveURL(/\/mon-compte\/cotisations\/declarer\/verifier\?compte=\d+$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Vérifier ma déclaration");
  const review = page.getByRole("table", { name: "Vos échéances à venir, avant et après" });
  await expect(review.locator("tr.changed")).toHaveCount(8); // May to December
  await expect(page.getByRole("table", { name: "Totaux appelés" })).toContainText("Total appelé pour 2025");
  await expectAccessible(page, testInfo);
  // "Modifier" goes back to the form with what was typed.
  await page.getByRole("link", { name: "Modifier ma déclaration" }).click();
  await expect(amount).toHaveValue("60 000");
  await expect(page.getByLabel("Mes revenus définitifs de 2025")).toBeChecked();
  await page.getByRole("button", { name: "Vérifier ma déclaration" }).click();
  await page.getByRole("button", { name: "Valider ma déclaration" }).click();
  await expect(page).toHaveURL(/\/mon-compte\/cotisations\/declarations\/DEC-2026-[A-Z0-9]{6}$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Déclaration enregistrée");
  const reference = (await page.locator(".reference").textContent())!.trim();
  const added = page.getByRole("table", { name: "Nouvelles échéances" });
  // header + the 2025 regularisation and the 2026 instalments, May to December
  await expect(added.getByRole("row")).toHaveCount(17);
  await expect(added).toContainText("Régularisation 2025");
  await expectAccessible(page, testInfo);

  await page.getByRole("link", { name: "Voir mon échéancier" }).click();
  await expect(page).toHaveURL(/\/mon-compte\/cotisations\?compte=\d+$/);
  const schedule = page.getByRole("table", { name: "Échéances de l'année 2026" });
  await expect(schedule.getByRole("row", { name: /5 juin 2026/ }).filter({ hasText: "Régularisation" })).toHaveCount(1);
  await expect(page.getByRole("table", { name: "Vos déclarations, les plus récentes d'abord" })).toContainText(reference);
  await expectAccessible(page, testInfo);

  // Corrected down to 20 000 €: 2025 was paid on more, the credit goes to the next due dates.
  await page.getByRole("link", { name: "Déclarer mes revenus" }).click();
  await page.getByLabel("Mes revenus définitifs de 2025").check();
  await amount.fill("20 000");
  await page.getByRole("button", { name: "Vérifier ma déclaration" }).click();
  await expect(page.getByText(/Vous avez trop versé/)).toBeVisible();
  await page.getByRole("button", { name: "Valider ma déclaration" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Déclaration enregistrée");
  await expect(page.getByText(/Vous avez trop versé : .* déduits de vos prochaines échéances/)).toBeVisible();
  await expectAccessible(page, testInfo);
  await page.getByRole("link", { name: "Voir mon échéancier" }).click();
  const after = page.getByRole("table", { name: "Échéances de l'année 2026" });
  // The credit's own row says where it went and what is left of it.
  await expect(after.getByRole("row").filter({ hasText: "Trop-perçu à déduire" })).toContainText(/déduits des \d+ échéances du 5 mai 2026 au 5 décembre 2026 ; .* à déduire de vos prochaines échéances/);
  await expect(after.getByRole("row", { name: /5 juin 2026/ }).first()).toContainText("déduits (Trop-perçu 2025)");
  const history = page.getByRole("table", { name: /Derniers paiements reçus et trop-perçus déduits/ });
  await expect(history.getByRole("row").filter({ hasText: "Trop-perçu 2025 déduit" }).filter({ hasText: "Échéance du 5 juin 2026" })).toHaveCount(1);
  await expectAccessible(page, testInfo);
});

test("the commerçant asks for a delay, the agent accepts it, the commerçant sees the instalments", async ({ page }, testInfo) => {
  await signInHere(page, testInfo, "commercant@demo.passerelle.fr");
  await expect(page).toHaveURL(/\/mon-compte$/);
  await go(page, testInfo, "/mon-compte/cotisations");
  await page.getByRole("link", { name: "Demander un délai pour l'échéance du 5 février 2026" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Demander un délai de paiement");
  await expect(page.getByText("Étape 1 sur 2")).toBeVisible();
  await expectAccessible(page, testInfo);
  await page.getByLabel("Nombre de mensualités").selectOption("3");
  await page.getByRole("button", { name: "Voir l'échéancier proposé" }).click();
  await expect(page.getByText("Étape 2 sur 2")).toBeVisible();
  const plan = page.getByRole("table", { name: /Échéancier proposé/ });
  await expect(plan.getByRole("row")).toHaveCount(4);
  await expect(plan).toContainText("5 juin 2026");
  await expectAccessible(page, testInfo);

  // The reason is required.
  await page.getByRole("button", { name: "Envoyer la demande" }).click();
  await expect(page.getByRole("link", { name: /Motif de la demande : expliquez/ })).toBeVisible();
  await page.getByLabel("Motif de la demande").fill("Travaux de voirie devant la boutique : chiffre d'affaires divisé par deux.");
  await page.getByRole("button", { name: "Envoyer la demande" }).click();
  await expect(page).toHaveURL(/\/mon-compte\/cotisations\/delais\/DEL-2026-[A-Z0-9]{6}$/);
  await expect(page.getByText("En cours d'examen")).toBeVisible();
  const reference = (await page.locator(".reference").textContent())!.trim();
  await expectAccessible(page, testInfo);

  // The agent of the agency accepts it.
  await signInHere(page, testInfo, "agent@demo.passerelle.fr");
  await expect(page).toHaveURL(/\/agence$/);
  const request = page.getByRole("article", { name: new RegExp(reference) });
  await expect(request).toContainText("Travaux de voirie");
  await expectAccessible(page, testInfo);
  await request.getByLabel(/Message à Julie Bernard/).fill("Accordé : pensez à régler chaque mensualité à la date prévue.");
  await request.getByRole("button", { name: "Accorder le délai" }).click();
  await expect(page.getByText(`Décision enregistrée pour la demande ${reference}`)).toBeVisible();
  await expect(page.getByRole("article", { name: new RegExp(reference) })).toContainText("Accordé");
  await expectAccessible(page, testInfo);

  // The commerçant sees the instalments in place of the debt, and the decision.
  await signInHere(page, testInfo, "commercant@demo.passerelle.fr");
  await expect(page).toHaveURL(/\/mon-compte$/);
  await go(page, testInfo, "/mon-compte/cotisations");
  const schedule = page.getByRole("table", { name: "Échéances de l'année 2026" });
  await expect(schedule.getByRole("row").filter({ hasText: "Échéance de délai de paiement" })).toHaveCount(3);
  await expect(schedule.getByRole("row", { name: /5 février 2026/ })).toHaveCount(0);
  const delays = page.getByRole("table", { name: "Vos demandes de délai et la décision de l'agence" });
  await expect(delays).toContainText("Accordé");
  await expect(delays).toContainText("pensez à régler");
  await expectAccessible(page, testInfo);
  await delays.getByRole("link", { name: reference }).click();
  await expect(page.getByRole("table", { name: "Vos mensualités, inscrites à votre échéancier" }).getByRole("row")).toHaveCount(4);
  await expectAccessible(page, testInfo);
});
