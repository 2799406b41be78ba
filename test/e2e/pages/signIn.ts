import type { Browser, Page } from 'playwright-core';
import assert from 'node:assert/strict';
import type { TestStaff } from '../../support/staffSession.ts';
import { signInBrowser } from '../../support/browser.ts';
import { DESKTOP, type PageChecks } from './pageChecks.ts';

/** A member of staff at their own browser: one context (cookies, session) per person. */
export interface Person {
  staff: TestStaff;
  page: Page;
  base: string;
  checks: PageChecks;
  close(): Promise<void>;
}

/**
 * Opens a fresh browser context for `staff` and signs in through /sign-in with their email
 * address and password (signInBrowser), as a person would; the home page ("Your work") is where
 * they land. The sign-in page itself is checked the first time.
 */
export async function signIn(browser: Browser, base: string, staff: TestStaff, checks: PageChecks, options: { javaScriptEnabled?: boolean } = {}): Promise<Person> {
  const context = await browser.newContext({ javaScriptEnabled: options.javaScriptEnabled ?? true, viewport: DESKTOP });
  // A step that cannot happen fails in seconds with what it waited for, not at the test's end.
  context.setDefaultTimeout(15_000);
  if (options.javaScriptEnabled === false) checks.noScriptsIn(context);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  if (!checks.checked.includes('Sign in')) {
    await page.goto(`${base}/sign-in`);
    assert.equal(await page.getByLabel('Password').getAttribute('autocomplete'), 'current-password');
    await checks.check(page, 'Sign in');
  }
  await signInBrowser(page, base, staff);
  await page.getByRole('heading', { level: 1, name: 'Your work' }).waitFor();
  return {
    staff, page, base, checks,
    async close() {
      await context.close();
      if (errors.length) throw new Error(`script errors in ${staff.name}'s browser: ${errors.join('; ')}`);
    },
  };
}
