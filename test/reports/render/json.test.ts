import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { AnnualReport } from '../../../src/reports/annualReport.ts';
import { renderJson } from '../../../src/reports/render/json.ts';
import { calderdaleReport, tableOf } from './calderdale.ts';
import { reportTables } from '../../../src/reports/reportCatalogue.ts';
import { shapeTable } from '../../../src/reports/shape.ts';

let report: AnnualReport;
before(async () => { report = await calderdaleReport(); });

/** The same object with every object's keys in reverse order. */
function reversed(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversed);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reversed(v)]));
}

test('the JSON is the report, every figure unrounded', () => {
  const json = renderJson(report);
  assert.deepEqual(JSON.parse(json), { ...JSON.parse(JSON.stringify(report)), title: 'Calderdale Council — Annual complaints report 2023/24' });
  const compliance = (JSON.parse(json) as AnnualReport).sections.flatMap((s) => s.tables).find((t) => t.key === 'corporate.compliance_by_stage')!;
  assert.deepEqual(compliance.rows[0]!.cells, tableOf(report, 'corporate.compliance_by_stage').rows[0]!.cells);
  assert.ok(!Number.isInteger(compliance.rows[0]!.cells[0]));
});

test('keys come in the documented order, whatever order the report was built in, two-space indented', () => {
  const json = renderJson(report);
  assert.equal(renderJson(reversed(report) as AnnualReport), json);
  assert.ok(json.startsWith('{\n  "format": "redress-annual-report/1",\n  "title": "Calderdale Council — Annual complaints report 2023/24",\n  "council": {\n    "slug": '));
  assert.ok(json.endsWith('}\n'));
  const parsed = JSON.parse(json) as AnnualReport;
  assert.deepEqual(Object.keys(parsed), ['format', 'title', 'council', 'year', 'years', 'generatedOn', 'options', 'sections']);
  const table = parsed.sections[1]!.tables[0]!;
  assert.deepEqual(Object.keys(table), ['key', 'title', 'definition', 'unit', 'decimals', 'rowHeader', 'columns', 'rows', 'total', 'chart']);
  // Calderdale's contacts name no workspace, and "not recorded" is never ranked: a top-N table of two years made here.
  const definition = reportTables(report.options).flatMap((s) => s.tables).find((t) => t.key === 'contacts.top_services')!;
  const figures = [['Roads', '2022/23', 4], ['Roads', '2023/24', 6], ['Waste', '2023/24', 6], ['Parks', '2022/23', 5]] as const;
  const ranked = shapeTable(definition, figures.map(([row_key, col_key, value]) => ({ measure: 'count', row_key, col_key, value })), ['2022/23', '2023/24']);
  const withTop = JSON.parse(renderJson({ ...report, sections: [{ key: 'contacts', title: 'Contacts', tables: [ranked] }] })) as AnnualReport;
  const top = withTop.sections[0]!.tables[0]!;
  assert.deepEqual(Object.keys(top.rows[0]!), ['key', 'label', 'cells', 'previousPosition', 'positions']);
  assert.deepEqual(top.rows.map((r) => [r.key, r.positions, r.previousPosition]), [['Roads', [2, 1], 2], ['Waste', [null, 1], null]]);
  assert.deepEqual(Object.keys(table.rows[0]!), ['key', 'label', 'cells'], 'positions only in top-N tables');
});

test('docs/reports-json.md documents the format and every field the JSON has', () => {
  const doc = readFileSync(new URL('../../../docs/reports-json.md', import.meta.url), 'utf8');
  assert.ok(doc.includes(`"format": "${report.format}"`));
  const fields = new Set<string>();
  const collect = (value: unknown, within: string) => {
    if (Array.isArray(value)) return value.forEach((v) => collect(v, within));
    if (value === null || typeof value !== 'object') return;
    for (const [k, v] of Object.entries(value)) {
      if (within !== 'bands' && within !== 'targets') fields.add(k);
      collect(v, k);
    }
  };
  collect(JSON.parse(renderJson(report)), '');
  const undocumented = [...fields].filter((f) => !doc.includes(`\`${f}\``));
  assert.deepEqual(undocumented, []);
});
