import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { useTestDatabase, newTestCouncil } from '../../../../../test/support/testDatabase.ts';
import { useBrowser, useWebApp, openPage, signInBrowser } from '../../../../../test/support/browser.ts';
import { addTestStaff } from '../../../../../test/support/staffSession.ts';
import { PageChecks } from '../../../../../test/e2e/pages/pageChecks.ts';
import { inTransaction } from '../../../../db/database.ts';
import { queueMessages } from '../../../../messages/queueMessages.ts';

/**
 * The messages and message settings pages in a real browser, checked by axe-core (WCAG 2.2 AA)
 * at desktop and phone width, with their error pages. In an "e2e" folder, so the test script
 * runs it with the browser files.
 */

const browser = await useBrowser();
const db = await useTestDatabase();
const council = await newTestCouncil(db);
const now = new Date('2025-06-02T09:00:00Z');
const base = await useWebApp({ db, clock: { now: () => now } });
const admin = await addTestStaff(db, council.id, ['complaints_administrator']);
const checks = new PageChecks(fileURLToPath(new URL('../../../../../tmp/screenshots/messages/', import.meta.url)));

const { ids: [emailId, letterId] } = await inTransaction(db, (c) => queueMessages(c, council.id, [
  { contactId: null, template: 'digest_officer', channel: 'email', recipientName: 'Ann Officer', recipientAddress: 'ann@example.test', language: 'en',
    values: { name: 'Ann Officer', count: '2', items: '* HBC-1 due 3 December\n* HBC-2 due 4 December', link: 'http://localhost:3000/' } },
  { contactId: null, template: 'compliment_thanks', channel: 'letter', recipientName: 'Nora Noise', recipientAddress: '1 High Street, Townton, AB1 2CD',
    language: 'cy', largePrint: true, values: { name: 'Nora Noise', reference: 'CMP-1', council_name: council.name } },
], now));
await db.pool.query(`UPDATE message SET status = 'failed', attempts = 7, last_error = '550 Mailbox unavailable' WHERE council_id = $1 AND id = $2`, [council.id, emailId]);

test('the messages and settings pages pass axe-core at desktop and phone width, errors included', async () => {
  const { page } = await openPage(browser);
  await signInBrowser(page, base, admin);
  for (const [name, path] of [
    ['outbox', '/messages'], ['outbox failed', '/messages?status=failed'], ['failed email', `/messages/${emailId}`], ['letter to post', `/messages/${letterId}`],
    ['printable letter', `/messages/${letterId}/letter`], ['message settings', '/settings/messages'], ['a resident message settings', '/settings/messages/acknowledgement'],
    ['reminder settings', '/settings/reminders'],
  ] as const) {
    const response = await page.goto(`${base}${path}`);
    assert.equal(response?.status(), 200, path);
    await checks.check(page, name);
  }
  await page.goto(`${base}/settings/messages/acknowledgement`);
  await page.locator('#subject-en').fill('');
  await page.locator('#body-cy').fill('Annwyl ((enw))');
  await page.getByRole('button', { name: 'Save' }).click();
  assert.equal(await page.locator('.govuk-error-summary').count(), 1);
  await checks.check(page, 'message settings with errors');
  await page.goto(`${base}/settings/reminders`);
  await page.locator('#daysBefore').fill('5, x');
  await page.locator('#workingFrom').fill('25:00');
  await page.getByRole('button', { name: 'Save reminder settings' }).click();
  assert.equal(await page.locator('.govuk-error-summary').count(), 1);
  await checks.check(page, 'reminder settings with errors');
  await page.context().close();
  assert.deepEqual(checks.problems, [], checks.problems.join('\n'));
});
