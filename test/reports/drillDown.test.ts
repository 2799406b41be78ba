import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { importCaseHistory, readCaseHistoryFolder } from '../../src/caseHistory/importCaseHistory.ts';
import { buildAnnualReport, drillDown } from '../../src/reports/annualReport.ts';
import { defaultReportOptions } from '../../src/reports/reportCatalogue.ts';
import { reportTables } from '../../src/reports/reportCatalogue.ts';
import { csvRecords } from '../support/csv.ts';
import { engineName, newTestCouncil, useTestDatabase } from '../support/testDatabase.ts';
import { systemActor } from '../../src/events/actor.ts';

const folder = new URL('../fixtures/calderdale/', import.meta.url).pathname;
const db = await useTestDatabase();
const council = await newTestCouncil(db, { name: 'Calderdale Council' });
await importCaseHistory(db, council.id, readCaseHistoryFolder(folder), { createOrg: true, today: '2024-11-01', actor: systemActor('test'), source: 'calderdale' });
const options = defaultReportOptions('2023/24');
const today = '2024-11-01';
const report = await buildAnnualReport(db.pool, council.id, options, today);
const definitions = new Map(reportTables(options).flatMap((s) => s.tables).map((t) => [t.key, t]));

const close = (a: number, b: number) => Math.abs(a - b) < 1e-9;

test(`every figure of every table drills down to exactly the cases it counts (${engineName()})`, async () => {
  let checked = 0;
  for (const table of report.sections.flatMap((s) => s.tables)) {
    const definition = definitions.get(table.key)!;
    for (const row of table.rows) {
      for (const [i, column] of table.columns.entries()) {
        const cellValue = row.cells[i];
        const value = typeof cellValue === 'number' || cellValue === null || cellValue === undefined ? cellValue : assert.fail(`${table.key}: words where a figure belongs`);
        const measure = definition.measures.find((m) => m.key === (definition.columns.kind === 'measure' ? column.key : definition.rows.kind === 'measure' ? row.key : definition.measures[0]!.key))!;
        if (value === null || value === undefined) continue;
        if (value === 0 && measure.aggregate === 'count' && checked % 7 !== 0) continue; // a sample of the empty cells
        const { rows } = await drillDown(db.pool, council.id, options, today, table.key, { row: row.key, column: column.key });
        const where = `${table.key} [${row.key}, ${column.key}]`;
        switch (measure.aggregate) {
          case 'count':
            assert.equal(rows.length, value, where);
            break;
          case 'average':
            assert.ok(close(rows.reduce((s, r) => s + Number(r.working_days), 0) / rows.length, value), where);
            break;
          case 'sum': {
            const column = measure.of === 'remedy_amount' ? 'remedy_amount' : 'amount';
            assert.ok(close(rows.reduce((s, r) => s + Number(r[column] ?? 0), 0), value), where);
            break;
          }
          case 'percent':
            assert.ok(close((100 * rows.filter((r) => r.counted).length) / rows.length, value), where);
            break;
          case 'share':
            // The cases of this cell; their share of the column is checked with the Staffordshire figures.
            assert.ok(rows.length > 0, where);
            break;
        }
        checked++;
      }
    }
  }
  assert.ok(checked > 200, `only ${checked} figures checked`);
});

// The same cases, worked out from the fixture's CSV files without the database, one per population.
const contacts = csvRecords(readFileSync(`${folder}contacts.csv`));
const stages = csvRecords(readFileSync(`${folder}stages.csv`));
const ombudsman = csvRecords(readFileSync(`${folder}ombudsman.csv`));
const inYear = (date: string) => date >= '2023-04-01' && date <= '2024-03-31';
/** A row as a reader names it: units are keyed by id, so found by their name in the report. */
const rowKey = (table: string, name: string) =>
  report.sections.flatMap((s) => s.tables).find((t) => t.key === table)?.rows.find((r) => r.label === name && /^\d+$/.test(r.key))?.key ?? name;
const drilled = async (table: string, row: string, column: string) =>
  (await drillDown(db.pool, council.id, options, today, table, { row: rowKey(table, row), column })).rows.map((r) => r.reference).sort();

test('complaints: Public Services’ corporate complaints of 2023/24 are the fixture’s', async () => {
  const wanted = contacts.filter((c) => c.procedure === 'corporate' && c.route === 'formal' && c.directorate === 'Public Services' && inYear(c.received_on!));
  assert.deepEqual(await drilled('corporate.complaints_by_unit', 'Public Services', '2023/24'), wanted.map((c) => c.reference).sort());
});

test('stages: adults’ stage 1 responses over 20 working days in 2023/24', async () => {
  const adults = new Set(contacts.filter((c) => c.procedure === 'adults_statutory' && inYear(c.received_on!)).map((c) => c.reference));
  const refs = await drilled('adults_statutory.response_bands', 'over 20', '2023/24');
  const expectedRefs = stages.filter((s) => adults.has(s.reference!) && s.stage === '1' && s.responded_on && s.outcome !== 'withdrawn').map((s) => s.reference!);
  assert.equal(refs.length, 30);
  assert.ok(refs.every((r) => expectedRefs.includes(r)));
});

test('contacts: Children & Young People’s corporate compliments of 2023/24', async () => {
  const wanted = contacts.filter((c) => c.kind === 'compliment' && c.procedure === 'corporate' && c.directorate === 'Children & Young People' && inYear(c.received_on!));
  assert.deepEqual(await drilled('compliments.by_unit', 'Children & Young People', '2023/24'), wanted.map((c) => c.reference).sort());
});

test('Ombudsman: upheld 2023/24 decisions on education with a financial remedy', async () => {
  const wanted = ombudsman.filter((o) => o.decision === 'upheld' && inYear(o.decided_on!) && o.category === "Education & Children's Services" && o.remedies!.includes('financial_redress'));
  assert.deepEqual(await drilled('ombudsman.remedies', "Education & Children's Services", 'financial'), wanted.map((o) => o.ombudsman_reference).sort());
});

test('a figure of a table the report does not have is refused', async () => {
  await assert.rejects(drillDown(db.pool, council.id, options, today, 'corporate.nonsense', { row: 'x', column: 'y' }), /no table corporate.nonsense/);
});

test("the stage 2 summary: Calderdale's one children's stage 2 of 2023/24, partially upheld", () => {
  const table = report.sections.flatMap((s) => s.tables).find((t) => t.key === 'children_statutory.stage2_summary')!;
  const row = table.rows.find((r) => r.key === '2023/24')!;
  assert.deepEqual(Object.fromEntries(table.columns.map((c, i) => [c.key, row.cells[i]])), {
    requests: 1, accepted: 1, refused: 0, upheld: 1, upheld_percent: 100,
  });
  assert.equal(table.columns.find((c) => c.key === 'upheld_percent')!.unit, 'percent');
});
