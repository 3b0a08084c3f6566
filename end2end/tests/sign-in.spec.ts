import { expect, test } from "@playwright/test";
import { expectAccessible, hydrated, signIn, visit } from "./helpers";

const insured = [
  { email: "artisan@demo.passerelle.fr", name: "Camille", category: "Artisan", tiles: ["Mes données personnelles", "Mes cotisations", "Mon relevé de carrière", "Ma santé", "Mes attestations"] },
  { email: "commercant@demo.passerelle.fr", name: "Julie", category: "Commerçant", tiles: ["Mes données personnelles", "Mes cotisations", "Mon relevé de carrière", "Ma santé", "Mes attestations"] },
  { email: "micro@demo.passerelle.fr", name: "Lucas", category: "Micro-entrepreneur", tiles: ["Mes données personnelles", "Mes cotisations", "Mon relevé de carrière", "Ma santé", "Mes attestations"] },
  { email: "liberal@demo.passerelle.fr", name: "Sophie", category: "Profession libérale", tiles: ["Ma santé"] },
  { email: "retraite@demo.passerelle.fr", name: "Henri", category: "Retraité", tiles: ["Mes données personnelles", "Ma santé", "Mes attestations"] },
  { email: "ayantdroit@demo.passerelle.fr", name: "Léa", category: "Ayant droit", tiles: ["Ma santé"] },
];

for (const person of insured) {
  test(`${person.category} sees exactly the allowed services`, async ({ page }, testInfo) => {
    await signIn(page, testInfo, person.email);
    await expect(page).toHaveURL(/\/mon-compte$/);
    await hydrated(page, testInfo);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Bonjour ${person.name}`);
    await expect(page.locator(".category")).toHaveText(person.category);
    await expect(page.locator(".tile__title")).toHaveText(person.tiles);
    const nav = page.getByRole("navigation", { name: "Menu principal" });
    await expect(nav.getByRole("link")).toHaveText(["Tableau de bord", ...person.tiles, "Mes rendez-vous"]);
    await expectAccessible(page, testInfo);
  });
}

test("the commerçant's dashboard shows the next due date and the debt from the ledger", async ({ page }, testInfo) => {
  await signIn(page, testInfo, "commercant@demo.passerelle.fr");
  await expect(page).toHaveURL(/\/mon-compte$/);
  await expect(page.locator(".next-due")).toContainText("le 5 mai 2026");
  await expect(page.locator(".lead")).toHaveText("Vous êtes inscrite en tant que : Commerçant");
  // The tile's debt is the account's, from the same ledger.
  const debt = (await page.locator(".debt").textContent())!.trim();
  expect(debt).toMatch(/^\d[\d\u202f]*,\d{2}\u00a0€$/);
  await visit(page, testInfo, "/mon-compte/cotisations");
  await expect(page.locator(".debt")).toHaveText(debt);
});

test("a forbidden service opened by URL gets the 403 page", async ({ page }, testInfo) => {
  await signIn(page, testInfo, "liberal@demo.passerelle.fr");
  await expect(page).toHaveURL(/\/mon-compte$/);
  const res = await visit(page, testInfo, "/mon-compte/cotisations");
  expect(res?.status()).toBe(403);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Accès refusé");
  await expect(page).toHaveTitle("Accès refusé – Passerelle");
  await expectAccessible(page, testInfo);
});

test("a signed-out visitor is sent to sign in and brought back", async ({ page }, testInfo) => {
  await visit(page, testInfo, "/mon-compte/attestations");
  await expect(page).toHaveURL(/\/connexion\?retour=\/mon-compte\/attestations$/);
  await page.getByLabel("Adresse électronique ou numéro de sécurité sociale").fill("retraite@demo.passerelle.fr");
  await page.getByLabel("Mot de passe").fill("Passerelle-demo-2026");
  await page.getByRole("button", { name: "Se connecter" }).click();
  await expect(page).toHaveURL(/\/mon-compte\/attestations$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Mes attestations");
});

test("signing out ends the session for good", async ({ page, context }, testInfo) => {
  await signIn(page, testInfo, "artisan@demo.passerelle.fr");
  await expect(page).toHaveURL(/\/mon-compte$/);
  const before = (await context.cookies()).find((c) => c.name === "passerelle_session");
  expect(before?.httpOnly).toBe(true);
  expect(before?.sameSite).toBe("Lax");
  await hydrated(page, testInfo);
  await page.getByRole("button", { name: "Se déconnecter" }).click();
  await expect(page).toHaveURL(/\/connexion\?deconnecte=1$/);
  await expect(page.getByText("Vous êtes déconnecté")).toBeVisible();
  // Replaying the old cookie no longer opens anything.
  await context.addCookies([{ ...before!, expires: -1 }]);
  await visit(page, testInfo, "/mon-compte");
  await expect(page).toHaveURL(/\/connexion\?retour=\/mon-compte$/);
});

test("a wrong password shows the error and keeps the identifier", async ({ page }, testInfo) => {
  await signIn(page, testInfo, "micro@demo.passerelle.fr", "pas-le-bon-mot-de-passe");
  await hydrated(page, testInfo);
  const summary = page.getByRole("alert").filter({ hasText: "Une erreur est à corriger" });
  await expect(summary).toContainText("L'identifiant ou le mot de passe est incorrect.");
  await expect(page.getByLabel("Adresse électronique ou numéro de sécurité sociale")).toHaveValue("micro@demo.passerelle.fr");
  await expect(page.getByLabel("Adresse électronique ou numéro de sécurité sociale")).toHaveAttribute("aria-invalid", "true");
  // Without JavaScript the error waits on the server, not in the URL (history, proxy logs).
  expect(page.url()).not.toContain("__err");
  expect(page.url()).not.toContain("micro");
  await expectAccessible(page, testInfo);
});

test("insured people sign in with their NIR without the key", async ({ page }, testInfo) => {
  await signIn(page, testInfo, "1 75 01 75 123 456");
  await expect(page).toHaveURL(/\/mon-compte$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Bonjour Lucas");
});

test("the accountant lands on the client list and opens a client with a received mandate", async ({ page }, testInfo) => {
  await signIn(page, testInfo, "expert@demo.passerelle.fr");
  await expect(page).toHaveURL(/\/cabinet$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Mes clients");
  await expect(page.getByRole("row")).toHaveCount(5);
  await expectAccessible(page, testInfo);
  await hydrated(page, testInfo);
  await page.getByRole("link", { name: "Julie Bernard" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Dossier de Julie Bernard");
  // The client's services, named as services of the client's, never the health or career ones.
  const services = page.getByRole("heading", { name: "Services ouverts au cabinet" }).locator("xpath=following-sibling::ul[1]");
  await expect(services.getByRole("listitem")).toHaveText(["Cotisations", "Attestations"]);
  await expect(page.getByText(/Santé|Relevé de carrière|Mes cotisations/)).toHaveCount(0);
  await expectAccessible(page, testInfo);
  const res = await visit(page, testInfo, "/mon-compte/sante");
  expect(res?.status()).toBe(403);
});

test("the agent lands on their agency", async ({ page }, testInfo) => {
  await signIn(page, testInfo, "agent@demo.passerelle.fr");
  await expect(page).toHaveURL(/\/agence$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Agence Paris Est");
  await expectAccessible(page, testInfo);
});

test("the public pages pass axe-core", async ({ page }, testInfo) => {
  for (const path of ["/", "/creer-mon-compte", "/mot-de-passe-oublie", "/page-inexistante"]) {
    await visit(page, testInfo, path);
    await expectAccessible(page, testInfo);
  }
});
