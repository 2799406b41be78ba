import {
  AlignmentType, BorderStyle, Document, Footer, HeadingLevel, Packer, PageNumber, Paragraph, ShadingType, Table, TableCell, TableLayoutType,
  TableRow, TextRun, WidthType,
} from 'docx';
import type { Block, PerformanceReport } from '../performanceReport.ts';

/**
 * The performance report as a Word document for committee: a title page, a Heading 1 per
 * section (the Code's required contents), real Word tables with repeating header rows. Arial,
 * A4, as the annual report's Word document.
 */

const FONT = 'Arial';
const PAGE = { width: 11906, height: 16838, margin: 1134 };
const CONTENT_WIDTH = PAGE.width - 2 * PAGE.margin;
const BORDER = { style: BorderStyle.SINGLE, size: 4, color: '8A8A8A' };

const runs = (text: string, bold = false) => text.split('\n').map((line, i) => new TextRun({ text: line, bold, break: i > 0 ? 1 : 0 }));

/** Column widths: narrow for numbers and provision numbers, the rest shared by the text columns. */
function widths(b: Extract<Block, { kind: 'table' }>): number[] {
  const narrow = b.head.map((h, i) => b.numeric[i] || h === 'Provision' || h === 'Complies' || h === 'Stage' || h === 'Standing');
  const narrowWidth = Math.min(1300, Math.floor(CONTENT_WIDTH / (b.head.length + 1)));
  const wide = narrow.filter((n) => !n).length;
  const rest = CONTENT_WIDTH - narrowWidth * (b.head.length - wide);
  return narrow.map((n) => (n ? narrowWidth : Math.floor(rest / Math.max(wide, 1))));
}

function table(b: Extract<Block, { kind: 'table' }>): (Paragraph | Table)[] {
  const columnWidths = widths(b);
  const cell = (text: string, i: number, header: boolean) => new TableCell({
    width: { size: columnWidths[i]!, type: WidthType.DXA },
    ...(header ? { shading: { type: ShadingType.CLEAR, color: 'auto', fill: 'E8E8E8' } } : {}),
    margins: { left: 80, right: 80 },
    children: [new Paragraph({ alignment: b.numeric[i] ? AlignmentType.RIGHT : AlignmentType.LEFT, spacing: { before: 40, after: 40 }, children: runs(text, header) })],
  });
  return [
    new Paragraph({ text: b.caption, heading: HeadingLevel.HEADING_2, keepNext: true }),
    new Table({
      layout: TableLayoutType.FIXED,
      width: { size: CONTENT_WIDTH, type: WidthType.DXA },
      columnWidths,
      borders: { top: BORDER, bottom: BORDER, left: BORDER, right: BORDER, insideHorizontal: BORDER, insideVertical: BORDER },
      rows: [
        new TableRow({ tableHeader: true, cantSplit: true, children: b.head.map((h, i) => cell(h, i, true)) }),
        ...b.rows.map((row) => new TableRow({ cantSplit: true, children: row.map((c, i) => cell(c, i, false)) })),
      ],
    }),
    new Paragraph({ text: '', spacing: { after: 120 } }),
  ];
}

const blocks = (b: Block) => (b.kind === 'paragraph' ? [new Paragraph({ children: runs(b.text), spacing: { after: 160 } })] : table(b));

export async function renderPerformanceDocx(report: PerformanceReport): Promise<Buffer> {
  const heading = `Annual complaints performance and service improvement report ${report.year}`;
  const title = [
    new Paragraph({ spacing: { before: 2400, after: 240 }, children: [new TextRun({ text: report.council.name, size: 36, bold: true })] }),
    new Paragraph({ text: heading, heading: HeadingLevel.TITLE, spacing: { after: 480 } }),
    new Paragraph({ children: [new TextRun({ text: `Against the ${report.code.name}`, size: 24 })] }),
    new Paragraph({ spacing: { before: 240 }, children: [new TextRun({ text: `Figures as at ${report.generatedOn}`, size: 24, color: '505A5F' })] }),
  ];
  const body = report.sections.flatMap((s) => [new Paragraph({ text: s.title, heading: HeadingLevel.HEADING_1, pageBreakBefore: true }), ...s.blocks.flatMap(blocks)]);
  body.push(new Paragraph({ spacing: { before: 240 }, children: [new TextRun({ text: `Source: ${report.code.source}`, size: 18, color: '505A5F' })] }));
  const doc = new Document({
    creator: 'Redress',
    title: report.title,
    styles: {
      default: {
        document: { run: { font: FONT, size: 22 }, paragraph: { spacing: { after: 120 } } },
        title: { run: { font: FONT, size: 52, bold: true, color: '000000' } },
        heading1: { run: { font: FONT, size: 36, bold: true, color: '000000' }, paragraph: { spacing: { before: 0, after: 240 } } },
        heading2: { run: { font: FONT, size: 26, bold: true, color: '000000' }, paragraph: { spacing: { before: 240, after: 120 } } },
      },
    },
    sections: [{
      properties: { page: { size: { width: PAGE.width, height: PAGE.height }, margin: { top: PAGE.margin, bottom: PAGE.margin, left: PAGE.margin, right: PAGE.margin } }, titlePage: true },
      footers: {
        default: new Footer({ children: [new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun({ text: `${report.title}    Page `, size: 16 }), new TextRun({ children: [PageNumber.CURRENT], size: 16 })] })] }),
        first: new Footer({ children: [] }),
      },
      children: [...title, ...body],
    }],
  });
  return Packer.toBuffer(doc);
}
