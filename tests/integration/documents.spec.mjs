// Documents and pathway reports of the record over HTTP, on both engines (SR 43): types checked on content and
// extension, size and archive limits, random names outside the web root, downloads as
// attachments with an RFC 6266 file name, scoping, expiry warnings on the tab and the dashboard,
// audit records, and deletion that removes the bytes.
import { test, expect } from '../support/jalon.mjs';
import { apiCall, bootstrapAdmin, inviteAndSetUp, sessionCsrf, postForm } from '../support/auth.mjs';
import { sql } from '../support/sql.mjs';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

test.describe.configure({ mode: 'serial' });
let W;
const uniq = Date.now().toString(36);
const day = (offset) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

async function upload(actor, beneficiary, { name, buffer, kind = 'justificatif', label = '', expires_on = '', mimeType = 'application/octet-stream' }) {
  return actor.api.post(`/api/v1/beneficiaries/${beneficiary}/documents`, {
    headers: { 'x-csrf-token': await sessionCsrf(actor.api) },
    multipart: { kind, label, expires_on, file: { name, mimeType, buffer } },
  });
}

// Office files made here with Python's standard library: a real DOCX skeleton, an ODT, and an
// archive with too many entries.
function office(kind) {
  const dir = mkdtempSync(join(tmpdir(), 'jalon-doc-'));
  const out = join(dir, `f.${kind === 'odt' ? 'odt' : 'docx'}`);
  execFileSync('python3', ['-c', `
import sys, zipfile
kind, out = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as z:
    if kind == 'odt':
        z.writestr('mimetype', 'application/vnd.oasis.opendocument.text', compress_type=zipfile.ZIP_STORED)
        z.writestr('content.xml', '<office:document-content/>')
    else:
        z.writestr('[Content_Types].xml', '<Types/>')
        z.writestr('word/document.xml', '<w:document/>')
        if kind == 'bomb':
            for i in range(2100):
                z.writestr(f'x/{i}.xml', '')
`, kind, out]);
  return readFileSync(out);
}

test.beforeAll(async ({ jalon }) => {
  const admin = await bootstrapAdmin(jalon, `adm-doc-${uniq}@test.example`, `ACI doc ${uniq}`);
  const cip1 = await inviteAndSetUp(jalon, admin, { email: `cip1-doc-${uniq}@test.example`, name: 'Cip Doc', role: 'counselor' });
  const cip2 = await inviteAndSetUp(jalon, admin, { email: `cip2-doc-${uniq}@test.example`, name: 'Cip Autre', role: 'counselor' });
  const res = await apiCall(cip1, 'POST', '/api/v1/beneficiaries', {
    civility: 'mme', first_name: 'Inès', last_name: `Docs${uniq}`, birth_date: '1991-05-05',
    prescriber_kind: 'france_travail', entry_date: '2026-02-02', scheme: 'iae', information_notice_version: '2026-01',
  });
  expect(res.status()).toBe(201);
  W = { admin, cip1, cip2, b: (await res.json()).id };
});

test('SR 43: accepted types by content and extension, refused ones named, nothing stored', async ({ jalon }) => {
  const pdf = Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n');
  const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
  for (const [name, buffer] of [['attestation.pdf', pdf], ['photo.PNG', png], ['cv.docx', office('docx')], ['lettre.odt', office('odt')],
    ['id.jpg', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46])]]) {
    const res = await upload(W.cip1, W.b, { name, buffer });
    expect(res.status(), `${name}: ${await res.text()}`).toBe(201);
  }
  const before = sql(jalon, 'SELECT COUNT(*) FROM beneficiary_documents')[0][0];
  const files = () => readdirSync(join(jalon.store.dataDir, 'uploads')).length;
  const stored = files();
  for (const [name, buffer, message] of [
    ['script.pdf', Buffer.from('<script>alert(1)</script>'), 'ne correspond pas à son extension'],
    ['image.png', pdf, 'ne correspond pas à son extension'],
    ['programme.exe', Buffer.from('MZ\x90\x00'), 'Formats acceptés'],
    ['vide.pdf', Buffer.alloc(0), 'Choisissez un fichier'],
    ['bombe.docx', office('bomb'), 'trop volumineux une fois décompressé'],
    ['faux.docx', office('odt'), 'ne correspond pas à un document docx'],
    ['gros.pdf', Buffer.concat([pdf, Buffer.alloc(10 * 1024 * 1024)]), 'dépasse 10 Mo'],
  ]) {
    const res = await upload(W.cip1, W.b, { name, buffer });
    expect(res.status(), name).toBe(422);
    const err = await res.json();
    expect(err.field, name).toBe('file');
    expect(err.detail, name).toContain(message);
  }
  const badKind = await upload(W.cip1, W.b, { name: 'a.pdf', buffer: pdf, kind: 'secret' });
  expect((await badKind.json()).field).toBe('kind');
  expect(sql(jalon, 'SELECT COUNT(*) FROM beneficiary_documents')[0][0]).toBe(before);
  expect(files()).toBe(stored);
  // Stored under random names, with the checked type.
  const rows = sql(jalon, `SELECT storage_name, content_type, filename FROM beneficiary_documents WHERE beneficiary_id = '${W.b}' ORDER BY uploaded_at`);
  expect(rows.map((r) => r[1])).toEqual(['application/pdf', 'image/png',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'application/vnd.oasis.opendocument.text', 'image/jpeg']);
  for (const [storage] of rows) {
    expect(storage).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(existsSync(join(jalon.store.dataDir, 'uploads', storage))).toBe(true);
  }
});

test('downloads are attachments with the RFC 6266 name; scoping; audit; deletion removes the bytes', async ({ jalon }) => {
  const res = await upload(W.cip1, W.b, { name: 'Attestation été.pdf', buffer: Buffer.from('%PDF-1.4\nété\n'), label: 'Attestation CAF' });
  const id = (await res.json()).id;
  const dl = await W.cip1.api.get(`/documents/${id}/telecharger`);
  expect(dl.status()).toBe(200);
  expect(dl.headers()['content-type']).toBe('application/pdf');
  expect(dl.headers()['content-disposition']).toBe(`attachment; filename="Attestation__t_.pdf"; filename*=UTF-8''Attestation%20%C3%A9t%C3%A9.pdf`);
  expect(dl.headers()['x-content-type-options']).toBe('nosniff');
  expect(dl.headers()['content-security-policy']).toContain('sandbox');
  expect((await dl.body()).toString()).toBe('%PDF-1.4\nété\n');
  // Another counselor of the structure (not the referent) and another structure: not found.
  expect((await W.cip2.api.get(`/documents/${id}/telecharger`)).status()).toBe(404);
  expect((await W.cip2.api.get(`/beneficiaires/${W.b}/documents`)).status()).toBe(404);
  expect((await upload(W.cip2, W.b, { name: 'x.pdf', buffer: Buffer.from('%PDF-1.4') })).status()).toBe(404);
  await W.admin.api.post('/__test/audit/flush', { form: { csrf: await sessionCsrf(W.admin.api) } });
  const audit = sql(jalon, `SELECT action, details FROM audit_log WHERE object_id = '${W.b}' AND category = 'document' ORDER BY seq`);
  expect(audit).toContainEqual(['create', `document=${id}`]);
  expect(audit).toContainEqual(['read', `document=${id}`]);
  const storage = sql(jalon, `SELECT storage_name FROM beneficiary_documents WHERE id = '${id}'`)[0][0];
  expect((await postForm(W.cip1.api, `/documents/${id}/supprimer`, {})).status()).toBe(303);
  expect(existsSync(join(jalon.store.dataDir, 'uploads', storage))).toBe(false);
  expect((await W.cip1.api.get(`/documents/${id}/telecharger`)).status()).toBe(404);
  const timeline = await (await apiCall(W.cip1, 'GET', `/api/v1/beneficiaries/${W.b}/timeline`)).text();
  expect(timeline).toContain('Document supprimé : Attestation CAF');
});

test('proofs with an expiry date: warned on the tab and on the dashboard', async () => {
  const pdf = Buffer.from('%PDF-1.4\n');
  expect((await upload(W.cip1, W.b, { name: 'a.pdf', buffer: pdf, label: 'Justificatif RSA', expires_on: day(10) })).status()).toBe(201);
  expect((await upload(W.cip1, W.b, { name: 'b.pdf', buffer: pdf, label: 'Attestation ASS', expires_on: day(-3) })).status()).toBe(201);
  expect((await upload(W.cip1, W.b, { name: 'c.pdf', buffer: pdf, label: 'Titre de séjour', expires_on: day(200) })).status()).toBe(201);
  const bad = await upload(W.cip1, W.b, { name: 'd.pdf', buffer: pdf, expires_on: '2026-02-30' });
  expect((await bad.json()).field).toBe('expires_on');
  const list = await (await apiCall(W.cip1, 'GET', `/api/v1/beneficiaries/${W.b}/documents`)).json();
  const by = (label) => list.items.find((d) => d.label === label);
  expect(by('Justificatif RSA')).toMatchObject({ expiring: true, expired: false });
  expect(by('Attestation ASS')).toMatchObject({ expiring: false, expired: true });
  expect(by('Titre de séjour')).toMatchObject({ expiring: false, expired: false });
  const tab = await (await W.cip1.api.get(`/beneficiaires/${W.b}/documents`)).text();
  expect(tab).toContain('2 justificatifs expirés ou qui expirent dans les 30 jours');
  const home = await (await W.cip1.api.get('/')).text();
  expect(home).toContain('Justificatifs expirés ou qui expirent sous 30 jours (2)');
  expect(home).toContain('Justificatif RSA');
  expect(home).not.toContain('Titre de séjour');
});

// A form with repeated fields (checkboxes), url-encoded as a browser sends it.
async function postFields(actor, path, fields) {
  const body = new URLSearchParams({ csrf: await sessionCsrf(actor.api) });
  for (const [k, v] of Object.entries(fields)) for (const x of [].concat(v)) body.append(k, x);
  return actor.api.post(path, { data: body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
}

test('bilan de parcours and rapport de continuité: sections picked, text from the record, PDF', async ({ jalon }) => {
  const b = W.b;
  expect((await apiCall(W.cip1, 'POST', `/api/v1/beneficiaries/${b}/diagnoses`, { made_on: day(-20), items: [
    { theme: 'mobilite', item: 'mo_aucun', kind: 'barrier', severity: 3 }] })).status()).toBe(201);
  const contract = await apiCall(W.cip1, 'POST', `/api/v1/beneficiaries/${b}/contracts`, { kind: 'cer', status: 'en_cours', signed_on: day(-15), starts_on: day(-15), ends_on: day(165) });
  expect(contract.status(), await contract.text()).toBe(201);
  const referral = await apiCall(W.cip1, 'POST', `/api/v1/beneficiaries/${b}/referrals`, { partner: 'Mission locale du Voironnais', reason: 'Atelier mobilité', status: 'en_cours', sent_on: day(-5), follow_up_on: day(10) });
  expect(referral.status(), await referral.text()).toBe(201);
  const page = await postFields(W.cip1, `/beneficiaires/${b}/bilan`, { kind: 'bilan', recipient: 'France Travail Voiron', sections: ['diagnostic', 'parcours', 'orientations'] });
  expect(page.status()).toBe(200);
  const html = await page.text();
  expect(html).toContain('<h1>Bilan de parcours</h1>');
  expect(html).toContain('Diagnostic : freins et points d&apos;appui');
  expect(html).toContain('Aucun moyen de transport');
  expect(html).toContain('Mission locale du Voironnais');
  expect(html).not.toContain('Situation administrative et professionnelle');
  expect((await postFields(W.cip2, `/beneficiaires/${b}/bilan`, { kind: 'bilan', sections: ['diagnostic'] })).status()).toBe(404);

  const pdf = await postFields(W.cip1, `/beneficiaires/${b}/bilan/pdf`, { kind: 'continuite', recipient: 'Mission locale', sections: ['diagnostic', 'parcours', 'orientations', 'entretiens'] });
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()['content-disposition']).toBe('attachment; filename="rapport-continuite.pdf"');
  const dir = mkdtempSync(join(tmpdir(), 'jalon-bilan-'));
  const path = join(dir, 'r.pdf');
  writeFileSync(path, await pdf.body());
  const text = execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });
  expect(text).toContain('Rapport de continuité de parcours');
  expect(text).toContain(`Inès Docs${uniq}`);
  expect(text).toContain('Aucun moyen de transport');
  expect(text).toContain("CER (contrat d'engagement réciproque)");
  expect(text).toContain('Atelier mobilité');
});
