import { test } from 'node:test';
import { SCREENSHOTS } from './pages/pageChecks.ts';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { useTestDatabase } from '../support/testDatabase.ts';
import { useBrowser, useWebApp, openPage as openBrowserPage, signInBrowser } from '../support/browser.ts';
import { addTestStaff } from '../support/staffSession.ts';
import { seedDemoCouncil, DEMO_SLUG } from '../../src/demo/seedDemo.ts';
import { findCouncil, type Council } from '../../src/councils/councilRepository.ts';
import type { Database } from '../../src/db/database.ts';

/**
 * The web pages in a real browser (Debian's Chromium through playwright-core): what a person
 * sees on the demo council, with and without JavaScript, and what axe-core finds.
 * Screenshots go to tmp/screenshots/ (git-ignored) for people to look at.
 */

const TODAY = '2025-06-30';
const screenshots = fileURLToPath(new URL('../../tmp/screenshots/', import.meta.url));

// The browser first, so a machine without Chromium fails at once with the fix in the message.
const browser: Browser = await useBrowser();
const db = await useTestDatabase();
const council = await demoCouncil(db);
const base = await useWebApp({ db, clock: { now: () => new Date(`${TODAY}T12:00:00Z`) } });
const contactsUrl = `${base}/contacts`;
const staff = await addTestStaff(db, council.id, ['complaints_officer']);

/** The demo council, seeded small; on a shared server another test file may have added it already. */
async function demoCouncil(db: Database): Promise<Council> {
  try {
    const added = await seedDemoCouncil(db, TODAY, 300);
    if (added) return added;
  } catch (error) {
    // Another file seeding at the same moment: the slug is taken, so use theirs.
    if (!(await findCouncil(db.pool, DEMO_SLUG))) throw error;
  }
  const found = await findCouncil(db.pool, DEMO_SLUG);
  assert.ok(found, 'the demo council is there');
  return found;
}

const openPage = (options: { javaScriptEnabled?: boolean } = {}) => openBrowserPage(browser, options);

/** A GOV.UK table's header row and body rows as text. */
async function tableText(page: Page, heading: string): Promise<{ head: string[]; rows: string[][] }> {
  const table = page.locator(`h2:text-is("${heading}") ~ table`).first();
  const head = (await table.locator('thead th').allInnerTexts()).map((t) => t.trim());
  const rows: string[][] = [];
  for (const row of await table.locator('tbody tr').all()) {
    rows.push((await row.locator('th, td').allInnerTexts()).map((t) => t.trim()));
  }
  return { head, rows };
}

/** A council's service, not GOV.UK: no GOV.UK header, no crown or Crown copyright anywhere, a footer landmark. */
async function assertCouncilServiceFrame(page: Page): Promise<void> {
  assert.equal(await page.locator('.govuk-header').count(), 0, 'no GOV.UK header');
  assert.equal(await page.locator('.govuk-header__logotype, .govuk-logo, .govuk-footer__crown, .govuk-footer__copyright-logo, .govuk-footer__licence-logo').count(), 0, 'no crown, crest or OGL mark');
  assert.doesNotMatch(await page.locator('body').innerText(), /Crown copyright|Open Government Licence/);
  assert.equal(await page.locator('footer.govuk-footer, footer .govuk-footer').count(), 1, 'the footer is a <footer> landmark');
  assert.equal(await page.getByRole('contentinfo').count(), 1);
}

test('the old contacts page takes a signed-in person to the case list; signed out, to the sign-in page', async () => {
  const { page } = await openPage();
  const signedOut = await page.goto(contactsUrl);
  assert.equal(new URL(page.url()).pathname, '/sign-in', 'sign-in first');
  assert.equal(signedOut?.status(), 200);
  await signInBrowser(page, base, staff);
  const response = await page.request.get(contactsUrl, { maxRedirects: 0 });
  assert.equal(response.status(), 301);
  assert.equal(response.headers().location, '/cases');
  await page.context().close();
});

test('signed in, the service is a GOV.UK-styled council service naming the council', async () => {
  const { page, errors } = await openPage();
  await signInBrowser(page, base, staff);
  const response = await page.goto(`${base}/reports`);
  assert.equal(response?.status(), 200);
  assert.equal(await page.locator('.govuk-service-navigation').count(), 1);
  // Signed in, the header names the council (signed out, the service).
  const header = await page.locator('.app-council-header').innerText();
  assert.ok(header.includes(council.name), `the header names ${council.name}: ${header}`);
  assert.match(await page.title(), new RegExp(`– ${council.name}$`));
  await assertCouncilServiceFrame(page);
  // The stylesheet arrived and applies: GOV.UK headings use the GDS font stack.
  assert.match(await page.locator('h1').evaluate((h) => getComputedStyle(h).fontFamily), /GDS Transport|arial/i);
  assert.deepEqual(errors, [], 'no script or console errors');
  await page.context().close();
});

test('the health page says the service is working and which database it uses', async () => {
  const { page, errors } = await openPage();
  const response = await page.goto(`${base}/health`);
  assert.equal(response?.status(), 200);
  assert.equal(await page.title(), 'Service health – Redress');
  const status = page.locator('.govuk-summary-list__row', { hasText: 'Status' }).locator('.govuk-tag');
  assert.equal((await status.innerText()).trim(), 'Working');
  const database = (await page.locator('.govuk-summary-list__row', { hasText: 'Database' }).first().locator('dd').innerText()).trim();
  assert.equal(database, db.engine === 'embedded' ? 'Embedded PostgreSQL (PGlite)' : 'PostgreSQL server');
  assert.match(await page.locator('.app-council-header').innerText(), /Redress/);
  await assertCouncilServiceFrame(page);

  mkdirSync(screenshots, { recursive: true });
  if (SCREENSHOTS) await page.screenshot({ path: `${screenshots}health.png`, fullPage: true });
  assert.deepEqual(errors, []);
  await page.context().close();
});

for (const [name, path] of [['sign-in', '/sign-in'], ['health', '/health']] as const) {
  test(`axe-core finds no accessibility violations on the ${name} page`, async () => {
    const { page } = await openPage();
    await page.goto(`${base}${path}`);
    const results = await new AxeBuilder({ page }).analyze();
    const found = results.violations.map((v) =>
      `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `  ${n.target.join(' ')}: ${n.failureSummary ?? ''}`).join('\n')}`);
    assert.deepEqual(found, [], `axe-core violations on ${path}:\n${found.join('\n')}`);
    await page.context().close();
  });
}
