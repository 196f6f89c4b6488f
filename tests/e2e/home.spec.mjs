// The home and login pages in a real Chromium, checked with axe-core, usable by keyboard.
import { test, expect, expectAccessible, screenshot } from '../support/jalon.mjs';

test('home page renders in French, styled, with its three cards and the way in; passes axe-core', async ({ page, engine }) => {
  await page.goto('/');
  await expect(page).toHaveTitle('Accueil · Jalon');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bienvenue sur Jalon');
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  // What a visitor sees: the three things Jalon does, and the button that leads to the login.
  for (const card of ['Diagnostiquer un territoire', 'Accompagner les personnes', 'Suivre les sorties']) {
    await expect(page.getByRole('heading', { level: 2, name: card })).toBeVisible();
  }
  await page.locator('main').getByRole('link', { name: 'Se connecter' }).click();
  await expect(page).toHaveURL(/\/connexion$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Connexion');
  await expectAccessible(page);
  await page.goBack();
  // The stylesheet loaded under the CSP: the page is not in the browser's default serif face.
  await expect(page.locator('body')).not.toHaveCSS('font-family', /Times/);
  await expectAccessible(page);
  await screenshot(page, `home-${engine}`);  // kept for people reviewing the look, not asserted
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
