// Appointments, agenda, ICS and interview reports over HTTP, on both engines: Paris local times
// stored in UTC, bad input named by field and changing nothing, scoping (another counselor's or
// structure's objects are not found), participation rules, the ICS file and feed read by
// Debian's python3-icalendar with the right Paris times, feed revocation, convocations in the
// outbox, SR 5 notice, finalised reports immutable (409) with addenda, and the audit trail.
import { test, expect } from '../support/jalon.mjs';
import { apiCall, newApi, postForm, sessionCsrf, twoStructures, userIdOf } from '../support/auth.mjs';
import { sql, sqlFails } from '../support/sql.mjs';
import { execFileSync } from 'node:child_process';

test.describe.configure({ mode: 'serial' });
let W;
const uniq = Date.now().toString(36);

const api = apiCall;

// A calendar date in Paris, `offset` days from today ("YYYY-MM-DD").
function parisDay(offset = 0) {
  return new Date(Date.now() + offset * 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' });
}
const nextYear = Number(parisDay().slice(0, 4)) + 1;
// The day Paris moves to summer time (02:00 -> 03:00): the last Sunday of March.
const summerTimeDay = (() => {
  const d = new Date(Date.UTC(nextYear, 2, 31));
  d.setUTCDate(31 - d.getUTCDay());
  return d.toISOString().slice(0, 10);
})();

// Parses an iCalendar text with Debian's python3-icalendar (not pyenv's python) and returns
// its events with their start and end in Europe/Paris.
function parseIcs(text) {
  const script = `
import sys, json, icalendar, pytz
cal = icalendar.Calendar.from_ical(sys.stdin.read())
paris = pytz.timezone('Europe/Paris')
out = {'name': str(cal.get('X-WR-CALNAME', '')), 'events': []}
for ev in cal.walk('VEVENT'):
    out['events'].append({
        'uid': str(ev.get('UID')), 'summary': str(ev.get('SUMMARY')),
        'description': str(ev.get('DESCRIPTION', '')), 'location': str(ev.get('LOCATION', '')),
        'status': str(ev.get('STATUS')), 'sequence': int(ev.get('SEQUENCE', 0)),
        'start': ev.decoded('DTSTART').astimezone(paris).isoformat(),
        'end': ev.decoded('DTEND').astimezone(paris).isoformat(),
        'url': str(ev.get('URL', ''))})
print(json.dumps(out))
`;
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', script], { input: text, encoding: 'utf8' }));
}

const slot = (over = {}) => ({ date: parisDay(10), time: '14:30', duration_min: 45, kind: 'suivi', mode: 'sur_place', place: 'Salle 2, 12 rue des Tanneurs', ...over });

async function person(actor, last, over = {}) {
  const res = await api(actor, 'POST', '/api/v1/beneficiaries', {
    civility: 'mme', first_name: 'Alix', last_name: last, birth_date: '1988-03-14', prescriber_kind: 'france_travail',
    entry_date: '2026-02-02', scheme: 'iae', information_notice_version: '2026-01', ...over,
  });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()).id;
}

// These tests share one person and counselor: their slots may overlap, which is confirmed here
// (meetings-desk.spec.mjs tests the overlap itself).
async function schedule(actor, beneficiary, over = {}) {
  const res = await api(actor, 'POST', `/api/v1/beneficiaries/${beneficiary}/appointments`, { confirm_overlap: true, ...slot(over) });
  expect(res.status(), await res.text()).toBe(201);
  return res.json();
}

test.beforeAll(async ({ jalon }) => {
  const { admin, cip1, cip2, coord, cipB } = await twoStructures(jalon, `m-${uniq}`);
  W = { admin, cip1, cip2, coord, cipB, cip1Id: await userIdOf(cip1.api), cip2Id: await userIdOf(cip2.api) };
  W.alix = await person(cip1, `Morel${uniq}`, { email: `alix-${uniq}@test.example` });
});

test('scheduling: Paris local time stored in UTC; bad input names the field and changes nothing', async ({ jalon }) => {
  const winter = await schedule(W.cip1, W.alix, { date: `${nextYear}-01-15`, time: '14:30' });
  expect(winter.starts_at).toBe(`${nextYear}-01-15T13:30:00.000Z`);
  expect(winter.ends_at).toBe(`${nextYear}-01-15T14:15:00.000Z`);
  expect([winter.zone, winter.date, winter.time, winter.status]).toEqual(['Europe/Paris', `${nextYear}-01-15`, '14:30', 'non_determine']);
  const summer = await schedule(W.cip1, W.alix, { date: `${nextYear}-07-06`, time: '09:15' });
  expect(summer.starts_at).toBe(`${nextYear}-07-06T07:15:00.000Z`);
  const stored = sql(jalon, `SELECT starts_at FROM appointments WHERE id = '${summer.id}'`)[0][0];
  expect(Number(stored)).toBe(Date.UTC(nextYear, 6, 6, 7, 15));

  const before = sql(jalon, 'SELECT COUNT(*) FROM appointments')[0][0];
  for (const [over, field, words] of [
    [{ date: `${nextYear}-02-30` }, 'date', "n'existe pas"],
    [{ date: '' }, 'date', 'Indiquez la date'],
    [{ time: '9h' }, 'time', 'HH:MM'],
    [{ date: summerTimeDay, time: '02:30' }, 'time', "changement d'heure"],
    [{ duration_min: 0 }, 'duration_min', 'entre 5 et 480'],
    [{ kind: 'atelier' }, 'kind', 'type de rendez-vous'],
    [{ kind: 'tripartite' }, 'partner_kind', 'employeur ou un'],
    [{ kind: 'tripartite', partner_kind: 'employeur' }, 'partner_name', "nom de l'employeur"],
    [{ mode: 'courrier' }, 'mode', 'mode du rendez-vous'],
    [{ place: '' }, 'place', 'lieu du rendez-vous'],
    [{ mode: 'visio', place: 'visio.example/abc' }, 'place', 'https://'],
    [{ counselor_id: W.cip2Id }, 'counselor_id', 'qui suit cette personne'],
  ]) {
    const res = await api(W.cip1, 'POST', `/api/v1/beneficiaries/${W.alix}/appointments`, slot(over));
    expect(res.status(), JSON.stringify(over)).toBe(422);
    const err = await res.json();
    expect(err.field, JSON.stringify(over)).toBe(field);
    expect(err.detail).toContain(words);
  }
  // The HTML form shows the message inline, keeps the values and marks the field.
  const page = await postForm(W.cip1.api, `/beneficiaires/${W.alix}/rendez-vous/nouveau`, { ...slot({ place: '' }), duration_min: '45' });
  expect(page.status()).toBe(422);
  const html = await page.text();
  expect(html).toContain('<p class="field-error" id="place-error">Erreur : Indiquez le lieu du rendez-vous');
  expect(html).toMatch(/id="place" name="place" type="text" value="" aria-describedby="place-hint place-error" aria-invalid="true"/);
  expect(html).toContain(`value="${parisDay(10)}"`);
  // Several mistakes are all named at once, in the form and in the API's problem document.
  const many = { ...slot({ date: '', place: '' }), duration_min: '0' };
  const manyHtml = await (await postForm(W.cip1.api, `/beneficiaires/${W.alix}/rendez-vous/nouveau`, many)).text();
  expect(manyHtml).toContain('Corrigez les 3 erreurs');
  for (const id of ['date-error', 'duration_min-error', 'place-error']) expect(manyHtml).toContain(`id="${id}"`);
  const manyApi = await api(W.cip1, 'POST', `/api/v1/beneficiaries/${W.alix}/appointments`, slot({ date: '', duration_min: 0, place: '' }));
  expect(manyApi.status()).toBe(422);
  expect((await manyApi.json()).errors.map((e) => e.field)).toEqual(['date', 'duration_min', 'place']);
  expect(sql(jalon, 'SELECT COUNT(*) FROM appointments')[0][0]).toBe(before);
});

test('scoping: another counselor or structure gets 404 on appointments, agendas and reports', async () => {
  const a = await schedule(W.cip1, W.alix);
  const paths = [`/rendez-vous/${a.id}`, `/rendez-vous/${a.id}/ics`, `/rendez-vous/${a.id}/convocation`,
    `/rendez-vous/${a.id}/modifier`, `/api/v1/appointments/${a.id}`, `/beneficiaires/${W.alix}/rendez-vous`,
    `/beneficiaires/${W.alix}/comptes-rendus`, `/api/v1/beneficiaries/${W.alix}/appointments`];
  // The referent and the coordinator of the structure see it; the other counselor and the other
  // structure get 404, in that order.
  const seen = async (p) => {
    const out = [];
    for (const actor of [W.cip1, W.coord, W.cip2, W.cipB]) out.push((await actor.api.get(p)).status());
    return out;
  };
  for (const p of paths) expect(await seen(p), p).toEqual([200, 200, 404, 404]);
  for (const actor of [W.cip2, W.cipB]) {
    expect((await postForm(actor.api, `/rendez-vous/${a.id}/statut`, { status: 'annule_service' })).status()).toBe(404);
    expect((await api(actor, 'PATCH', `/api/v1/appointments/${a.id}`, { time: '08:00' })).status()).toBe(404);
    expect((await api(actor, 'POST', `/api/v1/beneficiaries/${W.alix}/appointments`, slot())).status()).toBe(404);
  }
  // Agendas: a counselor sees their own only; the coordinator picks a counselor of the structure.
  const week = `/agenda?vue=semaine&date=${parisDay(10)}`;
  expect(await (await W.cip1.api.get(week)).text()).toContain(`/rendez-vous/${a.id}`);
  expect((await W.cip2.api.get(`${week}&conseiller=${W.cip1Id}`)).status()).toBe(404);
  const coordView = await (await W.coord.api.get(`${week}&conseiller=${W.cip1Id}`)).text();
  expect(coordView).toContain(`/rendez-vous/${a.id}`);
  expect(coordView).toContain('Agenda de Camille Un');
  expect((await W.cipB.api.get(`${week}&conseiller=${W.cip1Id}`)).status()).toBe(404);
  expect((await W.cip2.api.get(`/api/v1/agenda?from=${parisDay(0)}&to=${parisDay(30)}&counselor_id=${W.cip1Id}`)).status()).toBe(404);
  const mine = await (await W.cip1.api.get(`/api/v1/agenda?from=${parisDay(0)}&to=${parisDay(30)}`)).json();
  expect(mine.items.map((x) => x.id)).toContain(a.id);
  expect((await W.cip1.api.get(`/api/v1/agenda?from=${parisDay(0)}&to=${parisDay(90)}`)).status()).toBe(422);
});

test('participation: attended only once started, cancellations any time, moves only while undetermined', async () => {
  const a = await schedule(W.cip1, W.alix);
  const early = await api(W.cip1, 'POST', `/api/v1/appointments/${a.id}/status`, { status: 'honore' });
  expect(early.status()).toBe(422);
  expect((await early.json()).detail).toContain("n'a pas encore eu lieu");
  const report = await api(W.cip1, 'POST', `/api/v1/appointments/${a.id}/report`, {});
  expect(report.status()).toBe(409);
  const moved = await api(W.cip1, 'PATCH', `/api/v1/appointments/${a.id}`, { time: '16:00', duration_min: 60 });
  expect(moved.status()).toBe(200);
  expect((await moved.json()).time).toBe('16:00');
  const cancelled = await postForm(W.cip1.api, `/rendez-vous/${a.id}/statut`, { status: 'annule_personne' });
  expect(cancelled.status()).toBe(303);
  const page = await (await W.cip1.api.get(`/rendez-vous/${a.id}`)).text();
  expect(page).toContain('<span class="badge badge-warning">Annulé par la personne</span>');
  expect(page).not.toContain('Modifier le rendez-vous');
  const again = await api(W.cip1, 'PATCH', `/api/v1/appointments/${a.id}`, { time: '17:00' });
  expect(again.status()).toBe(409);
  expect((await W.cip1.api.get(`/rendez-vous/${a.id}/modifier`)).status()).toBe(409);
});

test('ICS: one appointment parsed by python3-icalendar with the right Paris times, and no name', async () => {
  const summer = await schedule(W.cip1, W.alix, { date: `${nextYear}-07-06`, time: '10:15', duration_min: 60, kind: 'bilan' });
  const res = await W.cip1.api.get(`/rendez-vous/${summer.id}/ics`);
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toBe('text/calendar; charset=utf-8');
  expect(res.headers()['content-disposition']).toBe(`attachment; filename="rendez-vous-${summer.reference}.ics"`);
  const text = await res.text();
  expect(text).toContain('\r\n');
  expect(text).not.toContain(`Morel${uniq}`);
  const cal = parseIcs(text);
  expect(cal.events).toHaveLength(1);
  const ev = cal.events[0];
  expect(ev.start).toBe(`${nextYear}-07-06T10:15:00+02:00`);
  expect(ev.end).toBe(`${nextYear}-07-06T11:15:00+02:00`);
  expect(ev.summary).toBe(`Rendez-vous Jalon – bilan (${summer.reference})`);
  expect(ev.uid).toBe(`${summer.id}@jalon`);
  expect(ev.location).toBe('Salle 2, 12 rue des Tanneurs');
  expect(ev.status).toBe('CONFIRMED');
  expect(ev.url).toMatch(new RegExp(`/rendez-vous/${summer.id}$`));
  const winter = await schedule(W.cip1, W.alix, { date: `${nextYear}-01-15`, time: '08:00' });
  const w = parseIcs(await (await W.cip1.api.get(`/rendez-vous/${winter.id}/ics`)).text()).events[0];
  expect(w.start).toBe(`${nextYear}-01-15T08:00:00+01:00`);
  expect(w.end).toBe(`${nextYear}-01-15T08:45:00+01:00`);
});

test('feed: a secret URL read without a session, parsed, without names or places; revocation gives 404', async ({ jalon, playwright }) => {
  const b = await person(W.cip1, `Feed${uniq}`);
  const a = await schedule(W.cip1, b, { date: `${nextYear}-03-10`, time: '11:00', kind: 'accueil' });
  const gone = await schedule(W.cip1, b, { date: `${nextYear}-03-11`, time: '11:00' });
  expect((await api(W.cip1, 'POST', `/api/v1/appointments/${gone.id}/status`, { status: 'annule_service' })).status()).toBe(200);
  const created = await postForm(W.cip1.api, '/agenda/flux', { label: 'Téléphone' });
  expect(created.status()).toBe(200);
  expect(created.headers()['cache-control']).toBe('no-store');
  const html = await created.text();
  const url = html.match(/id="feed-url" type="text" readonly value="([^"]+)"/)[1];
  const token = url.split('/').pop();
  expect(token.length).toBeGreaterThanOrEqual(43);
  expect(sql(jalon, `SELECT COUNT(*) FROM agenda_feeds WHERE token_hash LIKE '%${token}%'`)[0][0]).toBe('0');
  // The page shown after a reload no longer holds the URL.
  expect(await (await W.cip1.api.get('/agenda')).text()).not.toContain(token);

  const anonymous = await playwright.request.newContext();
  const feed = await anonymous.get(new URL(url).pathname);
  expect(feed.status()).toBe(200);
  expect(feed.headers()['content-type']).toBe('text/calendar; charset=utf-8');
  const text = await feed.text();
  expect(text).not.toContain(`Feed${uniq}`);
  expect(text).not.toContain('Alix');
  expect(text).not.toContain('Tanneurs');
  const cal = parseIcs(text);
  expect(cal.name).toBe('Jalon – mes rendez-vous');
  const ev = cal.events.find((e) => e.uid === `${a.id}@jalon`);
  expect(ev.start).toBe(`${nextYear}-03-10T11:00:00+01:00`);
  expect(ev.summary).toBe(`Rendez-vous Jalon – accueil (${a.reference})`);
  expect(ev.location).toBe('');
  expect(cal.events.find((e) => e.uid === `${gone.id}@jalon`).status).toBe('CANCELLED');
  // Another counselor cannot revoke it; its owner can, and the URL then answers 404.
  const feedId = (await (await W.cip1.api.get('/agenda')).text()).match(/action="\/agenda\/flux\/([a-z0-9]{26})\/revoquer"/)[1];
  expect((await postForm(W.cip2.api, `/agenda/flux/${feedId}/revoquer`, {})).status()).toBe(404);
  expect((await anonymous.get(new URL(url).pathname)).status()).toBe(200);
  const revoked = await postForm(W.cip1.api, `/agenda/flux/${feedId}/revoquer`, {});
  expect(revoked.status()).toBe(303);
  expect((await anonymous.get(new URL(url).pathname)).status()).toBe(404);
  expect((await anonymous.get('/agenda/flux/pas-un-jeton-valide-pas-un-jeton-valide-xx')).status()).toBe(404);
  await anonymous.dispose();
});

test('convocation: printable letter and an e-mail queued in the outbox for the person', async () => {
  const a = await schedule(W.cip1, W.alix, { kind: 'accueil', date: `${nextYear}-02-02`, time: '09:30' });
  const page = await (await W.cip1.api.get(`/rendez-vous/${a.id}/convocation`)).text();
  expect(page).toContain('<article class="letter"');
  expect(page).toContain('Madame Alix Morel' + uniq);
  expect(page).toContain(`Objet : Convocation à un rendez-vous le mardi 2 février ${nextYear} à 09 h 30`);
  expect(page).toContain('Salle 2, 12 rue des Tanneurs');
  const sent = await postForm(W.cip1.api, `/rendez-vous/${a.id}/convocation`, {});
  expect(sent.status()).toBe(303);
  const mails = await (await W.cip1.api.get(`/__test/outbox?to=${encodeURIComponent(`alix-${uniq}@test.example`)}`)).json();
  const mail = mails[mails.length - 1];
  expect(mail.subject).toBe(`Convocation à un rendez-vous le mardi 2 février ${nextYear} à 09 h 30`);
  expect(mail.body).toMatch(/^Bonjour Madame Alix Morel/);
  expect(mail.body).toContain('Camille Un');
  // No e-mail address: the page says so and the API refuses with the field named.
  const noMail = await person(W.cip1, `SansMail${uniq}`);
  const b = await schedule(W.cip1, noMail);
  expect(await (await W.cip1.api.get(`/rendez-vous/${b.id}/convocation`)).text()).toContain("n'a pas d'adresse e-mail");
  const refused = await api(W.cip1, 'POST', `/api/v1/appointments/${b.id}/convocation`, {});
  expect(refused.status()).toBe(422);
  expect((await refused.json()).field).toBe('email');
});

test('reports: SR 5 notice, diagnosis updated with the report, finalised report answers 409 and changes nothing, addendum', async ({ jalon }) => {
  const b = await person(W.cip1, `Report${uniq}`);
  expect((await api(W.cip1, 'POST', `/api/v1/beneficiaries/${b}/diagnoses`, { made_on: parisDay(-30), items: [
    { theme: 'mobilite', item: 'mo_aucun', kind: 'barrier', severity: 3 },
    { theme: 'logement', item: 'lo_tiers', kind: 'barrier', severity: 2 }] })).status()).toBe(201);
  const a = await schedule(W.cip1, b, { date: parisDay(-2), time: '10:00', kind: 'tripartite', partner_kind: 'employeur', partner_name: 'Maraîchers du Grésivaudan' });
  expect((await postForm(W.cip1.api, `/rendez-vous/${a.id}/statut`, { status: 'honore' })).status()).toBe(303);
  const started = await postForm(W.cip1.api, `/rendez-vous/${a.id}/compte-rendu`, {});
  expect(started.status()).toBe(303);
  const reportId = started.headers().location.match(/\/comptes-rendus\/([a-z0-9]{26})\/modifier/)[1];
  // Once a report exists the appointment stays attended.
  expect((await postForm(W.cip1.api, `/rendez-vous/${a.id}/statut`, { status: 'absence_non_excusee' })).status()).toBe(409);

  const form = await (await W.cip1.api.get(`/comptes-rendus/${reportId}/modifier`)).text();
  expect(form).toContain('La personne peut lire ce compte rendu.');
  expect(form).toContain('Engagements de l&apos;employeur ou du partenaire');  // the tripartite template
  expect(form).toContain('<label for="barrier_mo_aucun">Aucun moyen de transport (Mobilité) — actuellement : Bloquant</label>');
  const version = form.match(/name="version" value="(\d+)"/)[1];

  // Finalising without the topics fails and saves nothing, diagnosis included.
  const bad = await postForm(W.cip1.api, `/comptes-rendus/${reportId}/modifier`, {
    version, topics: '', decisions: 'Inscription au code', barrier_mo_aucun: '0', action: 'finalise' });
  expect(bad.status()).toBe(422);
  expect(await bad.text()).toContain('renseignez au moins les points abordés');
  expect(sql(jalon, `SELECT COUNT(*) FROM diagnoses WHERE beneficiary_id = '${b}'`)[0][0]).toBe('1');
  expect(sql(jalon, `SELECT COUNT(*) FROM interview_report_sections WHERE report_id = '${reportId}'`)[0][0]).toBe('0');

  const draft = await postForm(W.cip1.api, `/comptes-rendus/${reportId}/modifier`, {
    version, topics: 'Point sur la période d\'essai.\nRetours positifs de l\'employeur.', decisions: 'Poursuite du contrat',
    commitments_partner: 'Tutorat hebdomadaire', barrier_mo_aucun: '0', barrier_lo_tiers: '1', action: 'save' });
  expect(draft.status()).toBe(303);
  const diags = await (await W.cip1.api.get(`/api/v1/beneficiaries/${b}`)).json();
  expect(diags.diagnoses).toHaveLength(2);
  expect(diags.diagnoses[0].made_on).toBe(parisDay(-2));
  expect(diags.diagnoses[0].items.map((i) => [i.item, i.severity])).toEqual([['lo_tiers', 1]]);
  // A stale form (old version) is refused.
  expect((await postForm(W.cip1.api, `/comptes-rendus/${reportId}/modifier`, { version, topics: 'x', action: 'save' })).status()).toBe(409);

  // Finalising asks for a confirmation first (issue 14): without it nothing changes.
  const ask = await postForm(W.cip1.api, `/comptes-rendus/${reportId}/finaliser`, {});
  expect(ask.status()).toBe(200);
  expect(await ask.text()).toContain('Une fois finalisé, le compte rendu ne pourra plus être modifié.');
  expect(sql(jalon, `SELECT status FROM interview_reports WHERE id = '${reportId}'`)[0][0]).toBe('draft');
  const fin = await postForm(W.cip1.api, `/comptes-rendus/${reportId}/finaliser`, { confirme: '1' });
  expect(fin.status()).toBe(303);
  const final = await (await W.cip1.api.get(`/api/v1/reports/${reportId}`)).json();
  expect(final.status).toBe('final');
  expect(final.sections.topics).toBe('Point sur la période d\'essai.\nRetours positifs de l\'employeur.');
  expect(final.diagnoses_recorded_on).toEqual([parisDay(-2)]);

  // Editing a finalised report: 409 on every path, and nothing changes.
  const snapshot = sql(jalon, `SELECT section, body FROM interview_report_sections WHERE report_id = '${reportId}' ORDER BY section`);
  const edit = await postForm(W.cip1.api, `/comptes-rendus/${reportId}/modifier`, { version: String(final.version), topics: 'Réécrit', action: 'save' });
  expect(edit.status()).toBe(409);
  expect(await edit.text()).toContain('ne peut plus être modifié');
  expect((await W.cip1.api.get(`/comptes-rendus/${reportId}/modifier`)).status()).toBe(409);
  expect((await api(W.cip1, 'PUT', `/api/v1/reports/${reportId}`, { sections: { topics: 'Réécrit' } })).status()).toBe(409);
  expect((await api(W.cip1, 'POST', `/api/v1/reports/${reportId}/finalise`, {})).status()).toBe(409);
  expect(sql(jalon, `SELECT section, body FROM interview_report_sections WHERE report_id = '${reportId}' ORDER BY section`)).toEqual(snapshot);
  expect(sql(jalon, `SELECT version, status FROM interview_reports WHERE id = '${reportId}'`)[0]).toEqual([String(final.version), 'final']);
  // The store refuses it too.
  expect(sqlFails(jalon, `UPDATE interview_report_sections SET body = 'x' WHERE report_id = '${reportId}'`)).toContain('immutable');

  // Corrections go in dated, authored addenda.
  expect((await postForm(W.cip1.api, `/comptes-rendus/${reportId}/addenda`, { body: '' })).status()).toBe(422);
  const added = await postForm(W.cip1.api, `/comptes-rendus/${reportId}/addenda`, { body: 'Correction : tutorat bimensuel.' });
  expect(added.status()).toBe(303);
  const view = await (await W.cip1.api.get(`/comptes-rendus/${reportId}`)).text();
  expect(view).toMatch(/<li><p class="muted">Le \d\d\/\d\d\/\d{4} à \d\d:\d\d, par Camille Un :<\/p><p class="report-text">Correction : tutorat bimensuel.<\/p><\/li>/);
  expect(view).toContain('<span class="badge badge-success">Finalisé</span>');
  expect(view).toContain('Diagnostic mis à jour depuis ce compte rendu');
  // Another counselor, or another structure, does not find it.
  for (const actor of [W.cip2, W.cipB]) {
    expect((await actor.api.get(`/comptes-rendus/${reportId}`)).status()).toBe(404);
    expect((await api(actor, 'POST', `/api/v1/reports/${reportId}/addenda`, { body: 'x' })).status()).toBe(404);
  }
  expect((await W.coord.api.get(`/comptes-rendus/${reportId}`)).status()).toBe(200);
});

test('audit: appointment, report, addendum and feed reads and writes are recorded', async ({ jalon }) => {
  const a = await schedule(W.cip1, W.alix, { date: parisDay(-1), time: '09:00' });
  await W.cip1.api.get(`/rendez-vous/${a.id}`);
  expect((await api(W.cip1, 'POST', `/api/v1/appointments/${a.id}/status`, { status: 'honore' })).status()).toBe(200);
  const report = await (await api(W.cip1, 'POST', `/api/v1/appointments/${a.id}/report`, {})).json();
  expect((await api(W.cip1, 'PUT', `/api/v1/reports/${report.id}`, { sections: { topics: 'Suivi' }, finalise: true })).status()).toBe(200);
  const addendum = await (await api(W.cip1, 'POST', `/api/v1/reports/${report.id}/addenda`, { body: 'Complément' })).json();
  await W.cip1.api.post('/__test/audit/flush', { form: { csrf: await sessionCsrf(W.cip1.api) } });
  const rows = (type, id) => sql(jalon, `SELECT action, actor_user_id, category FROM audit_log WHERE object_type = '${type}' AND object_id = '${id}' ORDER BY seq`);
  const appt = rows('appointment', a.id);
  expect(appt[0]).toEqual(['create', W.cip1Id, 'pathway']);
  expect(appt.map((r) => r[0])).toEqual(expect.arrayContaining(['read', 'update']));
  expect(sql(jalon, `SELECT details FROM audit_log WHERE object_type = 'appointment' AND object_id = '${a.id}' AND action = 'update'`)[0][0]).toBe('status=honore');
  expect(rows('interview_report', report.id).map((r) => r[0])).toEqual(expect.arrayContaining(['create', 'update', 'finalise', 'read']));
  expect(rows('report_addendum', addendum.id)[0]).toEqual(['create', W.cip1Id, 'pathway']);
  const agenda = await W.cip1.api.get('/agenda');
  expect(agenda.status()).toBe(200);
  await W.cip1.api.post('/__test/audit/flush', { form: { csrf: await sessionCsrf(W.cip1.api) } });
  expect(sql(jalon, `SELECT COUNT(*) FROM audit_log WHERE object_type = 'agenda' AND object_id = '${W.cip1Id}' AND action = 'read'`)[0][0]).not.toBe('0');
  expect(sql(jalon, `SELECT COUNT(*) FROM audit_log WHERE object_type = 'agenda_feed' AND action IN ('create', 'revoke') AND actor_user_id = '${W.cip1Id}'`)[0][0]).not.toBe('0');
  // Calendar apps reading a feed (the feed test) are recorded as reads by the feed's owner.
  expect(sql(jalon, `SELECT COUNT(*) FROM audit_log WHERE object_type = 'agenda_feed' AND action = 'read'`)[0][0]).not.toBe('0');
});
