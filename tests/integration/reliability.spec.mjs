// Reliability drills (issue 23, SR 52–55), on both engines, against one store of this spec's own:
// - crash: 20 rounds of writers + SIGKILL of `jalon serve` at a random instant (0–500 ms after
//   the round's first acknowledged write); after each, SQLite passes integrity_check and
//   foreign_key_check and every write that got its 201 is there, identical; `jalon check` on the
//   final store (tests/soak/crash.sh runs 200 rounds);
// - faults: the Nth statement of a multi-step write fails (disk full, busy, I/O error): the page
//   answers 503 and no table changed; the same write then succeeds;
// - concurrency: 16 writers on the same records get success or 409, never a lost update;
// - backup and restore: `jalon backup` while the server runs, `jalon restore` into an empty
//   directory (and database), same per-table row hashes, and the restored server serves the
//   uploaded document.
import { test, expect } from '@playwright/test';
import { createStore, startServer, runJalon } from '../support/jalon.mjs';
import { bootstrapAdmin, inviteAndSetUp, sessionCsrf } from '../support/auth.mjs';
import { sql } from '../support/sql.mjs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';

test.describe.configure({ mode: 'serial' });
const engineOf = () => test.info().project.name;
const uniq = Date.now().toString(36);
const ROUNDS = Number(process.env.JALON_CRASH_ROUNDS || 20);

let store;
let server;
let cip;       // the counselor: { api, ... }
let auth;      // { cookie, csrf } for plain fetch() calls, valid across restarts (server sessions)

// A small seeded generator: a failing round can be replayed with JALON_CRASH_SEED.
function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function storeArgs() {
  return ['--data-dir', store.dataDir, ...(store.databaseUrl ? ['--database', store.databaseUrl] : [])];
}

async function authOf(actor) {
  const state = await actor.api.storageState();
  const cookie = state.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  return { cookie, csrf: await sessionCsrf(actor.api) };
}

async function call(method, path, body, url = server.url) {
  return fetch(`${url}${path}`, {
    method,
    headers: { cookie: auth.cookie, 'x-csrf-token': auth.csrf, 'content-type': 'application/json', accept: 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

const person = (last, first) => ({
  civility: 'mme', first_name: first, last_name: last, birth_date: '1984-06-21',
  prescriber_kind: 'france_travail', entry_date: '2026-02-02', scheme: 'iae', information_notice_version: '2026-01',
});

test.beforeAll(async () => {
  test.setTimeout(120_000);
  store = createStore(engineOf());
  server = await startServer(store, ['--no-jobs']);
  const jalon = { url: server.url, store };
  const admin = await bootstrapAdmin(jalon, `adm-rel-${uniq}@test.example`, `ACI fiabilité ${uniq}`);
  cip = await inviteAndSetUp(jalon, admin, { email: `cip-rel-${uniq}@test.example`, name: 'Cip Fiable', role: 'counselor' });
  auth = await authOf(cip);
});

test.afterAll(async () => {
  if (server) await server.stop();
  store?.cleanup();
});

test(`crash: ${ROUNDS} SIGKILLs during writes lose no acknowledged write and leave an intact store`, async () => {
  // 30 s a round at most: on PostgreSQL each restart reconnects and migrates a fresh pool, and the
  // full suite (two workers on 2 cores) took 5.8 min for 20 rounds once.
  test.setTimeout(Math.max(180_000, ROUNDS * 30_000));
  const seed = Number(process.env.JALON_CRASH_SEED || Date.now() % 1_000_000);
  const random = rng(seed);
  const acked = new Map();  // last_name -> { id, first }
  let attempted = 0;
  for (let round = 1; round <= ROUNDS; round++) {
    if (round > 1) server = await startServer(store, ['--no-jobs']);
    const victim = server;
    let killed = false;
    let acknowledged;
    const firstAck = new Promise((ok) => { acknowledged = ok; });
    // Four writers, each creating people until the server dies.
    const writer = async (w) => {
      for (let n = 0; !killed; n++) {
        const last = `Crash${uniq}r${round}w${w}n${n}`;
        const first = `Prénom-${round}-${w}-${n}`;
        attempted++;
        try {
          const res = await call('POST', '/api/v1/beneficiaries', person(last, first), victim.url);
          if (res.status === 201) {
            acked.set(last, { id: (await res.json()).id, first });
            acknowledged();
          }
          else if (!killed) expect(res.status, `write answered ${res.status}: ${await res.text()}`).toBe(201);
        } catch {
          if (!killed) throw new Error(`seed ${seed} round ${round}: a write failed before the kill`);
        }
      }
    };
    // The kill comes 0–500 ms after the round's first acknowledged write (a loaded machine may
    // take longer than that to answer the first one), with writes in flight.
    const delay = Math.floor(random() * 500);
    const writers = [0, 1, 2, 3].map(writer);
    await firstAck;
    await new Promise((ok) => setTimeout(ok, delay));
    killed = true;
    victim.proc.kill('SIGKILL');
    expect((await victim.exited).signal).toBe('SIGKILL');
    await Promise.all(writers);
    // The store after the crash: SQLite's integrity checks (PostgreSQL, whose server was not
    // killed, enforces its own), then every acknowledged write. `jalon check` runs at the end.
    if (!store.databaseUrl) {
      expect(sql({ store }, 'PRAGMA integrity_check'), `seed ${seed} round ${round}`).toEqual([['ok']]);
      expect(sql({ store }, 'PRAGMA foreign_key_check'), `seed ${seed} round ${round}`).toEqual([]);
    }
    const rows = new Map(sql({ store }, `SELECT last_name, id, first_name, birth_date FROM beneficiaries WHERE last_name LIKE 'Crash${uniq}%'`)
      .map(([last, id, first, birth]) => [last, { id, first, birth }]));
    for (const [last, want] of acked) {
      const got = rows.get(last);
      expect(got, `seed ${seed} round ${round}: acknowledged ${last} lost`).toBeTruthy();
      expect(got).toEqual({ id: want.id, first: want.first, birth: '1984-06-21' });
    }
  }
  const check = runJalon(['check', ...storeArgs()]);
  expect(check.stdout, 'jalon check after the last crash').toMatch(/\nOK\n$/);
  expect(check.code).toBe(0);
  server = await startServer(store, ['--no-jobs']);
  expect(acked.size).toBeGreaterThanOrEqual(ROUNDS);  // every round had acknowledged writes
  console.log(`crash drill (${engineOf()}, seed ${seed}): ${ROUNDS} rounds, ${attempted} writes sent, ${acked.size} acknowledged and checked after every round`);
});

// ---- faults -----------------------------------------------------------------------------------

// Tables written beside any request (the audit writer, the session clock): left out of the
// "nothing changed" comparison.
const BESIDE = /^(audit|sessions)/;

async function tableHashes() {
  const all = await (await fetch(`${server.url}/__test/table-hashes`)).json();
  return Object.fromEntries(Object.entries(all).filter(([t]) => !BESIDE.test(t)));
}

async function faults(form) {
  const res = await cip.api.post(`${server.url}/__test/faults`, { form: { ...form, csrf: auth.csrf } });
  expect(res.status()).toBe(200);
  return res.json();
}

function uploadedFiles() {
  try {
    return execFileSync('find', [join(store.dataDir, 'uploads'), '-type', 'f'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).split('\n').filter(Boolean).sort();
  } catch { return []; }
}

// Fails statement 1, 2, 3… of `write` (disk full, busy, I/O error in turn) until it runs to the
// end: every failed attempt answers 503 and changes no table and no upload. Returns the
// number of statements the write has.
async function provesAtomic(label, write, succeeded) {
  const kinds = ['full', 'busy', 'io'];
  for (let nth = 1; nth <= 60; nth++) {
    const before = await tableHashes();
    const files = uploadedFiles();
    const { injected } = await faults({ kind: kinds[nth % 3], nth: String(nth) });
    const res = await write();
    const after = await (await fetch(`${server.url}/__test/faults`)).json();
    if (after.injected === injected) {  // the write has fewer statements than nth: it went through
      await faults({ kind: 'off' });
      await succeeded(res);
      return nth - 1;
    }
    expect(res.status, `${label}: statement ${nth} failed (${kinds[nth % 3]})`).toBe(503);
    expect(await tableHashes(), `${label}: statement ${nth} failed, tables unchanged`).toEqual(before);
    expect(uploadedFiles(), `${label}: statement ${nth} failed, uploads unchanged`).toEqual(files);
  }
  throw new Error(`${label}: more than 60 statements`);
}

test('faults: each multi-step write answers 503 with nothing half-written when any of its statements fails, then succeeds', async () => {
  test.setTimeout(180_000);
  const steps = {};
  let id;
  steps.creation = await provesAtomic('creation', () => call('POST', '/api/v1/beneficiaries', person(`Panne${uniq}`, 'Dominique')),
    async (res) => {
      expect(res.status).toBe(201);
      id = (await res.json()).id;
    });
  steps.upload = await provesAtomic('document upload', async () => {
    const form = new FormData();
    form.set('kind', 'justificatif');
    form.set('label', 'Attestation');
    form.set('file', new Blob(['%PDF-1.4\nfiabilité\n'], { type: 'application/pdf' }), 'attestation.pdf');
    return fetch(`${server.url}/api/v1/beneficiaries/${id}/documents`,
      { method: 'POST', headers: { cookie: auth.cookie, 'x-csrf-token': auth.csrf, accept: 'application/json' }, body: form });
  }, async (res) => expect(res.status, await res.text()).toBe(201));
  steps.edit = await provesAtomic('identity edit (page)', async () => {
    const res = await cip.api.post(`${server.url}/beneficiaires/${id}/modifier`, {
      form: { civility: 'mme', last_name: `Panne${uniq}`, first_name: 'Dominique-Anne', birth_date: '1984-06-21', version: '0', csrf: auth.csrf },
      maxRedirects: 0,
    });
    const body = await res.text();
    if (res.status() === 503) expect(body).toContain('Service momentanément indisponible');
    return { status: res.status() };
  }, async (res) => expect(res.status).toBe(303));
  steps.exit = await provesAtomic('exit', () => call('POST', `/api/v1/beneficiaries/${id}/status`,
    { status: 'sorti', reason: 'emploi_durable', on: new Date().toISOString().slice(0, 10), note: 'CDI signé' }),
  async (res) => expect(res.status, await res.text()).toBe(200));
  // Each of them has several statements: the faults above hit every one.
  for (const [write, n] of Object.entries(steps)) expect(n, write).toBeGreaterThan(2);
  const row = sql({ store }, `SELECT first_name, status, exit_reason FROM beneficiaries WHERE id = '${id}'`);
  expect(row).toEqual([['Dominique-Anne', 'sorti', 'emploi_durable']]);
  console.log(`fault drill (${engineOf()}): statements per write ${JSON.stringify(steps)}`);
});

// ---- concurrency ------------------------------------------------------------------------------

test('concurrency: 16 writers on the same people get success or 409, never a lost update', async () => {
  test.setTimeout(120_000);
  const people = [];
  for (let p = 0; p < 4; p++) {
    const res = await call('POST', '/api/v1/beneficiaries', person(`Concur${uniq}p${p}`, 'Initiale'));
    expect(res.status).toBe(201);
    people.push((await res.json()).id);
  }
  const versionOf = async (id) => {
    const html = await (await fetch(`${server.url}/beneficiaires/${id}/modifier`, { headers: { cookie: auth.cookie } })).text();
    return Number(html.match(/name="version" value="(\d+)"/)[1]);
  };
  const initial = {};
  for (const id of people) initial[id] = await versionOf(id);
  // Writer w updates person w % 4 five times, each time from the version it has just read.
  const outcomes = [];
  await Promise.all([...Array(16).keys()].map(async (w) => {
    const id = people[w % 4];
    for (let k = 0; k < 5; k++) {
      const read = await versionOf(id);
      const value = `W${w}k${k}`;
      const res = await call('PATCH', `/api/v1/beneficiaries/${id}`, { first_name: value, version: read });
      outcomes.push({ id, read, value, status: res.status, body: await res.text() });
    }
  }));
  const unexpected = outcomes.filter((o) => o.status !== 200 && o.status !== 409);
  expect(unexpected, 'only success or conflict').toEqual([]);
  for (const o of outcomes.filter((x) => x.status === 409)) expect(o.body).toContain('modifié par quelqu');
  for (const id of people) {
    const wins = outcomes.filter((o) => o.id === id && o.status === 200).sort((a, b) => a.read - b.read);
    expect(wins.length, 'some writes won').toBeGreaterThan(0);
    // Each version was written over by one success at most: two successes from the same read
    // version would mean one overwrote the other unseen (a lost update).
    const reads = wins.map((o) => o.read);
    expect(new Set(reads).size, `${id}: successes from the same version ${reads}`).toBe(reads.length);
    // The stored value is the last winner's, and the history has one entry per success.
    const [[first]] = sql({ store }, `SELECT first_name FROM beneficiaries WHERE id = '${id}'`);
    expect(first).toBe(wins[wins.length - 1].value);
    const [[changes]] = sql({ store }, `SELECT COUNT(*) FROM beneficiary_changes WHERE beneficiary_id = '${id}' AND field = 'first_name'`);
    expect(Number(changes)).toBe(wins.length);
    expect(await versionOf(id)).toBeGreaterThan(initial[id]);
  }
  const ok = outcomes.filter((o) => o.status === 200).length;
  console.log(`concurrency (${engineOf()}): ${outcomes.length} writes, ${ok} succeeded, ${outcomes.length - ok} got 409`);
});

// ---- backup and restore -----------------------------------------------------------------------

test('backup and restore: an online backup restored into an empty directory has the same rows, and serves the document', async () => {
  test.setTimeout(120_000);
  // A document, so the archive carries an upload (the fault drill may have run, or not).
  const created = await call('POST', '/api/v1/beneficiaries', person(`Sauve${uniq}`, 'Camille'));
  expect(created.status).toBe(201);
  const personId = (await created.json()).id;
  const bytes = `%PDF-1.4\nsauvegardé ${uniq}\n`;
  const form = new FormData();
  form.set('kind', 'justificatif');
  form.set('file', new Blob([bytes], { type: 'application/pdf' }), 'bilan.pdf');
  const up = await fetch(`${server.url}/api/v1/beneficiaries/${personId}/documents`,
    { method: 'POST', headers: { cookie: auth.cookie, 'x-csrf-token': auth.csrf, accept: 'application/json' }, body: form });
  const upBody = await up.text();
  expect(up.status, upBody).toBe(201);
  const docId = JSON.parse(upBody).id;

  const out = mkdtempSync(join(tmpdir(), 'jalon-backups-'));
  const target = createStore(engineOf());
  let restored;
  try {
    const before = await tableHashes();
    const b = runJalon(['backup', ...storeArgs(), '--out', out]);  // the server keeps running
    expect(b.code, b.stderr).toBe(0);
    const archive = b.stdout.match(/Sauvegarde : (\S+\.tar)/)[1];
    const listing = execFileSync('tar', ['-tf', archive], { encoding: 'utf8' });
    for (const f of ['MANIFEST.sha256', 'INFO', 'TABLES', 'keys/secret.key', engineOf() === 'postgres' ? 'postgres.dump' : 'jalon.db']) {
      expect(listing).toContain(f);
    }
    const started = Date.now();
    const r = runJalon(['restore', archive, '--data-dir', target.dataDir, ...(target.databaseUrl ? ['--database', target.databaseUrl] : [])]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/lignes identiques à la sauvegarde/);
    const restoreMs = Date.now() - started;
    // A second restore into the same place is refused and changes nothing.
    const again = runJalon(['restore', archive, '--data-dir', target.dataDir, ...(target.databaseUrl ? ['--database', target.databaseUrl] : [])]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('empty');

    restored = await startServer(target, ['--no-jobs']);
    const after = Object.fromEntries(Object.entries(await (await fetch(`${restored.url}/__test/table-hashes`)).json())
      .filter(([t]) => !BESIDE.test(t)));
    expect(after).toEqual(before);
    // The restored server knows the session, the person and the document's bytes.
    const dl = await fetch(`${restored.url}/documents/${docId}/telecharger`, { headers: { cookie: auth.cookie } });
    expect(dl.status).toBe(200);
    expect(Buffer.from(await dl.arrayBuffer()).toString()).toBe(bytes);
    console.log(`restore drill (${engineOf()}): ${r.stdout.trim()} (${restoreMs} ms with process start)`);
  } finally {
    if (restored) await restored.stop();
    target.cleanup();
    rmSync(out, { recursive: true, force: true });
  }
});

// ---- disk full --------------------------------------------------------------------------------

test('disk full (SQLite, max_page_count): writes answer 503 and leave nothing, reads keep working, writes resume once space is freed', async () => {
  test.skip(engineOf() !== 'sqlite', 'the store file is SQLite\'s; PostgreSQL has its own disk');
  test.setTimeout(120_000);
  const first = await call('POST', '/api/v1/beneficiaries', person(`Plein${uniq}`, 'Avant'));
  expect(first.status).toBe(201);
  const id = (await first.json()).id;
  const limit = async (pages) => {
    const res = await cip.api.post(`${server.url}/__test/disk-limit`, { form: { pages, csrf: auth.csrf } });
    expect(res.status()).toBe(200);
  };
  await limit('3');
  let full = null;
  let problem = null;
  try {
    for (let n = 0; n < 500 && !full; n++) {
      const last = `Plein${uniq}n${n}`;
      const res = await call('POST', '/api/v1/beneficiaries', { ...person(last, 'Sacha'), address_line: `${n} ${'rue des Alpes '.repeat(20)}` });
      if (res.status === 503) {
        full = last;
        problem = await res.json();
      } else {
        expect(res.status, await res.text()).toBe(201);
      }
    }
    expect(full, 'the store filled up').toBeTruthy();
    expect(problem.detail).toContain('Réessayez');
    expect(JSON.stringify(problem)).not.toMatch(/SQLITE|full|disk/i);  // no engine detail leaks
    expect(sql({ store }, `SELECT COUNT(*) FROM beneficiaries WHERE last_name = '${full}'`)).toEqual([['0']]);
    // Reads keep working: the record and its page.
    expect((await call('GET', `/api/v1/beneficiaries/${id}`)).status).toBe(200);
    const page = await fetch(`${server.url}/beneficiaires/${id}`, { headers: { cookie: auth.cookie } });
    expect(page.status).toBe(200);
  } finally {
    await limit('off');  // space freed
  }
  // The same write now goes through, without a restart, and the store is intact.
  const again = await call('POST', '/api/v1/beneficiaries', { ...person(full, 'Sacha') });
  expect(again.status).toBe(201);
  expect(sql({ store }, 'PRAGMA integrity_check')).toEqual([['ok']]);
});
