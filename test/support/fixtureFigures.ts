import assert from 'node:assert/strict';
import type { AnnualReport } from '../../src/reports/annualReport.ts';
import type { ReportTable } from '../../src/reports/shape.ts';

/**
 * How a fixture's expected.json is checked against a generated report: each expected table
 * has a reader saying where it is in the report and how the seed printed it; the figures all
 * come from the report. Every mismatch is listed, not only the first.
 */
export type Figures = Record<string, unknown>;
export type Reader = (table: (key: string) => ReportTable) => Figures;

export const mapValues = <T, U>(o: Record<string, T>, f: (v: T, k: string) => U) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, f(v, k)]));

/** Picks out of `actual` exactly the figures `wanted` has (a figure not there counts 0). */
export function pick(wanted: unknown, actual: unknown): unknown {
  if (typeof wanted !== 'object' || wanted === null) return actual ?? 0;
  return mapValues(wanted as Figures, (w, k) => pick(w, (actual as Figures | undefined)?.[k]));
}

export function assertFixtureFigures(report: AnnualReport, expected: Record<string, { rows: Figures }>, readers: Record<string, Reader>): void {
  const byKey = new Map(report.sections.flatMap((s) => s.tables).map((t) => [t.key, t]));
  const table = (key: string) => byKey.get(key) ?? assert.fail(`the report has no table ${key}`);
  assert.deepEqual(Object.keys(readers).sort(), Object.keys(expected).sort(), 'every table of expected.json is read');
  const mismatches: string[] = [];
  for (const [name, { rows }] of Object.entries(expected)) {
    const actual = pick(rows, readers[name]!(table));
    try {
      assert.deepEqual(actual, rows);
    } catch {
      mismatches.push(`${name}: expected ${JSON.stringify(rows)}\n   got ${JSON.stringify(actual)}`);
    }
  }
  assert.deepEqual(mismatches, []);
}
