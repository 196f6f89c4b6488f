// Hostile input found by a live attack (issue 12, items 10 and 12–13), on both engines: JSON
// bodies with wrong types or integers that do not fit get a 422 naming the field and change
// nothing; uploads that are two formats at once or whose archive entries climb out of their
// folder are refused; PDF exports run without scripts or network, through a bounded queue.
import { test, expect, createStore, startServer } from '../support/jalon.mjs';
import { apiCall, bootstrapAdmin, inviteAndSetUp, sessionCsrf, serverOffset, setServerOffset } from '../support/auth.mjs';
import { sql } from '../support/sql.mjs';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

test.describe.configure({ mode: 'serial' });
let W;
const uniq = Date.now().toString(36);

test.beforeAll(async ({ jalon }) => {
  const admin = await bootstrapAdmin(jalon, `adm-in-${uniq}@test.example`, `ACI in ${uniq}`);
  const cip = await inviteAndSetUp(jalon, admin, { email: `cip-in-${uniq}@test.example`, name: 'Cip Entrée', role: 'counselor' });
  const res = await apiCall(cip, 'POST', '/api/v1/beneficiaries', {
    civility: 'm', first_name: 'Noé', last_name: `Entrée${uniq}`, birth_date: '1990-03-03',
    prescriber_kind: 'france_travail', entry_date: '2026-02-02', scheme: 'iae', information_notice_version: '2026-01',
  });
  expect(res.status()).toBe(201);
  W = { admin, cip, b: (await res.json()).id };
});

async function refused(res, field) {
  expect(res.status(), await res.text()).toBe(422);
  const body = await res.json();
  expect(body.field).toBe(field);
  expect(body.detail).toContain(field);
}

test('issue 12 §10: an integer that does not fit is refused, not narrowed (mobility_km = 2^32 + 50)', async ({ jalon }) => {
  const path = `/api/v1/beneficiaries/${W.b}/projects`;
  await refused(await apiCall(W.cip, 'POST', path, { appellations: [], mobility_km: 2 ** 32 + 50, working_time: 'indifferent' }), 'mobility_km');
  await refused(await apiCall(W.cip, 'POST', path, { appellations: [], mobility_km: 12.5, working_time: 'indifferent' }), 'mobility_km');
  const rows = sql(jalon, `SELECT count(*) FROM project_records WHERE beneficiary_id = '${W.b}'`);
  expect(rows[0][0]).toBe('0');
  const ok = await apiCall(W.cip, 'POST', path, { appellations: [], mobility_km: 50, working_time: 'indifferent' });
  expect(ok.status(), await ok.text()).toBe(201);
  const got = await (await W.cip.api.get(`/api/v1/beneficiaries/${W.b}`)).json();
  expect(got.projects.map((p) => p.mobility_km)).toEqual([50]);
});

test('issue 12 §10: wrong JSON types get a 422 naming the field, never a 500', async () => {
  const b = `/api/v1/beneficiaries/${W.b}`;
  const cases = [
    ['POST', '/api/v1/beneficiaries', { first_name: 12, last_name: 'X' }, 'first_name'],
    ['POST', '/api/v1/beneficiaries', { first_name: 'A', last_name: 'B', confirm_duplicate: 'oui' }, 'confirm_duplicate'],
    ['POST', `${b}/situations`, { vehicle: 'oui' }, 'vehicle'],
    ['POST', `${b}/situations`, { licences: 'B' }, 'licences'],
    ['POST', `${b}/diagnoses`, { made_on: '2026-03-01', items: [{ theme: 'mobilite', severity: 'grave' }] }, 'items[0].severity'],
    ['POST', `${b}/projects`, { appellations: [7] }, 'appellations[0]'],
    ['POST', `${b}/appointments`, { date: '2026-05-05', time: '10:00', duration_min: '30' }, 'duration_min'],
    ['POST', `${b}/contracts`, { kind: ['cddi'] }, 'kind'],
    ['POST', `${b}/referrals`, { partner: { name: 'x' } }, 'partner'],
    ['POST', '/api/v1/territories', { name: 5, kind: 'epci', area_code: '200040715' }, 'name'],
  ];
  for (const [method, path, body, field] of cases) {
    await refused(await apiCall(method === 'POST' && path.startsWith('/api/v1/territories') ? W.admin : W.cip, method, path, body), field);
  }
});

// A DOCX skeleton made with Python's standard library, plus an entry named `extra`.
function docxWith(extra) {
  const out = join(mkdtempSync(join(tmpdir(), 'jalon-in-')), 'f.docx');
  execFileSync('python3', ['-c', `
import sys, zipfile
with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr('[Content_Types].xml', '<Types/>')
    z.writestr('word/document.xml', '<w:document/>')
    if sys.argv[2]:
        z.writestr(sys.argv[2], 'x')
`, out, extra]);
  return readFileSync(out);
}

test('issue 12 §12: a PDF/HTML polyglot and a DOCX with "../" entries are refused, nothing stored', async ({ jalon }) => {
  const upload = async (name, buffer) => W.cip.api.post(`/api/v1/beneficiaries/${W.b}/documents`, {
    headers: { 'x-csrf-token': await sessionCsrf(W.cip.api) },
    multipart: { kind: 'justificatif', label: '', expires_on: '', file: { name, mimeType: 'application/octet-stream', buffer } },
  });
  const count = () => sql(jalon, `SELECT COUNT(*) FROM beneficiary_documents WHERE beneficiary_id = '${W.b}'`)[0][0];
  const dir = join(jalon.store.dataDir, 'uploads');
  const files = () => (existsSync(dir) ? readdirSync(dir).length : 0);
  const before = count();
  const stored = files();
  const pdf = '%PDF-1.7\n1 0 obj\n<<>>\nendobj\n';
  const polyglot = Buffer.from(`${pdf}<html><body><script>fetch('/api/v1/beneficiaries').then(r => r.text())</script></body></html>\n%%EOF\n`);
  for (const [name, buffer, message] of [
    ['attestation.pdf', polyglot, 'code HTML'],
    ['cv.docx', docxWith('../../../tmp/jalon-owned.txt'), '« ../ »'],
    ['cv2.docx', docxWith('word/../../x.xml'), '« ../ »'],
  ]) {
    const res = await upload(name, buffer);
    expect(res.status(), name).toBe(422);
    const err = await res.json();
    expect(err.field, name).toBe('file');
    expect(err.detail, name).toContain(message);
    expect(err.detail, name).toContain('refusé');
  }
  expect(count()).toBe(before);
  expect(files()).toBe(stored);
  // The same files without the hostile part are accepted.
  expect((await upload('attestation.pdf', Buffer.from(`${pdf}%%EOF\n`))).status()).toBe(201);
  expect((await upload('cv.docx', docxWith(''))).status()).toBe(201);
  expect(Number(count())).toBe(Number(before) + 2);
  expect(files()).toBe(stored + 2);
});

// A stand-in for Chromium that records how it was called and the document it got, then holds
// its worker until the test creates `release`, and writes a small PDF.
function fakeChromium(dir) {
  const bin = join(dir, 'chromium');
  writeFileSync(bin, `#!/bin/sh
dir="${dir}"
for a in "$@"; do case "$a" in --print-to-pdf=*) out="\${a#--print-to-pdf=}";; file://*) doc="\${a#file://}";; esac; done
printf '%s\\n' "$@" > "$dir/args-$$"
cp "$doc" "$dir/doc-$$.html"
touch "$dir/started-$$"
while [ ! -e "$dir/release" ]; do sleep 0.05; done
{ printf '%%PDF-1.4\\n'; head -c 200 /dev/zero | tr '\\0' x; printf '\\n%%%%EOF\\n'; } > "$out"
`);
  chmodSync(bin, 0o755);
  return bin;
}

test('issue 12 §13: PDF exports run one at a time behind a bounded queue; a full queue answers 503 with Retry-After', async ({ engine }) => {
  const dir = mkdtempSync(join(tmpdir(), 'jalon-pdfq-'));
  const saved = { ...process.env };
  Object.assign(process.env, { JALON_CHROMIUM: fakeChromium(dir), JALON_PDF_WORKERS: '1', JALON_PDF_QUEUE: '1' });
  const store = createStore(engine);
  let server;
  try {
    server = await startServer(store);
  } finally {
    for (const k of ['JALON_CHROMIUM', 'JALON_PDF_WORKERS', 'JALON_PDF_QUEUE']) {
      if (k in saved) process.env[k] = saved[k]; else delete process.env[k];
    }
  }
  // This server's clock is the real one, whatever earlier tests did to the worker's server.
  const workerOffset = serverOffset();
  setServerOffset(0);
  try {
    const jalon = { ...server, store, engine };
    const admin = await bootstrapAdmin(jalon, `adm-pdfq-${uniq}@test.example`, `ACI pdf ${uniq}`);
    const cip = await inviteAndSetUp(jalon, admin, { email: `cip-pdfq-${uniq}@test.example`, name: 'Cip Pdf', role: 'counselor' });
    const created = await apiCall(cip, 'POST', '/api/v1/beneficiaries', {
      civility: 'mme', first_name: 'Lou', last_name: `Pdf${uniq}`, birth_date: '1992-04-04',
      prescriber_kind: 'france_travail', entry_date: '2026-02-02', scheme: 'iae', information_notice_version: '2026-01',
    });
    expect(created.status()).toBe(201);
    const b = (await created.json()).id;
    const csrf = await sessionCsrf(cip.api);
    const exportPdf = () => cip.api.post(`/beneficiaires/${b}/bilan/pdf`, {
      data: new URLSearchParams([['csrf', csrf], ['kind', 'bilan'], ['sections', 'diagnostic']]).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    const started = () => readdirSync(dir).filter((f) => f.startsWith('started-')).length;
    const first = exportPdf();
    await expect.poll(started).toBe(1);  // the only worker is busy
    // One of the next two waits in the queue's only place; the other is refused at once.
    const next = [exportPdf(), exportPdf()];
    const refused = await Promise.race(next);
    expect(refused.status()).toBe(503);
    expect(refused.headers()['retry-after']).toBe('30');
    expect(await refused.text()).toContain('réessayez dans 30 secondes');
    expect(started()).toBe(1);
    writeFileSync(join(dir, 'release'), '');
    const done = await Promise.all([first, ...next]);
    expect(done.map((r) => r.status()).sort()).toEqual([200, 200, 503]);
    expect(started()).toBe(2);
    // How Chromium was called: no network, and a document that may only use what it carries.
    const args = readFileSync(join(dir, readdirSync(dir).find((f) => f.startsWith('args-'))), 'utf8').split('\n');
    expect(args).toContain('--proxy-server=127.0.0.1:1');
    expect(args).toContain('--host-resolver-rules=MAP * ~NOTFOUND');
    const doc = readFileSync(join(dir, readdirSync(dir).find((f) => f.startsWith('doc-'))), 'utf8');
    expect(doc).toMatch(/<head>\s*<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:">/);
  } finally {
    setServerOffset(workerOffset);
    writeFileSync(join(dir, 'release'), '');
    await server.stop();
    store.cleanup();
  }
});
