// The foundation seen from outside: route table, security headers (SR 41), error pages (SR 45),
// request parsing and limits, health and metrics, access log, graceful stop, CLI.
import { test, expect, createStore, startServer, runJalon, jalonBin } from '../support/jalon.mjs';
import { csrfOf } from '../support/auth.mjs';

const SR41 = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-frame-options': 'DENY',
};

function expectSecurityHeaders(res, where) {
  const h = res.headers();
  for (const [name, value] of Object.entries(SR41)) {
    expect(h[name], `${name} on ${where}`).toBe(value);
  }
  const csp = Object.fromEntries((h['content-security-policy'] || '').split(';')
    .map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
  expect(csp['default-src'], `CSP default-src on ${where}`).toEqual(["'self'"]);
  expect(csp['object-src'], where).toEqual(["'none'"]);
  expect(csp['base-uri'], where).toEqual(["'none'"]);
  expect(csp['frame-ancestors'], where).toEqual(["'none'"]);
  expect(csp['form-action'], where).toEqual(["'self'"]);
  expect(csp['script-src'][0], where).toBe("'self'");
  expect(csp['script-src'][1], where).toMatch(/^'nonce-[A-Za-z0-9_-]{16,}'$/);
  expect(h['x-correlation-id'], where).toMatch(/^[A-Za-z0-9_-]{16}$/);
  if (!where.includes('/static/')) expect(h['cache-control'], where).toBe('no-store');
}

async function routeTable(request) {
  const res = await request.get('/__test/routes');
  expect(res.status()).toBe(200);
  return (await res.json()).filter((r) => !r.pattern.startsWith('/__test/'));
}

function concretePath(pattern) {
  return pattern.replace(/\{[a-z_]+\.\.\.\}/g, 'css/jalon.css')
    .replace(/\{[a-z_]+\}/g, '0123456789abcdefghjkmnpqrs');
}

test('every route declares a permission', async ({ request }) => {
  const routes = await routeTable(request);
  expect(routes.length).toBeGreaterThanOrEqual(5);
  for (const r of routes) {
    expect(r.permission, `${r.method} ${r.pattern}`).toMatch(/^(public \(.+\)|authenticated|capability:[a-z_.]+)$/);
  }
});

test('every route, and every error page, carries the SR 41 headers', async ({ request }) => {
  const routes = await routeTable(request);
  for (const r of routes) {
    const path = concretePath(r.pattern);
    const res = await request.fetch(path, { method: r.method, maxRedirects: 0 });
    expect(res.status(), `${r.method} ${path}`).toBeLessThan(500);
    expectSecurityHeaders(res, `${r.method} ${path}`);
  }
  for (const [path, status, method] of [['/nope', 404, 'GET'], ['/healthz', 405, 'POST'],
    ['/__test/boom', 500, 'GET']]) {
    const res = await request.fetch(path, { method, maxRedirects: 0 });
    expect(res.status()).toBe(status);
    expectSecurityHeaders(res, `${method} ${path} (${status})`);
  }
});

test('a failing handler answers a generic page with a correlation id and no internals (SR 45)', async ({ request, jalon }) => {
  const res = await request.get('/__test/boom');
  expect(res.status()).toBe(500);
  const body = await res.text();
  const cid = res.headers()['x-correlation-id'];
  expect(body).toContain(cid);
  expect(body).toContain('Erreur interne');
  expect(body).not.toMatch(/SELECT|\/src\/|web_app|exception/i);
  // The server log keeps the detail under the same id.
  await expect.poll(() => jalon.logs.stderr).toContain(`"cid":"${cid}","event":"handler_exception"`);
  const json = await request.get('/api/v1/nope');
  expect(json.status()).toBe(404);
  expect((await json.json()).correlation_id).toBe(json.headers()['x-correlation-id']);
});

test('405 names the allowed methods; HEAD works like GET without a body', async ({ request }) => {
  const res = await request.post('/healthz');
  expect(res.status()).toBe(405);
  expect(res.headers().allow).toBe('GET');
  const head = await request.head('/healthz');
  expect(head.status()).toBe(200);
  expect(await head.text()).toBe('');
});

test('health and Prometheus metrics', async ({ request }) => {
  const health = await request.get('/healthz');
  expect(await health.text()).toBe('ok\n');
  await request.get('/');
  const metrics = await (await request.get('/metrics')).text();
  expect(metrics).toMatch(/^jalon_http_requests_total\{method="GET",route="\/",status="2xx"\} \d+$/m);
  expect(metrics).toMatch(/^jalon_http_request_duration_seconds_bucket\{method="GET",route="\/healthz",le="\+Inf"\} \d+$/m);
  expect(metrics).toMatch(/^jalon_http_request_duration_seconds_count\{method="GET",route="\/",\} ?\d+$|^jalon_http_request_duration_seconds_count\{method="GET",route="\/"\} \d+$/m);
});

test('forms: url-encoded and multipart are parsed; too many parts are refused', async ({ request }) => {
  const csrf = await csrfOf(request);
  const form = await request.post('/__test/echo', { form: { nom: 'Élise Dùpont', ville: 'Voiron & Co', csrf } });
  expect(await form.json()).toEqual({ form: { nom: 'Élise Dùpont', ville: 'Voiron & Co', csrf } });
  const multi = await request.post('/__test/echo', {
    multipart: { csrf, titre: 'CV', fichier: { name: 'cv.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 test') } },
  });
  expect(await multi.json()).toEqual({ form: { csrf, titre: 'CV' }, files: [{ field: 'fichier', filename: 'cv.pdf', size: 13 }] });
  const many = { csrf };
  for (let i = 0; i < 25; i++) many[`f${i}`] = 'x';
  const tooMany = await request.post('/__test/echo', { multipart: many });
  expect(tooMany.status()).toBe(413);
});

test('a request body over the limit is refused without reaching a handler', async ({ jalon }) => {
  const big = 'a'.repeat(13 * 1024 * 1024);
  let failed = false;
  try {
    const r = await fetch(`${jalon.url}/__test/echo`, {
      method: 'POST', body: big, headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    failed = r.status >= 400;
  } catch {
    failed = true;  // the server closes the connection
  }
  expect(failed).toBe(true);
  expect((await fetch(`${jalon.url}/healthz`)).status).toBe(200);
});

test('state-changing requests from another origin, or without the CSRF token, are refused', async ({ request, jalon }) => {
  const csrf = await csrfOf(request);
  const evil = await request.post('/__test/echo', { form: { a: '1', csrf }, headers: { origin: 'https://evil.example' } });
  expect(evil.status()).toBe(403);
  const same = await request.post('/__test/echo', { form: { a: '1', csrf }, headers: { origin: jalon.url } });
  expect(same.status()).toBe(200);
  const noToken = await request.post('/__test/echo', { form: { a: '1' }, headers: { origin: jalon.url } });
  expect(noToken.status()).toBe(403);
  const wrongToken = await request.post('/__test/echo', { form: { a: '1', csrf: 'x'.repeat(43) } });
  expect(wrongToken.status()).toBe(403);
});

test('cookies are parsed and the access log holds no query string or personal data', async ({ request, jalon }) => {
  await request.get('/?nom=Canari-Zebulon&email=canari%40example.org');
  await request.get('/connexion', { headers: { cookie: 'a=1; b="Canari-Zebulon"' } });
  await expect.poll(() => jalon.logs.stderr).toMatch(/"route":"\/connexion","status":200/);
  expect(jalon.logs.stderr).not.toContain('Canari');
  const lines = jalon.logs.stderr.trim().split('\n').filter((l) => l.includes('"event":"http"'));
  for (const l of lines) {
    const entry = JSON.parse(l);
    expect(Object.keys(entry).sort()).toEqual(['bytes', 'cid', 'event', 'method', 'ms', 'route', 'status', 'ts']);
  }
});

test('static assets: CSS and htmx are served from the binary with their types', async ({ request }) => {
  const css = await request.get('/static/css/jalon.css');
  expect(css.status()).toBe(200);
  expect(css.headers()['content-type']).toBe('text/css; charset=utf-8');
  const htmx = await request.get('/static/js/htmx.min.js');
  expect(htmx.status()).toBe(200);
  expect(await htmx.text()).toContain('htmx');
  expect((await request.get('/static/../src/app/main.cc')).status()).toBe(404);
  expect((await request.get('/static/css/absent.css')).status()).toBe(404);
});

test.describe('lifecycle', () => {
  test('SIGTERM lets an in-flight request finish, then exits 0', async ({ engine }) => {
    const store = createStore(engine);
    const server = await startServer(store);
    try {
      const slow = fetch(`${server.url}/__test/slow?ms=1500`).then(async (r) => [r.status, await r.text()]);
      await new Promise((r) => setTimeout(r, 300));
      server.proc.kill('SIGTERM');
      const [status, body] = await slow;
      expect(status).toBe(200);
      expect(body).toBe('slow done\n');
      const { code } = await server.exited;
      expect(code).toBe(0);
      expect(server.logs.stderr).toContain('"event":"stopped"');
    } finally {
      await server.stop();
      store.cleanup();
    }
  });

  test('migrate and check on a fresh store, and check refuses a store with unapplied migrations', async ({ engine }) => {
    const store = createStore(engine);
    try {
      const db = store.databaseUrl ? ['--database', store.databaseUrl] : [];
      const before = runJalon(['check', '--data-dir', store.dataDir, ...db]);
      expect(before.code).toBe(1);
      expect(before.stdout).toContain('FAIL schema');
      const mig = runJalon(['migrate', '--data-dir', store.dataDir, ...db]);
      expect(mig.code).toBe(0);
      expect(mig.stdout).toMatch(/schema version \d+/);
      const after = runJalon(['check', '--data-dir', store.dataDir, ...db]);
      expect(after.code, after.stdout).toBe(0);
      expect(after.stdout).toContain(engine === 'sqlite' ? 'synchronous=2' : 'fsync=on');
      expect(after.stdout).toMatch(/\nOK\n$/);
    } finally {
      store.cleanup();
    }
  });

  test('--help lists the commands, each with its own help', async () => {
    const help = runJalon(['--help']);
    for (const cmd of ['serve', 'migrate', 'check']) expect(help.stdout).toContain(cmd);
    const serve = runJalon(['serve', '--help']);
    for (const flag of ['--data-dir', '--listen', '--database', '--config']) {
      expect(serve.stdout + help.stdout).toContain(flag);
    }
  });

  test('configuration comes from a file and from the environment, flags first', async ({ engine }) => {
    test.skip(engine !== 'sqlite', 'engine-independent');
    const { writeFileSync } = await import('node:fs');
    const store = createStore('sqlite');
    try {
      const cfg = `${store.dataDir}/jalon.conf`;
      writeFileSync(cfg, `[serve]\nlisten = "not-an-address"\n`);
      const bad = runJalon(['--config', cfg, 'serve', '--data-dir', store.dataDir]);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('--listen must look like 127.0.0.1:8080 (got "not-an-address")');
      const env = runJalon(['serve', '--data-dir', store.dataDir], { JALON_LISTEN: 'also-bad' });
      expect(env.stderr).toContain('(got "also-bad")');
      expect(jalonBin).toBeTruthy();
    } finally {
      store.cleanup();
    }
  });
});
