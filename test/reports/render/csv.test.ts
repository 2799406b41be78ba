import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import Papa from 'papaparse';
import type { AnnualReport } from '../../../src/reports/annualReport.ts';
import { defuse, renderCsv, renderReportCsv } from '../../../src/reports/render/csv.ts';
import { calderdaleReport, tableOf } from './calderdale.ts';

let report: AnnualReport;
const EVIL = '=HYPERLINK("http://example.com/steal","Click")';
before(async () => {
  // Names come from imported data: a directorate and two complaint types that a spreadsheet would run.
  report = await calderdaleReport({}, async (db, councilId) => {
    const rename = (table: string, from: string, to: string, kind = '') =>
      db.pool.query(`UPDATE ${table} SET name = $3 WHERE council_id = $1 AND name = $2${kind}`, [councilId, from, to]);
    assert.equal((await rename('org_unit', 'Public Services', EVIL, " AND kind = 'directorate'")).rowCount, 1);
    assert.equal((await rename('org_unit', 'Regeneration & Strategy', '-5 Street', " AND kind = 'directorate'")).rowCount, 1);
    assert.equal((await rename('complaint_category', 'Service Delay', '@SUM(A1:A9)')).rowCount, 1);
    assert.equal((await rename('complaint_category', 'Staff Conduct', '+44 Staff Conduct')).rowCount, 1);
  });
});

const parse = (csv: string) => Papa.parse<string[]>(csv.replace(/^\uFEFF/, ''), { skipEmptyLines: false }).data;

test('a table as CSV: header, a row per row, the total; figures as numbers', () => {
  const table = tableOf(report, 'corporate.complaints_by_unit');
  const csv = renderCsv(table, null);
  assert.ok(csv.startsWith('\uFEFF'), 'a byte-order mark, so Excel reads UTF-8');
  const rows = parse(csv).filter((r) => r.length > 1);
  assert.deepEqual(rows[0], ['Directorate', '2021/22', '2022/23', '2023/24']);
  assert.deepEqual(rows.at(-1), ['Total', '193', '210', '229']);
  assert.equal(rows.length, 1 + table.rows.length + 1);
  for (const [i, row] of table.rows.entries()) {
    assert.deepEqual(rows[i + 1]!.slice(1).map(Number), row.cells, `${row.label}: the report's figures`);
  }
});

test('text a spreadsheet would run as a formula is defused with an apostrophe; numbers are left alone', () => {
  const byUnit = renderCsv(tableOf(report, 'corporate.complaints_by_unit'), null);
  const labels = parse(byUnit).map((r) => r[0]);
  assert.ok(labels.includes(`'${EVIL}`), `got ${labels.join(' | ')}`);
  assert.ok(labels.includes("'-5 Street"));
  assert.ok(!labels.includes(EVIL));
  const types = parse(renderCsv(tableOf(report, 'corporate.complaint_types'), null)).map((r) => r[0]);
  assert.ok(types.includes("'@SUM(A1:A9)"));
  assert.ok(types.includes("'+44 Staff Conduct"));
  assert.match(byUnit, /^\uFEFF?Directorate,/m);

  // A negative figure is a number, not text: it is written as it is.
  const table = tableOf(report, 'corporate.complaints_by_unit');
  const negative = { ...table, rows: [{ ...table.rows[0]!, cells: [-5, 0, 1.5] }] };
  const row = parse(renderCsv(negative, null))[1]!;
  assert.deepEqual(row.slice(1), ['-5', '0', '2']);
  for (const text of ['=1+1', '+1', '-1', '@A1', '\tx', '\rx']) assert.equal(defuse(text), `'${text}`);
  for (const text of ['Upheld', "'quoted", '<5', '', '5 Street']) assert.equal(defuse(text), text);
});

test('counts below the threshold read "<N" when published; zeros, totals and percentages do not', () => {
  const children = tableOf(report, 'children_statutory.complaints_by_unit');
  assert.deepEqual(children.rows[0]!.cells, [4, 8, 4]);
  const rows = parse(renderCsv(children, 5));
  assert.deepEqual(rows[1]!.slice(1), ['<5', '8', '<5']);
  assert.deepEqual(rows[2], ['Total', '<5', '8', '<5'], 'a total is a count too');
  const outcomes = parse(renderCsv(tableOf(report, 'children_statutory.outcome_totals'), 5));
  assert.deepEqual(outcomes.find((r) => r[0] === 'Upheld')!.slice(1), ['0', '0', '0'], 'zero is not suppressed');
  const compliance = parse(renderCsv(tableOf(report, 'children_statutory.compliance_by_stage'), 5));
  assert.deepEqual(compliance[1]!.slice(1), ['100', '43', '75'], 'percentages, rounded to the table’s decimals, are not counts');
});

test('the whole report: every table after a line naming it, each followed by a blank line', () => {
  const csv = renderReportCsv(report);
  assert.equal(csv.indexOf('\uFEFF'), 0);
  assert.equal(csv.lastIndexOf('\uFEFF'), 0, 'one byte-order mark, at the start');
  const lines = csv.slice(1).split('\n');
  assert.equal(lines[0], `Calderdale Council — Annual complaints report 2023/24`);
  const tables = report.sections.flatMap((s) => s.tables.map((t) => ({ s, t })));
  for (const { s, t } of tables) {
    const title = `${s.title}: ${t.title}`;
    const at = lines.findIndex((l) => l === title || l === `"${title.replace(/"/g, '""')}"`);
    assert.ok(at > 0, `a line names ${t.key}`);
    const height = 1 + t.rows.length + (t.total ? 1 : 0);
    assert.equal(lines[at + height + 1], '', `${t.key}: a blank line after`);
  }
  assert.ok(csv.includes(`'${EVIL.replace(/"/g, '""')}`), 'the whole report is defused too');
});
