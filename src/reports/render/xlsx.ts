import ExcelJS from 'exceljs';
import type { AnnualReport } from '../annualReport.ts';
import type { SectionKey } from '../reportCatalogue.ts';
import type { Cell, ReportTable } from '../shape.ts';
import { anySuppressed, columnUnit, hasPreviousPosition, PREVIOUS_POSITION_LABEL, reportTitle, rowName, suppressedAs } from './cells.ts';

/**
 * The annual report as an Excel workbook: a Contents sheet, then a sheet per table with its
 * figures as numbers (formatted to the table's decimals, never as text), so officers can
 * re-use them. Suppressed counts are the text "<N".
 */

const SHORT_SECTION: Record<string, string> = {
  contacts: 'Contacts', corporate: 'Corporate', children_statutory: 'Children', adults_statutory: 'Adults', public_health: 'Public health',
  housing: 'Housing', ombudsman: 'Ombudsman', compliments: 'Compliments', remedies: 'Remedies', learning: 'Learning',
};
const SHEET_NAME_LIMIT = 31;
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8E8E8' } };
const THIN: Partial<ExcelJS.Border> = { style: 'thin', color: { argb: 'FF8A8A8A' } };

/**
 * A sheet per table, named by its section and what it breaks down ("Corporate complaints by
 * directorate"), within Excel's rules: at most 31 characters, none of []:*?/\, no apostrophe at
 * either end, unique regardless of case. The Contents sheet gives each one's full title.
 */
export function sheetNames(report: AnnualReport): Map<string, string> {
  const names = new Map<string, string>();
  const taken = new Set<string>(['contents']);
  for (const section of report.sections) {
    for (const table of section.tables) {
      const what = table.key.slice(table.key.indexOf('.') + 1).replace(/_/g, ' ').replace(/([a-z])(\d)/g, '$1 $2').replace(/\bunit\b/, report.options.level);
      const short = SHORT_SECTION[section.key] ?? section.title;
      // "Public health compliance by period" is too long: "PH compliance by period".
      const initials = short.split(' ').length > 1 ? short.split(' ').map((w) => w.charAt(0).toUpperCase()).join('') : short;
      const full = clean(`${short} ${what}`);
      const base = full.length <= SHEET_NAME_LIMIT ? full : cut(clean(`${initials} ${what}`), SHEET_NAME_LIMIT);
      let name = base;
      for (let n = 2; taken.has(name.toLowerCase()); n += 1) name = `${cut(base, SHEET_NAME_LIMIT - String(n).length - 1)} ${n}`;
      taken.add(name.toLowerCase());
      names.set(table.key, name);
    }
  }
  return names;
}

const clean = (s: string) => s.replace(/[[\]:*?/\\]/g, '-').replace(/\s+/g, ' ').replace(/^'+|'+$/g, '').trim();

/** Shortens at a word where it can. */
function cut(s: string, max: number): string {
  if (s.length <= max) return s;
  const head = s.slice(0, max + 1);
  const space = head.lastIndexOf(' ');
  return (space > max / 2 ? head.slice(0, space) : s.slice(0, max)).replace(/(\s+(by|of|to|and|the|in))+$/i, '').replace(/[\s,-]+$/, '').replace(/'+$/, '');
}

/** The number format of a column: the table's decimals, thousands separated, and its own % or £. */
function numberFormat(table: ReportTable, column: number): string {
  const { unit, own } = columnUnit(table, column);
  const decimals = own && unit === 'count' ? 0 : table.decimals;
  const digits = decimals > 0 ? `0.${'0'.repeat(decimals)}` : '0';
  if (own && unit === 'percent') return `${digits}"%"`;
  if (own && unit === 'pounds') return `"£"#,##${digits}`;
  return `#,##${digits}`;
}

function tableSheet(workbook: ExcelJS.Workbook, name: string, table: ReportTable, suppressBelow: number | null): void {
  const previous = hasPreviousPosition(table);
  const width = 1 + table.columns.length + (previous ? 1 : 0);
  const sheet = workbook.addWorksheet(name, {
    views: [{ state: 'frozen', xSplit: 1, ySplit: 2 }],
    pageSetup: { paperSize: 9, orientation: width > 6 ? 'landscape' : 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  sheet.columns = [{ width: 44 }, ...Array.from({ length: width - 1 }, () => ({ width: 16 }))];

  const title = sheet.getCell(1, 1);
  title.value = table.title;
  title.font = { bold: true, size: 14 };

  const header = sheet.getRow(2);
  header.values = [table.rowHeader, ...table.columns.map((c) => c.label), ...(previous ? [PREVIOUS_POSITION_LABEL] : [])];
  // Wrapped headings need the row's height set: neither Excel nor LibreOffice grows it on opening.
  const headingLines = Math.max(1, ...table.columns.map((c) => Math.ceil(c.label.length / 14)), previous ? 2 : 1);
  header.height = headingLines * 13 + 4;
  header.eachCell((cell, col) => {
    cell.font = { bold: true };
    cell.fill = HEADER_FILL;
    cell.border = { bottom: THIN };
    cell.alignment = { wrapText: true, vertical: 'bottom', horizontal: col === 1 ? 'left' : 'right' };
  });

  const figures = (row: ExcelJS.Row, cells: Cell[]) => {
    cells.forEach((v, c) => {
      const cell = row.getCell(c + 2);
      const suppressed = suppressedAs(table, c, v, suppressBelow);
      cell.value = v === null ? '–' : suppressed ?? v;
      // Words (a list of cases) read from the left; figures from the right.
      cell.alignment = { horizontal: typeof v === 'string' ? 'left' : 'right', ...(typeof v === 'string' ? { wrapText: true } : {}) };
      if (typeof cell.value === 'number') cell.numFmt = numberFormat(table, c);
    });
  };
  let r = 3;
  for (const row of table.rows) {
    const line = sheet.getRow(r++);
    line.getCell(1).value = rowName(row);
    figures(line, row.cells);
    if (previous) {
      const cell = line.getCell(width);
      cell.value = row.previousPosition ?? '–';
      cell.alignment = { horizontal: 'right' };
    }
  }
  if (table.rows.length === 0) sheet.getCell(r++, 1).value = 'None were counted.';
  if (table.total) {
    const line = sheet.getRow(r++);
    line.getCell(1).value = 'Total';
    figures(line, table.total);
    line.font = { bold: true };
    for (let c = 1; c <= width; c += 1) line.getCell(c).border = { top: THIN };
  }

  // The definition beneath, across the table's width.
  r += 1;
  const suppressed = anySuppressed(table, suppressBelow);
  const note = sheet.getCell(r, 1);
  note.value = `What is counted: ${table.definition}${suppressed ? ` Figures below ${suppressBelow} are shown as "<${suppressBelow}".` : ''}`;
  note.alignment = { wrapText: true, vertical: 'top' };
  note.font = { italic: true, color: { argb: 'FF505A5F' } };
  sheet.mergeCells(r, 1, r, Math.max(width, 4));
  const charsPerLine = 44 + Math.max(width - 1, 3) * 16;
  sheet.getRow(r).height = Math.ceil(String(note.value).length / charsPerLine + 0.5) * 15;
}

export async function renderXlsx(report: AnnualReport): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Redress';
  workbook.title = reportTitle(report);
  workbook.created = new Date(`${report.generatedOn}T00:00:00Z`);
  workbook.modified = workbook.created;
  const names = sheetNames(report);

  const contents = workbook.addWorksheet('Contents', { pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  contents.columns = [{ width: 34 }, { width: 70 }, { width: 33 }];
  contents.getCell('A1').value = reportTitle(report);
  contents.getCell('A1').font = { bold: true, size: 14 };
  const facts: [string, string][] = [
    ['Council', report.council.name],
    ['Reporting year', report.year],
    ['Years compared', report.years.join(', ')],
    ['Generated on', report.generatedOn],
  ];
  if (report.options.suppressBelow !== null) facts.push(['Small numbers', `Counts from 1 to ${report.options.suppressBelow - 1} are shown as "<${report.options.suppressBelow}"`]);
  facts.forEach(([label, value], i) => {
    contents.getCell(3 + i, 1).value = label;
    contents.getCell(3 + i, 1).font = { bold: true };
    contents.getCell(3 + i, 2).value = value;
  });
  const headerRow = 3 + facts.length + 1;
  const header = contents.getRow(headerRow);
  header.values = ['Section', 'Table', 'Sheet'];
  header.eachCell((cell) => { cell.font = { bold: true }; cell.fill = HEADER_FILL; cell.border = { bottom: THIN }; });
  contents.views = [{ state: 'frozen', ySplit: headerRow }];

  let r = headerRow + 1;
  for (const section of report.sections) {
    for (const table of section.tables) {
      const name = names.get(table.key)!;
      const row = contents.getRow(r++);
      row.getCell(1).value = section.title;
      // The table's title, as in every other format, links to its sheet; the sheet's (shorter) name beside it.
      row.getCell(2).value = { text: table.title, hyperlink: `#'${name.replace(/'/g, "''")}'!A1` };
      row.getCell(2).font = { color: { argb: 'FF1D70B8' }, underline: true };
      row.getCell(3).value = name;
    }
  }
  for (const section of report.sections) {
    for (const table of section.tables) tableSheet(workbook, names.get(table.key)!, table, report.options.suppressBelow);
  }
  // Arial throughout, as in the Word report.
  workbook.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => { cell.font = { name: 'Arial', size: 10, ...cell.font }; })));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
