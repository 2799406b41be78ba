import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inflateRawSync } from 'node:zlib';
import { engineName, useTestDatabase } from '../support/testDatabase.ts';
import { addTestStaff } from '../support/staffSession.ts';
import { learningCouncil } from '../support/learningFixture.ts';
import { grid } from '../support/reportGrid.ts';
import { buildAnnualReport } from '../../src/reports/annualReport.ts';
import { defaultReportOptions } from '../../src/reports/reportCatalogue.ts';
import { REPORT_FORMATS } from '../../src/reports/reportFormats.ts';

/** The learning action plan in the annual report: counted by directorate and status, and listed as Calderdale's appendix does. */

const db = await useTestDatabase();
const today = '2025-06-02';

async function planCouncil() {
  const f = await learningCouncil(db);
  const wendy = await addTestStaff(db, f.council.id, ['manager'], { directorates: [f.place], name: 'Wendy Waste' });
  const bins = await f.complaint(f.waste, '2024-05-01');
  const care = await f.complaint(f.people, '2024-07-01');
  const earlier = await f.complaint(f.people, '2023-07-01');
  const comms = await f.theme('Communication');
  const planned = await f.action(bins.id, { description: 'Brief crews on assisted collections', lesson: 'Crews did not know who needs help', dueOn: '2025-09-01', status: 'in_progress' });
  await db.pool.query('UPDATE learning_action SET owner_account_id = $3 WHERE council_id = $1 AND id = $2', [f.council.id, planned, wendy.accountId]);
  await f.tag(planned, comms);
  await f.action(bins.id, { description: 'Check round sheets weekly', dueOn: '2025-01-01' });
  await f.action(bins.id, { description: 'New bin calendar', dueOn: '2025-01-01', doneOn: '2024-12-01' });
  await f.action(care.id, { description: 'Care letters in plain English', owner: 'Head of Care', dueOn: '2025-08-01' });
  const stopped = await f.action(care.id, { description: 'A new care database', dueOn: '2025-01-01' });
  await db.pool.query("UPDATE learning_action SET status = 'not_going_ahead', status_reason = 'Replaced by the national system' WHERE council_id = $1 AND id = $2", [f.council.id, stopped]);
  await f.action(earlier.id, { description: 'Last year’s action' });
  return { ...f, bins };
}

test(`the standard report counts learning actions by directorate and status and lists the year's plan (${engineName()})`, async () => {
  const f = await planCouncil();
  const report = await buildAnnualReport(db.pool, f.council.id, { ...defaultReportOptions('2024/25'), layout: 'standard' }, today);
  const tables = report.sections.flatMap((s) => s.tables);
  const byDirectorate = grid(tables.find((t) => t.key === 'learning.by_directorate')!);
  assert.deepEqual(byDirectorate.Place, { done: 1, open: 1, overdue: 1, not_going_ahead: 0, __total: 3 });
  assert.deepEqual(byDirectorate.People, { done: 0, open: 1, overdue: 0, not_going_ahead: 1, __total: 2 });
  assert.deepEqual(byDirectorate.__total, { done: 1, open: 2, overdue: 1, not_going_ahead: 1, __total: 5 });
  const plan = tables.find((t) => t.key === 'learning.action_plan')!;
  assert.equal(plan.title, 'Learning action plan, 2024/25');
  assert.deepEqual(plan.columns.map((c) => c.label), ['Directorate', 'What we learnt', 'Action', 'Owner', 'Due', 'Status']);
  const rows = plan.rows.map((r) => [r.label, ...r.cells]);
  assert.equal(rows.length, 5, 'the year’s actions only');
  assert.deepEqual(rows.find((r) => r[3] === 'Brief crews on assisted collections'),
    [f.bins.reference, 'Place', 'Crews did not know who needs help', 'Brief crews on assisted collections', 'Wendy Waste', '2025-09-01', 'In progress']);
  assert.ok(rows.some((r) => r[3] === 'A new care database' && r[6] === 'Not going ahead'));
  assert.ok(rows.some((r) => r[3] === 'Check round sheets weekly' && r[6] === 'Overdue'));
});

test('Calderdale’s appendix: action area (theme), action, key points, owner, directorate, due and status; in HTML and Word', async () => {
  const f = await planCouncil();
  const report = await buildAnnualReport(db.pool, f.council.id, { ...defaultReportOptions('2024/25'), layout: 'calderdale' }, today);
  const appendix = report.sections.flatMap((s) => s.tables).find((t) => t.key === 'learning.action_plan')!;
  assert.deepEqual(appendix.columns.map((c) => c.label), ['Theme', 'Action', 'What we learnt', 'Owner', 'Directorate', 'Due', 'Status']);
  assert.equal(appendix.rows.length, 6, 'the three comparison years');
  assert.deepEqual(appendix.rows.find((r) => r.cells[1] === 'Brief crews on assisted collections')!.cells,
    ['Communication', 'Brief crews on assisted collections', 'Crews did not know who needs help', 'Wendy Waste', 'Place', '2025-09-01', 'In progress']);
  const html = String(await REPORT_FORMATS.html.render(report));
  assert.match(html, /Crews did not know who needs help/);
  assert.match(html, /Not going ahead/);
  const docx = await REPORT_FORMATS.docx.render(report) as Buffer;
  assert.ok(documentXml(docx).includes('Crews did not know who needs help'), 'the Word document lists the action plan');
});

/** word/document.xml out of a .docx (a zip): enough of a reader to find the text. */
function documentXml(zip: Buffer): string {
  let at = 0;
  while ((at = zip.indexOf('PK\u0003\u0004', at, 'latin1')) >= 0) {
    const method = zip.readUInt16LE(at + 8);
    const size = zip.readUInt32LE(at + 18);
    const nameLength = zip.readUInt16LE(at + 26);
    const extra = zip.readUInt16LE(at + 28);
    const name = zip.toString('utf8', at + 30, at + 30 + nameLength);
    const start = at + 30 + nameLength + extra;
    if (name === 'word/document.xml') {
      const data = zip.subarray(start, start + size);
      return (method === 8 ? inflateRawSync(data) : data).toString('utf8');
    }
    at = start;
  }
  return '';
}

test(`a council-wide action (from no complaint) is in the plan list of the year it was agreed (${engineName()})`, async () => {
  const f = await planCouncil();
  const id = Number((await db.pool.query<{ id: string }>(
    `INSERT INTO learning_action (council_id, description, lesson, owner, org_unit_id, due_on, agreed_on)
     VALUES ($1, 'Train officers on plain English letters', 'Ombudsman report about another council', 'Head of Customer Services', $2, '2025-09-01', '2025-02-10') RETURNING id`,
    [f.council.id, f.people])).rows[0]!.id);
  assert.ok(id);
  const report = await buildAnnualReport(db.pool, f.council.id, { ...defaultReportOptions('2024/25'), layout: 'standard' }, today);
  const tables = report.sections.flatMap((s) => s.tables);
  const rows = tables.find((t) => t.key === 'learning.action_plan')!.rows.map((r) => [r.label, ...r.cells]);
  assert.deepEqual(rows.find((r) => r[3] === 'Train officers on plain English letters'),
    ['Council-wide', 'People', 'Ombudsman report about another council', 'Train officers on plain English letters', 'Head of Customer Services', '2025-09-01', 'Open']);
  assert.equal(rows.length, 6);
  assert.deepEqual(grid(tables.find((t) => t.key === 'learning.by_directorate')!).People,
    { done: 0, open: 2, overdue: 0, not_going_ahead: 1, __total: 3 }, 'counted under its plan’s directorate');
  const next = await buildAnnualReport(db.pool, f.council.id, { ...defaultReportOptions('2025/26'), layout: 'standard' }, today);
  assert.ok(!next.sections.flatMap((s) => s.tables).find((t) => t.key === 'learning.action_plan')!.rows.some((r) => r.cells.includes('Train officers on plain English letters')),
    'not in the following year');
});
