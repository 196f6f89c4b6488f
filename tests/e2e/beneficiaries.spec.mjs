// A counselor's day in a real browser: create a person with the keyboard only, fill a
// diagnosis, see the IAE verdict change live, edit the professional project, reopen the record
// and see the history. axe-core on every page.
import { test, expect, expectAccessible, importReferentials, screenshot } from '../support/jalon.mjs';
import { bootstrapAdmin, inviteAndSetUp, advanceClock } from '../support/auth.mjs';
import { signIn, tabTo } from '../support/browser.mjs';

const uniq = Date.now().toString(36);

test('a counselor creates a person by keyboard, diagnoses, checks eligibility, edits the project', async ({ page, jalon }) => {
  test.setTimeout(480_000);
  importReferentials(jalon, ['communes', 'rome']);
  const admin = await bootstrapAdmin(jalon, `adm-e2e-${uniq}@test.example`, `ACI e2e ${uniq}`);
  const cip = await inviteAndSetUp(jalon, admin, { email: `cip-e2e-${uniq}@test.example`, name: 'Camille Conseil', role: 'counselor' });
  await advanceClock(admin.api, 30_000);  // the enrolment used this step's code

  await signIn(page, cip);

  // Caseload, then creation with the keyboard only.
  await page.getByRole('link', { name: 'Bénéficiaires' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mes bénéficiaires');
  await expectAccessible(page);
  await tabTo(page, page.getByRole('link', { name: 'Nouvelle personne accompagnée' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Nouvelle personne accompagnée');
  await expectAccessible(page);
  await tabTo(page, page.getByLabel('Civilité'));
  await page.keyboard.type('Madame');
  await page.keyboard.press('Tab');
  await page.keyboard.type(`Fontaine${uniq}`);
  await page.keyboard.press('Tab');
  await page.keyboard.type('Maëlle');
  await page.keyboard.press('Tab');
  await page.keyboard.type('14031988');  // date input, French order
  // The commune picker: type, arrow down to the proposal, Enter.
  await tabTo(page, page.getByRole('combobox', { name: 'Commune de résidence' }));
  await page.keyboard.type('voiro');
  await expect(page.getByRole('option', { name: /^Voiron \(38500\)/ })).toBeVisible();
  await expectAccessible(page);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('combobox', { name: 'Commune de résidence' })).toHaveValue('Voiron (38500)');
  await expect(page.locator('#commune_code')).toHaveValue('38563');
  await tabTo(page, page.getByLabel('Prescripteur', { exact: false }).first());
  await page.keyboard.type('France Travail');
  await tabTo(page, page.getByRole('button', { name: 'Créer le dossier' }));
  await page.keyboard.press('Enter');
  await expect(page.getByText('Le dossier a été créé.')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Maëlle Fontaine${uniq}`);
  await expectAccessible(page);
  const recordUrl = page.url().split('?')[0];

  // Situation with a right and its since-date.
  await page.getByRole('navigation', { name: 'Sections du dossier' }).getByRole('link', { name: 'Situation' }).click();
  await expectAccessible(page);
  await page.getByLabel('Niveau de formation').selectOption('NV5');
  await page.getByLabel("Situation vis-à-vis de l'emploi").selectOption('recherche_emploi');
  await page.getByLabel('RSA', { exact: true }).check();
  await page.getByLabel('RSA : depuis le').fill('2024-05-01');
  await page.getByRole('button', { name: 'Enregistrer la situation' }).click();
  await expect(page.getByText('La situation a été enregistrée.')).toBeVisible();
  await expect(page.getByRole('table', { name: 'Historique de la situation' })).toContainText('RSA depuis le 01/05/2024');
  await expectAccessible(page);

  // First diagnosis.
  await page.getByRole('navigation', { name: 'Sections du dossier' }).getByRole('link', { name: 'Diagnostic' }).click();
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Nouveau diagnostic' }).click();
  await expect(page.getByRole('heading', { name: 'Nouveau diagnostic socio-professionnel' })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel('Date du diagnostic').fill('2026-09-01');
  await page.getByLabel('Aucun moyen de transport', { exact: true }).check();
  await page.getByLabel('Sévérité : Aucun moyen de transport').selectOption('3');
  await page.getByLabel('Hébergé chez un tiers', { exact: true }).check();
  await page.getByLabel('Points d\'appui (Emploi)').fill('Expérience en maraîchage, motivée.');
  await page.getByRole('button', { name: 'Enregistrer le diagnostic' }).click();
  await expect(page.getByText('Le diagnostic a été enregistré.')).toBeVisible();
  await expectAccessible(page);
  // Second diagnosis: transport found, a new digital barrier.
  await page.getByRole('link', { name: 'Nouveau diagnostic' }).click();
  await expectAccessible(page);
  await page.getByLabel('Date du diagnostic').fill('2026-11-20');
  await page.getByLabel('Aucun moyen de transport', { exact: true }).uncheck();
  await page.getByLabel("Absence d'équipement", { exact: true }).check();
  await page.getByRole('button', { name: 'Enregistrer le diagnostic' }).click();
  await expect(page.getByRole('heading', { name: /Évolution entre le 01\/09\/2026 et le 20\/11\/2026/ })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Détail des freins' })).toContainText('Levé');
  await expect(page.getByRole('img', { name: /Freins par thème/ })).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, 'diagnosis-comparison');

  // Eligibility: the verdict updates live as criteria are ticked.
  await page.getByRole('navigation', { name: 'Sections du dossier' }).getByRole('link', { name: 'Éligibilité IAE' }).click();
  await expectAccessible(page);
  await expect(page.locator('#verdict')).toContainText('Non éligible ACI');
  await page.getByLabel('Senior (+50 ans)').check();
  await page.getByLabel('DELD (12-24 mois)').check();
  await expect(page.locator('#verdict')).toContainText('2 critères de niveau 2 sur les 3 requis');
  await page.getByLabel('Bénéficiaire du RSA').check();
  await expect(page.locator('#verdict')).toContainText('Éligible ACI : critère de niveau 1 « Bénéficiaire du RSA »');
  await expectAccessible(page);
  await page.getByRole('button', { name: "Enregistrer le diagnostic d'éligibilité" }).click();
  await expect(page.getByText("Le diagnostic d'éligibilité a été enregistré.")).toBeVisible();
  await expectAccessible(page);

  // Project, then an edit.
  await page.getByRole('navigation', { name: 'Sections du dossier' }).getByRole('link', { name: 'Projet professionnel' }).click();
  await expectAccessible(page);
  await page.getByLabel('Chercher un métier dans le ROME').fill('aide soignante');
  await page.locator('#rome-results').getByRole('checkbox', { name: /^Aide-soignant/ }).first().check();
  await expect(page.getByRole('list', { name: 'Métiers visés' }).getByRole('listitem')).toHaveCount(1);
  await page.getByLabel('Rayon de mobilité (km)').fill('15');
  await page.getByLabel('CDI').check();
  await page.getByRole('button', { name: 'Enregistrer le projet' }).click();
  await expect(page.getByText('Le projet a été enregistré.')).toBeVisible();
  await page.getByLabel('Rayon de mobilité (km)').fill('400');
  await page.getByRole('button', { name: 'Enregistrer le projet' }).click();
  await expect(page.locator('#mobility_km-error')).toContainText('entre 0 et 300 km');
  await expectAccessible(page);
  await page.getByLabel('Rayon de mobilité (km)').fill('25');
  await page.getByRole('button', { name: 'Enregistrer le projet' }).click();
  await expect(page.getByRole('table', { name: 'Versions du projet' }).getByRole('row')).toHaveCount(3);
  await expectAccessible(page);

  // Reopen the record: the synthesis shows the four blocks.
  await page.goto(recordUrl);
  await expect(page.getByRole('heading', { name: 'Situation professionnelle' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Droits et administratif' })).toContainText('RSA depuis le 01/05/2024');
  await expect(page.getByRole('region', { name: 'Projet professionnel' })).toContainText('25 km');
  await expect(page.getByRole('region', { name: 'Situation personnelle' })).toContainText("Absence d'équipement");
  await expect(page.getByRole('region', { name: 'Situation professionnelle' })).toContainText('Éligible IAE');
  await expectAccessible(page);
  await screenshot(page, 'record-synthesis');
});
