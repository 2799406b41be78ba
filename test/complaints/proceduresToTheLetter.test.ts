/**
 * The procedures' rules through the service layer, on the database (both engines): each
 * test cites the rule it checks and works its dates by hand ("F3(2)" = Friday 3rd is
 * working day 2; [..] = skipped bank holidays).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { actOnComplaint, ActionRefusedError, type ComplaintAction } from '../../src/complaints/complaintActions.ts';
import { logContact } from '../../src/contacts/logContact.ts';
import { calendarCoverage, describeCoverage } from '../../src/councils/calendarStore.ts';
import { explainDue } from '../../src/domain/calendar/deadlines.ts';
import { engineName, newTestCouncil, useTestDatabase } from '../support/testDatabase.ts';
import { systemActor } from '../../src/events/actor.ts';

const db = await useTestDatabase();

async function complaint(councilId: number, receivedOn: string, procedure: string, today = '2024-12-31') {
  const { reference } = await logContact(db, councilId, {
    kind: 'complaint', channel: 'email', receivedOn, procedure, summary: 'Care package cut without notice',
    complainant: { fullName: 'Ann Example', email: 'ann@example.com' },
  }, systemActor('officer@council.test'), today);
  const act = (action: ComplaintAction) => actOnComplaint(db, councilId, reference, action, systemActor('officer@council.test'), today);
  return { reference, act };
}

async function stages(councilId: number, reference: string) {
  const { rows } = await db.pool.query(
    `SELECT s.stage, s.requested_on, s.decision, s.opened_on, s.acknowledgement_due_on, s.acknowledgement_due_basis, s.due_on, s.due_basis,
            s.extended_to, s.accepted_directly_reason,
            coalesce((SELECT json_agg(json_build_object('to', e.extended_to, 'beyondCode', e.beyond_code, 'goodReason', e.beyond_code_reason) ORDER BY e.id)
                        FROM stage_extension e WHERE e.council_id = s.council_id AND e.stage_id = s.id), '[]') AS extensions,
            coalesce((SELECT json_agg(json_build_object('step', t.step, 'due', t.due_on, 'done', t.done_on) ORDER BY t.id)
                        FROM stage_step t WHERE t.council_id = s.council_id AND t.stage_id = s.id), '[]') AS steps
       FROM complaint_stage s JOIN contact c ON c.council_id = s.council_id AND c.id = s.contact_id
      WHERE c.council_id = $1 AND c.reference = $2 ORDER BY s.stage`,
    [councilId, reference],
  );
  return rows;
}

async function events(councilId: number, reference: string) {
  const { rows } = await db.pool.query<{ type: string; stage: number | null; data: Record<string, unknown> }>(
    `SELECT e.type, e.stage, e.data FROM case_event e JOIN contact c ON c.council_id = e.council_id AND c.id = e.contact_id
      WHERE c.council_id = $1 AND c.reference = $2 ORDER BY e.id`,
    [councilId, reference],
  );
  return rows;
}

test(`a complaint accepted straight at stage 2 has stage 2's deadlines, no stage 1, and one event (${engineName()})`, async () => {
  const council = await newTestCouncil(db);
  const { reference, act } = await complaint(council.id, '2023-03-01', 'corporate');
  await act({ type: 'triage', on: '2023-03-01', route: 'formal' });
  await act({ type: 'accept_at_stage_2', on: '2023-03-03', reason: 'Complex: three services and a safeguarding concern' });
  const [s2, ...more] = await stages(council.id, reference);
  assert.equal(more.length, 0);
  assert.equal(s2.stage, 2, 'no stage 1 row: that is how a report tells a complaint that started at stage 2');
  assert.deepEqual([s2.requested_on, s2.decision, s2.opened_on], ['2023-03-01', 'accepted', '2023-03-03']);
  assert.equal(s2.accepted_directly_reason, 'Complex: three services and a safeguarding concern');
  // Complaint Handling Code, section 6: acknowledged within 5 working days of the request (here the
  // complaint itself, received Wed 1 March 2023): Th2(1) F3 M6 T7 W8(5) → 8 March; answered within
  // 20 working days of the acknowledgement, so from 8 March while unacknowledged: Th9(1) F10(2)
  // M13-F17(7) M20-F24(12) M27-F31(17) M3 Apr(18) T4(19) W5(20) → 5 April 2023.
  assert.equal(s2.acknowledgement_due_on, '2023-03-08');
  assert.equal(s2.due_on, '2023-04-05');
  const recorded = await events(council.id, reference);
  assert.deepEqual(recorded.map((e) => [e.type, e.stage]).slice(-2), [['triaged', null], ['accepted_at_stage_2', 2]]);
  assert.equal(recorded.filter((e) => e.stage !== null).length, 1, 'one event for the stage');
  assert.equal(recorded.at(-1)!.data.reason, 'Complex: three services and a safeguarding concern');
  // It is then handled as any stage 2: the last stage of the Code, so no stage 3 can be asked for.
  await act({ type: 'acknowledge', on: '2023-03-06' });
  await act({ type: 'respond', on: '2023-03-30', outcome: 'upheld' });
  await assert.rejects(act({ type: 'request_escalation', on: '2023-04-03' }), /no stage 3/);
});

test(`accepting straight at stage 2 is refused where the procedure has no stage 2, and once a stage is open (${engineName()})`, async () => {
  const council = await newTestCouncil(db);
  const adults = await complaint(council.id, '2023-03-01', 'adults_statutory');
  await adults.act({ type: 'triage', on: '2023-03-01', route: 'formal' });
  await assert.rejects(adults.act({ type: 'accept_at_stage_2', on: '2023-03-02', reason: 'complex' }), (e: Error) =>
    e instanceof ActionRefusedError && /has no stage 2; open stage 1 instead/.test(e.message));
  assert.deepEqual(await stages(council.id, adults.reference), [], 'nothing written');

  const corporate = await complaint(council.id, '2023-03-01', 'corporate');
  await corporate.act({ type: 'triage', on: '2023-03-01', route: 'formal' });
  await assert.rejects(corporate.act({ type: 'accept_at_stage_2', on: '2023-03-02', reason: '  ' }), /Give the reason/);
  await corporate.act({ type: 'open_stage', on: '2023-03-01' });
  await assert.rejects(corporate.act({ type: 'accept_at_stage_2', on: '2023-03-02', reason: 'complex' }), /Stage 1 has already been opened/);
});

test(`a Code extension beyond 10 working days needs a recorded good reason and is marked beyond the Code (${engineName()})`, async () => {
  const council = await newTestCouncil(db);
  const { reference, act } = await complaint(council.id, '2023-03-01', 'corporate');
  await act({ type: 'triage', on: '2023-03-01', route: 'formal' });
  await act({ type: 'open_stage', on: '2023-03-01' });
  await act({ type: 'acknowledge', on: '2023-03-03' });
  // Complaint Handling Code, section 5: answered within 10 working days of the acknowledgement on Fri
  // 3 March (→ 17 March); an extension of no more than 10 further working days without good reason:
  // M20-F24(5) M27-F31(10) → 31 March. 14 April is beyond it.
  await assert.rejects(act({ type: 'extend', on: '2023-03-15', to: '2023-04-14', reason: 'Waiting for the contractor’s report' }), (e: Error) =>
    e instanceof ActionRefusedError && e.message === '14 April 2023 is beyond 31 March 2023, the longest extension stage 1 allows without good reason; record the good reason to go beyond it');
  await act({ type: 'extend', on: '2023-03-15', to: '2023-04-14', reason: 'Waiting for the contractor’s report', goodReason: 'Structural survey booked for 11 April' });
  const [s1] = await stages(council.id, reference);
  assert.equal(s1.extended_to, '2023-04-14');
  assert.deepEqual(s1.extensions, [{ to: '2023-04-14', beyondCode: true, goodReason: 'Structural survey booked for 11 April' }]);
  assert.equal((await events(council.id, reference)).at(-1)!.data.beyondCodeReason, 'Structural survey booked for 11 April');
  // Within the Code's 10 days no good reason is asked for, and none is marked.
  const other = await complaint(council.id, '2023-03-01', 'corporate');
  await other.act({ type: 'triage', on: '2023-03-01', route: 'formal' });
  await other.act({ type: 'open_stage', on: '2023-03-01' });
  await other.act({ type: 'acknowledge', on: '2023-03-03' });
  await other.act({ type: 'extend', on: '2023-03-15', to: '2023-03-31', reason: 'Waiting for the contractor’s report' });
  assert.deepEqual((await stages(council.id, other.reference))[0].extensions, [{ to: '2023-03-31', beyondCode: false, goodReason: null }]);
});

test(`adults' statutory: 6 months from receipt, longer if agreed before it expires (${engineName()})`, async () => {
  const council = await newTestCouncil(db);
  const { reference, act } = await complaint(council.id, '2023-07-03', 'adults_statutory');
  await act({ type: 'triage', on: '2023-07-03', route: 'formal' });
  await act({ type: 'open_stage', on: '2023-07-03' });
  // 2009 regulations, reg. 14(4): within 6 months of receipt (Mon 3 July 2023 → 3 January 2024), "or such
  // longer period as may be agreed before the expiry of that period": no maximum.
  assert.equal((await stages(council.id, reference))[0].due_on, '2024-01-03');
  await assert.rejects(act({ type: 'extend', on: '2024-01-04', to: '2024-03-29', reason: 'Independent investigator' }), /agreed on or before the current due date, 3 January 2024/);
  await act({ type: 'extend', on: '2024-01-02', to: '2024-03-29', reason: 'Independent investigator appointed' });
  await act({ type: 'extend', on: '2024-03-28', to: '2024-06-28', reason: 'Waiting for the NHS trust’s records' });
  const [s1] = await stages(council.id, reference);
  assert.equal(s1.extended_to, '2024-06-28');
  assert.deepEqual(s1.extensions.map((e: { beyondCode: boolean }) => e.beyondCode), [false, false], 'an agreed extension is within the regulations');
});

test(`children's stage 3: panel within 30 working days of the request, report within 5, response within 15 (${engineName()})`, async () => {
  const council = await newTestCouncil(db);
  const { reference, act } = await complaint(council.id, '2023-09-01', 'children_statutory');
  await act({ type: 'triage', on: '2023-09-01', route: 'formal' });
  await act({ type: 'open_stage', on: '2023-09-01' });
  await act({ type: 'respond', on: '2023-09-14', outcome: 'not_upheld' });
  await act({ type: 'request_escalation', on: '2023-09-20' });
  await act({ type: 'accept_escalation', on: '2023-09-21' });
  await act({ type: 'respond', on: '2023-11-01', outcome: 'not_upheld' });
  await act({ type: 'request_escalation', on: '2023-11-20' });
  await act({ type: 'accept_escalation', on: '2023-11-22' });
  // Children Act 1989 Representations Procedure (England) Regulations 2006, reg. 19(4): the panel meets within
  // 30 working days of the request (Mon 20 Nov 2023): … M18-F22(24) [M25, T26] W27 Th28 F29(27) [M1 Jan]
  // T2 W3 Th4(30) → 4 Jan 2024; reg. 20(1) report 5 working days after → 11 Jan; reg. 20(3) response 15 after → 1 Feb.
  let s3 = (await stages(council.id, reference))[2];
  assert.deepEqual(s3.steps, [{ step: 'panel', due: '2024-01-04', done: null }, { step: 'panel_report', due: '2024-01-11', done: null }]);
  assert.equal(s3.due_on, '2024-02-01');
  await assert.rejects(act({ type: 'record_step', on: '2023-12-19', step: 'panel_report' }), /Record the review panel meeting first/);
  await act({ type: 'record_step', on: '2023-12-14', step: 'panel' });
  // Met Thu 14 Dec: report F15(1) M18 T19 W20 Th21(5) → 21 Dec.
  s3 = (await stages(council.id, reference))[2];
  assert.deepEqual(s3.steps.map((t: { due: string }) => t.due), ['2024-01-04', '2023-12-21']);
  await act({ type: 'record_step', on: '2023-12-19', step: 'panel_report' });
  // Report Tue 19 Dec: response W20(1) Th21 F22(3) [M25, T26] W27 Th28 F29(6) [M1] T2 W3 Th4 F5(10) M8 T9 W10 Th11 F12(15) → 12 Jan 2024.
  s3 = (await stages(council.id, reference))[2];
  assert.equal(s3.due_on, '2024-01-12');
  assert.match(explainDue(s3.due_basis), /^15 working days from 19 December 2023 \(the panel's report\)/);
  assert.deepEqual((await events(council.id, reference)).filter((e) => e.type === 'step_recorded').map((e) => e.data.step), ['panel', 'panel_report']);
});

test(`a deadline past the last year of the bank-holiday list is flagged on the case and in \`redress calendar\` (${engineName()})`, async () => {
  const council = await newTestCouncil(db);
  const { reference, act } = await complaint(council.id, '2028-12-22', 'corporate', '2028-12-31');
  await act({ type: 'triage', on: '2028-12-22', route: 'formal' });
  await act({ type: 'open_stage', on: '2028-12-22' });
  // The shipped list ends with 2028. Acknowledge 5 wd from Fri 22 Dec 2028: [M25, T26] W27 Th28 F29(3) M1 Jan(4) T2(5):
  // 1 January 2029 is counted as a working day because 2029's holidays are not known.
  const [s1] = await stages(council.id, reference);
  assert.equal(s1.acknowledgement_due_on, '2029-01-02');
  assert.equal(s1.acknowledgement_due_basis.noBankHolidayDataFor, 2029);
  assert.match(explainDue(s1.acknowledgement_due_basis), /no bank-holiday data for 2029: load a newer list$/);
  const england = (await calendarCoverage(db.pool)).find((c) => c.division === 'england-and-wales')!;
  assert.equal(england.lastYear, 2028);
  assert.ok(england.deadlinesPastData >= 2, 'the acknowledgement and the response');
  assert.match(describeCoverage(england), /^england-and-wales: calendar \w+, bank holidays 2012–2028; \d+ open deadlines after 2028: no bank-holiday data for 2029: load a newer list\.$/);
});
