// A counselor adds a proof to the record in a real browser (file picker, keyboard), sees the
// expiry warning, then prepares a rapport de continuité and its printable page. axe-core on
// every page.
import { test, expect, expectAccessible, screenshot } from '../support/jalon.mjs';
import { apiCall, bootstrapAdmin, inviteAndSetUp, advanceClock } from '../support/auth.mjs';
import { signIn } from '../support/browser.mjs';

const uniq = Date.now().toString(36);
const day = (offset) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

test('a counselor uploads a proof and prepares a rapport de continuité', async ({ page, jalon }) => {
  test.setTimeout(300_000);
  const admin = await bootstrapAdmin(jalon, `adm-docs-${uniq}@test.example`, `ACI docs ${uniq}`);
  const cip = await inviteAndSetUp(jalon, admin, { email: `cip-docs-${uniq}@test.example`, name: 'Camille Docs', role: 'counselor' });
  const created = await apiCall(cip, 'POST', '/api/v1/beneficiaries', {
    civility: 'm', first_name: 'Noé', last_name: `Relais${uniq}`, birth_date: '1985-07-01',
    prescriber_kind: 'france_travail', entry_date: '2026-03-02', scheme: 'iae', information_notice_version: '2026-01',
  });
  const id = (await created.json()).id;
  expect((await apiCall(cip, 'POST', `/api/v1/beneficiaries/${id}/diagnoses`, { made_on: day(-10), items: [
    { theme: 'logement', item: 'lo_tiers', kind: 'barrier', severity: 2 }] })).status()).toBe(201);
  await advanceClock(admin.api, 30_000);
  await signIn(page, cip);
  await page.goto(`/beneficiaires/${id}/documents`);
  await expect(page.getByText('Aucun document pour le moment.')).toBeVisible();
  await expectAccessible(page);

  // A file that is not what its name says is refused with the reason, inline.
  await page.getByLabel('Fichier').setInputFiles({ name: 'attestation.pdf', mimeType: 'application/pdf', buffer: Buffer.from('pas un pdf') });
  await page.getByRole('button', { name: 'Ajouter le document' }).click();
  await expect(page.locator('#file-error')).toContainText('ne correspond pas à son extension');
  await expectAccessible(page);

  await page.getByLabel('Type de document').selectOption('justificatif');
  await page.getByLabel('Libellé (facultatif)').fill('Attestation de droits RSA');
  await page.getByLabel("Date d'expiration du justificatif (facultatif)").fill(day(12));
  await page.getByLabel('Fichier').setInputFiles({ name: 'attestation.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') });
  await page.getByRole('button', { name: 'Ajouter le document' }).press('Enter');
  await expect(page.getByText('Le document a été ajouté.')).toBeVisible();
  await expect(page.getByRole('table', { name: 'Documents, les plus récents d\'abord' })).toContainText('Attestation de droits RSA');
  await expect(page.getByText('Expire bientôt')).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, 'record-documents');

  await page.getByRole('navigation', { name: 'Sections du dossier' }).getByRole('link', { name: 'Bilan' }).click();
  await expectAccessible(page);
  await page.getByLabel('Rapport de continuité (partenaire qui prend le relais)').check();
  await page.getByLabel('Destinataire (facultatif)').fill('Mission locale du Voironnais');
  await page.getByLabel('Projet professionnel').uncheck();
  await page.getByRole('button', { name: 'Préparer le document' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Rapport de continuité de parcours' })).toBeVisible();
  await expect(page.getByText('Hébergé chez un tiers')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Projet professionnel' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Télécharger en PDF' })).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, 'rapport-continuite');
});
