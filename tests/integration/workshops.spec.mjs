// Collective workshops (issue 16). In a real browser: a counselor designs a workshop (the form
// lists every mistake at once, the running order must add up), plans a session of 2 places,
// enrols 3 people checked in the filtered caseload with the keyboard (2 enrolled, 1 on the
// waiting list), frees a place (the first waiting takes it and is told by e-mail, naming no one
// else), marks attendance on one screen once the session started, and reads the rates. Over
// HTTP: capacity and waiting list through the API, enrolling outside one's caseload is "not
// found", a colleague sees only counts, and every attendance mistake is listed. axe-core on
// every page.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect, expectAccessible } from '../support/jalon.mjs';
import { apiCall, bootstrapAdmin, inviteAndSetUp, advanceClock, resetClock, postForm, lastMail } from '../support/auth.mjs';
import { signIn, tabTo } from '../support/browser.mjs';

const uniq = Date.now().toString(36);
const parisDay = (offset) => new Date(Date.now() + offset * 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' });
const DAY = 86_400_000;

let admin, cip, other;
test.beforeAll(async ({ jalon }) => {
  admin = await bootstrapAdmin(jalon, `adm-ws-${uniq}@test.example`, `ACI ateliers ${uniq}`);
  cip = await inviteAndSetUp(jalon, admin, { email: `cip-ws-${uniq}@test.example`, name: 'Camille Atelier', role: 'counselor' });
  other = await inviteAndSetUp(jalon, admin, { email: `cip2-ws-${uniq}@test.example`, name: 'Claude Collègue', role: 'counselor' });
});
test.afterAll(async ({ jalon }) => { await resetClock(jalon.url); });

async function person(actor, first, last, email) {
  const res = await apiCall(actor, 'POST', '/api/v1/beneficiaries', {
    civility: 'mme', first_name: first, last_name: last, birth_date: '1990-04-12', email,
    prescriber_kind: 'france_travail', entry_date: '2026-02-02', scheme: 'iae', information_notice_version: '2026-01',
  });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()).id;
}

async function call(actor, method, path, body, status) {
  const res = await apiCall(actor, method, path, body);
  expect(res.status(), await res.text()).toBe(status);
  return res.json();
}

const WORKSHOP = {
  title: 'Entretien d\'embauche', themes: ['trouver-un-emploi'], duration_min: 120, capacity_max: 3,
  objectives: [{ label: 'Se présenter en deux minutes', skill: 'Présenter son parcours' }],
  steps: [{ label: 'Accueil', duration_min: 15 }, { label: 'Simulations', duration_min: 90 }, { label: 'Bilan', duration_min: 15 }],
};

test('API: capacity, waiting list, scope, a colleague sees counts only, every attendance mistake listed', async () => {
  const w = await call(cip, 'POST', '/api/v1/workshops', WORKSHOP, 201);
  const bad = await call(cip, 'POST', '/api/v1/workshops', { ...WORKSHOP, duration_min: 100 }, 422);
  expect(bad.field).toBe('steps');
  expect(bad.detail).toContain('120 minutes');
  const s = await call(cip, 'POST', `/api/v1/workshops/${w.id}/sessions`,
    { date: parisDay(5), time: '10:00', duration_min: 120, mode: 'sur_place', place: 'Salle 2', capacity: 1 }, 201);
  expect(s.capacity).toBe(1);
  const a = await person(cip, 'Alix', `Api${uniq}`);
  const b = await person(cip, 'Bea', `Api${uniq}`);
  const foreign = await person(other, 'Cyd', `Autre${uniq}`);
  const first = await call(cip, 'POST', `/api/v1/workshop-sessions/${s.id}/enrolments`, { beneficiary_ids: [a] }, 200);
  expect(first.items).toEqual([{ beneficiary_id: a, outcome: 'inscrit' }]);
  const full = await call(cip, 'POST', `/api/v1/workshop-sessions/${s.id}/enrolments`, { beneficiary_ids: [b] }, 409);
  expect(full.detail).toContain('complète (1 places)');
  const waiting = await call(cip, 'POST', `/api/v1/workshop-sessions/${s.id}/enrolments`, { beneficiary_ids: [b], waiting_list: true }, 200);
  expect(waiting.items[0].outcome).toBe('liste_attente');
  await call(cip, 'POST', `/api/v1/workshop-sessions/${s.id}/enrolments`, { beneficiary_ids: [foreign], waiting_list: true }, 404);
  // The colleague sees the session's counts, not the people.
  const seen = await call(other, 'GET', `/api/v1/workshop-sessions/${s.id}`, undefined, 200);
  expect(seen.participants).toEqual([]);
  expect(seen.hidden).toBe(2);
  const mine = await call(cip, 'GET', `/api/v1/workshop-sessions/${s.id}`, undefined, 200);
  const enrolled = mine.participants.find((p) => !p.waiting);
  // Before the start, "present" is refused, naming the person; nothing is saved.
  const early = await call(cip, 'PUT', `/api/v1/workshop-sessions/${s.id}/attendance`, { statuses: { [enrolled.id]: 'present' } }, 422);
  expect(early.errors).toHaveLength(1);
  expect(early.errors[0].detail).toContain('Alix');
  expect(early.errors[0].detail).toContain("n'a pas encore commencé");
  // An excuse frees the place: the first waiting person takes it.
  const after = await call(cip, 'PUT', `/api/v1/workshop-sessions/${s.id}/attendance`, { statuses: { [enrolled.id]: 'excuse' } }, 200);
  expect(after.waiting).toBe(0);
  expect(after.taken).toBe(1);
  expect(after.participants.find((p) => p.beneficiary_id === b).waiting).toBe(false);
  // The attendance sheet (PDF) lists the people the caller sees, with their status.
  const sheet = async (actor) => {
    const res = await actor.api.get(`/seances-atelier/${s.id}/emargement.pdf`);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toBe('application/pdf');
    const file = join(mkdtempSync(join(tmpdir(), 'emargement-')), 'f.pdf');
    writeFileSync(file, await res.body());
    return execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  };
  const text = await sheet(cip);
  expect(text).toContain(`Api${uniq} Alix Excusé·e`);
  expect(text).toContain(`Api${uniq} Bea Non déterminé`);
  const theirs = await sheet(other);
  expect(theirs).not.toContain(`Api${uniq}`);
  expect(theirs).toContain('2 autre(s) participant·e(s)');
});

test('questionnaire link: only the questionnaire, single use, another session refused; cancelling tells each person alone', async ({ jalon, playwright }) => {
  const w = await call(cip, 'POST', '/api/v1/workshops', {
    ...WORKSHOP, title: `Questionnaire ${uniq}`,
    objectives: [{ label: 'Se présenter', skill: 'Présenter son parcours' }, { label: 'Convaincre', skill: 'Argumenter' }],
  }, 201);
  const plan = (day) => call(cip, 'POST', `/api/v1/workshops/${w.id}/sessions`,
    { date: parisDay(day), time: '10:00', duration_min: 120, mode: 'sur_place', place: 'Salle Verte', capacity: 5 }, 201);
  const s1 = await plan(4), s2 = await plan(6);
  const ea = `q-anais-${uniq}@test.example`, eb = `q-basile-${uniq}@test.example`;
  const a = await person(cip, 'Anaïs', `Quest${uniq}`, ea);
  const b = await person(cip, 'Basile', `Quest${uniq}`, eb);
  for (const s of [s1, s2]) await call(cip, 'POST', `/api/v1/workshop-sessions/${s.id}/enrolments`, { beneficiary_ids: [a, b] }, 200);
  const sent = await postForm(cip.api, `/seances-atelier/${s1.id}/questionnaires`, { moment: 'debut' });
  expect(sent.status()).toBe(303);
  expect(sent.headers().location).toContain('questionnaires=2&sans_email=0');
  const mail = await lastMail(admin.api, ea);
  expect(mail.body).not.toContain(`Quest${uniq}`);
  const token = mail.body.match(/\/questionnaire-atelier\/([A-Za-z0-9_-]{40,})/)[1];
  expect(mail.body).not.toContain((await lastMail(admin.api, eb)).body.match(/\/questionnaire-atelier\/([A-Za-z0-9_-]+)/)[1]);

  // The participant's phone: no account, the questionnaire and nothing else.
  const phone = await playwright.request.newContext({ baseURL: jalon.url, maxRedirects: 0 });
  const opened = await phone.get(`/questionnaire-atelier/${token}`);
  expect(opened.status()).toBe(200);
  expect(opened.headers()['cache-control']).toBe('no-store');
  const html = await opened.text();
  expect(html).toContain(`Questionnaire ${uniq}`);
  expect(html).toContain('Argumenter');
  for (const hidden of [`Quest${uniq}`, 'Anaïs', 'Basile', '/beneficiaires', 'Camille Atelier']) expect(html).not.toContain(hidden);
  const csrf = html.match(/name="csrf" value="([^"]+)"/)[1];
  const answer = (form) => phone.post(`/questionnaire-atelier/${token}`, { form: { csrf, ...form } });
  // Another session's form with this link: refused, and nothing about that session shown.
  const elsewhere = await answer({ session: s2.id, pre_0: '1', pre_1: '2' });
  expect(elsewhere.status()).toBe(409);
  // A missing answer: named, the link stays open.
  const missing = await answer({ session: s1.id, pre_0: '1' });
  expect(missing.status()).toBe(422);
  expect(await missing.text()).toContain('Indiquez une note de 1 à 4 pour la compétence « Argumenter » (avant).');
  const done = await answer({ session: s1.id, pre_0: '1', pre_1: '2' });
  expect(done.status()).toBe(200);
  expect(await done.text()).toContain('vos réponses sont enregistrées');
  expect((await answer({ session: s1.id, pre_0: '4', pre_1: '4' })).status()).toBe(409);  // single use
  expect(await (await phone.get(`/questionnaire-atelier/${token}`)).text()).toContain('ont déjà été envoyées avec ce lien');
  expect((await phone.get(`/questionnaire-atelier/${token.slice(0, -2)}xx`)).status()).toBe(404);
  const ev = await call(cip, 'GET', `/api/v1/workshop-sessions/${s1.id}/evaluation`, undefined, 200);
  expect(ev.answers).toEqual({ pre: 1, post: 0, satisfaction: 0 });
  // A colleague who does not follow these people can neither make a link nor type answers.
  const roster = await call(cip, 'GET', `/api/v1/workshop-sessions/${s1.id}`, undefined, 200);
  const pid = roster.participants[0].id;
  expect((await postForm(other.api, `/participations-atelier/${pid}/lien`, { moment: 'debut' })).status()).toBe(404);
  expect((await apiCall(other, 'PUT', `/api/v1/workshop-participations/${pid}/evaluation`, { answers: [] })).status()).toBe(404);

  // Cancelling needs a confirmation, then tells each person in a message naming only them.
  await call(cip, 'POST', `/api/v1/workshop-sessions/${s2.id}/cancel`, {}, 422);
  const cancelled = await call(cip, 'POST', `/api/v1/workshop-sessions/${s2.id}/cancel`, { confirm: true }, 200);
  expect(cancelled.told).toBe(2);
  expect(cancelled.cancelled).toBe(true);
  for (const [to, name, notName] of [[ea, 'Anaïs', 'Basile'], [eb, 'Basile', 'Anaïs']]) {
    const m = await lastMail(admin.api, to);
    expect(m.subject).toBe(`Annulation : atelier « Questionnaire ${uniq} »`);
    expect(m.body).toContain(`Bonjour ${name} Quest${uniq}`);
    expect(m.body).not.toContain(notName);
  }
  await call(cip, 'POST', `/api/v1/workshop-sessions/${s2.id}/enrolments`, { beneficiary_ids: [a] }, 404);
});

test('browser: design, plan, enrol from the caseload with the keyboard, free a place, mark attendance, read the rates', async ({ page, jalon }) => {
  test.setTimeout(180_000);
  const last = `Lefort${uniq}`;
  const ids = {};
  for (const [first, email] of [['Alix', undefined], ['Bastien', undefined], ['Chloé', `chloe-${uniq}@test.example`]]) {
    ids[first] = await person(cip, first, last, email);
  }
  await advanceClock(admin.api, 30_000);  // the enrolment used this step's TOTP code
  await signIn(page, cip);
  await page.getByRole('link', { name: 'Ateliers' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ateliers collectifs');
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Concevoir un atelier' }).click();
  await expectAccessible(page);
  // A first try with two mistakes: both are listed, each beside its field.
  await page.getByLabel('Titre', { exact: false }).fill('Réaliser son CV');
  await page.getByLabel('Préparer sa candidature').check();
  await page.getByLabel('Durée totale (minutes)', { exact: false }).fill('120');
  await page.getByLabel('Capacité maximale', { exact: false }).fill('2');
  await page.getByLabel('Objectif 1', { exact: true }).fill('Rédiger un CV d\'une page');
  await page.getByLabel('Étape 1', { exact: true }).fill('Accueil');
  await page.getByLabel('Durée de l\'étape 1 (minutes)').fill('10');
  await page.getByLabel('Étape 2', { exact: true }).fill('Rédaction');
  await page.getByLabel('Durée de l\'étape 2 (minutes)').fill('90');
  await page.getByRole('button', { name: 'Enregistrer l\'atelier' }).click();
  const summary = page.locator('#erreurs');
  await expect(summary).toContainText('Corrigez les 2 erreurs');
  await expect(summary).toContainText('compétence évaluée par l\'objectif 1');
  await expect(summary).toContainText('Les durées du déroulé font 100 minutes');
  await expectAccessible(page);
  await expect(page.getByLabel('Étape 2', { exact: true })).toHaveValue('Rédaction');  // nothing typed is lost
  await page.getByLabel('Compétence évaluée (objectif 1)').fill('Présenter son parcours');
  await page.getByLabel('Étape 3', { exact: true }).fill('Conclusion et évaluation');
  await page.getByLabel('Durée de l\'étape 3 (minutes)').fill('20');
  await page.getByRole('button', { name: 'Enregistrer l\'atelier' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Réaliser son CV');
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Fiche déroulé (imprimable)' }).click();
  await expect(page.getByRole('table', { name: 'Étapes de l\'atelier' })).toContainText('3. Conclusion et évaluation100′ – 120′20 min');
  await expectAccessible(page);
  await page.goBack();
  await page.getByRole('link', { name: 'Planifier une séance' }).click();
  await expectAccessible(page);
  await page.getByLabel('Date', { exact: false }).fill(parisDay(3));
  await page.getByLabel('Heure', { exact: false }).fill('14:00');
  await page.getByLabel('Lieu ou lien de visioconférence').fill('Salle Jaune');
  await page.getByRole('button', { name: 'Planifier la séance' }).click();
  await expect(page.locator('#places')).toContainText('0 inscrit·es, capacité 2 places');
  await expectAccessible(page);
  const sessionUrl = page.url();
  // The session is in the facilitator's agenda, beside the appointments.
  await page.goto(`/agenda?vue=semaine&date=${parisDay(3)}`);
  await expect(page.getByRole('link', { name: /14:00–16:00 Atelier : Réaliser son CV/ })).toHaveAttribute('href', new URL(sessionUrl).pathname);
  await expectAccessible(page);

  // The filtered caseload: three people checked with the keyboard, one action.
  await page.goto(`/beneficiaires?q=${encodeURIComponent(last)}`);
  await expectAccessible(page);
  for (const first of ['Alix', 'Bastien', 'Chloé']) {
    const box = page.getByRole('checkbox', { name: `Sélectionner ${last} ${first}` });
    await tabTo(page, box);
    await page.keyboard.press('Space');
    await expect(box).toBeChecked();
  }
  await tabTo(page, page.getByRole('button', { name: 'Inscrire à un atelier' }));
  await page.keyboard.press('Enter');
  await expect(page.getByText('3 personnes sélectionnées')).toBeVisible();
  await expectAccessible(page);
  const choice = page.getByRole('radio', { name: /Réaliser son CV/ });
  await tabTo(page, choice);
  await page.keyboard.press('Space');
  await tabTo(page, page.getByRole('button', { name: 'Inscrire', exact: true }));
  await page.keyboard.press('Enter');
  const results = page.getByRole('table', { name: 'Résultat pour chaque personne' });
  await expect(results.getByRole('row', { name: /Alix/ })).toContainText('Inscrit·e');
  await expect(results.getByRole('row', { name: /Bastien/ })).toContainText('Inscrit·e');
  await expect(results.getByRole('row', { name: /Chloé/ })).toContainText('Complet → liste d\'attente');
  await expectAccessible(page);

  // Alix excuses herself: Chloé, first waiting, takes the place and is told (and only her).
  await page.goto(sessionUrl);
  await expect(page.locator('#liste-attente')).toContainText('Chloé');
  await page.getByLabel(`Statut de ${last} Alix`).selectOption('excuse');
  await page.getByRole('button', { name: 'Enregistrer les présences' }).click();
  await expect(page.getByText('Les présences ont été enregistrées.')).toBeVisible();
  await expect(page.locator('#liste-attente')).toHaveCount(0);
  await expect(page.getByLabel(`Statut de ${last} Chloé`)).toBeVisible();
  await expectAccessible(page);
  // Convocations: one e-mail (Chloé has an address), one letter to print (Bastien); Alix is excused.
  await page.getByRole('button', { name: 'Envoyer les convocations par e-mail' }).click();
  await expect(page.getByText('Convocations envoyées par e-mail : 1. Sans adresse e-mail (lettre à imprimer) : 1.')).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('link', { name: `Lettre de ${last} Bastien` }).click();
  await expect(page.locator('#lettre')).toContainText(`Bonjour Bastien ${last}`);
  await expect(page.locator('#lettre')).toContainText('Salle Jaune');
  await expect(page.locator('#lettre')).not.toContainText('Chloé');
  await expect(page.locator('#lettre')).not.toContainText('Alix');
  await expectAccessible(page);

  // The session has started: attendance for everyone on one screen, then the rates.
  // Past the start whatever the hour now: the session is on day+3 at 14:00, Paris.
  await advanceClock(admin.api, 3 * DAY + 15 * 3_600_000);
  await signIn(page, cip);  // three days later: the session ended, sign in again
  await page.goto(sessionUrl);
  await page.getByLabel(`Statut de ${last} Bastien`).selectOption('present');
  await page.getByLabel(`Statut de ${last} Chloé`).selectOption('absent');
  await page.getByRole('button', { name: 'Enregistrer les présences' }).click();
  await expect(page.getByText('Les présences ont été enregistrées.')).toBeVisible();
  // 3 enrolled of 2 places (Alix excused), 1 present of 2 expected, 1 absent of 3 resolved.
  const expected = /remplissage\s*150 %\s*Taux de présence\s*50 %\s*Taux d'absence non excusée\s*33,3 %/;
  await expect(page.locator('#taux')).toHaveText(expected);
  await expectAccessible(page);
  // Bastien's questionnaire, answered on paper, typed in; then the bilan with its chart.
  await page.getByRole('link', { name: `Saisir l'évaluation de ${last} Bastien` }).click();
  await expectAccessible(page);
  await page.getByLabel('Présenter son parcours').first().selectOption('1');
  await page.locator('#post_0').selectOption('3');
  await page.getByLabel('Cet objectif est atteint pour moi : Rédiger un CV d\'une page').selectOption('4');
  await page.getByLabel('Dans l\'ensemble, je suis satisfait·e de l\'atelier').selectOption('5');
  await page.getByLabel('Commentaire libre').fill('Très utile pour ma candidature.');
  await page.getByRole('button', { name: 'Enregistrer l\'évaluation' }).click();
  await expect(page.getByText('L\'évaluation a été enregistrée.')).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Retour à la séance' }).click();
  await expect(page.getByRole('cell', { name: /avant, après, satisfaction/ })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Bilan de la séance' }).click();
  await expect(page.locator('#bilan-reponses')).toContainText('Questionnaires de satisfaction : 1 sur 1 (100 %)');
  // Satisfaction 4 of 5 = 80 %; self-assessment 1 → 3: +2, the one pair improved.
  await expect(page.locator('#bilan-objectifs tbody tr')).toHaveText(/Rédiger un CV d'une page\s*80 %\s*1\s*3\s*\+2\s*100 %\s*1\s*0/);
  await expect(page.locator('.chart svg')).toHaveCount(2);
  await expect(page.locator('#bilan-commentaires')).toHaveText('Très utile pour ma candidature.');
  await expectAccessible(page);
  await page.getByLabel('Modifier les notes de l\'animateur·ice').fill('Groupe attentif, prévoir des exemples de CV.');
  await page.getByRole('button', { name: 'Enregistrer les notes' }).click();
  await expect(page.locator('#bilan-notes')).toHaveText('Groupe attentif, prévoir des exemples de CV.');
  await expectAccessible(page);
  const bilanUrl = new URL(page.url()).pathname;
  const pdf = await page.request.get(`${bilanUrl}.pdf`);
  expect(pdf.headers()['content-type']).toBe('application/pdf');
  const dir = mkdtempSync(join(tmpdir(), 'bilan-'));
  writeFileSync(join(dir, 'b.pdf'), await pdf.body());
  const pdfText = execFileSync('pdftotext', [join(dir, 'b.pdf'), '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  expect(pdfText).toContain('Bilan de l\'atelier « Réaliser son CV »');
  expect(pdfText).toContain('Groupe attentif, prévoir des exemples de CV.');
  expect(pdfText).toContain('Très utile pour ma candidature.');
  expect(pdfText).not.toContain(last);  // the bilan names no participant
  const docx = await page.request.get(`${bilanUrl}.docx`);
  expect(docx.status()).toBe(200);
  writeFileSync(join(dir, 'b.docx'), await docx.body());
  execFileSync('libreoffice', ['--headless', '--convert-to', 'txt:Text', '--outdir', dir, join(dir, 'b.docx')], { stdio: 'ignore', timeout: 60_000 });
  const docxText = readFileSync(join(dir, 'b.txt'), 'utf8').replace(/\s+/g, ' ');
  expect(docxText).toContain('Rédiger un CV d\'une page');
  expect(docxText).toContain('Groupe attentif, prévoir des exemples de CV.');
  expect(docxText).not.toContain(last);
  await page.goto(sessionUrl);
  await page.getByRole('link', { name: 'Retour à l\'atelier' }).click();
  await expect(page.locator('#taux-atelier')).toHaveText(expected);
  await expect(page.locator('#revue')).toContainText('80 %');
  await expectAccessible(page);
  // The participation is on the person's record, in the history.
  await page.goto(`/beneficiaires/${ids.Bastien}/historique`);
  await expect(page.getByRole('link', { name: 'Atelier « Réaliser son CV » — Présent·e' })).toHaveAttribute('href', new URL(sessionUrl).pathname);
  await expectAccessible(page);
});
