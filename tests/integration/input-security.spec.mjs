// Hostile input found by a live attack (issue 12, items 10 and 12–13), on both engines: JSON
// bodies with wrong types or integers that do not fit get a 422 naming the field and change
// nothing; uploads that are two formats at once or whose archive entries climb out of their
// folder are refused; PDF exports run without scripts or network, through a bounded queue.
import { test, expect } from '../support/jalon.mjs';
import { apiCall, bootstrapAdmin, inviteAndSetUp } from '../support/auth.mjs';
import { sql } from '../support/sql.mjs';

test.describe.configure({ mode: 'serial' });
let W;
const uniq = Date.now().toString(36);

test.beforeAll(async ({ jalon }) => {
  const admin = await bootstrapAdmin(jalon, `adm-in-${uniq}@test.example`, `ACI in ${uniq}`);
  const cip = await inviteAndSetUp(jalon, admin, { email: `cip-in-${uniq}@test.example`, name: 'Cip Entrée', role: 'counselor' });
  const res = await apiCall(cip, 'POST', '/api/v1/beneficiaries', {
    civility: 'm', first_name: 'Noé', last_name: `Entrée${uniq}`, birth_date: '1990-03-03',
    prescriber_kind: 'france_travail', entry_date: '2026-02-02', scheme: 'iae', information_notice_version: '2026-01',
  });
  expect(res.status()).toBe(201);
  W = { admin, cip, b: (await res.json()).id };
});

async function refused(res, field) {
  expect(res.status(), await res.text()).toBe(422);
  const body = await res.json();
  expect(body.error.field).toBe(field);
  expect(body.error.message).toContain(field);
}

test('issue 12 §10: an integer that does not fit is refused, not narrowed (mobility_km = 2^32 + 50)', async ({ jalon }) => {
  const path = `/api/v1/beneficiaries/${W.b}/projects`;
  await refused(await apiCall(W.cip, 'POST', path, { appellations: [], mobility_km: 2 ** 32 + 50, working_time: 'indifferent' }), 'mobility_km');
  await refused(await apiCall(W.cip, 'POST', path, { appellations: [], mobility_km: 12.5, working_time: 'indifferent' }), 'mobility_km');
  const rows = sql(jalon, `SELECT count(*) FROM project_records WHERE beneficiary_id = '${W.b}'`);
  expect(rows[0][0]).toBe('0');
  const ok = await apiCall(W.cip, 'POST', path, { appellations: [], mobility_km: 50, working_time: 'indifferent' });
  expect(ok.status(), await ok.text()).toBe(201);
  const got = await (await W.cip.api.get(`/api/v1/beneficiaries/${W.b}`)).json();
  expect(got.projects.map((p) => p.mobility_km)).toEqual([50]);
});

test('issue 12 §10: wrong JSON types get a 422 naming the field, never a 500', async () => {
  const b = `/api/v1/beneficiaries/${W.b}`;
  const cases = [
    ['POST', '/api/v1/beneficiaries', { first_name: 12, last_name: 'X' }, 'first_name'],
    ['POST', '/api/v1/beneficiaries', { first_name: 'A', last_name: 'B', confirm_duplicate: 'oui' }, 'confirm_duplicate'],
    ['POST', `${b}/situations`, { vehicle: 'oui' }, 'vehicle'],
    ['POST', `${b}/situations`, { licences: 'B' }, 'licences'],
    ['POST', `${b}/diagnoses`, { made_on: '2026-03-01', items: [{ theme: 'mobilite', severity: 'grave' }] }, 'items[0].severity'],
    ['POST', `${b}/projects`, { appellations: [7] }, 'appellations[0]'],
    ['POST', `${b}/appointments`, { date: '2026-05-05', time: '10:00', duration_min: '30' }, 'duration_min'],
    ['POST', `${b}/contracts`, { kind: ['cddi'] }, 'kind'],
    ['POST', `${b}/referrals`, { partner: { name: 'x' } }, 'partner'],
    ['POST', '/api/v1/territories', { name: 5, kind: 'epci', area_code: '200040715' }, 'name'],
  ];
  for (const [method, path, body, field] of cases) {
    await refused(await apiCall(method === 'POST' && path.startsWith('/api/v1/territories') ? W.admin : W.cip, method, path, body), field);
  }
});
