// Contracts, objectives, actions, referrals, timeline and dashboard over HTTP, on both
// engines: bad input named by field (422 in the API, inline errors in the forms) changing
// nothing, scoping (another counselor's or structure's objects are not found), the renewal
// alert, overdue actions, the printable contract, the timeline filter, the counselor's home
// dashboard and the audit trail.
import { test, expect } from '../support/jalon.mjs';
import { apiCall, bootstrapAdmin, inviteAndSetUp, postForm, sessionCsrf } from '../support/auth.mjs';
import { sql } from '../support/sql.mjs';

test.describe.configure({ mode: 'serial' });
let W;
const uniq = Date.now().toString(36);
const api = apiCall;
const parisDay = (offset = 0) => new Date(Date.now() + offset * 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' });
const french = (iso) => iso.split('-').reverse().join('/');

async function made(actor, path, body, status = 201) {
  const res = await api(actor, 'POST', path, body);
  expect(res.status(), await res.text()).toBe(status);
  return res.json();
}

test.beforeAll(async ({ jalon }) => {
  const admin = await bootstrapAdmin(jalon, `adm-p-${uniq}@test.example`, `ACI P ${uniq}`);
  const cip1 = await inviteAndSetUp(jalon, admin, { email: `cip1-p-${uniq}@test.example`, name: 'Camille Un', role: 'counselor' });
  const cip2 = await inviteAndSetUp(jalon, admin, { email: `cip2-p-${uniq}@test.example`, name: 'Claude Deux', role: 'counselor' });
  const coord = await inviteAndSetUp(jalon, admin, { email: `coord-p-${uniq}@test.example`, name: 'Coord P', role: 'coordinator' });
  const adminB = await bootstrapAdmin(jalon, `adm-pb-${uniq}@test.example`, `ACI PB ${uniq}`);
  const cipB = await inviteAndSetUp(jalon, adminB, { email: `cipb-p-${uniq}@test.example`, name: 'Cip B', role: 'counselor' });
  W = { admin, cip1, cip2, coord, cipB };
  W.alix = (await made(cip1, '/api/v1/beneficiaries', {
    civility: 'mme', first_name: 'Alix', last_name: `Morel${uniq}`, birth_date: '1988-03-14', prescriber_kind: 'france_travail',
    entry_date: '2026-02-02', scheme: 'iae', information_notice_version: '2026-01',
  })).id;
  await made(cip1, `/api/v1/beneficiaries/${W.alix}/diagnoses`, { made_on: parisDay(-10), items: [
    { theme: 'mobilite', item: 'mo_aucun', kind: 'barrier', severity: 3 }] });
});

test('contracts: renewal alert, field errors that change nothing, printable with its objectives', async ({ jalon }) => {
  const before = sql(jalon, 'SELECT COUNT(*) FROM contracts')[0][0];
  for (const [body, field, words] of [
    [{ kind: 'aucun' }, 'kind', 'type de contrat'],
    [{ kind: 'autre' }, 'kind_detail', 'Précisez'],
    [{ status: 'signe' }, 'status', 'statut du contrat'],
    [{ ends_on: parisDay(-200) }, 'ends_on', 'postérieure à la date de début'],
    [{ signed_on: '' }, 'signed_on', 'date de signature'],
    [{ starts_on: '2026-02-30' }, 'starts_on', "n'existe pas"],
  ]) {
    const res = await api(W.cip1, 'POST', `/api/v1/beneficiaries/${W.alix}/contracts`,
      { kind: 'cer', status: 'en_cours', signed_on: parisDay(-100), starts_on: parisDay(-90), ends_on: parisDay(20), ...body });
    expect(res.status(), JSON.stringify(body)).toBe(422);
    const err = await res.json();
    expect(err.field, JSON.stringify(body)).toBe(field);
    expect(err.detail).toContain(words);
  }
  expect(sql(jalon, 'SELECT COUNT(*) FROM contracts')[0][0]).toBe(before);
  // The form shows the error inline and keeps the values.
  const page = await postForm(W.cip1.api, `/beneficiaires/${W.alix}/contrats/nouveau`,
    { kind: 'cer', status: 'en_cours', signed_on: '', starts_on: parisDay(-90), ends_on: parisDay(20) });
  expect(page.status()).toBe(422);
  const html = await page.text();
  expect(html).toContain('<p class="field-error" id="signed_on-error">Erreur : Indiquez la date de signature');
  expect(html).toContain(`value="${parisDay(20)}"`);
  expect(html).toContain('<a href="#signed_on">');

  const c = await made(W.cip1, `/api/v1/beneficiaries/${W.alix}/contracts`,
    { kind: 'cer', status: 'en_cours', signed_on: parisDay(-100), starts_on: parisDay(-90), ends_on: parisDay(20) });
  expect([c.renewal, c.days_left]).toEqual(['soon', 20]);
  W.contract = c.id;
  const ended = await made(W.cip1, `/api/v1/beneficiaries/${W.alix}/contracts`,
    { kind: 'autre', kind_detail: 'Contrat de parcours PLIE', status: 'en_cours', signed_on: parisDay(-400), starts_on: parisDay(-400), ends_on: parisDay(-3) });
  expect(ended.renewal).toBe('passed');
  const closed = await api(W.cip1, 'PATCH', `/api/v1/contracts/${ended.id}`, { status: 'termine' });
  expect(closed.status()).toBe(200);
  expect((await closed.json()).renewal).toBe('none');

  const tab = await (await W.cip1.api.get(`/beneficiaires/${W.alix}/parcours`)).text();
  expect(tab).toContain('À renouveler : fin dans 20 jours');
  expect(tab).toContain('Contrat de parcours PLIE');
  await made(W.cip1, `/api/v1/beneficiaries/${W.alix}/objectives`, { code: 'mo_permis', status: 'en_cours', contract_id: c.id, barrier: 'mo_aucun' });
  const printable = await (await W.cip1.api.get(`/contrats/${c.id}`)).text();
  expect(printable).toContain('engagement réciproque)</h2>');
  expect(printable).toContain('<td>Obtenir le permis</td>');
  expect(printable).toContain(`Alix Morel${uniq}`);
  expect(printable).toContain('Date et signature');
  expect(printable).toContain('se termine dans 20 jours');
  // Printed by the coordinator, the signature block still names the person's référent.
  const byCoordinator = await (await W.coord.api.get(`/contrats/${c.id}`)).text();
  const signatures = byCoordinator.match(/<div class="grid-2 signatures">[\s\S]*?<\/div>/)[0];
  expect(signatures).toContain('Le ou la conseiller·ère<br>Camille Un<br>');
  expect(signatures).not.toContain('Coord P');
  // Closing a contract in progress hands the person's contract kind to the one still running.
  expect(sql(jalon, `SELECT contract_kind FROM beneficiaries WHERE id = '${W.alix}'`)[0][0]).toBe('cer');
});

test('objectives and actions: catalogue or free text, the current barrier, overdue flagged', async ({ jalon }) => {
  const o = await made(W.cip1, `/api/v1/beneficiaries/${W.alix}/objectives`,
    { label: 'Reprendre confiance', theme: 'choisir_un_metier', status: 'en_cours', partner: 'Psychologue du CCAS' });
  expect([o.code, o.label, o.theme, o.contract_id]).toEqual([null, 'Reprendre confiance', 'choisir_un_metier', null]);
  const before = sql(jalon, 'SELECT COUNT(*) FROM pathway_actions')[0][0];
  for (const [body, field] of [
    [{ code: 'xx' }, 'code'], [{ code: '' }, 'label'], [{ status: 'termine' }, 'status'],
    [{ due_on: '31/12/2026' }, 'due_on'], [{ barrier: 'lo_tiers' }, 'barrier'], [{ objective_id: '' }, 'objective_id'],
  ]) {
    const res = await api(W.cip1, 'POST', `/api/v1/beneficiaries/${W.alix}/actions`,
      { code: 'mo_auto_ecole', status: 'prevu', objective_id: o.id, ...body });
    expect(res.status(), JSON.stringify(body)).toBe(422);
    expect((await res.json()).field, JSON.stringify(body)).toBe(field);
  }
  expect(sql(jalon, 'SELECT COUNT(*) FROM pathway_actions')[0][0]).toBe(before);
  const late = await made(W.cip1, `/api/v1/beneficiaries/${W.alix}/actions`,
    { code: 'mo_auto_ecole', status: 'en_cours', due_on: parisDay(-2), barrier: 'mo_aucun', partner: 'Auto-école solidaire', objective_id: o.id });
  expect([late.label, late.overdue, late.theme]).toEqual(['Inscription en auto-école', true, 'mobilite']);
  W.late = late.id;
  const tab = await (await W.cip1.api.get(`/beneficiaires/${W.alix}/parcours`)).text();
  expect(tab).toContain('1 action en retard : échéance passée');
  expect(tab).toContain('<span class="badge badge-error">En retard</span>');
  expect(tab).toContain('Aucun moyen de transport');
  // The form redisplays an error inline; the status change is on the timeline.
  const bad = await postForm(W.cip1.api, `/actions/${late.id}/modifier`, { code: '', label: '', status: 'realise' });
  expect(bad.status()).toBe(422);
  expect(await bad.text()).toContain('id="label-error">Erreur : Choisissez une action dans le catalogue ou écrivez-la');
  expect((await api(W.cip1, 'PATCH', `/api/v1/actions/${late.id}`, { status: 'realise' })).status()).toBe(200);
  const events = (await (await W.cip1.api.get(`/api/v1/beneficiaries/${W.alix}/timeline?kind=action`)).json()).items;
  expect(events[0].summary).toBe('Action « Inscription en auto-école » : En cours → Réalisé');
  expect((await api(W.cip1, 'PATCH', `/api/v1/actions/${late.id}`, { status: 'en_cours' })).status()).toBe(200);
});

test('referrals: answer required once decided, answer date kept, follow-up flagged', async () => {
  const r = await made(W.cip1, `/api/v1/beneficiaries/${W.alix}/referrals`,
    { partner: 'PLIE du Voironnais', service: 'Accueil', reason: 'Accompagnement renforcé vers l\'emploi', sent_on: parisDay(-10), follow_up_on: parisDay(-1) });
  expect([r.status, r.follow_up_due, r.answered_on]).toEqual(['en_cours', true, null]);
  W.referral = r.id;
  const refused = await api(W.cip1, 'PATCH', `/api/v1/referrals/${r.id}`, { status: 'refusee' });
  expect(refused.status()).toBe(422);
  expect((await refused.json()).field).toBe('answer');
  const page = await postForm(W.cip1.api, `/beneficiaires/${W.alix}/orientations/nouvelle`, { partner: '', reason: '', status: 'en_cours', sent_on: parisDay() });
  expect(page.status()).toBe(422);
  expect(await page.text()).toContain('id="partner-error">Erreur : Indiquez la structure ou le service');
  const list = await (await W.cip1.api.get(`/beneficiaires/${W.alix}/orientations`)).text();
  expect(list).toContain('<span class="badge badge-warning">À relancer</span>');
  expect(list).toContain('PLIE du Voironnais — Accueil');
});

test('scoping: another counselor or structure gets 404 on every pathway page and API', async () => {
  const o = (await (await W.cip1.api.get(`/api/v1/beneficiaries/${W.alix}/objectives`)).json()).items[0].id;
  const paths = [`/beneficiaires/${W.alix}/parcours`, `/beneficiaires/${W.alix}/contrats/nouveau`, `/contrats/${W.contract}`,
    `/contrats/${W.contract}/modifier`, `/beneficiaires/${W.alix}/objectifs/nouveau`, `/objectifs/${o}/modifier`,
    `/objectifs/${o}/actions/nouvelle`, `/actions/${W.late}/modifier`, `/beneficiaires/${W.alix}/orientations`,
    `/beneficiaires/${W.alix}/orientations/nouvelle`, `/orientations/${W.referral}/modifier`, `/beneficiaires/${W.alix}/historique`,
    `/api/v1/beneficiaries/${W.alix}/contracts`, `/api/v1/beneficiaries/${W.alix}/objectives`, `/api/v1/beneficiaries/${W.alix}/actions`,
    `/api/v1/beneficiaries/${W.alix}/referrals`, `/api/v1/beneficiaries/${W.alix}/timeline`];
  for (const p of paths) {
    expect((await W.cip1.api.get(p)).status(), p).toBe(200);
    expect((await W.coord.api.get(p)).status(), p).toBe(200);
    expect((await W.cip2.api.get(p)).status(), p).toBe(404);
    expect((await W.cipB.api.get(p)).status(), p).toBe(404);
  }
  for (const actor of [W.cip2, W.cipB]) {
    expect((await api(actor, 'PATCH', `/api/v1/contracts/${W.contract}`, { status: 'rompu' })).status()).toBe(404);
    expect((await api(actor, 'PATCH', `/api/v1/actions/${W.late}`, { status: 'annule' })).status()).toBe(404);
    expect((await api(actor, 'PATCH', `/api/v1/referrals/${W.referral}`, { status: 'expiree' })).status()).toBe(404);
    expect((await api(actor, 'POST', `/api/v1/beneficiaries/${W.alix}/objectives`, { code: 'mo_permis' })).status()).toBe(404);
    expect((await postForm(actor.api, `/contrats/${W.contract}/modifier`, { kind: 'cer', status: 'rompu' })).status()).toBe(404);
    expect((await postForm(actor.api, `/objectifs/${o}/actions/nouvelle`, { code: 'mo_cheques', status: 'prevu' })).status()).toBe(404);
  }
  const c = (await (await W.cip1.api.get(`/api/v1/beneficiaries/${W.alix}/contracts`)).json()).items.find((x) => x.id === W.contract);
  expect(c.status).toBe('en_cours');
});

test('timeline: every kind in order, filtered by kind; the home dashboard lists what needs the counselor', async ({ jalon }) => {
  const all = await (await W.cip1.api.get(`/beneficiaires/${W.alix}/historique`)).text();
  for (const words of ['Contrat ajouté : CER', 'Objectif ajouté : Obtenir le permis', 'Orientation vers PLIE du Voironnais', 'Diagnostic du']) {
    expect(all).toContain(words);
  }
  const filtered = await (await W.cip1.api.get(`/beneficiaires/${W.alix}/historique?type=orientation`)).text();
  expect(filtered).toContain('Orientation vers PLIE du Voironnais');
  expect(filtered).not.toContain('Contrat ajouté');
  expect(filtered).toContain('<option value="orientation" selected>Orientations</option>');
  const items = (await (await W.cip1.api.get(`/api/v1/beneficiaries/${W.alix}/timeline`)).json()).items;
  const times = items.map((e) => e.at);
  expect([...times].sort().reverse()).toEqual(times);

  const home = await (await W.cip1.api.get('/')).text();
  expect(home).toContain('Actions en retard (1)');
  expect(home).toContain(`href="/actions/${W.late}/modifier">Inscription en auto-école</a>`);
  expect(home).toContain('Contrats à renouveler (1)');
  expect(home).toContain(`se termine le ${french(parisDay(20))}`);
  expect(home).toContain('Orientations à relancer (1)');
  expect(home).toContain('Comptes rendus en brouillon (0)');
  const other = await (await W.cip2.api.get('/')).text();
  expect(other).toContain('Actions en retard (0)');
  expect(other).not.toContain(`Morel${uniq}`);
  const foreign = await (await W.cipB.api.get('/')).text();
  expect(foreign).not.toContain(`Morel${uniq}`);

  await W.cip1.api.post('/__test/audit/flush', { form: { csrf: await sessionCsrf(W.cip1.api) } });
  const count = (q) => Number(sql(jalon, q)[0][0]);
  expect(count(`SELECT COUNT(*) FROM audit_log WHERE object_type = 'contract' AND object_id = '${W.contract}' AND action = 'create' AND category = 'pathway'`)).toBe(1);
  expect(count(`SELECT COUNT(*) FROM audit_log WHERE object_type = 'action' AND object_id = '${W.late}' AND action = 'update'`)).toBe(2);
  expect(count(`SELECT COUNT(*) FROM audit_log WHERE object_type = 'referral' AND object_id = '${W.referral}' AND action IN ('create', 'read')`)).toBeGreaterThan(1);
  expect(count(`SELECT COUNT(*) FROM audit_log WHERE object_type = 'beneficiary' AND object_id = '${W.alix}' AND details = 'section=timeline'`)).toBeGreaterThan(0);
  expect(count("SELECT COUNT(*) FROM audit_log WHERE object_type = 'dashboard' AND action = 'read'")).toBeGreaterThan(0);
});
