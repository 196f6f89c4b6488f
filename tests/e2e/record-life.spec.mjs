// The record's life in a real browser (issue 14): a counselor corrects a person's phone and
// identifiers (bad input names the field and changes nothing), sees the previous value in the
// history, pauses and brings the person back, then hands them over to a colleague: both
// counselors' caseloads (count and list) change at once. axe-core on every page.
import { test, expect, expectAccessible } from '../support/jalon.mjs';
import { apiCall, bootstrapAdmin, inviteAndSetUp, advanceClock } from '../support/auth.mjs';
import { signIn } from '../support/browser.mjs';

const uniq = Date.now().toString(36);

async function caseload(page) {
  await page.goto('/beneficiaires');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mes bénéficiaires');
  await expectAccessible(page);
}

test('a counselor edits a person, sees the history, pauses, and transfers them to a colleague', async ({ browser, page, jalon }) => {
  test.setTimeout(480_000);
  const admin = await bootstrapAdmin(jalon, `adm-life-${uniq}@test.example`, `ACI life ${uniq}`);
  const camille = await inviteAndSetUp(jalon, admin, { email: `cip1-life-${uniq}@test.example`, name: 'Camille Un', role: 'counselor' });
  const claude = await inviteAndSetUp(jalon, admin, { email: `cip2-life-${uniq}@test.example`, name: 'Claude Deux', role: 'counselor' });
  const last = `Fontaine${uniq}`;
  for (const [who, name] of [[camille, last], [camille, `Aubert${uniq}`], [claude, `Benoit${uniq}`]]) {
    const created = await apiCall(who, 'POST', '/api/v1/beneficiaries', {
      civility: 'mme', first_name: 'Maëlle', last_name: name, birth_date: '1988-03-14', phone: '06 11 22 33 44',
      prescriber_kind: 'france_travail', entry_date: '2026-02-02', scheme: 'iae', information_notice_version: '2026-01',
    });
    expect(created.status()).toBe(201);
  }
  await advanceClock(admin.api, 30_000);  // the enrolments used this step's code

  await signIn(page, camille);
  await caseload(page);
  await expect(page.getByText('2 personnes trouvées')).toBeVisible();
  await page.getByRole('link', { name: new RegExp(last) }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Maëlle ${last}`);
  await expectAccessible(page);
  const recordUrl = page.url().split('?')[0];

  // Edit: a bad CAF number is refused with the field named, and nothing is saved.
  await page.getByRole('link', { name: 'Modifier les informations' }).click();
  await expect(page.getByRole('heading', { name: 'Modifier les informations de la personne' })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel('Téléphone').fill('07 98 76 54 32');
  await page.getByLabel('Numéro allocataire CAF').fill('12ab');
  await page.getByRole('button', { name: 'Enregistrer les modifications' }).click();
  await expect(page.getByRole('alert')).toContainText('Numéro allocataire CAF invalide');
  await expect(page.getByLabel('Numéro allocataire CAF')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Téléphone')).toHaveValue('07 98 76 54 32');  // what was typed stays
  await expectAccessible(page);
  await page.goto(recordUrl);
  await expect(page.getByText('06 11 22 33 44')).toBeVisible();  // nothing changed

  // Now correctly: phone, France Travail identifier, SMS consent.
  await page.getByRole('link', { name: 'Modifier les informations' }).click();
  await page.getByLabel('Téléphone').fill('07 98 76 54 32');
  await page.getByLabel('Identifiant France Travail').fill('1234567a');
  await page.getByLabel("La personne accepte d'être contactée par SMS").check();
  await page.getByRole('button', { name: 'Enregistrer les modifications' }).click();
  await expect(page.getByText('3 informations ont été modifiées.')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Historique des modifications' })).toBeVisible();
  await expectAccessible(page);
  const history = page.getByRole('table', { name: /Modifications du dossier/ });
  const phoneRow = history.getByRole('row', { name: /Téléphone/ });
  await expect(phoneRow).toContainText('06 11 22 33 44');  // the previous value, for the référent
  await expect(phoneRow).toContainText('07 98 76 54 32');
  await expect(phoneRow).toContainText('Camille Un');
  await expect(history.getByRole('row', { name: /Identifiant France Travail/ })).toContainText('1234567A');

  // Status: a pause needs its expected return; then with it; then back.
  await page.goto(recordUrl);
  await page.getByRole('link', { name: 'Changer le statut' }).click();
  await expectAccessible(page);
  await page.getByLabel('Nouveau statut').selectOption('suspendu');
  await page.getByLabel('Raison de la pause').selectOption('sante');
  await page.getByRole('button', { name: 'Enregistrer le statut' }).click();
  await expect(page.getByRole('alert')).toContainText('Cette date est obligatoire');
  await expect(page.getByLabel('Retour prévu le')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('Statut actuel : En accompagnement')).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel('Retour prévu le').fill('2099-01-15');
  await page.getByRole('button', { name: 'Enregistrer le statut' }).click();
  await expect(page.getByText('Le statut a été enregistré.')).toBeVisible();
  await expect(page.getByText('Statut actuel : En pause — Santé, retour prévu le 15/01/2099.')).toBeVisible();
  await page.getByLabel('Nouveau statut').selectOption('en_cours');
  await page.getByRole('button', { name: 'Enregistrer le statut' }).click();
  await expect(page.getByText('Statut actuel : En accompagnement.')).toBeVisible();
  await expectAccessible(page);

  // Transfer to Claude with a note: the note is required.
  await page.goto(recordUrl);
  await page.getByRole('link', { name: 'Changer de référent·e' }).click();
  await expect(page.getByRole('heading', { name: 'Référent·e et co-référent·es' })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel('Nouveau·elle référent·e').selectOption({ label: 'Claude Deux' });
  await page.getByRole('button', { name: 'Changer de référent·e' }).click();
  await expect(page.getByRole('alert')).toContainText('Indiquez la raison du changement');
  await expectAccessible(page);
  await page.getByLabel('Nouveau·elle référent·e').selectOption({ label: 'Claude Deux' });
  await page.getByLabel('Raison du changement').fill('Déménagement sur le secteur de Claude.');
  await page.getByRole('button', { name: 'Changer de référent·e' }).click();

  // Camille's caseload lost the person at once: count and list.
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mes bénéficiaires');
  await expect(page.getByText('1 personne trouvée')).toBeVisible();
  await expect(page.getByRole('link', { name: new RegExp(last) })).toHaveCount(0);
  await expectAccessible(page);
  expect((await page.goto(recordUrl)).status()).toBe(404);  // no longer in Camille's scope
  await expectAccessible(page);

  // Claude's caseload gained them, and the record shows the handover with its note.
  const other = await browser.newContext({ baseURL: jalon.url });
  const page2 = await other.newPage();
  page2.__axeChecked = new Set();  // expectAccessible records the pages it checked
  await signIn(page2, claude);
  await caseload(page2);
  await expect(page2.getByText('2 personnes trouvées')).toBeVisible();
  await page2.getByRole('link', { name: new RegExp(last) }).click();
  await expect(page2.getByText(/référent·e : Claude Deux/)).toBeVisible();
  await page2.getByRole('link', { name: 'Historique des modifications' }).click();
  const row = page2.getByRole('table', { name: /Modifications du dossier/ }).getByRole('row', { name: /Référent·e/ });
  await expect(row).toContainText('Camille Un');
  await expect(row).toContainText('Claude Deux');
  await expect(row).toContainText('Déménagement sur le secteur de Claude.');
  await expectAccessible(page2);
  await other.close();
});
