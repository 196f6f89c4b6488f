// Integration (HTTP) and browser (Chromium + axe-core) tests, run once per storage engine.
// Each worker starts its own `jalon serve` (tests/support/jalon.mjs); the PostgreSQL project
// needs JALON_TEST_PG (scripts/test.sh starts a throw-away cluster).
import { defineConfig } from '@playwright/test';

const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

const engines = ['sqlite'];
if (process.env.JALON_TEST_PG) engines.push('postgres');
else if (process.env.JALON_TEST_REQUIRE_PG === '1') throw new Error('JALON_TEST_PG is required');

export default defineConfig({
  testDir: 'tests',
  testMatch: ['integration/**/*.spec.mjs', 'e2e/**/*.spec.mjs'],
  outputDir: 'test-results/artifacts',
  // Generous limits: CI machines have 2 cores shared by two servers and two browsers.
  timeout: 240_000,
  expect: { timeout: 20_000 },
  workers: 2,
  fullyParallel: false,
  reporter: [['list'], ['html', { outputFolder: 'test-results/report', open: 'never' }]],
  use: {
    browserName: 'chromium',
    headless: true,
    locale: 'fr-FR',
    timezoneId: 'Europe/Paris',
    launchOptions: { executablePath: '/usr/bin/chromium', args: chromiumArgs },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
  projects: engines.map((engine) => ({ name: engine, use: { engine } })),
});
