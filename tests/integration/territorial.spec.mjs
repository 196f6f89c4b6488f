// The territory diagnosis over HTTP, on both engines (issue 7): for a bassin, an EPCI and a
// département, the BMO figures Jalon shows are checked against figures this test computes from
// the published xlsx itself (tests/support/bmo_reference.py: totals, shares, unpublished cells,
// top 5), and the bassins a territory covers against the published commune→bassin file; the
// caseload side (count, barriers, targets, adequacy, mobility); synthesis notes with versions,
// a stale save refused, the PDF read back with pdftotext and the DOCX opened with python-docx and
// converted to PDF by LibreOffice (charts as images at their size, tables, French numbers and
// dates). Issue 11: shares are published projects of the kind over ALL the area's projects, France
// within a point of France Travail's published 57.4 % difficult and 29.9 % seasonal; a note saved
// under the earlier method says so and offers a recomputed version; PATCH on a territory is one
// transaction.
import { test, expect, importReferentials, root } from '../support/jalon.mjs';
import { apiCall, bootstrapAdmin, inviteAndSetUp, postForm } from '../support/auth.mjs';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

test.describe.configure({ mode: 'serial' });
let W;
const uniq = Date.now().toString(36);
const api = apiCall;
const xlsx = `${root}/data/labour_market/Base_open_data_BMO_2024.xlsx`;

function reference(dept, region, basins) {
  return JSON.parse(execFileSync('python3', [`${root}/tests/support/bmo_reference.py`, xlsx, dept, region, ...basins], { encoding: 'utf8' }));
}

// Commune -> bassin, from the published file (UTF-8 with BOM; lost leading zeros restored).
function basinOf() {
  const text = gunzipSync(readFileSync(`${root}/data/geo/France_Travail_Bassin_Emploi_2021.csv.gz`)).toString().replace(/^\uFEFF/, '');
  const map = new Map();
  for (const line of text.split('\n').slice(1)) {
    const [, , codgeo, codbe] = line.split(',');
    if (codgeo) map.set(codgeo.trim().padStart(5, '0'), codbe.trim());
  }
  return map;
}

// "30,5 %", as Jalon prints a share.
const frPercent = (share) => `${(share * 100).toFixed(1).replace('.', ',')} %`;

// Runs SQL on the worker's store (the sqlite3 or psql client), for states the API cannot make.
function sql(jalon, sqlite, postgres) {
  if (jalon.store.databaseUrl) {
    execFileSync('psql', [jalon.store.databaseUrl, '-qAtc', postgres], { stdio: 'pipe' });
  } else {
    execFileSync('sqlite3', ['-cmd', '.timeout 5000', join(jalon.store.dataDir, 'jalon.db'), sqlite], { stdio: 'pipe' });
  }
}

function expectTotals(got, want, what) {
  expect(got.projects, what).toBe(want.projects);
  expect(got.projects_unpublished_cells, what).toBe(want.projects_unpublished_cells);
  expect(got.difficult, what).toBe(want.difficult);
  expect(got.seasonal, what).toBe(want.seasonal);
  expect(got.difficult_unpublished_cells, what).toBe(want.difficult_unpublished_cells);
  expect(got.seasonal_unpublished_cells, what).toBe(want.seasonal_unpublished_cells);
  expect(got.difficult_share_is_minimum, what).toBe(want.difficult_unpublished_cells > 0);
  expect(Math.abs(got.difficult_share - want.difficult_share), what).toBeLessThan(1e-9);
  expect(Math.abs(got.seasonal_share - want.seasonal_share), what).toBeLessThan(1e-9);
}

test.beforeAll(async ({ jalon }) => {
  test.setTimeout(400_000);
  importReferentials(jalon, ['communes', 'centroides', 'zones-emploi', 'bassins-emploi', 'rome', 'bmo', 'tension']);
  const admin = await bootstrapAdmin(jalon, `adm-diag-${uniq}@test.example`, `ACI diag ${uniq}`);
  const cip = await inviteAndSetUp(jalon, admin, { email: `cip-diag-${uniq}@test.example`, name: 'Cip Diag', role: 'counselor' });
  const other = await bootstrapAdmin(jalon, `adm-diag-b-${uniq}@test.example`, `ACI diag B ${uniq}`);
  const make = async (body) => {
    const res = await api(cip, 'POST', '/api/v1/territories', body);
    expect(res.status(), await res.text()).toBe(201);
    return (await res.json()).id;
  };
  W = {
    admin, cip, other,
    basin: await make({ name: `Bassin de Voiron ${uniq}`, kind: 'bassin-emploi', area_code: '8413' }),
    epci: await make({ name: `Pays Voironnais ${uniq}`, kind: 'epci', area_code: '243800984' }),
    dept: await make({ name: `Isère ${uniq}`, kind: 'departement', area_code: '38' }),
  };
});

test('BMO figures of a bassin, an EPCI and a département match the published file', async () => {
  test.setTimeout(300_000);
  const epcis = JSON.parse(gunzipSync(readFileSync(`${root}/data/geo/cog-2026/epci.json.gz`)).toString());
  const members = epcis.find((e) => e.code === '243800984').membres.map((m) => m.code);
  const basins = basinOf();
  const isere = JSON.parse(gunzipSync(readFileSync(`${root}/data/geo/cog-2026/communes.json.gz`)).toString())
    .filter((c) => c.departement === '38' && c.type === 'commune-actuelle').map((c) => c.code);
  const cases = [
    [W.basin, ['8413']],
    [W.epci, [...new Set(members.map((c) => basins.get(c)).filter(Boolean))].sort()],
    [W.dept, [...new Set(isere.map((c) => basins.get(c)).filter(Boolean))].sort()],
  ];
  for (const [id, expectedBasins] of cases) {
    const res = await api(W.cip, 'GET', `/api/v1/territories/${id}/indicators`);
    expect(res.status()).toBe(200);
    const got = await res.json();
    expect(got.bmo.vintage).toBe(2024);
    expect(got.bmo.source).toContain('BMO 2024');
    expect(got.bmo.basins.map((b) => b.code).sort(), got.territory.name).toEqual(expectedBasins);
    expect(got.territory.departement.code).toBe('38');
    expect(got.territory.region.code).toBe('84');
    const want = reference('38', '84', expectedBasins);
    expectTotals(got.bmo.territory, want.territory, `${got.territory.name}: territory`);
    expectTotals(got.bmo.departement, want.departement, 'département');
    expectTotals(got.bmo.region, want.region, 'région');
    expectTotals(got.bmo.france, want.france, 'France');
    expect(got.bmo.top_volume.slice(0, 5).map((o) => o.code)).toEqual(want.top5);
    // Unpublished cells are counted, never read as zero: the basin has some.
    if (id === W.basin) {
      expect(want.territory.projects_unpublished_cells).toBeGreaterThan(0);
      expect(got.bmo.basins[0].population_share).toBe(1);
      expect(got.territory.main_towns[0].name).toBe('Voiron');
    }
  }
  // The région's métiers en tension, and a first draft of strengths and weaknesses.
  const basin = await (await api(W.cip, 'GET', `/api/v1/territories/${W.basin}/indicators`)).json();
  expect(basin.shortages.items.length).toBe(32);
  expect(basin.bmo.method).toBe(2);
  // France against France Travail's published BMO 2024 figures: 57.4 % of projects judged
  // difficult, 1.95 M non-seasonal projects out of 2.78 M (29.9 % seasonal). Within a point.
  expect(Math.abs(basin.bmo.france.difficult_share - 0.574)).toBeLessThan(0.01);
  expect(Math.abs(basin.bmo.france.seasonal_share - (1 - 1.95 / 2.78))).toBeLessThan(0.01);
  // The bassin of Voiron's seasonal share cannot exceed what its own rows hold.
  const voiron = reference('38', '84', ['8413']).territory;
  expect(basin.bmo.territory.seasonal_share).toBeLessThanOrEqual(voiron.seasonal / voiron.projects + 1e-12);
  // The prose carries the corrected shares, marked as lower bounds.
  const france = reference('38', '84', ['8413']).france;
  const seasonalSentence = `Le recrutement saisonnier représente au moins ${frPercent(voiron.seasonal_share)} des projets contre au moins ${frPercent(france.seasonal_share)} en France`;
  expect(basin.findings.map((f) => f.text).join('\n')).toContain(seasonalSentence);
  expect(basin.findings.map((f) => f.text).join('\n')).toContain(`Les employeurs jugent difficiles au moins ${frPercent(voiron.difficult_share)} de leurs recrutements (au moins ${frPercent(france.difficult_share)} en France)`);
  // The dashboard says which shares are bounds, and why.
  const dashboard = await (await W.cip.api.get(`/territoires/${W.basin}/diagnostic`)).text();
  expect(dashboard).toContain(`au moins ${frPercent(voiron.seasonal_share)} ; ${voiron.seasonal_unpublished_cells} cellules non publiées`);
  expect(dashboard).toContain(seasonalSentence);
  expect(dashboard).not.toMatch(/>\d+\.\d+</);  // no "75.1" in a chart label or a cell
  // Another structure's territory is not found.
  expect((await api(W.other, 'GET', `/api/v1/territories/${W.basin}/indicators`)).status()).toBe(404);
});

test('PATCH on a territory changes its name and communes together, or nothing', async () => {
  const made = await api(W.cip, 'POST', '/api/v1/territories', { name: `Secteur ${uniq}`, kind: 'communes', communes: ['38563'] });
  expect(made.status(), await made.text()).toBe(201);
  const id = (await made.json()).id;
  const refused = await api(W.cip, 'PATCH', `/api/v1/territories/${id}`, { name: `Secteur élargi ${uniq}`, communes: ['38239', '99999'] });
  expect(refused.status()).toBe(422);
  expect(await refused.text()).toContain('Commune inconnue : 99999');
  const kept = await (await api(W.cip, 'GET', `/api/v1/territories/${id}`)).json();
  expect(kept.name).toBe(`Secteur ${uniq}`);
  expect(kept.communes.map((c) => c.code).sort()).toEqual(['38563']);
  const done = await api(W.cip, 'PATCH', `/api/v1/territories/${id}`, { name: `Secteur élargi ${uniq}`, communes: ['38239', '38563'] });
  expect(done.status(), await done.text()).toBe(200);
  const after = await done.json();
  expect(after.name).toBe(`Secteur élargi ${uniq}`);
  expect(after.communes.map((c) => c.code).sort()).toEqual(['38239', '38563']);
  expect((await api(W.cip, 'DELETE', `/api/v1/territories/${id}`)).status()).toBeLessThan(300);
});

test('the caseload living in the territory: barriers, targets, adequacy and mobility', async () => {
  const person = async (first, commune, appellations, km, items) => {
    const res = await api(W.cip, 'POST', '/api/v1/beneficiaries', {
      civility: 'mme', first_name: first, last_name: `Diag${uniq}`, birth_date: '1990-01-01',
      prescriber_kind: 'france_travail', entry_date: '2026-03-01', scheme: 'iae',
      information_notice_version: '2026-01', commune_code: commune,
    });
    expect(res.status(), await res.text()).toBe(201);
    const id = (await res.json()).id;
    expect((await api(W.cip, 'POST', `/api/v1/beneficiaries/${id}/diagnoses`, { made_on: '2026-03-02', items })).status()).toBe(201);
    const p = await api(W.cip, 'POST', `/api/v1/beneficiaries/${id}/projects`, { appellations, mobility_km: km, transport: [], contracts: [], working_time: 'indifferent' });
    expect(p.status(), await p.text()).toBe(201);
    return id;
  };
  // Appellation codes are looked up through the API rather than written here.
  const app = async (q) => (await (await api(W.cip, 'GET', `/api/v1/rome?q=${encodeURIComponent(q)}`)).json()).items[0].appellation_code;
  const aide = await app('aide soignant');
  const maraicher = await app('maraicher');
  await person('Ana', '38563', [aide], 30, [{ theme: 'mobilite', item: 'mo_aucun', kind: 'barrier', severity: 3 }]);
  await person('Bea', '38239', [aide, maraicher], 2, [{ theme: 'mobilite', item: 'mo_aucun', kind: 'barrier', severity: 2 }, { theme: 'logement', item: 'lo_tiers', kind: 'barrier', severity: 2 }]);
  await person('Cam', '38185', [maraicher], 50, []);  // Grenoble: outside the bassin
  const got = await (await api(W.cip, 'GET', `/api/v1/territories/${W.basin}/indicators`)).json();
  expect(got.caseload.people).toBe(2);
  expect(got.caseload.barriers.find((b) => b.code === 'mobilite').people).toBe(2);
  expect(got.caseload.barriers.find((b) => b.code === 'logement').people).toBe(1);
  expect(got.caseload.targets.find((t) => t.code === 'J1501').people).toBe(2);
  const adequacy = got.caseload.adequacy;
  expect(adequacy.find((a) => a.rome_code === 'J1501')).toBeTruthy();
  expect(adequacy.some((a) => a.category === 'recrute-non-voulu')).toBe(true);
  const voiron = got.caseload.mobility.find((m) => m.commune_code === '38563');
  expect(voiron).toMatchObject({ people: 1, hub_code: '38563', km: 0, within_radius: 1, with_radius: 1 });
  const moirans = got.caseload.mobility.find((m) => m.commune_code === '38239');
  expect(moirans.km).toBeGreaterThan(2);
  expect(moirans.within_radius).toBe(0);
});

test('synthesis notes: drafted from the figures, versions, stale saves refused, PDF and DOCX', async ({ jalon }) => {
  test.setTimeout(300_000);
  const created = await postForm(W.cip.api, `/territoires/${W.basin}/notes`, { title: `Note Voiron ${uniq}` });
  expect(created.status(), await created.text()).toBe(303);
  const noteUrl = created.headers().location.split('?')[0];
  const page = await (await W.cip.api.get(noteUrl)).text();
  const voiron = reference('38', '84', ['8413']).territory;
  expect(page).toContain(`Le recrutement saisonnier représente au moins ${frPercent(voiron.seasonal_share)}`);
  expect(page).toMatch(/Version 1 — \d{2}\/\d{2}\/\d{4}\./);  // a French date, not ISO
  expect(page).not.toContain('Méthode antérieure');
  expect(page).toContain('name="keep_marche" type="checkbox" value="bmo_top_volume" checked');
  expect((await postForm(W.cip.api, `/territoires/${W.basin}/notes`, { title: '' })).status()).toBe(422);

  const form = {
    title: `Note Voiron ${uniq} (revue)`, base_version: '1',
    text_contexte: 'Contexte rédigé par la conseillère.', text_marche: 'Marché.', text_public: 'Public.',
    text_acteurs: 'Mission locale, CCAS, France Travail Voiron.', text_forces: 'Forces.', text_actions: 'Atelier découverte des métiers du soin.',
    keep_marche: 'bmo_synthese', keep_contexte: 'population',
  };
  const saved = await postForm(W.cip.api, noteUrl, form);
  expect(saved.status(), await saved.text()).toBe(303);
  const stale = await postForm(W.cip.api, noteUrl, { ...form, text_acteurs: 'écrasé ?' });
  expect(stale.status()).toBe(409);
  expect(await stale.text()).toContain('La note a été enregistrée entre-temps');
  const v2 = await (await W.cip.api.get(noteUrl)).text();
  expect(v2).toContain('Version 2');
  expect(v2).toContain('Mission locale, CCAS, France Travail Voiron.');
  expect(v2).not.toContain('value="bmo_top_volume" checked');
  const v1 = await (await W.cip.api.get(`${noteUrl}?version=1`)).text();
  expect(v1).toContain('ancienne version');
  expect(v1).toContain('Les 10 métiers les plus recherchés');
  expect((await W.other.api.get(noteUrl)).status()).toBe(404);

  const dir = mkdtempSync(join(tmpdir(), 'jalon-note-'));
  const pdf = await W.cip.api.get(`${noteUrl}/pdf`);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()['content-type']).toBe('application/pdf');
  expect(pdf.headers()['content-disposition']).toContain('attachment');
  writeFileSync(join(dir, 'note.pdf'), await pdf.body());
  const text = execFileSync('pdftotext', ['-layout', join(dir, 'note.pdf'), '-'], { encoding: 'utf8' });
  expect(text).toContain(`Note Voiron ${uniq} (revue)`);
  expect(text).toContain('Atelier découverte des métiers du soin.');
  expect(text).toContain('Projets de recrutement, difficultés et saisonnalité');
  expect(text).toMatch(/≥ 4 863 \(27 cellules non publiées\)/);
  expect(text).toContain(`au moins ${frPercent(voiron.difficult_share)} ; ${voiron.difficult_unpublished_cells} cellules non publiées`);
  expect(text).toContain('Source : BMO 2024');
  expect(text).toMatch(/version 2 du \d{2}\/\d{2}\/\d{4}/);
  expect(text).not.toMatch(/\b\d{4}-\d{2}-\d{2}\b/);
  expect(text).not.toMatch(/\b\d+\.\d+\b/);

  const docx = await W.cip.api.get(`${noteUrl}/docx`);
  expect(docx.status()).toBe(200);
  writeFileSync(join(dir, 'note.docx'), await docx.body());
  const read = execFileSync('/usr/bin/python3', ['-c', `
import docx, json, sys
d = docx.Document(sys.argv[1])
print(json.dumps({"paragraphs": [p.text for p in d.paragraphs], "tables": [[c.text for c in t.rows[1].cells] for t in d.tables if len(t.rows) > 1], "images": [[s.width, s.height] for s in d.inline_shapes]}))
`, join(dir, 'note.docx')], { encoding: 'utf8' });
  const doc = JSON.parse(read);
  expect(doc.paragraphs).toContain('Acteurs du territoire');
  expect(doc.paragraphs).toContain('Mission locale, CCAS, France Travail Voiron.');
  expect(doc.tables.some((row) => row.join(' ').includes('4 863'))).toBe(true);
  // Version 2 keeps two charts (population, BMO synthesis), each drawn at a real size.
  expect(doc.images.length).toBe(2);
  for (const [w, h] of doc.images) {
    expect(w).toBeGreaterThan(1_000_000);  // EMU: more than 2.7 cm wide
    expect(h).toBeGreaterThan(500_000);
  }

  // Version 1 keeps every figure: its DOCX, converted to PDF by LibreOffice, shows every chart
  // as an image and every table, with French numbers and dates.
  const v1Print = await (await W.cip.api.get(`${noteUrl}/apercu?version=1`)).text();
  const charts = (v1Print.match(/<div class="chart">/g) || []).length;
  expect(charts).toBeGreaterThanOrEqual(7);
  const v1Docx = await W.cip.api.get(`${noteUrl}/docx?version=1`);
  expect(v1Docx.status()).toBe(200);
  writeFileSync(join(dir, 'note-v1.docx'), await v1Docx.body());
  execFileSync('soffice', ['--headless', `-env:UserInstallation=file://${join(dir, 'lo-profile')}`,
    '--convert-to', 'pdf', '--outdir', dir, join(dir, 'note-v1.docx')], { stdio: 'pipe', timeout: 180_000 });
  const images = execFileSync('pdfimages', ['-list', join(dir, 'note-v1.pdf')], { encoding: 'utf8' })
    .split('\n').slice(2).filter((l) => /^\s*\d+\s+\d+\s+image\s+(\d+)\s+(\d+)/.test(l));
  expect(images.length).toBe(charts);
  for (const line of images) {
    const [, , , width, height] = line.trim().split(/\s+/);
    expect(Number(width)).toBeGreaterThanOrEqual(800);  // rendered at twice the chart's size
    expect(Number(height)).toBeGreaterThan(200);
  }
  const office = execFileSync('pdftotext', ['-layout', join(dir, 'note-v1.pdf'), '-'], { encoding: 'utf8' });
  expect(office).toContain('Projets de recrutement, difficultés et saisonnalité');
  expect(office).toMatch(/≥ 4 863 \(27 cellules non publiées\)/);
  expect(office).toContain(`au moins ${frPercent(voiron.seasonal_share)} ; ${voiron.seasonal_unpublished_cells} cellules`);
  expect(office).toContain('Les 10 métiers les plus recherchés');
  expect(office).toMatch(/version 1 du \d{2}\/\d{2}\/\d{4}/);
  expect(office).not.toMatch(/\b\d{4}-\d{2}-\d{2}\b/);
  expect(office).not.toMatch(/\b\d+\.\d+\b/);
});

test('a note saved under the earlier method keeps its figures, says so and offers a new version', async ({ jalon }) => {
  test.setTimeout(120_000);
  const created = await postForm(W.cip.api, `/territoires/${W.basin}/notes`, { title: `Note ancienne ${uniq}` });
  expect(created.status()).toBe(303);
  const noteUrl = created.headers().location.split('?')[0];
  const noteId = noteUrl.split('/').pop();
  // As saved before the method was recorded: no "method", and the inflated seasonal share.
  sql(jalon,
    `UPDATE territorial_note_versions SET content = replace(json_remove(content, '$.method'), 'saisonnier représente au moins', 'saisonnier représente 53,0 % [ancien]') WHERE note_id = '${noteId}'`,
    `UPDATE territorial_note_versions SET content = replace((content::jsonb - 'method')::text, 'saisonnier représente au moins', 'saisonnier représente 53,0 % [ancien]') WHERE note_id = '${noteId}'`);
  const old = await (await W.cip.api.get(noteUrl)).text();
  expect(old).toContain('Méthode antérieure :');
  expect(old).toContain('53,0 % [ancien]');  // frozen as saved
  expect(old).toContain('Créer une nouvelle version avec les chiffres corrigés');
  const printable = await (await W.cip.api.get(`${noteUrl}/apercu`)).text();
  expect(printable).toContain('Méthode antérieure :');

  const redone = await postForm(W.cip.api, `${noteUrl}/recalcul`, { base_version: '1' });
  expect(redone.status(), await redone.text()).toBe(303);
  const v2 = await (await W.cip.api.get(noteUrl)).text();
  expect(v2).toContain('Version 2');
  expect(v2).toContain('chiffres recalculés selon la méthode corrigée');
  expect(v2).not.toContain('Méthode antérieure :');
  expect(v2).not.toContain('[ancien]');
  const voiron = reference('38', '84', ['8413']).territory;
  expect(v2).toContain(`Le recrutement saisonnier représente au moins ${frPercent(voiron.seasonal_share)}`);
  // The old version stays readable, with its figures and the warning.
  const v1 = await (await W.cip.api.get(`${noteUrl}?version=1`)).text();
  expect(v1).toContain('53,0 % [ancien]');
  expect(v1).toContain('Méthode antérieure :');
  // A stale offer (the note moved on) is refused.
  expect((await postForm(W.cip.api, `${noteUrl}/recalcul`, { base_version: '1' })).status()).toBe(409);
});
