// Outcomes in a real browser (issue 18): a counselor records an exit (every mistake listed at
// once, then a confirmation naming what will close and the derived category), the 6-month
// follow-up's job puts a to-do on the counselor's list, the follow-up is answered, and the
// coordinator's statistics page counts it (rate, numerator and denominator, the people behind
// the figure, the export). axe-core on every page.
import { test, expect, expectAccessible } from '../support/jalon.mjs';
import { apiCall, bootstrapAdmin, inviteAndSetUp, advanceClock, lastMail } from '../support/auth.mjs';
import { signIn } from '../support/browser.mjs';

const uniq = Date.now().toString(36);
const parisDay = (offset) => new Date(Date.now() + offset * 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' });
const french = (iso) => iso.split('-').reverse().join('/');

test('an exit, its confirmation, the follow-up to-do and the rate it feeds', async ({ page, jalon }) => {
  test.setTimeout(180_000);
  const admin = await bootstrapAdmin(jalon, `adm-out-${uniq}@test.example`, `ACI Sorties ${uniq}`);
  const cip = await inviteAndSetUp(jalon, admin, { email: `cip-out-${uniq}@test.example`, name: 'Camille Sortie', role: 'counselor' });
  const coord = await inviteAndSetUp(jalon, admin, { email: `coord-out-${uniq}@test.example`, name: 'Coralie Coord', role: 'coordinator' });
  const last = `Garnier${uniq}`;
  const created = await apiCall(cip, 'POST', '/api/v1/beneficiaries', {
    civility: 'mme', first_name: 'Inès', last_name: last, birth_date: '1990-05-14', email: `ines-${uniq}@test.example`,
    prescriber_kind: 'france_travail', entry_date: parisDay(-420), scheme: 'iae', information_notice_version: '2026-01',
  });
  expect(created.status()).toBe(201);
  const id = (await created.json()).id;
  expect((await apiCall(cip, 'POST', `/api/v1/beneficiaries/${id}/contracts`,
    { kind: 'siae', status: 'en_cours', signed_on: parisDay(-420), starts_on: parisDay(-420), ends_on: parisDay(30) })).status()).toBe(201);
  const o = await (await apiCall(cip, 'POST', `/api/v1/beneficiaries/${id}/objectives`, { code: 'te_offres', status: 'en_cours' })).json();
  expect((await apiCall(cip, 'POST', `/api/v1/beneficiaries/${id}/actions`,
    { code: 'em_forum', status: 'prevu', due_on: parisDay(20), objective_id: o.id })).status()).toBe(201);
  await advanceClock(admin.api, 30_000);  // the enrolments used this step's code

  await signIn(page, cip);
  await page.goto(`/beneficiaires/${id}/statut`);
  await expectAccessible(page);
  await page.getByRole('link', { name: 'enregistrer la sortie' }).click();
  await expect(page.getByRole('heading', { name: "Sortie de l'accompagnement" })).toBeVisible();
  await expectAccessible(page);

  // Nothing typed: every mistake at once, each tied to its field.
  await page.getByRole('button', { name: 'Vérifier la sortie' }).click();
  const summary = page.getByRole('alert');
  await expect(summary).toContainText('Indiquez la date de sortie.');
  await expect(summary).toContainText('Choisissez le motif de sortie.');
  await expect(summary).toContainText('la situation à la sortie');
  await expect(page.getByLabel('Date de sortie')).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page);

  const exitOn = parisDay(-200);
  await page.getByLabel('Date de sortie').fill(exitOn);
  await page.getByLabel('Motif de sortie').selectOption({ label: 'Embauche ou entrée en formation' });
  await page.getByRole('combobox', { name: 'Situation (obligatoire)' }).selectOption({ label: 'CDD (durée en mois)' });
  await page.getByLabel('Durée du contrat (mois)').fill('8');
  await page.getByLabel('Employeur').fill('Menuiserie Allard');
  await page.getByLabel('Métier occupé').fill('Menuisier');
  await page.getByRole('button', { name: 'Vérifier la sortie' }).click();
  await expect(page.getByRole('heading', { name: `Confirmer la sortie du ${french(exitOn)}` })).toBeVisible();
  await expect(page.getByText('Catégorie de sortie : Emploi durable')).toBeVisible();
  const closes = page.locator('#clotures');
  await expect(closes).toContainText(`sera terminé au ${french(exitOn)}`);
  await expect(closes).toContainText('1 action ouverte sera annulée.');
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Confirmer la sortie' }).click();
  await expect(page.getByRole('status')).toContainText('La sortie est enregistrée');
  const followups = page.getByRole('table', { name: 'Suivis planifiés, par date' });
  await expect(followups.getByRole('row')).toHaveCount(3);  // header, 6 and 24 months
  await expect(page.getByRole('table', { name: 'Sorties, les plus récentes d\'abord' })).toContainText('Emploi durable');
  await expectAccessible(page);
  // The person left the caseload list.
  const list = await (await apiCall(cip, 'GET', '/api/v1/beneficiaries')).json();
  expect(list.items.map((b) => b.id)).not.toContain(id);

  // The 6-month follow-up was due: its job runs in the server and the to-do appears.
  await expect.poll(async () => {
    const todo = await (await apiCall(cip, 'GET', '/api/v1/todo')).json();
    return todo.items.filter((t) => t.kind === 'suivi_sortie').length;
  }, { timeout: 20_000 }).toBe(1);
  await page.goto('/a-faire');
  await expectAccessible(page);
  await page.getByRole('link', { name: new RegExp(`Suivi après la sortie à renseigner.*${last}`) }).click();
  await expect(page.getByRole('heading', { name: /Suivi à 6 mois/ })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel('Situation actuelle').selectOption({ label: 'CDI' });
  await page.getByLabel('Dans le métier visé par le parcours').check();
  await page.getByRole('button', { name: 'Enregistrer le suivi' }).click();
  await expect(followups.getByRole('row').nth(1)).toContainText('Renseigné');
  await expectAccessible(page);
  await expect.poll(async () => {
    const todo = await (await apiCall(cip, 'GET', '/api/v1/todo')).json();
    return todo.items.filter((t) => t.kind === 'suivi_sortie').length;
  }).toBe(0);

  // The 24-month follow-up: the person answers it through the questionnaire's single-use link,
  // which shows the four questions and nothing of the record.
  await followups.getByRole('link', { name: 'Suivi à 24 mois' }).click();
  await expect(page.getByRole('heading', { name: /Suivi à 24 mois/ })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Envoyer le questionnaire par e-mail' }).click();
  await expect(page.getByRole('status')).toContainText(`Le questionnaire est envoyé à ines-${uniq}@test.example`);
  await expect(page.locator('#questionnaire-sent')).toContainText('une seule fois');
  await expectAccessible(page);
  const mail = await lastMail(admin.api, `ines-${uniq}@test.example`);
  const link = mail.body.match(/\/questionnaire-suivi\/[A-Za-z0-9_-]+/)[0];
  await page.context().clearCookies();
  await page.goto(link);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Où en êtes-vous ?');
  await expect(page.locator('main')).not.toContainText(last);
  await expect(page.locator('main')).not.toContainText('Menuiserie');
  await expect(page.locator('main input:not([type=hidden]), main select')).toHaveCount(4);
  await expectAccessible(page);
  await page.getByLabel('Durée de votre contrat (en mois)').fill('deux');
  await page.getByRole('button', { name: 'Envoyer ma réponse' }).click();
  await expect(page.getByRole('alert')).toContainText('Durée du contrat');
  await expectAccessible(page);
  await page.getByLabel(/Votre situation aujourd'hui/).selectOption({ label: 'CDI' });
  await page.getByLabel('Durée de votre contrat (en mois)').fill('');
  await page.getByLabel('Votre employeur').fill('Menuiserie Allard');
  await page.getByRole('button', { name: 'Envoyer ma réponse' }).click();
  await expect(page.getByRole('status')).toContainText('Merci');
  await expectAccessible(page);
  await page.goto(link);
  await expect(page.locator('main')).toContainText('Une réponse a déjà été donnée');
  await expectAccessible(page);

  // The coordinator's statistics: the exit counted, numerator and denominator shown, the rate
  // hidden (one person: a small cell), the person behind the figure one click away.
  await page.context().clearCookies();
  await signIn(page, coord);
  await page.goto('/statistiques/sorties');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sorties et insertion');
  await expect(page.locator('#taux-dynamique')).toContainText('effectif insuffisant (moins de 20) — 1 sorties dynamiques sur 1 sorties examinées');
  await expect(page.getByRole('table', { name: /Taux d'insertion/ })).toContainText('(1/1)');
  await expect(page.locator('svg[role="img"]')).toHaveCount(2);
  await expect(page.getByRole('table', { name: 'Ateliers collectifs et orientations vers les partenaires' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Indicateurs FSE+ par genre' })).toContainText('EECO01');
  await expectAccessible(page);
  await page.locator('#flux-sorties').getByRole('link', { name: '1' }).click();
  await expect(page.getByRole('link', { name: new RegExp(last) })).toBeVisible();
  await expectAccessible(page);
  const rates = await (await apiCall(coord, 'GET', '/api/v1/outcomes/rates')).json();
  expect(rates.total).toMatchObject({ exits: 1, examined: 1, durable: 1 });
  expect(rates.total.rncp_global_6m).toMatchObject({ numerator: 1, denominator: 1, shown: false });
  // The person's own answer (24 months) is the follow-up record.
  expect(rates.total.rncp_global_24m).toMatchObject({ numerator: 1, denominator: 1, shown: false });
  expect(rates.activity).toHaveProperty('workshop_attendance');
  const fse = await coord.api.get('/statistiques/sorties/fse.xlsx');
  expect(fse.status()).toBe(200);
  const xlsx = await coord.api.get('/statistiques/sorties/export.xlsx');
  expect(xlsx.status()).toBe(200);
  expect(xlsx.headers()['content-type']).toContain('spreadsheetml');
  // The counselor has no statistics page; another structure sees nothing of this person.
  expect((await apiCall(cip, 'GET', '/api/v1/outcomes/rates')).status()).toBe(403);
});
