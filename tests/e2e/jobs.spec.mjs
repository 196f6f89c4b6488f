// The jobs pages in a real browser (issue 15): a counselor's "À faire" list on the dashboard and
// its own page, an item marked done when its thing is resolved (the action done), another
// dismissed by hand; the notification preferences (a form that refuses a bad value and keeps
// the rest); the structure admin's page of jobs with a failed job relaunched. axe-core on every
// page.
import { test, expect, expectAccessible } from '../support/jalon.mjs';
import { apiCall, bootstrapAdmin, inviteAndSetUp, advanceClock, postForm } from '../support/auth.mjs';
import { signIn } from '../support/browser.mjs';

const uniq = Date.now().toString(36);
const parisDay = (offset) => new Date(Date.now() + offset * 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' });

test('the to-do list follows the records: on the dashboard, done when resolved, dismissable',
  async ({ page, jalon }) => {
    test.setTimeout(180_000);
    const admin = await bootstrapAdmin(jalon, `adm-todo-${uniq}@test.example`, `ACI À faire ${uniq}`);
    const cip = await inviteAndSetUp(jalon, admin, { email: `cip-todo-${uniq}@test.example`, name: 'Camille Conseil', role: 'counselor' });
    const created = await apiCall(cip, 'POST', '/api/v1/beneficiaries', {
      civility: 'mme', first_name: 'Maëlle', last_name: `Fontaine${uniq}`, birth_date: '1988-03-14',
      prescriber_kind: 'france_travail', entry_date: '2026-02-02', scheme: 'iae', information_notice_version: '2026-01',
    });
    expect(created.status()).toBe(201);
    const id = (await created.json()).id;
    expect((await apiCall(cip, 'POST', `/api/v1/beneficiaries/${id}/contracts`,
      { kind: 'cej', status: 'en_cours', signed_on: parisDay(-300), starts_on: parisDay(-300), ends_on: parisDay(10) })).status()).toBe(201);
    const o = await (await apiCall(cip, 'POST', `/api/v1/beneficiaries/${id}/objectives`, { code: 'te_offres', status: 'en_cours' })).json();
    const action = await (await apiCall(cip, 'POST', `/api/v1/beneficiaries/${id}/actions`,
      { code: 'em_forum', status: 'prevu', due_on: parisDay(-3), objective_id: o.id })).json();
    await advanceClock(admin.api, 30_000);  // the enrolment used this step's code

    await signIn(page, cip);
    const card = page.getByRole('region', { name: 'À faire (2)' });
    await expect(card).toBeVisible();
    await expect(card.getByRole('link', { name: `Action en retard – Maëlle Fontaine${uniq}` })).toBeVisible();
    await card.getByRole('link', { name: 'Voir toute la liste « À faire »' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('À faire');
    await expect(page.getByRole('heading', { name: '2 éléments à traiter' })).toBeVisible();
    await expectAccessible(page);

    // The action is done: its item goes away by itself.
    expect((await apiCall(cip, 'PATCH', `/api/v1/actions/${action.id}`, { status: 'realise' })).status()).toBe(200);
    await page.reload();
    await expect(page.getByRole('heading', { name: '1 élément à traiter' })).toBeVisible();
    await expect(page.getByRole('link', { name: /Action en retard/ })).toHaveCount(0);
    await expectAccessible(page);
    // The contract item is dismissed by hand.
    await page.getByRole('button', { name: `Écarter : Contrat à renouveler – Maëlle Fontaine${uniq}` }).click();
    await expect(page.getByRole('status')).toContainText("L'élément a été retiré de la liste.");
    await expect(page.getByRole('heading', { name: 'Rien à faire pour le moment' })).toBeVisible();
    await expectAccessible(page);
    // It stays dismissed when the list is computed again.
    await page.goto('/');
    await expect(page.getByRole('region', { name: 'À faire (0)' })).toBeVisible();
    await expectAccessible(page);

    // Preferences: reached from the account page; a bad hour is refused and nothing changes.
    await page.goto('/compte');
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Régler mes notifications' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Notifications');
    await expectAccessible(page);
    await page.getByLabel('Contrat à renouveler').selectOption('immediate');
    await page.getByLabel('Heure du récapitulatif quotidien').selectOption('18');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await expect(page.getByRole('status')).toContainText('Vos préférences ont été enregistrées.');
    await expect(page.getByLabel('Contrat à renouveler')).toHaveValue('immediate');
    await expect(page.getByLabel('Heure du récapitulatif quotidien')).toHaveValue('18');
    await expectAccessible(page);
    const bad = await postForm(cip.api, '/compte/notifications', { mode_contrat_a_renouveler: 'digest', mode_action_en_retard: 'pigeon',
      mode_rdv_a_completer: 'digest', mode_justificatif_expire: 'digest', mode_orientation_sans_reponse: 'digest', digest_hour: '7' });
    expect(bad.status()).toBe(422);
    expect(await bad.text()).toContain('(Action en retard) dans la liste.');
    await page.reload();
    await expect(page.getByLabel('Contrat à renouveler')).toHaveValue('immediate');
    await expect(page.getByLabel('Heure du récapitulatif quotidien')).toHaveValue('18');
    await expectAccessible(page);
  });

test('the structure admin sees the jobs and relaunches a failed one', async ({ page, jalon }) => {
  test.setTimeout(120_000);
  const admin = await bootstrapAdmin(jalon, `adm-jobs-${uniq}@test.example`, `ACI Tâches ${uniq}`);
  const sid = await (await admin.api.get('/api/v1/moi')).json();
  await postForm(admin.api, '/__test/jobs', { kind: 'test.fail', max_attempts: '1', structure_id: sid.structure_id });
  await advanceClock(admin.api, 30_000);
  await expect.poll(async () => (await (await admin.api.get('/__test/jobs?kind=test.fail')).json())
    .filter((j) => j.status === 'failed').length).toBeGreaterThan(0);
  await signIn(page, admin);
  await page.goto('/admin/taches');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Tâches programmées');
  const failed = page.getByRole('region', { name: 'En échec' });
  await expect(failed.getByRole('cell', { name: 'échec voulu par le test' })).toBeVisible();
  await expectAccessible(page);
  await failed.getByRole('button', { name: /Relancer/ }).click();
  await expect(page.getByRole('status')).toContainText('La tâche va être relancée.');
  await expectAccessible(page);
});
