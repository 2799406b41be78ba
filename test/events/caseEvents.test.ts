import { test } from 'node:test';
import assert from 'node:assert/strict';
import { logContact } from '../../src/contacts/logContact.ts';
import { actOnComplaint } from '../../src/complaints/complaintActions.ts';
import { staffActor, systemActor } from '../../src/events/actor.ts';
import { CASE_EVENT_TYPES, writeCaseEvent, writeCaseEvents, type CaseEventType } from '../../src/events/caseEvents.ts';
import { caseTimeline } from '../../src/events/caseTimeline.ts';
import { caseVersion } from '../../src/events/concurrency.ts';
import type { Queryable } from '../../src/db/database.ts';
import { engineName, newTestCouncil, useTestDatabase } from '../support/testDatabase.ts';

const db = await useTestDatabase();
const TEST = systemActor('test');

async function newContact(councilId: number, receivedOn = '2024-05-01') {
  return logContact(db, councilId, { kind: 'complaint', channel: 'email', receivedOn, summary: 'Bins not collected' }, TEST, '2024-12-31');
}

test('actors: a member of staff on the web, and the system on the command line', () => {
  assert.deepEqual(staffActor({ accountId: 7, name: 'Priya Shah', ip: '203.0.113.7', requestId: 'req-1' }),
    { accountId: 7, name: 'Priya Shah', origin: 'web 203.0.113.7', requestId: 'req-1' });
  assert.deepEqual(systemActor('redress import'), { accountId: null, name: 'redress import', origin: 'command line' });
  assert.deepEqual(systemActor('demo data', 'demo seed'), { accountId: null, name: 'demo data', origin: 'demo seed' });
  assert.throws(() => systemActor(' '), /needs a name/);
});

test(`every event says who and from where, and moves the case's version on (${engineName()})`, async () => {
  const council = await newTestCouncil(db);
  const { id } = await newContact(council.id);
  assert.equal(await caseVersion(db.pool, council.id, id), 1, 'logging the contact is its first event');
  const officer = staffActor({ accountId: 42, name: 'Sam Jones', ip: '198.51.100.4' });
  const written = await writeCaseEvent(db.pool, { councilId: council.id, contactId: id, type: 'note_added', on: '2024-05-02', data: { note: 1 } }, officer);
  assert.equal(written.version, 2);
  assert.equal(await caseVersion(db.pool, council.id, id), 2);
  const { rows } = await db.pool.query('SELECT type, stage, occurred_on, actor, actor_account_id, origin, data FROM case_event WHERE council_id = $1 AND id = $2', [
    council.id, written.id,
  ]);
  assert.deepEqual(rows[0], {
    type: 'note_added', stage: null, occurred_on: '2024-05-02', actor: 'Sam Jones', actor_account_id: 42, origin: 'web 198.51.100.4', data: { note: 1 },
  });
});

test('an event of a kind not in the list, or on a case that does not exist, is refused and nothing is written', async () => {
  const council = await newTestCouncil(db);
  const { id } = await newContact(council.id);
  await assert.rejects(
    writeCaseEvent(db.pool, { councilId: council.id, contactId: id, type: 'made_up' as CaseEventType, on: '2024-05-02' }, TEST),
    /not a kind of case event/,
  );
  await assert.rejects(writeCaseEvent(db.pool, { councilId: council.id, contactId: id + 1_000_000, type: 'note_added', on: '2024-05-02' }, TEST), /no case/);
  const other = await newTestCouncil(db);
  await assert.rejects(writeCaseEvent(db.pool, { councilId: other.id, contactId: id, type: 'note_added', on: '2024-05-02' }, TEST), /no case/,
    'another council’s case is not there');
  assert.equal(await caseVersion(db.pool, council.id, id), 1);
});

test('the staff app’s kinds of event are in the list', () => {
  for (const type of ['note_added', 'document_added', 'restricted', 'unrestricted', 'merged', 'ombudsman_linked', 'contact_updated', 'remedy_done',
    'learning_action_done', 'logged', 'linked', 'remedy_agreed', 'learning_action_agreed', 'elements_recorded', 'deadline_recomputed',
    'ombudsman_case_recorded', 'imported', 'updated_by_import', 'triaged', 'responded', 'reopened']) {
    assert.ok((CASE_EVENT_TYPES as readonly string[]).includes(type), type);
  }
  assert.equal(new Set(CASE_EVENT_TYPES).size, CASE_EVENT_TYPES.length);
});

test(`many events in one statement: each case's version moves on by its number of events (${engineName()})`, async () => {
  const council = await newTestCouncil(db);
  const a = await newContact(council.id);
  const b = await newContact(council.id);
  let statements = 0;
  const counting = { query: (text: string, values: unknown[]) => (statements++, db.pool.query(text, values)) } as unknown as Queryable;
  const importer = systemActor('redress import');
  const written = await writeCaseEvents(counting, [
    { councilId: council.id, contactId: a.id, type: 'updated_by_import', on: '2024-11-01', data: { source: 'x' } },
    { councilId: council.id, contactId: b.id, type: 'updated_by_import', on: '2024-11-01', data: { source: 'x' } },
    { councilId: council.id, contactId: a.id, stage: 1, type: 'note_added', on: '2024-11-02' },
  ], importer);
  assert.equal(written, 3);
  assert.equal(statements, 1);
  assert.equal(await caseVersion(db.pool, council.id, a.id), 3);
  assert.equal(await caseVersion(db.pool, council.id, b.id), 2);
  const { events } = await caseTimeline(db.pool, council.id, a.id, { limit: 10 });
  assert.deepEqual(events.map((e) => [e.type, e.stage, e.on, e.actor, e.origin, e.accountId]), [
    ['note_added', 1, '2024-11-02', 'redress import', 'command line', null],
    ['updated_by_import', null, '2024-11-01', 'redress import', 'command line', null],
    ['logged', null, '2024-05-01', 'test', 'command line', null],
  ]);
  assert.equal(await writeCaseEvents(db.pool, [], importer), 0);
  await assert.rejects(writeCaseEvents(db.pool, [{ councilId: council.id, contactId: a.id + 1_000_000, type: 'note_added', on: '2024-11-02' }], importer));
  assert.equal(await caseVersion(db.pool, council.id, a.id), 3);
});

test(`a case's timeline: newest first, a page at a time, with who, from where and what (${engineName()})`, async () => {
  const council = await newTestCouncil(db);
  const { id, reference } = await newContact(council.id, '2024-05-01');
  const officer = staffActor({ accountId: 9, name: 'Alex Brown', ip: '192.0.2.1' });
  await actOnComplaint(db, council.id, reference, { type: 'triage', on: '2024-05-02', route: 'formal' }, officer, '2024-12-31');
  await actOnComplaint(db, council.id, reference, { type: 'open_stage', on: '2024-05-02' }, officer, '2024-12-31');
  await actOnComplaint(db, council.id, reference, { type: 'acknowledge', on: '2024-05-03' }, officer, '2024-12-31');
  const first = await caseTimeline(db.pool, council.id, id, { limit: 3 });
  assert.deepEqual(first.events.map((e) => e.type), ['acknowledged', 'stage_opened', 'triaged']);
  assert.equal(first.events[0]!.actor, 'Alex Brown');
  assert.equal(first.events[0]!.origin, 'web 192.0.2.1');
  assert.equal(first.events[0]!.accountId, 9);
  assert.equal(first.events[0]!.stage, 1);
  assert.equal(first.events[0]!.on, '2024-05-03');
  assert.ok(first.events[0]!.recordedAt instanceof Date);
  assert.equal(first.events[2]!.data.route, 'formal');
  assert.equal(first.nextBefore, first.events[2]!.id);
  const second = await caseTimeline(db.pool, council.id, id, { before: first.nextBefore!, limit: 3 });
  assert.deepEqual(second.events.map((e) => e.type), ['logged']);
  assert.equal(second.nextBefore, null);
  const other = await newTestCouncil(db);
  assert.deepEqual((await caseTimeline(db.pool, other.id, id, { limit: 10 })).events, [], 'another council sees nothing of it');
});
