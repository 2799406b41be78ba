import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { importCaseHistory, readCaseHistoryFolder } from '../../src/caseHistory/importCaseHistory.ts';
import { complaintsByUnit, outcomeTotals, responseBands, type FigureTable } from '../../src/reports/complaintFigures.ts';
import { engineName, newTestCouncil, useTestDatabase } from '../support/testDatabase.ts';

const folder = new URL('../fixtures/calderdale/', import.meta.url).pathname;
const expected = JSON.parse(readFileSync(new URL('expected.json', `file://${folder}`), 'utf8')) as {
  tables: Record<string, { rows: FigureTable }>;
};

/** Every figure the seed's table gives must come out of the database; a missing figure is 0. */
function assertTable(name: string, actual: FigureTable) {
  const wanted = expected.tables[name]!.rows;
  const got: FigureTable = {};
  for (const [row, cols] of Object.entries(wanted)) {
    got[row] = {};
    for (const col of Object.keys(cols)) got[row]![col] = actual[row]?.[col] ?? 0;
  }
  assert.deepEqual(got, wanted, `${name} differs from the seed`);
}

test(`Calderdale's case history reproduces its published tables (${engineName()})`, async () => {
  const db = await useTestDatabase();
  const council = await newTestCouncil(db, { name: 'Calderdale Council' });
  const summary = await importCaseHistory(db, council.id, readCaseHistoryFolder(folder), {
    createOrg: true, today: '2024-11-01', actor: 'test', source: 'fixtures/calderdale',
  });
  assert.equal(summary.contacts, 1876);
  const scope = { councilId: council.id, procedure: 'corporate', years: ['2021/22', '2022/23', '2023/24'] };

  const byDirectorate = await complaintsByUnit(db.pool, scope, 'directorate');
  // The seed abbreviates; the fixture's directorate names are the council's own.
  assertTable('corporate_complaints_by_directorate', byDirectorate);
  assertTable('corporate_outcome_totals', await outcomeTotals(db.pool, scope));
  assertTable('corporate_response_bands', await responseBands(db.pool, scope, 1, [10, 20]));
});
