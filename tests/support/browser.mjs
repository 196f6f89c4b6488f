// Browser steps several e2e tests share. Every page they load is checked with axe-core.
import { expect, expectAccessible } from './jalon.mjs';
import { totp, serverOffset } from './auth.mjs';

// Signs `user` in through the login page and the TOTP step; ends on the dashboard.
export async function signIn(page, user) {
  await page.goto('/connexion');
  await expectAccessible(page);
  await page.getByLabel('Adresse e-mail').fill(user.email);
  await page.getByLabel('Mot de passe').fill(user.password);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Code de vérification');
  await expectAccessible(page);
  await page.getByLabel('Code de vérification').fill(totp(user.secret, Date.now() + serverOffset()));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Tableau de bord');
  await expectAccessible(page);
}

// Presses Tab until `locator` has the focus (keyboard-only navigation).
export async function tabTo(page, locator, max = 80) {
  for (let i = 0; i < max; i++) {
    if (await locator.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`could not reach ${locator} with Tab`);
}
