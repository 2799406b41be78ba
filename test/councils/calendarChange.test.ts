import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadBankHolidays } from '../../src/councils/calendarChange.ts';
import { actOnComplaint } from '../../src/complaints/complaintActions.ts';
import { logContact } from '../../src/contacts/logContact.ts';
import { explainDue } from '../../src/domain/calendar/deadlines.ts';
import { newTestCouncil, useTestDatabase } from '../support/testDatabase.ts';
import { systemActor } from '../../src/events/actor.ts';

const db = await useTestDatabase();
const shipped = JSON.parse(readFileSync(new URL('../../reference/uk-bank-holidays.json', import.meta.url), 'utf8'));

/** The shipped list plus a one-off bank holiday in England and Wales. */
function withOneOffHoliday(date: string, title: string) {
  const copy = structuredClone(shipped);
  copy['england-and-wales'].events.push({ title, date, notes: '', bunting: true });
  return copy;
}

async function openComplaint(councilId: number, receivedOn: string, answerOn?: string) {
  const { reference } = await logContact(db, councilId, { kind: 'complaint', channel: 'web_form', receivedOn, summary: 'Potholes' }, systemActor('officer'), '2026-12-31');
  const act = (a: Parameters<typeof actOnComplaint>[3]) => actOnComplaint(db, councilId, reference, a, systemActor('officer'), '2026-12-31');
  await act({ type: 'triage', on: receivedOn, route: 'formal' });
  await act({ type: 'open_stage', on: receivedOn });
  await act({ type: 'acknowledge', on: receivedOn });
  if (answerOn) await act({ type: 'respond', on: answerOn, outcome: 'upheld' });
  return reference;
}

async function stage1(councilId: number, reference: string) {
  const { rows } = await db.pool.query(
    `SELECT s.due_on, s.due_basis FROM complaint_stage s JOIN contact c ON c.council_id = s.council_id AND c.id = s.contact_id
      WHERE c.council_id = $1 AND c.reference = $2 AND s.stage = 1`,
    [councilId, reference],
  );
  return rows[0];
}

test('a newly announced bank holiday moves open deadlines, leaves answered ones, and each move is on the timeline', async () => {
  const council = await newTestCouncil(db);
  // Acknowledged Mon 14 Dec 2026: 10 working days are 15–18, 21–24 Dec, then 29 and 30 Dec
  // (25 and 28 Dec are Christmas Day and the Boxing Day substitute).
  const open = await openComplaint(council.id, '2026-12-14');
  const answered = await openComplaint(council.id, '2026-12-14', '2026-12-18');
  assert.equal((await stage1(council.id, open)).due_on, '2026-12-30');

  try {
    const changes = await loadBankHolidays(db, withOneOffHoliday('2026-12-29', 'Bank holiday for a royal occasion'), 'test', '2026-12-01', systemActor('complaints team'));
    const england = changes.find((c) => c.division === 'england-and-wales')!;
    assert.ok(england.deadlinesMoved >= 1);
    assert.deepEqual(changes.map((c) => c.division), ['england-and-wales'], 'the other divisions did not change');

    const moved = await stage1(council.id, open);
    assert.equal(moved.due_on, '2026-12-31');
    assert.match(explainDue(moved.due_basis), /Bank holiday for a royal occasion 29 December/);
    assert.equal((await stage1(council.id, answered)).due_on, '2026-12-30', 'an answered stage keeps its deadline');
    const { rows } = await db.pool.query(
      `SELECT e.type, e.actor, e.data FROM case_event e JOIN contact c ON c.council_id = e.council_id AND c.id = e.contact_id
        WHERE c.council_id = $1 AND c.reference = $2 AND e.type = 'deadline_recomputed'`,
      [council.id, open],
    );
    assert.equal(rows.length, 1);
    assert.equal(rows[0].actor, 'complaints team');
    assert.deepEqual(rows[0].data.changes.map((c: { from: string; to: string }) => [c.from, c.to]), [['2026-12-30', '2026-12-31']]);
    // Loading the same list again changes nothing.
    assert.deepEqual(await loadBankHolidays(db, withOneOffHoliday('2026-12-29', 'Bank holiday for a royal occasion'), 'test', '2026-12-01', systemActor('x')), []);
  } finally {
    // The calendar is national data shared by every council in the database: put it back.
    await loadBankHolidays(db, shipped, 'shipped GOV.UK bank-holidays.json', '2026-12-01', systemActor('test'));
  }
  assert.equal((await stage1(council.id, open)).due_on, '2026-12-30');
});

test('a bad bank-holidays file is refused with the reason, and the calendar is unchanged', async () => {
  const bad = structuredClone(shipped);
  bad.scotland.events.push({ title: 'St Andrew’s Day', date: '30/11/2027' });
  await assert.rejects(loadBankHolidays(db, bad, 'test', '2026-12-01', systemActor('x')), /scotland.*"date" must be a date written YYYY-MM-DD/);
});

test('stopping the clock while waiting for the complainant pushes the deadline on by the days stopped', async () => {
  const council = await newTestCouncil(db);
  const reference = await openComplaint(council.id, '2023-06-05'); // Mon; 10 working days → Mon 19 June
  assert.equal((await stage1(council.id, reference)).due_on, '2023-06-19');
  const act = (a: Parameters<typeof actOnComplaint>[3]) => actOnComplaint(db, council.id, reference, a, systemActor('officer'), '2023-06-30');
  await act({ type: 'stop_clock', on: '2023-06-07', reason: 'Waiting for photographs from the complainant' });
  await act({ type: 'restart_clock', on: '2023-06-12' });
  const after = await stage1(council.id, reference);
  assert.equal(after.due_basis.pausedWorkingDays, 3);
  assert.equal(after.due_on, '2023-06-22');
});

test('a new bank holiday that moves an unacknowledged stage’s acknowledgement deadline moves its response deadline with it', async () => {
  const council = await newTestCouncil(db);
  const { reference } = await logContact(db, council.id, { kind: 'complaint', channel: 'web_form', receivedOn: '2026-12-14', summary: 'Potholes' }, systemActor('officer'), '2026-12-31');
  const act = (a: Parameters<typeof actOnComplaint>[3]) => actOnComplaint(db, council.id, reference, a, systemActor('officer'), '2026-12-14');
  await act({ type: 'triage', on: '2026-12-14', route: 'formal' });
  await act({ type: 'open_stage', on: '2026-12-14' });
  // Complaint Handling Code stage 1, not acknowledged: acknowledgement by 5 working days from Mon 14 Dec 2026,
  // T15(1) … M21(5) → 21 Dec; the response 10 working days from that deadline (section 5: "of the
  // acknowledgement"): T22(1) W23 Th24(3) [F25, M28] T29(4) W30 Th31(6) [F1 Jan] M4(7) T5 W6(9) Th7(10) → 7 Jan 2027.
  const before = await stage1Dates(council.id, reference);
  assert.deepEqual([before.acknowledgement_due_on, before.due_on], ['2026-12-21', '2027-01-07']);
  try {
    await loadBankHolidays(db, withOneOffHoliday('2026-12-17', 'Bank holiday for a royal occasion'), 'test', '2026-12-15', systemActor('complaints team'));
    // Thu 17 Dec is now a holiday: acknowledgement T15 W16 [Th17] F18 M21 T22(5) → 22 Dec, and the response,
    // counted from it, W23(1) Th24 T29 W30 Th31(5) M4 T5 W6 Th7(9) F8(10) → 8 Jan 2027.
    const after = await stage1Dates(council.id, reference);
    assert.deepEqual([after.acknowledgement_due_on, after.due_on], ['2026-12-22', '2027-01-08']);
    assert.equal(after.due_basis.start, '2026-12-22');
  } finally {
    await loadBankHolidays(db, shipped, 'shipped GOV.UK bank-holidays.json', '2026-12-15', systemActor('test'));
  }
});

async function stage1Dates(councilId: number, reference: string) {
  const { rows } = await db.pool.query(
    `SELECT s.acknowledgement_due_on, s.due_on, s.due_basis FROM complaint_stage s
       JOIN contact c ON c.council_id = s.council_id AND c.id = s.contact_id
      WHERE c.council_id = $1 AND c.reference = $2 AND s.stage = 1`,
    [councilId, reference],
  );
  return rows[0];
}
