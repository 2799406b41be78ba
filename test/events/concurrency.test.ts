import { test } from 'node:test';
import assert from 'node:assert/strict';
import { logContact } from '../../src/contacts/logContact.ts';
import { linkContacts } from '../../src/contacts/linkContacts.ts';
import { actOnComplaint } from '../../src/complaints/complaintActions.ts';
import { recordElements } from '../../src/complaints/elements.ts';
import { addLearningAction, addRemedy } from '../../src/complaints/remedies.ts';
import { staffActor, systemActor } from '../../src/events/actor.ts';
import { assertVersion, caseVersion, ConcurrentChangeError } from '../../src/events/concurrency.ts';
import { inTransaction } from '../../src/db/database.ts';
import { engineName, newTestCouncil, useTestDatabase } from '../support/testDatabase.ts';

const db = await useTestDatabase();
const TEST = systemActor('test');
const ALEX = staffActor({ accountId: 1, name: 'Alex', ip: '192.0.2.1' });
const SAM = staffActor({ accountId: 2, name: 'Sam', ip: '192.0.2.2' });
const TODAY = '2024-12-31';

async function openComplaint(councilId: number) {
  const { id, reference } = await logContact(db, councilId, { kind: 'complaint', channel: 'email', receivedOn: '2024-05-01', summary: 'Noise' }, TEST, TODAY);
  await actOnComplaint(db, councilId, reference, { type: 'triage', on: '2024-05-01', route: 'formal' }, TEST, TODAY);
  await actOnComplaint(db, councilId, reference, { type: 'open_stage', on: '2024-05-01' }, TEST, TODAY);
  return { id, reference };
}

async function written(councilId: number, contactId: number) {
  const events = await db.pool.query('SELECT count(*)::int AS n FROM case_event WHERE council_id = $1 AND contact_id = $2', [councilId, contactId]);
  const remedies = await db.pool.query('SELECT count(*)::int AS n FROM remedy WHERE council_id = $1 AND contact_id = $2', [councilId, contactId]);
  const actions = await db.pool.query('SELECT count(*)::int AS n FROM learning_action WHERE council_id = $1 AND contact_id = $2', [councilId, contactId]);
  const status = await db.pool.query('SELECT status FROM complaint WHERE council_id = $1 AND contact_id = $2', [councilId, contactId]);
  return { events: events.rows[0].n, remedies: remedies.rows[0].n, actions: actions.rows[0].n, status: status.rows[0]?.status, version: await caseVersion(db.pool, councilId, contactId) };
}

test(`two officers act on the same version of a case: the second is refused and writes nothing (${engineName()})`, async () => {
  const council = await newTestCouncil(db);
  const { id, reference } = await openComplaint(council.id);
  const seen = (await caseVersion(db.pool, council.id, id))!;
  assert.equal(seen, 3, 'logged, triaged, stage opened');
  const first = await actOnComplaint(db, council.id, reference, { type: 'acknowledge', on: '2024-05-02' }, ALEX, TODAY, { expectedVersion: seen });
  assert.equal(first.version, seen + 1);
  const before = await written(council.id, id);
  const refused = await actOnComplaint(db, council.id, reference, { type: 'withdraw', on: '2024-05-03' }, SAM, TODAY, { expectedVersion: seen })
    .then(() => null, (e: unknown) => e);
  assert.ok(refused instanceof ConcurrentChangeError);
  assert.equal(refused.message, 'Someone else changed this case while you were working on it. Check what they did, then make your change again.');
  assert.deepEqual(await written(council.id, id), before);
  assert.equal(before.status, 'stage_open');
  // With the version they now see, the change goes through.
  await actOnComplaint(db, council.id, reference, { type: 'withdraw', on: '2024-05-03' }, SAM, TODAY, { expectedVersion: first.version });
  assert.equal((await written(council.id, id)).status, 'withdrawn');
});

test(`two officers at the same moment: exactly one of them changes the case (${engineName()})`, async () => {
  const council = await newTestCouncil(db);
  const { id, reference } = await openComplaint(council.id);
  const seen = (await caseVersion(db.pool, council.id, id))!;
  const results = await Promise.allSettled([
    actOnComplaint(db, council.id, reference, { type: 'acknowledge', on: '2024-05-02' }, ALEX, TODAY, { expectedVersion: seen }),
    addRemedy(db.pool, council.id, reference, { kind: 'apology' }, SAM, '2024-05-02', { expectedVersion: seen }),
  ]);
  assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
  const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
  assert.ok(rejected.reason instanceof ConcurrentChangeError, String(rejected.reason));
  assert.equal((await written(council.id, id)).version, seen + 1);
});

test(`remedies, learning actions, findings and links are refused on a stale version too (${engineName()})`, async () => {
  const council = await newTestCouncil(db);
  const { id, reference } = await openComplaint(council.id);
  const seen = (await caseVersion(db.pool, council.id, id))!;
  await addRemedy(db.pool, council.id, reference, { kind: 'apology' }, ALEX, '2024-05-02', { expectedVersion: seen });
  const before = await written(council.id, id);
  assert.deepEqual([before.remedies, before.version], [1, seen + 1]);
  const stale = { expectedVersion: seen };
  await assert.rejects(addRemedy(db.pool, council.id, reference, { kind: 'apology' }, SAM, '2024-05-02', stale), ConcurrentChangeError);
  await assert.rejects(addLearningAction(db.pool, council.id, reference, { description: 'Train staff', owner: 'Head of Service' }, SAM, '2024-05-02', stale),
    ConcurrentChangeError);
  await assert.rejects(recordElements(db, council.id, reference, 1, [{ summary: 'Noise at night', outcome: null }], SAM, '2024-05-02', stale), ConcurrentChangeError);
  const other = await logContact(db, council.id, { kind: 'complaint', channel: 'email', receivedOn: '2024-05-01', summary: 'Noise again' }, TEST, TODAY);
  await assert.rejects(linkContacts(db, council.id, reference, other.reference, 'linked', SAM, '2024-05-02', stale), ConcurrentChangeError);
  assert.deepEqual(await written(council.id, id), before, 'nothing was written');
  assert.equal((await db.pool.query('SELECT count(*)::int AS n FROM contact_link WHERE council_id = $1', [council.id])).rows[0].n, 0);
  // Without a version (the command line, an import) the change is made as before.
  await addLearningAction(db.pool, council.id, reference, { description: 'Train staff', owner: 'Head of Service' }, TEST, '2024-05-02');
  await linkContacts(db, council.id, reference, other.reference, 'linked', TEST, '2024-05-02', { expectedVersion: seen + 2 });
  assert.equal((await written(council.id, id)).version, seen + 3);
});

test(`assertVersion holds the case until the transaction ends (${engineName()})`, async () => {
  const council = await newTestCouncil(db);
  const { id } = await openComplaint(council.id);
  await inTransaction(db, async (client) => {
    assert.equal(await assertVersion(client, council.id, id, 3), 3);
    assert.equal(await assertVersion(client, council.id, id, undefined), 3);
    await assert.rejects(assertVersion(client, council.id, id, 2), (e: unknown) => e instanceof ConcurrentChangeError && e.expected === 2 && e.actual === 3);
  }).catch((e: unknown) => assert.fail(String(e)));
  await assert.rejects(inTransaction(db, (client) => assertVersion(client, council.id, id + 1_000_000, undefined)), /no such case/);
});
