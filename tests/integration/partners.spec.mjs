// The partners directory and the referral loop (issue 19), on both engines: the directory's
// forms and API (mistakes named by field, another structure's directory hidden, search by
// theme with distance), a browser test playing both sides of a referral (the counselor sends
// it with the person's consent, the partner declines on their link without an account, the
// answer lands on the record and the to-do list), and the link's lifetime and scope (tampered,
// reused, other person, expired then renewed, revoked when the counselor closes the referral).
import { test, expect, expectAccessible } from '../support/jalon.mjs';
import { advanceClock, apiCall, bootstrapAdmin, inviteAndSetUp, lastMail, newApi, postForm, resetClock } from '../support/auth.mjs';
import { signIn } from '../support/browser.mjs';
import { sql } from '../support/sql.mjs';

test.describe.configure({ mode: 'serial' });
let W;
const uniq = Date.now().toString(36);

async function made(actor, path, body) {
  const res = await apiCall(actor, 'POST', path, body);
  expect(res.status(), await res.text()).toBe(201);
  return res.json();
}

const partnerMail = (tag) => `accueil-${tag}-${uniq}@partenaire.example`;
const tokenOf = (mail) => mail.body.match(/\/orientation-partenaire\/([A-Za-z0-9_-]+)/)[1];

test.beforeAll(async ({ jalon }) => {
  const admin = await bootstrapAdmin(jalon, `adm-pa-${uniq}@test.example`, `ACI PA ${uniq}`);
  const cip1 = await inviteAndSetUp(jalon, admin, { email: `cip1-pa-${uniq}@test.example`, name: 'Camille Un', role: 'counselor' });
  const adminB = await bootstrapAdmin(jalon, `adm-pab-${uniq}@test.example`, `ACI PAB ${uniq}`);
  const cipB = await inviteAndSetUp(jalon, adminB, { email: `cipb-pa-${uniq}@test.example`, name: 'Cip B', role: 'counselor' });
  W = { admin, cip1, cipB };
  const person = async (last, email, phone) => (await made(cip1, '/api/v1/beneficiaries', {
    civility: 'mme', first_name: 'Alix', last_name: `${last}${uniq}`, birth_date: '1988-03-14', email, phone,
    prescriber_kind: 'france_travail', entry_date: '2026-02-02', scheme: 'iae', information_notice_version: '2026-01',
  })).id;
  W.alix = await person('Morel', `alix.morel.${uniq}@example.test`, '0611223344');
  W.other = await person('Durand', `alix.durand.${uniq}@example.test`, '0699887766');
  W.ecole = (await made(cip1, '/api/v1/partners/organisations', {
    name: `Auto-école solidaire ${uniq}`, kind: 'auto-ecole-sociale', email: partnerMail('ecole'),
  })).id;
  W.permis = (await made(cip1, `/api/v1/partners/organisations/${W.ecole}/services`, {
    name: 'Permis B accompagné', themes: ['mobilite'], publics: ['demandeurs-d-emploi'], fees: 'gratuit', places: 3,
  })).id;
});

test.afterAll(async ({ jalon }) => { await resetClock(jalon.url); });

test('directory: every mistake of a form at once, API problems by field, another structure sees nothing', async ({ jalon }) => {
  const before = sql(jalon, 'SELECT COUNT(*) FROM partner_organisations')[0][0];
  const page = await postForm(W.cip1.api, '/partenaires/nouvelle', { name: '', kind: 'inconnu', siret: '12', email: 'pas-un-mail' });
  expect(page.status()).toBe(422);
  const html = await page.text();
  for (const field of ['name', 'kind', 'siret', 'email']) expect(html).toContain(`<p class="field-error" id="${field}-error">`);
  expect(html).toContain('value="12"');
  const svc = await postForm(W.cip1.api, `/partenaires/${W.ecole}/services/nouveau`, { name: '' });
  expect(svc.status()).toBe(422);
  const shtml = await svc.text();
  for (const field of ['name', 'themes', 'publics']) expect(shtml).toContain(`<p class="field-error" id="${field}-error">`);
  const bad = await apiCall(W.cip1, 'POST', `/api/v1/partners/organisations/${W.ecole}/services`, { name: 'x', themes: ['pas-un-theme'], publics: ['jeunes'] });
  expect(bad.status()).toBe(422);
  expect((await bad.json()).field).toBe('themes');
  expect(sql(jalon, 'SELECT COUNT(*) FROM partner_organisations')[0][0]).toBe(before);

  const found = await (await W.cip1.api.get('/api/v1/partners/services?theme=mobilite')).json();
  expect(found.items.map((s) => s.name)).toEqual(['Permis B accompagné']);
  expect((await (await W.cip1.api.get('/api/v1/partners/services?theme=sante')).json()).items).toEqual([]);
  // Structure B's counselor: not its directory.
  expect((await (await W.cipB.api.get('/api/v1/partners/services?theme=mobilite')).json()).items).toEqual([]);
  expect((await W.cipB.api.get(`/partenaires/${W.ecole}`)).status()).toBe(404);
  expect((await apiCall(W.cipB, 'POST', `/api/v1/beneficiaries/${W.alix}/service-referrals`,
    { service_id: W.permis, reason: 'x', consent: true })).status()).toBe(404);
});

test('both sides of a referral in the browser: sent with consent, declined on the link, back on the record', async ({ page, browser, jalon }) => {
  await advanceClock(W.admin.api, 30_000);  // the enrolment used this step's code
  await signIn(page, W.cip1);
  await page.goto('/partenaires?theme=mobilite');
  await expectAccessible(page);
  await expect(page.getByRole('region', { name: 'Services trouvés' })).toContainText('Permis B accompagné');

  await page.goto(`/beneficiaires/${W.alix}/orientations`);
  await expectAccessible(page);
  await page.getByRole('link', { name: "Orienter vers un service de l'annuaire" }).click();
  await expect(page.getByRole('heading', { level: 2 })).toContainText('étape 1 sur 2');
  await expectAccessible(page);
  await page.getByLabel('Thématique').selectOption('mobilite');
  await page.getByRole('button', { name: 'Chercher' }).click();
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Choisir Permis B accompagné' }).click();
  await expect(page.getByRole('heading', { level: 2 })).toContainText('étape 2 sur 2');
  await expectAccessible(page);
  // Without the person's consent nothing is sent, and every mistake shows at once.
  await page.getByLabel('Téléphone et e-mail').uncheck();
  await page.getByRole('button', { name: "Envoyer l'orientation" }).click();
  await expect(page.locator('#consent-error')).toContainText("Cochez l'accord de la personne");
  await expect(page.locator('#reason-error')).toContainText('motif');
  await expectAccessible(page);
  expect(sql(jalon, `SELECT COUNT(*) FROM referrals WHERE beneficiary_id = '${W.alix}'`)[0][0]).toBe('0');
  await page.getByLabel("Motif de l'orientation").fill('Permis B pour un poste de livreur');
  await page.getByLabel(/La personne est d'accord/).check();
  await page.getByRole('button', { name: "Envoyer l'orientation" }).click();
  await expect(page.getByRole('status')).toContainText('le partenaire a reçu un lien');
  await expectAccessible(page);
  await expect(page.locator('.shares')).toContainText('Auto-école solidaire');
  await expect(page.locator('.shares')).toContainText('nom et prénom');
  await expect(page.locator('.shares')).not.toContainText('téléphone');

  // The partner, without an account, in a browser of their own.
  const mail = await lastMail(W.admin.api, partnerMail('ecole'));
  const token = tokenOf(mail);
  const partner = await (await browser.newContext({ baseURL: jalon.url })).newPage();
  partner.__axeChecked = new Set();
  await partner.goto(`/orientation-partenaire/${token}`);
  await expectAccessible(partner);
  await expect(partner.locator('dl')).toContainText(`Morel${uniq}`);
  await expect(partner.locator('dl')).toContainText('Permis B pour un poste de livreur');
  await expect(partner.locator('body')).not.toContainText('0611223344');  // contact not shared
  await partner.getByLabel('Je refuse').check();
  await partner.getByRole('button', { name: 'Envoyer ma réponse' }).click();
  await expect(partner.locator('#reason-error')).toContainText('motif du refus');
  await expectAccessible(partner);
  await partner.getByLabel('Je refuse').check();
  await partner.getByLabel('Motif du refus').selectOption('complet');
  await partner.getByLabel('Message au conseiller').fill('Prochaine session en mars');
  await partner.getByRole('button', { name: 'Envoyer ma réponse' }).click();
  await expect(partner.getByRole('status')).toContainText('orientation refusée');
  await expectAccessible(partner);
  await partner.goto(`/orientation-partenaire/${token}`);
  await expect(partner.locator('main')).toContainText('déjà été donnée');
  await expect(partner.locator('main')).not.toContainText(`Morel${uniq}`);
  await expectAccessible(partner);
  await partner.context().close();

  // Back on the counselor's side: the record, the timeline and the to-do list.
  await page.goto(`/beneficiaires/${W.alix}/orientations`);
  await expect(page.getByRole('region', { name: 'Orientations de la personne' })).toContainText('Plus de place disponible — Prochaine session en mars');
  await expect(page.getByRole('region', { name: 'Orientations de la personne' })).toContainText('réponse du partenaire');
  await expectAccessible(page);
  await page.goto(`/beneficiaires/${W.alix}/historique`);
  await expect(page.locator('main')).toContainText("a refusé l'orientation");
  await expectAccessible(page);
  await page.goto('/a-faire');
  await expect(page.locator('main')).toContainText("Réponse d'un partenaire à lire");
  await expectAccessible(page);
});

test("the link's lifetime and scope: tampered, other person, expired then renewed, revoked on close", async ({ jalon }) => {
  const refer = async (person, scope) => {
    const r = await made(W.cip1, `/api/v1/beneficiaries/${person}/service-referrals`,
      { service_id: W.permis, reason: 'Mobilité', scope, consent: true });
    return { id: r.id, token: tokenOf(await lastMail(W.admin.api, partnerMail('ecole'))) };
  };
  const a = await refer(W.alix, []);
  const b = await refer(W.other, ['identite', 'contact']);
  expect(a.token).not.toBe(b.token);
  const anon = await newApi(jalon.url);
  const view = async (token) => anon.get(`/orientation-partenaire/${token}`);
  // The store keeps only a hash of the token.
  expect(sql(jalon, `SELECT COUNT(*) FROM referral_links WHERE token_hash = '${a.token}'`)[0][0]).toBe('0');
  // Tampered: not found, nothing shown.
  const tampered = a.token.slice(0, -1) + (a.token.endsWith('A') ? 'B' : 'A');
  const t = await view(tampered);
  expect(t.status()).toBe(404);
  expect(await t.text()).not.toContain('Mobilité');
  // Each link shows its own person, only what was shared: a (nothing), b (name and contact).
  const pa = await (await view(a.token)).text();
  expect(pa).not.toContain(`Morel${uniq}`);
  expect(pa).not.toContain(`Durand${uniq}`);
  expect(pa).toContain("n'a pas souhaité partager son identité");
  const pb = await (await view(b.token)).text();
  expect(pb).toContain(`Durand${uniq}`);
  expect(pb).toContain('0699887766');
  expect(pb).not.toContain(`Morel${uniq}`);
  // Expired (14 days, set in the store so the sessions stay): no answer possible, a new link
  // on request, the old one then dead.
  sql(jalon, `UPDATE referral_links SET expires_at = 1 WHERE referral_id IN ('${a.id}', '${b.id}')`);
  const expired = await (await view(a.token)).text();
  expect(expired).toContain('Ce lien a expiré');
  expect(expired).toContain('Recevoir un nouveau lien');
  const csrfPage = expired.match(/name="csrf" value="([^"]+)"/)[1];
  const late = await anon.post(`/orientation-partenaire/${a.token}`, { form: { csrf: csrfPage, decision: 'accepter' } });
  expect(late.status()).toBe(409);
  expect(sql(jalon, `SELECT status FROM referrals WHERE id = '${a.id}'`)[0][0]).toBe('en_cours');
  const renew = await anon.post(`/orientation-partenaire/${a.token}/nouveau-lien`, { form: { csrf: csrfPage } });
  expect(renew.status()).toBe(200);
  const fresh = tokenOf(await lastMail(W.admin.api, partnerMail('ecole')));
  expect(fresh).not.toBe(a.token);
  expect((await view(a.token)).status()).toBe(404);
  const ok = await anon.post(`/orientation-partenaire/${fresh}`, { form: { csrf: csrfPage, decision: 'accepter', text: 'Rendez-vous le 3' } });
  expect(ok.status()).toBe(200);
  expect(sql(jalon, `SELECT status, answer, answered_by FROM referrals WHERE id = '${a.id}'`)[0]).toEqual(['validee', 'Rendez-vous le 3', 'partenaire']);
  // Reused: refused, nothing changes.
  const again = await anon.post(`/orientation-partenaire/${fresh}`, { form: { csrf: csrfPage, decision: 'refuser', reason: 'complet' } });
  expect(again.status()).toBe(409);
  expect(sql(jalon, `SELECT status FROM referrals WHERE id = '${a.id}'`)[0][0]).toBe('validee');
  // b's link also expired; the counselor closes b: its renewed link is revoked at once.
  await anon.post(`/orientation-partenaire/${b.token}/nouveau-lien`, { form: { csrf: csrfPage } });
  const bFresh = tokenOf(await lastMail(W.admin.api, partnerMail('ecole')));
  expect((await view(bFresh)).status()).toBe(200);
  const closed = await apiCall(W.cip1, 'PATCH', `/api/v1/referrals/${b.id}`, { status: 'expiree', answer: 'Plus d\'actualité' });
  expect(closed.status(), await closed.text()).toBe(200);
  expect((await view(bFresh)).status()).toBe(404);
  // Every use is in the audit trail, under the referral, never with the token.
  await W.admin.api.post('/__test/audit/flush');
  expect(Number(sql(jalon, `SELECT COUNT(*) FROM audit_log WHERE object_id = '${a.id}' AND actor_role = 'partner_link'`)[0][0])).toBeGreaterThanOrEqual(5);
  expect(sql(jalon, `SELECT COUNT(*) FROM audit_log WHERE details LIKE '%${a.token.slice(0, 12)}%'`)[0][0]).toBe('0');
});
