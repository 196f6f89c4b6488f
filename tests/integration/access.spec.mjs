// Identity and access over HTTP, on both engines: SR 21–31 (authentication and sessions),
// SR 39 (CSRF over the whole route table), SR 46–49 (audit trail). Each test builds its own
// structure so tests do not share accounts.
import { test, expect, runJalon } from '../support/jalon.mjs';
import {
  GOOD_PASSWORD, advanceClock, bootstrapAdmin, changePassword, createAdminCli, csrfOf, enrolTotp,
  inviteAndSetUp, lastMail, login, newApi, postForm, serverOffset, sessionCsrf, totp, userIdOf, resetClock } from '../support/auth.mjs';
import { sql, sqlFails } from '../support/sql.mjs';

test.afterAll(async ({ jalon }) => resetClock(jalon.url));

let n = 0;
const email = (tag) => `${tag}-${Date.now().toString(36)}-${n++}@test.example`;
const alertText = async (res) => (await res.text()).match(/<div class="alert alert-error"[^>]*>([\s\S]*?)<\/div>/)?.[1] ?? '';

test('SR 26: no default accounts; the one-time password leads to MFA enrolment, then a forced change', async ({ jalon }) => {
  const api = await newApi(jalon.url);
  for (const [u, p] of [['admin', 'admin'], ['admin@localhost', 'admin'], ['root', 'root'], ['admin@jalon.fr', 'password']]) {
    expect((await login(api, u, p)).status()).toBe(401);
  }
  const mail = email('first');
  const otp = createAdminCli(jalon, mail, 'ACI du Voironnais');
  const res = await login(api, mail, otp);
  expect(res.status()).toBe(303);
  expect(res.headers().location).toBe('/compte/mfa');
  // Nothing else is reachable before the second factor.
  expect((await api.get('/admin/utilisateurs')).headers().location).toBe('/compte/mfa');
  expect((await api.get('/api/v1/moi')).status()).toBe(403);
  await enrolTotp(api);
  expect((await api.get('/admin/utilisateurs')).headers().location).toBe('/compte/mot-de-passe');
  expect((await changePassword(api, otp, GOOD_PASSWORD)).status()).toBe(303);
  expect((await api.get('/admin/utilisateurs')).status()).toBe(200);
});

test('SR 21–22: password policy at the HTTP level and argon2id at the SR 22 parameters', async ({ jalon }) => {
  const admin = await bootstrapAdmin(jalon, email('pol'), 'ACI Politique');
  for (const [bad, why] of [['court-de-14car', 'au moins 15 caractères'], ['azertyazertyazerty', 'répétition'],
    ['motdepasse123456789', 'trop courant'], ['jalon-insertion-2026', 'trop courant']]) {
    const res = await changePassword(admin.api, admin.password, bad);
    expect(res.status(), bad).toBe(422);
    expect(await res.text()).toContain(why);
  }
  // A wrong current password and a too short new one: both named at once.
  const both = await (await changePassword(admin.api, 'pas-le-bon-mot-de-passe', 'court-de-14car')).text();
  expect(both).toContain('Corrigez les 2 erreurs');
  expect(both).toContain('Le mot de passe actuel est incorrect.');
  expect(both).toContain('au moins 15 caractères');
  const [[hash]] = sql(jalon, `SELECT password_hash FROM users WHERE email = '${admin.email}'`);
  expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
});

test('SR 23: the same message whatever failed; lock after 10 failures for 15 minutes', async ({ jalon }) => {
  const admin = await bootstrapAdmin(jalon, email('lock'), 'ACI Verrou');
  const api = await newApi(jalon.url);
  const unknown = await login(api, email('nobody'), 'whatever-password-1234');
  const wrong = await login(api, admin.email, 'wrong-password-but-long');
  expect(unknown.status()).toBe(401);
  expect(wrong.status()).toBe(401);
  expect(await alertText(unknown)).toBe(await alertText(wrong));
  // 9 more failures, waiting out the growing delays (1 to 16 s) on the server clock.
  for (let i = 0; i < 9; i++) {
    await advanceClock(api, 20_000);
    expect((await login(api, admin.email, `wrong-password-${i}-long`)).status()).toBe(401);
  }
  await advanceClock(api, 20_000);
  const locked = await login(api, admin.email, admin.password);
  expect(locked.status()).toBe(429);
  expect(await alertText(locked)).toBe(await alertText(wrong));
  await advanceClock(api, 15 * 60_000);
  expect((await login(api, admin.email, admin.password)).status()).toBe(303);
  const events = sql(jalon, `SELECT action, outcome FROM audit_log WHERE action LIKE 'login.%' AND actor_user_id = (SELECT id FROM users WHERE email = '${admin.email}') ORDER BY seq`);
  expect(events.filter(([a]) => a === 'login.failure').length).toBeGreaterThanOrEqual(10);
});

test('SR 24: TOTP codes are single-use, old codes fail, recovery codes work once and alert by e-mail', async ({ jalon }) => {
  const admin = await bootstrapAdmin(jalon, email('totp'), 'ACI Totp');
  const api = await newApi(jalon.url);
  expect((await login(api, admin.email, admin.password)).headers().location).toBe('/connexion/code');
  const csrf = await sessionCsrfFromPage(api, '/connexion/code');
  const old = totp(admin.secret, Date.now() + serverOffset() - 90_000);
  expect((await api.post('/connexion/code', { form: { code: old, csrf } })).status()).toBe(422);
  // The code used at enrolment (same step) cannot be replayed.
  const now = totp(admin.secret);
  const first = await api.post('/connexion/code', { form: { code: now, csrf } });
  // Either the enrolment consumed this step (replay refused) or it is a fresh step.
  if (first.status() === 422) {
    await advanceClock(api, 30_000);
    expect((await api.post('/connexion/code', { form: { code: totp(admin.secret), csrf } })).status()).toBe(303);
  } else {
    expect(first.status()).toBe(303);
  }
  const api2 = await newApi(jalon.url);
  await login(api2, admin.email, admin.password);
  const csrf2 = await sessionCsrfFromPage(api2, '/connexion/code');
  const replay = await api2.post('/connexion/code', { form: { code: totp(admin.secret), csrf: csrf2 } });
  expect(replay.status()).toBe(422);  // same step as the login above
  const rc = await api2.post('/connexion/code', { form: { code: admin.codes[0], csrf: csrf2 } });
  expect(rc.status()).toBe(303);
  const mail = await lastMail(api2, admin.email);
  expect(mail.subject).toContain('code de secours');
  const api3 = await newApi(jalon.url);
  await login(api3, admin.email, admin.password);
  const csrf3 = await sessionCsrfFromPage(api3, '/connexion/code');
  expect((await api3.post('/connexion/code', { form: { code: admin.codes[0], csrf: csrf3 } })).status()).toBe(422);
});

async function sessionCsrfFromPage(api, path) {
  const html = await (await api.get(path)).text();
  return html.match(/name="csrf" value="([^"]+)"/)[1];
}

function cookieOf(res) {
  const raw = res.headersArray().filter((h) => h.name.toLowerCase() === 'set-cookie').map((h) => h.value);
  return raw.find((c) => c.startsWith('__Host-jalon_session=')) ?? '';
}

test('SR 27 and 29: a new session id at login and after MFA, old ids rejected; cookie attributes', async ({ jalon }) => {
  const admin = await bootstrapAdmin(jalon, email('sid'), 'ACI Session');
  const api = await newApi(jalon.url);
  const res = await login(api, admin.email, admin.password);
  const afterPassword = cookieOf(res);
  const parts = afterPassword.split(';').map((p) => p.trim());
  expect(parts.slice(1).sort()).toEqual(['HttpOnly', 'Path=/', 'SameSite=Lax', 'Secure']);
  expect(afterPassword).not.toMatch(/Domain=/i);
  const token1 = parts[0].split('=')[1];
  expect(token1).toMatch(/^[A-Za-z0-9_-]{43}$/);  // 256 bits
  const csrf = await sessionCsrfFromPage(api, '/connexion/code');
  await advanceClock(api, 30_000);
  const mfa = await api.post('/connexion/code', { form: { code: totp(admin.secret), csrf } });
  expect(mfa.status()).toBe(303);
  const token2 = cookieOf(mfa).split(';')[0].split('=')[1];
  expect(token2).not.toBe(token1);
  const stale = await newApi(jalon.url);
  const r = await stale.get('/api/v1/moi', { headers: { cookie: `__Host-jalon_session=${token1}` } });
  expect(r.status()).toBe(401);
  const ok = await stale.get('/api/v1/moi', { headers: { cookie: `__Host-jalon_session=${token2}` } });
  expect(ok.status()).toBe(200);
});

test('SR 28: 30-minute idle and 12-hour absolute timeouts', async ({ jalon }) => {
  const admin = await bootstrapAdmin(jalon, email('idle'), 'ACI Délais');
  const api = admin.api;
  await advanceClock(api, 29 * 60_000);
  expect((await api.get('/api/v1/moi')).status()).toBe(200);
  await advanceClock(api, 31 * 60_000);
  expect((await api.get('/api/v1/moi')).status()).toBe(401);
  // Absolute: active every 25 minutes, still ended after 12 hours.
  const api2 = await newApi(jalon.url);
  await login(api2, admin.email, admin.password);
  const csrf = await sessionCsrfFromPage(api2, '/connexion/code');
  await advanceClock(api2, 30_000);
  expect((await api2.post('/connexion/code', { form: { code: totp(admin.secret), csrf } })).status()).toBe(303);
  let alive = 0;
  for (let i = 0; i < 28; i++) {
    await advanceClock(api2, 25 * 60_000);
    if ((await api2.get('/api/v1/moi')).status() === 200) alive++;
  }
  expect(alive).toBe(28);  // 11 h 40 min of activity
  await advanceClock(api2, 21 * 60_000);  // 12 h 01 min after login
  expect((await api2.get('/api/v1/moi')).status()).toBe(401);
});

test('SR 30–31: logout, own sessions, disabling an account, at most 3 sessions', async ({ jalon }) => {
  const admin = await bootstrapAdmin(jalon, email('end'), 'ACI Fin');
  const counselor = await inviteAndSetUp(jalon, admin, { email: email('cip'), name: 'Camille Test', role: 'counselor' });
  // Logout destroys the session on the server, with Clear-Site-Data.
  const token = (await counselor.api.storageState()).cookies.find((c) => c.name === '__Host-jalon_session').value;
  const out = await postForm(counselor.api, '/deconnexion', {});
  expect(out.status()).toBe(303);
  expect(out.headers()['clear-site-data']).toContain('storage');
  const replay = await newApi(jalon.url);
  expect((await replay.get('/api/v1/moi', { headers: { cookie: `__Host-jalon_session=${token}` } })).status()).toBe(401);
  // Four logins: the first session is ended (SR 31).
  const apis = [];
  for (let i = 0; i < 4; i++) {
    const a = await newApi(jalon.url);
    await login(a, counselor.email, counselor.password);
    const csrf = await sessionCsrfFromPage(a, '/connexion/code');
    await advanceClock(a, 30_000);
    expect((await a.post('/connexion/code', { form: { code: totp(counselor.secret), csrf } })).status()).toBe(303);
    apis.push(a);
  }
  expect((await apis[0].get('/api/v1/moi')).status()).toBe(401);
  expect((await apis[3].get('/api/v1/moi')).status()).toBe(200);
  // A user sees their sessions and ends one.
  const page = await (await apis[3].get('/compte')).text();
  const ids = [...page.matchAll(/action="\/compte\/sessions\/([a-z0-9]+)\/fin"/g)].map((m) => m[1]);
  expect(ids).toHaveLength(2);
  for (const id of ids) expect((await postForm(apis[3], `/compte/sessions/${id}/fin`, {})).status()).toBe(303);
  expect((await apis[1].get('/api/v1/moi')).status()).toBe(401);
  expect((await apis[2].get('/api/v1/moi')).status()).toBe(401);
  // Disabling the account ends its live session at once.
  const cid = await userIdOf(apis[3]);
  expect((await postForm(admin.api, `/admin/utilisateurs/${cid}/desactiver`, {})).status()).toBe(303);
  expect((await apis[3].get('/api/v1/moi')).status()).toBe(401);
  expect((await login(await newApi(jalon.url), counselor.email, counselor.password)).status()).toBe(401);
});

test('SR 25: reset links are single-use and expire; MFA and the lock still apply', async ({ jalon }) => {
  const admin = await bootstrapAdmin(jalon, email('reset'), 'ACI Reset');
  const api = await newApi(jalon.url);
  const ask = async () => {
    const res = await postForm(api, '/mot-de-passe-oublie', { email: admin.email });
    expect(res.status()).toBe(200);
    return (await lastMail(api, admin.email)).body.match(/jeton=([A-Za-z0-9_-]+)/)[1];
  };
  // Unknown addresses get the same answer and no mail.
  const unknown = await api.post('/mot-de-passe-oublie', { form: { email: 'inconnu@test.example', csrf: await csrfOf(api) } });
  expect(await unknown.text()).toContain('si un compte existe');
  const token = await ask();
  expect(token.length).toBeGreaterThanOrEqual(43);
  const next = 'nouvelle phrase de passe tres longue';
  const set = (t) => api.post('/mot-de-passe/nouveau', { form: { jeton: t, password: next, confirm: next, end_sessions: '1', csrf: '' } });
  const csrf = await csrfOf(api);
  const first = await api.post('/mot-de-passe/nouveau', { form: { jeton: token, password: next, confirm: next, end_sessions: '1', csrf } });
  expect(first.status()).toBe(303);
  const again = await api.post('/mot-de-passe/nouveau', { form: { jeton: token, password: next + '!', confirm: next + '!', csrf } });
  expect(again.status()).toBe(422);
  expect((await api.get(`/mot-de-passe/nouveau?jeton=${token}`)).status()).toBe(410);
  void set;
  // The old session was ended; the second factor is still required.
  expect((await admin.api.get('/api/v1/moi')).status()).toBe(401);
  const res = await login(api, admin.email, next);
  expect(res.headers().location).toBe('/connexion/code');
  // Expired after 30 minutes.
  const late = await ask();
  await advanceClock(api, 31 * 60_000);
  const expired = await api.post('/mot-de-passe/nouveau', { form: { jeton: late, password: next + '2', confirm: next + '2', csrf: await csrfOf(api) } });
  expect(expired.status()).toBe(422);
});

test('SR 39: every state-changing route refuses a request without the CSRF token', async ({ jalon, request }) => {
  const admin = await bootstrapAdmin(jalon, email('csrf'), 'ACI Csrf');
  const routes = (await (await request.get('/__test/routes')).json()).filter((r) => r.method !== 'GET');
  expect(routes.length).toBeGreaterThan(10);
  const before = sql(jalon, 'SELECT COUNT(*) FROM audit_log')[0][0];
  for (const r of routes) {
    const path = r.pattern.replace(/\{[a-z_]+\}/g, '0123456789abcdefghjkmnpqrs');
    for (const api of [admin.api, request]) {
      const res = await api.fetch(path, { method: r.method, form: { name: 'x', email: 'x@y.fr' }, maxRedirects: 0 });
      expect(res.status(), `${r.method} ${r.pattern}`).toBe(403);
    }
  }
  // Nothing was written by the refused requests (no audit record of a change).
  const after = sql(jalon, `SELECT COUNT(*) FROM audit_log WHERE action NOT IN ('read') AND seq > ${before}`)[0][0];
  expect(Number(after)).toBe(0);
});

test('SR 46–49: audit records for reads and writes, append-only on the engine, chain verified by the CLI', async ({ jalon }) => {
  const admin = await bootstrapAdmin(jalon, email('audit'), 'ACI Audit');
  const cip = await inviteAndSetUp(jalon, admin, { email: email('cip'), name: 'Dominique Audit', role: 'counselor' });
  const cid = await userIdOf(cip.api);
  expect((await admin.api.get(`/admin/utilisateurs/${cid}`)).status()).toBe(200);
  await admin.api.post('/__test/audit/flush', { form: { csrf: await sessionCsrf(admin.api) } });
  const rows = sql(jalon, `SELECT action, actor_role, outcome FROM audit_log WHERE object_type = 'user' AND object_id = '${cid}' ORDER BY seq`);
  expect(rows.map((r) => r[0])).toEqual(expect.arrayContaining(['create', 'login.success', 'mfa.enrolled', 'read']));
  const journal = await (await admin.api.get(`/admin/journal/user/${cid}`)).text();
  expect(journal).toContain('Journal des accès');
  expect(journal).toMatch(/<td>read<\/td>/);
  // No secret ever lands in the log.
  const all = sql(jalon, 'SELECT details FROM audit_log').flat().join(' ');
  expect(all).not.toContain(GOOD_PASSWORD);
  // The engine refuses UPDATE and DELETE.
  expect(sqlFails(jalon, "UPDATE audit_log SET outcome = 'x'")).toContain('append-only');
  expect(sqlFails(jalon, 'DELETE FROM audit_log')).toContain('append-only');
  const verify = runJalon(['audit', 'verify', '--data-dir', jalon.store.dataDir,
    ...(jalon.store.databaseUrl ? ['--database', jalon.store.databaseUrl] : [])]);
  expect(verify.code, verify.stdout).toBe(0);
  expect(verify.stdout).toMatch(/audit log OK: \d+ records, chain intact/);
});
