import { test } from 'node:test';
import assert from 'node:assert/strict';
import { actOnComplaint, ActionRefusedError } from '../../src/complaints/complaintActions.ts';
import { recordElements } from '../../src/complaints/elements.ts';
import { addLearningAction, addRemedy } from '../../src/complaints/remedies.ts';
import { logContact } from '../../src/contacts/logContact.ts';
import { linkContacts } from '../../src/contacts/linkContacts.ts';
import { contactCounts } from '../../src/contacts/contactQueries.ts';
import { newTestCouncil, useTestDatabase } from '../support/testDatabase.ts';
import { systemActor } from '../../src/events/actor.ts';

const db = await useTestDatabase();

async function openComplaint(councilId: number, receivedOn = '2024-05-01') {
  const { reference } = await logContact(db, councilId, { kind: 'complaint', channel: 'letter', receivedOn, summary: 'Care charges' }, systemActor('officer'), '2024-12-31');
  await actOnComplaint(db, councilId, reference, { type: 'triage', on: receivedOn, route: 'formal' }, systemActor('officer'), '2024-12-31');
  await actOnComplaint(db, councilId, reference, { type: 'open_stage', on: receivedOn }, systemActor('officer'), '2024-12-31');
  return reference;
}

const eventTypes = async (councilId: number, reference: string) =>
  (await db.pool.query<{ type: string }>(
    `SELECT e.type FROM case_event e JOIN contact c ON c.council_id = e.council_id AND c.id = e.contact_id
      WHERE c.council_id = $1 AND c.reference = $2 ORDER BY e.id`, [councilId, reference])).rows.map((r) => r.type);

test('the stage outcome follows the findings on its elements: some upheld is partially upheld', async () => {
  const council = await newTestCouncil(db);
  const reference = await openComplaint(council.id);
  await assert.rejects(
    actOnComplaint(db, council.id, reference, { type: 'respond', on: '2024-05-10' }, systemActor('officer'), '2024-12-31'),
    /Record the outcome, or a finding on every element/,
  );
  await recordElements(db, council.id, reference, 1, [
    { summary: 'Invoice sent late', outcome: 'upheld' },
    { summary: 'Charge wrongly calculated', outcome: 'not_upheld' },
    { summary: 'Rude phone call', outcome: 'withdrawn' },
  ], systemActor('officer'), '2024-05-09');
  const { state } = await actOnComplaint(db, council.id, reference, { type: 'respond', on: '2024-05-10' }, systemActor('officer'), '2024-12-31');
  assert.equal(state.stages[0]!.outcome, 'partially_upheld');
  await assert.rejects(
    recordElements(db, council.id, reference, 1, [{ summary: 'Late', outcome: 'upheld' }], systemActor('officer'), '2024-05-11'),
    /has been answered/,
  );
});

test('remedies and learning actions are recorded with the complaint, and bad ones are refused', async () => {
  const council = await newTestCouncil(db);
  const reference = await openComplaint(council.id);
  await addRemedy(db.pool, council.id, reference, { kind: 'apology' }, systemActor('officer'), '2024-05-10');
  await addRemedy(db.pool, council.id, reference, { kind: 'financial_redress', amount: 250, description: 'Time and trouble', dueOn: '2024-06-10' }, systemActor('officer'), '2024-05-10');
  await assert.rejects(addRemedy(db.pool, council.id, reference, { kind: 'financial_redress' }, systemActor('officer'), '2024-05-10'), /Enter the amount/);
  await addLearningAction(db.pool, council.id, reference, { description: 'Send invoices within 10 days', owner: 'Head of Finance', dueOn: '2024-09-30' }, systemActor('officer'), '2024-05-10');
  await assert.rejects(addLearningAction(db.pool, council.id, reference, { description: '', owner: '' }, systemActor('officer'), '2024-05-10'), ActionRefusedError);
  const { rows } = await db.pool.query('SELECT kind, amount FROM remedy WHERE council_id = $1 ORDER BY id', [council.id]);
  assert.deepEqual(rows, [{ kind: 'apology', amount: null }, { kind: 'financial_redress', amount: 250 }]);
  const types = await eventTypes(council.id, reference);
  assert.equal(types.filter((t) => t === 'remedy_agreed').length, 2);
  assert.ok(types.includes('learning_action_agreed'));
});

test('merging a duplicate keeps both histories and counts the contact once', async () => {
  const council = await newTestCouncil(db);
  const first = await openComplaint(council.id);
  const second = await openComplaint(council.id);
  assert.equal((await contactCounts(db.pool, council.id)).byKind.complaint!['2024/25'], 2);
  await linkContacts(db, council.id, second, first, 'duplicate', systemActor('officer'), '2024-05-03');
  assert.equal((await contactCounts(db.pool, council.id)).byKind.complaint!['2024/25'], 1);
  assert.deepEqual((await eventTypes(council.id, second)).slice(-1), ['merged_into']);
  assert.deepEqual((await eventTypes(council.id, first)).slice(-1), ['merged_from']);
  assert.ok((await eventTypes(council.id, second)).includes('stage_opened'), 'the duplicate keeps its own history');
  await assert.rejects(linkContacts(db, council.id, second, first, 'duplicate', systemActor('officer'), '2024-05-03'), /already been merged/);
  await assert.rejects(linkContacts(db, council.id, first, second, 'duplicate', systemActor('officer'), '2024-05-03'), /itself a duplicate/);
  await assert.rejects(linkContacts(db, council.id, first, first, 'linked', systemActor('officer'), '2024-05-03'), /itself/);
});

test('a new contact never takes a reference an imported history already uses', async () => {
  const council = await newTestCouncil(db);
  const first = await logContact(db, council.id, { kind: 'comment', channel: 'email', receivedOn: '2024-05-01', summary: 'Nice park' }, systemActor('officer'), '2024-12-31');
  const prefix = first.reference.slice(0, first.reference.indexOf('-'));
  await db.pool.query(
    "INSERT INTO contact (council_id, reference, kind, received_on) VALUES ($1, $2, 'comment', '2024-05-01'), ($1, $3, 'comment', '2024-05-01')",
    [council.id, `${prefix}-000002`, `${prefix}-000003`],
  );
  const next = await logContact(db, council.id, { kind: 'comment', channel: 'email', receivedOn: '2024-05-02', summary: 'Nice library' }, systemActor('officer'), '2024-12-31');
  assert.equal(next.reference, `${prefix}-000004`);
});
