// Employers (issue 17) over the CLI, HTTP and a real browser, on both engines: `jalon import
// employers` (SIRENE layout; a bad SIRET names its line and imports nothing; the same file again
// changes nothing), then a counselor finds an employer for a person's target job, proposes the
// person, moves the application to a hire, and notes a prospecting action whose next step lands
// on the to-do list. axe-core on every page.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect, expectAccessible, jalonBin, root } from '../support/jalon.mjs';
import { apiCall, bootstrapAdmin, inviteAndSetUp, advanceClock } from '../support/auth.mjs';
import { signIn } from '../support/browser.mjs';

test.describe.configure({ mode: 'serial' });
const uniq = Date.now().toString(36);
const parisDay = (offset = 0) => new Date(Date.now() + offset * 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' });
const HEADER = 'siret,etatAdministratifEtablissement,trancheEffectifsEtablissement,codePostalEtablissement,codeCommuneEtablissement,denominationUniteLegale,activitePrincipaleEtablissement';
let W;

function importFile(jalon, name, body) {
  const dir = mkdtempSync(join(tmpdir(), 'jalon-employers-'));
  const file = join(dir, name);
  writeFileSync(file, body);
  const db = jalon.store.databaseUrl ? ['--database', jalon.store.databaseUrl] : [];
  try {
    return { code: 0, out: execFileSync(jalonBin, ['import', 'employers', file, '--data-dir', jalon.store.dataDir, ...db], { encoding: 'utf8', stdio: 'pipe' }) };
  } catch (e) {
    return { code: e.status, out: `${e.stdout}${e.stderr}` };
  }
}

function importShipped(jalon, dataset, rel) {
  const db = jalon.store.databaseUrl ? ['--database', jalon.store.databaseUrl] : [];
  execFileSync(jalonBin, ['import', dataset, join(root, rel), '--data-dir', jalon.store.dataDir, ...db], { stdio: 'pipe' });
}

test.beforeAll(async ({ jalon }) => {
  importShipped(jalon, 'naf', 'data/nomenclatures/naf_index.json.gz');
  importShipped(jalon, 'rome-naf', 'data/nomenclatures/rome_naf_mapping.csv.gz');
  const admin = await bootstrapAdmin(jalon, `adm-e-${uniq}@test.example`, `ACI E ${uniq}`);
  const cip = await inviteAndSetUp(jalon, admin, { email: `cip-e-${uniq}@test.example`, name: 'Camille Prospecte', role: 'counselor' });
  const adminB = await bootstrapAdmin(jalon, `adm-eb-${uniq}@test.example`, `ACI EB ${uniq}`);
  const cipB = await inviteAndSetUp(jalon, adminB, { email: `cipb-e-${uniq}@test.example`, name: 'Cip B', role: 'counselor' });
  const person = await apiCall(cip, 'POST', '/api/v1/beneficiaries', {
    civility: 'mme', first_name: 'Maëlle', last_name: `Fontaine${uniq}`, birth_date: '1988-03-14',
    prescriber_kind: 'france_travail', entry_date: '2026-02-02', scheme: 'iae', information_notice_version: '2026-01',
  });
  expect(person.status()).toBe(201);
  W = { admin, cip, cipB, person: (await person.json()).id };
});

test('import employers: a bad SIRET names its line and imports nothing; the same file twice changes nothing', async ({ jalon }) => {
  const bad = importFile(jalon, 'bad.csv', `${HEADER}\n41221879000019,A,12,38500,38563,BOULANGERIE ${uniq},10.71C\n41221879000028,A,12,38500,38563,AUTRE,10.71C\n`);
  expect(bad.code).toBe(1);
  expect(bad.out).toContain('bad.csv, ligne 3, colonne « siret » : SIRET invalide « 41221879000028 »');
  expect((await (await apiCall(W.cip, 'GET', `/api/v1/employers?q=${uniq}`)).json()).items).toEqual([]);

  const layout = importFile(jalon, 'layout.csv', 'siret,denominationUniteLegale\n41221879000019,A\n');
  expect(layout.code).toBe(1);
  expect(layout.out).toContain('activitePrincipaleEtablissement');

  const good = `${HEADER}\n41221879000019,A,12,38500,38563,BOULANGERIE ${uniq},10.71C\n41221879000027,A,NN,38430,38239,GARAGE ${uniq},4520A\n`;
  const first = importFile(jalon, 'StockEtablissement.csv', good);
  expect(first.code, first.out).toBe(0);
  expect(first.out).toMatch(/establishments\s+ajoutées\s+2\s+modifiées\s+0/);
  const again = importFile(jalon, 'StockEtablissement.csv', good);
  expect(again.out).toMatch(/ajoutées\s+0\s+modifiées\s+0\s+inchangées\s+2/);
  const items = (await (await apiCall(W.cip, 'GET', `/api/v1/employers?q=${uniq}`)).json()).items;
  expect(items.map((e) => e.name).sort()).toEqual([`BOULANGERIE ${uniq}`, `GARAGE ${uniq}`]);
  W.bakery = items.find((e) => e.name.startsWith('BOULANGERIE')).id;
});

test('applications: states and refusal reasons over the API, hidden from another structure', async () => {
  const made = await apiCall(W.cip, 'POST', `/api/v1/beneficiaries/${W.person}/applications`, { employer_id: W.bakery, job: 'Vendeuse' });
  expect(made.status(), await made.text()).toBe(201);
  const a = await made.json();
  expect(a.state).toBe('nouvelle');
  const noReason = await apiCall(W.cip, 'PATCH', `/api/v1/applications/${a.id}`, { state: 'refusee' });
  expect(noReason.status()).toBe(422);
  expect((await noReason.json()).field).toBe('refusal_reason');
  expect((await apiCall(W.cipB, 'PATCH', `/api/v1/applications/${a.id}`, { state: 'a_l_etude' })).status()).toBe(404);
  expect((await apiCall(W.cipB, 'GET', `/api/v1/beneficiaries/${W.person}/applications`)).status()).toBe(404);
  const refused = await apiCall(W.cip, 'PATCH', `/api/v1/applications/${a.id}`, { state: 'refusee', refusal_reason: 'pas_de_recrutement' });
  expect((await refused.json()).refusal_label).toBe('Pas de recrutement en cours');
  const reopen = await apiCall(W.cip, 'PATCH', `/api/v1/applications/${a.id}`, { state: 'acceptee' });
  expect(reopen.status()).toBe(422);
  expect((await reopen.json()).detail).toContain('ne peut pas passer');
  // Another structure sees the public establishment, not this structure's relation.
  expect((await apiCall(W.cip, 'PATCH', `/api/v1/employers/${W.bakery}`, { status: 'partenaire_actif', notes: 'Accueille des stagiaires' })).status()).toBe(200);
  const seenByB = await (await apiCall(W.cipB, 'GET', `/api/v1/employers/${W.bakery}`)).json();
  expect(seenByB.status).toBe('jamais_contacte');
  expect(seenByB.notes).toBe('');
  expect(seenByB.hiring_jobs[0].rome_code).toBe('D1102');
});

test('in the browser: an employer found for the target job, the person proposed and hired, a next step on the to-do list',
  async ({ page }) => {
    test.setTimeout(180_000);
    await advanceClock(W.admin.api, 30_000);  // the enrolment used this step's code
    await signIn(page, W.cip);
    await page.goto(`/beneficiaires/${W.person}/candidatures`);
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Trouver un employeur et proposer la personne' }).click();
    await expectAccessible(page);
    await page.getByLabel('Métier recherché (code ROME)').fill('D1102');
    await page.getByRole('button', { name: 'Chercher' }).click();
    await expect(page.getByRole('heading', { name: 'Employeurs à prospecter pour le métier D1102' })).toBeVisible();
    await expect(page.getByRole('link', { name: `GARAGE ${uniq}` })).toHaveCount(0);
    await expectAccessible(page);
    await page.getByRole('link', { name: `Proposer la personne à BOULANGERIE ${uniq}` }).click();
    // Job labels when the worker's store has the ROME (another spec imported it), codes otherwise.
    await expect(page.getByText(/Métiers que ce secteur recrute le plus : (D1102|Boulangerie - viennoiserie) ; (D1106|Vente en alimentation) ;/)).toBeVisible();
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Enregistrer la candidature' }).click();
    await expect(page.getByRole('alert')).toContainText('Indiquez le poste proposé.');
    await expectAccessible(page);
    await page.getByLabel('Poste proposé').fill('Vendeuse en boulangerie');
    await page.getByRole('button', { name: 'Enregistrer la candidature' }).click();
    await expect(page.getByRole('status')).toContainText('La candidature est enregistrée.');
    await expectAccessible(page);
    await page.getByLabel('Nouvel état').selectOption({ label: 'Candidature acceptée' });
    await page.getByRole('button', { name: "Changer l'état" }).click();
    await expect(page.getByText('État : Candidature acceptée')).toBeVisible();
    await expectAccessible(page);
    // Every mistake of the hire at once, then the hire.
    await page.getByLabel('Contrat').selectOption({ label: 'CDI' });
    await page.getByLabel('Heures par semaine').fill('60');
    await page.getByLabel('Fin (sauf CDI)').fill(parisDay(30));
    await page.getByRole('button', { name: "Enregistrer l'embauche" }).click();
    await expect(page.getByRole('alert')).toContainText('Corrigez les 3 erreurs');
    await expectAccessible(page);
    await page.getByLabel('Heures par semaine').fill('35');
    await page.getByLabel('Début').fill(parisDay(7));
    await page.getByLabel('Fin (sauf CDI)').fill('');
    await page.getByRole('button', { name: "Enregistrer l'embauche" }).click();
    await expect(page.getByRole('status')).toContainText("L'embauche est enregistrée.");
    await expectAccessible(page);
    await page.goto(`/beneficiaires/${W.person}/historique`);
    await expect(page.getByText(`Embauche chez BOULANGERIE ${uniq} : CDI, 35 h/semaine`)).toBeVisible();
    await expectAccessible(page);

    // Prospecting: the employer's page, an action whose next step is due in 5 days.
    await page.goto(`/employeurs/${W.bakery}`);
    await expect(page.getByRole('heading', { name: 'Métiers qu\'il est susceptible de recruter' })).toBeVisible();
    await expect(page.getByText(/\(D1102\) : \d+ % des embauches de son secteur \(Boulangerie et boulangerie-pâtisserie\)/)).toBeVisible();
    await expectAccessible(page);
    await page.getByText('Noter une action').click();
    await page.getByLabel("Type d'action").selectOption({ label: 'Visite' });
    await page.getByLabel('Prochaine étape').fill('Rappeler la gérante');
    await page.getByRole('button', { name: "Enregistrer l'action" }).click();
    await expect(page.getByRole('alert')).toContainText('Indiquez pour quand est la prochaine étape.');
    await expectAccessible(page);
    await page.getByLabel('Pour le').fill(parisDay(5));
    await page.getByRole('button', { name: "Enregistrer l'action" }).click();
    await expect(page.getByRole('status')).toContainText("C'est enregistré.");
    await expect(page.getByRole('cell', { name: /Rappeler la gérante/ })).toBeVisible();
    await expectAccessible(page);
    await page.goto('/a-faire');
    await expect(page.getByRole('link', { name: `Prochaine étape de prospection – BOULANGERIE ${uniq} : Rappeler la gérante` })).toBeVisible();
    await expectAccessible(page);
  });
