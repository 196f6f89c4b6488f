// A counselor builds a synthesis note end to end in a real browser: the territory's dashboard
// (charts with their data tables), a note drafted from it, a section written, a figure dropped,
// a new version saved, the printable page. axe-core on every page; screenshots for review.
import { test, expect, expectAccessible, importReferentials, screenshot } from '../support/jalon.mjs';
import { apiCall, bootstrapAdmin, inviteAndSetUp, advanceClock } from '../support/auth.mjs';
import { signIn } from '../support/browser.mjs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const uniq = Date.now().toString(36);

test('a counselor writes a synthesis note from the diagnosis of the bassin of Voiron', async ({ page, jalon }) => {
  test.setTimeout(480_000);
  importReferentials(jalon, ['communes', 'centroides', 'zones-emploi', 'bassins-emploi', 'rome', 'bmo', 'tension']);
  const admin = await bootstrapAdmin(jalon, `adm-note-${uniq}@test.example`, `ACI note ${uniq}`);
  const cip = await inviteAndSetUp(jalon, admin, { email: `cip-note-${uniq}@test.example`, name: 'Camille Note', role: 'counselor' });
  const made = await apiCall(cip, 'POST', '/api/v1/territories', { name: `Bassin de Voiron ${uniq}`, kind: 'bassin-emploi', area_code: '8413' });
  expect(made.status()).toBe(201);
  const id = (await made.json()).id;
  await advanceClock(admin.api, 30_000);
  await signIn(page, cip);

  await page.getByRole('link', { name: 'Territoires' }).click();
  await expectAccessible(page);
  await page.getByRole('link', { name: `Bassin de Voiron ${uniq}` }).click();
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Diagnostic territorial et notes de synthèse' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Diagnostic territorial : Bassin de Voiron ${uniq}`);
  await expect(page.getByRole('table', { name: 'Projets de recrutement, difficultés et saisonnalité' })).toContainText('≥ 4 863 (27 cellules non publiées)');
  await expect(page.getByRole('img', { name: /Projets par famille de métiers/ })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Projets de recrutement, difficultés et saisonnalité' })).toContainText('au moins 30,5 % ; 110 cellules non publiées');
  await expect(page.getByText(/Le recrutement saisonnier représente au moins 30,5 %/)).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, 'territory-dashboard-voiron');

  await page.getByLabel('Titre de la nouvelle note').fill(`Note bassin de Voiron ${uniq}`);
  await page.getByRole('button', { name: 'Rédiger une note à partir de ce diagnostic' }).click();
  await expect(page.getByText('La note a été créée à partir du diagnostic.')).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel('Texte : Acteurs du territoire').fill('France Travail Voiron, Mission locale, CCAS, SIAE du Pays Voironnais.');
  await page.getByLabel('Texte : Actions collectives proposées').fill('Ateliers de découverte des métiers du soin et du maraîchage.');
  await page.getByRole('group', { name: 'Figures gardées dans « Marché du travail »' }).getByLabel('Saisonnalité : part saisonnière par famille').uncheck();
  await page.getByRole('button', { name: 'Enregistrer une nouvelle version' }).click();
  await expect(page.getByText('Nouvelle version enregistrée.')).toBeVisible();
  await expect(page.getByText('Version 2', { exact: false }).first()).toBeVisible();
  await expectAccessible(page);

  await page.getByRole('link', { name: 'Version imprimable, PDF et Word' }).click();
  await expect(page.getByRole('heading', { name: 'Acteurs du territoire' })).toBeVisible();
  await expect(page.getByText('Ateliers de découverte des métiers du soin et du maraîchage.')).toBeVisible();
  await expect(page.getByRole('table', { name: 'Saisonnalité : part saisonnière par famille' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Télécharger en PDF' })).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, 'territory-note-print');
  expect(id).toBeTruthy();

  // A note saved before the shares were corrected (no method recorded): its page says so and
  // offers a version recomputed with the corrected method.
  const noteId = new URL(page.url()).pathname.split('/')[2];
  const drop = jalon.store.databaseUrl
    ? ['psql', [jalon.store.databaseUrl, '-qAtc', `UPDATE territorial_note_versions SET content = (content::jsonb - 'method')::text WHERE note_id = '${noteId}'`]]
    : ['sqlite3', ['-cmd', '.timeout 5000', join(jalon.store.dataDir, 'jalon.db'), `UPDATE territorial_note_versions SET content = json_remove(content, '$.method') WHERE note_id = '${noteId}'`]];
  execFileSync(drop[0], drop[1], { stdio: 'pipe' });
  await page.goto(`/notes-territoriales/${noteId}`);
  await expect(page.getByText(/Méthode antérieure : Les chiffres de cette version ont été calculés selon une méthode antérieure/)).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Créer une nouvelle version avec les chiffres corrigés' }).click();
  await expect(page.getByText(/Nouvelle version enregistrée avec les chiffres recalculés/)).toBeVisible();
  await expect(page.getByText('Méthode antérieure :')).toHaveCount(0);
  await expect(page.getByLabel('Texte : Acteurs du territoire')).toHaveValue('France Travail Voiron, Mission locale, CCAS, SIAE du Pays Voironnais.');
  await expectAccessible(page);
});
