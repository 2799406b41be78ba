/**
 * "Bad input is answered with a clear error and nothing written" (docs/formats/case-history-csv.md):
 * each case starts from a small valid folder, breaks it one way, and checks that the import
 * is refused with problems naming the file, row (line), column, value and what was expected,
 * and that the council's rows are exactly as they were. Runs against the real database.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { importCaseHistory, readCaseHistoryFolder, type CaseHistoryFiles, type ImportOptions } from '../../src/caseHistory/importCaseHistory.ts';
import { exportCaseHistory } from '../../src/caseHistory/exportCaseHistory.ts';
import { ImportRejectedError, describeProblem, type ImportProblem } from '../../src/caseHistory/problems.ts';
import type { CaseHistoryFileName } from '../../src/caseHistory/format.ts';
import type { Database, Queryable } from '../../src/db/database.ts';
import { engineName, newTestCouncil, useTestDatabase } from '../support/testDatabase.ts';
import { systemActor } from '../../src/events/actor.ts';

const db = await useTestDatabase();

const OPTIONS: ImportOptions = { createOrg: true, today: '2024-11-01', actor: systemActor('test'), source: 'importRejects.test.ts' };

/** Every row a council owns that an import can write, by table. */
async function councilRowCounts(database: Database | Queryable, councilId: number): Promise<Record<string, number>> {
  const q: Queryable = 'pool' in database ? database.pool : database;
  const tables = ['contact', 'complaint', 'complaint_stage', 'ombudsman_case', 'org_unit', 'workspace', 'complaint_category', 'case_event', 'import_run'];
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const { rows } = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE council_id = $1`, [councilId]);
    counts[table] = rows[0]!.n;
  }
  return counts;
}

// ---------------------------------------------------------------------------------------
// A small valid case history, as tables (header first) so a test can break one cell.

type Table = string[][];
type Folder = Record<'contacts.csv' | 'stages.csv' | 'ombudsman.csv', Table>;

const CONTACTS_HEADER = ['reference', 'kind', 'received_on', 'channel', 'procedure', 'route', 'directorate', 'service', 'team', 'workspace', 'category', 'complainant_group', 'summary'];
const STAGES_HEADER = ['reference', 'stage', 'requested_on', 'decision', 'opened_on', 'extended_to', 'responded_on', 'outcome'];
const OMBUDSMAN_HEADER = ['ombudsman_reference', 'body', 'received_on', 'council_reference', 'category', 'detailed_investigation', 'decided_on', 'decision', 'satisfactory_remedy_by_council', 'remedies', 'remedy_amount', 'compliance_due_on', 'complied_on'];

/** What the council already has before each bad import: lines 2–6 of contacts.csv. */
function baseFolder(): Folder {
  return structuredClone({
    'contacts.csv': [
      CONTACTS_HEADER,
      ['HD-0001', 'complaint', '2023-04-03', 'email', 'corporate', 'formal', 'Place', 'Highways', 'Roads Maintenance', 'Roads', 'Service Level/Quality', 'service_user', 'Pothole not repaired'],
      ['HD-0002', 'complaint', '2023-05-10', 'telephone', 'adults_statutory', 'formal', 'People', 'Adult Social Care', '', '', 'Communication', 'relative', 'Care visit missed, twice'],
      ['HD-0003', 'compliment', '2023-06-01', '', '', '', 'Place', '', '', '', '', '', 'Thanks to the bin crew'],
      ['HD-0004', 'complaint', '2023-07-12', 'web_form', 'corporate', 'informal', 'Place', 'Highways', '', 'Roads', '', 'service_user', 'Resolved on the phone'],
      ['HD-0005', 'mp_enquiry', '2023-08-02', 'letter', '', '', 'People', '', '', '', '', 'mp', ''],
    ],
    'stages.csv': [
      STAGES_HEADER,
      ['HD-0001', '1', '', '', '2023-04-03', '', '2023-04-20', 'not_upheld'],
      ['HD-0001', '2', '2023-04-25', 'accepted', '2023-04-26', '2023-06-07', '2023-06-01', 'partially_upheld'],
      ['HD-0002', '1', '', '', '2023-05-10', '', '', ''],
    ],
    'ombudsman.csv': [
      OMBUDSMAN_HEADER,
      ['23001455', 'lgsco', '2023-09-01', 'HD-0001', 'Highways & Transport', 'yes', '2023-12-01', 'upheld', 'no', 'apology;financial_redress', '250', '2024-01-05', '2024-01-04'],
    ],
  });
}

/**
 * The folder each bad import starts from: the base plus a new complaint in a new
 * directorate (contacts.csv line 7, stages.csv line 5), and a changed outcome — so an
 * import that wrote anything at all would change the counts.
 */
function nextFolder(): Folder {
  const f = baseFolder();
  f['contacts.csv'].push(['HD-0006', 'complaint', '2024-02-01', 'email', 'corporate', 'urgent', 'Resources', 'Revenues & Benefits', '', 'Council Tax', 'Billing', 'service_user', 'Bill sent twice']);
  f['stages.csv'].push(['HD-0006', '1', '', '', '2024-02-01', '', '2024-02-20', 'upheld']);
  f['stages.csv'][2]![7] = 'upheld'; // HD-0001 stage 2 was partially_upheld
  return f;
}

/** Sets one cell, addressed as a problem addresses it: file line (header = 1) and column. */
function setCell(table: Table, line: number, column: string, value: string) {
  const c = table[0]!.indexOf(column);
  assert.ok(c >= 0 && table[line - 1], `no cell at line ${line}, column ${column}`);
  table[line - 1]![c] = value;
}

function toFiles(folder: Folder): CaseHistoryFiles {
  const files: CaseHistoryFiles = {};
  for (const [name, table] of Object.entries(folder) as [CaseHistoryFileName, Table][]) files[name] = Buffer.from(stringify(table));
  return files;
}

/** A council holding the base case history, and its row counts. */
async function councilWithHistory() {
  const council = await newTestCouncil(db);
  await importCaseHistory(db, council.id, toFiles(baseFolder()), OPTIONS);
  return { council, before: await councilRowCounts(db, council.id) };
}

const FILE_ORDER = ['contacts.csv', 'stages.csv', 'ombudsman.csv'];
const sortProblems = (problems: ImportProblem[]) =>
  [...problems].sort((a, b) =>
    FILE_ORDER.indexOf(a.file) - FILE_ORDER.indexOf(b.file) || (a.row ?? 0) - (b.row ?? 0) ||
    (a.column ?? '').localeCompare(b.column ?? '') || a.expected.localeCompare(b.expected));

/** The import is refused with exactly `expected`, and nothing about the council changed. */
async function assertRefusedUnchanged(files: CaseHistoryFiles, expected: ImportProblem[], options: Partial<ImportOptions> = {}) {
  const { council, before } = await councilWithHistory();
  let rejection: unknown;
  await importCaseHistory(db, council.id, files, { ...OPTIONS, ...options }).then(
    () => assert.fail('the import was accepted'),
    (error: unknown) => { rejection = error; },
  );
  assert.ok(rejection instanceof ImportRejectedError, `expected ImportRejectedError, got ${String(rejection)}`);
  // Compared in file, row, column order: which check found a problem first is not a promise.
  assert.deepEqual(sortProblems(rejection.problems), sortProblems(expected));
  // The message a person reads names every problem too.
  for (const p of expected) assert.ok(rejection.message.includes(describeProblem(p)), `message lacks: ${describeProblem(p)}\n${rejection.message}`);
  assert.deepEqual(await councilRowCounts(db, council.id), before, 'the refused import wrote something');
  return rejection;
}

const ALL_CONTACT_COLUMNS = CONTACTS_HEADER.join(', ');

test(`the folders these tests start from are valid (${engineName()})`, async () => {
  const { council, before } = await councilWithHistory();
  const some = (counts: Record<string, number>) => {
    const { contact, complaint_stage, ombudsman_case, org_unit, workspace, complaint_category, import_run } = counts;
    return { contact, complaint_stage, ombudsman_case, org_unit, workspace, complaint_category, import_run };
  };
  assert.deepEqual(some(before), { contact: 5, complaint_stage: 3, ombudsman_case: 1, org_unit: 5, workspace: 1, complaint_category: 2, import_run: 1 });
  // Importing the next folder writes to every one of these tables, so a refused import
  // that wrote anything at all would show in the counts.
  const summary = await importCaseHistory(db, council.id, toFiles(nextFolder()), OPTIONS);
  assert.equal(summary.contactsCreated, 1);
  assert.deepEqual(some(await councilRowCounts(db, council.id)), {
    contact: 6, complaint_stage: 4, ombudsman_case: 1, org_unit: 7, workspace: 2, complaint_category: 3, import_run: 2,
  });
  // HD-0001's changed stage outcome is on its timeline.
  const { rows } = await db.pool.query<{ reference: string }>(
    `SELECT c.reference FROM case_event e JOIN contact c ON c.council_id = e.council_id AND c.id = e.contact_id
      WHERE e.council_id = $1 AND e.type = 'updated_by_import'`,
    [council.id],
  );
  assert.deepEqual(rows.map((r) => r.reference), ['HD-0001']);
});

test('a missing required column is refused, naming the column', async () => {
  const f = nextFolder();
  for (const row of f['contacts.csv']) row.splice(2, 1); // received_on
  const stagesWithout = f['stages.csv'].map((row) => row.filter((_, i) => i !== 4)); // opened_on
  f['stages.csv'] = stagesWithout;
  await assertRefusedUnchanged(toFiles(f), [
    { file: 'contacts.csv', row: 1, column: 'received_on', value: null, expected: 'required column missing from the header row' },
    { file: 'stages.csv', row: 1, column: 'opened_on', value: null, expected: 'required column missing from the header row' },
  ]);
});

test('an unknown column is refused, naming it and listing the columns', async () => {
  const f = nextFolder();
  f['contacts.csv'].forEach((row, i) => row.push(i === 0 ? 'notes' : 'x'));
  await assertRefusedUnchanged(toFiles(f), [
    { file: 'contacts.csv', row: 1, column: 'notes', value: null, expected: `unknown column; the columns of contacts.csv are: ${ALL_CONTACT_COLUMNS}` },
  ]);
});

test('an unknown vocabulary value is refused, listing the allowed values, with nothing else blamed on it', async () => {
  const f = nextFolder();
  // HD-0002 is a formal complaint with a stage row: a typo in its kind must not also be
  // reported as a "route on a non-complaint" or a "stage of a non-complaint".
  setCell(f['contacts.csv'], 3, 'kind', 'grumble');
  setCell(f['contacts.csv'], 7, 'route', 'Formall');
  setCell(f['ombudsman.csv'], 2, 'remedies', 'apology;cash');
  await assertRefusedUnchanged(toFiles(f), [
    { file: 'contacts.csv', row: 3, column: 'kind', value: 'grumble', expected: 'expected one of: complaint, compliment, comment, enquiry, mp_enquiry, councillor_enquiry' },
    { file: 'contacts.csv', row: 7, column: 'route', value: 'Formall', expected: 'expected one of: formal, urgent, informal, service_request, early_resolution, alternative_path, not_eligible, withdrawn' },
    { file: 'ombudsman.csv', row: 2, column: 'remedies', value: 'apology;cash', expected: 'expected values separated by semicolons, each one of: apology, financial_redress, procedure_change, training_guidance, information_advice, reconsidered_decision, provide_service, other' },
  ]);
});

test('a malformed date is refused: an impossible date and a UK-style date', async () => {
  const f = nextFolder();
  setCell(f['contacts.csv'], 3, 'received_on', '2023-02-30');
  setCell(f['contacts.csv'], 7, 'received_on', '23/04/2023');
  setCell(f['stages.csv'], 4, 'responded_on', '2023-6-1');
  const expected = 'expected a date written YYYY-MM-DD, e.g. 2023-04-01';
  await assertRefusedUnchanged(toFiles(f), [
    { file: 'contacts.csv', row: 3, column: 'received_on', value: '2023-02-30', expected },
    { file: 'contacts.csv', row: 7, column: 'received_on', value: '23/04/2023', expected },
    { file: 'stages.csv', row: 4, column: 'responded_on', value: '2023-6-1', expected },
  ]);
});

test('a stage row whose complaint is not in contacts.csv is refused', async () => {
  const f = nextFolder();
  f['stages.csv'].push(['HD-0999', '2', '2023-05-01', 'accepted', '2023-05-02', '', '', '']);
  await assertRefusedUnchanged(toFiles(f), [
    { file: 'stages.csv', row: 6, column: 'reference', value: 'HD-0999', expected: 'the reference of a complaint in contacts.csv; there is no such contact' },
  ]);
});

test('a stage row for a contact that is not a formal or urgent complaint is refused', async () => {
  const f = nextFolder();
  f['stages.csv'].push(['HD-0003', '1', '', '', '2023-06-01', '', '', '']);
  f['stages.csv'].push(['HD-0004', '1', '', '', '2023-07-12', '', '', '']);
  await assertRefusedUnchanged(toFiles(f), [
    { file: 'stages.csv', row: 6, column: 'reference', value: 'HD-0003', expected: 'a formal or urgent complaint; contacts.csv row 4 is a compliment' },
    { file: 'stages.csv', row: 7, column: 'reference', value: 'HD-0004', expected: 'a formal or urgent complaint; contacts.csv row 5 is a complaint routed informal' },
  ]);
});

test('a stage 3 row whose complaint has no stage 2 row is refused, and so is a refused stage 2 with no stage 1', async () => {
  const f = nextFolder();
  // HD-0002 went to stage 3 with no stage 2; HD-0006's only row is a refused stage 2 request
  // (accepted straight at stage 2 is allowed: importLaterStage.test.ts).
  f['stages.csv'].push(['HD-0002', '3', '2023-07-01', 'accepted', '2023-07-03', '', '', '']);
  f['stages.csv'][4] = ['HD-0006', '2', '2024-02-01', 'refused', '2024-02-05', '', '', ''];
  await assertRefusedUnchanged(toFiles(f), [
    { file: 'stages.csv', row: 5, column: 'stage', value: '2', expected: 'a stage 1 row for HD-0006: only a complaint accepted straight at stage 2 has no stage 1, and this request was refused' },
    { file: 'stages.csv', row: 6, column: 'stage', value: '3', expected: 'a stage 2 row for HD-0002 before its stage 3' },
  ]);
});

test('a reference used twice in one file is refused, naming both rows', async () => {
  const f = nextFolder();
  f['contacts.csv'].push(['HD-0002', 'comment', '2023-09-09', '', '', '', '', '', '', '', '', '', '']);
  f['stages.csv'].push(['HD-0006', '1', '', '', '2024-02-01', '', '', '']);
  f['ombudsman.csv'].push(['23001455', 'lgsco', '2023-10-01', '', '', '', '', '', '', '', '', '', '']);
  await assertRefusedUnchanged(toFiles(f), [
    { file: 'contacts.csv', row: 8, column: 'reference', value: 'HD-0002', expected: 'a reference used once only; it is already used on row 3' },
    { file: 'stages.csv', row: 6, column: 'stage', value: '1', expected: 'each stage once per complaint; stage 1 of HD-0006 is already on row 5' },
    { file: 'ombudsman.csv', row: 3, column: 'ombudsman_reference', value: '23001455', expected: 'a reference used once per Ombudsman; it is already used on row 2' },
  ]);
});

test('an empty file (0 bytes) is refused', async () => {
  const files = toFiles(nextFolder());
  files['contacts.csv'] = Buffer.alloc(0);
  files['ombudsman.csv'] = Buffer.alloc(0);
  const expected = 'the file is empty; expected a header row and at least one row';
  await assertRefusedUnchanged(files, [
    { file: 'contacts.csv', row: null, column: null, value: null, expected },
    { file: 'ombudsman.csv', row: null, column: null, value: null, expected },
  ]);
});

test('a contacts.csv with only its header row is refused', async () => {
  const f = nextFolder();
  f['contacts.csv'] = [CONTACTS_HEADER];
  f['stages.csv'] = [STAGES_HEADER];
  f['ombudsman.csv'] = [OMBUDSMAN_HEADER];
  await assertRefusedUnchanged(toFiles(f), [
    { file: 'contacts.csv', row: null, column: null, value: null, expected: 'the file has a header row but no data rows' },
  ]);
});

test('a stages.csv or ombudsman.csv with only its header row means "none" (as export writes them)', async () => {
  const f = nextFolder();
  f['stages.csv'] = [STAGES_HEADER];
  f['ombudsman.csv'] = [OMBUDSMAN_HEADER];
  const council = await newTestCouncil(db);
  const summary = await importCaseHistory(db, council.id, toFiles(f), OPTIONS);
  assert.equal(summary.contacts, 6);
  assert.equal(summary.ombudsmanCases, 0);
  assert.equal(summary.stages, 3); // each complaint with no stage row is an open stage 1
});

// A 1×1 PNG, the start of an .xlsx workbook (a ZIP), and a CSV saved as Windows-1252.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const XLSX = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]), Buffer.from('[Content_Types].xml'), Buffer.alloc(64)]);
const LATIN1 = Buffer.from(`${STAGES_HEADER.join(',')}\nHD-0001,1,,,2023-04-03,,2023-04-20,not_upheld\n"Caf\u00e9",1,,,2023-04-03,,,\n`, 'latin1');

test('a file that is not CSV is refused, saying what it is', async () => {
  const files = toFiles(nextFolder());
  files['contacts.csv'] = PNG;
  files['stages.csv'] = XLSX;
  files['ombudsman.csv'] = LATIN1;
  await assertRefusedUnchanged(files, [
    { file: 'contacts.csv', row: null, column: null, value: null, expected: 'this is a binary file, not text; expected a CSV text file' },
    { file: 'stages.csv', row: null, column: null, value: null, expected: 'this is a ZIP archive (an Excel .xlsx workbook is one): save it as CSV UTF-8 first; expected a CSV text file' },
    { file: 'ombudsman.csv', row: null, column: null, value: null, expected: 'this is text that is not UTF-8 (save it as "CSV UTF-8"); expected a CSV text file' },
  ]);
});

test('every row with the wrong number of cells is refused, naming its line', async () => {
  const files = toFiles(nextFolder());
  files['stages.csv'] = Buffer.from(
    `${STAGES_HEADER.join(',')}\nHD-0001,1,,,2023-04-03,,2023-04-20,not_upheld\nHD-0002,1,,,2023-05-10\nHD-0003,1,,,2023-05-10,,,,,\n`,
  );
  await assertRefusedUnchanged(files, [
    { file: 'stages.csv', row: 3, column: null, value: null, expected: 'a cell for each of the 8 columns of the header; this row has 5' },
    { file: 'stages.csv', row: 4, column: null, value: null, expected: 'a cell for each of the 8 columns of the header; this row has 10' },
  ]);
});

test('a quoted cell that is never closed is refused, naming the line it starts on', async () => {
  const files = toFiles(nextFolder());
  files['stages.csv'] = Buffer.from(`${STAGES_HEADER.join(',')}\nHD-0001,1,,,2023-04-03,,2023-04-20,not_upheld\nHD-0002,1,,,"2023-05-10,,,\n`);
  await assertRefusedUnchanged(files, [
    { file: 'stages.csv', row: 3, column: null, value: null, expected: 'not readable as CSV: a quoted cell is never closed' },
    { file: 'stages.csv', row: 3, column: null, value: null, expected: 'a cell for each of the 8 columns of the header; this row has 5' },
  ]);
});

/** About 20 MB of plausible contacts rows, padded to exactly 20 MiB. */
function twentyMegabytesOfContacts(): Buffer {
  const target = 20 * 1024 * 1024;
  const lines = [CONTACTS_HEADER.join(',')];
  let size = lines[0]!.length + 1;
  for (let i = 1; size < target - 200; i++) {
    const line = `BIG-${String(i).padStart(7, '0')},complaint,2023-05-10,email,corporate,formal,Place,Highways,,Roads,Service Level/Quality,service_user,Pothole on the High Street`;
    lines.push(line);
    size += line.length + 1;
  }
  const text = `${lines.join('\n')}\n`;
  return Buffer.concat([Buffer.from(text), Buffer.from(`${'x'.repeat(target - text.length - 1)}\n`)]);
}

const TOO_BIG = 'the file is 20.0 MB; the largest file one import takes is 16.0 MB. Split it by reporting year and import each part, or raise the limit (redress import --max-file-mb)';

test('a 20 MB file is refused, saying its size and the limit', async () => {
  const files = toFiles(nextFolder());
  files['contacts.csv'] = twentyMegabytesOfContacts();
  assert.equal(files['contacts.csv'].length, 20 * 1024 * 1024);
  await assertRefusedUnchanged(files, [{ file: 'contacts.csv', row: null, column: null, value: null, expected: TOO_BIG }]);
});

test('a 20 MB file in a folder is refused, saying its real size and the limit', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'redress-big-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const f = nextFolder();
  writeFileSync(join(dir, 'contacts.csv'), twentyMegabytesOfContacts());
  writeFileSync(join(dir, 'stages.csv'), stringify(f['stages.csv']));
  const { council, before } = await councilWithHistory();
  await assert.rejects(
    async () => importCaseHistory(db, council.id, readCaseHistoryFolder(dir), OPTIONS),
    (error: unknown) => {
      assert.ok(error instanceof ImportRejectedError);
      assert.deepEqual(error.problems, [{ file: 'contacts.csv', row: null, column: null, value: null, expected: TOO_BIG }]);
      return true;
    },
  );
  assert.deepEqual(await councilRowCounts(db, council.id), before);
});

test('several problems in several files are all reported in one run', async () => {
  const f = nextFolder();
  setCell(f['contacts.csv'], 2, 'channel', 'fax');
  setCell(f['contacts.csv'], 4, 'received_on', '2023-13-01');
  setCell(f['contacts.csv'], 5, 'procedure', '');
  setCell(f['contacts.csv'], 6, 'complainant_group', 'neighbour');
  setCell(f['stages.csv'], 3, 'responded_on', '2023-04-01'); // before it opened
  f['stages.csv'].push(['HD-0404', '1', '', '', '2023-05-02', '', '', '']);
  setCell(f['ombudsman.csv'], 2, 'body', 'lgo');
  setCell(f['ombudsman.csv'], 2, 'remedy_amount', '£250');
  await assertRefusedUnchanged(toFiles(f), [
    { file: 'contacts.csv', row: 2, column: 'channel', value: 'fax', expected: 'expected one of: web_form, email, telephone, letter, in_person, social_media, other' },
    { file: 'contacts.csv', row: 4, column: 'received_on', value: '2023-13-01', expected: 'expected a date written YYYY-MM-DD, e.g. 2023-04-01' },
    { file: 'contacts.csv', row: 5, column: 'procedure', value: '', expected: 'a procedure for every complaint (one of: corporate, children_statutory, adults_statutory, public_health, housing)' },
    { file: 'contacts.csv', row: 6, column: 'complainant_group', value: 'neighbour', expected: 'expected one of: service_user, parent, relative, carer, advocate, professional, mp, councillor, other' },
    { file: 'stages.csv', row: 3, column: 'responded_on', value: '2023-04-01', expected: 'a date on or after opened_on (2023-04-26)' },
    { file: 'stages.csv', row: 6, column: 'reference', value: 'HD-0404', expected: 'the reference of a complaint in contacts.csv; there is no such contact' },
    { file: 'ombudsman.csv', row: 2, column: 'body', value: 'lgo', expected: 'expected one of: lgsco, housing_ombudsman, psow, spso, nipso' },
    { file: 'ombudsman.csv', row: 2, column: 'remedy_amount', value: '£250', expected: 'expected an amount in pounds, e.g. 250 or 1250.50' },
  ]);
});

test('problems in the headers of several files are all reported in one run', async () => {
  const f = nextFolder();
  f['contacts.csv'][0]![1] = 'type'; // kind
  f['ombudsman.csv'][0]![1] = 'Body';
  await assertRefusedUnchanged(toFiles(f), [
    { file: 'contacts.csv', row: 1, column: 'type', value: null, expected: `unknown column; the columns of contacts.csv are: ${ALL_CONTACT_COLUMNS}` },
    { file: 'contacts.csv', row: 1, column: 'kind', value: null, expected: 'required column missing from the header row' },
    { file: 'ombudsman.csv', row: 1, column: 'Body', value: null, expected: `unknown column; the columns of ombudsman.csv are: ${OMBUDSMAN_HEADER.join(', ')}` },
    { file: 'ombudsman.csv', row: 1, column: 'body', value: null, expected: 'required column missing from the header row' },
  ]);
});

test('an unknown organisation name without createOrg is refused, naming the column', async () => {
  const f = baseFolder();
  f['contacts.csv'].push(['HD-0006', 'complaint', '2024-02-01', 'email', 'corporate', 'urgent', 'Resources', 'Revenues & Benefits', '', '', '', 'service_user', '']);
  setCell(f['contacts.csv'], 2, 'directorate', 'Plaice');
  setCell(f['contacts.csv'], 3, 'service', 'Adult Social Services');
  setCell(f['contacts.csv'], 5, 'workspace', 'Road');
  setCell(f['contacts.csv'], 5, 'category', 'Service Level / Quality');
  const hint = "not in the council's list; check the spelling, add it first, or import with --create-org";
  await assertRefusedUnchanged(toFiles(f), [
    { file: 'contacts.csv', row: 2, column: 'directorate', value: 'Plaice', expected: `a directorate ${hint}` },
    { file: 'contacts.csv', row: 3, column: 'service', value: 'Adult Social Services', expected: `a service of People ${hint}` },
    { file: 'contacts.csv', row: 5, column: 'workspace', value: 'Road', expected: `a workspace ${hint}` },
    { file: 'contacts.csv', row: 5, column: 'category', value: 'Service Level / Quality', expected: `a complaint category ${hint}` },
    { file: 'contacts.csv', row: 7, column: 'directorate', value: 'Resources', expected: `a directorate ${hint}` },
  ], { createOrg: false });
});

test('known organisation names import without createOrg', async () => {
  const { council, before } = await councilWithHistory();
  const f = baseFolder();
  setCell(f['contacts.csv'], 3, 'directorate', 'Place'); // moved to a known directorate, no service
  setCell(f['contacts.csv'], 3, 'service', '');
  const summary = await importCaseHistory(db, council.id, toFiles(f), { ...OPTIONS, createOrg: false });
  assert.equal(summary.contactsUpdated, 1);
  assert.equal(summary.organisationUnitsCreated, 0);
  assert.equal((await councilRowCounts(db, council.id)).org_unit, before.org_unit);
});

/** Writes a folder as a spreadsheet on Windows might: BOM, CRLF, vocabulary in any case. */
function windowsFiles(folder: Folder): CaseHistoryFiles {
  const files: CaseHistoryFiles = {};
  for (const [name, table] of Object.entries(folder) as [CaseHistoryFileName, Table][]) {
    files[name] = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(stringify(table, { record_delimiter: '\r\n' }))]);
  }
  return files;
}

test('a valid file with a BOM, CRLF line endings and mixed-case vocabulary imports like the plain one', async (t) => {
  const plain = nextFolder();
  const fancy = nextFolder();
  setCell(fancy['contacts.csv'], 2, 'kind', 'Complaint');
  setCell(fancy['contacts.csv'], 2, 'route', 'FORMAL');
  setCell(fancy['contacts.csv'], 2, 'channel', 'Email');
  setCell(fancy['contacts.csv'], 3, 'procedure', 'Adults_Statutory');
  setCell(fancy['contacts.csv'], 4, 'kind', 'COMPLIMENT');
  setCell(fancy['contacts.csv'], 6, 'complainant_group', 'MP');
  setCell(fancy['stages.csv'], 3, 'decision', 'Accepted');
  setCell(fancy['stages.csv'], 3, 'outcome', 'Upheld');
  setCell(fancy['ombudsman.csv'], 2, 'body', 'LGSCO');
  setCell(fancy['ombudsman.csv'], 2, 'detailed_investigation', 'Yes');
  setCell(fancy['ombudsman.csv'], 2, 'satisfactory_remedy_by_council', 'NO');
  setCell(fancy['ombudsman.csv'], 2, 'remedies', 'Apology; Financial_Redress');
  // A summary typed over two lines in one cell.
  setCell(fancy['contacts.csv'], 3, 'summary', 'Care visit missed,\r\ntwice');
  setCell(plain['contacts.csv'], 3, 'summary', 'Care visit missed,\r\ntwice');

  const exported: Record<string, string>[] = [];
  for (const files of [toFiles(plain), windowsFiles(fancy)]) {
    const council = await newTestCouncil(db);
    const summary = await importCaseHistory(db, council.id, files, OPTIONS);
    assert.equal(summary.contacts, 6);
    assert.equal(summary.complaints, 3); // formal or urgent: HD-0001, HD-0002, HD-0006
    assert.equal(summary.ombudsmanCases, 1);
    const dir = mkdtempSync(join(tmpdir(), 'redress-export-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    await exportCaseHistory(db.pool, council.id, dir);
    const texts: Record<string, string> = {};
    for (const name of ['contacts.csv', 'stages.csv', 'ombudsman.csv']) texts[name] = readFileSync(join(dir, name), 'utf8');
    exported.push(texts);
  }
  assert.deepEqual(exported[1], exported[0]);
  assert.match(exported[1]!['contacts.csv']!, /^HD-0001,complaint,2023-04-03,email,corporate,formal,/m);
  assert.match(exported[1]!['ombudsman.csv']!, /^23001455,lgsco,.*,yes,.*,no,apology;financial_redress,250,/m);
});

test('problems name the line the row starts on, across multi-line cells, CRLF and blank lines', async () => {
  const f = nextFolder();
  setCell(f['contacts.csv'], 3, 'summary', 'Care visit missed,\r\ntwice,\r\nthen a third time');
  setCell(f['contacts.csv'], 5, 'kind', 'grumble'); // row 5 of the table starts on line 7 of the file
  const files = windowsFiles(f);
  // A blank line before the last row (line 9 of the file, so the last row is on line 10).
  const text = files['contacts.csv']!.toString('utf8');
  const cut = text.lastIndexOf('HD-0006');
  files['contacts.csv'] = Buffer.from(`${text.slice(0, cut)}\r\n${text.slice(cut).replace('2024-02-01', '2024-02-31')}`);
  await assertRefusedUnchanged(files, [
    { file: 'contacts.csv', row: 7, column: 'kind', value: 'grumble', expected: 'expected one of: complaint, compliment, comment, enquiry, mp_enquiry, councillor_enquiry' },
    { file: 'contacts.csv', row: 10, column: 'received_on', value: '2024-02-31', expected: 'expected a date written YYYY-MM-DD, e.g. 2023-04-01' },
  ]);
});

// ---------------------------------------------------------------------------------------
// Rows that contradict each other, and text no one should be able to store (issue 6, item 8).

test('dates that contradict each other are refused: before the complaint, before 1990, after today', async () => {
  const f = nextFolder();
  setCell(f['stages.csv'], 5, 'opened_on', '2024-01-31'); // HD-0006 received 2024-02-01
  setCell(f['stages.csv'], 3, 'requested_on', '2023-04-01'); // HD-0001 received 2023-04-03
  setCell(f['stages.csv'], 3, 'opened_on', '2023-04-26');
  setCell(f['contacts.csv'], 4, 'received_on', '1923-06-01');
  setCell(f['contacts.csv'], 6, 'received_on', '2024-11-02'); // today is 2024-11-01
  setCell(f['ombudsman.csv'], 2, 'received_on', '2023-04-02'); // its complaint HD-0001 arrived 2023-04-03
  setCell(f['ombudsman.csv'], 2, 'decided_on', '2023-05-01');
  setCell(f['ombudsman.csv'], 2, 'compliance_due_on', '2023-04-01');
  setCell(f['ombudsman.csv'], 2, 'complied_on', '2023-03-30');
  await assertRefusedUnchanged(toFiles(f), [
    { file: 'contacts.csv', row: 4, column: 'received_on', value: '1923-06-01', expected: 'a date on or after 1990-01-01' },
    { file: 'contacts.csv', row: 6, column: 'received_on', value: '2024-11-02', expected: 'a date on or before today (2024-11-01)' },
    { file: 'stages.csv', row: 3, column: 'requested_on', value: '2023-04-01', expected: 'a date on or after the complaint was received (2023-04-03, contacts.csv row 2)' },
    { file: 'stages.csv', row: 5, column: 'opened_on', value: '2024-01-31', expected: 'a date on or after the complaint was received (2024-02-01, contacts.csv row 7)' },
    { file: 'ombudsman.csv', row: 2, column: 'received_on', value: '2023-04-02', expected: 'a date on or after the council received HD-0001 (2023-04-03)' },
    { file: 'ombudsman.csv', row: 2, column: 'compliance_due_on', value: '2023-04-01', expected: 'a date on or after received_on (2023-04-02)' },
    { file: 'ombudsman.csv', row: 2, column: 'complied_on', value: '2023-03-30', expected: 'a date on or after received_on (2023-04-02)' },
  ]);
});

test('an Ombudsman case received before a complaint already imported is refused too', async () => {
  const f = nextFolder();
  f['contacts.csv'].splice(1, 1); // HD-0001 is only in the database now
  f['stages.csv'].splice(1, 2);
  setCell(f['ombudsman.csv'], 2, 'received_on', '2023-03-01');
  await assertRefusedUnchanged(toFiles(f), [
    { file: 'ombudsman.csv', row: 2, column: 'received_on', value: '2023-03-01', expected: 'a date on or after the council received HD-0001 (2023-04-03)' },
  ]);
});

test('over-long values and invisible controls are refused with row, column and value, not a database error', async () => {
  const f = nextFolder();
  const longReference = `HD-${'9'.repeat(3000)}`; // would not fit a PostgreSQL index entry
  f['contacts.csv'].push([longReference, 'compliment', '2023-06-02', '', '', '', '', '', '', '', '', '', '']);
  setCell(f['contacts.csv'], 3, 'summary', 'x'.repeat(10_001));
  setCell(f['contacts.csv'], 4, 'directorate', 'Pl\u202Eace');
  setCell(f['contacts.csv'], 6, 'directorate', 'People\nand Places');
  setCell(f['ombudsman.csv'], 2, 'category', 'C'.repeat(201));
  // A NUL byte past the first 64 KB, where a binary file would have been recognised.
  for (let i = 0; i < 8; i++) f['contacts.csv'].push([`PAD-${i}`, 'comment', '2023-06-02', '', '', '', '', '', '', '', '', '', 'p'.repeat(9000)]);
  f['contacts.csv'].push(['HD-0016', 'comment', '2023-06-02', '', '', '', '', '', '', '', '', '', 'nul\u0000byte']);
  await assertRefusedUnchanged(toFiles(f), [
    { file: 'contacts.csv', row: 3, column: 'summary', value: `${'x'.repeat(57)}...`, expected: 'at most 10000 characters; this has 10001' },
    { file: 'contacts.csv', row: 4, column: 'directorate', value: 'Pl\u202Eace', expected: 'text without the invisible direction control U+202E, which changes how the text is shown; delete it' },
    { file: 'contacts.csv', row: 6, column: 'directorate', value: 'People\nand Places', expected: 'text without the control character U+000A (this column is one line); delete it' },
    // Row 9: the cell with a line break in it spans lines 6 and 7.
    { file: 'contacts.csv', row: 9, column: 'reference', value: `HD-${'9'.repeat(54)}...`, expected: 'at most 60 characters; this has 3003' },
    { file: 'contacts.csv', row: 18, column: 'summary', value: 'nul\u0000byte', expected: 'text without the control character U+0000; delete it' },
    { file: 'ombudsman.csv', row: 2, column: 'category', value: `${'C'.repeat(57)}...`, expected: 'at most 200 characters; this has 201' },
  ]);
});

test('"Café" written two ways, with invisible characters or doubled spaces, is one directorate and one workspace', async () => {
  const f = nextFolder();
  const ways = ['Caf\u00e9 Services', 'Cafe\u0301 Services', 'Caf\u00e9\u200B Services', '\u200FCaf\u00e9  Services'];
  ways.forEach((way, i) => {
    f['contacts.csv'].push([`CF-${i}`, 'compliment', '2023-06-02', '', '', '', way, '', '', way, '', '', '']);
  });
  const council = await newTestCouncil(db);
  await importCaseHistory(db, council.id, toFiles(f), OPTIONS);
  const { rows } = await db.pool.query<{ name: string }>(
    `SELECT name FROM org_unit WHERE council_id = $1 AND kind = 'directorate' AND name LIKE 'Caf%'
     UNION ALL SELECT name FROM workspace WHERE council_id = $1 AND name LIKE 'Caf%'`, [council.id]);
  assert.deepEqual(rows.map((r) => r.name), ['Caf\u00e9 Services', 'Caf\u00e9 Services']);
});

test('a summary that would run as a spreadsheet formula is exported guarded and imports back as it was', async () => {
  const f = nextFolder();
  const summaries = ['=HYPERLINK("http://evil.example","Click")', '-2 bins missed', '+44 1422 288001', '@SUM(A1)', "'Twas the bins"];
  summaries.forEach((summary, i) => f['contacts.csv'].push([`FX-${i}`, 'comment', '2023-06-02', '', '', '', '', '', '', '', '', '', summary]));
  const council = await newTestCouncil(db);
  await importCaseHistory(db, council.id, toFiles(f), OPTIONS);
  const out = mkdtempSync(join(tmpdir(), 'redress-formula-'));
  try {
    await exportCaseHistory(db.pool, council.id, out);
    const exported = readFileSync(join(out, 'contacts.csv'), 'utf8');
    // In the file no cell starts with a formula character.
    assert.match(exported, /,"'=HYPERLINK\(""http/);
    assert.match(exported, /,'-2 bins missed[,\n]/);
    assert.match(exported, /,'Twas the bins[,\n]/);
    // Read back, every summary is as it was typed.
    const fresh = await newTestCouncil(db);
    await importCaseHistory(db, fresh.id, readCaseHistoryFolder(out), OPTIONS);
    const { rows } = await db.pool.query<{ summary: string }>(
      `SELECT summary FROM contact WHERE council_id = $1 AND reference LIKE 'FX-%' ORDER BY reference`, [fresh.id]);
    assert.deepEqual(rows.map((r) => r.summary), summaries);
    const again = mkdtempSync(join(tmpdir(), 'redress-formula-'));
    await exportCaseHistory(db.pool, fresh.id, again);
    assert.equal(readFileSync(join(again, 'contacts.csv'), 'utf8'), exported);
    rmSync(again, { recursive: true, force: true });
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
