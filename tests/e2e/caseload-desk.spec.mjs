// The counselor's desk (issue 14) in a real browser: the caseload's state lives in the URL —
// filter, sort and page, open a record, come back with Back and with the breadcrumb and find the
// same list; filters show as removable chips with their counts before they are applied; every
// dashboard card's count equals the length of the list it leads to; a past appointment's outcome
// is recorded from its card without leaving the dashboard. axe-core on every page.
import { test, expect, expectAccessible } from '../support/jalon.mjs';
import { apiCall, bootstrapAdmin, inviteAndSetUp, advanceClock } from '../support/auth.mjs';
import { signIn } from '../support/browser.mjs';
import { sql } from '../support/sql.mjs';

const uniq = Date.now().toString(36);
const parisDay = (offset) => new Date(Date.now() + offset * 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' });
const monthEnd = () => {
  const [y, m] = parisDay(0).split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);  // day 0 of next month
};

let W = null;

// 30 people for one counselor: the odd ones entered 100 days ago and never met (overdue, no
// contact for 60 days), the even ones last week; one with a contract ending this month, one
// with an appointment that passed without its outcome, one without référent (coordinator).
async function world(jalon) {
  if (W) return W;
  const admin = await bootstrapAdmin(jalon, `adm-desk-${uniq}@test.example`, `ACI Desk ${uniq}`);
  const cip = await inviteAndSetUp(jalon, admin, { email: `cip-desk-${uniq}@test.example`, name: 'Camille Desk', role: 'counselor' });
  const coord = await inviteAndSetUp(jalon, admin, { email: `coord-desk-${uniq}@test.example`, name: 'Coord Desk', role: 'coordinator' });
  const ids = [];
  for (let i = 0; i < 30; i++) {
    const res = await apiCall(cip, 'POST', '/api/v1/beneficiaries', {
      civility: 'mme', first_name: `P${String(i).padStart(2, '0')}`, last_name: `Desk${uniq}`,
      birth_date: `19${60 + i}-05-0${1 + (i % 8)}`, prescriber_kind: 'france_travail',
      entry_date: parisDay(i % 2 ? -100 : -7), scheme: 'iae', information_notice_version: '2026-01',
    });
    expect(res.status()).toBe(201);
    ids.push((await res.json()).id);
  }
  const contract = await apiCall(cip, 'POST', `/api/v1/beneficiaries/${ids[2]}/contracts`, {
    kind: 'cer', status: 'en_cours', signed_on: parisDay(-60), starts_on: parisDay(-60), ends_on: monthEnd(),
  });
  expect(contract.status()).toBe(201);
  const appt = await apiCall(cip, 'POST', `/api/v1/beneficiaries/${ids[4]}/appointments`, {
    date: parisDay(1), time: '10:00', duration_min: 45, kind: 'suivi', mode: 'sur_place', place: 'Salle 1',
  });
  expect(appt.status()).toBe(201);
  // A past state the API cannot create (an appointment is never scheduled in the past): moved
  // to three days ago, as the clock would have; and a person whose référent left. Both bump the
  // caseload generation, as every write does.
  const apptId = (await appt.json()).id;
  sql(jalon, `UPDATE appointments SET starts_at = starts_at - ${4 * 86_400_000} WHERE id = '${apptId}'`);
  sql(jalon, `DELETE FROM caseload_members WHERE beneficiary_id = '${ids[6]}'`);
  sql(jalon, 'UPDATE caseload_generations SET generation = generation + 1');
  await advanceClock(admin.api, 30_000);  // the enrolments used this step's code
  W = { cip, coord, ids };
  return W;
}

const total = (page) => page.getByRole('status').filter({ hasText: /trouvée/ });

test('filter, sort, page, open a record, come back with Back and with the breadcrumb', async ({ page, jalon }) => {
  test.setTimeout(420_000);  // a shared, loaded machine runs ASan builds slowly
  const { cip } = await world(jalon);
  await signIn(page, cip);
  await page.getByRole('link', { name: 'Bénéficiaires', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mes bénéficiaires');
  await expectAccessible(page);
  // 29 people (one has no référent any more, so is out of the counselor's caseload).
  await expect(total(page)).toContainText('29 personnes trouvées');
  // The toggle's count before it is applied, then applied like the other filters.
  await expect(page.getByLabel('Suivi en retard (15)')).toBeVisible();
  await page.getByLabel('Suivi en retard (15)').check();
  await page.getByRole('button', { name: 'Appliquer les filtres' }).click();
  await expect(page).toHaveURL(/[?&]retard=1/);
  await expect(total(page)).toContainText('15 personnes trouvées');
  await expect(page.getByRole('group', { name: 'Filtres actifs :' })).toContainText('Suivi en retard');
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Retirer le filtre Suivi en retard' }).click();
  await expect(total(page)).toContainText('29 personnes trouvées');
  await expect(page.getByRole('group', { name: 'Filtres actifs :' })).toHaveCount(0);

  // Search by name (a GET parameter now), sort by birth date with the header, go to page 2.
  await page.getByRole('searchbox', { name: 'Rechercher' }).fill(`desk${uniq}`);
  await page.getByRole('searchbox', { name: 'Rechercher' }).press('Enter');
  await expect(page).toHaveURL(new RegExp(`/beneficiaires\\?q=desk${uniq}$`));  // only what applies
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Naissance' }).click();
  await expect(page.getByRole('columnheader', { name: 'Naissance' })).toHaveAttribute('aria-sort', 'ascending');
  await expect(page.getByRole('columnheader', { name: 'Nom' })).not.toHaveAttribute('aria-sort', /.*/);
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Page suivante' }).click();
  await expect(total(page)).toContainText('page 2 sur 2');
  const listUrl = page.url();
  expect(listUrl).toContain('tri=birth');
  expect(listUrl).toContain('page=2');
  const rows = page.getByRole('table').getByRole('row');
  await expect(rows).toHaveCount(5);  // the header and the 4 last of 29
  const firstName = await rows.nth(1).getByRole('link').textContent();
  expect(firstName).toContain('P26');  // born 1986: the 26th of 29 by birth date (P06 left)
  await expectAccessible(page);

  // Open a record, come back with Back: the same list.
  await rows.nth(1).getByRole('link').click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('P26');
  await expectAccessible(page);
  await page.goBack();
  await expect(page).toHaveURL(listUrl);
  await expect(total(page)).toContainText('page 2 sur 2');
  await expect(page.getByRole('table').getByRole('row').nth(1)).toContainText(firstName);
  await expect(page.getByRole('searchbox', { name: 'Rechercher' })).toHaveValue(`desk${uniq}`);
  await expectAccessible(page);

  // Open it again, move to another tab of the record, and come back with the breadcrumb.
  await page.getByRole('table').getByRole('row').nth(1).getByRole('link').click();
  await page.getByRole('navigation', { name: 'Sections du dossier' }).getByRole('link', { name: 'Situation' }).click();
  await expect(page.getByRole('navigation', { name: 'Sections du dossier' }).getByRole('link', { name: 'Situation' })).toHaveAttribute('aria-current', 'page');
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Mes bénéficiaires' }).click();
  await expect(page).toHaveURL(listUrl);
  await expect(page.getByRole('columnheader', { name: 'Naissance' })).toHaveAttribute('aria-sort', 'ascending');
  await expect(page.getByRole('table').getByRole('row').nth(1)).toContainText(firstName);
  await expectAccessible(page);
  // Reload: the same list again.
  await page.reload();
  await expect(page.getByRole('table').getByRole('row').nth(1)).toContainText(firstName);
  await expectAccessible(page);

  // A bad number of days is said next to the filter list, and nothing is applied.
  await page.goto('/beneficiaires?sans_contact=-5');
  await expect(page.getByRole('alert')).toContainText('Sans contact depuis : indiquez un nombre de jours entre 1 et 3650.');
  await expect(total(page)).toContainText('29 personnes trouvées');
  await expectAccessible(page);
  // The route is logged, never the search term.
  expect(jalon.logs.stdout + jalon.logs.stderr).toContain('"route":"/beneficiaires"');
  expect(jalon.logs.stdout + jalon.logs.stderr).not.toContain(`desk${uniq}`);
});

// Each dashboard link's count against the length of the list it opens.
async function checkCards(page, minimum) {
  const links = page.locator('a.card-list');
  const n = await links.count();
  expect(n).toBeGreaterThanOrEqual(minimum);
  const cards = [];
  for (let i = 0; i < n; i++) {
    cards.push({ href: await links.nth(i).getAttribute('href'), count: Number(await links.nth(i).getAttribute('data-count')) });
  }
  for (const c of cards) {
    await page.goto(c.href);
    await expect(total(page), c.href).toContainText(`${c.count} personne`);
    await expect(page.locator('#resultats tbody tr')).toHaveCount(Math.min(c.count, 25));
    await expectAccessible(page);
  }
  return cards;
}

test('every dashboard card leads to the list it counts; an outcome is recorded from its card', async ({ page, jalon }) => {
  test.setTimeout(420_000);  // a shared, loaded machine runs ASan builds slowly
  const { cip, coord } = await world(jalon);
  await signIn(page, cip);
  // The cards that list their lines: the count in the heading is the number of lines.
  for (const card of await page.locator('section.card').all()) {
    const heading = await card.getByRole('heading', { level: 2 }).textContent();
    const m = heading.match(/\((\d+)\)$/);
    if (!m || heading.startsWith('Rendez-vous du jour')) continue;
    await expect(card.locator(':scope > ul > li'), heading).toHaveCount(Number(m[1]));
  }
  const outcomes = page.locator('#carte-sans-issue');
  await expect(outcomes.getByRole('heading')).toHaveText('Rendez-vous passés sans issue (1)');
  const cards = await checkCards(page, 6);
  const counts = Object.fromEntries(cards.map((c) => [new URL(c.href, jalon.url).search, c.count]));
  expect(counts['?retard=1']).toBe(15);
  expect(counts['?sans_contact=60']).toBe(15);
  expect(counts['?fin_contrat=1']).toBe(1);
  expect(counts['?sans_issue=1']).toBe(1);

  // The outcome, set inline: the card loses the line, the page stays.
  await page.goto('/');
  await expectAccessible(page);
  await outcomes.getByLabel('Issue').selectOption('honore');
  await outcomes.getByRole('button', { name: "Enregistrer l'issue" }).click();
  await expect(page.locator('#carte-sans-issue').getByRole('status')).toHaveText('Issue enregistrée.');
  await expect(page.locator('#carte-sans-issue').getByRole('heading')).toHaveText('Rendez-vous passés sans issue (0)');
  await expect(page).toHaveURL(/\/$/);
  await expectAccessible(page);
  await page.reload();
  await expect(page.locator('#carte-sans-issue').getByRole('heading')).toHaveText('Rendez-vous passés sans issue (0)');
  await expect(page.locator('a.card-list[href="/beneficiaires?sans_issue=1"]')).toHaveAttribute('data-count', '0');
  await expectAccessible(page);

  // The coordinator also has the card of people without référent.
  await page.context().clearCookies();
  await signIn(page, coord);
  await expect(page.getByRole('heading', { name: 'Sans référent·e (1)' })).toBeVisible();
  const coordCards = await checkCards(page, 7);
  expect(coordCards.find((c) => c.href === '/beneficiaires?sans_referent=1').count).toBe(1);
});
