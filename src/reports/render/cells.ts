import { suppress, type ReportTable } from '../shape.ts';

/**
 * How a figure of a report table reads in a finished document (Word, the charts' labels):
 * the table's decimals, thousands separated, % and £ where the unit says so, "–" for nothing
 * to show, and "<N" for a count suppressed for publication.
 */
export function formatCell(table: Pick<ReportTable, 'unit' | 'decimals'>, value: number | null, suppressBelow: number | null = null): string {
  if (value === null) return '–';
  const suppressed = suppress(value, table.unit, suppressBelow);
  if (suppressed !== null) return suppressed;
  const n = formatNumber(value, table.decimals);
  if (table.unit === 'percent') return `${n}%`;
  if (table.unit === 'pounds') return `£${n}`;
  return n;
}

export function formatNumber(value: number, decimals: number): string {
  return new Intl.NumberFormat('en-GB', { minimumFractionDigits: decimals, maximumFractionDigits: decimals }).format(value);
}

/** The figure rounded as it is published (half away from zero, as Excel and the seeds round). */
export function roundTo(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return (Math.sign(value) * Math.round((Math.abs(value) + Number.EPSILON) * f)) / f;
}

/** A column of the finished table: the report's columns, and "Position last year" for top-N tables. */
export function hasPreviousPosition(table: ReportTable): boolean {
  return table.rows.some((r) => r.previousPosition !== undefined);
}

export const PREVIOUS_POSITION_LABEL = 'Position last year';
