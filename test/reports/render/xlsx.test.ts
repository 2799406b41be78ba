import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import type { AnnualReport } from '../../../src/reports/annualReport.ts';
import { renderXlsx, sheetNames } from '../../../src/reports/render/xlsx.ts';
import { calderdaleReport, tableOf, withSuppression } from './calderdale.ts';
import { convertToPdf, pdfText } from './libreoffice.ts';
import { embeddedPassOnly } from '../../support/testDatabase.ts';

let report: AnnualReport;
let workbook: ExcelJS.Workbook;
before(async () => {
  report = await calderdaleReport();
  workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(await renderXlsx(report) as unknown as ExcelJS.Buffer);
});

const squash = (s: string) => s.replace(/\s+/g, ' ');
const tables = () => report.sections.flatMap((s) => s.tables.map((t) => ({ section: s, table: t })));

test('a Contents sheet first: the council, the year, and every table by its title, linked to its sheet', () => {
  const contents = workbook.worksheets[0]!;
  assert.equal(contents.name, 'Contents');
  assert.equal(workbook.worksheets.length, 1 + tables().length);
  const values = contents.getSheetValues().flat().map(String);
  assert.ok(values.includes('Calderdale Council'));
  assert.ok(values.includes('2023/24'));
  assert.equal(contents.getCell('A1').value, 'Calderdale Council — Annual complaints report 2023/24');
  const names = sheetNames(report);
  const first = contents.getColumn(1).values.indexOf('Section') + 1;
  assert.deepEqual((contents.getRow(first - 1).values as unknown[]).slice(1), ['Section', 'Table', 'Sheet']);
  tables().forEach(({ section, table }, i) => {
    const row = first + i;
    assert.equal(contents.getCell(row, 1).value, section.title);
    const link = contents.getCell(row, 2).value as ExcelJS.CellHyperlinkValue;
    const name = names.get(table.key)!;
    assert.equal(link.text, table.title, 'the title, not the internal key');
    assert.equal(link.hyperlink, `#'${name.replace(/'/g, "''")}'!A1`);
    assert.equal(contents.getCell(row, 3).value, name);
    assert.ok(workbook.getWorksheet(name), `the sheet ${name} exists`);
  });
  assert.ok(!values.some((v) => /^[a-z_]+\.[a-z0-9_]+$/.test(v)), 'no internal keys');
});

test("sheet names keep to Excel's rules: 31 characters, no []:*?/\\, unique", () => {
  const names = [...sheetNames(report).values()];
  for (const name of names) {
    assert.ok(name.length <= 31, name);
    assert.doesNotMatch(name, /[[\]:*?/\\]|^'|'$/, name);
  }
  assert.equal(new Set(names.map((n) => n.toLowerCase())).size, names.length);
  assert.equal(sheetNames(report).get('corporate.complaints_by_unit'), 'Corporate complaints');
  assert.equal(sheetNames(report).get('public_health.compliance_by_period'), 'PH compliance by period');
});

test("a table's sheet: title, a bold frozen header, the report's figures as numbers, the total, the definition", () => {
  const table = tableOf(report, 'corporate.complaints_by_unit');
  const sheet = workbook.getWorksheet(sheetNames(report).get(table.key)!)!;
  assert.equal(sheet.getCell('A1').value, table.title);
  assert.deepEqual((sheet.getRow(2).values as unknown[]).slice(1), ['Directorate', '2021/22', '2022/23', '2023/24']);
  assert.equal(sheet.getCell('B2').font.bold, true);
  assert.deepEqual(sheet.views[0], { ...sheet.views[0], state: 'frozen', xSplit: 1, ySplit: 2 });
  table.rows.forEach((row, i) => {
    assert.equal(sheet.getCell(3 + i, 1).value, row.label);
    row.cells.forEach((v, c) => {
      const cell = sheet.getCell(3 + i, 2 + c);
      assert.equal(typeof cell.value, 'number', `${row.label} ${table.columns[c]!.label} is a number`);
      assert.equal(cell.value, v);
    });
  });
  const total = sheet.getRow(3 + table.rows.length);
  assert.deepEqual((total.values as unknown[]).slice(1), ['Total', 193, 210, 229]);
  assert.equal(total.getCell(4).font.bold, true);
  assert.equal(sheet.getCell(3 + table.rows.length + 2, 1).value, `What is counted: ${table.definition}`);

  // An average keeps its full value, shown to the table's decimals.
  const averages = tableOf(report, 'adults_statutory.average_working_days');
  const avg = workbook.getWorksheet(sheetNames(report).get(averages.key)!)!.getCell('D3');
  assert.equal(avg.value, averages.rows[0]!.cells[2]);
  assert.equal(avg.numFmt, '#,##0.0');
  const percent = workbook.getWorksheet(sheetNames(report).get('corporate.compliance_by_stage')!)!.getCell('B3');
  assert.equal(percent.value, tableOf(report, 'corporate.compliance_by_stage').rows[0]!.cells[0]);
  // A percentage column says so: its own unit, shown with a % sign.
  assert.equal(percent.numFmt, '0"%"');
});

test('published with suppression, small counts are the text "<5"', async () => {
  const suppressed = new ExcelJS.Workbook();
  await suppressed.xlsx.load(await renderXlsx(withSuppression(report, 5)) as unknown as ExcelJS.Buffer);
  const sheet = suppressed.getWorksheet(sheetNames(report).get('children_statutory.complaints_by_unit')!)!;
  assert.deepEqual((sheet.getRow(3).values as unknown[]).slice(1), ['Children & Young People', '<5', 8, '<5']);
});

test('LibreOffice opens the workbook, and prints the figures', { timeout: 240_000, skip: embeddedPassOnly() }, async () => {
  const { pdf } = await convertToPdf('calderdale-2023-24.xlsx', await renderXlsx(report));
  const text = squash(await pdfText(pdf));
  for (const expected of ['Calderdale Council — Annual complaints report 2023/24', 'Corporate complaints received by directorate',
    "Chief Executive's Office 24 29 19", 'Total 193 210 229', 'Average 19.7 23.3 27.5']) {
    assert.ok(text.includes(expected), `the PDF says "${expected}"`);
  }
  for (const { table } of tables()) assert.ok(text.includes(squash(table.title)), `${table.key} is in the PDF`);
});
