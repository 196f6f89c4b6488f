// The record's life through the JSON API (issue 14): PATCH changes only what is sent and keeps
// the previous value in the history; bad input names the field and changes nothing; status,
// co-référents, and the coordinator's one-action reassignment move whole caseloads at once.
import { test, expect } from '../support/jalon.mjs';
import { apiCall, twoStructures, userIdOf } from '../support/auth.mjs';

const uniq = Date.now().toString(36);

async function newPerson(who, last) {
  const res = await apiCall(who, 'POST', '/api/v1/beneficiaries', {
    civility: 'm', first_name: 'Noé', last_name: last, birth_date: '1991-06-02', phone: '06 00 00 00 01',
    prescriber_kind: 'caf', entry_date: '2026-01-05', scheme: 'iae', information_notice_version: '2026-01',
  });
  expect(res.status()).toBe(201);
  return (await res.json()).id;
}
const total = async (who) => (await (await apiCall(who, 'GET', '/api/v1/beneficiaries')).json()).total;

test('the record life API: edit, history, status, co-référents and reassignment', async ({ jalon }) => {
  test.setTimeout(240_000);
  const W = await twoStructures(jalon, `life-${uniq}`);
  const cip2Id = await userIdOf(W.cip2.api);
  const cip1Id = await userIdOf(W.cip1.api);
  const id = await newPerson(W.cip1, `Martin${uniq}`);
  await newPerson(W.cip1, `Petit${uniq}`);

  // Bad input: 422 naming the field, nothing changed.
  let res = await apiCall(W.cip1, 'PATCH', `/api/v1/beneficiaries/${id}`, { phone: '07 11 22 33 44', postal_code: '385' });
  expect(res.status()).toBe(422);
  expect((await res.json()).field).toBe('postal_code');
  expect((await (await apiCall(W.cip1, 'GET', `/api/v1/beneficiaries/${id}`)).json()).phone).toBe('06 00 00 00 01');

  res = await apiCall(W.cip1, 'PATCH', `/api/v1/beneficiaries/${id}`, { phone: '07 11 22 33 44', caf_id: '1234567', consent_email: true });
  expect(res.status()).toBe(200);
  expect((await res.json()).changed).toBe(3);
  const history = (await (await apiCall(W.cip1, 'GET', `/api/v1/beneficiaries/${id}/history`)).json()).items;
  expect(history.find((c) => c.field === 'phone')).toMatchObject({ old_value: '06 00 00 00 01', new_value: '07 11 22 33 44', changed_by: 'Camille Un' });
  // Out of scope: 404, and the other structure cannot touch it.
  expect((await apiCall(W.cipB, 'PATCH', `/api/v1/beneficiaries/${id}`, { phone: '07 00 00 00 00' })).status()).toBe(404);

  // Status: an exit needs its reason.
  res = await apiCall(W.cip1, 'POST', `/api/v1/beneficiaries/${id}/status`, { status: 'sorti', on: '2026-06-30' });
  expect(res.status()).toBe(422);
  expect((await res.json()).field).toBe('reason');
  expect((await apiCall(W.cip1, 'POST', `/api/v1/beneficiaries/${id}/status`, { status: 'sorti', on: '2026-06-30', reason: 'emploi_durable' })).status()).toBe(200);
  expect((await (await apiCall(W.cip1, 'GET', `/api/v1/beneficiaries/${id}`)).json()).status).toBe('sorti');
  expect((await apiCall(W.cip1, 'POST', `/api/v1/beneficiaries/${id}/status`, { status: 'en_cours' })).status()).toBe(200);

  // A co-référent sees the person in their caseload at once, and not the previous values.
  expect(await total(W.cip2)).toBe(0);
  expect((await apiCall(W.cip1, 'POST', `/api/v1/beneficiaries/${id}/coreferents`, { user_id: cip2Id })).status()).toBe(200);
  expect(await total(W.cip2)).toBe(1);
  const seen = (await (await apiCall(W.cip2, 'GET', `/api/v1/beneficiaries/${id}/history`)).json()).items;
  expect(seen.every((c) => c.old_value === undefined)).toBe(true);
  expect((await apiCall(W.cip1, 'POST', `/api/v1/beneficiaries/${id}/coreferents/remove`, { user_id: cip2Id })).status()).toBe(200);
  expect(await total(W.cip2)).toBe(0);

  // The coordinator reassigns Camille's whole caseload to Claude in one action.
  expect((await apiCall(W.cip1, 'POST', '/api/v1/caseloads/reassign', { from: cip1Id, to: cip2Id })).status()).toBe(403);
  res = await apiCall(W.coord, 'POST', '/api/v1/caseloads/reassign', { from: cip1Id, to: cip2Id, note: 'Départ de Camille' });
  expect(res.status()).toBe(200);
  expect((await res.json()).moved).toBe(2);
  expect(await total(W.cip1)).toBe(0);
  expect(await total(W.cip2)).toBe(2);
  const after = (await (await apiCall(W.cip2, 'GET', `/api/v1/beneficiaries/${id}/history`)).json()).items;
  expect(after[0]).toMatchObject({ field: 'referent', old_value: 'Camille Un', new_value: 'Claude Deux', note: 'Départ de Camille' });
});
