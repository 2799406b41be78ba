import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { useTestDatabase } from '../support/testDatabase.ts';
import { useBrowser, useWebApp, openPage as openBrowserPage } from '../support/browser.ts';
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
const contactsUrl = `${base}/contacts?council=${DEMO_SLUG}`;

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
  assert.equal(await page.locator('footer .govuk-footer').count(), 1, 'the footer inside a <footer> landmark');
  assert.equal(await page.getByRole('contentinfo').count(), 1);
}

const firstReference = (page: Page) =>
  page.locator('h2:text-is("Latest contacts") ~ table').first().locator('tbody tr').first().locator('td, th').first().innerText();

/** The newest-first order the contacts list promises, straight from the database. */
async function referenceAt(offset: number): Promise<string> {
  const { rows } = await db.pool.query<{ reference: string }>(
    'SELECT reference FROM contact WHERE council_id = $1 ORDER BY received_on DESC, reference DESC LIMIT 1 OFFSET $2',
    [council.id, offset],
  );
  return rows[0]!.reference;
}

test('the contacts page is a GOV.UK-styled council service with the counts the database holds', async () => {
  const { page, errors } = await openPage();
  const response = await page.goto(contactsUrl);
  assert.equal(response?.status(), 200);
  assert.equal(await page.title(), 'Contacts – Redress');

  const navigation = page.locator('.govuk-service-navigation');
  assert.equal(await navigation.count(), 1);
  const navText = await navigation.innerText();
  assert.match(navText, /Redress/);
  assert.ok(navText.includes(council.name), `the service navigation names ${council.name}: ${navText}`);
  await assertCouncilServiceFrame(page);
  // The stylesheet arrived and applies: GOV.UK headings use the GDS font stack.
  assert.match(await page.locator('h1').evaluate((h) => getComputedStyle(h).fontFamily), /GDS Transport|arial/i);

  const byKind = await tableText(page, 'Received by kind');
  const years = byKind.head.slice(1);
  assert.equal(years.length, 4, `three whole reporting years and the one in progress: ${byKind.head.join(' | ')}`);
  for (const year of years) assert.match(year, /^\d{4}\/\d{2}$/);

  // One year and kind, counted here from the contact table by date range.
  const { rows: [starts] } = await db.pool.query<{ starts: string }>('SELECT reporting_year_starts AS starts FROM council WHERE id = $1', [council.id]);
  for (const [index, year] of years.entries()) {
    const from = Number(year.slice(0, 4));
    const { rows: [counted] } = await db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM contact
        WHERE council_id = $1 AND kind = 'complaint' AND received_on >= $2::date AND received_on < $3::date`,
      [council.id, `${from}-${starts!.starts}`, `${from + 1}-${starts!.starts}`],
    );
    const complaintRow = byKind.rows.find((r) => r[0] === 'complaint');
    assert.ok(complaintRow, `a complaint row: ${JSON.stringify(byKind.rows)}`);
    assert.equal(complaintRow[index + 1], String(counted!.n), `complaints received in ${year}`);
    if (index === years.length - 2) assert.ok(counted!.n > 0, `a whole year has complaints: ${year}`);
  }

  const byRoute = await tableText(page, 'Complaints by triage route');
  assert.deepEqual(byRoute.head.slice(1), years);
  assert.ok(byRoute.rows.length >= 2, `routes: ${JSON.stringify(byRoute.rows)}`);
  assert.ok(byRoute.rows.some((r) => r[0] === 'formal'), `a formal route row: ${JSON.stringify(byRoute.rows)}`);

  const total = (await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM contact WHERE council_id = $1', [council.id])).rows[0]!.n;
  assert.ok(await page.getByText(`${total} contacts in all, newest first.`).isVisible());
  assert.equal(await firstReference(page), await referenceAt(0));

  mkdirSync(screenshots, { recursive: true });
  await page.screenshot({ path: `${screenshots}contacts.png`, fullPage: true });
  assert.deepEqual(errors, [], 'no script or console errors');
  await page.context().close();
});

for (const javaScriptEnabled of [true, false]) {
  test(`"Next" shows the next page of contacts (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async () => {
    const { page, errors } = await openPage({ javaScriptEnabled });
    await page.goto(contactsUrl);
    // The template's inline script marks the body when scripts run: proof of which way this is.
    assert.equal(await page.locator('body.js-enabled').count(), javaScriptEnabled ? 1 : 0);
    const first = await firstReference(page);
    assert.equal(first, await referenceAt(0));

    await page.getByRole('link', { name: /^Next/ }).click();
    await page.waitForURL(/[?&]page=2\b/);
    const second = await firstReference(page);
    assert.notEqual(second, first);
    assert.equal(second, await referenceAt(50), 'page 2 starts at the 51st contact');
    assert.equal(await page.locator('.govuk-pagination__item--current').innerText().then((t) => t.trim()), '2');

    await page.getByRole('link', { name: /^Previous/ }).click();
    await page.waitForURL(/[?&]page=1\b/);
    assert.equal(await firstReference(page), first);
    assert.deepEqual(errors, []);
    await page.context().close();
  });
}

test('the health page says the service is working and which database it uses', async () => {
  const { page, errors } = await openPage();
  const response = await page.goto(`${base}/health`);
  assert.equal(response?.status(), 200);
  assert.equal(await page.title(), 'Service health – Redress');
  const status = page.locator('.govuk-summary-list__row', { hasText: 'Status' }).locator('.govuk-tag');
  assert.equal((await status.innerText()).trim(), 'Working');
  const database = (await page.locator('.govuk-summary-list__row', { hasText: 'Database' }).first().locator('dd').innerText()).trim();
  assert.equal(database, db.engine === 'embedded' ? 'Embedded PostgreSQL (PGlite)' : 'PostgreSQL server');
  assert.match(await page.locator('.govuk-service-navigation').innerText(), /Redress/);
  await assertCouncilServiceFrame(page);

  mkdirSync(screenshots, { recursive: true });
  await page.screenshot({ path: `${screenshots}health.png`, fullPage: true });
  assert.deepEqual(errors, []);
  await page.context().close();
});

for (const [name, path] of [['contacts', `/contacts?council=${DEMO_SLUG}`], ['health', '/health']] as const) {
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
