import { after } from 'node:test';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createApp, type Services } from '../../src/web/app.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../src/reports/render/pdf.ts';
import { TEST_PASSWORD } from './staffSession.ts';

// Debian's Chromium, with the flags this machine needs; the PDF renderer uses the same.
export { CHROMIUM_PATH } from '../../src/reports/render/pdf.ts';

/**
 * Launches headless Chromium for the rest of the test file and closes it in `after`.
 * A missing browser fails the test (it does not skip): CI installs it, so should you.
 */
export async function useBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM_PATH}: run \`apt-get install -y chromium\` (as root) to run the browser tests.`);
  }
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
  after(() => browser.close());
  return browser;
}

/** Serves the web app on a free port of 127.0.0.1 until the end of the file; returns its base URL. */
export async function useWebApp(services: Services): Promise<string> {
  const app = await createApp(services);
  after(() => app.close());
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

/** A page in a fresh context (axe-core needs one made by browser.newContext()), collecting script errors. */
export async function openPage(browser: Browser, options: { javaScriptEnabled?: boolean } = {}): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ javaScriptEnabled: options.javaScriptEnabled ?? true, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
  return { page, errors };
}

/**
 * Signs `staff` (made by addTestStaff) in through the real sign-in page, as a person would:
 * the page's form, its CSRF token and the session cookie, then the page it lands on.
 */
export async function signInBrowser(page: Page, base: string, staff: { email: string }, password = TEST_PASSWORD): Promise<void> {
  await page.goto(`${base}/sign-in`);
  await page.getByLabel('Email', { exact: false }).first().fill(staff.email);
  await page.locator('input[name="password"]').fill(password);
  await Promise.all([page.waitForURL((url) => !url.pathname.startsWith('/sign-in')), page.getByRole('button', { name: 'Sign in' }).click()]);
}
