import { suppress, type Cell, type ReportRow, type ReportTable } from '../shape.ts';
import type { AnnualReport } from '../annualReport.ts';
import type { Unit } from '../definitions.ts';

/**
 * The unit of one column's figures. A table of measures can mix them (a count of contacts beside
 * the percentage that became complaints): a column may carry its own `unit`, else the table's
 * applies. Only a column's own unit earns a "%" or "£" on its figures, since the table's unit
 * need not hold for every column.
 */
export function columnUnit(table: Pick<ReportTable, 'unit' | 'columns'>, column: number): { unit: Unit; own: boolean } {
  const own = (table.columns[column] as { unit?: Unit } | undefined)?.unit;
  return own ? { unit: own, own: true } : { unit: table.unit, own: false };
}

/** Whether the figure is shown as "<N" when publishing (counts from 1 to below the threshold). */
export function suppressedAs(table: Pick<ReportTable, 'unit' | 'columns'>, column: number, value: Cell, suppressBelow: number | null): string | null {
  if (typeof value === 'string') return null;
  return suppress(value, columnUnit(table, column).unit, suppressBelow);
}

/**
 * How a figure of a report table reads in a finished document (Word, the charts' labels):
 * the table's decimals, thousands separated, "–" for nothing to show, "<N" for a count
 * suppressed for publication, and "%" or "£" where the column's own unit says so.
 */
export function formatCell(table: Pick<ReportTable, 'unit' | 'decimals' | 'columns'>, column: number, value: Cell, suppressBelow: number | null = null): string {
  if (value === null) return '–';
  if (typeof value === 'string') return value;
  const suppressed = suppressedAs(table, column, value, suppressBelow);
  if (suppressed !== null) return suppressed;
  const { unit, own } = columnUnit(table, column);
  // A count is whole whatever the table's decimals (a table can hold a count beside a %).
  const n = formatNumber(value, own && unit === 'count' ? 0 : table.decimals);
  if (own && unit === 'percent') return `${n}%`;
  if (own && unit === 'pounds') return `£${n}`;
  return n;
}

export function formatNumber(value: number, decimals: number): string {
  return new Intl.NumberFormat('en-GB', { minimumFractionDigits: decimals, maximumFractionDigits: decimals }).format(value);
}

/** The figure rounded as it is published (half away from zero, as Excel rounds). */
export function roundTo(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return (Math.sign(value) * Math.round((Math.abs(value) + Number.EPSILON) * f)) / f;
}

/** Top-N tables carry each row's position last year: the outputs show it as a last column. */
export function hasPreviousPosition(table: ReportTable): boolean {
  return table.rows.some((r) => r.previousPosition !== undefined);
}

export const PREVIOUS_POSITION_LABEL = 'Position last year';

/** Whether any figure of the table (cells or total) is suppressed. */
export function anySuppressed(table: ReportTable, suppressBelow: number | null): boolean {
  return [...table.rows.map((r) => r.cells), ...(table.total ? [table.total] : [])]
    .some((cells) => cells.some((v, c) => suppressedAs(table, c, v, suppressBelow) !== null));
}

/** What the report is called under the council's name (a title page, the page's heading). */
export function reportHeading(report: Pick<AnnualReport, 'year'>): string {
  return `Annual complaints report ${report.year}`;
}

/** The report's one title, the same in every format: "Calderdale Council — Annual complaints report 2023/24". */
export function reportTitle(report: Pick<AnnualReport, 'year' | 'council'>): string {
  return `${report.council.name} — ${reportHeading(report)}`;
}

/** A row's name where a table cannot set its parent above it (Word, Excel, CSV): "Directorate: Service". */
export const rowName = (row: ReportRow): string => (row.group && !row.subtotal ? `${row.group}: ${row.label}` : row.label);
