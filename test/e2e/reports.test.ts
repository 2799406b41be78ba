import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { SCREENSHOTS } from './pages/pageChecks.ts';
import { useBrowser, useWebApp, openPage as openBrowserPage, signInBrowser } from '../support/browser.ts';
import { engineName, newTestCouncil, useTestDatabase } from '../support/testDatabase.ts';
import { importCaseHistory, readCaseHistoryFolder } from '../../src/caseHistory/importCaseHistory.ts';
import { writeCaseHistoryFolder } from '../../src/demo/writeCaseHistory.ts';
import { demoCouncil } from '../../src/demo/caseHistoryGenerator.ts';
import { systemActor } from '../../src/events/actor.ts';
import { addTestStaff } from '../support/staffSession.ts';

/**
 * The annual report, its drill-downs and the dashboard in a real browser (Debian's Chromium):
 * what renders, what axe-core finds, that a figure opens the cases behind it with and without
 * JavaScript, how the report prints, and the PDF. Screenshots go to tmp/screenshots/.
 */

const TODAY = '2025-07-10';
const screenshots = fileURLToPath(new URL('../../tmp/screenshots/', import.meta.url));
const fixture = new URL('../fixtures/calderdale/', import.meta.url).pathname;

const browser: Browser = await useBrowser();
const db = await useTestDatabase();
const calderdale = await newTestCouncil(db, { name: 'Calderdale Council' });
await importCaseHistory(db, calderdale.id, readCaseHistoryFolder(fixture), { createOrg: true, today: '2024-11-01', actor: systemActor('test'), source: 'calderdale' });
// A council with work in hand, for the dashboard.
const generated = await newTestCouncil(db, { name: 'Harrowdene Council' });
const folder = mkdtempSync(join(tmpdir(), 'redress-e2e-'));
try {
  await writeCaseHistoryFolder(folder, { seed: 7, today: '2025-06-30', years: 3, contactsPerYear: 2400, council: demoCouncil });
  await importCaseHistory(db, generated.id, readCaseHistoryFolder(folder), { createOrg: true, today: '2025-06-30', actor: systemActor('test'), source: 'generated' });
} finally {
  rmSync(folder, { recursive: true, force: true });
}
const base = await useWebApp({ db, clock: { now: () => new Date(`${TODAY}T12:00:00Z`) } });
const reportPath = `/reports/view?year=2023%2F24`;
const dashboardPath = `/dashboard`;
// A figure's drill-down as the report links it (rows of units are keyed by the unit's id).
const drillPath = 'the first figure of the outcomes by directorate';
mkdirSync(screenshots, { recursive: true });

// Complaints officers who see everything: one for the report's council, one for the dashboard's.
const calderdaleOfficer = await addTestStaff(db, calderdale.id, ['complaints_officer'], { maySeeRestricted: true });
const generatedOfficer = await addTestStaff(db, generated.id, ['complaints_officer'], { maySeeRestricted: true });

/** A page signed in (through the sign-in page) as the officer of the council whose pages it opens. */
async function openPage(options: { javaScriptEnabled?: boolean; council?: 'calderdale' | 'generated' } = {}) {
  const opened = await openBrowserPage(browser, options);
  await signInBrowser(opened.page, base, options.council === 'generated' ? generatedOfficer : calderdaleOfficer);
  return opened;
}

test(`the annual report renders on screen and in print (${engineName()})`, async () => {
  const { page, errors } = await openPage();
  const response = await page.goto(`${base}${reportPath}`);
  assert.equal(response?.status(), 200);
  assert.equal(await page.title(), 'Calderdale Council — Annual complaints report 2023/24 – Calderdale Council');
  assert.equal((await page.locator('h1').innerText()).trim(), 'Annual complaints report 2023/24');
  assert.equal(await page.locator('section[data-section]').count(), 11, 'ten sections and the Ombudsman performance comparison (8.4)');
  const total = page.locator('[data-table="corporate.complaints_by_unit"] tr.govuk-table__row--total td').nth(2);
  assert.equal((await total.locator('a').evaluate((a) => a.firstChild?.textContent ?? '')).trim(), '229');
  assert.ok(await page.locator('[data-table="corporate.complaints_by_unit"] .app-chart svg').isVisible(), 'the chart is drawn');
  // The contents list jumps to a section.
  await page.getByRole('link', { name: 'The Ombudsman' }).click();
  await page.waitForURL(/#section-ombudsman$/);
  if (SCREENSHOTS) await page.screenshot({ path: `${screenshots}report.png`, fullPage: true });

  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('.govuk-service-navigation').evaluate((e) => getComputedStyle(e).display), 'none', 'no navigation in print');
  assert.equal(await page.locator('.govuk-back-link').first().evaluate((e) => getComputedStyle(e).display), 'none');
  assert.equal(await page.locator('.app-report-downloads').evaluate((e) => getComputedStyle(e).display), 'none');
  assert.equal(await page.locator('footer').evaluate((e) => getComputedStyle(e).display), 'none');
  assert.equal(await page.locator('#section-corporate').evaluate((e) => getComputedStyle(e).breakBefore), 'page', 'each section starts a page');
  // Figures print as figures, not as links with their addresses after them.
  const after = await page.locator('a.app-figure').first().evaluate((a) => getComputedStyle(a, '::after').content);
  assert.ok(after === 'none' || after === 'normal', `no address printed after a figure: ${after}`);
  if (SCREENSHOTS) await page.screenshot({ path: `${screenshots}report-print.png`, fullPage: true });
  assert.deepEqual(errors, []);
  await page.context().close();
});

for (const javaScriptEnabled of [true, false]) {
  test(`choosing a report and clicking a figure opens the cases behind it (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async () => {
    const { page, errors } = await openPage({ javaScriptEnabled });
    await page.goto(`${base}/reports`);
    assert.equal(await page.locator('body.js-enabled').count(), javaScriptEnabled ? 1 : 0);
    await page.getByLabel('2023/24').check();
    await page.getByLabel('Directorate', { exact: true }).check();
    await page.getByRole('button', { name: 'Show the report' }).click();
    await page.waitForURL(/\/reports\/view\?/);
    assert.equal((await page.locator('h1').innerText()).trim(), 'Annual complaints report 2023/24');

    const figure = page.locator('[data-table="corporate.complaints_by_unit"] tr.govuk-table__row--total td').nth(2).locator('a');
    await figure.click();
    await page.waitForURL(/\/reports\/drill\?/);
    assert.match(await page.locator('h1').innerText(), /Corporate complaints received by directorate: Total, 2023\/24/);
    assert.equal(await page.locator('[data-drill] tbody tr').count(), 50, 'the first page of 50');
    assert.equal(await page.locator('.app-drill-count').getAttribute('data-count'), '229');
    assert.match(await page.locator('.app-drill-count').innerText(), /^229 complaints listed/);
    if (javaScriptEnabled && SCREENSHOTS) await page.screenshot({ path: `${screenshots}drill.png`, fullPage: false });

    await page.getByRole('link', { name: 'Back to the report' }).first().click();
    await page.waitForURL(/#table-corporate-complaints_by_unit$/);
    assert.deepEqual(errors, []);
    await page.context().close();
  });
}

test('a year written wrongly shows the form again with an error summary', async () => {
  const { page } = await openPage();
  const response = await page.goto(`${base}/reports/view?year=2023-24`);
  assert.equal(response?.status(), 400);
  assert.match(await page.title(), /^Error: /);
  const summary = page.locator('.govuk-error-summary');
  assert.match(await summary.innerText(), /There is a problem[\s\S]*like 2023\/24, not “2023-24”/);
  // GOV.UK Frontend's script moves focus to the summary, and its link to the field.
  assert.ok(await summary.evaluate((e) => e === document.activeElement || e.contains(document.activeElement)));
  await summary.getByRole('link').click();
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('name')), 'year');
  await page.context().close();
});

test('the dashboard shows work in hand, each figure opening its cases', async () => {
  const { page, errors } = await openPage({ council: 'generated' });
  const response = await page.goto(`${base}${dashboardPath}`);
  assert.equal(response?.status(), 200);
  assert.equal(await page.title(), 'Dashboard – Harrowdene Council');
  const overdue = page.locator('[data-measure="overdue"] a');
  const shown = Number((await overdue.evaluate((a) => a.firstChild?.textContent ?? '')).trim());
  assert.ok(shown > 0, 'something is overdue');
  assert.ok(await page.locator('.app-chart svg').isVisible(), 'the months are charted');
  if (SCREENSHOTS) await page.screenshot({ path: `${screenshots}dashboard.png`, fullPage: true });
  await overdue.click();
  await page.waitForURL(/\/dashboard\/cases\?.*measure=overdue/);
  assert.equal(await page.locator('tbody tr').count(), Math.min(shown, 50), 'the first page of them');
  assert.equal(Number(await page.locator('.app-cases-count').getAttribute('data-count')), shown);
  assert.equal((await page.locator('h1').innerText()).trim(), 'Overdue');

  // One directorate, chosen with the form.
  await page.goto(`${base}${dashboardPath}`);
  const name = (await page.locator('#directorate option').nth(1).innerText()).trim();
  await page.locator('#directorate').selectOption({ label: name });
  await page.getByRole('button', { name: 'Show' }).click();
  await page.waitForURL(/directorate=/);
  assert.match(await page.locator('.govuk-caption-l').innerText(), new RegExp(name.replace(/[&]/g, '\\&')));
  assert.deepEqual(errors, []);
  await page.context().close();
});

for (const [name, path] of [['report', reportPath], ['report in a preset layout (units under their directorates, shares, lists)', `${reportPath}&layout=staffordshire`], ['drill-down', drillPath], ['dashboard', dashboardPath], ['report options', `/reports`], ['dashboard cases', `/dashboard/cases?measure=open`]] as const) {
  test(`axe-core finds no accessibility violations on the ${name} page`, async () => {
    const { page } = await openPage({ council: path.startsWith('/dashboard') ? 'generated' : 'calderdale' });
    let address: string = path;
    if (path === drillPath) {
      await page.goto(`${base}${reportPath}`);
      address = (await page.locator('a.app-figure[href*="table=corporate.outcomes_by_unit"]').first().getAttribute('href'))!;
    }
    const response = await page.goto(`${base}${address}`);
    assert.equal(response?.status(), 200);
    const results = await new AxeBuilder({ page }).analyze();
    const found = results.violations.map((v) =>
      `${v.id} (${v.impact}): ${v.help}\n${v.nodes.slice(0, 5).map((n) => `  ${n.target.join(' ')}: ${n.failureSummary ?? ''}`).join('\n')}`);
    assert.deepEqual(found, [], `axe-core violations on ${path}:\n${found.join('\n')}`);
    await page.context().close();
  });
}

test('the report downloads as a PDF with its figures in it', async () => {
  const { page } = await openPage();
  // The PDF starts a Chromium of its own on the server: on a busy machine that alone can pass Playwright's 30 s default.
  const response = await page.request.get(`${base}/reports/download?year=2023%2F24&format=pdf`, { timeout: 180_000 });
  assert.equal(response.status(), 200);
  assert.equal(response.headers()['content-type'], 'application/pdf');
  assert.match(response.headers()['content-disposition'] ?? '', /attachment; filename=".*-annual-complaints-report-2023-24\.pdf"/);
  const pdf = await response.body();
  await page.context().close();
  assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
  const path = `${screenshots}report.pdf`;
  writeFileSync(path, pdf);
  if (existsSync('/usr/bin/pdftotext')) {
    const text = execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });
    assert.match(text, /Annual complaints report 2023\/24/);
    assert.match(text, /\b229\b/, 'the corporate total is in the PDF');
    assert.match(text, /Page 1 of \d+/, 'page numbers in the footer');
    const pages = text.split('\f').filter((p) => p.trim() !== '');
    assert.ok(pages.length >= 11, `each section starts a page: ${pages.length} pages`);
  }
});
