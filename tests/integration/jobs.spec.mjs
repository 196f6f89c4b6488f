// Durable jobs (issue 15) across processes: two `jalon serve` on one PostgreSQL send every
// queued message once and run every job once, a runner killed mid-job (SIGKILL) has its job
// taken over when the lease expires; real SMTP on loopback (aiosmtpd) receives the wire form
// (From, Date, Message-ID, UTF-8 subject); an SMTP server that is down delays mail, loses
// nothing, and shows in /metrics.
import { test, expect } from '@playwright/test';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStore, startServer, freePort, root } from '../support/jalon.mjs';
import { newApi, csrfOf } from '../support/auth.mjs';

const engineOf = () => test.info().project.name;

// Starts the loopback SMTP server; returns { port, received(), stop() }.
async function startSmtp(port) {
  const dir = mkdtempSync(join(tmpdir(), 'jalon-smtp-'));
  const file = join(dir, 'received.jsonl');
  const proc = spawn('/usr/bin/python3', [join(root, 'tests/integration/jobs-smtp-server.py'), String(port), file],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  proc.stderr.on('data', (d) => { err += d; });
  await new Promise((ok, fail) => {
    proc.stdout.on('data', (d) => { if (String(d).includes('ready')) ok(); });
    proc.on('exit', () => fail(new Error(`SMTP server exited: ${err}`)));
  });
  return {
    port,
    received() {
      if (!existsSync(file)) return [];
      return readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
    },
    async stop() {
      proc.kill('SIGTERM');
      await new Promise((ok) => (proc.exitCode !== null ? ok() : proc.on('exit', ok)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function post(api, path, form) {
  const res = await api.post(path, { form: { ...form, csrf: await csrfOf(api) } });
  expect(res.status(), `${path}: ${await res.text()}`).toBe(200);
  return res.json();
}

async function jobsOf(api, kind) {
  return (await api.get(`/__test/jobs?kind=${kind}`)).json();
}

test('two servers on one PostgreSQL send every message once, run every job once, and take over '
  + 'the job of a runner killed mid-job', async () => {
  test.skip(engineOf() !== 'postgres', 'several servers share one store on PostgreSQL only');
  const store = createStore('postgres');
  const smtp = await startSmtp(await freePort());
  const args = ['--smtp-url', `smtp://127.0.0.1:${smtp.port}`, '--smtp-from', 'jalon@aci.example',
    '--jobs-lease-ms', '3000', '--jobs-poll-ms', '50'];
  const a = await startServer(store, args);
  const b = await startServer(store, args);
  const apiA = await newApi(a.url);
  const apiB = await newApi(b.url);
  try {
    await post(apiA, '/__test/mail', { to: 'destinataire@example.org', subject: 'Message', body: 'Texte', count: '40' });
    await post(apiB, '/__test/jobs', { kind: 'test.noop', count: '40' });
    await expect.poll(() => smtp.received().length, { timeout: 60_000 }).toBe(40);
    await expect.poll(async () => (await jobsOf(apiA, 'test.noop')).filter((j) => j.status === 'done').length,
      { timeout: 60_000 }).toBe(40);
    const subjects = smtp.received().map((m) => m.subject);
    expect(new Set(subjects).size).toBe(40);  // each message once
    for (let i = 1; i <= 40; i++) expect(subjects).toContain(`Message #${i}`);
    for (const j of [...await jobsOf(apiA, 'test.noop'), ...await jobsOf(apiA, 'outbox.send')]) {
      expect(j.status).toBe('done');
      expect(j.attempts, `job ${j.id} ran once`).toBe(1);
    }
    // Every result names one of the two servers (which one ran how many depends on scheduling:
    // on a loaded machine one runner may claim them all, so that is not asserted; the takeover
    // below proves the second server runs jobs).
    const pids = [String(a.proc.pid), String(b.proc.pid)];
    for (const j of await jobsOf(apiA, 'test.noop')) expect(pids).toContain(j.result.split(':')[1]);

    // A long job; the server running it is killed; the other takes it over after the lease.
    await post(apiA, '/__test/jobs', { kind: 'test.sleep', payload: '2500', max_attempts: '3' });
    let running;
    await expect.poll(async () => {
      [running] = await jobsOf(apiA, 'test.sleep');
      return running.status;
    }, { timeout: 30_000, intervals: [20] }).toBe('running');
    const victim = running.lease_owner.split(':')[1] === String(a.proc.pid) ? a : b;
    const survivor = victim === a ? b : a;
    const survivorApi = victim === a ? apiB : apiA;
    victim.proc.kill('SIGKILL');
    expect((await victim.exited).signal).toBe('SIGKILL');
    await expect.poll(async () => (await jobsOf(survivorApi, 'test.sleep'))[0].status, { timeout: 30_000 }).toBe('done');
    const [done] = await jobsOf(survivorApi, 'test.sleep');
    expect(done.attempts).toBe(2);
    expect(done.result.split(':')[1]).toBe(String(survivor.proc.pid));
    // SIGTERM: the survivor stops cleanly.
    expect((await survivor.stop('SIGTERM')).code).toBe(0);
  } finally {
    await apiA.dispose();
    await apiB.dispose();
    await a.stop('SIGKILL');
    await b.stop('SIGKILL');
    await smtp.stop();
    store.cleanup();
  }
});

test('real SMTP: the message received carries From, Date, Message-ID and its UTF-8 subject',
  async () => {
    const store = createStore(engineOf());
    const smtp = await startSmtp(await freePort());
    const server = await startServer(store, ['--smtp-url', `smtp://127.0.0.1:${smtp.port}`,
      '--smtp-from', 'jalon@aci-voiron.example', '--jobs-poll-ms', '50']);
    const api = await newApi(server.url);
    try {
      const subject = 'Rappel : votre rendez-vous de demain à 9 h 30 — préparez vos pièces d’identité, '
        + 'votre CV et l’attestation de la CAF';
      await post(api, '/__test/mail', { to: 'alix.durand@example.org', subject, body: 'Bonjour Alix,\nÀ demain.' });
      await expect.poll(() => smtp.received().length, { timeout: 30_000 }).toBe(1);
      const [m] = smtp.received();
      expect(m.mail_from).toBe('jalon@aci-voiron.example');
      expect(m.rcpt_tos).toEqual(['alix.durand@example.org']);
      expect(m.from).toBe('jalon@aci-voiron.example');
      expect(m.to).toBe('alix.durand@example.org');
      expect(Math.abs(Date.parse(m.date) - Date.now())).toBeLessThan(5 * 60_000);
      expect(m.message_id).toMatch(/^<[0-9a-z]{26}@aci-voiron\.example>$/);
      expect(m.raw_subject).toMatch(/^=\?UTF-8\?B\?/);
      expect(m.raw_subject).not.toContain('à');
      expect(m.subject).toBe(subject);
      expect(m.body).toContain('À demain.');
      const [job] = await jobsOf(api, 'outbox.send');
      expect(job.status).toBe('done');
    } finally {
      await api.dispose();
      await server.stop();
      await smtp.stop();
      store.cleanup();
    }
  });

test('an SMTP server that is down delays mail, loses nothing, and shows in /metrics', async () => {
  const store = createStore(engineOf());
  const port = await freePort();  // nothing listens there yet
  const server = await startServer(store, ['--smtp-url', `smtp://127.0.0.1:${port}`, '--jobs-poll-ms', '50']);
  const api = await newApi(server.url);
  let smtp;
  try {
    await post(api, '/__test/mail', { to: 'camille@example.org', subject: 'Récapitulatif', body: 'Texte' });
    const metric = async (name) => {
      const text = await (await api.get('/metrics')).text();
      const line = text.split('\n').find((l) => l.startsWith(`${name} `));
      return line ? Number(line.split(' ')[1]) : NaN;
    };
    await expect.poll(() => metric('jalon_outbox_retrying'), { timeout: 30_000 }).toBe(1);
    expect(await metric('jalon_outbox_waiting')).toBe(1);
    const [job] = await jobsOf(api, 'outbox.send');
    expect(job.status).toBe('pending');
    expect(job.last_error).toMatch(/SMTP/);
    const outbox = await (await api.get('/__test/outbox?to=camille@example.org')).json();
    expect(outbox[0].status).toBe('pending');
    // The server comes back; after the back-off (30 s on the server's clock) the mail leaves.
    smtp = await startSmtp(port);
    const res = await api.post('/__test/clock', { form: { advance_ms: '31000', csrf: await csrfOf(api) } });
    expect(res.status()).toBe(200);
    await expect.poll(() => smtp.received().length, { timeout: 30_000 }).toBe(1);
    expect(smtp.received()[0].subject).toBe('Récapitulatif');
    await expect.poll(() => metric('jalon_outbox_waiting'), { timeout: 10_000 }).toBe(0);
    expect(await metric('jalon_outbox_retrying')).toBe(0);
  } finally {
    await api.dispose();
    await server.stop();
    if (smtp) await smtp.stop();
    store.cleanup();
  }
});
