// The beneficiary record over HTTP, on both engines: SR 17 (information notice), duplicates,
// bad input, caseload scoping, search through POST, filters and pagination, diagnoses and their
// comparison, the IAE verdict, the referent-only health module (SR 2) and the audit of reads.
import { test, expect, importReferentials } from '../support/jalon.mjs';
import { apiCall, bootstrapAdmin, inviteAndSetUp, postForm, sessionCsrf, userIdOf } from '../support/auth.mjs';
import { sql } from '../support/sql.mjs';

test.describe.configure({ mode: 'serial' });
let W;
const uniq = Date.now().toString(36);

const api = apiCall;

const person = (over = {}) => ({
  civility: 'mme', first_name: 'Alix', last_name: `Morel${uniq}`, birth_date: '1988-03-14',
  prescriber_kind: 'france_travail', entry_date: '2026-02-02', scheme: 'iae',
  information_notice_version: '2026-01', commune_name: 'Voiron', commune_code: '38563', ...over,
});

test.beforeAll(async ({ jalon }) => {
  test.setTimeout(300_000);
  // The ROME referential, imported as `make run` does, for the picker test. Done first: a long
  // import would outlast the server's 30 s keep-alive on connections opened before it.
  importReferentials(jalon, ['rome', 'communes']);
  const admin = await bootstrapAdmin(jalon, `adm-${uniq}@test.example`, `ACI ${uniq}`);
  const cip1 = await inviteAndSetUp(jalon, admin, { email: `cip1-${uniq}@test.example`, name: 'Cip Un', role: 'counselor' });
  const cip2 = await inviteAndSetUp(jalon, admin, { email: `cip2-${uniq}@test.example`, name: 'Cip Deux', role: 'counselor' });
  const coord = await inviteAndSetUp(jalon, admin, { email: `coord-${uniq}@test.example`, name: 'Coord', role: 'coordinator' });
  W = { admin, cip1, cip2, coord, cip1Id: await userIdOf(cip1.api), cip2Id: await userIdOf(cip2.api) };
});

test('SR 17: no record without the information notice version; bad input names the field and changes nothing', async ({ jalon }) => {
  const before = sql(jalon, 'SELECT COUNT(*) FROM beneficiaries')[0][0];
  const noNotice = await api(W.cip1, 'POST', '/api/v1/beneficiaries', person({ information_notice_version: '' }));
  expect(noNotice.status()).toBe(422);
  expect((await noNotice.json()).field).toBe('notice_version');
  for (const [over, field] of [[{ birth_date: '1988-02-30' }, 'birth_date'], [{ birth_date: '2020-01-01' }, 'birth_date'],
    [{ civility: 'x' }, 'civility'], [{ prescriber_kind: 'inconnu' }, 'prescriber_kind'], [{ email: 'pas@' }, 'email'],
    [{ phone: '12' }, 'phone'], [{ last_name: '' }, 'last_name'],
    [{ commune_code: '', commune_name: 'Saint-Martin' }, 'commune_name'], [{ commune_code: '99999' }, 'commune_name'],
    [{ commune_code: '', commune_name: 'Atlantide' }, 'commune_name']]) {
    const res = await api(W.cip1, 'POST', '/api/v1/beneficiaries', person(over));
    expect(res.status(), JSON.stringify(over)).toBe(422);
    const err = await res.json();
    expect(err.field).toBe(field);
    expect(err.detail.length).toBeGreaterThan(10);
  }
  expect((await api(W.cip1, 'POST', '/api/v1/beneficiaries', 'not json')).status()).toBe(422);
  expect(sql(jalon, 'SELECT COUNT(*) FROM beneficiaries')[0][0]).toBe(before);
});

test('the address commune is one of the COG: a typed name and postcode is resolved to it', async ({ jalon }) => {
  const res = await api(W.cip1, 'POST', '/api/v1/beneficiaries', person({ first_name: 'Zoé', commune_code: '', commune_name: 'st etienne de crossey 38960' }));
  expect(res.status(), await res.text()).toBe(201);
  const got = await (await api(W.cip1, 'GET', `/api/v1/beneficiaries/${(await res.json()).id}`)).json();
  expect(JSON.stringify(got)).toContain('Saint-Étienne-de-Crossey');
  expect(sql(jalon, `SELECT commune_code FROM beneficiaries WHERE id = '${got.id}'`)[0][0]).toBe('38383');
});

test('duplicates: another counselor learns only that a record exists and whom to ask, audited; creation needs a confirmation', async ({ jalon }) => {
  const first = await api(W.cip1, 'POST', '/api/v1/beneficiaries', person({ first_name: 'Éloïse' }));
  expect(first.status()).toBe(201);
  const id = (await first.json()).id;
  const auditsBefore = Number(sql(jalon, `SELECT COUNT(*) FROM audit_log WHERE action = 'duplicate_check' AND object_id = '${id}'`)[0][0]);
  const again = await api(W.cip2, 'POST', '/api/v1/beneficiaries', person({ first_name: 'ELOISE', last_name: `morel${uniq}` }));
  expect(again.status()).toBe(409);
  const body = await again.json();
  expect(body.duplicates).toEqual([{ ask: 'Cip Un' }]);
  // Nothing of the existing record leaks: no id, commune, status or follow-up date.
  const raw = JSON.stringify(body);
  for (const leak of [id, 'Voiron', 'en_cours', '1988-03-14']) expect(raw).not.toContain(leak);
  // The HTML form says whom to ask, without a link to the record.
  const page = await postForm(W.cip2.api, '/beneficiaires/nouveau', {
    civility: 'mme', first_name: 'Eloise', last_name: `Morel${uniq}`, birth_date: '1988-03-14',
    prescriber_kind: 'caf', entry_date: '2026-02-02', scheme: 'iae', referent_id: W.cip2Id, notice_version: '2026-01',
  });
  expect(page.status()).toBe(409);
  const html = await page.text();
  expect(html).toContain('adressez-vous à Cip Un');
  expect(html).not.toContain(`/beneficiaires/${id}`);
  // Each warning is audited against the existing record (reads are group-committed: wait for them).
  await expect.poll(() => Number(sql(jalon, `SELECT COUNT(*) FROM audit_log WHERE action = 'duplicate_check' AND object_id = '${id}'`)[0][0]))
    .toBe(auditsBefore + 2);
  const confirmed = await api(W.cip2, 'POST', '/api/v1/beneficiaries', person({ first_name: 'Éloïse', confirm_duplicate: true }));
  expect(confirmed.status()).toBe(201);
});

test('caseload: each counselor sees their own, the coordinator the structure; search by GET; filters, sort, pages', async () => {
  for (let i = 0; i < 30; i++) {
    const who = i % 3 === 0 ? W.cip2 : W.cip1;
    const res = await api(who, 'POST', '/api/v1/beneficiaries', person({ first_name: `P${String(i).padStart(2, '0')}`, last_name: `Zebre${uniq}`, birth_date: `19${70 + (i % 20)}-05-0${1 + (i % 8)}` }));
    expect(res.status()).toBe(201);
  }
  const mine = await (await W.cip1.api.get('/api/v1/beneficiaries?page_size=100')).json();
  const theirs = await (await W.cip2.api.get('/api/v1/beneficiaries?page_size=100')).json();
  const all = await (await W.coord.api.get('/api/v1/beneficiaries?page_size=100')).json();
  expect(mine.total + theirs.total).toBe(all.total);
  expect(mine.items.every((b) => b.referent === 'Cip Un')).toBe(true);
  // Another counselor's person is not found for cip1.
  const foreign = theirs.items[0].id;
  expect((await W.cip1.api.get(`/beneficiaires/${foreign}`)).status()).toBe(404);
  expect((await W.coord.api.get(`/beneficiaires/${foreign}`)).status()).toBe(200);
  // The search term is a GET parameter (issue 14: Back and a shared link keep the list; the
  // access log keeps the route only), accent- and case-insensitive; the former POST leads there.
  const res = await W.coord.api.get(`/beneficiaires?q=${encodeURIComponent(`zèbre${uniq} p07`)}`);
  const html = await res.text();
  expect(html).toContain(`Zebre${uniq} P07`);
  expect(html).toMatch(/<strong>1<\/strong> personne trouvée/);
  const posted = await W.coord.api.post('/beneficiaires/recherche', { form: { q: '1977', csrf: await sessionCsrf(W.coord.api) }, maxRedirects: 0 });
  expect(posted.status()).toBe(303);
  expect(posted.headers().location).toBe('/beneficiaires?q=1977');
  const byYear = await W.coord.api.get(posted.headers().location);
  expect(await byYear.text()).toContain(`Zebre${uniq} P07`);
  // Pagination of 25 with counts, and sorting.
  const p1 = await (await W.coord.api.get('/beneficiaires?tri=birth&page=1')).text();
  expect(p1).toMatch(/page 1 sur 2/);
  const p2 = await (await W.coord.api.get('/beneficiaires?tri=birth&page=2')).text();
  expect(p2).toMatch(/page 2 sur 2/);
  const filtered = await (await W.coord.api.get(`/beneficiaires?referent=${W.cip2Id}`)).text();
  expect(filtered).not.toContain('Cip Un</td>');
});

test('diagnosis: items validated, history kept, comparison shows lifted and new barriers', async ({ jalon }) => {
  const id = (await (await api(W.cip1, 'POST', '/api/v1/beneficiaries', person({ first_name: 'Diag', last_name: `Test${uniq}` }))).json()).id;
  const bad = await api(W.cip1, 'POST', `/api/v1/beneficiaries/${id}/diagnoses`, { made_on: '2026-03-01', items: [{ theme: 'logement', item: 'mo_permis_b', kind: 'barrier', severity: 2 }] });
  expect(bad.status()).toBe(422);
  const d1 = await api(W.cip1, 'POST', `/api/v1/beneficiaries/${id}/diagnoses`, { made_on: '2026-03-01', summary: 'Entrée', items: [
    { theme: 'mobilite', item: 'mo_aucun', kind: 'barrier', severity: 3 },
    { theme: 'logement', item: 'lo_tiers', kind: 'barrier', severity: 2 },
    { theme: 'emploi', kind: 'lever', note: 'Expérience en maraîchage' },
    { theme: 'choisir_un_metier', kind: 'pro_status', status: 'besoin' }] });
  expect(d1.status()).toBe(201);
  const d2 = await api(W.cip1, 'POST', `/api/v1/beneficiaries/${id}/diagnoses`, { made_on: '2026-06-01', summary: 'Étape', items: [
    { theme: 'logement', item: 'lo_tiers', kind: 'barrier', severity: 1 },
    { theme: 'numerique', item: 'nu_equipement', kind: 'barrier', severity: 2 }] });
  expect(d2.status()).toBe(201);
  const page = await (await W.cip1.api.get(`/beneficiaires/${id}/diagnostic`)).text();
  expect(page).toContain('Évolution entre le 01/03/2026 et le 01/06/2026');
  expect(page).toMatch(/<strong>1 frein levé<\/strong>, <strong>1 nouveau frein<\/strong>, <strong>1 frein toujours présent<\/strong>/);
  expect(page).toContain('<svg');
  expect(page).toContain('Atténué');
  // The caseload's barrier filter follows the latest diagnosis.
  const theme = sql(jalon, `SELECT barrier_themes FROM beneficiaries WHERE id = '${id}'`)[0][0];
  expect(theme).toBe(',logement,numerique,');
});

test('IAE eligibility: the verdict is explained in words, live and once saved, with its validity', async () => {
  const id = (await (await api(W.cip1, 'POST', '/api/v1/beneficiaries', person({ first_name: 'Elig', last_name: `Test${uniq}` }))).json()).id;
  const csrf = await sessionCsrf(W.cip1.api);
  const live = await W.cip1.api.post(`/beneficiaires/${id}/eligibilite/verdict`, {
    form: { csrf, siae_kind: 'ai', criterion: 'SENIOR' },
  });
  expect(await live.text()).toContain('Non éligible AI : aucun critère de niveau 1 et 1 critère de niveau 2 sur les 2 requis');
  const body = new URLSearchParams([['csrf', csrf], ['siae_kind', 'aci'], ['author_kind', 'employer'], ['made_on', '2026-11-20'],
    ['criterion', 'SENIOR'], ['criterion', 'DELD'], ['criterion', 'PM'], ['proof_PM', 'fourni']]).toString();
  const saved = await W.cip1.api.post(`/beneficiaires/${id}/eligibilite`, { data: body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  expect(saved.status()).toBe(303);
  const rec = await (await W.cip1.api.get(`/api/v1/beneficiaries/${id}`)).json();
  expect(rec.eligibility[0].eligible).toBe(true);
  expect(rec.eligibility[0].valid_until).toBe('2027-02-19');  // 92 days for an employer
  expect(rec.eligibility[0].explanation).toMatch(/^Éligible ACI : 3 critères de niveau 2/);
});

test('SR 2: health items only with the module on, for the referent, stored encrypted', async ({ jalon }) => {
  const id = (await (await api(W.cip1, 'POST', '/api/v1/beneficiaries', person({ first_name: 'Sante', last_name: `Test${uniq}` }))).json()).id;
  expect((await W.cip1.api.get(`/beneficiaires/${id}/sante`)).status()).toBe(404);  // module off by default
  expect((await postForm(W.admin.api, '/admin/structure', { name: `ACI ${uniq}`, kind: 'aci', health_module: '1' })).status()).toBe(303);
  expect((await W.cip1.api.get(`/beneficiaires/${id}/sante`)).status()).toBe(200);
  const canary = `CANARI-SANTE-${uniq}`;
  expect((await postForm(W.cip1.api, `/beneficiaires/${id}/sante`, { kind: 'situation', detail: canary })).status()).toBe(303);
  expect(await (await W.cip1.api.get(`/beneficiaires/${id}/sante`)).text()).toContain(canary);
  expect((await W.coord.api.get(`/beneficiaires/${id}/sante`)).status()).toBe(404);  // not the referent
  expect((await W.admin.api.get(`/beneficiaires/${id}/sante`)).status()).toBe(403);
  expect(sql(jalon, `SELECT COUNT(*) FROM health_items WHERE sealed_detail LIKE '%${canary}%'`)[0][0]).toBe('0');
  const rec = await (await W.coord.api.get(`/api/v1/beneficiaries/${id}`)).text();
  expect(rec).not.toContain(canary);
});

test('SR 2, SR 34: health items of a diagnosis live in the health module: refused while it is off, sealed, referent only, never exported or counted', async ({ jalon }) => {
  const id = (await (await api(W.cip1, 'POST', '/api/v1/beneficiaries', person({ first_name: 'Diagsante', last_name: `Test${uniq}` }))).json()).id;
  const canary = `CANARI-DIAG-${uniq}`;
  const healthItems = [
    { theme: 'sante', item: 'sa_mdph', kind: 'barrier', severity: 2 },
    { theme: 'mobilite', item: 'mo_sante', kind: 'barrier', severity: 3 },
    { theme: 'sante', kind: 'lever', note: canary }];
  const diagnosis = { made_on: '2026-09-01', summary: 'Entrée', items: [{ theme: 'logement', item: 'lo_tiers', kind: 'barrier', severity: 2 }, ...healthItems] };
  // Module off: the diagnosis with health items is refused, naming the field, and nothing is stored.
  expect((await postForm(W.admin.api, '/admin/structure', { name: `ACI ${uniq}`, kind: 'aci' })).status()).toBe(303);
  const before = sql(jalon, `SELECT COUNT(*) FROM diagnoses WHERE beneficiary_id = '${id}'`)[0][0];
  const refused = await api(W.cip1, 'POST', `/api/v1/beneficiaries/${id}/diagnoses`, diagnosis);
  expect(refused.status()).toBe(422);
  expect((await refused.json()).field).toBe('theme_sante');
  expect(sql(jalon, `SELECT COUNT(*) FROM diagnoses WHERE beneficiary_id = '${id}'`)[0][0]).toBe(before);
  // The diagnosis form offers no health situation while the module is off.
  const form = await (await W.cip1.api.get(`/beneficiaires/${id}/diagnostic/nouveau`)).text();
  expect(form).not.toContain('sa_mdph');
  expect(form).not.toContain('mo_sante');
  expect(form).toContain('module santé');
  // Module on: the referent records it; health items are sealed outside diagnosis_items.
  expect((await postForm(W.admin.api, '/admin/structure', { name: `ACI ${uniq}`, kind: 'aci', health_module: '1' })).status()).toBe(303);
  const saved = await api(W.cip1, 'POST', `/api/v1/beneficiaries/${id}/diagnoses`, diagnosis);
  expect(saved.status(), await saved.text()).toBe(201);
  const plainRows = sql(jalon, `SELECT i.item FROM diagnosis_items i JOIN diagnoses d ON d.id = i.diagnosis_id WHERE d.beneficiary_id = '${id}' AND (i.theme = 'sante' OR i.item = 'mo_sante' OR i.note LIKE '%CANARI%')`);
  expect(plainRows).toEqual([]);
  expect(sql(jalon, `SELECT COUNT(*) FROM diagnosis_health WHERE beneficiary_id = '${id}'`)[0][0]).toBe('1');
  expect(sql(jalon, `SELECT COUNT(*) FROM diagnosis_health WHERE sealed_items LIKE '%mdph%' OR sealed_items LIKE '%${canary}%'`)[0][0]).toBe('0');
  // The caseload's barrier filter (and the territorial counts built on it) holds no health theme.
  expect(sql(jalon, `SELECT barrier_themes FROM beneficiaries WHERE id = '${id}'`)[0][0]).toBe(',logement,');
  // The referent reads them in the health module; the coordinator sees nothing of them anywhere.
  const health = await (await W.cip1.api.get(`/beneficiaires/${id}/sante`)).text();
  expect(health).toContain('un dossier MDPH');
  expect(health).toContain(canary);
  for (const path of [`/api/v1/beneficiaries/${id}`, `/beneficiaires/${id}/diagnostic`, `/beneficiaires/${id}`, `/beneficiaires/${id}/bilan`]) {
    const res = await W.coord.api.get(path);
    expect(res.status(), path).toBe(200);
    const text = await res.text();
    expect(text, path).not.toContain(canary);
    expect(text, path).not.toContain('MDPH');
    expect(text, path).not.toContain('sa_mdph');
  }
  // Even for the referent, the bilan meant for prescribers and funders leaves health out.
  const bilan = await (await W.cip1.api.get(`/beneficiaires/${id}/bilan`)).text();
  expect(bilan).not.toContain('MDPH');
  expect(bilan).not.toContain(canary);
});

test('SR 46: opening a record and its sections writes read records; names stay escaped', async ({ jalon }) => {
  const evil = '<script>alert(1)</script>';
  const id = (await (await api(W.cip1, 'POST', '/api/v1/beneficiaries', person({ first_name: evil, last_name: `Xss${uniq}` }))).json()).id;
  const html = await (await W.cip1.api.get(`/beneficiaires/${id}`)).text();
  expect(html).not.toContain(evil);
  expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  await W.cip1.api.get(`/beneficiaires/${id}/situation`);
  await W.cip1.api.post('/__test/audit/flush', { form: { csrf: await sessionCsrf(W.cip1.api) } });
  const rows = sql(jalon, `SELECT action, category, actor_user_id FROM audit_log WHERE object_type = 'beneficiary' AND object_id = '${id}' ORDER BY seq`);
  expect(rows[0]).toEqual(['create', 'identity', W.cip1Id]);
  expect(rows.filter((r) => r[0] === 'read').length).toBeGreaterThanOrEqual(2);
});

test('the OpenAPI document describes every beneficiary route the server has', async ({ request }) => {
  const doc = await (await request.get('/api/v1/openapi.json')).json();
  expect(doc.openapi).toMatch(/^3\./);
  const routes = (await (await request.get('/__test/routes')).json())
    .filter((r) => r.pattern.startsWith('/api/v1/') && r.pattern !== '/api/v1/openapi.json');
  for (const r of routes) {
    expect(doc.paths[r.pattern]?.[r.method.toLowerCase()], `${r.method} ${r.pattern}`).toBeTruthy();
  }
});

test('the ROME picker finds appellations and the project shows their labels', async () => {
  const html = await (await W.cip1.api.get('/referentiels/rome/appellations?q=aide%20soignante')).text();
  expect(html).toContain('J1501');
  const code = html.match(/name="appellation" type="checkbox" value="(\d+)"><label for="app-\d+">Aide-soignant/)[1];
  const id = (await (await api(W.cip1, 'POST', '/api/v1/beneficiaries', person({ first_name: 'Rome', last_name: `Picker${uniq}` }))).json()).id;
  const csrf = await sessionCsrf(W.cip1.api);
  const body = new URLSearchParams([['csrf', csrf], ['appellations', ''], ['appellation', code], ['mobility_km', '20'], ['working_time', 'temps_plein']]).toString();
  expect((await W.cip1.api.post(`/beneficiaires/${id}/projet`, { data: body, headers: { 'content-type': 'application/x-www-form-urlencoded' } })).status()).toBe(303);
  const record = await (await W.cip1.api.get(`/beneficiaires/${id}`)).text();
  expect(record).toMatch(/Aide-soignant[^<]*\(J1501\)/);
  expect(await (await W.cip1.api.get('/referentiels/rome/appellations?q=zzzzqqqq')).text()).toContain('Aucun métier trouvé');
});
