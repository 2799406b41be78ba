import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useTestDatabase, newTestCouncil } from '../../../../test/support/testDatabase.ts';
import { addTestStaff, signedIn } from '../../../../test/support/staffSession.ts';
import { createApp } from '../../app.ts';
import { inTransaction } from '../../../db/database.ts';
import { queueMessages, type NewMessage } from '../../../messages/queueMessages.ts';
import { shippedWording } from '../../../messages/wording.ts';
import { loadReminderSettings, DEFAULT_REMINDER_SETTINGS } from '../../../messages/reminders/settings.ts';
import { readReminderForm } from './reminderForm.ts';
import { readWordingForm, shippedOrEnglish } from './wordingForm.ts';

/** Message settings: which messages go, in whose words (checked, previewed, then used), and when reminders go. */

const db = await useTestDatabase();
const now = new Date('2025-06-02T09:00:00Z');
const app = await createApp({ db, clock: { now: () => now } });

async function councilWithAdmin() {
  const council = await newTestCouncil(db);
  const admin = await addTestStaff(db, council.id, ['complaints_administrator']);
  return { council, client: await signedIn(app, admin) };
}

const thanks = (key: string): NewMessage => ({
  contactId: null, template: 'compliment_thanks', channel: 'email', recipientName: 'Nora Noise', recipientAddress: 'nora@example.test',
  language: 'en', values: { name: 'Nora Noise', reference: 'CMP-1', council_name: 'Testshire' }, dedupeKey: key,
});
const written = async (councilId: number) => (await db.pool.query<{ subject: string; body: string }>(
  'SELECT subject, body FROM message WHERE council_id = $1 ORDER BY id', [councilId])).rows;
const audited = async (councilId: number) => (await db.pool.query<{ n: number }>(
  `SELECT count(*)::int AS n FROM audit_entry WHERE council_id = $1 AND action = 'change_settings'`, [councilId])).rows[0]!.n;
const english = shippedWording('compliment_thanks', 'en');
const welsh = shippedOrEnglish('compliment_thanks', 'cy');
const form = (over: Record<string, string> = {}) => ({ on: 'yes', 'subject-en': english.subject, 'body-en': english.body, 'subject-cy': welsh.subject, 'body-cy': welsh.body, ...over });

test('only administrators change message settings; officers and investigating officers get 403 and no link', async () => {
  const council = await newTestCouncil(db);
  for (const role of ['complaints_officer', 'investigating_officer'] as const) {
    const client = await signedIn(app, await addTestStaff(db, council.id, [role]));
    assert.doesNotMatch((await client.get('/')).body, /href="\/settings\/messages"/);
    for (const url of ['/settings/messages', '/settings/messages/acknowledgement', '/settings/reminders']) assert.equal((await client.get(url)).statusCode, 403, `${role} ${url}`);
    assert.equal((await client.post('/settings/reminders', {})).statusCode, 403);
  }
  const sysadmin = await signedIn(app, await addTestStaff(db, council.id, ['system_administrator']));
  assert.match((await sysadmin.get('/')).body, /href="\/settings\/messages"/);
  assert.equal((await sysadmin.get('/settings/reminders')).statusCode, 200);
});

test('the settings list every message by audience, on or off, with a page each; residents’ messages in English and Welsh', async () => {
  const { client } = await councilWithAdmin();
  const list = await client.get('/settings/messages');
  assert.equal(list.statusCode, 200);
  assert.match(list.body, /Messages to residents/);
  assert.match(list.body, /Complaint received/);
  assert.match(list.body, /Weekly list for a directorate/);
  assert.match(list.body, /href="\/settings\/messages\/reminder_overdue"/);
  const resident = await client.get('/settings/messages/acknowledgement');
  assert.match(resident.body, /name="subject-en"/);
  assert.match(resident.body, /name="body-cy"/);
  assert.match(resident.body, /Preview in English/);
  assert.match(resident.body, /Dear Jane Smith/, 'previewed with example values');
  const staff = await client.get('/settings/messages/allocation');
  assert.match(staff.body, /name="body-en"/);
  assert.doesNotMatch(staff.body, /name="body-cy"/);
  assert.equal((await client.get('/settings/messages/rm_rf')).statusCode, 404);
});

test('wording with an empty subject or an unknown ((placeholder)) is refused with what was typed kept', async () => {
  const { council, client } = await councilWithAdmin();
  await client.get('/settings/messages/compliment_thanks');
  const typed = 'Dear ((name)), your ((pet_name)) is lovely. &lt;b&gt;';
  const refused = await client.post('/settings/messages/compliment_thanks', form({ 'subject-en': '  ', 'body-en': typed }));
  assert.equal(refused.statusCode, 400);
  assert.match(refused.body, /govuk-error-summary/);
  assert.match(refused.body, /href="#subject-en">Enter the subject in English/);
  assert.match(refused.body, /Remove \(\(pet_name\)\) from the message in English/);
  assert.match(refused.body, /\(\(reference\)\)/, 'says which placeholders it may use');
  assert.ok(refused.body.includes('Dear ((name)), your ((pet_name)) is lovely. &amp;lt;b&amp;gt;'), 'the typed text, escaped');
  assert.equal(await audited(council.id), 0);
  const tooLong = await client.post('/settings/messages/compliment_thanks', form({ 'subject-cy': 'x'.repeat(151), on: '' }));
  assert.match(tooLong.body, /Shorten the subject in Welsh to 150 characters or fewer/);
  assert.match(tooLong.body, /Select yes if this message should be sent/);
  const brackets = readWordingForm('compliment_thanks', form({ 'body-en': 'Dear ((Name))' }));
  assert.equal(brackets.ok, false);
});

test('a saved wording is used for the next message written; "Use Redress’s wording" brings it back', async () => {
  const { council, client } = await councilWithAdmin();
  await client.get('/settings/messages/compliment_thanks');
  const body = 'Hello ((name))\n\nThanks from ((council_name)). Your reference: ((reference)).';
  const previewed = await client.post('/settings/messages/compliment_thanks', form({ 'body-en': body, action: 'preview' }));
  assert.equal(previewed.statusCode, 200);
  assert.match(previewed.body, /Thanks from Example Borough Council. Your reference: CMP-2025-00042./);
  assert.match(previewed.body, /It is not saved yet/);
  assert.deepEqual(await written(council.id), []);

  const saved = await client.post('/settings/messages/compliment_thanks', form({ 'body-en': body, action: 'save' }));
  assert.equal(saved.statusCode, 303);
  assert.equal(saved.headers.location, '/settings/messages');
  assert.equal(await audited(council.id), 1);
  const { rows } = await db.pool.query('SELECT language FROM message_wording WHERE council_id = $1 ORDER BY language', [council.id]);
  assert.deepEqual(rows.map((r) => r.language), ['en'], 'only the language changed is stored: the Welsh left as Redress wrote it is not');
  assert.match((await client.get('/settings/messages')).body, /saved/);

  await inTransaction(db, (c) => queueMessages(c, council.id, [thanks('one')], now));
  const [message] = await written(council.id);
  assert.equal(message!.body, 'Hello Nora Noise\n\nThanks from Testshire. Your reference: CMP-1.');

  await client.get('/settings/messages/compliment_thanks');
  await client.post('/settings/messages/compliment_thanks', form({ 'body-en': body, 'subject-cy': 'Diolch – ((reference))', 'body-cy': 'Helo ((name))' }));
  await inTransaction(db, (c) => queueMessages(c, council.id, [{ ...thanks('cy'), language: 'cy' }], now));
  assert.deepEqual((await written(council.id))[1], { subject: 'Diolch – CMP-1', body: 'Helo Nora Noise' }, 'the Welsh wording for a Welsh message');

  const page = await client.get('/settings/messages/compliment_thanks');
  assert.match(page.body, /Use Redress(?:'|&#39;)s wording/);
  assert.equal((await client.post('/settings/messages/compliment_thanks/reset', {})).statusCode, 303);
  await inTransaction(db, (c) => queueMessages(c, council.id, [thanks('two')], now));
  assert.equal((await written(council.id))[2]!.body, 'Dear Nora Noise\n\nThank you for taking the time to tell us about good service. We have passed your compliment to the team it is about.\n\nYour reference is CMP-1.\n\nTestshire');
});

test('a message switched off is not written at all; switched on again, it is', async () => {
  const { council, client } = await councilWithAdmin();
  await client.get('/settings/messages/compliment_thanks');
  assert.equal((await client.post('/settings/messages/compliment_thanks', form({ on: 'no' }))).statusCode, 303);
  assert.match((await client.get('/settings/messages')).body, /switched off/);
  assert.equal((await inTransaction(db, (c) => queueMessages(c, council.id, [thanks('off')], now))).ids.length, 0);
  assert.deepEqual(await written(council.id), []);
  const { rows } = await db.pool.query('SELECT count(*)::int AS n FROM message_wording WHERE council_id = $1 AND language = $2', [council.id, 'en']);
  assert.equal(rows[0].n, 0, 'Redress’s own words are not stored as the council’s');

  await client.get('/settings/messages/compliment_thanks');
  await client.post('/settings/messages/compliment_thanks', form({ on: 'yes' }));
  assert.equal((await inTransaction(db, (c) => queueMessages(c, council.id, [thanks('on')], now))).ids.length, 1);
});

test('reminder settings: the defaults shown, mistakes refused with the typed values kept, then saved', async () => {
  const { council, client } = await councilWithAdmin();
  const page = await client.get('/settings/reminders');
  assert.match(page.body, /value="5, 1"/);
  assert.match(page.body, /value="09:00"/);
  assert.match(page.body, /value="1" checked/);

  const refused = await client.post('/settings/reminders', {
    daysBefore: '5, x', overdueRepeatEvery: '0', managerAfter: '5', overdueStopAfter: '300', escalationWaitDays: '2', workingFrom: '25:00', workingTo: '08:00', digestWeekday: '6',
  });
  assert.equal(refused.statusCode, 400);
  assert.match(refused.body, /govuk-error-summary/);
  assert.match(refused.body, /href="#daysBefore"/);
  assert.match(refused.body, /href="#overdueRepeatEvery"/);
  assert.match(refused.body, /href="#overdueStopAfter">Enter when to stop reminding as a whole number of working days from 1 to 250</);
  assert.match(refused.body, /value="300"/);
  assert.match(refused.body, /href="#workingFrom"/);
  assert.match(refused.body, /href="#digestWeekday"/);
  assert.match(refused.body, /value="5, x"/);
  assert.match(refused.body, /value="25:00"/);
  assert.deepEqual(await loadReminderSettings(db.pool, council.id), DEFAULT_REMINDER_SETTINGS);

  const saved = await client.post('/settings/reminders', {
    daysBefore: '1 3,10', overdueRepeatEvery: '3', managerAfter: '10', overdueStopAfter: '120', escalationWaitDays: '4', workingFrom: '8:30', workingTo: '18:00', digestWeekday: '5',
  });
  assert.equal(saved.statusCode, 303);
  assert.deepEqual(await loadReminderSettings(db.pool, council.id), {
    daysBefore: [10, 3, 1], overdueRepeatEvery: 3, managerAfter: 10, overdueStopAfter: 120, escalationWaitDays: 4, workingHours: { from: '08:30', to: '18:00' }, digestWeekday: 5,
  });
  assert.equal(await audited(council.id), 1);
  const shown = (await client.get('/settings/reminders')).body;
  assert.match(shown, /value="10, 3, 1"/);
  assert.match(shown, /name="overdueStopAfter" type="text" spellcheck="false" value="120"/);
});

test('the reminders stop after 60 working days overdue unless the council says otherwise; settings saved before that existed show 60', async () => {
  const { council, client } = await councilWithAdmin();
  assert.match((await client.get('/settings/reminders')).body, /name="overdueStopAfter" type="text" spellcheck="false" value="60"/);
  await db.pool.query('UPDATE council SET reminder_settings = $2 WHERE id = $1', [council.id, JSON.stringify({
    daysBefore: [10], overdueRepeatEvery: 3, managerAfter: 10, escalationWaitDays: 4, workingHours: { from: '08:30', to: '18:00' }, digestWeekday: 5,
  })]);
  const page = (await client.get('/settings/reminders')).body;
  assert.match(page, /value="10"/);
  assert.match(page, /name="overdueStopAfter" type="text" spellcheck="false" value="60"/);
  assert.equal((await loadReminderSettings(db.pool, council.id)).overdueStopAfter, 60);
});

test('the reminder form: no days before is allowed; working hours must end after they start; at most five days; reminders stop no sooner than the manager is told, after 1 to 250 working days', () => {
  const base = { overdueRepeatEvery: '5', managerAfter: '5', overdueStopAfter: '60', escalationWaitDays: '2', workingFrom: '09:00', workingTo: '17:00', digestWeekday: '1' };
  const none = readReminderForm({ ...base, daysBefore: '' });
  assert.ok(none.ok && none.data.daysBefore.length === 0);
  const backwards = readReminderForm({ ...base, daysBefore: '5', workingFrom: '17:00', workingTo: '09:00' });
  assert.ok(!backwards.ok && /after the start/.test(backwards.form.errors.workingTo!));
  const many = readReminderForm({ ...base, daysBefore: '1,2,3,4,5,6' });
  assert.ok(!many.ok && /at most 5/.test(many.form.errors.daysBefore!));
  const early = readReminderForm({ ...base, managerAfter: '20', overdueStopAfter: '10' });
  assert.ok(!early.ok);
  assert.equal(early.form.errors.overdueStopAfter, 'Enter at least 20 working days, so that reminders do not stop before the manager is told');
  for (const bad of ['0', '251', '', 'sixty', '6.5']) assert.ok(!readReminderForm({ ...base, overdueStopAfter: bad }).ok, bad);
  const most = readReminderForm({ ...base, overdueStopAfter: '250' });
  assert.ok(most.ok && most.data.overdueStopAfter === 250);
});
