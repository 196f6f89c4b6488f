// The territory diagnosis over HTTP, on both engines (issue 7): for a bassin, an EPCI and a
// département, the BMO figures Jalon shows are checked against figures this test computes from
// the published xlsx itself (tests/support/bmo_reference.py: totals, shares, unpublished cells,
// top 5), and the bassins a territory covers against the published commune→bassin file; the
// caseload side (count, barriers, targets, adequacy, mobility); synthesis notes with versions,
// a stale save refused, the PDF read back with pdftotext and the DOCX opened with python-docx.
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

function expectTotals(got, want, what) {
  expect(got.projects, what).toBe(want.projects);
  expect(got.projects_unpublished_cells, what).toBe(want.projects_unpublished_cells);
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
  expect(basin.findings.some((f) => /saisonnier représente 53,0 % des projets contre 44,5 % en France/.test(f.text))).toBe(true);
  // Another structure's territory is not found.
  expect((await api(W.other, 'GET', `/api/v1/territories/${W.basin}/indicators`)).status()).toBe(404);
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
  expect(page).toContain('Le recrutement saisonnier représente 53,0 %');
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
  expect(text).toContain('Source : BMO 2024');

  const docx = await W.cip.api.get(`${noteUrl}/docx`);
  expect(docx.status()).toBe(200);
  writeFileSync(join(dir, 'note.docx'), await docx.body());
  const read = execFileSync('/usr/bin/python3', ['-c', `
import docx, json, sys
d = docx.Document(sys.argv[1])
print(json.dumps({"paragraphs": [p.text for p in d.paragraphs], "tables": [[c.text for c in t.rows[1].cells] for t in d.tables if len(t.rows) > 1], "images": len(d.inline_shapes)}))
`, join(dir, 'note.docx')], { encoding: 'utf8' });
  const doc = JSON.parse(read);
  expect(doc.paragraphs).toContain('Acteurs du territoire');
  expect(doc.paragraphs).toContain('Mission locale, CCAS, France Travail Voiron.');
  expect(doc.tables.some((row) => row.join(' ').includes('4 863'))).toBe(true);
  expect(doc.images).toBeGreaterThan(0);
});
