// Issue 12: what a live attack on the release build found, each finding as a test that failed
// before its fix, on both engines. Items 1, 2, 5, 6, 8, 11 and 15 (item 4 is the authorization
// matrix, item 9 scripts/check-hardening.sh).
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect, runJalon, createStore, startServer } from '../support/jalon.mjs';
import {
  GOOD_PASSWORD, advanceClock, bootstrapAdmin, createAdminCli, csrfOf, lastMail, login, newApi,
  postForm, serverOffset, totp, userIdOf, resetClock } from '../support/auth.mjs';
import { sql } from '../support/sql.mjs';

test.afterAll(async ({ jalon }) => resetClock(jalon.url));

let n = 0;
const email = (tag) => `${tag}-${Date.now().toString(36)}-${n++}@test.example`;
const storeArgs = (store) => ['--data-dir', store.dataDir, ...(store.databaseUrl ? ['--database', store.databaseUrl] : [])];
const mode = (path) => (statSync(path).mode & 0o777).toString(8);

async function pageCsrf(api, path) {
  const html = await (await api.get(path)).text();
  return html.match(/name="csrf" value="([^"]+)"/)[1];
}

function sessionToken(res) {
  const c = res.headersArray().find((h) => h.name.toLowerCase() === 'set-cookie' && h.value.startsWith('__Host-jalon_session='));
  return c ? c.value.split(';')[0].split('=')[1] : '';
}

// A 6-digit code that is none of the codes the server accepts now (steps -1, 0, +1).
function wrongCode(secret) {
  const t = Date.now() + serverOffset();
  const valid = new Set([-30_000, 0, 30_000].map((d) => totp(secret, t + d)));
  return ['111111', '222222', '333333', '444444'].find((c) => !valid.has(c));
}

test('issue 12 §1: five wrong second-factor codes lock the account, end the pending session, are audited and told at the next login', async ({ jalon }) => {
  const admin = await bootstrapAdmin(jalon, email('totp-bf'), 'ACI Code');
  const uid = await userIdOf(admin.api);
  const api = await newApi(jalon.url);
  const res = await login(api, admin.email, admin.password);
  expect(res.headers().location).toBe('/connexion/code');
  const pending = sessionToken(res);
  await advanceClock(api, 30_000);  // the enrolment used this step's code
  const csrf = await pageCsrf(api, '/connexion/code');
  for (let i = 0; i < 4; i++) {
    expect((await api.post('/connexion/code', { form: { code: wrongCode(admin.secret), csrf } })).status()).toBe(422);
  }
  const fifth = await api.post('/connexion/code', { form: { code: wrongCode(admin.secret), csrf } });
  expect(fifth.status()).toBe(429);
  expect(await fifth.text()).toContain('Trop de codes erronés');
  // The pending session is gone: the right code no longer opens it.
  const replay = await (await newApi(jalon.url)).post('/connexion/code', {
    form: { code: totp(admin.secret), csrf }, headers: { cookie: `__Host-jalon_session=${pending}` },
  });
  expect(replay.status()).not.toBe(303);
  expect(sessionToken(replay)).toBe('');
  // The account is locked as after 10 wrong passwords, even with the right password.
  const again = await newApi(jalon.url);
  expect((await login(again, admin.email, admin.password)).status()).toBe(429);
  const audited = sql(jalon, `SELECT outcome FROM audit_log WHERE action = 'mfa.locked' AND actor_user_id = '${uid}'`);
  expect(audited).toEqual([['denied']]);
  expect((await lastMail(api, admin.email)).subject).toContain('connexion bloquée');
  // Fifteen minutes later the user signs in and is told what happened.
  await advanceClock(again, 15 * 60_000 + 1_000);
  const later = await newApi(jalon.url);
  expect((await login(later, admin.email, admin.password)).headers().location).toBe('/connexion/code');
  const page = await (await later.get('/connexion/code')).text();
  expect(page).toContain('des codes de vérification erronés ont été saisis');
  const ok = await later.post('/connexion/code', { form: { code: totp(admin.secret), csrf: await pageCsrf(later, '/connexion/code') } });
  expect(ok.status()).toBe(303);
});

test('issue 12 §2 (SR 23): parallel wrong passwords are all counted, and the lock they reach holds against the right password', async ({ jalon }) => {
  test.setTimeout(360_000);
  const admin = await bootstrapAdmin(jalon, email('race'), 'ACI Course');
  const uid = await userIdOf(admin.api);
  const apis = await Promise.all(Array.from({ length: 14 }, () => newApi(jalon.url)));
  const batch = async (size) => (await Promise.all(apis.slice(0, size).map(
    (a, i) => login(a, admin.email, `mauvais mot de passe numero ${i}`)))).map((r) => r.status());
  let counted = 0;
  for (let round = 0; round < 15 && counted < 10; round++) {
    if (round > 0) await advanceClock(apis[0], 20_000);  // past every delay (16 s at most)
    const statuses = await batch(round === 0 ? 14 : 6);
    expect(statuses.filter((s) => s !== 401 && s !== 429), statuses.join(',')).toEqual([]);
    counted += statuses.filter((s) => s === 401).length;
  }
  // Every wrong password answered 401 was counted: exactly 10 reached the lock, none past it.
  expect(counted).toBe(10);
  const failures = sql(jalon, `SELECT COUNT(*) FROM audit_log WHERE action = 'login.failure' AND actor_user_id = '${uid}'`)[0][0];
  expect(Number(failures)).toBe(10);
  // More parallel guesses during the lock change nothing, and the right password is refused.
  await advanceClock(apis[0], 60_000);
  expect(await batch(8)).toEqual(Array(8).fill(429));
  expect((await login(apis[9], admin.email, admin.password)).status()).toBe(429);
  await advanceClock(apis[0], 15 * 60_000);
  expect((await login(apis[9], admin.email, admin.password)).status()).toBe(303);
});

test('issue 12 §5 (SR 47): records rewritten with recomputed SHA-256 links fail `jalon audit verify`, and so does moving the pre-HMAC boundary', async ({ engine }) => {
  const store = createStore(engine);
  try {
    const j = { store };
    createAdminCli(j, email('chain-a'), 'ACI Chaîne');
    createAdminCli(j, email('chain-b'), 'ACI Chaîne B');
    createAdminCli(j, email('chain-c'), '');
    expect(runJalon(['audit', 'checkpoint', ...storeArgs(store)]).code).toBe(0);
    const before = runJalon(['audit', 'verify', ...storeArgs(store)]);
    expect(before.code, before.stdout).toBe(0);
    expect(before.stdout).toMatch(/audit log OK: 3 records, chain intact, [1-9]\d* signed checkpoints matched/);
    // Someone with write access to the database rewrites record 1 (a platform admin becomes a
    // counselor) and recomputes every following link and the head with plain SHA-256.
    sql(j, store.databaseUrl ? 'ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update'
      : 'DROP TRIGGER audit_log_no_update');
    sql(j, "UPDATE audit_log SET details = 'via=cli role=counselor' WHERE seq = 1");
    const cols = 'seq, at, actor_user_id, actor_role, structure_id, action, object_type, object_id, category, outcome, session_ref, details';
    let prev = '0'.repeat(64);
    for (const r of sql(j, `SELECT ${cols} FROM audit_log ORDER BY seq`)) {
      const hash = createHash('sha256').update([prev, ...r].join('\x1f')).digest('hex');
      sql(j, `UPDATE audit_log SET prev_hash = '${prev}', hash = '${hash}' WHERE seq = ${r[0]}`);
      prev = hash;
    }
    sql(j, `UPDATE audit_head SET hash = '${prev}'`);
    const rebuilt = runJalon(['audit', 'verify', ...storeArgs(store)]);
    expect(rebuilt.code).toBe(1);
    expect(rebuilt.stdout).toContain('audit log BROKEN at record 1');
    // Declaring the records "written before the HMAC" does not help: the checkpoints pin it.
    sql(j, 'UPDATE audit_head SET legacy_until = 3');
    const downgraded = runJalon(['audit', 'verify', ...storeArgs(store)]);
    expect(downgraded.code).toBe(1);
    expect(downgraded.stdout).toContain('checkpoint');
    // Without a checkpoint file, a pre-HMAC boundary is not proof: verify says so and fails.
    rmSync(join(store.dataDir, 'audit'), { recursive: true, force: true });
    const unpinned = runJalon(['audit', 'verify', ...storeArgs(store)]);
    expect(unpinned.code).not.toBe(0);
  } finally {
    store.cleanup();
  }
});

test('issue 12 §6: failed logins with unknown e-mails from one address do not block a valid login', async ({ jalon }) => {
  test.setTimeout(300_000);
  const admin = await bootstrapAdmin(jalon, email('shared'), 'ACI Adresse partagée');
  const api = await newApi(jalon.url);
  for (let i = 0; i < 60; i++) {
    expect((await login(api, email('inconnu'), 'nimporte quel mot de passe')).status()).toBe(401);
  }
  expect((await login(api, admin.email, admin.password)).status()).toBe(303);
});

test('issue 12 §6: X-Forwarded-For is ignored unless the peer is a configured trusted proxy', async ({ jalon }) => {
  const admin = await bootstrapAdmin(jalon, email('xff'), 'ACI Proxy');
  const api = await newApi(jalon.url);
  const from = async (ip, password) => api.post('/connexion', {
    form: { email: admin.email, password, csrf: await csrfOf(api) }, headers: { 'x-forwarded-for': ip },
  });
  // Without --trusted-proxies the header is the client's own word: one address, one counter.
  // Three failures slow that address down on this account (1 s), whatever the header says.
  for (let i = 0; i < 3; i++) expect((await from('198.51.100.1', `faux mot de passe ${i}`)).status()).toBe(401);
  expect((await from('198.51.100.2', 'faux mot de passe 4')).status()).toBe(429);
});

test('issue 12 §6 and §15: behind a trusted proxy each client has its own counter; /metrics needs loopback or the token', async ({ engine }) => {
  const store = createStore(engine);
  const server = await startServer(store, ['--trusted-proxies', '127.0.0.1', '--metrics-token', 'jeton-de-test-metrics-0123456789']);
  try {
    const j = { store, url: server.url };
    // TOTP codes follow the worker's server clock: move this server's clock alike.
    await advanceClock(await newApi(server.url), serverOffset());
    const admin = await bootstrapAdmin(j, email('proxy'), 'ACI Derrière un proxy');
    const api = await newApi(server.url);
    const from = async (ip, password) => api.post('/connexion', {
      form: { email: admin.email, password, csrf: await csrfOf(api) }, headers: { 'x-forwarded-for': `203.0.113.250, ${ip}` },
    });
    for (let i = 0; i < 3; i++) expect((await from('198.51.100.1', `faux mot de passe ${i}`)).status()).toBe(401);
    // The same client is slowed down; another client behind the same proxy is not.
    expect((await from('198.51.100.1', 'faux mot de passe 5')).status()).toBe(429);
    expect((await from('198.51.100.2', 'faux mot de passe 6')).status()).toBe(401);
    // /metrics: a relayed request needs the token, whatever the peer.
    const anon = await newApi(server.url);
    expect((await anon.get('/metrics')).status()).toBe(200);
    expect((await anon.get('/metrics', { headers: { 'x-forwarded-for': '198.51.100.7' } })).status()).toBe(403);
    expect((await anon.get('/metrics', { headers: { 'x-forwarded-for': '198.51.100.7', authorization: 'Bearer mauvais' } })).status()).toBe(403);
    const scraped = await anon.get('/metrics', { headers: { 'x-forwarded-for': '198.51.100.7', authorization: 'Bearer jeton-de-test-metrics-0123456789' } });
    expect(scraped.status()).toBe(200);
    expect(await scraped.text()).toContain('jalon_http_requests_total');
  } finally {
    await server.stop();
    store.cleanup();
  }
});

test('issue 12 §15: /metrics refuses requests relayed by a proxy on the same host', async ({ request }) => {
  expect((await request.get('/metrics')).status()).toBe(200);
  for (const header of ['x-forwarded-for', 'forwarded', 'x-real-ip']) {
    expect((await request.get('/metrics', { headers: { [header]: header === 'forwarded' ? 'for=198.51.100.7' : '198.51.100.7' } })).status(), header).toBe(403);
  }
});

test('issue 12 §8: the data directory is created 0700 and jalon.db 0600, and `jalon check` verifies both', async ({ engine }) => {
  const parent = mkdtempSync(join(tmpdir(), 'jalon-perm-'));
  const store = createStore(engine);
  const dataDir = join(parent, 'donnees');
  const s = { ...store, dataDir };
  try {
    createAdminCli({ store: s }, email('perm'), 'ACI Droits');
    expect(mode(dataDir)).toBe('700');
    expect(mode(join(dataDir, 'keys'))).toBe('700');
    expect(mode(join(dataDir, 'keys', 'secret.key'))).toBe('600');
    expect(mode(join(dataDir, 'audit', 'checkpoints'))).toBe('600');
    if (!store.databaseUrl) expect(mode(join(dataDir, 'jalon.db'))).toBe('600');
    const ok = runJalon(['check', ...storeArgs(s)]);
    expect(ok.code, ok.stdout).toBe(0);
    expect(ok.stdout).toContain(`permissions: ${dataDir} 0700`);
    chmodSync(dataDir, 0o755);
    const open = runJalon(['check', ...storeArgs(s)]);
    expect(open.code).toBe(1);
    expect(open.stdout).toContain(`FAIL permissions: ${dataDir} is 0755, must be 0700`);
    chmodSync(dataDir, 0o700);
    if (!store.databaseUrl) {
      chmodSync(join(dataDir, 'jalon.db'), 0o644);
      const readable = runJalon(['check', ...storeArgs(s)]);
      expect(readable.code).toBe(1);
      expect(readable.stdout).toContain('jalon.db is 0644, must be 0600');
    }
  } finally {
    rmSync(parent, { recursive: true, force: true });
    store.cleanup();
  }
});

test('issue 12 §11: password-reset requests are rate-limited (3 e-mails per address asked for per hour)', async ({ jalon }) => {
  const admin = await bootstrapAdmin(jalon, email('reset-rl'), 'ACI Relances');
  const api = await newApi(jalon.url);
  const statuses = [];
  for (let i = 0; i < 10; i++) {
    const res = await api.post('/mot-de-passe-oublie', { form: { email: admin.email, csrf: await csrfOf(api) } });
    statuses.push(res.status());
    if (res.status() === 429) expect(await res.text()).toContain('Trop de demandes récentes');
  }
  expect(statuses).toEqual([200, 200, 200, 429, 429, 429, 429, 429, 429, 429]);
  const mails = await (await api.get(`/__test/outbox?to=${encodeURIComponent(admin.email)}`)).json();
  expect(mails.filter((m) => m.subject.includes('réinitialisation'))).toHaveLength(3);
  // An address without an account gets the same answers: the limit reveals nothing.
  const unknown = email('personne');
  const unknownStatuses = [];
  for (let i = 0; i < 4; i++) {
    unknownStatuses.push((await api.post('/mot-de-passe-oublie', { form: { email: unknown, csrf: await csrfOf(api) } })).status());
  }
  expect(unknownStatuses).toEqual([200, 200, 200, 429]);
  await advanceClock(api, 3600_000);
  expect((await api.post('/mot-de-passe-oublie', { form: { email: admin.email, csrf: await csrfOf(api) } })).status()).toBe(200);
});

test('issue 12 §15: funders enrol a second factor like every role', async ({ jalon }) => {
  const admin = await bootstrapAdmin(jalon, email('fin-admin'), 'ACI Financeur');
  const funderEmail = email('financeur');
  expect((await postForm(admin.api, '/admin/utilisateurs/inviter', { email: funderEmail, display_name: 'Fin Anceur', role: 'funder' })).status()).toBe(303);
  const token = (await lastMail(admin.api, funderEmail)).body.match(/jeton=([A-Za-z0-9_-]+)/)[1];
  const api = await newApi(jalon.url);
  expect((await api.post('/invitation', { form: { jeton: token, password: GOOD_PASSWORD, confirm: GOOD_PASSWORD, csrf: await csrfOf(api) } })).status()).toBe(303);
  const res = await login(api, funderEmail, GOOD_PASSWORD);
  expect(res.headers().location).toBe('/compte/mfa');
  expect((await api.get('/api/v1/moi')).status()).toBe(403);
  expect((await api.get('/compte')).headers().location).toBe('/compte/mfa');
});

test('issue 12 §15: wrong current passwords on /compte/mot-de-passe count as failed logins and lock the account', async ({ jalon }) => {
  const admin = await bootstrapAdmin(jalon, email('pwd-bf'), 'ACI Mot de passe');
  const change = async (current) => {
    const csrf = await pageCsrf(admin.api, '/compte/mot-de-passe');
    return admin.api.post('/compte/mot-de-passe', { form: { current, password: 'une autre phrase de passe assez longue', confirm: 'une autre phrase de passe assez longue', csrf } });
  };
  for (let i = 0; i < 10; i++) {
    await advanceClock(admin.api, 20_000);
    expect((await change(`ce nest pas le bon ${i}`)).status()).toBe(422);
  }
  await advanceClock(admin.api, 20_000);
  const locked = await change(admin.password);
  expect(locked.status()).toBe(429);
  expect(await locked.text()).toContain('Trop de tentatives récentes');
  // The sign-in form is locked too (same account counter).
  expect((await login(await newApi(jalon.url), admin.email, admin.password)).status()).toBe(429);
  await advanceClock(admin.api, 15 * 60_000);
  expect((await change(admin.password)).status()).toBe(303);
});

test('issue 12 §5: the server writes signed checkpoints that `jalon audit verify` matches', async ({ jalon }) => {
  // The worker's server has been writing records; `audit checkpoint` signs the head now.
  expect(runJalon(['audit', 'checkpoint', ...storeArgs(jalon.store)]).code).toBe(0);
  expect(existsSync(join(jalon.store.dataDir, 'audit', 'checkpoints'))).toBe(true);
  const v = runJalon(['audit', 'verify', ...storeArgs(jalon.store)]);
  expect(v.code, v.stdout).toBe(0);
  expect(v.stdout).toMatch(/chain intact, [1-9]\d* signed checkpoints matched/);
});
