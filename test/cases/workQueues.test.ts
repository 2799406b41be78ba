import { test } from 'node:test';
import assert from 'node:assert/strict';
import { workQueues, WORK_QUEUES } from '../../src/cases/workQueues.ts';
import { useTestDatabase } from '../support/testDatabase.ts';
import { addCase, newOrg, scopeFor } from './caseFixtures.ts';

const db = await useTestDatabase();
const TODAY = '2025-03-10';
const DUE_BY = '2025-03-17';

test('each queue lists its open work, soonest first, within scope', async () => {
  const org = await newOrg(db);
  const me = org.officerA;
  // Awaiting triage: logged complaints; not triaged ones, not other directorates', not restricted ones.
  await addCase(db, org, { reference: 'Q-LOG-2', receivedOn: '2025-03-07', status: 'logged' });
  await addCase(db, org, { reference: 'Q-LOG-1', receivedOn: '2025-03-03', status: 'logged', unitId: org.parking });
  await addCase(db, org, { reference: 'Q-NOREC', receivedOn: '2025-03-05' }); // a complaint contact with no route and no record
  await addCase(db, org, { reference: 'Q-LOG-RES', receivedOn: '2025-03-01', status: 'logged', unitId: org.councilTax });
  await addCase(db, org, { reference: 'Q-LOG-RESTR', receivedOn: '2025-03-01', status: 'logged', restricted: true });
  await addCase(db, org, { reference: 'Q-TRIAGED', receivedOn: '2025-03-01', status: 'triaged', route: 'formal' });
  await addCase(db, org, { reference: 'Q-COMPLIMENT', receivedOn: '2025-03-01', kind: 'compliment' });
  // Open stages: mine, others', due soon, overdue, extended, answered, withdrawn.
  await addCase(db, org, { reference: 'Q-OVER', receivedOn: '2025-02-01', status: 'stage_open', route: 'formal', stages: [{ stage: 1, dueOn: '2025-03-03', officerId: me }] });
  await addCase(db, org, { reference: 'Q-OVER-B', receivedOn: '2025-02-02', status: 'stage_open', route: 'formal', stages: [{ stage: 1, dueOn: '2025-03-07', officerId: org.officerB }] });
  await addCase(db, org, { reference: 'Q-SOON', receivedOn: '2025-02-10', status: 'stage_open', route: 'formal', stages: [{ stage: 1, dueOn: '2025-03-14', officerId: me }] });
  await addCase(db, org, { reference: 'Q-TODAY', receivedOn: '2025-02-10', status: 'stage_open', route: 'formal', stages: [{ stage: 1, dueOn: TODAY }] });
  await addCase(db, org, { reference: 'Q-EXT', receivedOn: '2025-01-10', status: 'stage_open', route: 'formal', stages: [{ stage: 1, dueOn: '2025-02-10', extendedTo: '2025-03-17', officerId: me }] });
  await addCase(db, org, { reference: 'Q-LATER', receivedOn: '2025-03-01', status: 'stage_open', route: 'formal', stages: [{ stage: 1, dueOn: '2025-03-31', officerId: me }] });
  await addCase(db, org, { reference: 'Q-ANSWERED', receivedOn: '2025-01-01', status: 'responded', route: 'formal', stages: [{ stage: 1, dueOn: '2025-02-01', respondedOn: '2025-01-30', outcome: 'upheld', officerId: me }] });
  await addCase(db, org, { reference: 'Q-WITHDRAWN', receivedOn: '2025-01-01', status: 'withdrawn', route: 'formal', stages: [{ stage: 1, dueOn: '2025-02-01', outcome: 'withdrawn', officerId: me }] });
  await addCase(db, org, { reference: 'Q-OTHER-DIR', receivedOn: '2025-01-01', status: 'stage_open', route: 'formal', unitId: org.councilTax, stages: [{ stage: 1, dueOn: '2025-02-01', officerId: me }] });
  // Escalation requests awaiting a decision.
  await addCase(db, org, { reference: 'Q-ESC', receivedOn: '2024-12-01', status: 'escalation_requested', route: 'formal', stages: [
    { stage: 1, dueOn: '2025-01-01', respondedOn: '2024-12-20', outcome: 'not_upheld', officerId: org.officerB },
    { stage: 2, openedOn: null, requestedOn: '2025-03-04' }] });
  await addCase(db, org, { reference: 'Q-ESC-DECIDED', receivedOn: '2024-12-01', status: 'closed', route: 'formal', stages: [
    { stage: 1, dueOn: '2025-01-01', respondedOn: '2024-12-20', outcome: 'not_upheld' },
    { stage: 2, openedOn: null, requestedOn: '2025-01-04', decision: 'refused' }] });
  await addCase(db, org, { reference: 'Q-ESC-WITHDRAWN', receivedOn: '2024-12-01', status: 'withdrawn', route: 'formal', stages: [
    { stage: 1, dueOn: '2025-01-01', respondedOn: '2024-12-20', outcome: 'not_upheld' },
    { stage: 2, openedOn: null, requestedOn: '2025-01-04' }] });
  // Learning actions and remedies: due by dueBy and not done; on a complaint, or on an Ombudsman case.
  const answered = (await db.pool.query<{ id: number }>(`SELECT id FROM contact WHERE council_id = $1 AND reference = 'Q-ANSWERED'`, [org.councilId])).rows[0]!.id;
  const other = (await db.pool.query<{ id: number }>(`SELECT id FROM contact WHERE council_id = $1 AND reference = 'Q-OTHER-DIR'`, [org.councilId])).rows[0]!.id;
  const ombudsman = (await db.pool.query<{ id: number }>(
    `INSERT INTO ombudsman_case (council_id, body, ombudsman_reference, received_on, contact_id) VALUES ($1, 'lgsco', '24 001 234', '2025-02-01', $2) RETURNING id`,
    [org.councilId, answered])).rows[0]!.id;
  const la = `INSERT INTO learning_action (council_id, contact_id, ombudsman_case_id, description, owner, due_on, done_on) VALUES ($1, $2, $3, $4, $5, $6, $7)`;
  await db.pool.query(la, [org.councilId, answered, null, 'Brief the crews', 'Head of Waste', '2025-03-12', null]);
  await db.pool.query(la, [org.councilId, null, ombudsman, 'Change the letter', 'Head of Highways', '2025-02-12', null]);
  await db.pool.query(la, [org.councilId, answered, null, 'Done already', 'Head of Waste', '2025-03-01', '2025-03-01']);
  await db.pool.query(la, [org.councilId, answered, null, 'Not yet due', 'Head of Waste', '2025-04-30', null]);
  await db.pool.query(la, [org.councilId, other, null, 'Another directorate', 'Head of Revenues', '2025-03-01', null]);
  const rem = `INSERT INTO remedy (council_id, contact_id, ombudsman_case_id, kind, description, due_on, done_on) VALUES ($1, $2, $3, $4, $5, $6, $7)`;
  await db.pool.query(rem, [org.councilId, answered, null, 'financial_redress', 'Time and trouble', '2025-03-11', null]);
  await db.pool.query(rem, [org.councilId, null, ombudsman, 'apology', 'Apologise in writing', '2025-03-17', null]);
  await db.pool.query(rem, [org.councilId, answered, null, 'apology', null, '2025-03-18', null]);
  await db.pool.query(rem, [org.councilId, answered, null, 'apology', null, '2025-03-01', '2025-03-02']);

  const scope = scopeFor(org, { units: org.placeUnits, staffMemberId: me, roles: ['investigating_officer'] });
  const queues = await workQueues(db.pool, scope, { today: TODAY, dueBy: DUE_BY });
  const refs = (name: (typeof WORK_QUEUES)[number]) => queues[name].items.map((i) => i.reference);
  assert.deepEqual(refs('awaitingTriage'), ['Q-LOG-1', 'Q-NOREC', 'Q-LOG-2']);
  assert.deepEqual(refs('myCases'), ['Q-OVER', 'Q-SOON', 'Q-EXT', 'Q-LATER']);
  assert.deepEqual(refs('dueSoon'), ['Q-TODAY', 'Q-SOON', 'Q-EXT']);
  assert.deepEqual(refs('overdue'), ['Q-OVER', 'Q-OVER-B']);
  assert.deepEqual(refs('escalationRequests'), ['Q-ESC']);
  assert.deepEqual(queues.learningActionsDue.items.map((i) => i.detail), ['Change the letter', 'Brief the crews']);
  assert.deepEqual(queues.remediesDue.items.map((i) => [i.what, i.detail, i.dueOn]), [
    ['Remedy: financial redress', 'Time and trouble', '2025-03-11'], ['Remedy: apology', 'Apologise in writing', '2025-03-17']]);
  for (const name of WORK_QUEUES) assert.deepEqual(queues[name].count, { count: queues[name].items.length, more: false }, name);

  const [over] = queues.overdue.items;
  assert.deepEqual(over, {
    kind: 'stage_response', itemId: over!.itemId, contactId: over!.contactId, reference: 'Q-OVER', what: 'Stage 1 response', dueOn: '2025-03-03',
    since: '2025-02-01', stage: 1, officer: 'Asha Patel', directorate: 'Place', service: 'Highways', team: 'Road Repairs', detail: null,
  });
  const [esc] = queues.escalationRequests.items;
  assert.equal(esc!.what, 'Decision on stage 2');
  assert.equal(esc!.since, '2025-03-04');
  assert.equal(esc!.officer, 'Ben Okafor', 'who handled the stage before');
  assert.equal(queues.learningActionsDue.items[0]!.officer, 'Head of Highways');
  assert.equal(queues.awaitingTriage.items[0]!.service, 'Parking');

  // Everyone's: the other directorate's work too; restricted work only for those who may see it.
  const all = await workQueues(db.pool, scopeFor(org, { staffMemberId: me }), { today: TODAY, dueBy: DUE_BY });
  assert.deepEqual(all.awaitingTriage.items.map((i) => i.reference), ['Q-LOG-RES', 'Q-LOG-1', 'Q-NOREC', 'Q-LOG-2']);
  assert.ok(all.overdue.items.some((i) => i.reference === 'Q-OTHER-DIR'));
  const disclosing = await workQueues(db.pool, scopeFor(org, { mayDisclose: true }), { today: TODAY, dueBy: DUE_BY });
  assert.ok(disclosing.awaitingTriage.items.some((i) => i.reference === 'Q-LOG-RESTR'));
  assert.deepEqual(disclosing.myCases, { items: [], count: { count: 0, more: false } }, 'no staff record, no cases of their own');
  // Those who may not identify people do not see what the actions say.
  const viewer = await workQueues(db.pool, scopeFor(org, { roles: ['report_viewer'] }), { today: TODAY, dueBy: DUE_BY });
  assert.equal(viewer.remediesDue.items[0]!.detail, null);
  assert.equal((await workQueues(db.pool, scope, { today: TODAY, dueBy: DUE_BY, limit: 1 })).myCases.items.length, 1);
});

test('a queue shows its first items and counts up to 1,000', async () => {
  const org = await newOrg(db);
  const { rows } = await db.pool.query<{ id: number }>(
    `INSERT INTO contact (council_id, reference, kind, received_on, procedure_code, route, org_unit_id, summary)
     SELECT $1, 'O-' || n, 'complaint', DATE '2024-06-01' + (n % 200), 'corporate', 'formal', $2, 'Late ' || n FROM generate_series(1, 1010) AS n
     RETURNING id`,
    [org.councilId, org.roadRepairs],
  );
  await db.pool.query(
    `INSERT INTO complaint (council_id, contact_id, procedure_id, status)
     SELECT $1, c.id, p.id, 'stage_open' FROM unnest($2::bigint[]) AS c(id), council_procedure p WHERE p.council_id = $1 AND p.code = 'corporate' AND p.retired_on IS NULL`,
    [org.councilId, rows.map((r) => r.id)],
  );
  await db.pool.query(
    `INSERT INTO complaint_stage (council_id, contact_id, stage, opened_on, due_on, investigating_officer_id)
     SELECT $1, c.id, 1, DATE '2024-06-01', DATE '2025-01-01' + (c.id % 50)::int, $3 FROM unnest($2::bigint[]) AS c(id)`,
    [org.councilId, rows.map((r) => r.id), org.officerA],
  );
  const queues = await workQueues(db.pool, scopeFor(org, { staffMemberId: org.officerA }), { today: TODAY, dueBy: DUE_BY });
  assert.deepEqual(queues.overdue.count, { count: 1000, more: true });
  assert.deepEqual(queues.myCases.count, { count: 1000, more: true });
  assert.equal(queues.overdue.items.length, 10);
  const dues = queues.overdue.items.map((i) => i.dueOn!);
  assert.deepEqual(dues, [...dues].sort());
  assert.equal(dues[0], '2025-01-01');
  assert.deepEqual(queues.dueSoon.count, { count: 0, more: false });
});
