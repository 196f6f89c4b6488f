// Never lose typed work (issue 14), in a real browser: the session warns before it ends and can
// be extended; a form sent after the end keeps the text, signs in again in a dialog and is saved;
// a form shows all its errors at once; signing in lands on the page asked for (and never on
// another site); the job picker keeps the jobs chosen across searches as removable chips;
// recovery codes can be downloaded. axe-core on every page and dialog.
import { readFileSync } from 'node:fs';
import { test, expect, expectAccessible, importReferentials } from '../support/jalon.mjs';
import {
  bootstrapAdmin, inviteAndSetUp, advanceClock, resetClock, apiCall, totp, serverOffset,
  newApi, csrfOf, postForm, lastMail, GOOD_PASSWORD,
} from '../support/auth.mjs';

const uniq = Date.now().toString(36);
const MINUTE = 60_000;
let W;

test.beforeAll(async ({ jalon }) => {
  test.setTimeout(300_000);
  importReferentials(jalon, ['rome']);
  const admin = await bootstrapAdmin(jalon, `adm-forms-${uniq}@test.example`, `ACI forms ${uniq}`);
  const cip = await inviteAndSetUp(jalon, admin, { email: `cip-forms-${uniq}@test.example`, name: 'Camille Forms', role: 'counselor' });
  const res = await apiCall(cip, 'POST', '/api/v1/beneficiaries', {
    civility: 'mme', first_name: 'Alix', last_name: `Formes${uniq}`, birth_date: '1988-03-14',
    prescriber_kind: 'france_travail', entry_date: '2026-02-02', scheme: 'iae', information_notice_version: '2026-01',
  });
  expect(res.status()).toBe(201);
  W = { admin, cip, person: (await res.json()).id };
});

test.afterAll(async ({ jalon }) => {
  await resetClock(jalon.url);
});

// A fresh TOTP step for each sign-in (a code is accepted once).
async function nextStep() {
  await advanceClock(W.admin.api, 30_000);
}

// The password and code pages, from wherever the browser was sent to sign in.
async function signInHere(page, user) {
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Connexion');
  await expectAccessible(page);
  await page.getByLabel('Adresse e-mail').fill(user.email);
  await page.getByLabel('Mot de passe').fill(user.password);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Code de vérification');
  await expectAccessible(page);
  await page.getByLabel('Code de vérification').fill(totp(user.secret, Date.now() + serverOffset()));
  await page.keyboard.press('Enter');
}

test('recovery codes can be downloaded and printed', async ({ page, jalon }) => {
  const email = `codes-${uniq}@test.example`;
  const invited = await postForm(W.admin.api, '/admin/utilisateurs/inviter', { email, display_name: 'Dominique Codes', role: 'counselor', team_id: '' });
  expect(invited.status()).toBe(303);
  const token = (await lastMail(W.admin.api, email)).body.match(/jeton=([A-Za-z0-9_-]+)/)[1];
  const api = await newApi(jalon.url);
  const accepted = await api.post('/invitation', { form: { jeton: token, password: GOOD_PASSWORD, confirm: GOOD_PASSWORD, csrf: await csrfOf(api) } });
  expect(accepted.status()).toBe(303);
  await api.dispose();

  await page.goto('/connexion');
  await expectAccessible(page);
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Mot de passe').fill(GOOD_PASSWORD);
  await page.keyboard.press('Enter');
  await expect(page.locator('#totp-secret')).toBeVisible();
  await expectAccessible(page);
  const secret = (await page.locator('#totp-secret').textContent()).replace(/\s+/g, '');
  await page.getByLabel("Code affiché par l'application").fill(totp(secret, Date.now() + serverOffset()));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Codes de secours');
  await expectAccessible(page);
  const codes = await page.getByRole('list', { name: 'Codes de secours' }).getByRole('listitem').allTextContents();
  expect(codes).toHaveLength(10);

  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Télécharger les codes (fichier texte)' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('jalon-codes-de-secours.txt');
  const text = readFileSync(await file.path(), 'utf8');
  for (const c of codes) expect(text).toContain(c.trim());
  await expect(page.getByRole('button', { name: 'Imprimer les codes' })).toBeVisible();
});

test('signing in lands on the page asked for, and never on another site', async ({ page, jalon }) => {
  await nextStep();
  await page.goto('/beneficiaires?tri=entree');
  expect(new URL(page.url()).pathname).toBe('/connexion');
  expect(new URL(page.url()).searchParams.get('retour')).toBe('/beneficiaires?tri=entree');
  await signInHere(page, W.cip);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mes bénéficiaires');
  expect(page.url()).toBe(`${jalon.url}/beneficiaires?tri=entree`);
  await expectAccessible(page);

  // A link that would send the user elsewhere after signing in lands on the dashboard.
  for (const evil of ['//evil.example/x', 'https://evil.example/', '/\\evil.example', '/\t/evil.example']) {
    const api = await newApi(jalon.url);
    const csrf = await csrfOf(api);
    const res = await api.post('/connexion', { form: { email: W.cip.email, password: W.cip.password, csrf, retour: evil } });
    expect(res.status()).toBe(303);
    expect(res.headers().location, evil).toBe('/connexion/code');
    await api.dispose();
  }
  const api = await newApi(jalon.url);
  const csrf = await csrfOf(api);
  const res = await api.post('/connexion', { form: { email: W.cip.email, password: W.cip.password, csrf, retour: '/agenda' } });
  expect(res.headers().location).toBe('/connexion/code?retour=%2Fagenda');
  await nextStep();
  const code = await postForm(api, '/connexion/code', { code: totp(W.cip.secret, Date.now() + serverOffset()), retour: 'https://evil.example/' });
  expect(code.status()).toBe(303);
  expect(code.headers().location).toBe('/');
  await api.dispose();
});

test('the session warns before it ends and "Rester connecté·e" extends it', async ({ page }) => {
  await nextStep();
  await page.clock.install();
  await page.goto('/connexion');
  await signInHere(page, W.cip);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Tableau de bord');
  await expectAccessible(page);
  const warning = page.getByRole('dialog', { name: 'Votre session va bientôt expirer' });
  await expect(warning).toBeHidden();

  // 26 minutes without a request: the page's next check shows the warning.
  await advanceClock(W.admin.api, 26 * MINUTE);
  await page.clock.fastForward(61_000);
  await expect(warning).toBeVisible();
  await expect(warning).toContainText(/dans [45] minutes/);
  await expectAccessible(page);
  await expect(warning.getByRole('button', { name: 'Rester connecté·e' })).toBeFocused();
  await warning.getByRole('button', { name: 'Rester connecté·e' }).click();
  await expect(warning).toBeHidden();
  // Announced through a polite live region (not role=status: a page's own status stays the only one).
  await expect(page.locator('#session-extended[aria-live="polite"]')).toContainText('Votre session est prolongée');

  // 26 more minutes: 52 since the last page, but only 26 since the extension.
  await advanceClock(W.admin.api, 26 * MINUTE);
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Tableau de bord');
  await expectAccessible(page);
});

test('a form sent after the session ended keeps the text, signs in again and is saved', async ({ page }) => {
  await nextStep();
  await page.goto(`/connexion?retour=${encodeURIComponent('/beneficiaires/nouveau')}`);
  await signInHere(page, W.cip);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Nouvelle personne accompagnée');
  await expectAccessible(page);
  await page.locator('#civility').selectOption('m');
  await page.locator('#last_name').fill(`Expire${uniq}`);
  await page.locator('#first_name').fill('Noé');
  await page.locator('#birth_date').fill('1990-06-02');
  await page.locator('#prescriber_kind').selectOption('france_travail');

  // The counselor was away: the session ended meanwhile.
  await advanceClock(W.admin.api, 31 * MINUTE);
  await page.getByRole('button', { name: 'Créer le dossier' }).click();
  const dialog = page.getByRole('dialog', { name: 'Reconnectez-vous' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('Ce que vous avez saisi est conservé');
  await expectAccessible(page);
  // The typed text is still in the form behind the dialog.
  await expect(page.locator('#last_name')).toHaveValue(`Expire${uniq}`);

  // A wrong password says so and keeps the dialog open.
  await dialog.getByLabel('Adresse e-mail').fill(W.cip.email);
  await dialog.getByLabel('Mot de passe').fill('pas le bon mot de passe');
  await dialog.getByRole('button', { name: 'Se reconnecter' }).click();
  await expect(dialog.getByRole('alert')).toContainText('Connexion impossible');
  await dialog.getByLabel('Mot de passe').fill(W.cip.password);
  await dialog.getByRole('button', { name: 'Se reconnecter' }).click();
  await expect(dialog.getByLabel('Code de vérification')).toBeVisible();
  await expectAccessible(page);
  await dialog.getByLabel('Code de vérification').fill(totp(W.cip.secret, Date.now() + serverOffset()));
  await dialog.getByRole('button', { name: 'Se reconnecter' }).click();

  await expect(page.getByText('Le dossier a été créé.')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Noé Expire${uniq}`);
  await expectAccessible(page);
});

test('a form lists all its errors at the top, each linked to its field and shown beside it', async ({ page }) => {
  await nextStep();
  await page.goto('/connexion?retour=/beneficiaires/nouveau');
  await signInHere(page, W.cip);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Nouvelle personne accompagnée');
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Créer le dossier' }).click();

  const summary = page.locator('#erreurs');
  await expect(summary).toContainText("le formulaire n'a pas été enregistré");
  const expected = {
    last_name: 'Indiquez le nom.',
    first_name: 'Indiquez le prénom.',
    birth_date: 'Cette date est obligatoire.',
    prescriber_kind: 'Choisissez le type de prescripteur dans la liste.',
  };
  for (const [field, message] of Object.entries(expected)) {
    await expect(summary.getByRole('link', { name: message })).toHaveAttribute('href', `#${field}`);
    await expect(page.locator(`#${field}-error`)).toHaveText(`Erreur : ${message}`);
    await expect(page.locator(`#${field}`)).toHaveAttribute('aria-invalid', 'true');
  }
  const count = await summary.getByRole('listitem').count();
  expect(count).toBeGreaterThanOrEqual(4);
  await expect(summary).toContainText(`Corrigez les ${count} erreurs`);
  await expectAccessible(page);
  await summary.getByRole('link', { name: 'Indiquez le prénom.' }).click();
  await expect(page.locator('#first_name')).toBeFocused();

});

test('the job picker keeps the jobs chosen across searches as removable chips', async ({ page }) => {
  await nextStep();
  await page.goto(`/connexion?retour=${encodeURIComponent(`/beneficiaires/${W.person}/projet`)}`);
  await signInHere(page, W.cip);
  await expect(page.getByRole('heading', { name: 'Projet professionnel' })).toBeVisible();
  await expectAccessible(page);
  // No box to type codes in.
  await expect(page.getByRole('textbox', { name: /code/i })).toHaveCount(0);
  const chosen = page.getByRole('list', { name: 'Métiers visés' });
  await expect(page.getByText('Aucun métier choisi pour l\'instant.')).toBeVisible();

  const search = page.getByLabel('Chercher un métier dans le ROME');
  await search.fill('aide soignante');
  const nurse = page.locator('#rome-results').getByRole('checkbox', { name: /^Aide-soignant/ }).first();
  await expect(nurse).toBeVisible();
  const nurseLabel = await page.locator('#rome-results label').filter({ hasText: /^Aide-soignant/ }).first()
    .evaluate((l) => l.firstChild.textContent.trim());
  await nurse.check();
  await expect(chosen.getByRole('listitem')).toHaveCount(1);
  await expect(chosen).toContainText(nurseLabel);
  await expectAccessible(page);

  // A second search replaces the results; the first choice stays.
  await search.fill('boulanger');
  const baker = page.locator('#rome-results').getByRole('checkbox', { name: /^Boulanger/ }).first();
  await expect(baker).toBeVisible();
  await baker.check();
  await expect(chosen.getByRole('listitem')).toHaveCount(2);
  await expect(chosen).toContainText(nurseLabel);
  await expect(page.getByRole('status').filter({ hasText: '2 métiers choisis' })).toHaveCount(1);
  await expectAccessible(page);

  // A third job, removed again with its chip's button.
  await search.fill('maçon');
  const mason = page.locator('#rome-results').getByRole('checkbox', { name: /^Maçon/ }).first();
  await expect(mason).toBeVisible();
  await mason.check();
  await expect(chosen.getByRole('listitem')).toHaveCount(3);
  await chosen.getByRole('button', { name: /^Retirer Maçon/ }).click();
  await expect(chosen.getByRole('listitem')).toHaveCount(2);
  await expect(mason).not.toBeChecked();

  await page.getByRole('button', { name: 'Enregistrer le projet' }).click();
  await expect(page.getByText('Le projet a été enregistré.')).toBeVisible();
  await expect(chosen.getByRole('listitem')).toHaveCount(2);
  await expect(chosen).toContainText(nurseLabel);
  await expect(chosen).toContainText(/Boulanger/);
  await expect(chosen).not.toContainText(/Maçon/);
  await expectAccessible(page);
});
