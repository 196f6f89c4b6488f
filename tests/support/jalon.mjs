// Test fixtures: a `jalon serve` per worker on a free loopback port with a temporary data
// directory (SQLite) or a fresh database in the test cluster (PostgreSQL), and an axe-core
// check that every page a test visits must pass.
import { test as base, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import net from 'node:net';

export const root = resolve(new URL('../..', import.meta.url).pathname);
export const jalonBin = process.env.JALON_BIN || join(root, 'build/debug/jalon');

export async function freePort() {
  return new Promise((ok, fail) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => ok(port));
    });
    srv.on('error', fail);
  });
}

function psql(sql) {
  execFileSync('psql', [`${process.env.JALON_TEST_PG}/postgres`, '-qAtc', sql], { stdio: 'pipe' });
}

// Creates a store for one engine; returns { dataDir, databaseUrl, cleanup }.
export function createStore(engine) {
  const dataDir = mkdtempSync(join(tmpdir(), 'jalon-it-'));
  let databaseUrl = '';
  let dbName = '';
  if (engine === 'postgres') {
    dbName = 'it_' + Math.random().toString(36).slice(2, 12);
    psql(`CREATE DATABASE ${dbName}`);
    databaseUrl = `${process.env.JALON_TEST_PG}/${dbName}`;
  }
  return {
    dataDir,
    databaseUrl,
    cleanup() {
      rmSync(dataDir, { recursive: true, force: true });
      if (dbName) {
        try { psql(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`); } catch { /* ignore */ }
      }
    },
  };
}

// Runs a jalon command to completion; returns { code, stdout, stderr }.
export function runJalon(args, env = {}) {
  try {
    const stdout = execFileSync(jalonBin, args, {
      env: { ...process.env, ...env }, stdio: 'pipe', encoding: 'utf8',
    });
    return { code: 0, stdout, stderr: '' };
  } catch (e) {
    return { code: e.status, stdout: e.stdout?.toString() ?? '', stderr: e.stderr?.toString() ?? '' };
  }
}

// The shipped referential files, by data set name (`jalon import <name> <file>`).
export const REFERENTIAL_FILES = {
  communes: 'data/geo/cog-2026',
  centroides: 'data/geo/corresp_geo_point_codes_communes_2025.csv.gz',
  'zones-emploi': 'data/geo/Export_Communes_Zones_Emploi_2020.csv.gz',
  'bassins-emploi': 'data/geo/France_Travail_Bassin_Emploi_2021.csv.gz',
  rome: 'data/rome/v347',
  bmo: 'data/labour_market/Base_open_data_BMO_2024.xlsx',
  tension: 'data/labour_market/metiers_en_tension_mars_2024.csv',
};

// Imports referential data sets into the worker's store, once per worker (the server is shared
// by the worker's tests). The importers are unit-tested under ASan; this fixture step uses the
// Release binary when it is built, which reads the 13 MB COG five times faster. Call it first in
// beforeAll: a long import outlasts the server's keep-alive on connections opened before it.
export function importReferentials(jalon, names) {
  jalon.imported ??= new Set();
  const release = join(root, 'build/release/jalon');
  const bin = existsSync(release) ? release : jalonBin;
  const db = jalon.store.databaseUrl ? ['--database', jalon.store.databaseUrl] : [];
  for (const name of names) {
    if (jalon.imported.has(name)) continue;
    try {
      execFileSync(bin, ['import', name, join(root, REFERENTIAL_FILES[name]), '--data-dir', jalon.store.dataDir, ...db],
        { stdio: 'pipe', encoding: 'utf8' });
    } catch (e) {
      throw new Error(`jalon import ${name} failed:\n${e.stderr}`);
    }
    jalon.imported.add(name);
  }
}

// Starts `jalon serve`; resolves when it answers /healthz.
export async function startServer(store, extraArgs = []) {
  const port = await freePort();
  const args = ['serve', '--data-dir', store.dataDir, '--listen', `127.0.0.1:${port}`,
    '--test-routes', ...extraArgs];
  if (store.databaseUrl) args.push('--database', store.databaseUrl);
  const proc = spawn(jalonBin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const logs = { stdout: '', stderr: '' };
  proc.stdout.on('data', (d) => { logs.stdout += d; });
  proc.stderr.on('data', (d) => { logs.stderr += d; });
  const exited = new Promise((ok) => proc.on('exit', (code, signal) => ok({ code, signal })));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      const r = await fetch(`${url}/healthz`);
      if (r.ok) break;
    } catch { /* not yet */ }
    if (proc.exitCode !== null) throw new Error(`jalon exited early:\n${logs.stderr}`);
    if (Date.now() > deadline) throw new Error(`jalon did not start:\n${logs.stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url, port, proc, logs, exited,
    async stop(signal = 'SIGTERM') {
      if (proc.exitCode === null) proc.kill(signal);
      return exited;
    },
  };
}

const withoutHash = (u) => u.split('#')[0];

export const test = base.extend({
  engine: ['sqlite', { option: true, scope: 'worker' }],
  // One server per worker, shared by that worker's tests.
  jalon: [async ({ engine }, use) => {
    const store = createStore(engine);
    const server = await startServer(store);
    await use({ ...server, store, engine });
    const { code } = await server.stop();
    store.cleanup();
    if (code !== 0) throw new Error(`jalon exited with ${code}:\n${server.logs.stderr.slice(-4000)}`);
  }, { scope: 'worker' }],
  baseURL: async ({ jalon }, use) => use(jalon.url),
  // Every page a test loads must be checked with axe-core (expectAccessible) before the test ends.
  page: async ({ page }, use, testInfo) => {
    const visited = new Set();
    page.__axeChecked = new Set();
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame() && frame.url() !== 'about:blank') visited.add(withoutHash(frame.url()));
    });
    await use(page);
    const unchecked = [...visited].filter((u) => !page.__axeChecked.has(u));
    if (testInfo.status === 'passed' && unchecked.length) {
      throw new Error(`pages visited without an axe-core check: ${unchecked.join(', ')}`);
    }
  },
});

// Runs axe-core (WCAG 2.1 A and AA rules) on the current page and fails on any violation.
export async function expectAccessible(page) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .analyze();
  const summary = results.violations.map((v) =>
    `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('\n  ')}`);
  expect(summary, `axe-core violations on ${page.url()}`).toEqual([]);
  page.__axeChecked.add(withoutHash(page.url()));
}

export async function screenshot(page, name) {
  const dir = join(root, 'test-results', 'screens');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

export { expect };
