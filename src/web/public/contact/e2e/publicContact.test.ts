import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { useBrowser, useWebApp, openPage } from '../../../../../test/support/browser.ts';
import { useTestDatabase, newTestCouncil } from '../../../../../test/support/testDatabase.ts';
import { startClamd, eicar } from '../../../../../test/support/clamav.ts';
import { PageChecks, WCAG_TAGS } from '../../../../../test/e2e/pages/pageChecks.ts';
import { clamdScanner } from '../../../../uploads/virusScan.ts';

/**
 * A resident's complaint and compliment in a real browser (Debian's Chromium), as a resident
 * goes: an error on every question page, the language switched half-way with the answers kept,
 * a virus-test file (EICAR) refused by a real ClamAV daemon, check your answers and the
 * confirmation. Every page, with and without its errors, in English and in Welsh, is checked
 * by axe-core (WCAG 2.2 AA) at desktop, phone and 320 px width, and must not scroll sideways.
 */

const browser = await useBrowser();
const clamd = await startClamd();
const db = await useTestDatabase();
const council = await newTestCouncil(db, { nation: 'wales' });
const id = async (sql: string, params: unknown[]) => Number((await db.pool.query<{ id: string }>(sql, params)).rows[0]!.id);
const place = await id("INSERT INTO org_unit (council_id, kind, name) VALUES ($1, 'directorate', 'Place') RETURNING id", [council.id]);
await id('INSERT INTO workspace (council_id, name, name_cy, org_unit_id) VALUES ($1, $2, $3, $4) RETURNING id', [council.id, 'Bins and recycling', 'Biniau ac ailgylchu', place]);
await id('INSERT INTO workspace (council_id, name, name_cy, org_unit_id) VALUES ($1, $2, $3, $4) RETURNING id', [council.id, 'Roads and pavements', 'Ffyrdd a phalmentydd', place]);
const base = await useWebApp({ db, clock: { now: () => new Date('2026-11-30T10:00:00Z') }, virusScanner: clamdScanner(clamd.address) });
const root = `${base}/public/${council.slug}`;
const checks = new PageChecks(fileURLToPath(new URL('../../../../../tmp/screenshots/public-contact/', import.meta.url)));

type Violation = Awaited<ReturnType<AxeBuilder['analyze']>>['violations'][number];
/** As PageChecks: GOV.UK Frontend's aria-expanded on a radio that reveals a question (alphagov/govuk-frontend#979) is its known issue, let through. */
const withoutKnownGovukIssue = (v: Violation): Violation => (v.id !== 'aria-allowed-attr' ? v : {
  ...v,
  nodes: v.nodes.filter((n) => !(/^<input\b[^>]*class="govuk-radios__input"[^>]*type="radio"/.test(n.html)
    && [...n.any, ...n.all, ...n.none].every((c) => [c.data].flat().every((d) => typeof d === 'string' && /^aria-expanded="(true|false)"$/.test(d))))),
});

/** PageChecks looks at desktop and phone; residents' pages are also checked at 320 px, the narrowest WCAG reflow width. */
async function check(page: Page, what: string) {
  const name = `${what} (${await page.locator('html').getAttribute('lang')})`;
  if (checks.checked.includes(name)) return;
  await checks.check(page, name);
  const original = page.viewportSize()!;
  await page.setViewportSize({ width: 320, height: 800 });
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).setLegacyMode(true).analyze();
  for (const v of results.violations.map(withoutKnownGovukIssue).filter((x) => x.nodes.length > 0)) checks.problems.push(`${name} (320 px): ${v.id} ${v.help}\n      ${v.nodes.map((n) => n.target.join(' ')).join('\n      ')}`);
  const sideways = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  if (sideways > 0) checks.problems.push(`${name} (320 px): the page scrolls sideways by ${sideways}px`);
  await page.setViewportSize(original);
}

const go = async (page: Page, click: () => Promise<unknown>) => { await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), click()]); };
const continueOn = (page: Page) => go(page, () => page.locator('main form button.govuk-button').last().click());
/** Script errors, not the 400 a form with errors answers with (the browser logs that as a failed load). */
const scriptErrors = (errors: string[]) => errors.filter((e) => !/status of 400/.test(e));
const lang = (page: Page) => page.locator('html').getAttribute('lang');

/** Sends the page's form as it is, expects its error summary (linking `field`), checks the page with its errors. */
async function withError(page: Page, name: string, field: string, send: () => Promise<unknown> = () => continueOn(page)) {
  await send();
  const summary = page.locator('.govuk-error-summary');
  assert.equal(await summary.count(), 1, `${name}: an error summary`);
  assert.equal(await summary.locator(`a[href="#${field}"]`).count(), 1, `${name}: the summary links to #${field}: ${await summary.innerText()}`);
  assert.match(await page.title(), /^(Error|Gwall): /, name);
  await check(page, `${name} with errors`);
}

async function switchLanguage(page: Page) {
  await go(page, () => page.locator('.app-language-switch a').click());
}

test('a complaint for someone else, started in English and finished in Welsh, with an error on every page and a virus refused', async () => {
  const { page, errors } = await openPage(browser);
  await page.goto(`${base}/public/${council.slug}`);
  await check(page, 'start page');
  await go(page, () => page.locator(`a[href="/public/${council.slug}/complaint"]`).click());
  assert.equal(await lang(page), 'en');

  // Who it is for: someone else, then their agreement (first "no": the form stops and says why).
  await check(page, 'who');
  await withError(page, 'who', 'who');
  await page.check('#who-2');
  await page.fill('#theirName', 'Tomos Jones');
  await withError(page, 'who (no relationship)', 'relationship');
  await page.selectOption('#relationship', 'carer');
  await continueOn(page);
  await check(page, 'consent');
  await withError(page, 'consent', 'consent');
  await page.check('#consent-2');
  await continueOn(page);
  assert.match(await page.locator('h1').innerText(), /You need their agreement first/);
  await check(page, 'consent needed');
  await go(page, () => page.locator('.govuk-back-link').click());
  await page.check('#consent');
  await continueOn(page);

  await check(page, 'service');
  await withError(page, 'service', 'service');
  await page.getByLabel('Bins and recycling').check();
  await continueOn(page);

  await check(page, 'what happened');
  await withError(page, 'what happened', 'what');
  await page.fill('#what', 'Tomos’s bin has not been emptied for three weeks.');
  await continueOn(page);

  await check(page, 'put right');
  await withError(page, 'put right', 'putRight');
  // Half-way, the resident switches to Welsh: the answers so far are kept.
  await switchLanguage(page);
  assert.equal(await lang(page), 'cy');
  await check(page, 'put right');
  await go(page, () => page.locator('.govuk-back-link').click());
  assert.equal(await page.inputValue('#what'), 'Tomos’s bin has not been emptied for three weeks.');
  await check(page, 'what happened');
  await continueOn(page);
  await withError(page, 'put right', 'putRight');
  await page.fill('#putRight', 'Gwagio’r bin ac ymddiheuro.');
  await continueOn(page);

  // Attachments: none chosen, then the EICAR test file (refused), then a letter (kept).
  await check(page, 'attachments');
  await withError(page, 'attachments', 'file', () => go(page, () => page.locator('button[value="upload"]').click()));
  await page.setInputFiles('#file', { name: 'eicar.txt', mimeType: 'text/plain', buffer: eicar() });
  await go(page, () => page.locator('button[value="upload"]').click());
  assert.match(await page.locator('.govuk-error-summary').innerText(), /Mae’r ffeil eicar\.txt yn cynnwys firws\. Dewiswch ffeil wahanol\./);
  await page.setInputFiles('#file', { name: 'llythyr.txt', mimeType: 'text/plain', buffer: Buffer.from('Llythyr am y bin.') });
  await go(page, () => page.locator('button[value="upload"]').click());
  assert.match(await page.locator('main').innerText(), /llythyr\.txt/);
  await check(page, 'attachments with a file');
  await go(page, () => page.locator('button[value="continue"]').click());

  await check(page, 'your details');
  await page.fill('#email', 'nid-e-bost');
  await withError(page, 'your details', 'fullName');
  assert.equal(await page.inputValue('#email'), 'nid-e-bost', 'what was typed is kept');
  await page.fill('#fullName', 'Cerys Carer');
  await page.fill('#email', 'cerys@example.test');
  await continueOn(page);

  await check(page, 'how to contact you');
  await withError(page, 'how to contact you', 'contactBy');
  await page.check('#contactBy');
  await continueOn(page);

  await check(page, 'adjustments');
  await withError(page, 'adjustments', 'hasAdjustments');
  await page.check('#hasAdjustments');
  await page.check('#largePrint');
  await continueOn(page);

  assert.match(await page.locator('h1').innerText(), /Gwiriwch eich atebion cyn anfon/);
  const answers = await page.locator('.govuk-summary-list').innerText();
  for (const expected of ['Tomos Jones', 'Biniau ac ailgylchu', 'Tomos’s bin has not been emptied', 'llythyr.txt', 'Cerys Carer', 'Print bras']) assert.match(answers, new RegExp(expected));
  assert.doesNotMatch(answers, /eicar/);
  await check(page, 'check your answers');
  await switchLanguage(page);
  await check(page, 'check your answers');
  await switchLanguage(page);
  await go(page, () => page.locator('#confirm').click());
  assert.match(await page.locator('.govuk-panel').innerText(), /Cwyn wedi’i hanfon[\s\S]*[A-Z]{3}\d{2}-\d{6}/);
  await check(page, 'confirmation');
  await switchLanguage(page);
  await check(page, 'confirmation');
  assert.deepEqual(scriptErrors(errors), []);
  await page.context().close();

  const { rows } = await db.pool.query<{ language: string; channel: string; documents: string }>(
    `SELECT c.language, c.channel, (SELECT count(*) FROM case_document d WHERE d.council_id = c.council_id AND d.contact_id = c.id) AS documents
       FROM contact c WHERE c.council_id = $1`, [council.id]);
  assert.deepEqual(rows.map((r) => [r.language, r.channel, Number(r.documents)]), [['cy', 'web_form', 1]]);
  assert.deepEqual(checks.problems, [], checks.problems.join('\n'));
});

test('a complaint in Welsh from the start, for themselves: every question page with its error, then switched to English', async () => {
  const { page, errors } = await openPage(browser);
  await page.goto(`${base}/public/${council.slug}/language/cy?back=${encodeURIComponent(`/public/${council.slug}/complaint`)}`);
  assert.equal(await lang(page), 'cy');
  await check(page, 'who');
  await withError(page, 'who', 'who');
  await page.check('#who');
  await continueOn(page);
  await check(page, 'service');
  await withError(page, 'service', 'service');
  await page.getByLabel('Dydw i ddim yn siŵr').check();
  await continueOn(page);
  await withError(page, 'what happened', 'what');
  await page.fill('#what', 'Roedd y palmant wedi torri.');
  await continueOn(page);
  await page.fill('#putRight', 'Ei drwsio.');
  await continueOn(page);
  await go(page, () => page.locator('button[value="continue"]').click());
  await withError(page, 'your details', 'fullName');
  await page.fill('#fullName', 'Dafydd');
  await page.fill('#address', '2 Stryd y Bont');
  await continueOn(page);
  await page.check('#contactBy');
  await withError(page, 'how to contact you (no email)', 'contactBy');
  await check(page, 'how to contact you');
  await page.check('#contactBy-2');
  await continueOn(page);
  await page.check('#hasAdjustments');
  await withError(page, 'adjustments (no details)', 'adjustments');
  await page.check('#hasAdjustments-2');
  await continueOn(page);
  await switchLanguage(page);
  assert.match(await page.locator('h1').innerText(), /Check your answers before sending/);
  await go(page, () => page.locator('#confirm').click());
  assert.match(await page.locator('.govuk-panel').innerText(), /Complaint sent/);
  assert.deepEqual(scriptErrors(errors), []);
  await page.context().close();
  assert.deepEqual(checks.problems, [], checks.problems.join('\n'));
});

test('a compliment in Welsh: service, what happened, optional details, check and confirmation, with an error on each page', async () => {
  const { page, errors } = await openPage(browser);
  await page.goto(`${base}/public/${council.slug}/language/cy?back=${encodeURIComponent(`/public/${council.slug}/compliment`)}`);
  assert.equal(await lang(page), 'cy');
  await check(page, 'compliment service');
  await withError(page, 'compliment service', 'service');
  await page.getByLabel('Ffyrdd a phalmentydd').check();
  await continueOn(page);
  await check(page, 'compliment what happened');
  await withError(page, 'compliment what happened', 'what');
  await page.fill('#what', 'Roedd y criw ffordd yn gyflym ac yn gwrtais.');
  await continueOn(page);
  await check(page, 'compliment details');
  await page.fill('#email', 'diolch@example.test');
  await withError(page, 'compliment details', 'fullName');
  await page.fill('#fullName', 'Gwen Ddiolchgar');
  await continueOn(page);
  await check(page, 'compliment check');
  await go(page, () => page.locator('#confirm').click());
  assert.equal(await lang(page), 'cy');
  await check(page, 'compliment confirmation');
  const { rows } = await db.pool.query("SELECT kind, channel, language FROM contact WHERE council_id = $1 AND summary LIKE '%criw ffordd%'", [council.id]);
  assert.deepEqual(rows, [{ kind: 'compliment', channel: 'web_form', language: 'cy' }]);
  assert.deepEqual(scriptErrors(errors), []);
  await page.context().close();
});

test('a compliment in English: service, what happened, optional details, check and confirmation, with an error on each page', async () => {
  const { page, errors } = await openPage(browser);
  await page.goto(`${root}/compliment`);
  await check(page, 'compliment service');
  await withError(page, 'compliment service', 'service');
  await page.getByLabel('Roads and pavements').check();
  await continueOn(page);
  await check(page, 'compliment what happened');
  await withError(page, 'compliment what happened', 'what');
  await page.fill('#what', 'The road crew were quick and polite.');
  await continueOn(page);
  await check(page, 'compliment details');
  await page.fill('#email', 'hapus@example.test');
  await withError(page, 'compliment details', 'fullName');
  await page.fill('#fullName', 'Huw Hapus');
  await continueOn(page);
  await check(page, 'compliment check');
  await go(page, () => page.locator('#confirm').click());
  assert.match(await page.locator('.govuk-panel').innerText(), /Compliment sent/);
  await check(page, 'compliment confirmation');
  await switchLanguage(page);
  await check(page, 'compliment confirmation');
  assert.deepEqual(scriptErrors(errors), []);
  await page.context().close();
  await clamd.stop();
  assert.deepEqual(checks.problems, [], checks.problems.join('\n'));
});
