/**
 * "Import is idempotent by reference: importing the same folder twice leaves the same data;
 * a changed row updates its case" — and export writes what import reads, so a council's
 * history survives export → import unchanged. Runs against the real database.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { csvRows } from '../support/csv.ts';
import { stringify } from 'csv-stringify/sync';
import { importCaseHistory, readCaseHistoryFolder, type CaseHistoryFiles, type ImportOptions } from '../../src/caseHistory/importCaseHistory.ts';
import { exportCaseHistory } from '../../src/caseHistory/exportCaseHistory.ts';
import { writeCaseHistoryFolder } from '../../src/demo/writeCaseHistory.ts';
import type { Database } from '../../src/db/database.ts';
import { engineName, newTestCouncil, useTestDatabase } from '../support/testDatabase.ts';
import { systemActor } from '../../src/events/actor.ts';

const db = await useTestDatabase();
const FILES = ['contacts.csv', 'stages.csv', 'ombudsman.csv'] as const;
type CaseHistoryFileName = (typeof FILES)[number];
const TODAY = '2024-11-01';
const OPTIONS: ImportOptions = { createOrg: true, today: TODAY, actor: systemActor('test'), source: 'importRoundTrip.test.ts' };

/** Every row a council owns that an import can write, by table. */
async function councilRowCounts(database: Database, councilId: number): Promise<Record<string, number>> {
  const tables = ['contact', 'complaint', 'complaint_stage', 'ombudsman_case', 'org_unit', 'workspace', 'complaint_category', 'case_event', 'import_run'];
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const { rows } = await database.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE council_id = $1`, [councilId]);
    counts[table] = rows[0]!.n;
  }
  return counts;
}

const dirs: string[] = [];
const tempDir = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
};
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A council's export in format version 1 (these tests are about v1 folders), file by file, as bytes. */
async function exported(councilId: number): Promise<Record<CaseHistoryFileName, Buffer>> {
  const dir = tempDir('redress-export-');
  await exportCaseHistory(db.pool, councilId, dir, { version: 1 });
  return Object.fromEntries(FILES.map((f) => [f, readFileSync(join(dir, f))])) as Record<CaseHistoryFileName, Buffer>;
}

const rowsOf = (bytes: Buffer) => csvRows(bytes);
const asFiles = (tables: Partial<Record<CaseHistoryFileName, string[][]>>): CaseHistoryFiles =>
  Object.fromEntries(Object.entries(tables).map(([f, t]) => [f, Buffer.from(stringify(t))]));

function assertSameBytes(actual: Record<CaseHistoryFileName, Buffer>, expected: Record<CaseHistoryFileName, Buffer>, what: string) {
  for (const f of FILES) assert.equal(actual[f].toString('utf8'), expected[f].toString('utf8'), `${f}: ${what}`);
}

// A generated history with every kind of row: all kinds and routes, escalations accepted
// and refused, extensions, withdrawals, open cases and Ombudsman cases.
const generated = tempDir('redress-generated-');
const generatedCounts = await writeCaseHistoryFolder(generated, { seed: 424242, today: TODAY, years: 2, contactsPerYear: 400 });

test(`importing the same folder twice leaves the same data (${engineName()})`, async () => {
  assert.ok(generatedCounts.ombudsman > 0 && generatedCounts.stages > 0);
  const council = await newTestCouncil(db);
  const files = readCaseHistoryFolder(generated);
  const first = await importCaseHistory(db, council.id, files, OPTIONS);
  assert.equal(first.contacts, generatedCounts.contacts);
  assert.equal(first.contactsCreated, generatedCounts.contacts);
  const countsAfterFirst = await councilRowCounts(db, council.id);
  const exportAfterFirst = await exported(council.id);

  const second = await importCaseHistory(db, council.id, files, OPTIONS);
  assert.equal(second.contactsCreated, 0);
  assert.equal(second.contactsUpdated, 0);
  assert.equal(second.organisationUnitsCreated, 0);
  // The same rows (no new timeline events either); only the import itself is recorded.
  assert.deepEqual(await councilRowCounts(db, council.id), { ...countsAfterFirst, import_run: countsAfterFirst.import_run! + 1 });
  assertSameBytes(await exported(council.id), exportAfterFirst, 'changed by importing the same folder again');
});

test('a changed row updates its case, and the timeline says the import changed it', async () => {
  const council = await newTestCouncil(db);
  const files = readCaseHistoryFolder(generated);
  await importCaseHistory(db, council.id, files, OPTIONS);

  const contacts = rowsOf(files['contacts.csv']!);
  const stages = rowsOf(files['stages.csv']!);
  const col = (table: string[][], name: string) => table[0]!.indexOf(name);
  // One contact moves to another directorate; another complaint's stage outcome changes.
  const directorates = [...new Set(contacts.slice(1).map((r) => r[col(contacts, 'directorate')]!).filter(Boolean))];
  assert.ok(directorates.length >= 2);
  const moved = contacts.slice(1).find((r) => r[col(contacts, 'directorate')] === directorates[0])!;
  const movedReference = moved[col(contacts, 'reference')]!;
  moved[col(contacts, 'directorate')] = directorates[1]!;
  moved[col(contacts, 'service')] = '';
  moved[col(contacts, 'team')] = '';
  const restaged = stages.slice(1).find((r) => r[col(stages, 'outcome')] === 'not_upheld' && r[col(stages, 'reference')] !== movedReference)!;
  const restagedReference = restaged[col(stages, 'reference')]!;
  restaged[col(stages, 'outcome')] = 'upheld';

  const before = await councilRowCounts(db, council.id);
  const summary = await importCaseHistory(db, council.id, { ...files, ...asFiles({ 'contacts.csv': contacts, 'stages.csv': stages }) }, OPTIONS);
  assert.equal(summary.contactsCreated, 0);
  assert.ok(summary.contactsUpdated >= 1);

  const after = await exported(council.id);
  const exportedContact = rowsOf(after['contacts.csv']).find((r) => r[0] === movedReference)!;
  assert.equal(exportedContact[col(contacts, 'directorate')], directorates[1]);
  assert.equal(exportedContact[col(contacts, 'service')], '');
  const exportedStage = rowsOf(after['stages.csv']).find(
    (r) => r[0] === restagedReference && r[col(stages, 'stage')] === restaged[col(stages, 'stage')],
  )!;
  assert.equal(exportedStage[col(stages, 'outcome')], 'upheld');

  const { rows: events } = await db.pool.query<{ reference: string; type: string; actor: string }>(
    `SELECT c.reference, e.type, e.actor FROM case_event e JOIN contact c ON c.council_id = e.council_id AND c.id = e.contact_id
      WHERE e.council_id = $1 AND e.type = 'updated_by_import' ORDER BY c.reference`,
    [council.id],
  );
  assert.deepEqual(
    events.map((e) => e.reference),
    [movedReference, restagedReference].sort(),
    'each case the import changed, and only those, has an updated_by_import event',
  );
  assert.equal((await councilRowCounts(db, council.id)).contact, before.contact);
});

test('export → import into a fresh council → export gives byte-identical files', async () => {
  const council = await newTestCouncil(db);
  await importCaseHistory(db, council.id, readCaseHistoryFolder(generated), OPTIONS);
  const first = await exported(council.id);

  const fresh = await newTestCouncil(db);
  const summary = await importCaseHistory(db, fresh.id, first, OPTIONS);
  assert.equal(summary.contacts, generatedCounts.contacts);
  assertSameBytes(await exported(fresh.id), first, 'changed by export → import → export');
  // The same number of rows in every table, timeline and import runs included.
  assert.deepEqual(await councilRowCounts(db, fresh.id), await councilRowCounts(db, council.id));
});

test('a council with no Ombudsman cases and no stages exports a folder that imports back', async () => {
  const council = await newTestCouncil(db);
  const contacts = [
    ['reference', 'kind', 'received_on', 'directorate', 'summary'],
    ['CP-1', 'compliment', '2023-05-01', 'Place', 'Thank you'],
    ['CP-2', 'comment', '2023-06-01', '', 'Open the library on Sundays'],
    ['EQ-1', 'councillor_enquiry', '2023-07-01', 'People', ''],
  ];
  await importCaseHistory(db, council.id, asFiles({ 'contacts.csv': contacts }), OPTIONS);
  const first = await exported(council.id);
  assert.equal(rowsOf(first['ombudsman.csv']).length, 1, 'only the header row');
  assert.equal(rowsOf(first['stages.csv']).length, 1, 'only the header row');

  const fresh = await newTestCouncil(db);
  await importCaseHistory(db, fresh.id, first, OPTIONS);
  assertSameBytes(await exported(fresh.id), first, 'changed by export → import → export');
});

test('the export of the Calderdale fixture holds the same rows as the fixture files', async () => {
  const fixture = new URL('../fixtures/calderdale/', import.meta.url).pathname;
  const council = await newTestCouncil(db, { name: 'Calderdale Council' });
  const files = readCaseHistoryFolder(fixture);
  await importCaseHistory(db, council.id, files, OPTIONS);
  const out = await exported(council.id);
  for (const f of FILES) {
    const [fixtureHeader, ...fixtureRows] = rowsOf(files[f]!);
    const [exportHeader, ...exportRows] = rowsOf(out[f]);
    assert.deepEqual(exportHeader, fixtureHeader, `${f} header`);
    // Every complaint in the fixture has its stage rows and every compliment its procedure,
    // so nothing is added on the way: the same rows, whatever the order.
    const sorted = (rows: string[][]) => rows.map((r) => JSON.stringify(r)).sort();
    assert.equal(exportRows.length, fixtureRows.length, `${f} row count`);
    assert.deepEqual(sorted(exportRows), sorted(fixtureRows), `${f} rows`);
  }
});
