import type { Cell, ReportRow, ReportTable } from '../../src/reports/shape.ts';

/** A table of figures' cells as numbers (a list of cases' words would fail the test here). */
export const figures = (cells: Cell[]): (number | null)[] => cells.map((c) => {
  if (typeof c === 'string') throw new TypeError(`a figure was expected, not the words "${c}"`);
  return c;
});

/** How a reader names a row: units are keyed by id, so by their name; anything else by its key. */
export const rowName = (r: ReportRow) => (r.key === 'not_recorded' || /^\d+$/.test(r.key) ? r.label : r.key);

/** Rows → columns → value, as the fixtures' expected.json key them (units by name). */
export function grid(t: ReportTable): Record<string, Record<string, number | null>> {
  const out: Record<string, Record<string, number | null>> = {};
  for (const r of t.rows) out[rowName(r)] = Object.fromEntries(t.columns.map((c, i) => [c.key, figures(r.cells)[i] ?? null]));
  if (t.total) out.__total = Object.fromEntries(t.columns.map((c, i) => [c.key, t.total![i] ?? null]));
  return out;
}
