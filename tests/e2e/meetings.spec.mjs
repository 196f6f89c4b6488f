// A counselor's interview in a real browser: schedule it from the record, find it in the week
// view and open it with the keyboard, mark it attended, write the report (lifting a barrier of
// the diagnosis in the same save), finalise it and add an addendum. axe-core on every page.
import { test, expect, expectAccessible, screenshot } from '../support/jalon.mjs';
import { apiCall, bootstrapAdmin, inviteAndSetUp, advanceClock } from '../support/auth.mjs';
import { signIn, tabTo } from '../support/browser.mjs';

const uniq = Date.now().toString(36);
const parisDay = (offset) => new Date(Date.now() + offset * 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' });
const frenchDay = (iso) => iso.split('-').reverse().join('/');

test('a counselor schedules from the record, sees the week, writes, finalises and amends the report', async ({ page, jalon }) => {
  test.setTimeout(480_000);
  const admin = await bootstrapAdmin(jalon, `adm-rdv-${uniq}@test.example`, `ACI rdv ${uniq}`);
  const cip = await inviteAndSetUp(jalon, admin, { email: `cip-rdv-${uniq}@test.example`, name: 'Camille Conseil', role: 'counselor' });
  // The person and her first diagnosis come through the API (the record has its own browser test).
  const created = await apiCall(cip, 'POST', '/api/v1/beneficiaries', {
    civility: 'mme', first_name: 'Maëlle', last_name: `Fontaine${uniq}`, birth_date: '1988-03-14',
    prescriber_kind: 'france_travail', entry_date: '2026-02-02', scheme: 'iae', information_notice_version: '2026-01',
  });
  expect(created.status()).toBe(201);
  const id = (await created.json()).id;
  expect((await apiCall(cip, 'POST', `/api/v1/beneficiaries/${id}/diagnoses`, { made_on: parisDay(-40), items: [
    { theme: 'mobilite', item: 'mo_aucun', kind: 'barrier', severity: 3 },
    { theme: 'logement', item: 'lo_tiers', kind: 'barrier', severity: 2 }] })).status()).toBe(201);
  await advanceClock(admin.api, 30_000);  // the enrolment used this step's code

  await signIn(page, cip);
  await page.goto(`/beneficiaires/${id}`);
  await expectAccessible(page);
  const sections = page.getByRole('navigation', { name: 'Sections du dossier' });

  // Schedule yesterday's interview from the record.
  await sections.getByRole('link', { name: 'Rendez-vous' }).click();
  await expect(page.getByText('Aucun rendez-vous pour le moment.')).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Planifier un rendez-vous' }).click();
  await expect(page.getByRole('heading', { name: 'Planifier un rendez-vous' })).toBeVisible();
  await expectAccessible(page);
  const day = parisDay(-1);
  await page.getByLabel('Date', { exact: false }).fill(day);
  await page.getByLabel('Heure', { exact: false }).fill('10:00');
  await page.getByLabel('Durée (minutes)', { exact: false }).fill('60');
  await page.getByLabel('Type de rendez-vous').selectOption('suivi');
  await page.getByLabel('Mode').selectOption('sur_place');
  await page.getByLabel('Lieu').fill('');
  await page.getByRole('button', { name: 'Planifier le rendez-vous' }).click();
  await expect(page.locator('#place-error')).toContainText('Indiquez le lieu du rendez-vous');
  await expectAccessible(page);
  await page.getByLabel('Lieu').fill('Salle 2, 12 rue des Tanneurs');
  await page.getByRole('button', { name: 'Planifier le rendez-vous' }).click();
  await expect(page.getByText('Le rendez-vous a été planifié.')).toBeVisible();
  await expect(page.getByRole('heading', { name: /^Rendez-vous du .* à 10:00$/ })).toBeVisible();
  await expectAccessible(page);

  // The convocation letter prints alone, without the application around it.
  await page.getByRole('link', { name: 'Convocation (lettre et e-mail)' }).click();
  const letter = page.getByRole('article', { name: 'Lettre de convocation' });
  await expect(letter).toContainText(`Madame Maëlle Fontaine${uniq}`);
  await expect(page.getByText("La personne n'a pas d'adresse e-mail dans son dossier")).toBeVisible();
  await expectAccessible(page);
  await page.emulateMedia({ media: 'print' });
  await expect(letter).toBeVisible();
  await expect(page.locator('.site-header')).toBeHidden();
  await expect(page.getByRole('heading', { name: 'Convocation par e-mail' })).toBeHidden();
  await page.emulateMedia({ media: 'screen' });
  await page.getByRole('link', { name: /^Retour au rendez-vous/ }).click();
  await expectAccessible(page);

  // The week view shows it; the keyboard opens it.
  await page.getByRole('link', { name: "Voir dans l'agenda" }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mon agenda');
  const dayColumn = page.getByRole('region', { name: new RegExp(`^\\S+ ${Number(day.slice(8))}(er)? `) });
  const entry = dayColumn.getByRole('link', { name: `10:00–11:00 Maëlle Fontaine${uniq}` });
  await expect(entry).toBeVisible();
  await expect(dayColumn).toContainText('Suivi · Sur place');
  await expect(dayColumn).toContainText('Non déterminé');
  await expectAccessible(page);
  await screenshot(page, 'agenda-week');
  // A calendar subscription link, shown once.
  const weekUrl = page.url();
  await page.getByLabel('Nom du lien (facultatif)').fill('Téléphone');
  await page.getByRole('button', { name: "Créer un lien d'abonnement" }).click();
  await expect(page.getByLabel("Lien d'abonnement")).toHaveValue(/\/agenda\/flux\/[A-Za-z0-9_-]{43}$/);
  await expect(page.getByRole('table', { name: "Liens d'abonnement actifs" })).toContainText('Téléphone');
  await expectAccessible(page);
  await page.goto(weekUrl);
  await expect(page.getByLabel("Lien d'abonnement")).toHaveCount(0);
  await expectAccessible(page);
  // The day view lists the same appointment in a table.
  await page.getByRole('link', { name: new RegExp(`^\\S+ ${Number(day.slice(8))}(er)? `) }).click();
  await expect(page.getByRole('table', { name: /^Rendez-vous du / })).toContainText(`Maëlle Fontaine${uniq}`);
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Vue semaine' }).click();
  await expect(entry).toBeVisible();
  await expectAccessible(page);
  await tabTo(page, entry, 120);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: /^Rendez-vous du .* à 10:00$/ })).toBeVisible();
  await expectAccessible(page);

  // Attended, then the report.
  await page.getByLabel('Honoré').check();
  await page.getByRole('button', { name: 'Enregistrer la participation' }).click();
  await expect(page.getByText('La participation a été enregistrée.')).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Rédiger le compte rendu' }).click();
  await expect(page.getByText('La personne peut lire ce compte rendu.')).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel('Points abordés').fill('Point sur la mobilité : la personne a obtenu une place dans le transport à la demande.');
  await page.getByLabel('Freins et leviers évoqués').fill('Le frein transport est levé ; hébergement toujours chez un tiers.');
  await page.getByLabel('Décisions').fill('Recherche d\'emploi élargie à 20 km.');
  await page.getByLabel('Engagements de la personne').fill('Envoyer trois candidatures d\'ici le prochain rendez-vous.');
  await page.getByLabel(/^Aucun moyen de transport \(Mobilité\)/).selectOption('0');
  await page.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
  await expect(page.getByText('Le brouillon a été enregistré.')).toBeVisible();
  // The lifted barrier is gone from the diagnosis the form now starts from.
  await expect(page.getByLabel(/^Aucun moyen de transport/)).toHaveCount(0);
  await expect(page.getByLabel(/^Hébergé chez un tiers \(Logement\)/)).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel('Prochaines étapes').fill('Prochain rendez-vous dans quinze jours.');
  await page.getByRole('button', { name: 'Enregistrer et finaliser' }).click();
  // Finalising is confirmed on its own page (issue 14).
  await expect(page.getByRole('heading', { name: 'Finaliser le compte rendu ?' })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Confirmer la finalisation' }).click();
  await expect(page.getByText('Le compte rendu a été finalisé.')).toBeVisible();
  await expect(page.getByText('Finalisé', { exact: true })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Prochaines étapes' })).toContainText('Prochain rendez-vous dans quinze jours.');
  await expect(page.getByRole('link', { name: 'Modifier le brouillon' })).toHaveCount(0);
  await expectAccessible(page);

  // A correction goes in an addendum, dated and signed.
  await page.getByLabel('Ajouter un addendum').fill('Précision : le transport à la demande fonctionne du lundi au vendredi.');
  await page.getByRole('button', { name: "Ajouter l'addendum" }).click();
  await expect(page.getByText("L'addendum a été ajouté au compte rendu.")).toBeVisible();
  const addenda = page.getByRole('region', { name: 'Addenda' });
  await expect(addenda).toContainText('par Camille Conseil');
  await expect(addenda).toContainText('fonctionne du lundi au vendredi');
  await expectAccessible(page);
  await screenshot(page, 'report-finalised');

  // The record's reports tab lists it.
  await sections.getByRole('link', { name: 'Comptes rendus' }).click();
  await expect(page.getByRole('table', { name: /Comptes rendus d'entretien/ })).toContainText('Finalisé');
  await expectAccessible(page);

  // The diagnosis tab shows the barrier lifted on the day of the interview.
  await sections.getByRole('link', { name: 'Diagnostic' }).click();
  await expect(page.getByRole('heading', { name: new RegExp(`Évolution entre le .* et le ${frenchDay(day)}`) })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Détail des freins' })).toContainText('Levé');
  await expectAccessible(page);
});
