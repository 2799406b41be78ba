import {
  AlignmentType, BorderStyle, Document, Footer, HeadingLevel, ImageRun, Packer, PageNumber, Paragraph, ShadingType, Table,
  TableCell, TableLayoutType, TableRow, TextRun, WidthType, type ParagraphChild,
} from 'docx';
import type { AnnualReport } from '../annualReport.ts';
import type { ReportTable } from '../shape.ts';
import { anySuppressed, formatCell, hasPreviousPosition, PREVIOUS_POSITION_LABEL, reportHeading, reportTitle, rowName } from './cells.ts';
import { chartPng, chartSvg } from './charts.ts';

/**
 * The annual report as a Word document a council can take to committee: a title page, then a
 * section each with an editable commentary, and each table as a chart and a real Word table.
 */

const FONT = 'Arial';
/** A4 with 2 cm margins, in twentieths of a point. */
const PAGE = { width: 11906, height: 16838, margin: 1134 };
const CONTENT_WIDTH = PAGE.width - 2 * PAGE.margin;
/** Charts go in at the width they are drawn (640 px at 96 to the inch, 16.9 cm), so their text is 9 pt; at twice that resolution for print. */
const CHART_WIDTH = 640;
/** The page's height less its margins, in pixels at 96 to the inch. */
const CONTENT_HEIGHT_PX = ((PAGE.height - 2 * PAGE.margin) / 1440) * 96;
const HEADER_SHADING = 'E8E8E8';
const BORDER = { style: BorderStyle.SINGLE, size: 4, color: '8A8A8A' };
export const COMMENTARY_PLACEHOLDER = "Commentary: add the council's commentary on this section here.";

const longDate = (iso: string) =>
  new Date(`${iso}T12:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

function cellParagraph(text: string, options: { bold?: boolean; right?: boolean; keepNext?: boolean }): Paragraph {
  return new Paragraph({
    alignment: options.right ? AlignmentType.RIGHT : AlignmentType.LEFT,
    keepNext: options.keepNext ?? false,
    spacing: { before: 40, after: 40 },
    children: [new TextRun({ text, bold: options.bold ?? false })],
  });
}

/**
 * The table, its rows kept with the next (Word's "keep with next") so that it stays on one
 * page with its chart and note where it is short enough; a long one keeps only its header
 * with its first rows and its last rows together, and may break between the others.
 */
function wordTable(table: ReportTable, suppressBelow: number | null, keepWhole: boolean): Table {
  const previous = hasPreviousPosition(table);
  const headers = [table.rowHeader, ...table.columns.map((c) => c.label), ...(previous ? [PREVIOUS_POSITION_LABEL] : [])];
  const numberColumns = headers.length - 1;
  const first = Math.round(CONTENT_WIDTH * (numberColumns <= 3 ? 0.4 : numberColumns <= 5 ? 0.32 : 0.26));
  const rest = Math.floor((CONTENT_WIDTH - first) / numberColumns);
  const columnWidths = [first, ...Array.from({ length: numberColumns }, () => rest)];
  const lines = 1 + table.rows.length + (table.total ? 1 : 0);
  let line = 0;
  const keep = () => {
    const n = line++;
    return keepWhole || n < 2 || n >= lines - 3;
  };
  const cell = (text: string, i: number, options: { bold?: boolean; header?: boolean; keepNext: boolean }) =>
    new TableCell({
      width: { size: columnWidths[i]!, type: WidthType.DXA },
      ...(options.header ? { shading: { type: ShadingType.CLEAR, color: 'auto', fill: HEADER_SHADING } } : {}),
      margins: { left: 80, right: 80 },
      children: [cellParagraph(text, { bold: options.bold ?? false, right: i > 0, keepNext: options.keepNext })],
    });

  const headerKeep = keep();
  const header = new TableRow({
    tableHeader: true,
    cantSplit: true,
    children: headers.map((h, i) => cell(h, i, { bold: true, header: true, keepNext: headerKeep })),
  });
  const body = table.rows.map((row) => {
    const keepNext = keep();
    return new TableRow({
      cantSplit: true,
      children: [
        cell(rowName(row), 0, { keepNext }),
        ...row.cells.map((v, c) => cell(formatCell(table, c, v, suppressBelow), c + 1, { keepNext })),
        ...(previous ? [cell(row.previousPosition == null ? '–' : String(row.previousPosition), headers.length - 1, { keepNext })] : []),
      ],
    });
  });
  const totalKeep = table.total ? keep() : false;
  const total = table.total
    ? [new TableRow({
      cantSplit: true,
      children: [
        cell('Total', 0, { bold: true, keepNext: totalKeep }),
        ...table.total.map((v, c) => cell(formatCell(table, c, v, suppressBelow), c + 1, { bold: true, keepNext: totalKeep })),
        ...(previous ? [cell('', headers.length - 1, { keepNext: totalKeep })] : []),
      ],
    })]
    : [];
  return new Table({
    layout: TableLayoutType.FIXED,
    width: { size: CONTENT_WIDTH, type: WidthType.DXA },
    columnWidths,
    borders: { top: BORDER, bottom: BORDER, left: BORDER, right: BORDER, insideHorizontal: BORDER, insideVertical: BORDER },
    rows: [header, ...body, ...total],
  });
}

function chartParagraph(table: ReportTable, suppressBelow: number | null): { paragraph: Paragraph; height: number } | null {
  const svg = chartSvg(table, suppressBelow);
  if (!svg) return null;
  const png = chartPng(svg, CHART_WIDTH * 2);
  const height = Math.round((png.readUInt32BE(20) / png.readUInt32BE(16)) * CHART_WIDTH);
  const paragraph = new Paragraph({
    keepNext: true,
    spacing: { after: 120 },
    children: [new ImageRun({
      type: 'png',
      data: png,
      transformation: { width: CHART_WIDTH, height },
      altText: { name: `Chart ${table.key}`, title: `Chart: ${table.title}`, description: `Chart of ${table.title}. The figures are in the table that follows.` },
    })],
  });
  return { paragraph, height };
}

function smallPrint(text: string): Paragraph {
  return new Paragraph({ spacing: { before: 80, after: 240 }, children: [new TextRun({ text, size: 18, color: '505A5F' })] });
}

function tableBlock(table: ReportTable, suppressBelow: number | null): (Paragraph | Table)[] {
  const blocks: (Paragraph | Table)[] = [new Paragraph({ text: table.title, heading: HeadingLevel.HEADING_2, keepNext: true })];
  const chart = chartParagraph(table, suppressBelow);
  if (chart) blocks.push(chart.paragraph);
  // Rough printed height (heading, chart, rows of about 22 px, note): kept whole where it
  // takes about half a page or less, as in the PDF.
  const height = 60 + (chart?.height ?? 0) + (table.rows.length + 2) * 22 + 40;
  if (table.rows.length === 0) blocks.push(new Paragraph({ text: 'None were counted.', spacing: { after: 120 } }));
  else blocks.push(wordTable(table, suppressBelow, height <= CONTENT_HEIGHT_PX * 0.55));
  const suppressed = anySuppressed(table, suppressBelow);
  blocks.push(smallPrint(`What is counted: ${table.definition}${suppressed ? ` Figures below ${suppressBelow} are shown as “<${suppressBelow}” to protect the people involved.` : ''}`));
  return blocks;
}

function commentaryParagraphs(text: string | undefined): Paragraph[] {
  const paragraphs = (text ?? '').split(/\n\s*\n/).map((p) => p.trim()).filter((p) => p.length > 0);
  if (paragraphs.length === 0) {
    return [new Paragraph({ spacing: { after: 240 }, children: [new TextRun({ text: COMMENTARY_PLACEHOLDER, italics: true })] })];
  }
  return paragraphs.map((p) => new Paragraph({
    spacing: { after: 160 },
    children: p.split('\n').map((line, i): ParagraphChild => new TextRun({ text: line, break: i > 0 ? 1 : 0 })),
  }));
}

function titlePage(report: AnnualReport): Paragraph[] {
  const about = report.options.suppressBelow !== null
    ? [new Paragraph({ spacing: { before: 480 }, children: [new TextRun({ text: `Counts from 1 to ${report.options.suppressBelow - 1} are shown as “<${report.options.suppressBelow}” to protect the people involved.`, size: 20 })] })]
    : [];
  return [
    new Paragraph({ spacing: { before: 2400, after: 240 }, children: [new TextRun({ text: report.council.name, size: 36, bold: true })] }),
    new Paragraph({ text: reportHeading(report), heading: HeadingLevel.TITLE, spacing: { after: 480 } }),
    new Paragraph({ children: [new TextRun({ text: `Covering 1 April ${report.year.slice(0, 4)} to 31 March ${Number(report.year.slice(0, 4)) + 1}`, size: 24 })] }),
    new Paragraph({ spacing: { before: 240 }, children: [new TextRun({ text: `Generated on ${longDate(report.generatedOn)}`, size: 24, color: '505A5F' })] }),
    ...about,
  ];
}

export async function renderDocx(report: AnnualReport, commentary: Record<string, string> = {}): Promise<Buffer> {
  const suppressBelow = report.options.suppressBelow;
  const body: (Paragraph | Table)[] = report.sections.flatMap((section) => [
    new Paragraph({ text: section.title, heading: HeadingLevel.HEADING_1, pageBreakBefore: true }),
    ...commentaryParagraphs(commentary[section.key]),
    ...section.tables.flatMap((t) => tableBlock(t, suppressBelow)),
  ]);
  const page = { size: { width: PAGE.width, height: PAGE.height }, margin: { top: PAGE.margin, bottom: PAGE.margin, left: PAGE.margin, right: PAGE.margin } };
  const footer = new Footer({
    children: [new Paragraph({
      alignment: AlignmentType.RIGHT,
      children: [new TextRun({ text: `${reportTitle(report)}    Page `, size: 16 }), new TextRun({ children: [PageNumber.CURRENT], size: 16 })],
    })],
  });
  const doc = new Document({
    creator: 'Redress',
    title: reportTitle(report),
    description: `Generated on ${report.generatedOn}`,
    styles: {
      default: {
        document: { run: { font: FONT, size: 22 }, paragraph: { spacing: { after: 120 } } },
        title: { run: { font: FONT, size: 56, bold: true, color: '000000' } },
        heading1: { run: { font: FONT, size: 36, bold: true, color: '000000' }, paragraph: { spacing: { before: 0, after: 240 } } },
        heading2: { run: { font: FONT, size: 28, bold: true, color: '000000' }, paragraph: { spacing: { before: 360, after: 120 } } },
      },
    },
    sections: [
      // One section; the title page is its first page, without the footer.
      { properties: { page, titlePage: true }, footers: { default: footer, first: new Footer({ children: [] }) }, children: [...titlePage(report), ...body] },
    ],
  });
  return Packer.toBuffer(doc);
}
