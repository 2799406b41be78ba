import { before, test } from 'node:test';
import { figures } from '../../support/reportGrid.ts';
import assert from 'node:assert/strict';
import type { AnnualReport } from '../../../src/reports/annualReport.ts';
import { CHART_COLOURS, chartPng, chartSvg } from '../../../src/reports/render/charts.ts';
import { calderdaleReport, tableOf } from './calderdale.ts';

let report: AnnualReport;
before(async () => { report = await calderdaleReport(); });

const count = (svg: string, pattern: RegExp) => (svg.match(pattern) ?? []).length;
const nonZero = (cells: (number | null)[]) => cells.filter((v) => v !== null && v !== 0).length;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

test('a grouped bar chart of complaints by directorate: a bar per year in a group per directorate', () => {
  const table = tableOf(report, 'corporate.complaints_by_unit');
  assert.equal(table.chart, 'grouped_bar');
  const svg = chartSvg(table)!;
  assert.match(svg, /^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  assert.match(svg, /^<svg [^>]*role="img"/);
  assert.match(svg, new RegExp(`^<svg [^>]*aria-label="Chart: ${table.title}`));
  assert.match(svg, new RegExp(`<title>Chart: ${table.title}`));
  assert.equal(count(svg, /<rect\b/g), table.rows.reduce((n, r) => n + nonZero(figures(r.cells)), 0));
  assert.equal(count(svg, /<rect\b/g), 12, 'four directorates × three years');
  for (const row of table.rows) assert.ok(svg.includes(`>${row.label.replace(/&/g, '&amp;')}<`), `the group ${row.label} is named`);
  for (const column of table.columns) assert.ok(svg.includes(`>${column.label}<`), `the bar for ${column.label} is named`);
  assert.ok(svg.includes('>95<'), 'each bar carries its figure');
  const fills = new Set([...svg.matchAll(/<rect [^>]*fill="([^"]+)"/g)].map((m) => m[1]));
  assert.deepEqual([...fills].sort(), CHART_COLOURS.slice(0, 3).sort(), 'a GOV.UK colour per year');
});

test('a bar chart draws the last column (the report year), one bar per row with a figure', () => {
  const table = tableOf(report, 'corporate.complaint_types');
  const svg = chartSvg(table)!;
  const last = table.columns.length - 1;
  assert.equal(count(svg, /<rect\b/g), nonZero(figures(table.rows.map((r) => r.cells[last] ?? null))));
  assert.match(svg, /aria-label="Chart: Types of complaint, 2023\/24/);
});

test('a stacked bar chart: a bar per row, a segment per column with a figure, and a key naming the columns', () => {
  const table = tableOf(report, 'corporate.outcomes_by_unit');
  const svg = chartSvg(table)!;
  assert.equal(count(svg, /<rect\b/g), table.rows.reduce((n, r) => n + nonZero(figures(r.cells)), 0));
  for (const column of table.columns) if (table.rows.some((r) => r.cells[table.columns.indexOf(column)])) assert.ok(svg.includes(`>${column.label}<`));
});

test('a line chart: a line per row across the years, named at its end', () => {
  const table = tableOf(report, 'children_statutory.compliance_by_stage');
  const svg = chartSvg(table)!;
  assert.equal(count(svg, /<rect\b/g), 0);
  const lines = /aria-label="line"[^>]*>((?:<path [^>]*\/>)+)<\/g>/.exec(svg)?.[1] ?? '';
  assert.equal(count(lines, /<path /g), table.rows.length, 'a line per row');
  assert.deepEqual([...lines.matchAll(/stroke="([^"]+)"/g)].map((m) => m[1]), CHART_COLOURS.slice(0, table.rows.length));
  for (const row of table.rows) assert.ok(svg.includes(`>${row.label}<`));
  assert.ok(svg.includes('>75%<'), 'points carry their percentage');
});

test('no chart for a table without one, nor for one with nothing to draw', () => {
  assert.equal(chartSvg(tableOf(report, 'ombudsman.summary')), null);
  const empty = tableOf(report, 'housing.outcome_totals');
  assert.ok(empty.chart && empty.rows.every((r) => r.cells.every((v) => v === 0)));
  assert.equal(chartSvg(empty), null);
  assert.equal(chartSvg(tableOf(report, 'housing.complaints_by_unit')), null, 'no rows');
});

test('counts suppressed for publication are not drawn, and read "<N" as in the table', () => {
  const table = tableOf(report, 'children_statutory.complaints_by_unit');
  assert.deepEqual(table.rows[0]!.cells, [4, 8, 4]);
  const svg = chartSvg(table, 5)!;
  assert.equal(count(svg, /<rect\b/g), 1, 'only the 8');
  assert.equal(count(svg, />&lt;5</g), 2);
});

test('chartPng draws every chart of the report as a PNG of the width asked for', () => {
  let charts = 0;
  for (const table of report.sections.flatMap((s) => s.tables)) {
    const svg = chartSvg(table);
    if (!svg) continue;
    charts += 1;
    const png = chartPng(svg, 600);
    assert.deepEqual(png.subarray(0, 8), PNG_SIGNATURE, table.key);
    assert.equal(png.readUInt32BE(16), 600, `${table.key}: width in the IHDR chunk`);
  }
  assert.ok(charts > 30, `${charts} charts`);
  const png = chartPng(chartSvg(tableOf(report, 'corporate.complaints_by_unit'))!);
  assert.equal(png.readUInt32BE(16), 1200);
});
