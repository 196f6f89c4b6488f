// The pathway in a real browser: a counselor contracts with a person (a CER printed for
// signature with its objectives), sets objectives from the catalogue and in free text, adds an
// action under one with the barrier it addresses, sees it flagged overdue; orients the person
// to a partner and records the refusal; reads the timeline filtered by kind; and finds it all
// on the home dashboard. Keyboard steps on the way; axe-core on every page.
import { test, expect, expectAccessible, screenshot } from '../support/jalon.mjs';
import { apiCall, bootstrapAdmin, inviteAndSetUp, advanceClock } from '../support/auth.mjs';
import { signIn, tabTo } from '../support/browser.mjs';

const uniq = Date.now().toString(36);
const parisDay = (offset) => new Date(Date.now() + offset * 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' });

async function setUp(jalon, tag) {
  const admin = await bootstrapAdmin(jalon, `adm-${tag}-${uniq}@test.example`, `ACI ${tag} ${uniq}`);
  const cip = await inviteAndSetUp(jalon, admin, { email: `cip-${tag}-${uniq}@test.example`, name: 'Camille Conseil', role: 'counselor' });
  const created = await apiCall(cip, 'POST', '/api/v1/beneficiaries', {
    civility: 'mme', first_name: 'Maëlle', last_name: `Fontaine${tag}${uniq}`, birth_date: '1988-03-14',
    prescriber_kind: 'france_travail', entry_date: '2026-02-02', scheme: 'iae', information_notice_version: '2026-01',
  });
  expect(created.status()).toBe(201);
  const id = (await created.json()).id;
  expect((await apiCall(cip, 'POST', `/api/v1/beneficiaries/${id}/diagnoses`, { made_on: parisDay(-40), items: [
    { theme: 'mobilite', item: 'mo_aucun', kind: 'barrier', severity: 3 }] })).status()).toBe(201);
  await advanceClock(admin.api, 30_000);  // the enrolment used this step's code
  return { cip, id };
}

test('a counselor signs a contract, sets objectives and an action, prints the contract', async ({ page, jalon }) => {
  test.setTimeout(150_000);
  const { cip, id } = await setUp(jalon, 'ctr');
  await signIn(page, cip);
  await page.goto(`/beneficiaires/${id}`);
  await expectAccessible(page);
  await page.getByRole('navigation', { name: 'Sections du dossier' }).getByRole('link', { name: 'Parcours' }).click();
  await expect(page.getByText('Aucun contrat pour le moment.')).toBeVisible();
  await expectAccessible(page);

  // A CER in progress, entered first without its signature date.
  await page.getByRole('link', { name: 'Ajouter un contrat' }).click();
  await expectAccessible(page);
  await page.getByLabel('Type de contrat').selectOption('cer');
  await page.getByLabel('Statut').selectOption('en_cours');
  await page.getByLabel('Début', { exact: false }).fill(parisDay(-150));
  await page.getByLabel('Fin', { exact: false }).fill(parisDay(25));
  await page.getByRole('button', { name: 'Enregistrer le contrat' }).click();
  await expect(page.locator('#signed_on-error')).toContainText('Indiquez la date de signature');
  await expect(page.getByRole('alert')).toContainText("le formulaire n'a pas été enregistré");
  await expectAccessible(page);
  await page.getByRole('alert').getByRole('link', { name: /date de signature/ }).click();
  await expect(page.getByLabel('Date de signature')).toBeFocused();
  await page.getByLabel('Date de signature').fill(parisDay(-151));
  await page.getByRole('button', { name: 'Enregistrer le contrat' }).click();
  await expect(page.getByText('Le contrat est enregistré.')).toBeVisible();
  await expect(page.getByText('Ce contrat se termine dans 25 jours')).toBeVisible();
  await expectAccessible(page);

  // Objectives: one from the catalogue (attached to the contract), one in free text.
  await page.getByRole('link', { name: 'Retour au parcours' }).click();
  await expect(page.getByText('À renouveler : fin dans 25 jours')).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Ajouter un objectif' }).click();
  await expectAccessible(page);
  await page.getByLabel('Catalogue').selectOption({ label: 'Obtenir le permis' });
  await page.getByLabel('Frein du diagnostic visé').selectOption('mo_aucun');
  await page.getByLabel('Partenaire ou service mobilisé').fill('Auto-école solidaire');
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(page.getByText('Les modifications sont enregistrées.')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Obtenir le permis' })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Ajouter un objectif' }).click();
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(page.locator('#label-error')).toContainText('Choisissez un objectif dans le catalogue ou écrivez-le en texte libre');
  await expectAccessible(page);
  await page.getByLabel('Ou texte libre').fill('Reprendre un rythme de travail');
  await page.getByLabel('Thématique du texte libre').selectOption('emploi');
  await page.getByLabel('Contrat').selectOption({ index: 0 });
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(page.getByRole('heading', { name: 'Reprendre un rythme de travail' })).toBeVisible();
  await expectAccessible(page);

  // An action under the permit objective, due yesterday: flagged overdue. Reached by keyboard.
  const add = page.getByRole('link', { name: 'Ajouter une action à l\'objectif « Obtenir le permis »' });
  await tabTo(page, add, 120);
  await page.keyboard.press('Enter');
  await expect(page.getByText('Objectif : Obtenir le permis')).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel('Catalogue').selectOption({ label: 'Inscription en auto-école' });
  await expect(page.getByLabel('Frein du diagnostic visé')).toHaveValue('mo_aucun');
  await page.getByLabel('Statut').selectOption('en_cours');
  await page.getByLabel('Échéance').fill(parisDay(-1));
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  const actions = page.getByRole('table', { name: 'Actions de l\'objectif « Obtenir le permis »' });
  await expect(actions).toContainText('Inscription en auto-école');
  await expect(actions).toContainText('En retard');
  await expect(actions).toContainText('Aucun moyen de transport');
  await expect(page.getByText('1 action en retard : échéance passée')).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, 'pathway-tab');

  // The printable contract lists the objective attached to it, not the free one.
  await page.getByRole('link', { name: 'CER (contrat d\'engagement réciproque)' }).click();
  const contract = page.getByRole('article', { name: 'CER (contrat d\'engagement réciproque)' });
  await expect(contract).toContainText('Obtenir le permis');
  await expect(contract).not.toContainText('Reprendre un rythme de travail');
  await expect(contract).toContainText(`Maëlle Fontainectr${uniq}`);
  await expectAccessible(page);
  await page.emulateMedia({ media: 'print' });
  await expect(contract).toBeVisible();
  await expect(page.locator('.site-header')).toBeHidden();
  await expect(page.getByRole('link', { name: 'Modifier le contrat' })).toBeHidden();
  await page.emulateMedia({ media: 'screen' });
  await screenshot(page, 'contract-print');
});

test('a counselor orients the person, records the answer, filters the timeline and uses the dashboard', async ({ page, jalon }) => {
  test.setTimeout(150_000);
  const { cip, id } = await setUp(jalon, 'ori');
  // A contract ending soon and an overdue action come through the API.
  const c = await apiCall(cip, 'POST', `/api/v1/beneficiaries/${id}/contracts`,
    { kind: 'cej', status: 'en_cours', signed_on: parisDay(-300), starts_on: parisDay(-300), ends_on: parisDay(10) });
  expect(c.status()).toBe(201);
  const o = await (await apiCall(cip, 'POST', `/api/v1/beneficiaries/${id}/objectives`, { code: 'te_offres', status: 'en_cours' })).json();
  expect((await apiCall(cip, 'POST', `/api/v1/beneficiaries/${id}/actions`,
    { code: 'em_forum', status: 'prevu', due_on: parisDay(-3), objective_id: o.id })).status()).toBe(201);

  await signIn(page, cip);
  await expect(page.getByRole('heading', { name: 'Actions en retard (1)' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Contrats à renouveler (1)' })).toBeVisible();
  await page.getByRole('link', { name: 'Participer à un forum emploi' }).click();
  await expect(page.getByRole('heading', { name: "Modifier l'action" })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel('Statut').selectOption('realise');
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(page.getByText('Les modifications sont enregistrées.')).toBeVisible();
  await expectAccessible(page);

  // A referral, then the partner's refusal with its reason.
  await page.getByRole('navigation', { name: 'Sections du dossier' }).getByRole('link', { name: 'Orientations' }).click();
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Orienter vers un partenaire' }).click();
  await expectAccessible(page);
  await page.getByLabel('Structure partenaire', { exact: false }).fill('PLIE du Voironnais');
  await page.getByLabel("Motif de l'orientation", { exact: false }).fill('Accompagnement renforcé vers l\'emploi');
  await page.getByLabel('Date de relance').fill(parisDay(7));
  await page.getByRole('button', { name: "Enregistrer l'orientation" }).click();
  await expect(page.getByText("L'orientation est enregistrée.")).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('link', { name: 'PLIE du Voironnais' }).click();
  await page.getByLabel('Statut').selectOption('refusee');
  await page.getByRole('button', { name: "Enregistrer l'orientation" }).click();
  await expect(page.locator('#answer-error')).toContainText('Indiquez la réponse du partenaire');
  await expectAccessible(page);
  await page.getByLabel('Réponse du partenaire').fill('Pas de place avant mars.');
  await page.getByRole('button', { name: "Enregistrer l'orientation" }).click();
  const table = page.getByRole('table', { name: 'Orientations, les plus récentes d\'abord' });
  await expect(table).toContainText('Refusée');
  await expect(table).toContainText('Pas de place avant mars.');
  await expectAccessible(page);

  // The timeline, then only the referrals.
  await page.getByRole('navigation', { name: 'Sections du dossier' }).getByRole('link', { name: 'Historique' }).click();
  const timeline = page.locator('ol.timeline');
  await expect(timeline).toContainText('Orientation vers PLIE du Voironnais : En cours → Refusée');
  await expect(timeline).toContainText('Action « Participer à un forum emploi » : Prévu → Réalisé');
  await expect(timeline).toContainText('Contrat ajouté : CEJ');
  await expect(timeline).toContainText('Diagnostic du');
  await expectAccessible(page);
  await page.getByLabel("Type d'événement").selectOption('orientation');
  await page.getByRole('button', { name: 'Filtrer' }).click();
  await expect(page.getByText('2 événements : Orientations')).toBeVisible();
  await expect(timeline).not.toContainText('Contrat ajouté');
  await expectAccessible(page);
  await screenshot(page, 'timeline');

  // Back home: nothing overdue any more; the contract still to renew.
  await page.getByRole('link', { name: 'Tableau de bord' }).first().click();
  await expect(page.getByRole('heading', { name: 'Actions en retard (0)' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Contrats à renouveler (1)' })).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, 'dashboard');
});
