import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { engineName, newTestCouncil, useTestDatabase } from '../support/testDatabase.ts';
import { addTestStaff } from '../support/staffSession.ts';
import { sweepReminders } from '../../src/messages/reminders/sweep.ts';

/**
 * Remedies, learning actions and Ombudsman compliance falling due (issue 8): who is reminded,
 * of what, and when they are not (done, complied, long overdue, a restricted case).
 */

const db = await useTestDatabase();

async function directorate(councilId: number): Promise<number> {
  const { rows } = await db.pool.query<{ id: string }>("INSERT INTO org_unit (council_id, kind, name) VALUES ($1, 'directorate', 'Place') RETURNING id", [councilId]);
  return Number(rows[0]!.id);
}

/** A complaint answered at every stage (remedies follow a response), its stages' officers as given. */
async function answeredCase(councilId: number, unit: number, officers: (number | null)[], restricted = false): Promise<{ reference: string; id: number }> {
  const reference = `A-${randomUUID().slice(0, 8)}`;
  const c = await db.pool.query<{ id: string }>(
    `INSERT INTO contact (council_id, reference, kind, channel, received_on, procedure_code, route, triaged_on, org_unit_id, summary, restricted)
     VALUES ($1, $2, 'complaint', 'email', '2026-09-01', 'corporate', 'formal', '2026-09-01', $3, 'Bins missed', $4) RETURNING id`,
    [councilId, reference, unit, restricted]);
  const id = Number(c.rows[0]!.id);
  await db.pool.query(
    `INSERT INTO complaint (council_id, contact_id, procedure_id, status)
     SELECT $1, $2, id, 'responded' FROM council_procedure WHERE council_id = $1 AND code = 'corporate' AND retired_on IS NULL`,
    [councilId, id]);
  for (const [i, officer] of officers.entries()) {
    await db.pool.query(
      `INSERT INTO complaint_stage (council_id, contact_id, stage, opened_on, due_on, responded_on, outcome, investigating_officer_id)
       VALUES ($1, $2, $3, '2026-09-01', '2026-09-29', '2026-09-28', 'upheld', $4)`,
      [councilId, id, i + 1, officer]);
  }
  return { reference, id };
}

async function remedy(councilId: number, on: { contactId?: number; ombudsmanCaseId?: number }, dueOn: string, doneOn: string | null = null): Promise<number> {
  const { rows } = await db.pool.query<{ id: string }>(
    "INSERT INTO remedy (council_id, contact_id, ombudsman_case_id, kind, description, due_on, done_on) VALUES ($1, $2, $3, 'apology', 'Apologise in writing', $4, $5) RETURNING id",
    [councilId, on.contactId ?? null, on.ombudsmanCaseId ?? null, dueOn, doneOn]);
  return Number(rows[0]!.id);
}

async function learningAction(councilId: number, contactId: number, dueOn: string, description = 'Retrain the crews on assisted collections'): Promise<number> {
  const { rows } = await db.pool.query<{ id: string }>(
    "INSERT INTO learning_action (council_id, contact_id, description, owner, due_on) VALUES ($1, $2, $3, 'Waste services', $4) RETURNING id",
    [councilId, contactId, description, dueOn]);
  return Number(rows[0]!.id);
}

async function ombudsmanCase(councilId: number, contactId: number, body: string, complianceDueOn: string, compliedOn: string | null = null): Promise<{ id: number; reference: string }> {
  const reference = `24 ${randomUUID().slice(0, 6)}`;
  const { rows } = await db.pool.query<{ id: string }>(
    `INSERT INTO ombudsman_case (council_id, body, ombudsman_reference, received_on, contact_id, compliance_due_on, complied_on)
     VALUES ($1, $2, $3, '2026-10-01', $4, $5, $6) RETURNING id`,
    [councilId, body, reference, contactId, complianceDueOn, compliedOn]);
  return { id: Number(rows[0]!.id), reference };
}

interface Queued { id: number; template: string; recipient_name: string; reference: string | null; subject: string; body: string; dedupe_key: string }

/** Messages queued after `sinceId`, digests left out (the weekly digest is tested in digest.test.ts). */
async function queued(councilId: number, sinceId = 0): Promise<Queued[]> {
  const { rows } = await db.pool.query<Queued>(
    `SELECT m.id::int AS id, m.template, m.recipient_name, c.reference, m.subject, m.body, m.dedupe_key FROM message m
       LEFT JOIN contact c ON c.council_id = m.council_id AND c.id = m.contact_id
      WHERE m.council_id = $1 AND m.id > $2 AND m.template NOT LIKE 'digest%' ORDER BY m.id`,
    [councilId, sinceId]);
  return rows;
}
const lines = (rows: Queued[]) => rows.map((r) => `${r.template} to ${r.recipient_name}${r.reference ? ` about ${r.reference}` : ''}`).sort();
const lastId = (rows: Queued[], before: number) => Math.max(before, ...rows.map((r) => r.id));

/** A moment on the council's clock: in January London keeps GMT. */
const at = (date: string, time = '10:00') => new Date(`${date}T${time}:00Z`);

async function setUp() {
  const council = await newTestCouncil(db);
  const place = await directorate(council.id);
  const olly = await addTestStaff(db, council.id, ['investigating_officer'], { directorates: [place], name: 'Olly Firststage' });
  const ivy = await addTestStaff(db, council.id, ['investigating_officer'], { directorates: [place], name: 'Ivy Officer' });
  // The complaints team: Tess may not see restricted cases, Rae may.
  await addTestStaff(db, council.id, ['complaints_officer'], { name: 'Tess Team' });
  await addTestStaff(db, council.id, ['complaints_administrator'], { name: 'Rae Restricted', maySeeRestricted: true });
  await addTestStaff(db, council.id, ['manager'], { directorates: [place], name: 'Max Manager' });
  return { council, place, olly, ivy };
}

test(`remedies and learning actions falling due go to the officer of the case's latest stage, or to the complaints team when it has none; a restricted case only to those who may see it (${engineName()})`, async () => {
  const { council, place, olly, ivy } = await setUp();
  // A: stage 1 answered by Olly, stage 2 by Ivy. B: nobody allocated. C: restricted, nobody allocated.
  const a = await answeredCase(council.id, place, [olly.staffMemberId, ivy.staffMemberId]);
  const b = await answeredCase(council.id, place, [null]);
  const c = await answeredCase(council.id, place, [null], true);
  // On Tuesday 12 January 2027:
  const soon = await remedy(council.id, { contactId: a.id }, '2027-01-19'); // 5 working days left
  await remedy(council.id, { contactId: a.id }, '2027-01-12', '2027-01-08'); // done already
  await remedy(council.id, { contactId: b.id }, '2027-01-12'); // due today, no officer
  await learningAction(council.id, c.id, '2027-01-11'); // 1 working day overdue, restricted
  await learningAction(council.id, a.id, '2027-01-13', 'Check the round sheets weekly'); // 1 working day left
  const omb = await ombudsmanCase(council.id, a.id, 'lgsco', '2027-03-01');
  await remedy(council.id, { ombudsmanCaseId: omb.id }, '2027-01-12'); // recorded on the Ombudsman's case only: still the case's officer

  await sweepReminders(db, at('2027-01-12'), { councilIds: [council.id] });
  const tuesday = await queued(council.id);
  assert.deepEqual(lines(tuesday), [
    `learning_action_due to Ivy Officer about ${a.reference}`,
    `learning_action_due to Rae Restricted about ${c.reference}`,
    `remedy_due to Ivy Officer about ${a.reference}`,
    `remedy_due to Ivy Officer about ${a.reference}`,
    `remedy_due to Rae Restricted about ${b.reference}`,
    `remedy_due to Tess Team about ${b.reference}`,
  ].sort());

  // What the officer reads: the remedy, when it is due, how long is left, and the case.
  const before = tuesday.find((m) => m.template === 'remedy_due' && m.dedupe_key.startsWith(`remedy_due:r${soon}:`))!;
  assert.equal(before.subject, `Remedy due 19 January 2027 on complaint ${a.reference}`);
  assert.match(before.body, /^Hello Ivy Officer\n\nA remedy agreed on complaint \S+ is due by 19 January 2027\. It is due in 5 working days\.\n\n\* Apologise in writing\n/);
  assert.match(before.body, new RegExp(`Open the case: http://localhost:3000/cases/${a.reference}$`));
  const action = tuesday.find((m) => m.template === 'learning_action_due' && m.reference === c.reference)!;
  assert.equal(action.subject, `Learning action due 11 January 2027 from complaint ${c.reference}`);
  assert.match(action.body, /owned by Waste services, is due by 11 January 2027\. It is 1 working day overdue\.\n\n\* Retrain the crews on assisted collections/);
  assert.match(tuesday.find((m) => m.reference === b.reference && m.recipient_name === 'Tess Team')!.body, /It is due today\./);

  // Ivy records the remedy done on Wednesday: Monday 18th (1 working day left) brings nothing for it.
  await db.pool.query("UPDATE remedy SET done_on = '2027-01-13' WHERE council_id = $1 AND id = $2", [council.id, soon]);
  await sweepReminders(db, at('2027-01-13'), { councilIds: [council.id] });
  const wednesday = await queued(council.id, lastId(tuesday, 0));
  // The learning action due today; yesterday's two remedies now overdue (the restricted action's overdue reminder went yesterday).
  assert.deepEqual(lines(wednesday), [
    `learning_action_due to Ivy Officer about ${a.reference}`,
    `remedy_due to Ivy Officer about ${a.reference}`,
    `remedy_due to Rae Restricted about ${b.reference}`,
    `remedy_due to Tess Team about ${b.reference}`,
  ].sort());
  assert.ok(!wednesday.some((m) => m.dedupe_key.startsWith(`remedy_due:r${soon}:`)));
  await sweepReminders(db, at('2027-01-18'), { councilIds: [council.id] });
  const monday = await queued(council.id, lastId(wednesday, lastId(tuesday, 0)));
  assert.ok(!monday.some((m) => m.dedupe_key.startsWith(`remedy_due:r${soon}:`)), 'a done remedy is not reminded');
});

test(`Ombudsman compliance falling due goes to the complaints team with the Ombudsman's name, a restricted case's only to those who may see it, and stops once complied (${engineName()})`, async () => {
  const { council, place, ivy } = await setUp();
  const a = await answeredCase(council.id, place, [ivy.staffMemberId]);
  const c = await answeredCase(council.id, place, [null], true);
  const lgo = await ombudsmanCase(council.id, a.id, 'lgsco', '2027-01-12'); // due today
  const housing = await ombudsmanCase(council.id, c.id, 'housing_ombudsman', '2027-01-13'); // 1 working day left, restricted
  await ombudsmanCase(council.id, a.id, 'lgsco', '2027-01-12', '2027-01-11'); // complied already

  await sweepReminders(db, at('2027-01-12'), { councilIds: [council.id] });
  const tuesday = await queued(council.id);
  assert.deepEqual(lines(tuesday), [
    `ombudsman_compliance_due to Rae Restricted about ${a.reference}`,
    `ombudsman_compliance_due to Rae Restricted about ${c.reference}`,
    `ombudsman_compliance_due to Tess Team about ${a.reference}`,
  ].sort());
  const toTess = tuesday.find((m) => m.recipient_name === 'Tess Team')!;
  assert.equal(toTess.subject, `Ombudsman remedy due 12 January 2027: ${lgo.reference}`);
  assert.match(toTess.body, new RegExp(
    `The Local Government and Social Care Ombudsman's recommendations on case ${lgo.reference} \\(complaint ${a.reference}\\) must be complied with by 12 January 2027\\. It is due today\\.`));
  const restricted = tuesday.find((m) => m.reference === c.reference)!;
  assert.match(restricted.body, new RegExp(`The Housing Ombudsman's recommendations on case ${housing.reference} .* It is due in 1 working day\\.`));

  // The council complies with the LGO on the day: Wednesday brings nothing for it (it would be 1 working day overdue).
  await db.pool.query("UPDATE ombudsman_case SET complied_on = '2027-01-12' WHERE council_id = $1 AND id = $2", [council.id, lgo.id]);
  await sweepReminders(db, at('2027-01-13'), { councilIds: [council.id] });
  assert.deepEqual(lines(await queued(council.id, lastId(tuesday, 0))), [`ombudsman_compliance_due to Rae Restricted about ${c.reference}`]);
});

test(`items overdue by more than overdueStopAfter working days (history imported with open items) are not reminded, the boundary counted over Christmas (${engineName()})`, async () => {
  const { council, place, ivy } = await setUp();
  const a = await answeredCase(council.id, place, [ivy.staffMemberId]);
  // From Tue 12 January 2027, 60 working days back over 25 and 28 December and 1 January is Thu 15 October 2026.
  await remedy(council.id, { contactId: a.id }, '2026-10-15');
  await learningAction(council.id, a.id, '2026-10-15');
  await ombudsmanCase(council.id, a.id, 'lgsco', '2026-10-15');
  // One working day more: Wed 14 October, and two years overdue.
  for (const due of ['2026-10-14', '2025-01-10']) {
    await remedy(council.id, { contactId: a.id }, due);
    await learningAction(council.id, a.id, due);
    await ombudsmanCase(council.id, a.id, 'lgsco', due);
  }
  await sweepReminders(db, at('2027-01-12'), { councilIds: [council.id] });
  const rows = await queued(council.id);
  assert.deepEqual(lines(rows), [
    `learning_action_due to Ivy Officer about ${a.reference}`,
    `ombudsman_compliance_due to Rae Restricted about ${a.reference}`,
    `ombudsman_compliance_due to Tess Team about ${a.reference}`,
    `remedy_due to Ivy Officer about ${a.reference}`,
  ].sort());
  assert.ok(rows.every((m) => m.body.includes('due by 15 October 2026. It is 60 working days overdue.') || m.body.includes('complied with by 15 October 2026. It is 60 working days overdue.')));

  // A council that stops sooner: 20 working days (its manager is told after 5).
  await db.pool.query('UPDATE council SET reminder_settings = $2 WHERE id = $1', [council.id, JSON.stringify({ overdueStopAfter: 20 })]);
  await learningAction(council.id, a.id, '2026-12-10'); // Thu 10 December: 20 working days before 12 January
  await learningAction(council.id, a.id, '2026-12-09'); // 21
  await sweepReminders(db, at('2027-01-12', '14:00'), { councilIds: [council.id] });
  const later = await queued(council.id, lastId(rows, 0));
  assert.deepEqual(lines(later), [`learning_action_due to Ivy Officer about ${a.reference}`]);
  assert.match(later[0]!.body, /due by 10 December 2026\. It is 20 working days overdue\./);
});
