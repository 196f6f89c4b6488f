// The generated authorization matrix (SR 32–33): 2 structures × every role × every route ×
// own and foreign object ids, each cell checked against authz-table.mjs. The fixture builds
// both structures through the real flows (CLI bootstrap, invitations, TOTP enrolment).
import { test, expect, importReferentials } from '../support/jalon.mjs';
import { apiCall, bootstrapAdmin, inviteAndSetUp, newApi, postForm, sessionCsrf, csrfOf, userIdOf } from '../support/auth.mjs';
import { ROLES, TABLE } from './authz-table.mjs';

test.describe.configure({ mode: 'serial' });

let world;
const uniq = Date.now().toString(36);

async function buildStructure(jalon, tag) {
  const admin = await bootstrapAdmin(jalon, `admin-${tag}-${uniq}@test.example`, `Structure ${tag} ${uniq}`);
  const users = { structure_admin: admin };
  for (const role of ['counselor', 'coordinator', 'partner', 'funder']) {
    users[role] = await inviteAndSetUp(jalon, admin, { email: `${role}-${tag}-${uniq}@test.example`, name: `${role} ${tag}`, role });
  }
  // A user who is never signed in: the target of disable/enable.
  const res = await postForm(admin.api, '/admin/utilisateurs/inviter',
    { email: `target-${tag}-${uniq}@test.example`, display_name: `Cible ${tag}`, role: 'counselor' });
  expect(res.status()).toBe(303);
  const list = await (await admin.api.get('/admin/utilisateurs')).text();
  const targetId = list.match(new RegExp(`href="/admin/utilisateurs/([a-z0-9]{26})">Cible ${tag}<`))[1];
  expect((await postForm(admin.api, '/admin/equipes', { name: `Équipe ${tag}` })).status()).toBe(303);
  const teams = await (await admin.api.get('/admin/equipes')).text();
  const teamId = teams.match(/action="\/admin\/equipes\/([a-z0-9]{26})"/)[1];
  // Health module on, and one beneficiary in the counselor's caseload.
  expect((await postForm(admin.api, '/admin/structure', { name: `Structure ${tag} ${uniq}`, kind: 'aci', health_module: '1' })).status()).toBe(303);
  const beneficiary = await createBeneficiary(users.counselor.api, await userIdOf(users.counselor.api), tag);
  const pathway = await createPathway(users.counselor.api, beneficiary);
  const territories = await createTerritories(users, tag);
  const documents = await createDocuments(users.counselor, beneficiary);
  const employers = await createEmployers(users.counselor, beneficiary, tag);
  const workshops = await createWorkshop(users.counselor, beneficiary);
  return {
    users,
    objects: {
      beneficiary,
      user: await userIdOf(users.counselor.api),
      target: targetId,
      team: teamId,
      journal: `user/${await userIdOf(users.counselor.api)}`,
      ...pathway,
      ...territories,
      ...documents,
      ...employers,
      ...workshops,
      rome: 'K1302',
      commune: '38563',
    },
  };
}

export async function createBeneficiary(api, referentId, tag) {
  const res = await postForm(api, '/beneficiaires/nouveau', {
    civility: 'mme', last_name: `Testeuse${tag}`, first_name: 'Alix', birth_date: '1990-04-12',
    prescriber_kind: 'france_travail', entry_date: '2026-01-05', scheme: 'iae',
    referent_id: referentId, notice_version: '2026-01',
  });
  expect(res.status(), await res.text()).toBe(303);
  return res.headers().location.match(/\/beneficiaires\/([a-z0-9]{26})/)[1];
}

// Counselor A's pathway objects: an appointment to come, a draft report of an attended one,
// and two agenda feeds (one read by the matrix, one it revokes).
async function createPathway(api, beneficiaryId) {
  const actor = { api };
  const schedule = async (date) => {
    const res = await apiCall(actor, 'POST', `/api/v1/beneficiaries/${beneficiaryId}/appointments`,
      { date, time: '10:00', duration_min: 45, kind: 'suivi', mode: 'sur_place', place: 'Salle 1' });
    expect(res.status(), await res.text()).toBe(201);
    return (await res.json()).id;
  };
  const day = (offset) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const appointment = await schedule(day(20));
  const held = await schedule(day(-5));
  expect((await apiCall(actor, 'POST', `/api/v1/appointments/${held}/status`, { status: 'honore' })).status()).toBe(200);
  const report = await apiCall(actor, 'POST', `/api/v1/appointments/${held}/report`, {});
  expect(report.status()).toBe(201);
  const feed = async (label) => {
    const res = await postForm(api, '/agenda/flux', { label });
    expect(res.status()).toBe(200);
    const html = await res.text();
    return { token: html.match(/\/agenda\/flux\/([A-Za-z0-9_-]{40,})"/)[1], ids: [...html.matchAll(/action="\/agenda\/flux\/([a-z0-9]{26})\/revoquer"/g)].map((m) => m[1]) };
  };
  const read = await feed('lu par la matrice');
  const revoked = await feed('révoqué par la matrice');
  const feedref = revoked.ids.find((id) => !read.ids.includes(id));
  // A contract, an objective with an action, and a referral (part B).
  const made = async (path, body) => {
    const res = await apiCall(actor, 'POST', `/api/v1/beneficiaries/${beneficiaryId}/${path}`, body);
    expect(res.status(), await res.text()).toBe(201);
    return (await res.json()).id;
  };
  const contract = await made('contracts', { kind: 'cer', status: 'en_preparation', starts_on: day(1), ends_on: day(200) });
  const objective = await made('objectives', { code: 'mo_permis', status: 'en_cours', contract_id: contract });
  const action = await made('actions', { code: 'mo_auto_ecole', status: 'prevu', objective_id: objective });
  const referral = await made('referrals', { partner: 'PLIE', reason: 'Accompagnement renforcé', status: 'en_cours' });
  const organisation = await apiCall(actor, 'POST', '/api/v1/partners/organisations', { name: 'CCAS de la matrice', kind: 'ccas' });
  expect(organisation.status(), await organisation.text()).toBe(201);
  return { appointment, report: (await report.json()).id, feed: read.token, feedref, contract, objective, action, referral,
    organisation: (await organisation.json()).id };
}

// A workshop template and one of its sessions (issue 16).
async function createWorkshop(counselor, beneficiary) {
  const t = await apiCall(counselor, 'POST', '/api/v1/workshops', {
    title: 'Atelier de la matrice', themes: ['numerique'], duration_min: 60, capacity_max: 8,
    objectives: [{ label: 'Créer une adresse e-mail', skill: 'Utiliser une messagerie' }],
    steps: [{ label: 'Accueil', duration_min: 10 }, { label: 'Pratique', duration_min: 50 }],
  });
  expect(t.status(), await t.text()).toBe(201);
  const workshop = (await t.json()).id;
  const day = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
  const s = await apiCall(counselor, 'POST', `/api/v1/workshops/${workshop}/sessions`,
    { date: day, time: '14:00', duration_min: 60, mode: 'sur_place', place: 'Salle 1', capacity: 8 });
  expect(s.status(), await s.text()).toBe(201);
  const workshop_session = (await s.json()).id;
  const e = await apiCall(counselor, 'POST', `/api/v1/workshop-sessions/${workshop_session}/enrolments`, { beneficiary_ids: [beneficiary] });
  expect(e.status(), await e.text()).toBe(200);
  const read = await apiCall(counselor, 'GET', `/api/v1/workshop-sessions/${workshop_session}`);
  const workshop_participation = (await read.json()).participants[0].id;
  return { workshop, workshop_session, workshop_participation };
}

// A territory read and changed by the matrix, and one per role for each kind of deletion.
async function createTerritories(users, tag) {
  const make = async (name) => {
    const res = await apiCall(users.counselor, 'POST', '/api/v1/territories', { name: `${name} ${tag}`, kind: 'communes', communes: ['38563', '38239'] });
    expect(res.status(), await res.text()).toBe(201);
    return (await res.json()).id;
  };
  const perRole = async (what) => {
    const ids = {};
    for (const role of ['counselor', 'coordinator', 'structure_admin']) ids[role] = await make(`${what} ${role}`);
    return { ...ids, default: ids.counselor };
  };
  const territory = await make('Lu par la matrice');
  const note = await postForm(users.counselor.api, `/territoires/${territory}/notes`, { title: `Note ${tag}` });
  expect(note.status(), await note.text()).toBe(303);
  return {
    territory,
    note: note.headers().location.match(/notes-territoriales\/([a-z0-9]{26})/)[1],
    territory_page_delete: await perRole('Supprimé (page)'),
    territory_api_delete: await perRole('Supprimé (API)'),
  };
}

// A document read by the matrix, and one per role for each kind of deletion.
async function createDocuments(counselor, beneficiary) {
  const csrf = await sessionCsrf(counselor.api);
  const upload = async (label) => {
    const res = await counselor.api.post(`/api/v1/beneficiaries/${beneficiary}/documents`, {
      headers: { 'x-csrf-token': csrf },
      multipart: { kind: 'cv', label, file: { name: 'cv.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n% matrice\n') } },
    });
    expect(res.status(), await res.text()).toBe(201);
    return (await res.json()).id;
  };
  const perRole = async (what) => {
    const ids = {};
    for (const role of ['counselor', 'coordinator', 'structure_admin']) ids[role] = await upload(`${what} ${role}`);
    return { ...ids, default: ids.counselor };
  };
  return {
    document: await upload('Lu par la matrice'),
    document_page_delete: await perRole('Supprimé (page)'),
    document_api_delete: await perRole('Supprimé (API)'),
  };
}

// 13 digits and the Luhn key that makes them a valid SIRET.
export function luhnSiret(stem) {
  for (let k = 0; k < 10; k++) {
    const s = stem + k;
    let sum = 0;
    for (let i = 0; i < 14; i++) {
      let d = Number(s[i]);
      if (i % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
      sum += d;
    }
    if (sum % 10 === 0) return s;
  }
  throw new Error('no key');
}

// An employer of the directory (a Luhn-valid SIRET per structure) and an application to it.
async function createEmployers(counselor, beneficiary, tag) {
  const siret = luhnSiret(`${Date.now()}`.slice(-12) + (tag === 'A' ? '1' : '2'));
  const made = await apiCall(counselor, 'POST', '/api/v1/employers', { siret, name: `Employeur ${tag}` });
  expect(made.status(), await made.text()).toBe(201);
  const employer = (await made.json()).id;
  const app = await apiCall(counselor, 'POST', `/api/v1/beneficiaries/${beneficiary}/applications`, { employer_id: employer, job: 'Agent·e de propreté' });
  expect(app.status(), await app.text()).toBe(201);
  const ref = `M${tag}${uniq}`.slice(0, 20);
  const imported = await apiCall(counselor, 'POST', '/api/v1/offers/imports', { resultats: [
    { id: ref, intitule: `Agent·e de propreté ${ref}`, romeCode: 'K2204', typeContrat: 'CDD', dateCreation: '2026-11-02T09:00:00+01:00' }] });
  expect(imported.status(), await imported.text()).toBe(200);
  const offer = (await (await apiCall(counselor, 'GET', `/api/v1/offers?q=${ref}`)).json()).items[0].id;
  const days = { monday: '09:00-12:00 13:00-17:00', tuesday: '09:00-12:00 13:00-17:00' };
  const imm = await apiCall(counselor, 'POST', `/api/v1/beneficiaries/${beneficiary}/immersions`, {
    employer_id: employer, objective: 'decouvrir', job_label: 'Agent·e de propreté', tutor_name: 'Tuteur Test',
    starts_on: '2030-01-07', ends_on: '2030-01-18', tasks: 'Entretien des locaux', ...days });
  expect(imm.status(), await imm.text()).toBe(201);
  return { employer, application: (await app.json()).id, offer, immersion: (await imm.json()).id };
}

function classify(res) {
  const s = res.status();
  const loc = res.headers().location || '';
  // The pipeline sends unauthenticated browsers to /connexion (with the page asked for in
  // `retour`); a throttled login (429) also leaves the caller signed out.
  const toLogin = loc === '/connexion' || loc.startsWith('/connexion?retour=');
  if (s === 401 || s === 429 || ((s === 302 || s === 303) && toLogin)) return 'L';
  if (s === 403) return 'F';
  if (s === 404) return 'N';
  return 'A';
}

test('the route table and the authorization matrix cover the same routes', async ({ request }) => {
  const served = (await (await request.get('/__test/routes')).json())
    .filter((r) => !r.pattern.startsWith('/__test/')).map((r) => `${r.method} ${r.pattern}`).sort();
  const tabled = TABLE.map(([m, p]) => `${m} ${p}`).sort();
  expect(tabled).toEqual(served);
});

test('authorization matrix: every role × route × own/foreign object', async ({ jalon }) => {
  test.setTimeout(480_000);
  importReferentials(jalon, ['communes', 'rome']);
  const A = await buildStructure(jalon, 'A');
  const B = await buildStructure(jalon, 'B');
  const platform = await bootstrapAdmin(jalon, `platform-${uniq}@test.example`, '');
  const actors = { anonymous: { api: await newApi(jalon.url) }, ...A.users, platform_admin: platform };
  // A session id of another user (B's counselor): nobody else may end it.
  const bAccount = await (await B.users.counselor.api.get('/compte')).text();
  const foreignSession = (bAccount.match(/action="\/compte\/sessions\/([a-z0-9]{26})\/fin"/) || [])[1] || '0123456789abcdefghjkmnpqrs';
  const failures = [];
  let cells = 0;
  for (const [ri, role] of ROLES.entries()) {
    const actor = actors[role];
    const csrf = role === 'anonymous' ? await csrfOf(actor.api) : await sessionCsrf(actor.api);
    for (const [method, pattern, object, own, foreign] of TABLE) {
      const variants = object ? [['own', own], ['foreign', foreign]] : [['-', own]];
      for (const [which, expected] of variants) {
        let id = '0123456789abcdefghjkmnpqrs';
        if (object === 'session') id = foreignSession;
        else if (object) id = (which === 'own' ? A : B).objects[object];
        if (id && typeof id === 'object') id = id[role] ?? id.default;
        let path = pattern.replace('{path...}', 'css/jalon.css');
        path = object === 'journal' ? path.replace('{type}/{id}', id) : path.replace(/\{(id|token|code)\}/, id);
        const res = await actor.api.fetch(path, { method, form: method === 'GET' ? undefined : { csrf }, maxRedirects: 0 });
        const got = classify(res);
        cells++;
        if (got !== expected[ri]) {
          failures.push(`${role} ${method} ${pattern} (${which}): expected ${expected[ri]}, got ${got} (${res.status()} ${res.headers().location || ''})`);
        }
      }
    }
  }
  console.log(`authorization matrix: ${TABLE.length} routes × ${ROLES.length} roles, ${cells} cells`);
  expect(failures).toEqual([]);
});
