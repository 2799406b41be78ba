import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';

/** Clicks what sends a form or follows a link, and waits for the page that comes back to load. */
export async function submit(page: Page, target: Locator): Promise<void> {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), target.click()]);
}

/** Clicks the button named `name` and waits for the page that comes back. */
export const press = (page: Page, name: string | RegExp) => submit(page, page.getByRole('button', { name, exact: typeof name === 'string' }));

/** The GOV.UK date input whose legend is `legend`: day, month and year, each found by its label. */
export async function fillDate(page: Page, legend: string | RegExp, date: { day: number | string; month: number | string; year: number | string } | string): Promise<void> {
  const [year, month, day] = typeof date === 'string' ? date.split('-').map(Number) : [date.year, date.month, date.day];
  const group = page.getByRole('group', { name: legend, exact: typeof legend === 'string' });
  await group.getByLabel('Day').fill(String(day));
  await group.getByLabel('Month').fill(String(month));
  await group.getByLabel('Year').fill(String(year));
}

/** What a date input holds, as typed: "31/2/2025". */
export async function dateTyped(page: Page, legend: string | RegExp): Promise<string> {
  const group = page.getByRole('group', { name: legend, exact: typeof legend === 'string' });
  return [await group.getByLabel('Day').inputValue(), await group.getByLabel('Month').inputValue(), await group.getByLabel('Year').inputValue()].join('/');
}

/**
 * The GOV.UK error summary: there, focused when scripts run (GOV.UK Frontend moves focus to it
 * so a screen reader hears it first), titled "There is a problem" and listing each message as a
 * link to its field; the page title starts "Error:".
 */
export async function expectErrorSummary(page: Page, messages: (string | RegExp)[], options: { focused?: boolean } = {}): Promise<void> {
  const summary = page.getByRole('alert').filter({ has: page.getByRole('heading', { name: 'There is a problem' }) });
  await summary.waitFor();
  if (options.focused ?? true) {
    await page.waitForFunction(() => document.activeElement?.classList.contains('govuk-error-summary') ?? false, undefined, { timeout: 5000 })
      .catch(async () => assert.fail(`the error summary has focus, not ${await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120))}`));
  }
  for (const message of messages) {
    assert.equal(await summary.getByRole('link', { name: message }).count(), 1, `the error summary links "${message}": ${await summary.innerText()}`);
  }
  assert.match(await page.title(), /^Error: /, 'the page title starts "Error:"');
}

/** The success banner's words. */
export async function successBanner(page: Page): Promise<string> {
  const banner = page.locator('.govuk-notification-banner--success');
  assert.equal(await banner.count(), 1, 'a success banner');
  return (await banner.innerText()).replace(/\s+/g, ' ').trim();
}
