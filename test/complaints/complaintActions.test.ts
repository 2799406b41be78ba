import { test } from 'node:test';
import assert from 'node:assert/strict';
import { actOnComplaint, ActionRefusedError, type ComplaintAction } from '../../src/complaints/complaintActions.ts';
import { logContact, ContactValidationError } from '../../src/contacts/logContact.ts';
import { engineName, newTestCouncil, useTestDatabase } from '../support/testDatabase.ts';
import { systemActor } from '../../src/events/actor.ts';

const db = await useTestDatabase();

async function events(councilId: number, reference: string) {
  const { rows } = await db.pool.query<{ type: string; stage: number | null; occurred_on: string; actor: string }>(
    `SELECT e.type, e.stage, e.occurred_on, e.actor FROM case_event e JOIN contact c ON c.council_id = e.council_id AND c.id = e.contact_id
      WHERE c.council_id = $1 AND c.reference = $2 ORDER BY e.id`,
    [councilId, reference],
  );
  return rows;
}

async function stages(councilId: number, reference: string) {
  const { rows } = await db.pool.query(
    `SELECT s.stage, s.opened_on, s.acknowledged_on, s.acknowledgement_due_on, s.due_on, s.due_basis, s.extended_to, s.responded_on,
            s.outcome, s.decision, s.investigating_officer_id
       FROM complaint_stage s JOIN contact c ON c.council_id = s.council_id AND c.id = s.contact_id
      WHERE c.council_id = $1 AND c.reference = $2 ORDER BY s.stage`,
    [councilId, reference],
  );
  return rows;
}

async function logComplaint(councilId: number, receivedOn = '2023-03-01', procedure = 'corporate') {
  return logContact(db, councilId, {
    kind: 'complaint', channel: 'email', receivedOn, procedure, summary: 'Bins missed three weeks running',
    complainant: { fullName: 'Ann Example', email: 'ann@example.com' },
  }, systemActor('officer@council.test'), '2024-12-31');
}

test(`a corporate complaint goes through both stages of the Complaint Handling Code, every step an event (${engineName()})`, async () => {
  const council = await newTestCouncil(db);
  const { reference } = await logComplaint(council.id);
  const officer = await db.pool.query<{ id: number }>(
    "INSERT INTO staff_member (council_id, name, email) VALUES ($1, 'Ivy Officer', 'ivy@council.test') RETURNING id", [council.id]);
  const act = (action: ComplaintAction) => actOnComplaint(db, council.id, reference, action, systemActor('officer@council.test'), '2023-06-30');

  await act({ type: 'triage', on: '2023-03-01', route: 'formal' });
  await act({ type: 'open_stage', on: '2023-03-01' });
  let [s1] = await stages(council.id, reference);
  // Acknowledge within 5 working days of 1 March 2023 (Wed): 2, 3, 6, 7, 8 March.
  assert.equal(s1.acknowledgement_due_on, '2023-03-08');
  await act({ type: 'acknowledge', on: '2023-03-03' });
  [s1] = await stages(council.id, reference);
  // Respond within 10 working days of the acknowledgement on Fri 3 March: 6–10, 13–17 March.
  assert.equal(s1.due_on, '2023-03-17');
  assert.equal(s1.due_basis.startedFrom, 'acknowledged');
  await act({ type: 'allocate', on: '2023-03-03', staffMemberId: officer.rows[0]!.id });
  await act({ type: 'extend', on: '2023-03-15', to: '2023-03-24', reason: 'Waiting for the contractor’s report' });
  await act({ type: 'respond', on: '2023-03-23', outcome: 'partially_upheld' });
  await act({ type: 'request_escalation', on: '2023-04-03' });
  await act({ type: 'accept_escalation', on: '2023-04-04' });
  await act({ type: 'acknowledge', on: '2023-04-05' });
  const [, s2] = await stages(council.id, reference);
  // Stage 2: 20 working days from Wed 5 April 2023: 6, 11–14, 17–21, 24–28 April, 2–5 and 9 May,
  // skipping Good Friday, Easter Monday, the early May bank holiday and the coronation.
  assert.equal(s2.due_on, '2023-05-09');
  assert.deepEqual(s2.due_basis.skipped.map((h: { date: string }) => h.date), ['2023-04-07', '2023-04-10', '2023-05-01', '2023-05-08']);
  await act({ type: 'respond', on: '2023-05-04', outcome: 'not_upheld' });
  await act({ type: 'close', on: '2023-05-04' });

  const all = await stages(council.id, reference);
  assert.equal(all.length, 2);
  assert.equal(all[0].extended_to, '2023-03-24');
  assert.equal(all[0].investigating_officer_id, officer.rows[0]!.id);
  assert.equal(all[1].decision, 'accepted');
  assert.deepEqual((await events(council.id, reference)).map((e) => e.type), [
    'logged', 'triaged', 'stage_opened', 'acknowledged', 'allocated', 'extended', 'responded',
    'escalation_requested', 'escalation_accepted', 'acknowledged', 'responded', 'closed',
  ]);
  const status = await db.pool.query("SELECT status, closed_on FROM complaint k JOIN contact c ON c.id = k.contact_id AND c.council_id = k.council_id WHERE c.reference = $1 AND c.council_id = $2", [reference, council.id]);
  assert.deepEqual(status.rows[0], { status: 'closed', closed_on: '2023-05-04' });
});

test('an illegal transition is refused with the reason, and nothing is written', async () => {
  const council = await newTestCouncil(db);
  const { reference } = await logComplaint(council.id);
  const act = (action: ComplaintAction) => actOnComplaint(db, council.id, reference, action, systemActor('officer'), '2023-06-30');
  await act({ type: 'triage', on: '2023-03-01', route: 'formal' });
  await act({ type: 'open_stage', on: '2023-03-01' });
  await act({ type: 'respond', on: '2023-03-10', outcome: 'upheld' });
  const before = await events(council.id, reference);
  await assert.rejects(act({ type: 'respond', on: '2023-03-12', outcome: 'not_upheld' }), (error: Error) => {
    assert.ok(error instanceof ActionRefusedError);
    assert.match(error.message, /already been answered|escalation/i);
    return true;
  });
  // An extension beyond what the code allows (10 working days on from the due date) is refused.
  const council2 = await newTestCouncil(db);
  const second = await logComplaint(council2.id);
  const act2 = (action: ComplaintAction) => actOnComplaint(db, council2.id, second.reference, action, systemActor('officer'), '2023-06-30');
  await act2({ type: 'triage', on: '2023-03-01', route: 'formal' });
  await act2({ type: 'open_stage', on: '2023-03-01' });
  await assert.rejects(act2({ type: 'extend', on: '2023-03-10', to: '2023-06-01', reason: 'Busy' }), ActionRefusedError);
  assert.deepEqual(await events(council.id, reference), before);
  assert.equal((await stages(council.id, reference))[0].outcome, 'upheld');
  assert.equal((await stages(council2.id, second.reference))[0].extended_to, null);
});

test('two people answering one complaint at once: one succeeds, the other is told it was answered', async () => {
  const council = await newTestCouncil(db);
  const { reference } = await logComplaint(council.id);
  const act = (action: ComplaintAction) => actOnComplaint(db, council.id, reference, action, systemActor('officer'), '2023-06-30');
  await act({ type: 'triage', on: '2023-03-01', route: 'formal' });
  await act({ type: 'open_stage', on: '2023-03-01' });
  const results = await Promise.allSettled([
    act({ type: 'respond', on: '2023-03-10', outcome: 'upheld' }),
    act({ type: 'respond', on: '2023-03-10', outcome: 'not_upheld' }),
  ]);
  assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
  const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
  assert.ok(refused.reason instanceof ActionRefusedError);
  assert.equal((await events(council.id, reference)).filter((e) => e.type === 'responded').length, 1);
});

test('an MP enquiry gets its 10-working-day response target, explained', async () => {
  const council = await newTestCouncil(db);
  const { reference } = await logContact(db, council.id, {
    kind: 'mp_enquiry', channel: 'email', receivedOn: '2023-04-28', summary: 'On behalf of a constituent about a school place',
  }, systemActor('officer'), '2023-05-01');
  const { rows } = await db.pool.query('SELECT response_due_on, response_due_basis FROM contact WHERE council_id = $1 AND reference = $2', [council.id, reference]);
  // From Fri 28 April 2023: skips the early May bank holiday (1 May) and the coronation (8 May).
  assert.equal(rows[0].response_due_on, '2023-05-16');
  assert.deepEqual(rows[0].response_due_basis.skipped.map((h: { date: string }) => h.date), ['2023-05-01', '2023-05-08']);
});

test('a contact with bad fields is refused field by field, and nothing is written', async () => {
  const council = await newTestCouncil(db);
  await assert.rejects(
    logContact(db, council.id, { kind: 'grumble', channel: 'email', receivedOn: '2023-02-30', summary: '' }, systemActor('officer'), '2024-01-01'),
    (error: Error) => {
      assert.ok(error instanceof ContactValidationError);
      assert.deepEqual(error.errors.map((e) => e.field).sort(), ['kind', 'receivedOn', 'summary']);
      return true;
    },
  );
  const { rows } = await db.pool.query('SELECT count(*)::int AS n FROM contact WHERE council_id = $1', [council.id]);
  assert.equal(rows[0].n, 0);
});
