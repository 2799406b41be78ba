import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { useBrowser, useWebApp, openPage } from '../../../../../test/support/browser.ts';
import { useTestDatabase, newTestCouncil } from '../../../../../test/support/testDatabase.ts';
import { DESKTOP, PageChecks, WCAG_TAGS } from '../../../../../test/e2e/pages/pageChecks.ts';

/**
 * The public pages the complaint, compliment and tracking journeys do not pass, in a real
 * browser (Debian's Chromium): the start page, the accessibility statement, the privacy notice,
 * the language switch and the error pages, in English and in Welsh; and the comment journey
 * in both, with an error on each of its pages — in Welsh with JavaScript turned off from start
 * to end, to prove no page needs it. Every page, with and without its errors, is checked by
 * axe-core (WCAG 2.2 AA) at desktop, phone and 320 px width, and must not scroll sideways.
 */

const browser = await useBrowser();
const db = await useTestDatabase();
const council = await newTestCouncil(db, { name: 'Cyngor Prawf Cymru', nation: 'wales' });
const id = async (sql: string, params: unknown[]) => Number((await db.pool.query<{ id: string }>(sql, params)).rows[0]!.id);
const place = await id("INSERT INTO org_unit (council_id, kind, name) VALUES ($1, 'directorate', 'Place') RETURNING id", [council.id]);
await id('INSERT INTO workspace (council_id, name, name_cy, org_unit_id) VALUES ($1, $2, $3, $4) RETURNING id', [council.id, 'Parks and open spaces', 'Parciau a mannau agored', place]);
await id('INSERT INTO workspace (council_id, name, name_cy, org_unit_id) VALUES ($1, $2, $3, $4) RETURNING id', [council.id, 'Libraries', 'Llyfrgelloedd', place]);
const base = await useWebApp({ db, clock: { now: () => new Date('2026-11-30T10:00:00Z') } });
const root = `/public/${council.slug}`;
const checks = new PageChecks(fileURLToPath(new URL('../../../../../tmp/screenshots/public-pages/', import.meta.url)));

/** Contexts made with javaScriptEnabled: false: axe-core cannot run in them (nothing may run there). */
const withoutScripts = new WeakSet<BrowserContext>();

/**
 * Checks the page as the resident sees it now. Without JavaScript, axe runs on a copy: the very
 * HTML the browser was given (a page with its errors too, the answer to a POST), shown in a
 * context where scripts may run, with the page's own scripts taken out.
 */
async function check(page: Page, what: string) {
  const name = `${what} (${await page.locator('html').getAttribute('lang')})`;
  if (checks.checked.includes(name)) return;
  if (!withoutScripts.has(page.context())) return checkHere(page, name);
  const html = (await page.content()).replace(/<script\b[\s\S]*?<\/script>/g, '');
  const twin = await browser.newContext({ viewport: DESKTOP });
  try {
    const url = page.url();
    await twin.route('**/*', (route) => {
      const request = route.request();
      if (request.resourceType() === 'script') return route.abort();
      if (request.isNavigationRequest() && request.url() === url) return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html });
      return route.continue();
    });
    const copy = await twin.newPage();
    await copy.goto(url);
    await checkHere(copy, name);
  } finally {
    await twin.close();
  }
}

/** PageChecks at desktop and phone width, then 320 px, the narrowest width WCAG's reflow asks for. */
async function checkHere(page: Page, name: string) {
  await checks.check(page, name);
  const original = page.viewportSize() ?? DESKTOP;
  await page.setViewportSize({ width: 320, height: 800 });
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).setLegacyMode(true).analyze();
  for (const v of results.violations) checks.problems.push(`${name} (320 px): ${v.id} ${v.help}\n      ${v.nodes.map((n) => n.target.join(' ')).join('\n      ')}`);
  const sideways = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  if (sideways > 0) checks.problems.push(`${name} (320 px): the page scrolls sideways by ${sideways}px`);
  await page.setViewportSize(original);
}

const go = async (page: Page, click: () => Promise<unknown>) => { await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), click()]); };
const continueOn = (page: Page) => go(page, () => page.locator('main form button.govuk-button').last().click());
const switchLanguage = (page: Page) => go(page, () => page.locator('.app-language-switch a').click());
const lang = (page: Page) => page.locator('html').getAttribute('lang');
/** The page's heading (a question page's caption, "Leave a comment", comes before it in the h1). */
const assertHeading = async (page: Page, text: string) => assert.equal((await page.locator('h1').innerText()).split('\n').at(-1), text);
/** Script errors, not the 4xx a page with errors answers with (the browser logs that as a failed load). */
const scriptErrors = (errors: string[]) => errors.filter((e) => !/status of 4\d\d/.test(e));

/** Sends the page's form as it is, expects its error summary linking `field`, checks the page with its errors. */
async function withError(page: Page, name: string, field: string) {
  await continueOn(page);
  const summary = page.locator('.govuk-error-summary');
  assert.equal(await summary.count(), 1, `${name}: an error summary`);
  assert.equal(await summary.locator(`a[href="#${field}"]`).count(), 1, `${name}: the summary links to #${field}: ${await summary.innerText()}`);
  assert.match(await page.title(), /^(Error|Gwall): /, name);
  await check(page, `${name} with errors`);
}

const comments = async () => (await db.pool.query<{ kind: string; language: string; channel: string; summary: string; name: string | null }>(
  `SELECT c.kind, c.language, c.channel, c.summary, w.name
     FROM contact c LEFT JOIN workspace w ON w.council_id = c.council_id AND w.id = c.workspace_id
    WHERE c.council_id = $1 ORDER BY c.id`, [council.id])).rows;

test('the start page, accessibility statement, privacy notice and language switch, in English and in Welsh, and a page not found', async () => {
  const { page, errors } = await openPage(browser);
  await page.goto(`${base}${root}`);
  assert.equal(await lang(page), 'en');
  await assertHeading(page, 'Complaints, compliments and comments');
  await check(page, 'start page');
  await go(page, () => page.locator('footer').getByRole('link', { name: 'Accessibility statement' }).click());
  await assertHeading(page, 'Accessibility statement');
  await check(page, 'accessibility statement');
  await go(page, () => page.locator('footer').getByRole('link', { name: 'Privacy notice' }).click());
  await assertHeading(page, 'Privacy notice');
  await check(page, 'privacy notice');

  // The switch brings the same page back in Welsh, and the choice holds on the next pages.
  await switchLanguage(page);
  assert.equal(new URL(page.url()).pathname, `${root}/privacy`);
  assert.equal(await lang(page), 'cy');
  await assertHeading(page, 'Hysbysiad preifatrwydd');
  assert.equal(await page.locator('.app-language-switch [aria-current="true"]').innerText(), 'Cymraeg');
  await check(page, 'privacy notice');
  await go(page, () => page.locator('footer').getByRole('link', { name: 'Datganiad hygyrchedd' }).click());
  await assertHeading(page, 'Datganiad hygyrchedd');
  await check(page, 'accessibility statement');
  await go(page, () => page.locator('.app-council-header__name').click());
  await assertHeading(page, 'Cwynion, canmoliaeth a sylwadau');
  for (const link of ['Gwneud cwyn', 'Rhoi canmoliaeth', 'Gadael sylw', 'Dilyn hynt cwyn']) assert.equal(await page.getByRole('link', { name: link }).count(), 1, link);
  await check(page, 'start page');

  // A page that is not there: the council's own page, in Welsh, saying where to go.
  const missing = await page.goto(`${base}${root}/no-such-page`);
  assert.equal(missing?.status(), 404);
  await assertHeading(page, 'Heb ddod o hyd i’r dudalen');
  assert.equal(await page.locator('.app-council-header__name').innerText(), council.name);
  await check(page, 'page not found');
  await switchLanguage(page);
  await assertHeading(page, 'Page not found');
  await check(page, 'page not found');
  await go(page, () => page.getByRole('link', { name: 'Go to the start page' }).click());
  assert.equal(new URL(page.url()).pathname, root);
  assert.deepEqual(scriptErrors(errors), []);
  await page.context().close();
  assert.deepEqual(checks.problems, [], checks.problems.join('\n'));
});

test('a comment in English: service, comment, optional details, check and confirmation, with an error on each page', async () => {
  const { page, errors } = await openPage(browser);
  await page.goto(`${base}${root}`);
  await go(page, () => page.getByRole('link', { name: 'Leave a comment' }).click());
  await assertHeading(page, 'Which service is your comment about?');
  await check(page, 'comment service');
  await withError(page, 'comment service', 'service');
  await page.getByLabel('Libraries').check();
  await continueOn(page);

  await assertHeading(page, 'What is your comment?');
  await check(page, 'comment what');
  await withError(page, 'comment what', 'what');
  await page.fill('#what', 'The library could open later on Thursdays.');
  await continueOn(page);

  await assertHeading(page, 'Your details (optional)');
  await check(page, 'comment details');
  await page.fill('#email', 'not an email');
  await withError(page, 'comment details', 'fullName');
  assert.equal(await page.inputValue('#email'), 'not an email', 'what was typed is kept');
  await page.fill('#fullName', 'Lowri Reader');
  await withError(page, 'comment details (email)', 'email');
  await page.fill('#email', 'lowri@example.test');
  await continueOn(page);

  const answers = await page.locator('.govuk-summary-list').innerText();
  for (const expected of ['Libraries', 'The library could open later on Thursdays.', 'Lowri Reader', 'lowri@example.test']) assert.match(answers, new RegExp(expected));
  await check(page, 'comment check');
  await go(page, () => page.getByRole('button', { name: 'Send comment' }).click());
  assert.match(await page.locator('.govuk-panel').innerText(), /Comment sent[\s\S]*[A-Z]{3}\d{2}-\d{6}/);
  await check(page, 'comment confirmation');
  assert.deepEqual(scriptErrors(errors), []);
  await page.context().close();

  assert.deepEqual((await comments()).map((c) => [c.kind, c.language, c.channel, c.name]), [['comment', 'en', 'web_form', 'Libraries']]);
  assert.deepEqual(checks.problems, [], checks.problems.join('\n'));
});

test('a comment in Welsh with JavaScript turned off, from the start page to the confirmation, with an error on each page', async () => {
  const { page, errors } = await openPage(browser, { javaScriptEnabled: false });
  withoutScripts.add(page.context());
  await page.goto(`${base}${root}`);
  await switchLanguage(page);
  assert.equal(await lang(page), 'cy');
  await go(page, () => page.getByRole('link', { name: 'Gadael sylw' }).click());

  await assertHeading(page, 'Am ba wasanaeth mae eich sylw?');
  await check(page, 'comment service');
  await withError(page, 'comment service', 'service');
  await page.getByLabel('Parciau a mannau agored').check();
  await continueOn(page);

  await assertHeading(page, 'Beth yw eich sylw?');
  await check(page, 'comment what');
  await withError(page, 'comment what', 'what');
  // Without JavaScript there is no character count, only the textarea and its limit in words.
  await page.fill('#what', 'Byddai’n dda cael mwy o feinciau yn y parc.');
  await continueOn(page);

  await assertHeading(page, 'Eich manylion (dewisol)');
  await check(page, 'comment details');
  await page.fill('#email', 'gwen@example.test');
  await withError(page, 'comment details', 'fullName');
  assert.equal(await page.inputValue('#email'), 'gwen@example.test', 'what was typed is kept');
  // Or nothing at all: a comment may be anonymous.
  await page.fill('#email', '');
  await continueOn(page);

  await assertHeading(page, 'Gwiriwch eich atebion cyn anfon');
  const answers = await page.locator('.govuk-summary-list').innerText();
  for (const expected of ['Parciau a mannau agored', 'Byddai’n dda cael mwy o feinciau yn y parc.']) assert.match(answers, new RegExp(expected));
  await check(page, 'comment check');
  await go(page, () => page.getByRole('button', { name: 'Anfon y sylw' }).click());
  assert.match(await page.locator('.govuk-panel').innerText(), /Sylw wedi’i anfon[\s\S]*[A-Z]{3}\d{2}-\d{6}/);
  await check(page, 'comment confirmation');
  assert.deepEqual(scriptErrors(errors), []);
  await page.context().close();

  const sent = (await comments()).at(-1)!;
  assert.deepEqual([sent.kind, sent.language, sent.channel, sent.name], ['comment', 'cy', 'web_form', 'Parks and open spaces']);
  assert.match(sent.summary, /Byddai’n dda cael mwy o feinciau yn y parc\./);
  assert.deepEqual(checks.problems, [], checks.problems.join('\n'));
});

test('the pages a resident meets when something is refused, in English and in Welsh: a tracking link unknown, used or expired, the complaint page without a link, and too many attempts', async () => {
  const { logContact } = await import('../../../../contacts/logContact.ts');
  const { systemActor } = await import('../../../../events/actor.ts');
  const { hashToken } = await import('../../../../public/tracking/trackingLinks.ts');
  const complaint = await logContact(db, council.id, {
    kind: 'complaint', channel: 'email', receivedOn: '2026-11-20', summary: 'The library closed early.',
    complainant: { fullName: 'Elin Evans', email: 'elin@example.test' },
  }, systemActor('test'), '2026-11-30');
  // Tokens of this run's own (a server database keeps earlier runs' links).
  const run = Math.random().toString(36).slice(2, 10);
  const token = (seed: string) => `${seed}-${run}`.padEnd(43, 'x');
  const link = async (seed: string, used: boolean, expires: string) => db.pool.query(
    `INSERT INTO tracking_link (token_sha256, council_id, contact_id, created_at, expires_at, used_at) VALUES ($1, $2, $3, $4, $5, $6)`,
    [hashToken(token(seed)), council.id, complaint.id, new Date('2026-11-30T09:50:00Z'), new Date(expires), used ? new Date('2026-11-30T09:55:00Z') : null]);
  await link('used', true, '2026-11-30T10:20:00Z');
  await link('expired', false, '2026-11-30T09:59:00Z');

  for (const language of ['en', 'cy'] as const) {
    const { page, errors } = await openPage(browser);
    await page.goto(`${base}${root}/language/${language}?back=${encodeURIComponent(`${root}/track`)}`);
    assert.equal(await lang(page), language);
    for (const [what, path, status] of [
      ['tracking link unknown', `${root}/track/${token('unknown')}`, 404],
      ['tracking link used', `${root}/track/${token('used')}`, 410],
      ['tracking link expired', `${root}/track/${token('expired')}`, 410],
      ['complaint page without a link', `${root}/track/case`, 401],
    ] as const) {
      const response = await page.goto(`${base}${path}`);
      assert.equal(response?.status(), status, `${what} (${language})`);
      assert.equal(await lang(page), language, what);
      await check(page, what);
    }
    // Too many requests for a link from one address: the eleventh is refused, in the resident's language.
    let refused = false;
    for (let i = 0; i < 12 && !refused; i++) {
      await page.goto(`${base}${root}/track`);
      await page.fill('#reference', `NOPE-${i}`);
      await page.fill('#email', 'someone@example.test');
      const [response] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.locator('main form button.govuk-button').last().click()]);
      refused = response?.status() === 429;
    }
    assert.ok(refused, `too many attempts are refused (${language})`);
    assert.equal(await lang(page), language);
    await check(page, 'too many attempts');
    assert.deepEqual(scriptErrors(errors), []);
    await page.context().close();
  }
  assert.deepEqual(checks.problems, [], checks.problems.join('\n'));
});

test('something unexpected on a public page: the 500 page, in English and in Welsh, checked by axe at every width', async () => {
  const { createApp } = await import('../../../app.ts');
  const { default: cookie } = await import('@fastify/cookie');
  const broken = await createApp({ db, clock: { now: () => new Date('2026-11-30T10:00:00Z') } });
  // A public page that fails as a bug would, registered beside the real ones.
  await broken.register(async (scope) => {
    await scope.register(cookie);
    scope.get('/public/:council/broken', async () => { throw new Error('relation "secret_table" does not exist'); });
  });
  await broken.listen({ port: 0, host: '127.0.0.1' });
  try {
    const address = broken.server.address() as { port: number };
    const brokenBase = `http://127.0.0.1:${address.port}`;
    for (const language of ['en', 'cy'] as const) {
      const { page } = await openPage(browser);
      await page.context().addCookies([{ name: 'redress_language', value: language, url: `${brokenBase}${root}` }]);
      const response = await page.goto(`${brokenBase}${root}/broken`);
      assert.equal(response?.status(), 500);
      assert.equal(await lang(page), language);
      assert.doesNotMatch(await page.content(), /secret_table/);
      await check(page, 'something went wrong');
      await page.context().close();
    }
  } finally {
    await broken.close();
  }
  assert.deepEqual(checks.problems, [], checks.problems.join('\n'));
});
