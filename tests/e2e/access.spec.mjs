// Identity in a real browser: first login with the one-time password, TOTP enrolment, forced
// password change, logout, login with a code; an admin invites a counselor who sets up the
// account; the counselor cannot open the admin pages; wrong codes lock the sign-in and the next
// sign-in warns the user. axe-core on every page.
import { test, expect, expectAccessible, screenshot } from '../support/jalon.mjs';
import { advanceClock, bootstrapAdmin, createAdminCli, totp, GOOD_PASSWORD, lastMail, newApi, serverOffset, resetClock } from '../support/auth.mjs';

test.afterAll(async ({ jalon }) => resetClock(jalon.url));

const uniq = () => Date.now().toString(36) + Math.random().toString(36).slice(2, 6);

async function signIn(page, email, password) {
  await page.goto('/connexion');
  await expectAccessible(page);
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Mot de passe').fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
}

async function enrol(page) {
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Activer la double authentification');
  await expect(page.getByRole('img', { name: /QR code/ })).toBeVisible();
  await expectAccessible(page);
  const secret = (await page.locator('#totp-secret').textContent()).replace(/\s+/g, '');
  await page.getByLabel("Code affiché par l'application").fill(totp(secret));
  await page.getByRole('button', { name: 'Activer' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Codes de secours');
  await expect(page.getByRole('list', { name: 'Codes de secours' }).getByRole('listitem')).toHaveCount(10);
  await expectAccessible(page);
  await page.getByRole('link', { name: /continuer/ }).click();
  return secret;
}

// The first-login password change, from the one-time password to a good one: lands on the
// dashboard.
async function chooseGoodPassword(page, otp) {
  await page.getByLabel('Mot de passe actuel').fill(otp);
  await page.locator('#password').fill(GOOD_PASSWORD);
  await page.getByLabel('Confirmez le nouveau mot de passe').fill(GOOD_PASSWORD);
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Tableau de bord');
  await expectAccessible(page);
}

test('first login, MFA enrolment, password change, logout, login with a code', async ({ page, jalon }) => {
  const email = `admin-${uniq()}@test.example`;
  const otp = createAdminCli(jalon, email, 'ACI du Pays Voironnais');
  await signIn(page, email, otp);
  const secret = await enrol(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Changer de mot de passe');
  await expectAccessible(page);
  await page.getByLabel('Mot de passe actuel').fill(otp);
  await page.getByLabel('Nouveau mot de passe', { exact: false }).first().fill('court');
  await page.getByLabel('Confirmez le nouveau mot de passe').fill('court');
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(page.locator('#password-error')).toContainText('au moins 15 caractères');
  await expect(page.locator('#password')).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page);
  await chooseGoodPassword(page, otp);
  await screenshot(page, 'dashboard-admin');
  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await expect(page.getByText('Vous êtes déconnecté·e.')).toBeVisible();
  await expectAccessible(page);
  await signIn(page, email, GOOD_PASSWORD);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Code de vérification');
  await expectAccessible(page);
  // The enrolment used this step's code; wait for the next one if needed by using the clock.
  await advanceClock(await newApi(jalon.url), 30_000);
  await page.getByLabel('Code de vérification').fill(totp(secret));
  await page.getByRole('button', { name: 'Vérifier' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Tableau de bord');
  await page.getByRole('link', { name: /Mon compte/ }).click();
  await expect(page.getByRole('table', { name: 'Vos sessions' })).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, 'account');
});

test('an admin invites a counselor, who joins; the counselor cannot open admin pages', async ({ page, browser, jalon }) => {
  const adminEmail = `admin-${uniq()}@test.example`;
  const otp = createAdminCli(jalon, adminEmail, 'ACI Inclusion Grenoble');
  await signIn(page, adminEmail, otp);
  await enrol(page);
  await expectAccessible(page);
  await chooseGoodPassword(page, otp);
  await page.getByRole('link', { name: 'Administration' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Utilisateurs');
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Équipes' }).click();
  await expectAccessible(page);
  await page.getByLabel("Nom de l'équipe").fill('Équipe Centre');
  await page.getByRole('button', { name: "Créer l'équipe" }).click();
  await expect(page.getByRole('cell', { name: 'Équipe Centre', exact: true })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Utilisateurs' }).click();
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Inviter un utilisateur' }).click();
  await expectAccessible(page);
  // Bad input first: a clear message, nothing created.
  await page.getByLabel('Prénom et nom').fill('Camille Martin');
  await page.getByLabel('Adresse e-mail professionnelle').fill('pas-une-adresse');
  await page.getByRole('button', { name: "Envoyer l'invitation" }).click();
  await expect(page.locator('#email-error')).toContainText('adresse e-mail valide');
  await expectAccessible(page);
  const cipEmail = `camille-${uniq()}@test.example`;
  await page.getByLabel('Adresse e-mail professionnelle').fill(cipEmail);
  await page.getByLabel('Rôle').selectOption('counselor');
  await page.getByLabel('Équipe').selectOption({ label: 'Équipe Centre' });
  await page.getByRole('button', { name: "Envoyer l'invitation" }).click();
  await expect(page.getByText("L'invitation a été envoyée.")).toBeVisible();
  await expect(page.getByRole('row', { name: /Camille Martin/ })).toContainText('Invitation envoyée');
  await expectAccessible(page);
  await screenshot(page, 'admin-users');

  const api = await newApi(jalon.url);
  const mail = await lastMail(api, cipEmail);
  const link = mail.body.match(/http:\/\/\S+\/invitation\?jeton=\S+/)[0].replace(/^http:\/\/[^/]+/, '');
  const ctx = await browser.newContext({ baseURL: jalon.url });
  const cip = await ctx.newPage();
  cip.__axeChecked = new Set();
  await cip.goto(link);
  await expect(cip.getByRole('heading', { level: 1 })).toHaveText('Rejoindre Jalon');
  await expectAccessible(cip);
  await cip.locator('#password').fill(GOOD_PASSWORD);
  await cip.getByLabel('Confirmez le nouveau mot de passe').fill(GOOD_PASSWORD);
  await cip.getByRole('button', { name: 'Créer mon mot de passe' }).click();
  await expect(cip.getByText('Votre compte est prêt.')).toBeVisible();
  await expectAccessible(cip);
  await cip.getByLabel('Adresse e-mail').fill(cipEmail);
  await cip.getByLabel('Mot de passe').fill(GOOD_PASSWORD);
  await cip.getByRole('button', { name: 'Se connecter' }).click();
  await enrol(cip);
  await expect(cip.getByRole('heading', { level: 1 })).toHaveText('Tableau de bord');
  await expect(cip.getByRole('link', { name: 'Administration' })).toHaveCount(0);
  await expectAccessible(cip);
  const res = await cip.goto('/admin/utilisateurs');
  expect(res.status()).toBe(403);
  await expect(cip.getByRole('heading', { level: 1 })).toHaveText('Accès refusé');
  await expectAccessible(cip);
  await ctx.close();
});

test('wrong second-factor codes lock the sign-in, and the next sign-in warns the user (issue 12 §1)', async ({ page, jalon }) => {
  const admin = await bootstrapAdmin(jalon, `verrou-${uniq()}@test.example`, 'ACI Verrou du code');
  await signIn(page, admin.email, admin.password);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Code de vérification');
  await expectAccessible(page);
  const valid = new Set([-30_000, 0, 30_000].map((d) => totp(admin.secret, Date.now() + serverOffset() + d)));
  const wrong = ['111111', '222222', '333333'].find((c) => !valid.has(c));
  for (let i = 0; i < 4; i++) {
    await page.getByLabel('Code de vérification').fill(wrong);
    await page.getByRole('button', { name: 'Vérifier' }).click();
    await expect(page.locator('#code-error')).toContainText('Code incorrect');
  }
  await expectAccessible(page);
  await page.getByLabel('Code de vérification').fill(wrong);
  await page.getByRole('button', { name: 'Vérifier' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Connexion');
  await expect(page.getByRole('alert')).toContainText('Trop de codes erronés');
  await expectAccessible(page);
  await advanceClock(await newApi(jalon.url), 15 * 60_000 + 1_000);
  await signIn(page, admin.email, admin.password);
  await expect(page.getByRole('alert')).toContainText('des codes de vérification erronés ont été saisis');
  await expectAccessible(page);
  await screenshot(page, 'login-code-lock-warning');
  await page.getByLabel('Code de vérification').fill(totp(admin.secret));
  await page.getByRole('button', { name: 'Vérifier' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Tableau de bord');
  await expectAccessible(page);
});
