// Privacy operations in a real browser (issue 23): the record's "Données personnelles" tab with
// its retention clock, the subject-access export downloaded as JSON (values checked) and as a
// PDF (read back with pdftotext), a coordinator's legal hold (all mistakes at once, then saved)
// and erasure (refused without the confirmation, then done: the person is gone for everyone);
// the structure admin's retention settings. axe-core on every page.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect, expectAccessible } from '../support/jalon.mjs';
import { apiCall, bootstrapAdmin, inviteAndSetUp, advanceClock } from '../support/auth.mjs';
import { signIn } from '../support/browser.mjs';

const uniq = Date.now().toString(36);

test('a person\'s data: export as JSON and PDF, legal hold, erasure; retention settings',
  async ({ page, jalon }) => {
    test.setTimeout(180_000);
    const admin = await bootstrapAdmin(jalon, `adm-rgpd-${uniq}@test.example`, `ACI RGPD ${uniq}`);
    const cip = await inviteAndSetUp(jalon, admin, { email: `cip-rgpd-${uniq}@test.example`, name: 'Camille Conseil', role: 'counselor' });
    const coord = await inviteAndSetUp(jalon, admin, { email: `coord-rgpd-${uniq}@test.example`, name: 'Claire Coord', role: 'coordinator' });
    await advanceClock(admin.api, 30_000);  // the enrolments used this step's codes
    const last = `Garnier${uniq}`;
    const created = await apiCall(cip, 'POST', '/api/v1/beneficiaries', {
      civility: 'mme', first_name: 'Inès', last_name: last, birth_date: '1991-07-21', email: `ines.${uniq}@exemple.test`,
      phone: '06 45 67 89 12', prescriber_kind: 'france_travail', entry_date: '2026-03-02', scheme: 'iae',
      information_notice_version: '2026-01',
    });
    expect(created.status()).toBe(201);
    const id = (await created.json()).id;

    await signIn(page, cip);
    await page.goto(`/beneficiaires/${id}`);
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Données personnelles' }).click();
    await expect(page.getByRole('heading', { level: 2, name: 'Données personnelles' })).toBeVisible();
    await expect(page.getByText('Suppression prévue le')).toBeVisible();
    // A counselor exports but neither holds nor erases.
    await expect(page.getByRole('button', { name: 'Effacer le dossier' })).toHaveCount(0);
    await expectAccessible(page);
    const [json] = await Promise.all([page.waitForEvent('download'),
      page.getByRole('link', { name: 'Télécharger les données (JSON)' }).click()]);
    const exported = JSON.parse(readFileSync(await json.path(), 'utf8'));
    expect(exported.format).toBe('jalon-export-personne v1');
    const row = exported.donnees.beneficiaries.lignes[0];
    expect(row.last_name).toBe(last);
    expect(row.phone).toBe('06 45 67 89 12');
    expect(row.birth_date).toBe('1991-07-21');
    expect(exported.acces_au_dossier.some((a) => a.action === 'create' && a.par === 'Camille Conseil')).toBe(true);
    const [pdf] = await Promise.all([page.waitForEvent('download'),
      page.getByRole('link', { name: 'Télécharger le document lisible (PDF)' }).click()]);
    const dir = mkdtempSync(join(tmpdir(), 'rgpd-'));
    const file = join(dir, 'export.pdf');
    writeFileSync(file, readFileSync(await pdf.path()));
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(text).toContain(`Données personnelles de Inès ${last}`);
    expect(text).toContain('06 45 67 89 12');
    expect(text).toContain('Consultations et modifications du dossier');

    // The coordinator: a hold needs a reason and a future date, both said at once.
    await page.context().clearCookies();
    await signIn(page, coord);
    await page.goto(`/beneficiaires/${id}/donnees`);
    await expectAccessible(page);
    await page.getByLabel('Conserver jusqu\'au').fill('2020-01-01');
    await page.getByRole('button', { name: 'Suspendre la suppression' }).click();
    const summary = page.getByRole('alert');
    await expect(summary).toContainText('le motif légal');
    await expect(summary).toContainText('dans le futur');
    await expectAccessible(page);
    await page.getByLabel('Motif légal').fill('Contrôle de l\'inspection du travail en cours');
    await page.getByLabel('Conserver jusqu\'au').fill('2031-06-30');
    await page.getByRole('button', { name: 'Suspendre la suppression' }).click();
    await expect(page.getByRole('status')).toContainText('La suspension de la purge est enregistrée.');
    await expect(page.getByText('suspendue jusqu\'au 30/06/2031')).toBeVisible();
    await expectAccessible(page);
    // Erasure needs the confirmation box.
    await page.getByLabel('Origine de la demande').fill('Courrier de la personne du 2 décembre');
    await page.getByRole('button', { name: 'Effacer le dossier' }).click();
    await expect(page.getByRole('alert')).toContainText('Cochez la case');
    await expectAccessible(page);
    await page.getByLabel('Origine de la demande').fill('Courrier de la personne du 2 décembre');
    await page.getByLabel(`Je confirme l'effacement définitif du dossier de Inès ${last}`).check();
    await page.getByRole('button', { name: 'Effacer le dossier' }).click();
    await expect(page).toHaveURL(/\/beneficiaires\?efface=1$/);
    await expect(page.getByRole('status').filter({ hasText: 'Succès' })).toContainText('Le dossier a été effacé.');
    await expectAccessible(page);
    expect((await apiCall(cip, 'GET', `/api/v1/beneficiaries/${id}`)).status()).toBe(404);
    expect((await apiCall(cip, 'GET', `/api/v1/beneficiaries/${id}/export`)).status()).toBe(404);
    await page.goto('/conservation');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Dossiers bientôt supprimés');
    await expectAccessible(page);

    // The structure admin's settings: out-of-bounds values named, then saved.
    await page.context().clearCookies();
    await signIn(page, admin);
    await page.goto('/admin/conservation');
    await expectAccessible(page);
    await page.getByLabel(/Conservation des dossiers/).fill('40');
    await page.getByLabel(/Conservation du journal d'audit/).fill('3');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await expect(page.getByRole('alert')).toContainText('entre 1 et 36 mois');
    await expect(page.getByRole('alert')).toContainText('entre 6 et 12 mois');
    await expectAccessible(page);
    await page.getByLabel(/Conservation des dossiers/).fill('18');
    await page.getByLabel(/Conservation du journal d'audit/).fill('12');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await expect(page.getByRole('status')).toContainText('Les durées de conservation sont enregistrées.');
    await expect(page.getByLabel(/Conservation des dossiers/)).toHaveValue('18');
    await expectAccessible(page);
  });
