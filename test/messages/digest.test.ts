import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { engineName, newTestCouncil, useTestDatabase } from '../support/testDatabase.ts';
import { addTestStaff } from '../support/staffSession.ts';
import { sweepReminders } from '../../src/messages/reminders/sweep.ts';
import { digestList, DIGEST_LINES, type OpenStage } from '../../src/messages/reminders/digest.ts';

const db = await useTestDatabase();

async function unit(councilId: number, name: string): Promise<number> {
  const { rows } = await db.pool.query<{ id: string }>("INSERT INTO org_unit (council_id, kind, name) VALUES ($1, 'directorate', $2) RETURNING id", [councilId, name]);
  return Number(rows[0]!.id);
}

/** An open stage 1 in a directorate, due on a date, allocated or not. */
async function openStage(councilId: number, orgUnit: number, dueOn: string, officerId: number | null, procedure = 'corporate'): Promise<string> {
  const reference = `D-${dueOn}-${randomUUID().slice(0, 4)}`;
  const c = await db.pool.query<{ id: string }>(
    `INSERT INTO contact (council_id, reference, kind, channel, received_on, procedure_code, route, org_unit_id)
     VALUES ($1, $2, 'complaint', 'email', '2026-11-02', $4, 'formal', $3) RETURNING id`, [councilId, reference, orgUnit, procedure]);
  await db.pool.query(
    `INSERT INTO complaint (council_id, contact_id, procedure_id, status)
     SELECT $1, $2, id, 'stage_open' FROM council_procedure WHERE council_id = $1 AND code = $3 AND retired_on IS NULL`,
    [councilId, c.rows[0]!.id, procedure]);
  await db.pool.query(
    "INSERT INTO complaint_stage (council_id, contact_id, stage, opened_on, due_on, investigating_officer_id) VALUES ($1, $2, 1, '2026-11-02', $3, $4)",
    [councilId, c.rows[0]!.id, dueOn, officerId]);
  return reference;
}

async function digests(councilId: number) {
  const { rows } = await db.pool.query<{ template: string; recipient_name: string; subject: string; body: string; dedupe_key: string; queued_at: Date }>(
    "SELECT template, recipient_name, subject, body, dedupe_key, queued_at FROM message WHERE council_id = $1 AND template LIKE 'digest%' ORDER BY id", [councilId]);
  return rows;
}

const at = (iso: string) => new Date(`${iso}:00Z`); // winter: London keeps GMT

test(`the weekly digest: each officer's open stages with their due dates, each manager's directorates with counts, on the digest day in working hours, once a week (${engineName()})`, async () => {
  const council = await newTestCouncil(db);
  const place = await unit(council.id, 'Place');
  const people = await unit(council.id, 'People');
  const ivy = await addTestStaff(db, council.id, ['investigating_officer'], { name: 'Ivy Officer', directorates: [place] });
  const max = await addTestStaff(db, council.id, ['manager'], { name: 'Max Manager', directorates: [place] });
  await addTestStaff(db, council.id, ['manager'], { name: 'Pat Peoplemanager', directorates: [people] });
  const late = await openStage(council.id, place, '2026-12-04', ivy.staffMemberId);
  const soon = await openStage(council.id, place, '2026-12-18', ivy.staffMemberId);
  const nobody = await openStage(council.id, place, '2026-12-22', null);
  // Children's social care is restricted: Pat may not see it, so Pat's digest leaves it out (and Pat has nothing else).
  await openStage(council.id, people, '2026-12-23', null, 'children_statutory');

  await sweepReminders(db, at('2026-12-07T08:30'), { councilIds: [council.id] });
  assert.equal((await digests(council.id)).length, 0, 'Monday 08:30: before working hours');
  await sweepReminders(db, at('2026-12-07T09:15'), { councilIds: [council.id] });
  await sweepReminders(db, at('2026-12-07T13:00'), { councilIds: [council.id] });
  await sweepReminders(db, at('2026-12-08T10:00'), { councilIds: [council.id] });
  const sent = await digests(council.id);
  assert.deepEqual(sent.map((m) => `${m.template} to ${m.recipient_name}`).sort(), ['digest_directorate to Max Manager', 'digest_officer to Ivy Officer'].sort());
  const officer = sent.find((m) => m.template === 'digest_officer')!;
  assert.equal(officer.subject, 'Your complaints this week: 2 open');
  assert.match(officer.body, new RegExp(`\\* ${late} – stage 1, due 4 December 2026 \\(overdue\\)\\n\\* ${soon} – stage 1, due 18 December 2026\\n`));
  assert.match(officer.dedupe_key, /^digest_officer:2026-W50:sm\d+$/);
  const manager = sent.find((m) => m.template === 'digest_directorate')!;
  assert.equal(manager.subject, 'Place: complaints this week');
  assert.match(manager.body, /Open complaints in Place: 3, of which 1 overdue\./);
  assert.match(manager.body, new RegExp(`\\* ${nobody} – stage 1, due 22 December 2026, not allocated`));
  assert.match(manager.body, new RegExp(`\\* ${late} – stage 1, due 4 December 2026 \\(overdue\\), Ivy Officer`));
  assert.match(manager.dedupe_key, new RegExp(`^digest_directorate:2026-W50:d${place}:a${max.accountId}$`));

  // Christmas week: Monday 28th is a bank holiday, so the digest goes on Tuesday 29th.
  await sweepReminders(db, at('2026-12-28T10:00'), { councilIds: [council.id] });
  assert.equal((await digests(council.id)).length, 2);
  await sweepReminders(db, at('2026-12-29T10:00'), { councilIds: [council.id] });
  const christmas = (await digests(council.id)).slice(2);
  assert.deepEqual(christmas.map((m) => m.dedupe_key.split(':').slice(0, 2).join(':')).sort(), ['digest_directorate:2026-W53', 'digest_officer:2026-W53']);
});

test(`a digest day the sweep missed is caught up once later that week; a digest day that has gone sends no other that week (${engineName()})`, async () => {
  const council = await newTestCouncil(db);
  const place = await unit(council.id, 'Place');
  const ivy = await addTestStaff(db, council.id, ['investigating_officer'], { name: 'Ivy Officer', directorates: [place] });
  await openStage(council.id, place, '2027-01-20', ivy.staffMemberId);
  // Monday 11 January missed entirely: Wednesday sends the week's digest, Thursday nothing more.
  await sweepReminders(db, at('2027-01-13T11:00'), { councilIds: [council.id] });
  await sweepReminders(db, at('2027-01-14T11:00'), { councilIds: [council.id] });
  assert.deepEqual((await digests(council.id)).map((m) => m.dedupe_key.replace(/sm\d+/, 'sm')), ['digest_officer:2027-W02:sm']);
  // An officer allocated on Friday does not get a digest until the next digest day.
  const ann = await addTestStaff(db, council.id, ['investigating_officer'], { name: 'Ann Newofficer', directorates: [place] });
  await openStage(council.id, place, '2027-01-25', ann.staffMemberId);
  await sweepReminders(db, at('2027-01-15T11:00'), { councilIds: [council.id] });
  assert.equal((await digests(council.id)).length, 1);
  await sweepReminders(db, at('2027-01-18T11:00'), { councilIds: [council.id] });
  assert.deepEqual((await digests(council.id)).slice(1).map((m) => m.recipient_name).sort(), ['Ann Newofficer', 'Ivy Officer']);
});

test('a digest lists at most 50 stages, then says how many more', () => {
  const stages: OpenStage[] = Array.from({ length: 63 }, (_, i) => ({
    reference: `HBC-${String(i).padStart(3, '0')}`, stage: 1, dueOn: '2027-01-20', officerId: 1, officerName: 'Ivy Officer', officerEmail: 'ivy@x.test',
    directorateId: 1, directorateName: 'Place', restricted: false,
  }));
  const list = digestList(stages, '2027-01-11', false);
  const lines = list.split('\n');
  assert.equal(lines.filter((l) => l.startsWith('* ')).length, DIGEST_LINES);
  assert.equal(lines.at(-1), 'and 13 more');
  assert.equal(lines[0], '* HBC-000 – stage 1, due 20 January 2027');
  assert.equal(digestList(stages.slice(0, 2), '2027-01-11', true), '* HBC-000 – stage 1, due 20 January 2027, Ivy Officer\n* HBC-001 – stage 1, due 20 January 2027, Ivy Officer');
});
