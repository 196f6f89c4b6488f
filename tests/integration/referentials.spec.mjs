// The referentials over HTTP, on both engines: ROME search and fiche, communes (search, detail
// with their areas, distance, neighbours), areas, and the structure's territories through the
// JSON API and the pages (no script: typed names), with bad input that names the field and
// changes nothing, and another structure's territory answered as not found.
import { test, expect, importReferentials, root } from '../support/jalon.mjs';
import { apiCall, bootstrapAdmin, inviteAndSetUp, postForm } from '../support/auth.mjs';
import { sql } from '../support/sql.mjs';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

test.describe.configure({ mode: 'serial' });
let W;
const uniq = Date.now().toString(36);
const api = apiCall;

test.beforeAll(async ({ jalon }) => {
  test.setTimeout(300_000);
  importReferentials(jalon, ['communes', 'centroides', 'zones-emploi', 'bassins-emploi', 'rome']);
  const adminA = await bootstrapAdmin(jalon, `adm-ref-a-${uniq}@test.example`, `ACI ref A ${uniq}`);
  const cip = await inviteAndSetUp(jalon, adminA, { email: `cip-ref-${uniq}@test.example`, name: 'Cip Ref', role: 'counselor' });
  const funder = await inviteAndSetUp(jalon, adminA, { email: `fin-ref-${uniq}@test.example`, name: 'Fin Ref', role: 'funder' });
  const adminB = await bootstrapAdmin(jalon, `adm-ref-b-${uniq}@test.example`, `ACI ref B ${uniq}`);
  W = { adminA, cip, funder, adminB };
});

test('ROME search: accents, feminine forms and typos, at most 20 results; bad queries named', async ({ request }) => {
  const first = async (q) => {
    const res = await api(W.cip, 'GET', `/api/v1/rome?q=${encodeURIComponent(q)}`);
    expect(res.status(), q).toBe(200);
    const { items } = await res.json();
    expect(items.length).toBeLessThanOrEqual(20);
    return items;
  };
  expect((await first('aide soignante'))[0].code).toBe('J1501');
  expect((await first('developpeur'))[0].code).toBe('M1805');
  expect((await first('auxilliaire de vie'))[0].code).toBe('K1302');
  expect((await first('boulangère'))[0].code).toBe('D1102');
  const many = await first('agent');
  expect(many.length).toBe(20);
  const limited = await api(W.cip, 'GET', '/api/v1/rome?q=agent&limit=3');
  expect((await limited.json()).items.length).toBe(3);
  const short = await api(W.cip, 'GET', '/api/v1/rome?q=a');
  expect(short.status()).toBe(422);
  expect((await short.json()).field).toBe('q');
  expect((await request.get('/api/v1/rome?q=aide', { headers: { Accept: 'application/json' } })).status()).toBe(401);
});

test('ROME fiche: tree, appellations, savoirs, texts and mobilities in both directions', async ({ jalon }) => {
  const res = await api(W.cip, 'GET', '/api/v1/rome/k1302');
  expect(res.status()).toBe(200);
  const f = await res.json();
  expect(f.code).toBe('K1302');
  expect(f.domain.code).toBe('K13');
  expect(f.appellations.map((a) => a.label)).toContain('Auxiliaire de vie');
  expect(f.knowledge.length).toBeGreaterThan(5);
  expect(f.definition.length).toBeGreaterThan(0);
  // Both directions, as many distinct fiches as the mobility table holds.
  const distinct = (q) => Number(sql(jalon, q)[0][0]);
  expect(new Set(f.mobilities_out.map((m) => m.code)).size)
    .toBe(distinct("SELECT COUNT(DISTINCT target_rome_code) FROM rome_mobilities WHERE rome_code = 'K1302'"));
  expect(new Set(f.mobilities_in.map((m) => m.code)).size)
    .toBe(distinct("SELECT COUNT(DISTINCT rome_code) FROM rome_mobilities WHERE target_rome_code = 'K1302'"));
  expect(new Set(f.mobilities_out.map((m) => m.kind))).toEqual(new Set(['close', 'evolution']));
  expect((await api(W.cip, 'GET', '/api/v1/rome/Z9999')).status()).toBe(404);
});

test('communes: by name or postcode, their areas, distances from centroids, neighbours', async () => {
  const byName = await (await api(W.cip, 'GET', '/api/v1/communes?q=voiron')).json();
  expect(byName.items[0]).toMatchObject({ code: '38563', name: 'Voiron', departement_code: '38' });
  expect(byName.items[0].postcodes).toContain('38500');
  const byPostcode = await (await api(W.cip, 'GET', '/api/v1/communes?q=38500')).json();
  expect(byPostcode.items.map((c) => c.code)).toContain('38563');
  const saint = await (await api(W.cip, 'GET', '/api/v1/communes?q=st%20egreve')).json();
  expect(saint.items[0].name).toBe('Saint-Égrève');

  const voiron = await (await api(W.cip, 'GET', '/api/v1/communes/38563')).json();
  expect(voiron.epci).toEqual({ code: '243800984', name: 'CA du Pays Voironnais' });
  expect(voiron.departement).toEqual({ code: '38', name: 'Isère' });
  expect(voiron.region.code).toBe('84');
  expect(voiron.employment_zone.code).toBe('8435');
  expect(voiron.employment_basin.code).toBe('8413');
  // The distance, computed here from the centroids the API gives (haversine, mean radius).
  const grenoble = await (await api(W.cip, 'GET', '/api/v1/communes/38185')).json();
  const rad = Math.PI / 180;
  const [a, b] = [voiron.centroid, grenoble.centroid];
  const h = Math.sin((b.latitude - a.latitude) * rad / 2) ** 2 +
    Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin((b.longitude - a.longitude) * rad / 2) ** 2;
  const expected = 2 * 6371.0088 * Math.asin(Math.sqrt(h));
  const d = await (await api(W.cip, 'GET', '/api/v1/communes/38563/distance?to=38185')).json();
  expect(Math.abs(d.km - expected)).toBeLessThan(0.01);
  expect(d.km).toBeGreaterThan(15);
  expect(d.km).toBeLessThan(30);

  const near = await (await api(W.cip, 'GET', '/api/v1/communes/38563/nearby?radius_km=8')).json();
  expect(near.items[0]).toMatchObject({ code: '38563', km: 0 });
  expect(near.items.map((c) => c.code)).toContain('38239');  // Moirans
  expect(near.items.every((c) => c.km <= 8)).toBe(true);
  expect(near.items.map((c) => c.code)).not.toContain('38185');
  const tooFar = await api(W.cip, 'GET', '/api/v1/communes/38563/nearby?radius_km=900');
  expect(tooFar.status()).toBe(422);
  expect((await tooFar.json()).field).toBe('radius_km');
  expect((await api(W.cip, 'GET', '/api/v1/communes/99999')).status()).toBe(404);
  expect((await api(W.cip, 'GET', '/api/v1/communes/38563/distance')).status()).toBe(422);
});

test('areas to build territories from, by name or code', async () => {
  const epci = await (await api(W.cip, 'GET', '/api/v1/areas?kind=epci&q=voironnais')).json();
  expect(epci.items[0]).toEqual({ code: '243800984', name: 'CA du Pays Voironnais' });
  const dep = await (await api(W.cip, 'GET', '/api/v1/areas?kind=departement&q=ise')).json();
  expect(dep.items[0]).toEqual({ code: '38', name: 'Isère' });
  const basin = await (await api(W.cip, 'GET', '/api/v1/areas?kind=bassin-emploi&q=8413')).json();
  expect(basin.items[0].code).toBe('8413');
  const bad = await api(W.cip, 'GET', '/api/v1/areas?kind=canton&q=x');
  expect(bad.status()).toBe(422);
  expect((await bad.json()).field).toBe('kind');
});

test('territories through the API: from an area or communes, renamed, scoped to the structure', async ({ jalon }) => {
  // The EPCI's members, read here from the published file, not from the store.
  const epcis = JSON.parse(gunzipSync(readFileSync(`${root}/data/geo/cog-2026/epci.json.gz`)).toString());
  const members = epcis.find((e) => e.code === '243800984').membres.map((m) => m.code).sort();
  const made = await api(W.cip, 'POST', '/api/v1/territories', { name: `Pays Voironnais ${uniq}`, kind: 'epci', area_code: '243800984' });
  expect(made.status(), await made.text()).toBe(201);
  const t = await made.json();
  expect(t.communes.map((c) => c.code).sort()).toEqual(members);
  expect(t.population).toBeGreaterThan(90_000);

  const before = sql(jalon, 'SELECT COUNT(*) FROM territories')[0][0];
  for (const [body, field, status] of [
    [{ name: '', kind: 'epci', area_code: '243800984' }, 'name', 422],
    [{ name: 'X', kind: 'canton', area_code: '1' }, 'kind', 422],
    [{ name: 'X', kind: 'epci', area_code: '000000000' }, 'area_code', 422],
    [{ name: 'X', kind: 'communes', communes: ['38563', '99999'] }, 'communes', 422],
    [{ name: 'X', kind: 'communes', communes: [] }, 'communes', 422],
  ]) {
    const res = await api(W.cip, 'POST', '/api/v1/territories', body);
    expect(res.status(), JSON.stringify(body)).toBe(status);
    expect((await res.json()).field).toBe(field);
  }
  const twice = await api(W.cip, 'POST', '/api/v1/territories', { name: `pays voironnais ${uniq}`, kind: 'departement', area_code: '38' });
  expect(twice.status()).toBe(409);
  expect(sql(jalon, 'SELECT COUNT(*) FROM territories')[0][0]).toBe(before);

  const hand = await api(W.cip, 'POST', '/api/v1/territories', { name: `Voiron-Moirans ${uniq}`, kind: 'communes', communes: ['38563', '38239'] });
  expect(hand.status()).toBe(201);
  const handId = (await hand.json()).id;
  const renamed = await api(W.cip, 'PATCH', `/api/v1/territories/${handId}`, { name: `Voiron, Moirans et Voreppe ${uniq}`, communes: ['38563', '38239', '38565'] });
  expect(renamed.status()).toBe(200);
  expect((await renamed.json()).communes.length).toBe(3);
  const list = await (await api(W.cip, 'GET', '/api/v1/territories')).json();
  expect(list.items.map((i) => i.id)).toEqual(expect.arrayContaining([t.id, handId]));

  // Another structure sees none of them; funders have no territories.
  expect((await api(W.adminB, 'GET', `/api/v1/territories/${t.id}`)).status()).toBe(404);
  expect((await api(W.adminB, 'PATCH', `/api/v1/territories/${t.id}`, { name: 'pris' })).status()).toBe(404);
  expect((await api(W.adminB, 'DELETE', `/api/v1/territories/${t.id}`)).status()).toBe(404);
  expect((await (await api(W.adminB, 'GET', '/api/v1/territories')).json()).items).toEqual([]);
  expect((await api(W.funder, 'GET', '/api/v1/territories')).status()).toBe(403);

  expect((await api(W.cip, 'DELETE', `/api/v1/territories/${handId}`)).status()).toBe(204);
  expect((await api(W.cip, 'GET', `/api/v1/territories/${handId}`)).status()).toBe(404);
});

test('territory pages without scripts: typed area and communes, ambiguous names explained', async () => {
  const basin = await postForm(W.cip.api, '/territoires/nouveau', { name: `Bassin de Voiron ${uniq}`, kind: 'bassin-emploi', area: 'Voiron', area_code: '' });
  expect(basin.status(), await basin.text()).toBe(303);
  const page = await (await W.cip.api.get(basin.headers().location)).text();
  expect(page).toContain(`Bassin de Voiron ${uniq}`);
  expect(page).toContain('Moirans');

  const hand = await postForm(W.cip.api, '/territoires/nouveau', { name: `Trois communes ${uniq}`, kind: 'communes', communes: 'Voiron\nMoirans 38430\n38185' });
  expect(hand.status()).toBe(303);
  const handPage = await (await W.cip.api.get(hand.headers().location)).text();
  expect(handPage).toMatch(/Grenoble[\s\S]*Voiron[\s\S]*Moirans/);  // most populated first

  const ambiguous = await postForm(W.cip.api, '/territoires/nouveau', { name: `Ambigu ${uniq}`, kind: 'communes', communes: 'Voiron\nSaint-Martin' });
  expect(ambiguous.status()).toBe(422);
  const html = await ambiguous.text();
  expect(html).toContain('Ligne 2 : « Saint-Martin » désigne plusieurs communes');
  expect(html).toContain('Voiron\nSaint-Martin');  // what was typed is kept
  const unknownArea = await postForm(W.cip.api, '/territoires/nouveau', { name: `Nulle part ${uniq}`, kind: 'epci', area: 'Atlantide', area_code: '' });
  expect(unknownArea.status()).toBe(422);
  expect(await unknownArea.text()).toContain('Aucune zone de ce type ne correspond à « Atlantide »');

  const list = await (await W.cip.api.get('/territoires')).text();
  expect(list).toContain(`Bassin de Voiron ${uniq}`);
  const id = basin.headers().location.match(/territoires\/([a-z0-9]{26})/)[1];
  expect((await W.adminB.api.get(`/territoires/${id}`)).status()).toBe(404);
  expect((await postForm(W.adminB.api, `/territoires/${id}/supprimer`, {})).status()).toBe(404);
  const renamed = await postForm(W.cip.api, `/territoires/${id}/renommer`, { name: '' });
  expect(renamed.status()).toBe(422);
  expect((await postForm(W.cip.api, `/territoires/${id}/supprimer`, {})).status()).toBe(303);
  expect((await W.cip.api.get(`/territoires/${id}`)).status()).toBe(404);
});

test('ROME browser pages: search and fiche with mobilities as links', async () => {
  const search = await (await W.cip.api.get('/referentiels/rome?q=aide%20soignante')).text();
  expect(search).toContain('href="/referentiels/rome/J1501"');
  const fiche = await (await W.cip.api.get('/referentiels/rome/J1501')).text();
  expect(fiche).toContain('Aide-soignant');
  expect(fiche).toMatch(/href="\/referentiels\/rome\/[A-N]\d{4}"/);
  expect((await W.cip.api.get('/referentiels/rome/Z0000')).status()).toBe(404);
  // A ROME code typed in « Métier ou code ROME » opens its fiche; an unknown code finds nothing.
  const byCode = await W.cip.api.get('/referentiels/rome?q=d1102', { maxRedirects: 0 });
  expect(byCode.status()).toBe(303);
  expect(byCode.headers().location).toBe('/referentiels/rome/D1102');
  expect(await (await W.cip.api.get('/referentiels/rome?q=Z9999')).text()).toContain('Aucun');
  // Other forms of a word: a plural, and a derived form whose stem differs.
  expect(await (await W.cip.api.get('/referentiels/rome?q=livreurs')).text()).toContain('href="/referentiels/rome/N4105"');
});
