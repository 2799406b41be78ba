import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { useBrowser, useWebApp } from '../support/browser.ts';
import { engineName, useTestDatabase } from '../support/testDatabase.ts';
import { addTestStaff } from '../support/staffSession.ts';
import { learningCouncil } from '../support/learningFixture.ts';
import { PageChecks } from './pages/pageChecks.ts';
import { signIn } from './pages/signIn.ts';
import { submit } from './pages/forms.ts';

/**
 * Issue 10's staff pages for administrators, learning, self-assessment and benchmarking, in a real
 * browser: one person with both administrator roles visits each page in turn (and a few forms sent
 * empty or wrong, so their error summaries are seen). Every page is checked with axe (WCAG 2.2 AA)
 * at desktop and phone width, and must not scroll sideways on a phone.
 */

const TODAY = '2025-06-04';
const screenshots = fileURLToPath(new URL('../../tmp/screenshots/administration/', import.meta.url));

const browser: Browser = await useBrowser();
const db = await useTestDatabase();
const f = await learningCouncil(db);
const councilId = f.council.id;
const bins = await f.complaint(f.waste, '2024-05-01');
await f.complaint(f.people, '2024-09-12');
await f.complaint(f.waste, '2025-01-20');
const actionId = await f.action(bins.id, { lesson: 'Crews did not report bins they could not reach' });
await f.tag(actionId, await f.theme('Missed collections'));
await db.pool.query('INSERT INTO complaint_category (council_id, name) VALUES ($1, $2), ($1, $3)', [councilId, 'Service Level/Quality', 'Staff conduct']);
const admin = await addTestStaff(db, councilId, ['complaints_administrator', 'system_administrator'], { name: 'Ada Adeyemi' });
const base = await useWebApp({ db, clock: { now: () => new Date(`${TODAY}T10:00:00Z`) } });
const checks = new PageChecks(screenshots);

/** The main submit button of the page's first form in <main> (the form sent as it is). */
const sendFirstForm = (page: Page) => submit(page, page.locator('main form button:not([formaction]), main form input[type=submit]').first());

async function visit(page: Page, path: string, name: string): Promise<void> {
  const response = await page.goto(`${base}${path}`);
  // A page that does not answer is listed with the accessibility problems, so one run shows them all.
  if (response?.status() !== 200) checks.problems.push(`${name}: ${path} answered ${response?.status()}`);
  else await checks.check(page, name);
}

/** Sends the page's first form unchanged (or as `prepare` leaves it) and checks the page shown with its error summary. */
async function withErrors(page: Page, name: string, prepare?: () => Promise<void>): Promise<void> {
  await prepare?.();
  await sendFirstForm(page);
  await page.locator('.govuk-error-summary').waitFor();
  await checks.check(page, `${name}, with errors`);
}

const CONTACTS = 'reference,kind,received_on,channel,procedure,route,directorate,service,team,workspace,category,complainant_group,summary\n'
  + 'UP-0001,complaint,2023-04-03,email,corporate,formal,Place,Waste,,,Service Level/Quality,service_user,Bin not collected\n'
  + 'UP-0002,complaint,2023-02-30,email,corporate,formal,Place,Waste,,,,service_user,A date that does not exist\n';

test(`the administration, learning, self-assessment and benchmarking pages are accessible at phone and desktop width (${engineName()})`, async () => {
  const started = Date.now();
  const ada = await signIn(browser, base, admin, checks);
  const { page } = ada;
  try {
    await visit(page, '/admin', 'Administration');

    await visit(page, '/admin/organisation', 'Organisation');
    await visit(page, `/admin/organisation/units/${f.waste}`, 'Organisation: change a service');
    await withErrors(page, 'Organisation: change a service', () => page.locator('main form input.govuk-input:visible').first().fill(''));
    await visit(page, '/admin/organisation/add', 'Organisation: add a unit');
    await withErrors(page, 'Organisation: add a unit');

    await visit(page, '/admin/workspaces', 'Workspaces');
    await visit(page, '/admin/workspaces/add', 'Workspaces: add');
    await withErrors(page, 'Workspaces: add');

    await visit(page, '/admin/users', 'Users');
    await visit(page, '/admin/users/add', 'Users: add');
    await withErrors(page, 'Users: add');
    await visit(page, `/admin/users/${admin.accountId}`, 'Users: one user');

    await visit(page, '/admin/categories', 'Categories');
    await visit(page, '/admin/categories/new', 'Categories: new');
    await withErrors(page, 'Categories: new');

    await visit(page, '/admin/procedures', 'Procedures');
    await page.locator('main a[href^="/admin/procedures/"]').first().click();
    await page.waitForLoadState();
    await checks.check(page, 'Procedures: one procedure');

    await visit(page, '/admin/reports', 'Report settings');
    await visit(page, '/admin/bank-holidays', 'Bank holidays');

    await visit(page, '/admin/import', 'Import case history');
    await withErrors(page, 'Import case history: nothing chosen');
    await page.goto(`${base}/admin/import`);
    await page.locator('main input[type=file]').setInputFiles({ name: 'contacts.csv', mimeType: 'text/csv', buffer: Buffer.from(CONTACTS) });
    await sendFirstForm(page);
    assert.match(await page.locator('main').innerText(), /2023-02-30/, 'the bad row is shown');
    await checks.check(page, 'Import case history: a bad row');

    await visit(page, '/admin/retention', 'Retention');
    await visit(page, '/admin/retention/policy', 'Retention policy');
    await visit(page, '/admin/subject-access', 'Subject access');
    await withErrors(page, 'Subject access');

    await visit(page, '/learning', 'Learning actions');
    await visit(page, '/learning?status=all', 'Learning actions: everything');
    await visit(page, '/learning/themes', 'Learning themes');
    await visit(page, `/learning/directorates/${f.place}`, 'Learning: one directorate');
    await visit(page, `/learning/${actionId}`, 'Learning action');

    await visit(page, '/self-assessment?year=2024%2F25&code=lgsco', 'Self-assessment');
    await visit(page, '/self-assessment/provisions/6.2?year=2024%2F25&code=lgsco', 'Self-assessment: a provision');
    await visit(page, '/self-assessment/provisions/5.8?year=2024%2F25&code=lgsco', 'Self-assessment: a provision whose wording is to check');
    await visit(page, '/self-assessment/measures/stage1_acknowledged?year=2024%2F25&code=lgsco', 'Self-assessment: a measure');
    await visit(page, '/ombudsman/benchmarking', 'Ombudsman benchmarking');
  } finally {
    await ada.close();
  }
  if (process.env.DEBUG_JOURNEY) console.log(`${checks.checked.length} pages checked in ${Math.round((Date.now() - started) / 1000)} s`);
  assert.deepEqual(checks.problems, [], checks.problems.join('\n'));
});
