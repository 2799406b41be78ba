import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { newTestCouncil, useTestDatabase } from '../../../../../test/support/testDatabase.ts';
import { openPage, useBrowser, useWebApp } from '../../../../../test/support/browser.ts';
import { PageChecks, WCAG_TAGS } from '../../../../../test/e2e/pages/pageChecks.ts';
import { newCase } from '../../../../../test/messages/caseMessagesSupport.ts';
import { respondWithLetter } from '../../../../complaints/respondWithLetter.ts';
import { systemActor } from '../../../../events/actor.ts';

/**
 * Tracking a complaint in a real browser, in English and in Welsh, as a resident does it: ask
 * for a link, read it from the email queued for them, follow it (a mail scanner has opened it
 * first), continue, see the complaint and its
 * reply letter, ask for stage 2 (an error first), check, send. Every page is checked by
 * axe-core (WCAG 2.2 AA) at desktop, phone and 320 px width, with no sideways scroll.
 */

const browser = await useBrowser();
const db = await useTestDatabase();
const now = new Date('2025-06-02T09:00:00Z');
const base = await useWebApp({ db, clock: { now: () => now } });
const checks = new PageChecks(fileURLToPath(new URL('../../../../../tmp/screenshots/public-track/', import.meta.url)));
const system = systemActor('tracking journey');
const PDF = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n', 'latin1');

/** PageChecks at desktop and phone width, and the 320 px the issue names (WCAG reflow). */
async function check(page: Page, name: string): Promise<void> {
  await checks.check(page, name);
  const original = page.viewportSize();
  await page.setViewportSize({ width: 320, height: 720 });
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).setLegacyMode(true).analyze();
  for (const v of results.violations) checks.problems.push(`${name} (320px): ${v.id} ${v.help}\n      ${v.nodes.map((n) => n.target.join(' ')).join('\n      ')}`);
  const sideways = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  if (sideways > 0) checks.problems.push(`${name} (320px): the page scrolls sideways by ${sideways}px`);
  if (original) await page.setViewportSize(original);
}

async function linkIn(contactId: number): Promise<string> {
  const { rows } = await db.pool.query<{ body: string }>(
    "SELECT body FROM message WHERE contact_id = $1 AND template = 'tracking_link' ORDER BY id DESC LIMIT 1", [contactId]);
  const link = /http:\/\/localhost:3000(\/public\/\S+\/track\/[A-Za-z0-9_-]{43})/.exec(rows[0]?.body ?? '')?.[1];
  assert.ok(link, `no tracking link was queued: ${rows[0]?.body}`);
  return `${base}${link}`;
}

const words = {
  en: {
    start: 'Track a complaint', reference: 'Complaint reference', email: 'Email address', send: 'Send me a link', sent: 'Check your email',
    answered: 'We have replied to your complaint at stage 1.', letter: 'Download our reply letter', ask: 'Ask for your complaint to be looked at again',
    opened: 'Continue to your complaint',
    notSatisfied: 'Why are you not happy with our reply?', wanted: 'What would you like to happen?', continue: 'Continue',
    missing: 'Enter why you are not happy with our reply', check: 'Check your request before sending it', request: 'Send request', done: 'Request sent',
    requested: 'You asked on 2 June 2025 for your complaint to be looked at again at stage 2.',
  },
  cy: {
    start: 'Dilyn hynt cwyn', reference: 'Cyfeirnod y gŵyn', email: 'Cyfeiriad e-bost', send: 'Anfonwch ddolen ataf', sent: 'Edrychwch ar eich e-bost',
    answered: 'Rydym wedi ateb eich cwyn yng ngham 1.', letter: 'Lawrlwytho ein llythyr ateb', ask: 'Gofyn i ni edrych ar eich cwyn eto',
    opened: 'Ewch ymlaen at eich cwyn',
    notSatisfied: 'Pam nad ydych yn hapus â’n hateb?', wanted: 'Beth hoffech chi iddo ddigwydd?', continue: 'Parhau',
    missing: 'Rhowch y rheswm pam nad ydych yn hapus â’n hateb', check: 'Gwiriwch eich cais cyn ei anfon', request: 'Anfon y cais', done: 'Cais wedi’i anfon',
    requested: 'Gofynnoch ar 2 Mehefin 2025 i ni edrych ar eich cwyn eto yng ngham 2.',
  },
} as const;

for (const language of ['en', 'cy'] as const) {
  test(`a resident tracks their complaint and asks for stage 2, in ${language === 'en' ? 'English' : 'Welsh'}`, async () => {
    const w = words[language];
    const council = await newTestCouncil(db, language === 'cy'
      ? { name: 'Cyngor Prawf', nation: 'wales' }
      : { name: 'Cheshire Test Council', procedures: { corporate: 'cheshire-west-corporate' } });
    const made = await newCase(db, council.id, { receivedOn: '2025-05-12', complainant: { fullName: 'Ann Example', email: 'ann@example.test' } });
    await respondWithLetter(db, council.id, made.reference, { on: '2025-05-20', outcome: 'not_upheld', letterFile: { filename: 'reply.pdf', bytes: PDF } }, system, '2025-06-02');

    const { page, errors } = await openPage(browser);
    await page.goto(`${base}/public/${council.slug}`);
    if (language === 'cy') await page.getByRole('link', { name: 'Cymraeg' }).click();
    await page.getByRole('link', { name: w.start }).click();
    await check(page, `${language} ask for a link`);
    await page.getByLabel(w.reference).fill(made.reference);
    await page.getByLabel(w.email).fill('not an email');
    await page.getByRole('button', { name: w.send }).click();
    assert.equal(await page.locator('.govuk-error-summary').count(), 1);
    await check(page, `${language} ask for a link with an error`);
    await page.getByLabel(w.email).fill('Ann@Example.test');
    await page.getByRole('button', { name: w.send }).click();
    await page.getByRole('heading', { name: w.sent }).waitFor();
    await check(page, `${language} check your email`);

    const link = await linkIn(made.contactId);
    // A mail scanner opens the link first, with no cookies: it sees the Continue page and uses nothing.
    const scanned = await fetch(link);
    assert.equal(scanned.status, 200);
    await page.goto(link);
    await page.getByRole('heading', { name: w.opened }).waitFor();
    await check(page, `${language} continue to your complaint`);
    await page.getByRole('button', { name: w.continue }).click();
    await page.waitForURL(/\/track\/case$/);
    await page.getByText(w.answered).waitFor();
    await check(page, `${language} your complaint`);
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: w.letter }).click();
    assert.equal((await download).suggestedFilename(), 'reply.pdf');

    await page.getByRole('button', { name: w.ask }).click();
    await check(page, `${language} ask again`);
    await page.getByLabel(w.wanted).fill('Collect the bin');
    await page.getByRole('button', { name: w.continue }).click();
    await page.locator('.govuk-error-summary').getByRole('link', { name: w.missing }).waitFor();
    assert.equal(await page.getByLabel(w.wanted).inputValue(), 'Collect the bin', 'what was typed is kept');
    await check(page, `${language} ask again with an error`);
    await page.getByLabel(w.notSatisfied).fill('The crew still miss my street.');
    await page.getByRole('button', { name: w.continue }).click();
    await page.getByRole('heading', { name: w.check }).waitFor();
    await check(page, `${language} check the request`);
    await page.getByRole('button', { name: w.request }).click();
    await page.getByRole('heading', { name: w.done }).waitFor();
    await check(page, `${language} request sent`);
    await page.locator('main').getByRole('link').last().click();
    await page.getByText(w.requested).waitFor();
    // Asking again once asked: refused with a page (409) in the resident's language, never an error.
    const again = await page.goto(`${page.url().replace(/\/track\/case.*$/, '/track/case/ask-again')}`);
    assert.equal(again?.status(), 409);
    assert.equal(await page.locator('html').getAttribute('lang'), language);
    await check(page, `${language} asked already`);

    const { rows } = await db.pool.query<{ status: string }>('SELECT status FROM complaint WHERE council_id = $1 AND contact_id = $2', [council.id, made.contactId]);
    assert.equal(rows[0]!.status, 'escalation_requested');
    await page.context().close();
    assert.deepEqual(checks.problems, [], checks.problems.join('\n'));
    // A form shown again with its errors is answered 400, a request refused 409, which the console reports; nothing else may appear there.
    assert.deepEqual(errors.filter((e) => !/status of (400|409)/.test(e)), []);
  });
}
