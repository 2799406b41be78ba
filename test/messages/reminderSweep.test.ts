import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { engineName, newTestCouncil, useTestDatabase } from '../support/testDatabase.ts';
import { addTestStaff, type TestStaff } from '../support/staffSession.ts';
import { sweepReminders } from '../../src/messages/reminders/sweep.ts';
import { addDays } from '../../src/domain/dates.ts';

const db = await useTestDatabase();

/** A directorate with a service under it. */
async function directorate(councilId: number, name: string): Promise<{ directorate: number; service: number }> {
  const d = await db.pool.query<{ id: string }>("INSERT INTO org_unit (council_id, kind, name) VALUES ($1, 'directorate', $2) RETURNING id", [councilId, name]);
  const s = await db.pool.query<{ id: string }>("INSERT INTO org_unit (council_id, kind, name, parent_id) VALUES ($1, 'service', $2, $3) RETURNING id",
    [councilId, `${name} service`, d.rows[0]!.id]);
  return { directorate: Number(d.rows[0]!.id), service: Number(s.rows[0]!.id) };
}

/** A formal complaint in a unit, with its stages as given (written directly: the sweep reads only these rows). */
async function complaint(councilId: number, unit: number, status: string, stages: Record<string, unknown>[]): Promise<{ reference: string; id: number }> {
  const reference = `R-${randomUUID().slice(0, 8)}`;
  const c = await db.pool.query<{ id: string }>(
    `INSERT INTO contact (council_id, reference, kind, channel, received_on, procedure_code, route, triaged_on, org_unit_id, summary)
     VALUES ($1, $2, 'complaint', 'email', '2026-12-01', 'corporate', 'formal', '2026-12-01', $3, 'Bins missed') RETURNING id`,
    [councilId, reference, unit]);
  const id = Number(c.rows[0]!.id);
  await db.pool.query(
    `INSERT INTO complaint (council_id, contact_id, procedure_id, status)
     SELECT $1, $2, id, $3 FROM council_procedure WHERE council_id = $1 AND code = 'corporate' AND retired_on IS NULL`,
    [councilId, id, status]);
  for (const s of stages) {
    const columns = Object.keys(s);
    await db.pool.query(
      `INSERT INTO complaint_stage (council_id, contact_id, ${columns.join(', ')}) VALUES ($1, $2, ${columns.map((_, i) => `$${i + 3}`).join(', ')})`,
      [councilId, id, ...Object.values(s)]);
  }
  return { reference, id };
}

async function stageId(councilId: number, contactId: number, stage: number): Promise<number> {
  const { rows } = await db.pool.query<{ id: string }>('SELECT id FROM complaint_stage WHERE council_id = $1 AND contact_id = $2 AND stage = $3', [councilId, contactId, stage]);
  return Number(rows[0]!.id);
}

/** The messages queued so far, as "template to name about reference" (digests: about no case). */
async function queued(councilId: number, sinceId = 0): Promise<{ lines: string[]; lastId: number }> {
  const { rows } = await db.pool.query<{ id: string; template: string; recipient_name: string; reference: string | null; subject: string; body: string }>(
    `SELECT m.id, m.template, m.recipient_name, c.reference, m.subject, m.body FROM message m
       LEFT JOIN contact c ON c.council_id = m.council_id AND c.id = m.contact_id
      WHERE m.council_id = $1 AND m.id > $2 ORDER BY m.id`,
    [councilId, sinceId]);
  return {
    lines: rows.map((r) => `${r.template} to ${r.recipient_name}${r.reference ? ` about ${r.reference}` : ''}`).sort(),
    lastId: Math.max(sinceId, ...rows.map((r) => Number(r.id))),
  };
}

/** A moment on the council's clock: in December and January London keeps GMT, so UTC. */
const at = (date: string, time: string) => new Date(`${date}T${time}:00Z`);
const TIMES = ['00:05', '08:30', '10:00', '16:30', '18:00'];

async function setUp() {
  const council = await newTestCouncil(db);
  const place = await directorate(council.id, 'Place');
  const people = await directorate(council.id, 'People');
  const ivy = await addTestStaff(db, council.id, ['investigating_officer'], { directorates: [place.directorate], name: 'Ivy Officer' });
  const max = await addTestStaff(db, council.id, ['manager'], { directorates: [place.directorate], name: 'Max Manager' });
  const pat = await addTestStaff(db, council.id, ['manager'], { directorates: [people.directorate], name: 'Pat Othermanager' });
  const tess = await addTestStaff(db, council.id, ['complaints_officer'], { name: 'Tess Team' });
  return { council, place, people, ivy, max, pat, tess };
}

test(`a clock moved across Christmas 2026 (bank holidays Fri 25 and Mon 28 December, Fri 1 January): exactly these reminders each day, none at night, at weekends or on bank holidays, none twice (${engineName()})`, async () => {
  const { council, place, ivy, tess } = await setUp();
  const officer = (s: TestStaff) => s.staffMemberId;
  // A: stage 1 due Wed 30 December, allocated to Ivy.
  const a = await complaint(council.id, place.service, 'stage_open', [{ stage: 1, opened_on: '2026-12-01', due_on: '2026-12-30', investigating_officer_id: officer(ivy) }]);
  // B: due Mon 4 January, but its clock is stopped (waiting for the complainant): nothing.
  const b = await complaint(council.id, place.service, 'stage_open', [{ stage: 1, opened_on: '2026-12-01', due_on: '2027-01-04', investigating_officer_id: officer(ivy) }]);
  await db.pool.query("INSERT INTO stage_pause (council_id, stage_id, paused_on, reason) VALUES ($1, $2, '2026-12-15', 'Waiting for photographs')",
    [council.id, await stageId(council.id, b.id, 1)]);
  // C: stage 2 asked for on Wed 23 December, awaiting the team's decision.
  const c = await complaint(council.id, place.service, 'escalation_requested', [
    { stage: 1, opened_on: '2026-11-02', due_on: '2026-11-30', responded_on: '2026-11-27', outcome: 'not_upheld', investigating_officer_id: officer(ivy) },
    { stage: 2, requested_on: '2026-12-23' },
  ]);
  // A remedy on A due Thu 31 December.
  await db.pool.query("INSERT INTO remedy (council_id, contact_id, kind, description, due_on) VALUES ($1, $2, 'apology', 'Apologise in writing', '2026-12-31')",
    [council.id, a.id]);
  // D: responded already: nothing, ever.
  await complaint(council.id, place.service, 'responded', [{ stage: 1, opened_on: '2026-12-01', due_on: '2026-12-22', responded_on: '2026-12-18', outcome: 'upheld', investigating_officer_id: officer(ivy) }]);

  const expected: Record<string, string[]> = {
    '2026-12-21': ['digest_directorate to Max Manager', 'digest_officer to Ivy Officer', `reminder_before to Ivy Officer about ${a.reference}`],
    '2026-12-22': [`remedy_due to Ivy Officer about ${a.reference}`],
    '2026-12-29': ['digest_directorate to Max Manager', 'digest_officer to Ivy Officer', `escalation_awaiting to Tess Team about ${c.reference}`,
      `reminder_before to Ivy Officer about ${a.reference}`],
    '2026-12-30': [`reminder_due_today to Ivy Officer about ${a.reference}`, `remedy_due to Ivy Officer about ${a.reference}`],
    '2026-12-31': [`reminder_overdue to Ivy Officer about ${a.reference}`, `remedy_due to Ivy Officer about ${a.reference}`],
    '2027-01-04': ['digest_directorate to Max Manager', 'digest_officer to Ivy Officer', `remedy_due to Ivy Officer about ${a.reference}`],
    '2027-01-06': [`escalation_awaiting to Tess Team about ${c.reference}`],
    '2027-01-07': [`overdue_to_manager to Max Manager about ${a.reference}`],
    '2027-01-08': [`reminder_overdue to Ivy Officer about ${a.reference}`],
  };
  let lastId = 0;
  for (let day = '2026-12-21'; day <= '2027-01-10'; day = addDays(day, 1)) {
    const seen: Record<string, string[]> = {};
    for (const time of TIMES) {
      await sweepReminders(db, at(day, time), { councilIds: [council.id] });
      const got = await queued(council.id, lastId);
      lastId = got.lastId;
      if (got.lines.length > 0) seen[time] = got.lines;
    }
    // Everything a day brings is queued by its first sweep in working hours (10:00), nothing at 00:05, 08:30 or 18:00.
    const want = expected[day];
    assert.deepEqual(seen, want ? { '10:00': [...want].sort() } : {}, day);
  }
  // The wording sent: the officer's name, the working days in words, the link to the case.
  const { rows } = await db.pool.query<{ template: string; subject: string; body: string; recipient_address: string }>(
    `SELECT template, subject, body, recipient_address FROM message WHERE council_id = $1 AND template IN ('reminder_before', 'overdue_to_manager') ORDER BY id`,
    [council.id]);
  assert.equal(rows[0]!.subject, `Reminder: complaint ${a.reference} is due in 5 working days`);
  assert.equal(rows[0]!.recipient_address, ivy.email);
  assert.match(rows[0]!.body, new RegExp(`due by 30 December 2026, in 5 working days[\\s\\S]*Open the case: http://localhost:3000/cases/${a.reference}`));
  assert.equal(rows[1]!.subject, `Reminder: complaint ${a.reference} is due in 1 working day`);
  assert.match(rows[2]!.body, /is now 5 working days late\. It is allocated to Ivy Officer\./);
  void tess;
});

test(`a missed day is caught up once by the next sweep; a sweep run twice, or two at once, queue each reminder once (${engineName()})`, async () => {
  const { council, place, ivy } = await setUp();
  const a = await complaint(council.id, place.service, 'stage_open', [{ stage: 1, opened_on: '2026-12-01', due_on: '2026-12-30', investigating_officer_id: ivy.staffMemberId }]);
  // The server was down all Monday 21st: Tuesday brings the 5-day reminder and the week's digests, once.
  const tuesday = await Promise.all([0, 1, 2].map(() => sweepReminders(db, at('2026-12-22', '09:00'), { councilIds: [council.id] })));
  assert.equal(tuesday.reduce((n, r) => n + r.queued, 0), 3, 'three sweeps at once queue three messages between them');
  await sweepReminders(db, at('2026-12-22', '15:00'), { councilIds: [council.id] });
  assert.deepEqual((await queued(council.id)).lines,
    ['digest_directorate to Max Manager', 'digest_officer to Ivy Officer', `reminder_before to Ivy Officer about ${a.reference}`]);
  const before = await queued(council.id);
  // Wednesday: the digest went on Tuesday, so no second one this week.
  await sweepReminders(db, at('2026-12-23', '10:00'), { councilIds: [council.id] });
  assert.deepEqual((await queued(council.id, before.lastId)).lines, []);
  // Tuesday 29th (the 1-day reminder) missed too: Wednesday brings "due today" only, never both.
  await sweepReminders(db, at('2026-12-30', '11:00'), { councilIds: [council.id] });
  const wednesday = await queued(council.id, before.lastId);
  assert.deepEqual(wednesday.lines.filter((l) => !l.startsWith('digest')), [`reminder_due_today to Ivy Officer about ${a.reference}`]);
  const { rows } = await db.pool.query('SELECT queued FROM reminder_sweep WHERE council_id = $1', [council.id]);
  assert.deepEqual(rows, [{ queued: wednesday.lines.length }]);
});

test(`an extension starts the reminders again; a responded stage, a paused clock and a council's switched-off message send nothing (${engineName()})`, async () => {
  const { council, place, ivy } = await setUp();
  const a = await complaint(council.id, place.service, 'stage_open', [{ stage: 1, opened_on: '2026-12-01', due_on: '2026-12-30', investigating_officer_id: ivy.staffMemberId }]);
  await sweepReminders(db, at('2026-12-29', '10:00'), { councilIds: [council.id] });
  const first = await queued(council.id);
  assert.ok(first.lines.includes(`reminder_before to Ivy Officer about ${a.reference}`));
  // Extended to Wed 6 January: 5 working days left on the 29th: the 5-day reminder of the new date goes.
  await db.pool.query("UPDATE complaint_stage SET extended_to = '2027-01-06' WHERE council_id = $1 AND contact_id = $2", [council.id, a.id]);
  await sweepReminders(db, at('2026-12-29', '14:00'), { councilIds: [council.id] });
  const again = await queued(council.id, first.lastId);
  assert.deepEqual(again.lines, [`reminder_before to Ivy Officer about ${a.reference}`]);
  const { rows } = await db.pool.query<{ dedupe_key: string; subject: string }>(
    "SELECT dedupe_key, subject FROM message WHERE council_id = $1 AND template = 'reminder_before' ORDER BY id", [council.id]);
  assert.deepEqual(rows.map((r) => r.dedupe_key), [
    `reminder_before:s${await stageId(council.id, a.id, 1)}:2026-12-30:before1:sm${ivy.staffMemberId}`,
    `reminder_before:s${await stageId(council.id, a.id, 1)}:2027-01-06:before5:sm${ivy.staffMemberId}`,
  ]);
  // The council switches "due today" off: on the 6th nothing is queued for it.
  await db.pool.query("INSERT INTO message_switched_off (council_id, template) VALUES ($1, 'reminder_due_today')", [council.id]);
  await sweepReminders(db, at('2027-01-06', '10:00'), { councilIds: [council.id] });
  assert.deepEqual((await queued(council.id, again.lastId)).lines.filter((l) => !l.startsWith('digest')), []);
  // Responded: no overdue reminder the day after.
  await db.pool.query("UPDATE complaint_stage SET responded_on = '2027-01-06', outcome = 'upheld' WHERE council_id = $1 AND contact_id = $2", [council.id, a.id]);
  await db.pool.query("UPDATE complaint SET status = 'responded' WHERE council_id = $1 AND contact_id = $2", [council.id, a.id]);
  const last = await queued(council.id);
  await sweepReminders(db, at('2027-01-07', '10:00'), { councilIds: [council.id] });
  assert.deepEqual((await queued(council.id, last.lastId)).lines, []);
});

test(`history imported with stages and requests long overdue: none reminded beyond 60 working days (the manager neither), yet all in the weekly digest (${engineName()})`, async () => {
  const { council, place, ivy } = await setUp();
  const open = (dueOn: string) => complaint(council.id, place.service, 'stage_open',
    [{ stage: 1, opened_on: '2024-10-01', due_on: dueOn, investigating_officer_id: ivy.staffMemberId }]);
  const asked = (requestedOn: string) => complaint(council.id, place.service, 'escalation_requested', [
    { stage: 1, opened_on: '2024-10-01', due_on: '2024-10-29', responded_on: '2024-10-28', outcome: 'not_upheld', investigating_officer_id: ivy.staffMemberId },
    { stage: 2, requested_on: requestedOn },
  ]);
  // From Monday 11 January 2027, 60 working days back over 25 and 28 December and 1 January is Wed 14 October 2026.
  const last = await open('2026-10-14');
  const past = await open('2026-10-13');
  const ancient = await open('2024-11-29');
  // A request is late after its 2-day wait: reminded until 62 working days after it was made.
  const lastAsked = await asked('2026-10-12');
  await asked('2026-10-09');
  await asked('2024-11-29');

  await sweepReminders(db, at('2027-01-11', '10:00'), { councilIds: [council.id] });
  const got = await queued(council.id);
  assert.deepEqual(got.lines, [
    'digest_directorate to Max Manager', 'digest_officer to Ivy Officer',
    `escalation_awaiting to Tess Team about ${lastAsked.reference}`,
    `overdue_to_manager to Max Manager about ${last.reference}`,
    `reminder_overdue to Ivy Officer about ${last.reference}`,
  ].sort());
  // The digest still lists every open stage, the oldest first.
  const { rows } = await db.pool.query<{ body: string }>("SELECT body FROM message WHERE council_id = $1 AND template = 'digest_officer'", [council.id]);
  assert.match(rows[0]!.body, new RegExp(`\\* ${ancient.reference} – stage 1, due 29 November 2024 \\(overdue\\)\\n\\* ${past.reference} – stage 1, due 13 October 2026 \\(overdue\\)\\n\\* ${last.reference}`));
  // The next working day the last of them is past the stop too: nothing more.
  await sweepReminders(db, at('2027-01-12', '10:00'), { councilIds: [council.id] });
  assert.deepEqual((await queued(council.id, got.lastId)).lines, []);
});
