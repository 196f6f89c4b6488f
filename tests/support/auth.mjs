// Accounts for tests: the first admin through the CLI, others through real invitations read
// from the outbox; login, TOTP enrolment (codes computed with Debian's oathtool), password
// change. Every step goes through the HTTP routes a browser would use.
import { request as pwRequest, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { runJalon } from './jalon.mjs';

export const GOOD_PASSWORD = 'cheval agrafe batterie correcte 42';

let offsetMs = 0;  // how far the test moved the server clock (/__test/clock)

export function totp(secret, atMs = Date.now() + offsetMs) {
  return execFileSync('oathtool', ['--totp', '-b', secret, '-N', `@${Math.floor(atMs / 1000)}`],
    { encoding: 'utf8' }).trim();
}

export async function advanceClock(api, ms) {
  const res = await api.post('/__test/clock', { form: { advance_ms: String(ms), csrf: await sessionCsrfOrCookie(api) } });
  expect(res.status()).toBe(200);
  offsetMs = (await res.json()).offset_ms;
}

// Puts the worker's server clock back to the real time. The server is shared by the worker's
// spec files: a spec that moves the clock resets it in afterAll, or the next spec's calendar days
// (a contract ending "in 20 days") would be counted from a later day.
export async function resetClock(url) {
  if (offsetMs === 0) return;
  const api = await pwRequest.newContext({ baseURL: url });
  await advanceClock(api, -offsetMs);
  expect(offsetMs).toBe(0);
  await api.dispose();
}

export function serverOffset() { return offsetMs; }
// For a test that starts its own server (its clock is not moved): set, then restore, the offset.
export function setServerOffset(ms) { offsetMs = ms; }

export async function csrfOf(api) {
  const cookies = (await api.storageState()).cookies;
  const c = cookies.find((x) => x.name === '__Host-jalon_csrf');
  if (c) return c.value;
  await api.get('/connexion');
  return (await api.storageState()).cookies.find((x) => x.name === '__Host-jalon_csrf').value;
}

// The session CSRF token, read from any signed-in page.
export async function sessionCsrf(api) {
  const html = await (await api.get('/compte')).text();
  const m = html.match(/name="csrf" value="([^"]+)"/);
  return m ? m[1] : '';
}

export function newApi(baseURL) {
  return pwRequest.newContext({ baseURL, maxRedirects: 0 });
}

export function createAdminCli(jalon, email, structure) {
  const args = ['admin', 'create', '--data-dir', jalon.store.dataDir, '--email', email];
  if (structure) args.push('--structure', structure);
  if (jalon.store.databaseUrl) args.push('--database', jalon.store.databaseUrl);
  const out = runJalon(args);
  expect(out.code, out.stderr).toBe(0);
  return out.stdout.match(/usage unique : (\S+)/)[1];
}

export async function postForm(api, path, form) {
  const csrf = form.csrf ?? (await sessionCsrfOrCookie(api));
  return api.post(path, { form: { ...form, csrf } });
}

async function sessionCsrfOrCookie(api) {
  const state = await api.storageState();
  if (state.cookies.some((c) => c.name === '__Host-jalon_session')) {
    // Any page of the session carries its token (before MFA or a password change too).
    for (const path of ['/compte', '/connexion/code', '/compte/mot-de-passe', '/compte/mfa']) {
      const html = await (await api.get(path)).text();
      const m = html.match(/name="csrf" value="([^"]+)"/);
      if (m) return m[1];
    }
  }
  return csrfOf(api);
}

export async function login(api, email, password) {
  const csrf = await csrfOf(api);
  return api.post('/connexion', { form: { email, password, csrf } });
}

// From a fresh password login: enrol TOTP, returns the base32 secret.
export async function enrolTotp(api) {
  const page = await (await api.get('/compte/mfa')).text();
  const secret = page.match(/id="totp-secret">([^<]+)</)[1].replace(/\s+/g, '');
  const csrf = page.match(/name="csrf" value="([^"]+)"/)[1];
  const res = await api.post('/compte/mfa', { form: { code: totp(secret), csrf } });
  expect(res.status(), 'TOTP enrolment').toBe(200);
  const codes = [...(await res.text()).matchAll(/<li><code>([a-z0-9-]+)<\/code><\/li>/g)].map((m) => m[1]);
  expect(codes).toHaveLength(10);
  return { secret, codes };
}

export async function changePassword(api, current, next) {
  const html = await (await api.get('/compte/mot-de-passe')).text();
  const csrf = html.match(/name="csrf" value="([^"]+)"/)[1];
  return api.post('/compte/mot-de-passe', { form: { current, password: next, confirm: next, csrf } });
}

// The first admin of a new structure (CLI), fully set up: MFA enrolled, own password chosen.
export async function bootstrapAdmin(jalon, email, structure) {
  const otp = createAdminCli(jalon, email, structure);
  const api = await newApi(jalon.url);
  expect((await login(api, email, otp)).status()).toBe(303);
  const { secret, codes } = await enrolTotp(api);
  expect((await changePassword(api, otp, GOOD_PASSWORD)).status()).toBe(303);
  return { api, email, password: GOOD_PASSWORD, secret, codes };
}

export async function lastMail(api, to) {
  const mails = await (await api.get(`/__test/outbox?to=${encodeURIComponent(to.toLowerCase())}`)).json();
  return mails[mails.length - 1];
}

// Invites a user as `admin`, accepts the invitation, logs in and enrols TOTP (every role needs it).
export async function inviteAndSetUp(jalon, admin, { email, name, role, teamId = '' }) {
  const res = await postForm(admin.api, '/admin/utilisateurs/inviter',
    { email, display_name: name, role, team_id: teamId });
  expect(res.status(), `invite ${email}`).toBe(303);
  const mail = await lastMail(admin.api, email);
  const token = mail.body.match(/jeton=([A-Za-z0-9_-]+)/)[1];
  const api = await newApi(jalon.url);
  const csrf = await csrfOf(api);
  const accepted = await api.post('/invitation', {
    form: { jeton: token, password: GOOD_PASSWORD, confirm: GOOD_PASSWORD, csrf },
  });
  expect(accepted.status(), `accept ${email}`).toBe(303);
  expect((await login(api, email, GOOD_PASSWORD)).status()).toBe(303);
  const { secret } = await enrolTotp(api);  // every role, funders included (issue 12 §15)
  return { api, email, password: GOOD_PASSWORD, secret, role };
}

export async function userIdOf(api) {
  return (await (await api.get('/api/v1/moi')).json()).id;
}

// A JSON API call as `actor`, with the session's CSRF token.
export async function apiCall(actor, method, path, data) {
  const csrf = await sessionCsrf(actor.api);
  return actor.api.fetch(path, { method, data, headers: { 'x-csrf-token': csrf, 'content-type': 'application/json' } });
}

// The accounts most specs start from: structure A (an admin, counselors "Camille Un" and
// "Claude Deux", a coordinator) and structure B (an admin and one counselor), all through real
// invitations. `tag` keeps e-mails and structure names unique per spec and run.
export async function twoStructures(jalon, tag) {
  const admin = await bootstrapAdmin(jalon, `adm-${tag}@test.example`, `ACI ${tag}`);
  const cip1 = await inviteAndSetUp(jalon, admin, { email: `cip1-${tag}@test.example`, name: 'Camille Un', role: 'counselor' });
  const cip2 = await inviteAndSetUp(jalon, admin, { email: `cip2-${tag}@test.example`, name: 'Claude Deux', role: 'counselor' });
  const coord = await inviteAndSetUp(jalon, admin, { email: `coord-${tag}@test.example`, name: `Coord ${tag}`, role: 'coordinator' });
  const adminB = await bootstrapAdmin(jalon, `adm-b-${tag}@test.example`, `ACI B ${tag}`);
  const cipB = await inviteAndSetUp(jalon, adminB, { email: `cipb-${tag}@test.example`, name: 'Cip B', role: 'counselor' });
  return { admin, cip1, cip2, coord, adminB, cipB };
}
