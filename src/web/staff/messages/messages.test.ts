import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useTestDatabase, newTestCouncil } from '../../../../test/support/testDatabase.ts';
import { addTestStaff, signedIn } from '../../../../test/support/staffSession.ts';
import { createApp } from '../../app.ts';
import { inTransaction } from '../../../db/database.ts';
import { logContact } from '../../../contacts/logContact.ts';
import { systemActor } from '../../../events/actor.ts';
import { queueMessages, type NewMessage } from '../../../messages/queueMessages.ts';
import { JOB_SCHEMA, DELIVERY_QUEUE } from '../../../messages/jobQueue.ts';
import { bodyBlocks, addressLines } from './bodyBlocks.ts';

/** The messages page (the outbox on the embedded start): the council's messages, one message, trying again, letters posted. */

const db = await useTestDatabase();
const council = await newTestCouncil(db);
const now = new Date('2025-06-02T09:00:00Z');
const app = await createApp({ db, clock: { now: () => now } });
const admin = await addTestStaff(db, council.id, ['complaints_administrator']);
const officer = await addTestStaff(db, council.id, ['complaints_officer'], { name: 'Otto Officer' });
const investigator = await addTestStaff(db, council.id, ['investigating_officer']);
const sysadmin = await addTestStaff(db, council.id, ['system_administrator']);
const { reference, id: contactId } = await logContact(db, council.id, { kind: 'complaint', channel: 'email', receivedOn: '2025-05-20', summary: 'Bins', complainant: { fullName: 'Nora Noise' } }, systemActor('test'), '2025-06-02');

const digest = (to: string, key: string): NewMessage => ({
  contactId: null, template: 'digest_officer', channel: 'email', recipientName: 'Ann Officer', recipientAddress: to, language: 'en',
  values: { name: 'Ann Officer', count: '2', items: '* HBC-1 due 3 December\n* HBC-2 due 4 December', link: 'http://localhost:3000/' }, dedupeKey: key,
});
const letter = (largePrint: boolean): NewMessage => ({
  contactId, template: 'compliment_thanks', channel: 'letter', recipientName: 'Nora Noise', recipientAddress: '1 High Street, Townton, AB1 2CD',
  language: 'en', largePrint, values: { name: 'Nora Noise', reference, council_name: council.name },
});
const queued = await inTransaction(db, (c) => queueMessages(c, council.id, [digest('ann@example.test', 'a'), digest('bob@example.test', 'b'), letter(true)], now));
const [sentId, failedId, letterId] = queued.ids as [number, number, number];
await db.pool.query(`UPDATE message SET status = 'sent', attempts = 1, provider = 'outbox', sent_at = $3 WHERE council_id = $1 AND id = $2`, [council.id, sentId, now]);
await db.pool.query(`UPDATE message SET status = 'failed', attempts = 7, last_error = '550 Mailbox unavailable' WHERE council_id = $1 AND id = $2`, [council.id, failedId]);

const jobsFor = async (id: number) => (await db.pool.query<{ n: number }>(
  `SELECT count(*)::int AS n FROM ${JOB_SCHEMA}.job WHERE name = $1 AND (data->>'messageId')::bigint = $2 AND (data->>'councilId')::bigint = $3`, [DELIVERY_QUEUE, id, council.id])).rows[0]!.n;
const statusOf = async (id: number) => (await db.pool.query<{ status: string }>('SELECT status FROM message WHERE council_id = $1 AND id = $2', [council.id, id])).rows[0]!.status;
const audited = async (action: string) => (await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_entry WHERE council_id = $1 AND action = $2', [council.id, action])).rows[0]!.n;

test('the complaints team sees the messages; an investigating officer and a system administrator do not, and have no link to them', async () => {
  const otto = await signedIn(app, officer);
  const home = await otto.get('/');
  assert.match(home.body, /href="\/messages"/);
  assert.doesNotMatch(home.body, /href="\/settings\/messages"/, 'an officer does not change the settings');
  const ivan = await signedIn(app, investigator);
  assert.doesNotMatch((await ivan.get('/')).body, /href="\/messages"/);
  assert.equal((await ivan.get('/messages')).statusCode, 403);
  assert.equal((await ivan.get(`/messages/${failedId}`)).statusCode, 403);
  assert.equal((await ivan.post(`/messages/${failedId}/retry`, {})).statusCode, 403);
  const sam = await signedIn(app, sysadmin);
  assert.equal((await sam.get('/messages')).statusCode, 403);
});

test('the outbox lists every message newest first, with status, recipient, case and the failure; filtered by status with counts', async () => {
  const client = await signedIn(app, officer);
  const page = await client.get('/messages');
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /<h1 class="govuk-heading-l">Outbox<\/h1>/);
  assert.match(page.body, /No email channel is set up/);
  assert.match(page.body, /All \(3\)/);
  assert.match(page.body, /Failed \(1\)/);
  assert.match(page.body, /To post \(1\)/);
  assert.match(page.body, /550 Mailbox unavailable/);
  assert.match(page.body, new RegExp(`href="/cases/${reference}"`));
  assert.match(page.body, /Weekly list for an officer/);
  const order = [letterId, failedId, sentId].map((id) => page.body.indexOf(`href="/messages/${id}"`));
  assert.ok(order.every((at, i) => at > 0 && (i === 0 || at > order[i - 1]!)), 'newest first');

  const failed = await client.get('/messages?status=failed');
  assert.match(failed.body, new RegExp(`href="/messages/${failedId}"`));
  assert.doesNotMatch(failed.body, new RegExp(`href="/messages/${sentId}"`));
  assert.match(failed.body, /aria-current="page" href="\/messages\?status=failed"/);
  assert.equal(await audited('view_messages') > 0, true);

  for (const junk of ['status=lost', 'before=abc', 'before=1;DROP', 'name=Nora']) assert.equal((await client.get(`/messages?${junk}`)).statusCode, 400, junk);
});

test('a page holds 50 messages; older ones follow a page at a time', async () => {
  const busy = await newTestCouncil(db);
  const teamMember = await addTestStaff(db, busy.id, ['complaints_officer']);
  const many = Array.from({ length: 55 }, (_, i) => digest(`p${i}@example.test`, `k${i}`));
  const ids = (await inTransaction(db, (c) => queueMessages(c, busy.id, many, now))).ids.sort((a, b) => b - a);
  const client = await signedIn(app, teamMember);
  const first = await client.get('/messages?status=queued');
  const shown = (html: string) => [...html.matchAll(/href="\/messages\/(\d+)"/g)].map((m) => Number(m[1]));
  assert.deepEqual(shown(first.body), ids.slice(0, 50));
  const older = /href="(\/messages\?status=queued&(?:amp;)?before=\d+)"/.exec(first.body)?.[1]?.replace('&amp;', '&');
  assert.ok(older, 'a link to older messages');
  const second = await client.get(older);
  assert.deepEqual(shown(second.body), ids.slice(50));
  assert.doesNotMatch(second.body, /Older messages/);
  assert.match(second.body, /Newest messages/);
});

test('a failed email is tried again by hand: queued again with a new delivery job, audited; a second try is refused', async () => {
  const client = await signedIn(app, officer);
  const page = await client.get(`/messages/${failedId}`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Your complaints this week: 2 open/);
  assert.match(page.body, /<li>HBC-2 due 4 December<\/li>/, 'the body with its list');
  assert.match(page.body, /bob@example.test/);
  assert.match(page.body, /Try again/);
  assert.doesNotMatch(page.body, /Mark as posted/);
  const jobsBefore = await jobsFor(failedId);
  const retried = await client.post(`/messages/${failedId}/retry`, {});
  assert.equal(retried.statusCode, 303);
  assert.equal(retried.headers.location, `/messages/${failedId}`);
  assert.equal(await statusOf(failedId), 'queued');
  assert.equal(await jobsFor(failedId), jobsBefore + 1);
  assert.equal(await audited('retry_message'), 1);
  const after = await client.get(`/messages/${failedId}`);
  assert.match(after.body, /queued to be sent again/);
  assert.doesNotMatch(after.body, /Try again/);
  const again = await client.post(`/messages/${failedId}/retry`, {});
  assert.equal(again.statusCode, 409);
  assert.match(again.body, /govuk-error-summary/);
  assert.equal(await jobsFor(failedId), jobsBefore + 1, 'no second job');
  assert.equal((await client.post(`/messages/${sentId}/retry`, {}, { csrf: 'forged' })).statusCode, 403, 'CSRF checked');
  assert.equal((await client.get('/messages/999999999')).statusCode, 404);
  assert.equal((await client.get('/messages/abc')).statusCode, 404);
});

test('a letter is printed (the council, the address block, large print) and marked as posted once', async () => {
  const client = await signedIn(app, admin);
  const page = await client.get(`/messages/${letterId}`);
  assert.match(page.body, /Mark as posted/);
  assert.match(page.body, new RegExp(`href="/messages/${letterId}/letter"`));
  const printable = await client.get(`/messages/${letterId}/letter`);
  assert.equal(printable.statusCode, 200);
  assert.match(printable.body, new RegExp(council.name));
  assert.match(printable.body, /Nora Noise<br>1 High Street<br>Townton<br>AB1 2CD/);
  assert.match(printable.body, /app-letter--large-print/);
  assert.match(printable.body, /font-size: 24pt/);
  assert.match(printable.body, /@media print/);
  assert.match(printable.body, /<style nonce="[^"]+">/, 'the print stylesheet carries the page nonce');
  assert.equal((await client.get(`/messages/${failedId}/letter`)).statusCode, 404, 'an email is not a letter');

  const posted = await client.post(`/messages/${letterId}/posted`, {});
  assert.equal(posted.statusCode, 303);
  assert.equal(await statusOf(letterId), 'posted');
  const { rows } = await db.pool.query('SELECT sent_at FROM message WHERE council_id = $1 AND id = $2', [council.id, letterId]);
  assert.equal(new Date(rows[0].sent_at).toISOString(), now.toISOString());
  assert.equal(await audited('post_letter'), 1);
  assert.equal((await client.post(`/messages/${letterId}/posted`, {})).statusCode, 409);
});

test('with an email channel the page is "Messages" and names the channel', async () => {
  const smtpApp = await createApp({ db, clock: { now: () => now }, messageChannelName: 'smtp' });
  const client = await signedIn(smtpApp, officer);
  const page = await client.get('/messages');
  assert.match(page.body, /<h1 class="govuk-heading-l">Messages<\/h1>/);
  assert.match(page.body, /Emails are sent by the council(?:'|&#39;)s email server \(SMTP\)/);
  await smtpApp.close();
});

test('a body is paragraphs and bullet lists; an address on one line is split at its commas', () => {
  assert.deepEqual(bodyBlocks('Dear Ann\n\nOne\nTwo\n\n* a\n* b\n'), [
    { kind: 'paragraph', lines: ['Dear Ann'] }, { kind: 'paragraph', lines: ['One', 'Two'] }, { kind: 'list', items: ['a', 'b'] },
  ]);
  assert.deepEqual(addressLines('1 High St, Town'), ['1 High St', 'Town']);
  assert.deepEqual(addressLines('Flat 2, 1 High St\nTown\n'), ['Flat 2, 1 High St', 'Town']);
});

test('a message about a restricted case is shown only to staff who may see restricted cases', async () => {
  const hidden = await logContact(db, council.id, { kind: 'complaint', channel: 'email', receivedOn: '2025-05-21', summary: 'Staff matter', complainant: { fullName: 'Rhian Restricted' } }, systemActor('test'), '2025-06-02');
  await db.pool.query('UPDATE contact SET restricted = true WHERE council_id = $1 AND id = $2', [council.id, hidden.id]);
  const [id] = (await inTransaction(db, (c) => queueMessages(c, council.id, [{
    contactId: hidden.id, template: 'compliment_thanks', channel: 'letter', recipientName: 'Rhian Restricted', recipientAddress: '2 Low Road',
    language: 'en', values: { name: 'Rhian Restricted', reference: hidden.reference, council_name: council.name },
  }], now))).ids as [number];
  const otto = await signedIn(app, officer);
  const list = await otto.get('/messages');
  assert.doesNotMatch(list.body, /Rhian Restricted/);
  assert.doesNotMatch(list.body, new RegExp(`href="/messages/${id}"`));
  assert.equal((await otto.get(`/messages/${id}`)).statusCode, 404);
  assert.equal((await otto.get(`/messages/${id}/letter`)).statusCode, 404);
  const trusted = await addTestStaff(db, council.id, ['complaints_administrator'], { maySeeRestricted: true });
  const page = await (await signedIn(app, trusted)).get('/messages');
  assert.match(page.body, new RegExp(`href="/messages/${id}"`));
});
