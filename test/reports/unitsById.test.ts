import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importCaseHistory, readCaseHistoryFolder } from '../../src/caseHistory/importCaseHistory.ts';
import { buildAnnualReport, drillDown } from '../../src/reports/annualReport.ts';
import { defaultReportOptions } from '../../src/reports/reportCatalogue.ts';
import { parseLayout } from '../../src/reports/layout.ts';
import { engineName, newTestCouncil, useTestDatabase } from '../support/testDatabase.ts';
import { systemActor } from '../../src/events/actor.ts';

/** Organisation units are keyed by id, never by name: two teams called "Admin" under different directorates stay apart. */
test(`two teams of one name under different directorates are two rows, each with its own cases (${engineName()})`, async () => {
  const db = await useTestDatabase();
  const council = await newTestCouncil(db);
  const work = mkdtempSync(join(tmpdir(), 'redress-units-'));
  try {
    mkdirSync(join(work, 'h'));
    writeFileSync(join(work, 'h', 'contacts.csv'), `reference,kind,received_on,channel,procedure,route,directorate,service,team,workspace,category,complainant_group,summary
AD-0001,complaint,2023-05-02,email,corporate,formal,Place,Highways,Admin,,,service_user,Letter lost
AD-0002,complaint,2023-05-03,email,corporate,formal,Place,Highways,Admin,,,service_user,Form lost
AD-0003,complaint,2023-05-04,email,corporate,formal,People,Adult Social Care,Admin,,,service_user,Call not returned
`);
    await importCaseHistory(db, council.id, readCaseHistoryFolder(join(work, 'h')), { createOrg: true, today: '2024-06-01', actor: systemActor('test'), source: 'test' });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const layout = parseLayout({
    format: 'redress-report-layout/1', name: 'Teams', sections: [{ key: 'teams', title: 'Teams', tables: [{
      key: 'teams.complaints', title: 'Complaints by team', definition: 'Complaints by team.', population: 'complaint',
      rows: { kind: 'unit', level: 'team', within: 'directorate' }, columns: { kind: 'year' },
      measures: [{ key: 'count', label: 'Number', aggregate: 'count' }], years: 'report_year',
    }] }],
  }, 'test');
  const options = { ...defaultReportOptions('2023/24'), layout };
  const report = await buildAnnualReport(db.pool, council.id, options, '2024-06-01');
  const rows = report.sections[0]!.tables[0]!.rows;
  assert.deepEqual(rows.map((r) => [r.group, r.label, r.cells[0]]), [['People', 'Admin', 1], ['Place', 'Admin', 2]]);
  assert.notEqual(rows[0]!.key, rows[1]!.key);
  const cases = async (key: string) => (await drillDown(db.pool, council.id, options, '2024-06-01', 'teams.complaints', { row: key, column: '2023/24' })).rows.map((r) => r.reference);
  assert.deepEqual(await cases(rows[0]!.key), ['AD-0003']);
  assert.deepEqual(await cases(rows[1]!.key), ['AD-0001', 'AD-0002']);
});
