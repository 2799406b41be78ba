import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { useBrowser, useWebApp } from '../support/browser.ts';
import { engineName, newTestCouncil, useTestDatabase } from '../support/testDatabase.ts';
import { addTestStaff } from '../support/staffSession.ts';
import { newCase } from '../messages/caseMessagesSupport.ts';
import { buildAnnualReport } from '../../src/reports/annualReport.ts';
import { defaultReportOptions } from '../../src/reports/reportCatalogue.ts';
import { grid } from '../support/reportGrid.ts';
import { PageChecks } from './pages/pageChecks.ts';
import { signIn } from './pages/signIn.ts';
import { expectErrorSummary, fillDate, press, submit, successBanner } from './pages/forms.ts';

/**
 * Issue 10's "Done when" for Ombudsman cases, in a real browser (Debian's Chromium): a complaints
 * officer records an LGSCO enquiry against a complaint, answers its request for information,
 * records the investigation, the draft decision, and the final decision (upheld: fault and
 * injustice) with its recommendations (an apology and £300, each with its date), then records
 * compliance after the date; the case shows "Complied late". Every page is checked with axe at
 * desktop and phone width. Then the annual report for that year counts it: one LGSCO decision,
 * upheld, complied with late.
 */

const TODAY = '2025-06-04';
const YEAR = '2024/25';
const screenshots = fileURLToPath(new URL('../../tmp/screenshots/ombudsman/', import.meta.url));

const browser: Browser = await useBrowser();
const db = await useTestDatabase();
const council = await newTestCouncil(db);
const officer = await addTestStaff(db, council.id, ['complaints_officer'], { name: 'Olivia Okafor' });
const { reference } = await newCase(db, council.id, { receivedOn: '2024-02-05' });
const base = await useWebApp({ db, clock: { now: () => new Date(`${TODAY}T10:00:00Z`) } });
const checks = new PageChecks(screenshots);

/** Follows the link named `name` on the page. */
const follow = (page: Page, name: string | RegExp) => submit(page, page.getByRole('link', { name }).first());

test(`an LGSCO case from the enquiry to compliance recorded late, every page accessible; the annual report counts it (${engineName()})`, async () => {
  const olivia = await signIn(browser, base, officer, checks);
  const { page } = olivia;
  try {
    await page.goto(`${base}/ombudsman`);
    await checks.check(page, 'Ombudsman cases: none yet');
    await follow(page, 'Record an Ombudsman enquiry');
    await press(page, 'Record the enquiry');
    await expectErrorSummary(page, ['Select which Ombudsman', 'Enter the Ombudsman’s reference']);
    await checks.check(page, 'New Ombudsman enquiry, with errors');

    await page.getByLabel('Local Government and Social Care Ombudsman').check();
    await page.getByLabel('The Ombudsman’s reference').fill('24 001 234');
    await fillDate(page, 'When the enquiry was received', '2024-05-01');
    await page.getByLabel('Our complaint’s reference (optional)').fill(reference);
    await page.getByLabel('Stage 1').check();
    await press(page, 'Record the enquiry');
    assert.equal(await successBanner(page), 'Success Enquiry 24 001 234 recorded');
    await checks.check(page, 'Ombudsman case: enquiry received');

    await follow(page, 'Record a request for information');
    await fillDate(page, 'When the Ombudsman asked', '2024-05-02');
    await page.getByLabel('What the Ombudsman asked for').fill('The complaint file and both response letters');
    await fillDate(page, 'When the information is due', '2024-05-30');
    await checks.check(page, 'Ombudsman step: request for information');
    await press(page, 'Record the request');
    assert.match(await page.locator('main').innerText(), /Send the information the Ombudsman asked for by 30 May 2024/);
    await follow(page, /Record the information sent/);
    await press(page, 'Record the information sent');
    await expectErrorSummary(page, ['Say which documents were sent']);
    await page.getByLabel('Documents sent').fill('Stage 1 response, case notes');
    await fillDate(page, 'When the information was sent', '2024-05-28');
    await press(page, 'Record the information sent');
    assert.equal(await successBanner(page), 'Success Information sent recorded');

    await follow(page, 'Record that the Ombudsman is investigating');
    await fillDate(page, 'When the investigation started', '2024-06-10');
    await press(page, 'Record the investigation');
    await follow(page, 'Record the draft decision');
    await fillDate(page, 'Date of the draft decision', '2024-08-01');
    await fillDate(page, 'When comments are due', '2024-08-15');
    await press(page, 'Record the draft decision');
    assert.match(await page.locator('main').innerText(), /Send the council’s comments on the draft decision by 15 August 2024/);
    await follow(page, 'Record the comments sent');
    await fillDate(page, 'When the council sent its comments', '2024-08-14');
    await press(page, 'Record the comments');

    await follow(page, 'Record the final decision');
    await fillDate(page, 'Date of the final decision', '2024-09-02');
    await page.getByLabel('Upheld: fault and injustice').check();
    await checks.check(page, 'Ombudsman step: final decision');
    await press(page, 'Record the final decision');
    assert.equal(await successBanner(page), 'Success Final decision recorded: Upheld');

    for (const [kind, description, amount] of [['Apology', 'Apologise to Mrs Shah', ''], ['Financial redress', 'Pay £300 for her distress', '300']] as const) {
      await follow(page, 'Add a recommendation');
      await page.getByLabel(kind, { exact: true }).check();
      await page.getByLabel('What the Ombudsman recommended').fill(description);
      if (amount) await page.getByLabel('Amount (optional)').fill(amount);
      await fillDate(page, 'When the council must comply', '2024-10-02');
      await checks.check(page, 'Ombudsman step: recommendation');
      await press(page, 'Add the recommendation');
    }
    await checks.check(page, 'Ombudsman case: compliance late');
    assert.equal(await page.locator('[data-recommendation] .govuk-tag--red').count(), 2, 'both recommendations are late, with a red tag');

    for (const kind of ['Apology', 'Financial redress']) {
      await follow(page, `Record compliance (${kind})`);
      await fillDate(page, 'When the council complied', '2024-10-16');
      await page.getByLabel('Evidence of compliance sent to the Ombudsman').fill('Copy sent to the Ombudsman');
      await press(page, 'Record compliance');
      assert.equal(await successBanner(page), 'Success Compliance recorded: complied late');
    }
    const main = await page.locator('main').innerText();
    assert.equal(main.match(/Complied late/g)?.length, 2, 'the case page shows each recommendation complied late');
    assert.match(main, /Nothing is due from the council/);
    await checks.check(page, 'Ombudsman case: complied late');

    await page.goto(`${base}/ombudsman?tab=decided`);
    assert.match(await page.locator('main').innerText(), /24 001 234/);
    await checks.check(page, 'Ombudsman cases: decided');
    await page.goto(`${base}/cases/${reference}`);
    await follow(page, /See the Ombudsman case/);
    await page.getByRole('heading', { level: 1, name: /24 001 234/ }).waitFor();
  } finally {
    await olivia.close();
  }
  assert.deepEqual(checks.problems, [], checks.problems.join('\n'));

  // The annual report for the year of the decision counts it as the seeds do.
  const report = await buildAnnualReport(db.pool, council.id, defaultReportOptions(YEAR), TODAY);
  const tables = new Map(report.sections.flatMap((s) => s.tables).map((t) => [t.key, t]));
  const table = (key: string) => tables.get(key) ?? assert.fail(`the report has no table ${key}`);
  assert.equal(grid(table('ombudsman.decisions')).upheld?.[YEAR], 1, 'one LGSCO decision, upheld');
  assert.equal(grid(table('ombudsman.decisions')).__total?.[YEAR], 1);
  assert.deepEqual(grid(table('ombudsman.summary'))[YEAR], { received: 1, detailed_investigations: 1, upheld: 1, upheld_percent: 100 });
  assert.deepEqual(grid(table('ombudsman.compliance'))[YEAR], { upheld: 1, remedies_recommended: 1, satisfactory_remedy_by_council: 0, complied_late: 1, compliance_outstanding: 0 });
  assert.deepEqual(grid(table('ombudsman.remedies'))['Not recorded'], { remedied: 1, financial: 1, amount: 300 }, 'a financial remedy of £300');
});
