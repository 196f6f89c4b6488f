// Find anyone from any page (issue 14): from the agenda, a counselor types the last digits of a
// person's phone in the header box with the keyboard only, presses Enter, hears the count, keeps
// the term in the box and in the URL, and opens the record; a colleague's person is not found;
// the access log keeps the route, not the term; the audit keeps the kind and length of the term.
// axe-core on every page.
import { test, expect, expectAccessible } from '../support/jalon.mjs';
import { advanceClock, apiCall, twoStructures } from '../support/auth.mjs';
import { signIn, tabTo } from '../support/browser.mjs';
import { sql } from '../support/sql.mjs';

const uniq = Date.now().toString(36);
const person = (last, first, phone, email) => ({
  civility: 'mme', first_name: first, last_name: last, birth_date: '1987-06-21', phone, email,
  prescriber_kind: 'france_travail', entry_date: '2026-02-02', scheme: 'iae',
  information_notice_version: '2026-01',
});

test('a counselor finds a person by the last digits of the phone from another page', async ({ page, jalon }) => {
  test.setTimeout(240_000);
  const W = await twoStructures(jalon, `srch-${uniq}`);
  const mine = await apiCall(W.cip1, 'POST', '/api/v1/beneficiaries',
    person(`Lefèvre${uniq}`, 'Héloïse', '06 12 34 87 65', `heloise.${uniq}@exemple.fr`));
  expect(mine.status()).toBe(201);
  const mineId = (await mine.json()).id;
  // Same last digits, but in a colleague's caseload and in another structure: never found.
  expect((await apiCall(W.cip2, 'POST', '/api/v1/beneficiaries', person(`Colin${uniq}`, 'Remi', '07 00 00 87 65', ''))).status()).toBe(201);
  expect((await apiCall(W.cipB, 'POST', '/api/v1/beneficiaries', person(`Bayle${uniq}`, 'Ugo', '06 99 99 87 65', ''))).status()).toBe(201);

  await advanceClock(W.admin.api, 30_000);  // the enrolment used this step's code
  await signIn(page, W.cip1);
  await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Agenda', exact: true }).click();
  await expect(page).toHaveURL(/\/agenda/);
  await expectAccessible(page);

  // Keyboard only: Tab to the header box, type the digits, Enter.
  const box = page.getByRole('searchbox', { name: /Trouver une personne/ });
  await tabTo(page, box);
  await page.keyboard.type('3487 65');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/recherche\?q=3487(\+|%20)65$/);
  const status = page.getByRole('status');
  await expect(status).toHaveText('1 résultat pour « 3487 65 »');
  await expect(page).toHaveTitle(/^1 résultat pour « 3487 65 »/);
  await expect(page.getByRole('searchbox', { name: /Trouver une personne/ })).toHaveValue('3487 65');
  const results = page.getByRole('table', { name: 'Personnes trouvées dans votre portefeuille' });
  await expect(results.getByRole('row')).toHaveCount(2);  // header + one person
  await expect(results).toContainText(`Lefèvre${uniq} Héloïse`);
  await expect(results).not.toContainText(`Colin${uniq}`);
  await expect(results).not.toContainText(`Bayle${uniq}`);
  await expectAccessible(page);

  // Reload keeps the same results (the state is in the URL); Tab to the person, Enter opens them.
  await page.reload();
  await expect(page.getByRole('status')).toHaveText('1 résultat pour « 3487 65 »');
  await expectAccessible(page);
  await tabTo(page, results.getByRole('link', { name: `Lefèvre${uniq} Héloïse` }));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/beneficiaires/${mineId}$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Héloïse Lefèvre${uniq}`);
  await expectAccessible(page);

  // From the record: part of the name without accents, then a term too short.
  await page.getByRole('searchbox', { name: /Trouver une personne/ }).fill(`lefevre${uniq}`);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status')).toHaveText(`1 résultat pour « lefevre${uniq} »`);
  await expectAccessible(page);
  await page.getByRole('searchbox', { name: /Trouver une personne/ }).fill('xy');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('alert')).toContainText('Saisissez au moins 3 lettres');
  await expect(page.getByRole('searchbox', { name: /Trouver une personne/ })).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page);
  await page.getByRole('searchbox', { name: /Trouver une personne/ }).fill('99999999');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status')).toHaveText('Aucun résultat pour « 99999999 »');
  await expect(page.getByText('Aucune personne de votre portefeuille ne correspond.')).toBeVisible();
  await expectAccessible(page);

  // The access log has the route only; the audit has the kind and length, never the term.
  const log = jalon.logs.stdout + jalon.logs.stderr;
  expect(log).toContain('"route":"/recherche"');
  expect(log).not.toContain('3487');
  expect(log).not.toContain(`lefevre${uniq}`);
  await expect.poll(() => sql(jalon, "SELECT COUNT(*) FROM audit_log WHERE action = 'search' AND details LIKE 'kind=phone;length=7;%'")[0][0]).not.toBe('0');
  expect(sql(jalon, `SELECT COUNT(*) FROM audit_log WHERE details LIKE '%3487%' OR details LIKE '%${uniq}%'`)[0][0]).toBe('0');

  // The JSON twin answers the same people, and the structure admin (no caseload) has no box.
  const api = await apiCall(W.cip1, 'GET', '/api/v1/search?q=8765');
  expect(api.status()).toBe(200);
  const body = await api.json();
  expect(body.kind).toBe('phone');
  expect(body.items.map((p) => p.id)).toEqual([mineId]);
  expect((await apiCall(W.cip1, 'GET', '/api/v1/search?q=ab')).status()).toBe(422);
});

test('the header box is on signed-in pages with the caseload only', async ({ page, jalon }) => {
  test.setTimeout(120_000);
  const W = await twoStructures(jalon, `srch2-${uniq}`);
  await advanceClock(W.admin.api, 30_000);
  await page.goto('/connexion');
  await expect(page.getByRole('search')).toHaveCount(0);  // not signed in
  await expectAccessible(page);
  await signIn(page, W.admin);  // the structure admin manages accounts, not case content
  await expect(page.getByRole('search')).toHaveCount(0);
  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await expect(page.getByRole('link', { name: 'Se connecter' })).toBeVisible();
  await expectAccessible(page);
  await signIn(page, W.coord);
  await expect(page.getByRole('search', { name: 'Trouver une personne' })).toBeVisible();
  await page.goto('/compte');
  await expect(page.getByRole('search', { name: 'Trouver une personne' })).toBeVisible();
  await expectAccessible(page);
});
