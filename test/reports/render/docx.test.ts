import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AnnualReport } from '../../../src/reports/annualReport.ts';
import { chartSvg } from '../../../src/reports/render/charts.ts';
import { COMMENTARY_PLACEHOLDER, renderDocx } from '../../../src/reports/render/docx.ts';
import { calderdaleReport, tableOf, withSuppression } from './calderdale.ts';
import { convertToPdf, pdfText } from './libreoffice.ts';
import { embeddedPassOnly } from '../../support/testDatabase.ts';
import { zipEntry } from './zip.ts';

let report: AnnualReport;
before(async () => { report = await calderdaleReport(); });

const COMMENTARY = 'Corporate complaints rose by nine per cent on last year, mostly about missed bin collections.';
const squash = (s: string) => s.replace(/\s+/g, ' ');
const count = (s: string, pattern: RegExp) => (s.match(pattern) ?? []).length;

test('the Word document: Arial, a Heading 1 per section, a Heading 2, chart and Word table per table', async () => {
  const docx = await renderDocx(report, { corporate: COMMENTARY });
  assert.equal(docx.subarray(0, 2).toString(), 'PK');
  const xml = zipEntry(docx, 'word/document.xml');
  const styles = zipEntry(docx, 'word/styles.xml');
  assert.match(styles, /<w:rFonts w:ascii="Arial"/);
  assert.doesNotMatch(styles + xml, /w:ascii="(Calibri|Cambria|Times)/);

  const tables = report.sections.flatMap((s) => s.tables);
  assert.equal(count(xml, /<w:pStyle w:val="Heading1"\/>/g), report.sections.length);
  assert.equal(count(xml, /<w:pStyle w:val="Heading2"\/>/g), tables.length);
  assert.equal(count(xml, /<w:tbl>/g), tables.filter((t) => t.rows.length > 0).length, 'a Word table for each table with rows');
  assert.equal(count(xml, /<w:tblHeader\/>/g), count(xml, /<w:tbl>/g), 'each header row repeats on a new page');
  assert.equal(count(xml, /<w:drawing>/g), tables.filter((t) => chartSvg(t)).length, 'a chart per table that has one');
  assert.match(xml, /<wp:docPr [^>]*title="Chart: Corporate complaints received by directorate"/);
  // The commentary given, and the placeholder (in italics) for every other section.
  assert.equal(count(xml, new RegExp(COMMENTARY, 'g')), 1);
  const placeholder = COMMENTARY_PLACEHOLDER.replace(/'/g, '&apos;');
  const placeholders = count(xml, new RegExp(`<w:rPr><w:i/><w:iCs/></w:rPr><w:t xml:space="preserve">${placeholder}</w:t>`, 'g'));
  assert.equal(placeholders, report.sections.length - 1);
  // Totals in bold, figures right-aligned.
  assert.match(xml, /<w:jc w:val="right"\/>(?:(?!<\/w:p>).)*<w:b\/>(?:(?!<\/w:p>).)*<w:t[^>]*>229<\/w:t>/);
});

test('LibreOffice opens the Word document, and its pages carry the figures', { timeout: 240_000, skip: embeddedPassOnly() }, async () => {
  const { pdf } = await convertToPdf('calderdale-2023-24.docx', await renderDocx(report, { corporate: COMMENTARY }));
  const text = squash(await pdfText(pdf));
  for (const expected of [
    'Calderdale Council', 'Annual complaints report 2023/24', 'Generated on 1 November 2024',
    'Corporate complaints received by directorate', "Chief Executive's Office", 'Regeneration & Strategy',
    'Total 193 210 229', // the corporate complaints total, in the table
    'Average 16.0 15.0 17.0', // an average, with its table's one decimal
    COMMENTARY, COMMENTARY_PLACEHOLDER,
  ]) assert.ok(text.includes(expected), `the PDF says "${expected}"`);
  for (const table of report.sections.flatMap((s) => s.tables)) assert.ok(text.includes(squash(table.title)), `${table.key} is in the PDF`);
});

test('published with suppression, small counts read "<5" in the Word tables', { timeout: 240_000, skip: embeddedPassOnly() }, async () => {
  const suppressed = withSuppression(report, 5);
  assert.deepEqual(tableOf(suppressed, 'children_statutory.complaints_by_unit').rows[0]!.cells, [4, 8, 4]);
  const docx = await renderDocx(suppressed);
  const xml = zipEntry(docx, 'word/document.xml');
  assert.match(xml, /<w:t[^>]*>&lt;5<\/w:t>/);
  const { pdf } = await convertToPdf('suppressed.docx', docx);
  const text = squash(await pdfText(pdf));
  assert.ok(text.includes("Children & Young People <5 8 <5"), 'the row of 4, 8, 4');
  assert.ok(text.includes('Counts from 1 to 4 are shown as “<5”'));
});
