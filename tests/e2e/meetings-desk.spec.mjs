// The meetings desk (issue 14) in a real browser: an overlapping appointment is flagged before
// it is saved, saved only once confirmed, and marked in the agenda; a report draft is saved
// while typing (the status says when, nothing in the browser's storage), tied to the pathway's
// objective and action, finalised after a confirmation, and given to the person as a printable
// page and a PDF without the internal notes. A territorial note's typed text is autosaved as a
// draft and offered again when the editor is reopened. axe-core on every page.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect, expectAccessible, importReferentials } from '../support/jalon.mjs';
import { apiCall, bootstrapAdmin, inviteAndSetUp, advanceClock } from '../support/auth.mjs';
import { signIn } from '../support/browser.mjs';

const uniq = Date.now().toString(36);
const parisDay = (offset) => new Date(Date.now() + offset * 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' });

async function person(cip, last) {
  const res = await apiCall(cip, 'POST', '/api/v1/beneficiaries', {
    civility: 'mme', first_name: 'Alix', last_name: last, birth_date: '1990-04-12',
    prescriber_kind: 'france_travail', entry_date: '2026-02-02', scheme: 'iae', information_notice_version: '2026-01',
  });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()).id;
}

async function made(cip, path, body, status = 201) {
  const res = await apiCall(cip, 'POST', path, body);
  expect(res.status(), await res.text()).toBe(status);
  return res.json();
}

test('overlaps flagged and confirmed; report autosaved, tied to objectives, confirmed, given to the person', async ({ page, jalon }) => {
  test.setTimeout(480_000);
  const admin = await bootstrapAdmin(jalon, `adm-desk-${uniq}@test.example`, `ACI desk ${uniq}`);
  const cip = await inviteAndSetUp(jalon, admin, { email: `cip-desk-${uniq}@test.example`, name: 'Camille Conseil', role: 'counselor' });
  const morel = await person(cip, `Morel${uniq}`);
  const roux = await person(cip, `Roux${uniq}`);
  const tomorrow = parisDay(1);
  const first = await made(cip, `/api/v1/beneficiaries/${morel}/appointments`,
    { date: tomorrow, time: '10:00', duration_min: 45, kind: 'suivi', mode: 'telephone' });
  // The API answers the overlap with the conflicting slot, and saves nothing.
  const clash = await apiCall(cip, 'POST', `/api/v1/beneficiaries/${roux}/appointments`,
    { date: tomorrow, time: '10:30', duration_min: 30, kind: 'suivi', mode: 'telephone' });
  expect(clash.status()).toBe(409);
  const problem = await clash.json();
  expect(problem.field).toBe('confirm_overlap');
  expect(problem.conflicts).toEqual([expect.objectContaining({ reference: first.reference, same_counselor: true, same_person: false })]);
  await advanceClock(admin.api, 30_000);  // the enrolment used this step's code

  await signIn(page, cip);
  await page.goto(`/beneficiaires/${roux}/rendez-vous/nouveau`);
  await expectAccessible(page);
  await page.getByLabel('Date', { exact: false }).fill(tomorrow);
  await page.getByLabel('Heure', { exact: false }).fill('10:30');
  await page.getByLabel('Durée (minutes)', { exact: false }).fill('30');
  await page.getByLabel('Mode').selectOption('telephone');
  await page.getByRole('button', { name: 'Planifier le rendez-vous' }).click();
  const warning = page.locator('#confirm_overlap-error');
  await expect(warning).toContainText('Ce créneau chevauche un autre rendez-vous');
  await expect(warning).toContainText(`de 10:00 à 10:45 (${first.reference}, même conseiller·ère)`);
  await expect(page.getByRole('alert')).toContainText('Ce créneau chevauche');
  await expectAccessible(page);
  await page.getByLabel('Planifier quand même, malgré le chevauchement').check();
  await page.getByRole('button', { name: 'Planifier le rendez-vous' }).click();
  await expect(page.getByText('Le rendez-vous a été planifié.')).toBeVisible();
  await expect(page.getByText('Chevauche un autre rendez-vous')).toBeVisible();
  await expectAccessible(page);
  await page.goto(`/agenda?vue=jour&date=${tomorrow}`);
  const day = page.getByRole('table', { name: /Rendez-vous du/ });
  await expect(day.getByText('Chevauchement')).toHaveCount(2);
  await expectAccessible(page);

  // A report of yesterday's interview, on a person with an objective and an action.
  const objective = await made(cip, `/api/v1/beneficiaries/${morel}/objectives`, { label: 'Obtenir le permis B', status: 'en_cours' });
  const action = await made(cip, `/api/v1/beneficiaries/${morel}/actions`, { label: 'Inscription au code', status: 'prevu', objective_id: objective.id });
  const past = await made(cip, `/api/v1/beneficiaries/${morel}/appointments`,
    { date: parisDay(-1), time: '09:00', duration_min: 45, kind: 'suivi', mode: 'telephone', confirm_overlap: true });
  expect((await apiCall(cip, 'POST', `/api/v1/appointments/${past.id}/status`, { status: 'honore' })).status()).toBe(200);
  const report = await made(cip, `/api/v1/appointments/${past.id}/report`, {});

  await page.goto(`/comptes-rendus/${report.id}/modifier`);
  await expectAccessible(page);
  const status = page.getByRole('status').filter({ hasText: /Brouillon|enregistré automatiquement/ });
  await page.getByLabel('Points abordés').fill('Point sur le code de la route : séances deux fois par semaine.');
  await expect(status).toHaveText(/^Brouillon enregistré à \d\d:\d\d$/);
  // Saved on the server, not in the browser.
  const saved = await (await cip.api.get(`/api/v1/reports/${report.id}`)).json();
  expect(saved.sections.topics).toBe('Point sur le code de la route : séances deux fois par semaine.');
  // (htmx keeps its own history cache there: no stored value holds the typed text.)
  const stored = await page.evaluate(() => [localStorage, sessionStorage].flatMap((st) =>
    Object.keys(st).map((k) => `${k}=${st.getItem(k)}`)).join('\n'));
  expect(stored).not.toContain('code de la route');
  await page.getByLabel('Notes internes au service').fill('Vérifier le dossier aide au permis NOTEINTERNE.');
  await expect(status).toHaveText(/^Brouillon enregistré à \d\d:\d\d$/);
  await page.getByLabel('Objectif « Obtenir le permis B »', { exact: true }).check();
  await page.getByLabel('Action « Inscription au code » (objectif « Obtenir le permis B »)').check();
  await expectAccessible(page);
  // The autosaves moved the version on: the form's own save is not refused as stale.
  await page.getByRole('button', { name: 'Enregistrer et finaliser' }).click();
  await expect(page.getByRole('heading', { name: 'Finaliser le compte rendu ?' })).toBeVisible();
  await expectAccessible(page);
  expect((await (await cip.api.get(`/api/v1/reports/${report.id}`)).json()).status).toBe('draft');
  await page.getByRole('button', { name: 'Confirmer la finalisation' }).click();
  await expect(page.getByText('Le compte rendu a été finalisé.')).toBeVisible();
  const tied = page.getByRole('region', { name: 'Objectifs et actions abordés' });
  await expect(tied.getByRole('link', { name: 'Objectif « Obtenir le permis B »' })).toBeVisible();
  await expect(tied.getByRole('link', { name: 'Action « Inscription au code »' })).toBeVisible();
  await expectAccessible(page);

  // The person's copy: printable page and PDF, without the internal notes.
  await page.getByRole('link', { name: 'Exemplaire imprimable' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText("Compte rendu de l'entretien du");
  await expect(page.getByText('séances deux fois par semaine')).toBeVisible();
  await expect(page.getByText('NOTEINTERNE')).toHaveCount(0);
  await expect(page.getByText('Notes internes au service')).toHaveCount(0);
  await expectAccessible(page);
  const pdf = await page.request.get(`/comptes-rendus/${report.id}/exemplaire/pdf`);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()['content-type']).toBe('application/pdf');
  const file = join(mkdtempSync(join(tmpdir(), 'jalon-cr-')), 'cr.pdf');
  writeFileSync(file, await pdf.body());
  const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  expect(text).toContain('séances deux fois par semaine');
  expect(text).not.toContain('NOTEINTERNE');
  expect(text).not.toContain('Notes internes');

  // The objective and the action show the report on the pathway tab.
  await page.goto(`/beneficiaires/${morel}/parcours`);
  const card = page.getByRole('article', { name: 'Obtenir le permis B' });
  await expect(card.locator('p.item-reports').getByRole('link', { name: /Entretien « Suivi » du/ })).toBeVisible();
  await expect(card.getByRole('table').getByRole('link', { name: /Entretien « Suivi » du/ })).toBeVisible();
  await expectAccessible(page);
  await card.getByRole('link', { name: /Entretien « Suivi » du/ }).first().click();
  await expect(page.getByRole('heading', { name: /^Compte rendu — / })).toBeVisible();
  await expectAccessible(page);
});

test('a territorial note being typed is kept as a draft and offered again on reload', async ({ page, jalon }) => {
  test.setTimeout(300_000);
  importReferentials(jalon, ['communes']);
  const admin = await bootstrapAdmin(jalon, `adm-ndesk-${uniq}@test.example`, `ACI ndesk ${uniq}`);
  const cip = await inviteAndSetUp(jalon, admin, { email: `cip-ndesk-${uniq}@test.example`, name: 'Camille Note', role: 'counselor' });
  const territory = await made(cip, '/api/v1/territories', { name: `Voiron ${uniq}`, kind: 'communes', communes: ['38563', '38239'] });
  await advanceClock(admin.api, 30_000);
  await signIn(page, cip);
  await page.goto(`/territoires/${territory.id}/diagnostic`);
  await expectAccessible(page);
  await page.getByLabel('Titre de la nouvelle note').fill(`Note Voiron ${uniq}`);
  await page.getByRole('button', { name: 'Rédiger une note à partir de ce diagnostic' }).click();
  await expect(page.getByText('La note a été créée à partir du diagnostic.')).toBeVisible();
  await expectAccessible(page);
  const status = page.getByRole('status').filter({ hasText: /Brouillon|enregistré automatiquement/ });
  await page.getByLabel('Texte : Acteurs du territoire').fill('Mission locale, CCAS et SIAE du Pays Voironnais.');
  await expect(status).toHaveText(/^Brouillon enregistré à \d\d:\d\d$/);
  await expectAccessible(page);

  // Reopened (the tab was closed): the draft is back, no version was created for it.
  await page.reload();
  await expect(page.getByText(/Votre brouillon du .* a été repris/)).toBeVisible();
  await expect(page.getByLabel('Texte : Acteurs du territoire')).toHaveValue('Mission locale, CCAS et SIAE du Pays Voironnais.');
  await expect(page.getByRole('link', { name: 'Version 2' })).toHaveCount(0);
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Enregistrer une nouvelle version' }).click();
  await expect(page.getByText('Nouvelle version enregistrée.')).toBeVisible();
  await page.reload();
  await expect(page.getByText(/Votre brouillon du .* a été repris/)).toHaveCount(0);
  await expect(page.getByLabel('Texte : Acteurs du territoire')).toHaveValue('Mission locale, CCAS et SIAE du Pays Voironnais.');
  await expectAccessible(page);
});
