import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importCaseHistory, readCaseHistoryFolder } from '../../src/caseHistory/importCaseHistory.ts';
import { buildAnnualReport, drillDown } from '../../src/reports/annualReport.ts';
import { defaultReportOptions } from '../../src/reports/reportCatalogue.ts';
import { loadPublishedFigures, PublishedFiguresError } from '../../src/ombudsman/publishedFigures.ts';
import { engineName, newTestCouncil, useTestDatabase } from '../support/testDatabase.ts';
import { grid } from '../support/reportGrid.ts';
import { systemActor } from '../../src/events/actor.ts';

/**
 * The Ombudsman's annual letter beside the council's own records: loaded from a CSV, all or
 * nothing, printed in the report's Ombudsman section next to the same figures counted from
 * the cases, so a difference shows (and its cases are a click away).
 */
const work = mkdtempSync(join(tmpdir(), 'redress-letter-'));
after(() => rmSync(work, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  writeFileSync(join(work, name), text);
  return join(work, name);
};

test(`the Ombudsman's published figures print beside Calderdale's own (${engineName()})`, async () => {
  const db = await useTestDatabase();
  const council = await newTestCouncil(db, { name: 'Calderdale Council' });
  await importCaseHistory(db, council.id, readCaseHistoryFolder(new URL('../fixtures/calderdale/', import.meta.url).pathname),
    { createOrg: true, today: '2024-11-01', actor: systemActor('test'), source: 'calderdale' });
  const loaded = await loadPublishedFigures(db, council.id, file('letter.csv', `body,year,measure,value
lgsco,2023/24,complaints_received,70
lgsco,2023/24,decisions,64
lgsco,2023/24,upheld_percent,73%
lgsco,2023/24,compliance_percent,100
`));
  assert.deepEqual(loaded, { figures: 4, years: ['2023/24'] });
  const options = { ...defaultReportOptions('2023/24'), sections: ['ombudsman' as const] };
  const report = await buildAnnualReport(db.pool, council.id, options, '2024-11-01');
  const table = report.sections[0]!.tables.find((t) => t.key === 'ombudsman.published')!;
  const row = grid(table)['2023/24']!;
  assert.equal(row.published_received, 70);
  assert.equal(row.published_upheld_percent, 73);
  assert.equal(typeof row.received, 'number', 'our own count beside it');
  assert.equal(grid(table)['2022/23']!.published_received, null, 'nothing published loaded: blank, not 0');
  assert.equal(table.columns.find((c) => c.key === 'published_upheld_percent')!.unit, 'percent');
  assert.equal(table.columns.find((c) => c.key === 'published_received')!.unit, 'count');
  const behind = await drillDown(db.pool, council.id, options, '2024-11-01', 'ombudsman.published', { row: '2023/24', column: 'published_received' });
  assert.deepEqual(behind.rows.map((r) => [r.measure, Number(r.value), r.source]), [['complaints_received', 70, 'letter.csv']]);

  // A year loaded again is replaced whole.
  await loadPublishedFigures(db, council.id, file('letter2.csv', 'body,year,measure,value\nlgsco,2023/24,complaints_received,71\n'));
  const again = grid((await buildAnnualReport(db.pool, council.id, options, '2024-11-01')).sections[0]!.tables.find((t) => t.key === 'ombudsman.published')!)['2023/24']!;
  assert.deepEqual([again.published_received, again.published_upheld_percent], [71, null]);
});

test('a published-figures file with mistakes is refused whole, each mistake named by row', async () => {
  const db = await useTestDatabase();
  const council = await newTestCouncil(db);
  await assert.rejects(loadPublishedFigures(db, council.id, file('bad.csv', `body,year,measure,value
lgsco,2023/24,complaints_received,70
ombudsman,2023-24,upheld_rate,lots
lgsco,2023/24,upheld_percent,120
lgsco,2023/24,complaints_received,71
`)), (error: unknown) => {
    assert.ok(error instanceof PublishedFiguresError);
    assert.deepEqual(error.problems, [
      'row 3, body "ombudsman": expected one of lgsco, housing_ombudsman, psow, spso, nipso',
      'row 3, year "2023-24": expected a reporting year like 2023/24',
      'row 3, measure "upheld_rate": expected one of complaints_received, decisions, detailed_investigations, upheld, upheld_percent, compliance_percent, satisfactory_remedy_by_council, closed_after_initial_enquiries, referred_back_for_local_resolution',
      'row 3, value "lots": expected a number, 0 or more',
      'row 4, value "120": a percentage is at most 100',
      'row 5: complaints_received for lgsco 2023/24 is given twice',
    ]);
    return true;
  });
  await assert.rejects(loadPublishedFigures(db, council.id, file('cols.csv', 'authority,received\nX,1\n')), /needs the columns body, year, measure, value/);
  const { rows } = await db.pool.query('SELECT 1 FROM ombudsman_published_figure WHERE council_id = $1', [council.id]);
  assert.equal(rows.length, 0, 'nothing was loaded');
});
