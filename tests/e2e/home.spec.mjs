// The home and login pages in a real Chromium, checked with axe-core, usable by keyboard.
import { test, expect, expectAccessible, screenshot } from '../support/jalon.mjs';

test('home page renders in French, passes axe-core, and is saved as a screenshot', async ({ page, engine }) => {
  await page.goto('/');
  await expect(page).toHaveTitle('Accueil · Jalon');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bienvenue sur Jalon');
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await expectAccessible(page);
  const path = await screenshot(page, `home-${engine}`);
  expect(path).toContain('home-');
});

test('keyboard: the skip link comes first and moves focus to the main content', async ({ page }) => {
  await page.goto('/');
  await expectAccessible(page);
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Aller au contenu' });
  await expect(skip).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('main')).toBeFocused();
});

test('login page and error pages pass axe-core', async ({ page }) => {
  await page.goto('/connexion');
  await expect(page.getByLabel('Adresse e-mail')).toBeVisible();
  await expectAccessible(page);
  const res = await page.goto('/page-qui-n-existe-pas');
  expect(res.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page introuvable');
  await expectAccessible(page);
});

test('htmx loads under the CSP (no script errors)', async ({ page }) => {
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto('/');
  await expectAccessible(page);
  await expect.poll(() => page.evaluate(() => typeof window.htmx)).toBe('object');
  expect(errors).toEqual([]);
});
