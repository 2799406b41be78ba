import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useTestDatabase } from '../../../../test/support/testDatabase.ts';
import { addTestStaff, signedIn } from '../../../../test/support/staffSession.ts';
import { createApp } from '../../app.ts';
import { inTransaction } from '../../../db/database.ts';
import { queueMessages, type NewMessage } from '../../../messages/queueMessages.ts';
import { TEMPLATE_KEYS } from '../../../messages/templates.ts';
import { t } from '../../i18n.ts';
import { newTestOrg, openComplaint, TODAY } from './caseTestSupport.ts';

/** The case page's Messages: each message about the case, in words, with its delivery state; its own page only for those who send messages. */

const db = await useTestDatabase();
const app = await createApp({ db, clock: { now: () => new Date(`${TODAY}T09:00:00Z`) } });
const org = await newTestOrg(db);
const officer = await addTestStaff(db, org.councilId, ['complaints_officer']);
const investigator = await addTestStaff(db, org.councilId, ['investigating_officer'], { name: 'Ian Investigator' });
const pothole = await openComplaint(db, org);

const resident = (template: NewMessage['template'], channel: NewMessage['channel'], key: string): NewMessage => ({
  contactId: pothole.contactId, template, channel, recipientName: 'Priya Shah',
  recipientAddress: channel === 'email' ? 'priya@example.org' : '4 High Street\nTown', language: 'en', dedupeKey: key,
  values: { name: 'Priya Shah', reference: pothole.reference, stage: '1', due_date: '17 June 2025', council_name: 'Test Council' },
});
const { ids } = await inTransaction(db, (c) => queueMessages(c, org.councilId, [
  resident('acknowledgement', 'email', `ack-${pothole.contactId}`),
  resident('acknowledgement', 'letter', `ack-letter-${pothole.contactId}`),
  {
    contactId: pothole.contactId, template: 'reminder_before', channel: 'email', recipientName: 'Asha Patel', recipientAddress: 'asha@example.org',
    language: 'en', dedupeKey: `reminder-${pothole.contactId}`,
    values: { officer_name: 'Asha Patel', reference: pothole.reference, stage: '1', due_date: '17 June 2025', days: '5 working days', case_link: 'http://localhost/' },
  },
], new Date(`${TODAY}T08:00:00Z`)));
const [acknowledgement, letter, reminder] = ids as [number, number, number];
// What delivery made of them: the email sent, the reminder failed, the letter still to post.
await db.pool.query(`UPDATE message SET status = 'sent', sent_at = $3 WHERE council_id = $1 AND id = $2`, [org.councilId, acknowledgement, new Date(`${TODAY}T08:01:00Z`)]);
await db.pool.query(`UPDATE message SET status = 'failed', last_error = '550 mailbox unavailable' WHERE council_id = $1 AND id = $2`, [org.councilId, reminder]);

/** The Messages section's rows: what, to whom, by what, the tag. */
function rowsOf(html: string) {
  const section = /<section id="messages"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
  return [...section.matchAll(/<tr class="govuk-table__row">\s*<td[\s\S]*?<\/tr>/g)].map((m) => {
    const cells = [...m[0].matchAll(/<td class="govuk-table__cell">([\s\S]*?)<\/td>/g)].map((c) => c[1]!.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim());
    return { row: m[0], cells };
  });
}

test('the case page lists the case’s messages newest first: what, to whom, by email or letter, and its delivery state', async () => {
  const page = await (await signedIn(app, officer)).get(`/cases/${pothole.reference}`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /href="#messages">Messages</);
  const rows = rowsOf(page.body);
  // What, then how and to whom beneath it (three columns, so the table fits a phone).
  assert.deepEqual(rows.map((r) => r.cells[0]), [
    'Reminder before a deadline Email to Asha Patel',
    'Complaint received Letter to Priya Shah',
    'Complaint received Email to Priya Shah',
  ]);
  assert.match(rows[0]!.row, /govuk-tag--red[^>]*>\s*Failed/);
  assert.match(rows[0]!.cells[1]!, /Failed because: 550 mailbox unavailable/);
  assert.match(rows[1]!.row, /govuk-tag--yellow[^>]*>\s*To post/);
  assert.match(rows[2]!.row, /govuk-tag--green[^>]*>\s*Sent/);
  assert.match(rows[2]!.cells[2]!, /^2 June 2025 at /, 'when it was sent');
  for (const [i, id] of [reminder, letter, acknowledgement].entries()) assert.match(rows[i]!.row, new RegExp(`href="/messages/${id}"`), 'each opens its own page');
});

test('someone who does not send messages sees the list without links', async () => {
  const page = await (await signedIn(app, investigator)).get(`/cases/${pothole.reference}`);
  assert.equal(page.statusCode, 200);
  const rows = rowsOf(page.body);
  assert.equal(rows.length, 3);
  assert.doesNotMatch(page.body, /href="\/messages\//);
  assert.match(rows[0]!.row, /Reminder before a deadline/);
});

test('a case with no messages says so', async () => {
  const quiet = await openComplaint(db, org);
  const page = await (await signedIn(app, officer)).get(`/cases/${quiet.reference}`);
  assert.match(page.body, /No messages have been sent about this case\./);
  assert.equal(rowsOf(page.body).length, 0);
});

test('every message, status and channel has its words', () => {
  const keys = [
    ...TEMPLATE_KEYS.map((k) => `messages.templates.${k}`),
    ...['queued', 'sending', 'sent', 'failed', 'to_post', 'posted', 'off'].map((s) => `case.messages.status.${s}`),
    'case.messages.channels.email', 'case.messages.channels.letter',
  ];
  assert.deepEqual(keys.filter((k) => t(k) === k), []);
});
