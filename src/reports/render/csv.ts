import { stringify } from 'csv-stringify/sync';
import type { AnnualReport } from '../annualReport.ts';
import type { Cell, ReportTable } from '../shape.ts';
import { hasPreviousPosition, PREVIOUS_POSITION_LABEL, reportTitle, roundTo, rowName, suppressedAs } from './cells.ts';

/**
 * The report's tables as CSV: figures as numbers rounded to the table's decimals, nothing to
 * show as an empty cell, suppressed counts as the text "<N". The text starts with a byte-order
 * mark so that Excel reads it as UTF-8 (£, ’ and – survive).
 */

const BOM = '\uFEFF';

/**
 * Text a spreadsheet would run as a formula (= + - @, or a tab or carriage return first) gets a
 * leading apostrophe. Council, unit and category names come from imported data. Numbers are
 * never text, so a negative number is left alone.
 */
export function defuse(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

type CsvRow = (string | number)[];

function records(table: ReportTable, suppressBelow: number | null): CsvRow[] {
  const previous = hasPreviousPosition(table);
  const figures = (cells: Cell[]) => cells.map((v, c) => (v === null ? '' : typeof v === 'string' ? v : suppressedAs(table, c, v, suppressBelow) ?? roundTo(v, table.decimals)));
  return [
    [table.rowHeader, ...table.columns.map((c) => c.label), ...(previous ? [PREVIOUS_POSITION_LABEL] : [])],
    ...table.rows.map((r): CsvRow => [rowName(r), ...figures(r.cells), ...(previous ? [r.previousPosition ?? ''] : [])]),
    ...(table.total ? [['Total', ...figures(table.total)]] : []),
  ];
}

function toCsv(rows: CsvRow[]): string {
  return stringify(rows.map((r) => r.map((v) => (typeof v === 'string' ? defuse(v) : v))));
}

/** One table: its header row, a row per row of the table, and its total. */
export function renderCsv(table: ReportTable, suppressBelow: number | null): string {
  return BOM + toCsv(records(table, suppressBelow));
}

/** Every table of the report, each after a line naming it (section: title) and followed by a blank line. */
export function renderReportCsv(report: AnnualReport): string {
  const parts = [toCsv([[reportTitle(report)], [`Generated on ${report.generatedOn}`]]), '\n'];
  for (const section of report.sections) {
    for (const table of section.tables) {
      parts.push(toCsv([[`${section.title}: ${table.title}`]]), toCsv(records(table, report.options.suppressBelow)), '\n');
    }
  }
  return BOM + parts.join('');
}
