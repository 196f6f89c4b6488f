// The demo as a newcomer meets it: `jalon demo` on the worker's store (ROME loaded, as `make
// run` does, so that every targeted job reads as its label), then a counselor's home dashboard
// and agenda, a sample of the records the dashboard points to walked through every tab of the
// record, the bilan's targeted jobs, and the coordinator finding people without a référent.
// Each page: no error, no empty state where the demo promises data, axe-core.
import { test, expect, expectAccessible, runJalon, importReferentials } from '../support/jalon.mjs';
import { newApi, login, enrolTotp, advanceClock } from '../support/auth.mjs';
import { signIn } from '../support/browser.mjs';
import { sql } from '../support/sql.mjs';

test.describe.configure({ mode: 'serial' });

let accounts = {};
const users = {};

// What a record's pages show when a section is empty, and the fallback of an unknown ROME code.
const EMPTY = [/pour le moment/, /Pas encore de diagnostic/, /Aucune situation enregistrée/,
  /Aucun projet enregistré/, /Aucun diagnostic d'éligibilité/, /Aucun compte rendu\./,
  /Aucun événement à afficher/, /Aucun frein relevé/, /Appellation ROME \d+/i,
  /appellation ROME n° \d+/];

test.beforeAll(async ({ jalon }) => {
  test.setTimeout(300_000);
  importReferentials(jalon, ['rome']);
  const db = jalon.store.databaseUrl ? ['--database', jalon.store.databaseUrl] : [];
  const out = runJalon(['demo', '--data-dir', jalon.store.dataDir, ...db, '--beneficiaries', '48', '--seed', '7']);
  expect(out.code, out.stderr).toBe(0);
  expect(out.stdout).toContain('48 personnes accompagnées fictives');
  for (const m of out.stdout.matchAll(/^\s+(\S+@demo-voiron\.jalon\.test)\s.*\s(\S{20})$/gm)) accounts[m[1]] = m[2];
  expect(Object.keys(accounts)).toHaveLength(7);  // with the mission locale's partner user (issue 19)
});

// A demo account on its first sign-in: TOTP enrolment, then the browser signs in with it.
async function account(jalon, email) {
  if (users[email]) return users[email];
  const api = await newApi(jalon.url);
  expect((await login(api, email, accounts[email])).status()).toBe(303);
  const { secret } = await enrolTotp(api);
  await advanceClock(api, 30_000);  // the enrolment used this step's code
  users[email] = { email, password: accounts[email], secret };
  return users[email];
}

const CARDS = [
  ['d-rdv', "Aucun rendez-vous aujourd'hui."],
  ['d-actions', 'Aucune action en retard.'],
  ['d-contrats', 'Aucun contrat à renouveler dans les 30 jours.'],
  ['d-cr', 'Aucun compte rendu en brouillon.'],
  ['d-orientations', 'Aucune orientation à relancer.'],
  ['d-justificatifs', 'Aucun justificatif à renouveler.'],
];

test("every counselor's dashboard shows a working day in each card, and the agenda this week", async ({ page, jalon }) => {
  test.setTimeout(300_000);
  for (const n of [1, 2, 3, 4]) {
    const cip = await account(jalon, `conseiller${n}@demo-voiron.jalon.test`);
    await page.context().clearCookies();
    await signIn(page, cip);
    for (const [id, empty] of CARDS) {
      const card = page.locator('section.card').filter({ has: page.locator(`#${id}`) });
      await expect(page.locator(`#${id}`), `${cip.email} ${id}`).not.toContainText('(0)');
      await expect(card.getByRole('listitem').first(), `${cip.email} ${id}`).toBeVisible();
      await expect(card.getByText(empty)).toHaveCount(0);
    }
  }
  await page.getByRole('link', { name: "Ouvrir l'agenda" }).click();
  await expectAccessible(page);
  await expect(page.locator('.agenda-today a[href^="/rendez-vous/"]').first()).toBeVisible();
  expect(await page.locator('a[href^="/rendez-vous/"]').count()).toBeGreaterThan(3);
});

async function walkRecord(page, href, { referrals }) {
  const res = await page.goto(href);
  expect(res.status(), href).toBe(200);
  await expectAccessible(page);
  const tabs = page.getByRole('navigation', { name: 'Sections du dossier' }).getByRole('link');
  const targets = [];
  for (const link of await tabs.all()) targets.push([await link.textContent(), await link.getAttribute('href')]);
  expect(targets.length).toBeGreaterThanOrEqual(12);
  for (const [label, tab] of targets) {
    const r = await page.goto(tab);
    expect(r.status(), `${label} ${tab}`).toBe(200);
    await expectAccessible(page);
    const main = page.locator('main');
    for (const pattern of EMPTY) {
      if (!referrals && label.trim() === 'Orientations' && String(pattern) === String(/pour le moment/)) continue;
      // The demo has two immersions in all: the tab's immersion section may be empty, not its applications.
      if (label.trim() === 'Candidatures' && String(pattern) === String(/pour le moment/)) {
        await expect(main, `${label}: applications`).not.toContainText('Aucune candidature pour le moment');
        continue;
      }
      await expect(main, `${label}: ${pattern}`).not.toContainText(pattern);
    }
    if (label.trim() === 'Projet professionnel') {
      // Targeted jobs read as labels, with the fiche's code beside them.
      await expect(main).toContainText(/[a-zé]+ \([A-N]\d{4}\)/);
    }
  }
}

test('a sample of records from the dashboard: every tab shows data, the bilan names the jobs', async ({ page, jalon }) => {
  test.setTimeout(480_000);
  const cip = await account(jalon, 'conseiller2@demo-voiron.jalon.test');
  await page.context().clearCookies();
  await signIn(page, cip);
  const hrefsIn = async (id) => {
    const card = page.locator('section.card').filter({ has: page.locator(`#${id}`) });
    return [...new Set(await card.locator('a[href^="/beneficiaires/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href'))))];
  };
  // People with a referral to follow up have everything; the others may have no referral.
  const withReferral = (await hrefsIn('d-orientations')).slice(0, 1);
  const others = [...await hrefsIn('d-contrats'), ...await hrefsIn('d-actions')]
    .filter((h) => !withReferral.includes(h)).slice(0, 1);
  expect(withReferral.length).toBeGreaterThan(0);
  expect(others.length).toBeGreaterThan(0);
  for (const href of withReferral) await walkRecord(page, href, { referrals: true });
  for (const href of others) await walkRecord(page, href, { referrals: false });

  await page.goto(`${withReferral[0]}/bilan`);
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Préparer le document' }).click();
  await expect(page.getByText(/Métiers visés : .+ \([A-N]\d{4}\)/)).toBeVisible();
  await expect(page.locator('main')).not.toContainText("codes ROME d'appellation");
  await expectAccessible(page);
});

test('the coordinator finds the people whose référent has left, and the namesakes apart', async ({ page, jalon }) => {
  test.setTimeout(200_000);
  const orphans = sql(jalon, "SELECT b.last_name, b.first_name FROM beneficiaries b JOIN structures s ON s.id = b.structure_id "
    + "WHERE s.name LIKE 'ACI Les Jardins du Voironnais%' AND NOT EXISTS (SELECT 1 FROM caseload_members m WHERE m.beneficiary_id = b.id)");
  expect(orphans.length).toBeGreaterThan(0);
  const coord = await account(jalon, 'coordination@demo-voiron.jalon.test');
  await page.context().clearCookies();
  await signIn(page, coord);
  await page.goto('/beneficiaires');
  await expectAccessible(page);
  const search = page.getByRole('searchbox', { name: 'Rechercher' });
  await search.fill(orphans[0][0]);
  await search.press('Enter');
  const row = page.getByRole('row').filter({ hasText: `${orphans[0][0]} ${orphans[0][1]}` }).first();
  await expect(row).toContainText('sans référent·e');
  await expectAccessible(page);
  await row.getByRole('link').first().click();
  await expect(page.getByText('aucun·e, à attribuer')).toBeVisible();
  await expectAccessible(page);

  await page.goto('/beneficiaires');
  await search.fill('Benali Nadia');
  await search.press('Enter');
  const namesakes = page.getByRole('row').filter({ hasText: 'Benali Nadia' });
  await expect(namesakes).toHaveCount(2);
  await expect(namesakes.filter({ hasText: '1984' })).toHaveCount(1);
  await expect(namesakes.filter({ hasText: '1997' })).toHaveCount(1);
  await expectAccessible(page);
});
