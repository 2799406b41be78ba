/**
 * The case-history format, version 2 (docs/formats/case-history-csv-v2.md): a council's move
 * from its old system carries several elements per complaint with their findings, remedies
 * and learning actions on stages, the Ombudsman's path, findings and reason for not
 * investigating, the intermediary and addressee, the commissioned-provider flag and where a
 * compliment came from — and export gives back the same bytes.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importCaseHistory, readCaseHistoryFolder, type ImportOptions } from '../../src/caseHistory/importCaseHistory.ts';
import { exportCaseHistory } from '../../src/caseHistory/exportCaseHistory.ts';
import { ImportRejectedError, type ImportProblem } from '../../src/caseHistory/problems.ts';
import { engineName, newTestCouncil, useTestDatabase } from '../support/testDatabase.ts';
import { systemActor } from '../../src/events/actor.ts';

const db = await useTestDatabase();
const OPTIONS: ImportOptions = { createOrg: true, today: '2024-11-01', actor: systemActor('test'), source: 'importV2.test.ts' };
const FIXTURE = new URL('../fixtures/case-history-v2/', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'redress-v2-'));
after(() => rmSync(work, { recursive: true, force: true }));

const folderBytes = (dir: string) => Object.fromEntries(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
async function exportOf(councilId: number, version?: 1 | 2) {
  const dir = mkdtempSync(join(work, 'export-'));
  await exportCaseHistory(db.pool, councilId, dir, version ? { version } : {});
  return dir;
}
/** A copy of the fixture with some files changed. */
function fixtureWith(changes: Record<string, string | null>) {
  const dir = mkdtempSync(join(work, 'in-'));
  for (const f of readdirSync(FIXTURE)) copyFileSync(join(FIXTURE, f), join(dir, f));
  for (const [f, text] of Object.entries(changes)) {
    if (text === null) rmSync(join(dir, f));
    else writeFileSync(join(dir, f), text);
  }
  return dir;
}
async function refusal(councilId: number, folder: string): Promise<ImportProblem[]> {
  const error = await importCaseHistory(db, councilId, readCaseHistoryFolder(folder), OPTIONS).then(() => null, (e: unknown) => e);
  assert.ok(error instanceof ImportRejectedError, `expected a refusal, got ${String(error)}`);
  return error.problems;
}

test(`a version 2 folder imports everything it says, and exports byte for byte (${engineName()})`, async () => {
  const council = await newTestCouncil(db);
  await importCaseHistory(db, council.id, readCaseHistoryFolder(FIXTURE), OPTIONS);
  const q = async (sql: string) => (await db.pool.query(sql, [council.id])).rows;

  // Several heads of complaint, each with its category and finding, at each stage.
  assert.deepEqual(await q(`
    SELECT c.reference, s.stage, e.summary, cat.name AS category, e.outcome
      FROM complaint_element e JOIN complaint_stage s ON s.council_id = e.council_id AND s.id = e.stage_id
      JOIN contact c ON c.council_id = s.council_id AND c.id = s.contact_id
      LEFT JOIN complaint_category cat ON cat.council_id = e.council_id AND cat.id = e.category_id
     WHERE e.council_id = $1 AND c.reference = 'V2-0002' ORDER BY e.id`), [
    { reference: 'V2-0002', stage: 1, summary: 'Three home care visits missed in March', category: 'Service Level/Quality', outcome: 'upheld' },
    { reference: 'V2-0002', stage: 1, summary: "No reply to the advocate's letters", category: 'Communication', outcome: 'upheld' },
  ]);
  assert.deepEqual(await q(`SELECT r.stage, r.kind, r.amount FROM remedy r JOIN contact c ON c.council_id = r.council_id AND c.id = r.contact_id
                             WHERE r.council_id = $1 AND c.reference = 'V2-0001' ORDER BY r.id`),
    [{ stage: 1, kind: 'apology', amount: null }, { stage: 2, kind: 'financial_redress', amount: 125.5 }]);
  assert.deepEqual(await q(`SELECT a.stage, a.owner FROM learning_action a WHERE a.council_id = $1 ORDER BY a.id`),
    [{ stage: 2, owner: 'Highways Manager' }, { stage: 1, owner: 'Head of Home Care' }]);
  assert.deepEqual(await q(`SELECT reference, intermediary, addressed_to, commissioned_provider, compliment_source FROM contact
                             WHERE council_id = $1 AND reference IN ('V2-0002', 'V2-0004') ORDER BY reference`), [
    { reference: 'V2-0002', intermediary: 'advocacy_service', addressed_to: 'Chief Executive', commissioned_provider: true, compliment_source: null },
    { reference: 'V2-0004', intermediary: null, addressed_to: null, commissioned_provider: null, compliment_source: 'survey' },
  ]);
  assert.deepEqual(await q(`SELECT o.ombudsman_reference, o.path, o.not_investigated_reason, array_agg(f.finding ORDER BY f.id) AS findings
                              FROM ombudsman_case o LEFT JOIN ombudsman_finding f ON f.council_id = o.council_id AND f.ombudsman_case_id = o.id
                             WHERE o.council_id = $1 GROUP BY o.council_id, o.id ORDER BY o.ombudsman_reference`), [
    { ombudsman_reference: '23001455', path: 'investigation', not_investigated_reason: null, findings: ['maladministration', 'no_maladministration'] },
    { ombudsman_reference: '23004567', path: 'assessment', not_investigated_reason: 'alternative_remedy', findings: [null] },
    { ombudsman_reference: '23009999', path: 'enquiry', not_investigated_reason: 'premature', findings: [null] },
  ]);

  // The export is the fixture itself; and export → import → export is the same again.
  const first = await exportOf(council.id);
  assert.deepEqual(folderBytes(first), folderBytes(FIXTURE));
  const fresh = await newTestCouncil(db);
  await importCaseHistory(db, fresh.id, readCaseHistoryFolder(first), OPTIONS);
  assert.deepEqual(folderBytes(await exportOf(fresh.id)), folderBytes(FIXTURE));
});

test('importing the same version 2 folder again changes nothing; a changed element changes only its case', async () => {
  const council = await newTestCouncil(db);
  await importCaseHistory(db, council.id, readCaseHistoryFolder(FIXTURE), OPTIONS);
  const again = await importCaseHistory(db, council.id, readCaseHistoryFolder(FIXTURE), OPTIONS);
  assert.equal(again.contactsUpdated, 0);
  const events = async () => (await db.pool.query<{ reference: string }>(
    `SELECT c.reference FROM case_event e JOIN contact c ON c.council_id = e.council_id AND c.id = e.contact_id
      WHERE e.council_id = $1 AND e.type = 'updated_by_import' ORDER BY c.reference`, [council.id])).rows.map((r) => r.reference);
  assert.deepEqual(await events(), []);

  const elements = readFileSync(join(FIXTURE, 'elements.csv'), 'utf8').replace('Officer was rude on the phone,Staff Conduct,not_upheld\nV2-0002', 'Officer was rude on the phone,Staff Conduct,upheld\nV2-0002');
  await importCaseHistory(db, council.id, readCaseHistoryFolder(fixtureWith({ 'elements.csv': elements })), OPTIONS);
  assert.deepEqual(await events(), ['V2-0001']);
  assert.equal(folderBytes(await exportOf(council.id))['elements.csv'], elements);
});

test('a version 1 folder imported over version 2 data leaves what only version 2 can say', async () => {
  const council = await newTestCouncil(db);
  await importCaseHistory(db, council.id, readCaseHistoryFolder(FIXTURE), OPTIONS);
  const v1 = await exportOf(council.id, 1);
  assert.deepEqual(readdirSync(v1).sort(), ['contacts.csv', 'ombudsman.csv', 'stages.csv']);
  await importCaseHistory(db, council.id, readCaseHistoryFolder(v1), OPTIONS);
  assert.deepEqual(folderBytes(await exportOf(council.id)), folderBytes(FIXTURE));
});

test('version 2 rows that contradict the rest of the folder are refused by row and column', async () => {
  const council = await newTestCouncil(db);
  const folder = fixtureWith({
    'elements.csv': `${readFileSync(join(FIXTURE, 'elements.csv'), 'utf8')}V2-0003,1,Not at stage 1: it went straight to stage 2,,upheld\nV2-0004,1,A compliment has no elements,,\n`,
    'remedies.csv': `${readFileSync(join(FIXTURE, 'remedies.csv'), 'utf8')}V2-0003,,financial_redress,No amount,,,\nV2-0002,,apology,Before the complaint,,,2023-05-01\n`,
    'ombudsman_findings.csv': `${readFileSync(join(FIXTURE, 'ombudsman_findings.csv'), 'utf8')}99999999,lgsco,upheld,\n`,
    'ombudsman.csv': readFileSync(join(FIXTURE, 'ombudsman.csv'), 'utf8').replace('assessment,alternative_remedy', 'investigation,alternative_remedy'),
    'contacts.csv': readFileSync(join(FIXTURE, 'contacts.csv'), 'utf8').replace('Home care visits missed,advocacy_service,Chief Executive,yes,', 'Home care visits missed,advocacy_service,Chief Executive,yes,survey'),
  });
  assert.deepEqual(await refusal(council.id, folder), [
    { file: 'contacts.csv', row: 3, column: 'compliment_source', value: 'survey', expected: 'blank: only a compliment has a source, and this row\'s kind is complaint' },
    { file: 'ombudsman.csv', row: 3, column: 'path', value: 'investigation', expected: 'enquiry or assessment, as detailed_investigation is no (or set detailed_investigation to yes)' },
    { file: 'ombudsman.csv', row: 3, column: 'not_investigated_reason', value: 'alternative_remedy', expected: 'blank: the Ombudsman investigated this case' },
    { file: 'elements.csv', row: 9, column: 'stage', value: '1', expected: 'a stage V2-0003 reached (2) in stages.csv' },
    { file: 'elements.csv', row: 10, column: 'reference', value: 'V2-0004', expected: 'a formal or urgent complaint; contacts.csv row 5 is a compliment' },
    { file: 'remedies.csv', row: 6, column: 'amount', value: '', expected: 'the amount of financial redress, in pounds' },
    { file: 'remedies.csv', row: 7, column: 'done_on', value: '2023-05-01', expected: 'a date on or after the complaint was received (2023-05-10, contacts.csv row 3)' },
    { file: 'ombudsman_findings.csv', row: 4, column: 'ombudsman_reference', value: '99999999', expected: 'the reference of a lgsco case in ombudsman.csv; there is no such case' },
  ]);
});

test('a folder with version 2 files and no format.json, or a format.json that is wrong, is refused saying how to declare it', async () => {
  const council = await newTestCouncil(db);
  const declare = 'declare the folder\'s version in format.json ({"format": "redress-case-history", "version": 2})';
  const undeclared = await refusal(council.id, fixtureWith({ 'format.json': null, 'contacts.csv': 'reference,kind,received_on\nV2-0001,complaint,2023-04-03\n', 'ombudsman.csv': null }));
  assert.ok(undeclared.some((p) => p.file === 'elements.csv' && p.expected === `a file of format version 2; ${declare}`), JSON.stringify(undeclared));
  const wrong = await refusal(council.id, fixtureWith({ 'format.json': '{"version": 3}' }));
  assert.deepEqual(wrong, [{ file: 'format.json', row: null, column: null, value: '{"version":3}', expected: 'a JSON object {"format": "redress-case-history", "version": 2} (versions 1 and 2 exist)' }]);
});
