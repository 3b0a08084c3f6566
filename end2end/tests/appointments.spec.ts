import { expect, test, type Page, type TestInfo } from "@playwright/test";
import { expectAccessible, useOwnServer } from "./helpers";

// These journeys book, confirm and cancel appointments: a server and a database of their own.
const { go, signInHere: signInOnly } = useOwnServer();

async function signInHere(page: Page, testInfo: TestInfo, login: string, landing = /\/mon-compte$/) {
  await signInOnly(page, testInfo, login);
  await expect(page).toHaveURL(landing);
}

async function next(page: Page, url: RegExp) {
  await page.getByRole("button", { name: "Étape suivante" }).click();
  await expect(page).toHaveURL(url);
}

/** Steps 1 to 3: region, motif, agency and the first free slot. */
async function chooseSlot(page: Page, testInfo: TestInfo, region: string, motif: string, agency: string) {
  await go(page, testInfo, "/rendez-vous");
  await expect(page.getByText("Étape 1 sur 6 : Région")).toBeVisible();
  await expectAccessible(page, testInfo);
  await page.getByLabel(region).check();
  await page.getByRole("button", { name: "Prendre rendez-vous" }).click();
  await expect(page).toHaveURL(/\/rendez-vous\/motif$/);
  await expectAccessible(page, testInfo);
  await page.getByLabel(motif).check();
  await next(page, /\/rendez-vous\/creneau$/);
  await page.getByLabel(agency).check();
  await page.getByRole("button", { name: "Voir les créneaux de cette agence" }).click();
  await expect(page.getByRole("heading", { name: `Créneaux libres – ${agency}` })).toBeVisible();
  await expectAccessible(page, testInfo);
  await page.locator("#champ-creneau input[type=radio]").first().check();
  await next(page, /\/rendez-vous\/coordonnees$/);
}

/** The latest demo email with this subject: its text, and its attachment's if any. */
async function mail(page: Page, testInfo: TestInfo, to: string, subject: string) {
  await go(page, testInfo, "/demo/courriels");
  const item = page.locator("li.mail").filter({ hasText: `À ${to}` }).filter({ has: page.getByRole("heading", { name: subject }) }).first();
  await expect(item).toBeVisible();
  return (await item.innerText()) as string;
}

test("someone without an account books, the agent confirms, and they cancel from the emailed link", async ({ page }, testInfo) => {
  await chooseSlot(page, testInfo, "Île-de-France", "Comprendre mon échéancier ou un appel de cotisations", "Agence Paris Est");
  await expect(page.getByText("Étape 4 sur 6 : Vos coordonnées")).toBeVisible();
  await expectAccessible(page, testInfo);

  // A wrong key and a Guadeloupe mobile written as metropolitan: both named, nothing lost.
  await page.getByLabel("Numéro de sécurité sociale").fill("295109912611199");
  await page.getByLabel("Nom", { exact: true }).fill("Lambert");
  await page.getByLabel("Prénom").fill("Hélène");
  await page.getByLabel("Adresse postale").fill("14 rue des Martyrs, 75009 Paris");
  await page.getByLabel("Téléphone mobile").fill("+33 6 90 00 00 00");
  await page.getByLabel("Adresse électronique").fill("helene.lambert@example.fr");
  await page.getByLabel(/J'accepte les conditions d'utilisation/).check();
  await page.getByRole("button", { name: "Étape suivante" }).click();
  await expect(page.getByRole("link", { name: /^Numéro de sécurité sociale : la clé du numéro de sécurité sociale ne correspond pas/ })).toBeVisible();
  await expect(page.getByRole("link", { name: /^Téléphone mobile : un mobile d'outre-mer/ })).toBeVisible();
  await expect(page.getByLabel("Nom", { exact: true })).toHaveValue("Lambert");
  await expect(page.getByLabel("Adresse électronique")).toHaveValue("helene.lambert@example.fr");
  await expectAccessible(page, testInfo);

  await page.getByLabel("Numéro de sécurité sociale").fill("2 95 10 99 126 111 93");
  await page.getByLabel("Téléphone mobile").fill("06 12 34 56 78");
  if (!(await page.getByLabel(/J'accepte les conditions d'utilisation/).isChecked())) {
    await page.getByLabel(/J'accepte les conditions d'utilisation/).check();
  }
  await next(page, /\/rendez-vous\/code$/);
  await expect(page.getByText(/Un code à 6 chiffres a été envoyé à h•••@example.fr/)).toBeVisible();
  await expectAccessible(page, testInfo);
  const codeMail = await mail(page, testInfo, "helene.lambert@example.fr", "Votre code pour prendre rendez-vous");
  const code = codeMail.match(/\b(\d{6})\b/)![1];
  await go(page, testInfo, "/rendez-vous/code");
  await page.getByLabel("Code de vérification").fill(code);
  await next(page, /\/rendez-vous\/verification$/);
  await expect(page.getByText("2 95 10 99 126 111 93")).toBeVisible();
  await expectAccessible(page, testInfo);
  await page.getByRole("button", { name: "Valider" }).click();
  await expect(page).toHaveURL(/\/rendez-vous\/suivi\/RDV-2026-[A-Z0-9]{6}\?cle=[0-9a-f]{32}&nouveau=1$/);
  await expect(page.getByText(/Votre demande de rendez-vous est enregistrée\. Un agent vous recontactera/)).toBeVisible();
  await expect(page.getByText("Demande à rappeler")).toBeVisible();
  await expectAccessible(page, testInfo);
  const reference = page.url().match(/RDV-2026-[A-Z0-9]{6}/)![0];

  // The agent of Paris Est finds the request, prepares the file and confirms.
  await signInHere(page, testInfo, "agent@demo.passerelle.fr", /\/agence$/);
  await page.getByRole("navigation", { name: "Menu principal" }).getByRole("link", { name: "Rendez-vous" }).click();
  await expect(page).toHaveURL(/\/agence\/rendez-vous$/);
  await expectAccessible(page, testInfo);
  await page.getByRole("link", { name: `Ouvrir ${reference}` }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Rendez-vous ${reference} – Hélène Lambert`);
  await expect(page.getByRole("link", { name: "Appeler le 06 12 34 56 78" })).toBeVisible();
  await expectAccessible(page, testInfo);
  await page.getByLabel(/^Note/).fill("Apporter le dernier avis d'imposition.");
  await page.getByRole("button", { name: "Enregistrer la note" }).click();
  await expect(page.getByText("Note enregistrée.")).toBeVisible();
  await expect(page.getByLabel(/^Note/)).toHaveValue("Apporter le dernier avis d'imposition.");
  await page.getByRole("button", { name: "Confirmer le rendez-vous" }).click();
  await expect(page.getByText(/Rendez-vous confirmé : la personne reçoit un courriel/)).toBeVisible();
  await expect(page.getByText("Confirmé", { exact: true })).toBeVisible();
  await expectAccessible(page, testInfo);
  // Moved to another free slot: the agent picks it on the same page.
  await page.getByRole("link", { name: "Choisir un autre créneau" }).click();
  await expect(page.getByRole("heading", { name: "Déplacer vers un autre créneau" })).toBeVisible();
  await expectAccessible(page, testInfo);
  await page.locator("#champ-creneau input[type=radio]").nth(1).check();
  await page.getByRole("button", { name: "Déplacer le rendez-vous" }).click();
  await expect(page.getByText("Rendez-vous déplacé : la personne en est informée par courriel.")).toBeVisible();
  await expect(page.getByText("Confirmé", { exact: true })).toBeVisible();
  await go(page, testInfo, "/agence/horaires");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Horaires – Agence Paris Est");
  await expectAccessible(page, testInfo);

  // The confirmation carries the calendar file and the signed link; the link needs no account.
  const confirmed = await mail(page, testInfo, "helene.lambert@example.fr", "Votre rendez-vous est confirmé");
  expect(confirmed).toContain("Pièce jointe : rendez-vous.ics");
  const path = confirmed.match(/\/rendez-vous\/suivi\/RDV-2026-[A-Z0-9]{6}\?cle=[0-9a-f]{32}/)![0];
  await page.context().clearCookies();
  await go(page, testInfo, path);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Rendez-vous ${reference}`);
  await expect(page.getByText("Confirmé", { exact: true })).toBeVisible();
  await expectAccessible(page, testInfo);
  // From the link, another slot first (the agency will confirm it again), then cancelled.
  await page.getByRole("link", { name: "Voir les autres créneaux" }).click();
  await expect(page.locator("#champ-creneau input[type=radio]").first()).toBeAttached();
  await expectAccessible(page, testInfo);
  await page.locator("#champ-creneau input[type=radio]").nth(2).check();
  await page.getByRole("button", { name: "Déplacer mon rendez-vous" }).click();
  await expect(page.getByText("Votre rendez-vous est déplacé. Un agent vous recontactera pour confirmer ce nouveau créneau.")).toBeVisible();
  await expect(page.getByText("Demande à rappeler")).toBeVisible();
  await expectAccessible(page, testInfo);
  // Cancelling asks first; "Non" keeps it.
  await page.getByRole("link", { name: "Annuler mon rendez-vous" }).click();
  await expect(page.getByText("Voulez-vous vraiment annuler ce rendez-vous ?")).toBeVisible();
  await expectAccessible(page, testInfo);
  await page.getByRole("link", { name: "Non, garder ce rendez-vous" }).click();
  await expect(page.getByText("Voulez-vous vraiment annuler ce rendez-vous ?")).toHaveCount(0);
  await page.getByRole("link", { name: "Annuler mon rendez-vous" }).click();
  await page.getByRole("button", { name: "Oui, annuler mon rendez-vous" }).click();
  await expect(page.getByText("Votre rendez-vous est annulé. Un courriel vous le confirme.")).toBeVisible();
  await expect(page.getByText("Annulé", { exact: true })).toBeVisible();
  await expect(page.getByText("Ce rendez-vous est annulé : le créneau a été libéré.")).toBeVisible();
  await expect(page.getByRole("link", { name: "Annuler mon rendez-vous" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Ajouter à mon agenda" })).toHaveCount(0);
  await expectAccessible(page, testInfo);
});

test("the pensioner books signed in, with his details prefilled, and finds it in his account", async ({ page }, testInfo) => {
  await signInHere(page, testInfo, "retraite@demo.passerelle.fr");
  await chooseSlot(page, testInfo, "Nouvelle-Aquitaine", "Préparer mon départ à la retraite", "Agence Bordeaux Mériadeck");
  await expect(page.getByLabel("Numéro de sécurité sociale")).toHaveValue("1 45 08 33 512 345 95");
  await expect(page.getByLabel("Nom", { exact: true })).toHaveValue("Moreau");
  await expect(page.getByLabel("Adresse électronique")).toHaveValue("retraite@demo.passerelle.fr");
  await expectAccessible(page, testInfo);
  await page.getByLabel("Téléphone mobile").fill("07 12 34 56 78");
  await page.getByLabel(/J'accepte les conditions d'utilisation/).check();
  // His account's address was proved when he created it: no code to type.
  await next(page, /\/rendez-vous\/verification$/);
  await expect(page.getByRole("link", { name: "Étape précédente : vos coordonnées" })).toBeVisible();
  await page.getByRole("button", { name: "Valider" }).click();
  await expect(page).toHaveURL(/\/rendez-vous\/suivi\/RDV-2026-[A-Z0-9]{6}\?cle=[0-9a-f]{32}&nouveau=1$/);
  const reference = page.url().match(/RDV-2026-[A-Z0-9]{6}/)![0];
  await page.getByRole("navigation", { name: "Menu principal" }).getByRole("link", { name: "Mes rendez-vous" }).click();
  await expect(page).toHaveURL(/\/mon-compte\/rendez-vous$/);
  const table = page.getByRole("table", { name: "Mes rendez-vous, les plus récents d'abord" });
  await expect(table.getByRole("row").filter({ hasText: reference })).toContainText("Agence Bordeaux Mériadeck");
  await expect(table).toContainText("Ma retraite – Préparer mon départ à la retraite");
  await expectAccessible(page, testInfo);
  await table.getByRole("link", { name: reference }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Rendez-vous ${reference}`);
  await expect(page.getByRole("link", { name: "Annuler mon rendez-vous" })).toBeVisible();
  await expect(page.getByText("Votre demande est enregistrée. Un agent vous recontactera")).toBeVisible();
  // "Ajouter à mon agenda" downloads the calendar file, tentative until the agency confirms.
  const calendar = page.getByRole("link", { name: "Ajouter à mon agenda" });
  // This spec's own server: the link resolved against the page, not the shared base URL.
  const ics = await page.request.get(new URL((await calendar.getAttribute("href"))!, page.url()).toString());
  expect(ics.status()).toBe(200);
  expect(ics.headers()["content-type"]).toContain("text/calendar");
  const body = await ics.text();
  expect(body).toContain("METHOD:PUBLISH");
  expect(body).toContain("STATUS:TENTATIVE");
  expect(body).toContain(`UID:${reference}@`);
  await expectAccessible(page, testInfo);
});
