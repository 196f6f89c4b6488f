// Offers, recorded needs and immersions (issue 17) over the CLI, HTTP and a real browser, on both
// engines: `jalon import offers` of France Travail's API answer (good, malformed, repeated), the
// upload page, an application on an offer and its state rules, the PMSMP rules (one month, legal
// hours, overlapping immersions), then in the browser a counselor goes from an employer found
// for the person's target job to an immersion convention, downloads its PDF and reads it back.
// axe-core on every page.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect, expectAccessible, importReferentials, jalonBin, root } from '../support/jalon.mjs';
import { apiCall, bootstrapAdmin, inviteAndSetUp, advanceClock } from '../support/auth.mjs';
import { signIn } from '../support/browser.mjs';

test.describe.configure({ mode: 'serial' });
const uniq = Date.now().toString(36);
const SAMPLE = join(root, 'tests/fixtures/offers/esd-offres-happypath.json');
const parisDay = (offset = 0) => new Date(Date.now() + offset * 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' });
const WEEK = { monday: '09:00-12:00 13:30-17:00', tuesday: '09:00-12:00 13:30-17:00', wednesday: '09:00-12:00' };
let W;
// The sample with the bakery's SIRET and a title of this run on its first offer.
const linked = (d) => { d.resultats[0].entreprise.siret = W.bakerySiret; d.resultats[0].intitule = `Vendeur boulangerie ${uniq}`; return d; };

function cli(jalon, args) {
  const db = jalon.store.databaseUrl ? ['--database', jalon.store.databaseUrl] : [];
  try {
    return { code: 0, out: execFileSync(jalonBin, [...args, '--data-dir', jalon.store.dataDir, ...db], { encoding: 'utf8', stdio: 'pipe' }) };
  } catch (e) {
    return { code: e.status, out: `${e.stdout}${e.stderr}` };
  }
}

// The sample with this run's offer ids (the worker's store is shared with other specs).
function sampleFile(edit = (d) => d) {
  const doc = JSON.parse(readFileSync(SAMPLE, 'utf8'));
  for (const o of doc.resultats) o.id = `${o.id}${uniq}`.slice(0, 30);
  const file = join(mkdtempSync(join(tmpdir(), 'jalon-offers-')), 'offres.json');
  writeFileSync(file, JSON.stringify(edit(doc)));
  return file;
}

test.beforeAll(async ({ jalon }) => {
  importReferentials(jalon, ['centroides']);
  for (const [set, rel] of [['naf', 'data/nomenclatures/naf_index.json.gz'], ['rome-naf', 'data/nomenclatures/rome_naf_mapping.csv.gz']]) {
    const r = cli(jalon, ['import', set, join(root, rel)]);
    expect(r.code, r.out).toBe(0);
  }
  const admin = await bootstrapAdmin(jalon, `adm-o-${uniq}@test.example`, `ACI O ${uniq}`);
  const cip = await inviteAndSetUp(jalon, admin, { email: `cip-o-${uniq}@test.example`, name: 'Sacha Immersion', role: 'counselor' });
  const person = await apiCall(cip, 'POST', '/api/v1/beneficiaries', {
    civility: 'mme', first_name: 'Inès', last_name: `Garnier${uniq}`, birth_date: '1991-06-02',
    prescriber_kind: 'france_travail', entry_date: '2026-02-02', scheme: 'iae', information_notice_version: '2026-01',
  });
  expect(person.status()).toBe(201);
  const siret = (base) => { for (let k = 0; k < 10; k++) { const s = `${base}${k}`; let sum = 0; for (let i = 0; i < 14; i++) { let d = +s[i]; if (i % 2 === 0) { d *= 2; if (d > 9) d -= 9; } sum += d; } if (sum % 10 === 0) return s; } };
  const made = await apiCall(cip, 'POST', '/api/v1/employers', { siret: siret(`9${Date.now()}`.slice(0, 13)), name: `BOULANGERIE ${uniq}`, naf_code: '10.71C', size_band: '11', commune_code: '38563' });
  expect(made.status(), await made.text()).toBe(201);
  W = { admin, cip, person: (await person.json()).id, bakery: (await made.json()).id, bakerySiret: (await (await apiCall(cip, 'GET', `/api/v1/employers?q=${uniq}`)).json()).items[0].siret };
});

test('import offers: a malformed file names the offer and field and imports nothing; good then repeated', async ({ jalon }) => {
  const bad = cli(jalon, ['import', 'offers', sampleFile((d) => { delete d.resultats[5].romeCode; return d; })]);
  expect(bad.code).toBe(1);
  expect(bad.out).toContain(`offres.json, offre n° 6 (088MFJG${uniq}), colonne « romeCode » : valeur absente ou vide`);
  expect((await (await apiCall(W.cip, 'GET', `/api/v1/offers?q=${uniq}`)).json()).items).toEqual([]);
  const layout = cli(jalon, ['import', 'offers', sampleFile((d) => ({ offres: d.resultats }))]);
  expect(layout.code).toBe(1);
  expect(layout.out).toContain('colonne « resultats » : champ absent');

  // The employer's SIRET published on one offer links it to the directory.
  const file = sampleFile(linked);
  const first = cli(jalon, ['import', 'offers', file]);
  expect(first.code, first.out).toBe(0);
  expect(first.out).toMatch(/offers\s+ajoutées\s+8\s+modifiées\s+0/);
  const again = cli(jalon, ['import', 'offers', file]);
  expect(again.out).toMatch(/offers\s+ajoutées\s+0\s+modifiées\s+0\s+inchangées\s+8/);
  const metz = (await (await apiCall(W.cip, 'GET', '/api/v1/offers?rome=D1212&commune=57463')).json()).items.filter((o) => o.source_id.endsWith(uniq));
  expect(metz.map((o) => [o.source_id, o.employer_id, o.working_time, o.contract_type])).toEqual([[`082SGKK${uniq}`, W.bakery, 'plein', 'CDD']]);
  W.offer = metz[0].id;
});

test('applications: on an offer of the employer; an accepted one can only be cancelled', async () => {
  const made = await apiCall(W.cip, 'POST', `/api/v1/beneficiaries/${W.person}/applications`, { offer_id: W.offer });
  expect(made.status(), await made.text()).toBe(201);
  const a = await made.json();
  expect([a.employer_id, a.job, a.offer_id, a.state]).toEqual([W.bakery, `Vendeur boulangerie ${uniq}`, W.offer, 'nouvelle']);
  expect((await apiCall(W.cip, 'PATCH', `/api/v1/applications/${a.id}`, { state: 'annulee' })).status()).toBe(422);
  expect((await apiCall(W.cip, 'PATCH', `/api/v1/applications/${a.id}`, { state: 'acceptee' })).status()).toBe(200);
  const back = await apiCall(W.cip, 'PATCH', `/api/v1/applications/${a.id}`, { state: 'a_l_etude' });
  expect(back.status()).toBe(422);
  expect((await back.json()).detail).toBe('Une candidature « Candidature acceptée » ne peut pas passer à « Candidature à l\'étude ».');
  expect((await (await apiCall(W.cip, 'PATCH', `/api/v1/applications/${a.id}`, { state: 'annulee' })).json()).state_label).toBe('Embauche annulée');
});

test('PMSMP rules: at most one month, legal hours, no overlapping immersions', async () => {
  const base = { employer_id: W.bakery, objective: 'confirmer', job_label: 'Vendeuse en boulangerie', tutor_name: 'Camille Rivet', tasks: 'Mise en rayon, accueil', ...WEEK };
  const post = (body) => apiCall(W.cip, 'POST', `/api/v1/beneficiaries/${W.person}/immersions`, { ...base, ...body });
  const long = await (await post({ starts_on: '2031-01-31', ends_on: '2031-03-01' })).json();
  expect(long.status).toBe(422);
  expect(long.field).toBe('ends_on');
  expect(long.detail).toBe('Une immersion dure au plus un mois : commencée le 31/01/2031, elle finit au plus tard le 27/02/2031.');
  const hours = await (await post({ starts_on: '2031-01-06', ends_on: '2031-01-17', thursday: '07:00-12:00 13:00-19:00', friday: '08h00-12h00', saturday: '9-12' })).json();
  expect(hours.status).toBe(422);
  expect(hours.errors).toEqual([
    { field: 'day_4', detail: 'Jeudi : 11 h de présence ; la durée maximale est de 10 h par jour.' },
    { field: 'day_6', detail: 'Samedi : horaires illisibles « 9-12 » (écrivez par exemple 08:00-12:00 13:30-17:00).' },
  ]);
  const week = await (await post({ starts_on: '2031-01-06', ends_on: '2031-01-17', wednesday: '08:00-18:00', thursday: '08:00-18:00', friday: '08:00-18:00', saturday: '08:00-18:00' })).json();
  expect(week.detail).toBe('La semaine compte 53 h de présence ; le maximum légal est de 48 h.');
  const ok = await post({ starts_on: '2031-01-06', ends_on: '2031-01-17' });
  expect(ok.status(), await ok.text()).toBe(201);
  expect((await ok.json()).weekly_hours).toBe(16);
  const overlap = await (await post({ starts_on: '2031-01-15', ends_on: '2031-01-30' })).json();
  expect(overlap.field).toBe('starts_on');
  expect(overlap.detail).toBe(`Cette personne a déjà une immersion du 06/01/2031 au 17/01/2031 chez BOULANGERIE ${uniq} : les dates se chevauchent.`);
  // Signatures: a future date is refused; all three make it signed.
  const x = (await ok.json()).id;
  expect((await apiCall(W.cip, 'PATCH', `/api/v1/immersions/${x}`, { signed_person_on: '2099-01-01' })).status()).toBe(422);
  const signed = await (await apiCall(W.cip, 'PATCH', `/api/v1/immersions/${x}`, { signed_person_on: parisDay(), signed_employer_on: parisDay(), signed_prescriber_on: parisDay() })).json();
  expect(signed.status).toBe('signee');
});

test('in the browser: offers uploaded, an employer for the target job, an immersion convention as a PDF', async ({ page }) => {
  test.setTimeout(90_000);
  await advanceClock(W.admin.api, 30_000);
  await signIn(page, W.cip);
  // The upload page: a wrong file changes nothing and says why; the right one is summarised.
  await page.goto('/offres/import');
  await expectAccessible(page);
  await page.getByLabel('Fichier JSON des offres').setInputFiles({ name: 'mauvais.json', mimeType: 'application/json', buffer: Buffer.from('{"resultats": [{"id": "X1"}]}') });
  await page.getByRole('button', { name: 'Importer les offres' }).click();
  await expect(page.getByRole('alert')).toContainText('Rien n\'a été importé : mauvais.json, offre n° 1 (X1), colonne « romeCode » : valeur absente ou vide');
  await expectAccessible(page);
  await page.getByLabel('Fichier JSON des offres').setInputFiles(sampleFile(linked));
  await page.getByRole('button', { name: 'Importer les offres' }).click();
  await expect(page.getByRole('status')).toContainText('8 offre(s) lue(s), 0 ajoutée(s), 0 mise(s) à jour, 8 inchangée(s)');
  await expectAccessible(page);
  await page.goto(`/offres/${W.offer}`);
  await expect(page.getByRole('heading', { name: `Vendeur boulangerie ${uniq}` })).toBeVisible();
  await expectAccessible(page);
  await page.goto('/employeurs/carte');
  await expect(page.locator('figure svg')).toBeVisible();
  await expectAccessible(page);
  await page.goto('/employeurs/a-prospecter?metiers=D1102');
  await expect(page.getByRole('link', { name: `BOULANGERIE ${uniq}` })).toBeVisible();
  await expectAccessible(page);

  // From the person's record: an employer for her target job, then an immersion there.
  await page.goto(`/beneficiaires/${W.person}/candidatures`);
  await expectAccessible(page);
  await page.goto(`/employeurs?pour=${W.person}&rome=D1102&q=${uniq}`);
  await expect(page.getByRole('heading', { name: 'Employeurs à prospecter pour le métier D1102' })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('link', { name: `Proposer la personne à BOULANGERIE ${uniq}` }).click();
  await expectAccessible(page);
  await page.getByRole('link', { name: `Préparer plutôt une immersion (PMSMP) chez BOULANGERIE ${uniq}` }).click();
  await expectAccessible(page);
  await page.getByLabel('Objectif').selectOption({ label: 'Découvrir un métier ou un secteur d\'activité' });
  await page.getByLabel('Métier observé').fill('Boulanger');
  await page.locator('#tutor_name').fill('Camille Rivet');
  await page.locator('#starts_on').fill('2031-03-02');
  await page.locator('#ends_on').fill('2031-04-15');
  await page.getByLabel('Activités et tâches confiées').fill('Façonnage du pain, cuisson');
  await page.getByLabel('Risques du poste').fill('Brûlures (four)');
  await page.getByLabel('Équipements de protection individuelle fournis').fill('Gants anti-chaleur');
  await page.getByRole('button', { name: 'Enregistrer la convention' }).click();
  await expect(page.getByRole('alert')).toContainText('elle finit au plus tard le 01/04/2031');
  await expectAccessible(page);
  await page.locator('#ends_on').fill('2031-03-13');
  await page.getByRole('button', { name: 'Enregistrer la convention' }).click();
  await expect(page.getByRole('status')).toContainText('La convention est enregistrée');
  await expectAccessible(page);
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Télécharger la convention à signer (PDF)' }).click();
  const file = join(mkdtempSync(join(tmpdir(), 'convention-')), 'c.pdf');
  await (await download).saveAs(file);
  const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  expect(text).toContain(`Inès Garnier${uniq}`);
  expect(text).toContain(`BOULANGERIE ${uniq}`);
  expect(text).toContain(`ACI O ${uniq}, conseiller·ère référent·e : Sacha Immersion`);
  expect(text).toContain('Objectif : Découvrir un métier ou un secteur d\'activité.');
  expect(text).toContain('du 02/03/2031 au 13/03/2031 inclus, soit 32,5 heures par semaine');
  expect(text).toContain('Équipements de protection individuelle : Gants anti-chaleur');
  expect(text).toMatch(/Le ou la bénéficiaire .*La structure d'accueil .*Le prescripteur/);
});
