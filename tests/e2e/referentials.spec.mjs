// The referentials in a real browser: a counselor browses the ROME (search, fiche, a mobility
// link), then builds territories with the keyboard — a bassin d'emploi through the area picker,
// and communes added one by one through the commune picker. axe-core on every page.
import { test, expect, expectAccessible, importReferentials, screenshot } from '../support/jalon.mjs';
import { bootstrapAdmin, inviteAndSetUp, advanceClock } from '../support/auth.mjs';
import { signIn, tabTo } from '../support/browser.mjs';

const uniq = Date.now().toString(36);

test('a counselor browses the ROME and builds territories with the pickers', async ({ page, jalon }) => {
  test.setTimeout(480_000);
  importReferentials(jalon, ['communes', 'zones-emploi', 'bassins-emploi', 'rome']);
  const admin = await bootstrapAdmin(jalon, `adm-terr-${uniq}@test.example`, `ACI terr ${uniq}`);
  const cip = await inviteAndSetUp(jalon, admin, { email: `cip-terr-${uniq}@test.example`, name: 'Camille Territoire', role: 'counselor' });
  await advanceClock(admin.api, 30_000);
  await signIn(page, cip);

  // ROME browser: search with a typo, open the fiche, follow a mobility.
  await page.getByRole('link', { name: 'Métiers' }).click();
  await expectAccessible(page);
  await page.getByLabel('Métier ou code ROME').fill('auxilliaire de vie');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: /fiches? trouvées?/ })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('link', { name: /K1302/ }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('K1302');
  await expect(page.getByRole('heading', { name: 'Mobilités professionnelles' })).toBeVisible();
  await expectAccessible(page);
  const mobility = page.locator('#mobilites ~ ul a, section[aria-labelledby="mobilites"] a').first();
  const target = (await mobility.getAttribute('href')).split('/').pop();
  await mobility.click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(target);
  await expectAccessible(page);

  // A territory from a bassin d'emploi, keyboard only.
  await page.getByRole('link', { name: 'Territoires' }).click();
  await expect(page.getByText('Aucun territoire pour l\'instant.')).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Nouveau territoire' }).click();
  await expectAccessible(page);
  await tabTo(page, page.getByLabel('Nom du territoire'));
  await page.keyboard.type(`Bassin de Voiron ${uniq}`);
  await tabTo(page, page.getByRole('radio', { name: 'EPCI' }));
  await page.keyboard.press('ArrowDown');  // radio group: EPCI -> Bassin d'emploi
  await expect(page.getByRole('radio', { name: "Bassin d'emploi" })).toBeChecked();
  await tabTo(page, page.getByRole('combobox', { name: /Zone/ }));
  await page.keyboard.type('voir');
  await expect(page.getByRole('option', { name: /VOIRON/ })).toBeVisible();
  await expectAccessible(page);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(page.locator('#area_code')).toHaveValue('8413');
  await tabTo(page, page.getByRole('button', { name: 'Créer le territoire' }));
  await page.keyboard.press('Enter');
  await expect(page.getByText('Le territoire a été créé.')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Bassin de Voiron ${uniq}`);
  await expect(page.getByRole('table', { name: /Communes du territoire/ })).toContainText('Voiron');
  await expectAccessible(page);
  await screenshot(page, 'territory-basin');

  // Hand-picked communes with the commune picker: Voiron, then Moirans.
  await page.getByRole('link', { name: 'Territoires' }).first().click();
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Nouveau territoire' }).click();
  await expectAccessible(page);
  await page.getByLabel('Nom du territoire').fill(`Voiron et Moirans ${uniq}`);
  await page.getByRole('radio', { name: 'Communes choisies' }).check();
  await expect(page.getByRole('combobox', { name: /Zone/ })).toBeHidden();
  const adder = page.getByRole('combobox', { name: 'Ajouter une commune' });
  for (const [typed, name] of [['voiron', /^Voiron \(38500\)/], ['moira', /^Moirans \(38430\)/]]) {
    await adder.focus();
    await page.keyboard.type(typed);
    await expect(page.getByRole('option', { name })).toBeVisible();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
  }
  await expect(page.getByLabel('Communes choisies (une par ligne)')).toHaveValue('38563 Voiron\n38239 Moirans\n');
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Créer le territoire' }).click();
  await expect(page.getByText('Le territoire a été créé.')).toBeVisible();
  await expect(page.getByText('Communes choisies')).toBeVisible();
  await expectAccessible(page);
});
