import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useTestDatabase, newTestCouncil } from '../../../../test/support/testDatabase.ts';
import { addTestStaff, signedIn } from '../../../../test/support/staffSession.ts';
import { createApp } from '../../app.ts';
import { logContact } from '../../../contacts/logContact.ts';
import { actOnComplaint } from '../../../complaints/complaintActions.ts';
import { systemActor } from '../../../events/actor.ts';

/** The home page: each person's work queues, with each deadline's standing in words. */

const TODAY = '2025-06-02';
const db = await useTestDatabase();
const council = await newTestCouncil(db);
const app = await createApp({ db, clock: { now: () => new Date(`${TODAY}T09:00:00Z`) } });
const actor = systemActor('test');
const io = await addTestStaff(db, council.id, ['investigating_officer'], { name: 'Ivy Investigator' });
const officer = await addTestStaff(db, council.id, ['complaints_officer']);
const viewer = await addTestStaff(db, council.id, ['report_viewer']);

const log = async (receivedOn: string, summary: string) =>
  (await logContact(db, council.id, { kind: 'complaint', channel: 'email', receivedOn, summary, complainant: { fullName: 'A Resident' } }, actor, TODAY)).reference;
const open = async (reference: string, on: string, staffMemberId?: number) => {
  await actOnComplaint(db, council.id, reference, { type: 'triage', on, route: 'formal' }, actor, TODAY);
  await actOnComplaint(db, council.id, reference, { type: 'open_stage', on }, actor, TODAY);
  if (staffMemberId) await actOnComplaint(db, council.id, reference, { type: 'allocate', on, staffMemberId }, actor, TODAY);
};
const untriaged = await log('2025-05-30', 'Street light out');
const overdue = await log('2025-04-01', 'Missed bin collections');
await open(overdue, '2025-04-01', io.staffMemberId);
const current = await log('2025-05-28', 'Rude call handler');
await open(current, '2025-05-28', io.staffMemberId);

test('a complaints officer sees what awaits triage, what is overdue and due soon, each with its standing', async () => {
  const page = await (await signedIn(app, officer)).get('/');
  assert.equal(page.statusCode, 200);
  const section = (id: string) => /<section[^>]*aria-labelledby="queue-(\w+)"/.test(page.body) ? page.body.split(`id="queue-${id}"`)[1]!.split('</section>')[0]! : '';
  assert.match(section('awaitingTriage'), new RegExp(untriaged));
  assert.match(section('overdue'), new RegExp(overdue));
  assert.match(section('overdue'), /Overdue/);
  assert.match(section('overdue'), /working days overdue/);
  assert.doesNotMatch(section('overdue'), new RegExp(current));
});

test('an investigating officer sees their own cases, and no triage queue', async () => {
  const page = await (await signedIn(app, io)).get('/');
  assert.match(page.body, /My cases/);
  const mine = page.body.split('id="queue-myCases"')[1]!.split('</section>')[0]!;
  assert.match(mine, new RegExp(overdue));
  assert.match(mine, new RegExp(current));
  assert.match(mine, /working days left/);
  assert.doesNotMatch(page.body, /Awaiting triage/);
});

test('a report viewer is pointed to the figures and sees no case', async () => {
  const page = await (await signedIn(app, viewer)).get('/');
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /annual report/);
  assert.doesNotMatch(page.body, new RegExp(overdue));
});
