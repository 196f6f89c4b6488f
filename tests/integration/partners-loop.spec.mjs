// The partners directory, second part (issue 19), on both engines: `jalon import services`
// (data·inclusion's layout: good, malformed, repeated), barrier → service on a person's
// diagnosis and the caseload's gaps, and a browser test playing both sides of a referral — the
// counselor sends from the barrier's local services, the partner answers on the link without
// an account, and a partner user answers another referral in their inbox, seeing only what the
// consent shared and no other person — then the record's "who sees it, what was shared", and a
// rencontre whose follow-up lands on the to-do list. axe-core on every page.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect, expectAccessible, jalonBin, root } from '../support/jalon.mjs';
import { advanceClock, apiCall, bootstrapAdmin, inviteAndSetUp, lastMail, newApi, postForm, resetClock, userIdOf } from '../support/auth.mjs';
import { signIn } from '../support/browser.mjs';
import { sql } from '../support/sql.mjs';

test.describe.configure({ mode: 'serial' });
let W;
const uniq = Date.now().toString(36);
const sample = join(root, 'data/data-inclusion');

function importServices(jalon, path, structure) {
  const db = jalon.store.databaseUrl ? ['--database', jalon.store.databaseUrl] : [];
  try {
    const out = execFileSync(jalonBin, ['import', 'services', path, '--structure', structure,
      '--data-dir', jalon.store.dataDir, ...db], { stdio: 'pipe', encoding: 'utf8' });
    return { code: 0, out };
  } catch (e) {
    return { code: e.status, out: e.stdout, err: e.stderr };
  }
}

async function made(actor, path, body) {
  const res = await apiCall(actor, 'POST', path, body);
  expect(res.status(), await res.text()).toBe(201);
  return res.json();
}
const tokenOf = (mail) => mail.body.match(/\/orientation-partenaire\/([A-Za-z0-9_-]+)/)[1];
const count = (jalon, q) => Number(sql(jalon, q)[0][0]);

test.beforeAll(async ({ jalon }) => {
  const admin = await bootstrapAdmin(jalon, `adm-pl-${uniq}@test.example`, `ACI PL ${uniq}`);
  const cip = await inviteAndSetUp(jalon, admin, { email: `cip-pl-${uniq}@test.example`, name: 'Camille Loop', role: 'counselor' });
  const coord = await inviteAndSetUp(jalon, admin, { email: `coord-pl-${uniq}@test.example`, name: 'Dominique Coord', role: 'coordinator' });
  const partner = await inviteAndSetUp(jalon, admin, { email: `ml-pl-${uniq}@test.example`, name: 'Sacha Mission', role: 'partner' });
  W = { admin, cip, coord, partner };
  W.structure = sql(jalon, `SELECT structure_id FROM users WHERE email = '${cip.email}'`)[0][0];
  const person = async (last, phone) => (await made(cip, '/api/v1/beneficiaries', {
    civility: 'mme', first_name: 'Alix', last_name: `${last}${uniq}`, birth_date: '1991-05-02', phone,
    prescriber_kind: 'france_travail', entry_date: '2026-02-02', scheme: 'iae', information_notice_version: '2026-01',
  })).id;
  W.alix = await person('Morel', '0611223344');
  W.noa = await person('Petit', '0622334455');
});

test.afterAll(async ({ jalon }) => { await resetClock(jalon.url); });

test('jalon import services: good, malformed (line named, nothing changed), repeated (nothing changes)', async ({ jalon }) => {
  const orgs = () => count(jalon, `SELECT COUNT(*) FROM partner_organisations WHERE structure_id = '${W.structure}'`);
  const services = () => count(jalon, `SELECT COUNT(*) FROM partner_services WHERE structure_id = '${W.structure}'`);
  // Malformed first: an unknown thematique on the second service; nothing is written.
  const dir = mkdtempSync(join(tmpdir(), 'di-'));
  writeFileSync(join(dir, 'structures.json'), readFileSync(join(sample, 'structures.json')));
  const bad = JSON.parse(readFileSync(join(sample, 'services.json'), 'utf8'));
  bad[1].thematiques = ['mobilite-inconnue--x'];
  writeFileSync(join(dir, 'services.json'), JSON.stringify(bad));
  const refused = importServices(jalon, dir, W.structure);
  expect(refused.code).toBe(1);
  expect(refused.err).toContain('services.json, élément 2');
  expect(refused.err).toContain('thematiques');
  expect(refused.err).toContain('mobilite-inconnue--x');
  expect(orgs()).toBe(0);
  // Good: the 4 structures and 5 services of the sample.
  const good = importServices(jalon, sample, W.structure);
  expect(good.code, good.err).toBe(0);
  expect(orgs()).toBe(4);
  expect(services()).toBe(5);
  const ids = sql(jalon, `SELECT id FROM partner_services WHERE structure_id = '${W.structure}' ORDER BY source_id`).map((r) => r[0]);
  // Repeated, from the CSV twin: nothing added or changed, ids kept.
  const again = importServices(jalon, join(sample, 'services.csv'), W.structure);
  expect(again.code, again.err).toBe(0);
  expect(orgs()).toBe(4);
  expect(services()).toBe(5);
  expect(sql(jalon, `SELECT id FROM partner_services WHERE structure_id = '${W.structure}' ORDER BY source_id`).map((r) => r[0])).toEqual(ids);
  const found = await (await W.cip.api.get('/api/v1/partners/services?theme=mobilite')).json();
  expect(found.items.map((s) => s.name)).toEqual(['Diagnostic et conseil mobilité']);
  expect(found.items[0].zone_kind).toBe('departement');
});

test('barrier → service: a person\'s barriers with local services, the caseload\'s gaps', async () => {
  const diag = (items) => ({ made_on: '2026-03-02', summary: 'Premier diagnostic', items });
  await made(W.cip, `/api/v1/beneficiaries/${W.alix}/diagnoses`, diag([
    { theme: 'mobilite', item: 'mo_aucun', kind: 'barrier', severity: 3 },
    { theme: 'maitrise_langue', item: 'la_fle', kind: 'barrier', severity: 2 },
  ]));
  await made(W.cip, `/api/v1/beneficiaries/${W.noa}/diagnoses`, diag([
    { theme: 'mobilite', item: 'mo_aucun', kind: 'barrier', severity: 1 },
    { theme: 'contraintes_familiales', item: 'cf_garde', kind: 'barrier', severity: 2 },
  ]));
  const mine = (await (await W.cip.api.get(`/api/v1/beneficiaries/${W.alix}/barrier-services`)).json()).items;
  expect(mine.map((b) => [b.code, b.services.map((s) => s.name)])).toEqual([
    ['mo_aucun', ['Diagnostic et conseil mobilité']],
    ['la_fle', []],
  ]);
  const gaps = (await (await W.cip.api.get('/api/v1/partners/barrier-gaps')).json()).items;
  const byCode = Object.fromEntries(gaps.map((g) => [g.code, g]));
  expect(byCode.mo_aucun.people).toBe(2);
  expect(byCode.mo_aucun.gap).toBe(false);
  expect(byCode.la_fle.gap).toBe(true);
  expect(byCode.cf_garde.services.map((s) => s.name)).toEqual(['Solutions de garde pour reprendre un emploi']);
  expect(gaps.length).toBe(3);
});

test('both sides of a referral: the link, a partner user\'s inbox, the record\'s sharing, a rencontre', async ({ page, browser, jalon }) => {
  test.setTimeout(120_000);
  const mobility = sql(jalon, `SELECT o.id FROM partner_organisations o WHERE o.structure_id = '${W.structure}' AND o.source_id = 'demo--wimoov-isere'`)[0][0];
  const mission = sql(jalon, `SELECT o.id FROM partner_organisations o WHERE o.structure_id = '${W.structure}' AND o.source_id = 'demo--ml-voironnais'`)[0][0];
  // The coordinator attaches the partner user to the mission locale.
  const attached = await postForm(W.coord.api, `/partenaires/${mission}/comptes`, { user_id: await userIdOf(W.partner.api) });
  expect(attached.status()).toBe(303);
  expect(count(jalon, `SELECT COUNT(*) FROM partner_members WHERE organisation_id = '${mission}'`)).toBe(1);

  // Counselor: from the diagnosis' barriers to a local service, with consent.
  await advanceClock(W.admin.api, 30_000);  // the enrolments used this step's codes
  await signIn(page, W.cip);
  await page.goto(`/beneficiaires/${W.alix}/diagnostic`);
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Services du territoire pour ces freins' }).click();
  await expectAccessible(page);
  await expect(page.locator('section', { hasText: 'Aucun moyen de transport' })).toContainText('Diagnostic et conseil mobilité');
  await expect(page.locator('section', { hasText: 'FLE' })).toContainText('Aucun service local');
  await page.getByRole('link', { name: 'Orienter vers Diagnostic et conseil mobilité' }).click();
  await expectAccessible(page);
  await page.getByLabel("Motif de l'orientation").fill('Trouver un moyen de venir au chantier');
  await page.getByLabel('Téléphone et e-mail').uncheck();
  await page.getByLabel(/La personne est d'accord/).check();
  await page.getByRole('button', { name: "Envoyer l'orientation" }).click();
  await expect(page.getByRole('status')).toContainText('le partenaire a reçu un lien');
  await expectAccessible(page);
  await page.goto('/partenaires/freins');
  await expectAccessible(page);
  await expect(page.getByRole('region', { name: 'Freins et services locaux' })).toContainText('Aucune réponse locale');

  // The partner of the mobility platform, without an account, accepts on the link.
  const link = await (await browser.newContext({ baseURL: jalon.url })).newPage();
  link.__axeChecked = new Set();
  await link.goto(`/orientation-partenaire/${tokenOf(await lastMail(W.admin.api, 'mobilite@exemple-voironnais.test'))}`);
  await expectAccessible(link);
  await expect(link.locator('dl')).toContainText(`Morel${uniq}`);
  await expect(link.locator('body')).not.toContainText('0611223344');
  await link.getByLabel("J'accepte").check();
  await link.getByLabel('Message au conseiller').fill('Rendez-vous mardi');
  await link.getByRole('button', { name: 'Envoyer ma réponse' }).click();
  await expect(link.getByRole('status')).toContainText('orientation acceptée');
  await expectAccessible(link);
  await link.context().close();

  // Two referrals to the mission locale: Noa (identity only) and Alix (nothing but the reason).
  const housing = sql(jalon, `SELECT id FROM partner_services WHERE structure_id = '${W.structure}' AND source_id = 'demo--ml-logement'`)[0][0];
  const toNoa = await made(W.cip, `/api/v1/beneficiaries/${W.noa}/service-referrals`, { service_id: housing, reason: 'Logement autonome', scope: ['identite'], consent: true });
  const noaToken = tokenOf(await lastMail(W.admin.api, 'accueil@exemple-mlvc.test'));
  const toAlix = await made(W.cip, `/api/v1/beneficiaries/${W.alix}/service-referrals`, { service_id: housing, reason: 'Foyer de jeunes travailleurs', scope: [], consent: true });
  const alixToken = tokenOf(await lastMail(W.admin.api, 'accueil@exemple-mlvc.test'));

  // The partner user: their inbox, only the consented fields, answers once.
  const p = await (await browser.newContext({ baseURL: jalon.url })).newPage();
  p.__axeChecked = new Set();
  await signIn(p, W.partner);
  await p.getByRole('link', { name: 'Orientations reçues' }).click();
  await expectAccessible(p);
  const inbox = p.getByRole('region', { name: 'Orientations reçues' });
  await expect(inbox).toContainText(`Alix Petit${uniq}`);
  await expect(inbox).toContainText('Identité non partagée');
  await expect(inbox).not.toContainText(`Morel${uniq}`);
  await expect(inbox).not.toContainText('Diagnostic et conseil mobilité');  // another organisation's
  await expect(p.locator('main')).toContainText('2 orientations attendent votre réponse.');
  // The newest first: Alix's, whose consent shares the reason only.
  await p.getByRole('link', { name: /Répondre à l'orientation .* Accès au logement des jeunes/ }).first().click();
  await expectAccessible(p);
  await expect(p.locator('main')).toContainText('Foyer de jeunes travailleurs');
  await expect(p.locator('main')).toContainText("n'a pas souhaité partager son identité");
  await expect(p.locator('main')).not.toContainText(`Morel${uniq}`);
  await p.getByLabel('Je refuse').check();
  await p.getByRole('button', { name: 'Envoyer ma réponse' }).click();
  await expect(p.locator('#reason-error')).toContainText('motif du refus');
  await expectAccessible(p);
  await p.getByLabel('Je refuse').check();
  await p.getByLabel('Motif du refus').selectOption('complet');
  await p.getByRole('button', { name: 'Envoyer ma réponse' }).click();
  await expect(p.getByRole('status')).toContainText('transmise au conseiller');
  await expectAccessible(p);
  await expect(p.locator('main')).toContainText('1 orientation attend votre réponse.');
  // The other person's record, another organisation's referral, a person's page: not theirs.
  const mobilityReferral = sql(jalon, `SELECT id FROM referrals WHERE beneficiary_id = '${W.alix}' AND status = 'validee'`)[0][0];
  expect((await p.request.get(`/partenaire/orientations/${mobilityReferral}`)).status()).toBe(404);
  expect((await p.request.get(`/beneficiaires/${W.noa}`)).status()).toBe(403);
  const api = (await (await p.request.get('/api/v1/partner/referrals')).json()).items;
  expect(api.length).toBe(2);
  expect(JSON.stringify(api)).not.toContain('0622334455');
  await p.context().close();
  expect(sql(jalon, `SELECT status, answered_by, decline_reason FROM referrals WHERE id = '${toAlix.id}'`)[0]).toEqual(['refusee', 'partenaire', 'complet']);
  expect(sql(jalon, `SELECT status FROM referrals WHERE id = '${toNoa.id}'`)[0][0]).toBe('en_cours');
  // Answered in the inbox, Alix's link is revoked; Noa's still works.
  const anon = await newApi(jalon.url);
  expect((await anon.get(`/orientation-partenaire/${alixToken}`)).status()).toBe(404);
  expect((await anon.get(`/orientation-partenaire/${noaToken}`)).status()).toBe(200);

  // Back to the counselor: who sees Noa's record, and what was shared with whom.
  await page.goto(`/beneficiaires/${W.noa}/partage`);
  await expectAccessible(page);
  await expect(page.getByRole('region', { name: 'Personnes qui voient le dossier' })).toContainText('Camille Loop');
  await expect(page.getByRole('region', { name: 'Personnes qui voient le dossier' })).toContainText('Sacha Mission');
  const shares = page.getByRole('region', { name: 'Partages avec les partenaires' });
  await expect(shares).toContainText('Mission locale Voironnais Chartreuse (exemple)');
  await expect(shares).toContainText('Nom et prénom');
  await expect(shares).not.toContainText('Téléphone et e-mail');

  // A rencontre with the mission locale, a follow-up due in a week on the to-do list.
  await page.goto(`/partenaires/${mission}`);
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Noter une rencontre' }).click();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Enregistrer la rencontre' }).click();
  await expect(page.locator('#held_on-error')).toBeVisible();
  await expect(page.locator('#people-error')).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel('Date de la rencontre').fill('2026-03-10');
  await page.getByLabel('Personnes rencontrées').fill('Sacha Mission, conseillère logement');
  await page.getByLabel('Notes').fill('Deux places en FJT au printemps');
  await page.getByLabel('Suite n° 1', { exact: true }).fill('Envoyer la liste des jeunes intéressés');
  const due = new Date(Date.now() + 3 * 86400_000).toISOString().slice(0, 10);
  await page.getByLabel('Échéance de la suite n° 1').fill(due);
  await page.getByRole('button', { name: 'Enregistrer la rencontre' }).click();
  await expect(page.getByRole('status')).toContainText('La rencontre est enregistrée');
  await expect(page.getByRole('region', { name: 'Rencontre du 10/03/2026' })).toContainText('Envoyer la liste des jeunes intéressés');
  await expectAccessible(page);
  await page.goto('/a-faire');
  await expect(page.locator('main')).toContainText("Suite d'une rencontre avec un partenaire");
  await expectAccessible(page);
  void mobility;
});
