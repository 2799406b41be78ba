import type { AnnualReport } from './annualReport.ts';
import { renderJson } from './render/json.ts';

/**
 * Every way the annual report leaves Redress: one renderer each, the same report data.
 * The renderers are loaded when first used: Word, Excel, the charts and the PDF's browser
 * driver take over a second to load, which every command and test that merely names a
 * format would otherwise pay.
 */
export const REPORT_FORMATS = {
  json: { contentType: 'application/json; charset=utf-8', extension: 'json', render: async (r: AnnualReport) => renderJson(r) },
  html: { contentType: 'text/html; charset=utf-8', extension: 'html', render: async (r: AnnualReport) => (await import('./render/html.ts')).renderReportHtml(r, { standalone: true }) },
  pdf: { contentType: 'application/pdf', extension: 'pdf', render: async (r: AnnualReport) => (await import('./render/pdf.ts')).renderReportPdf(r) },
  docx: { contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extension: 'docx', render: async (r: AnnualReport) => (await import('./render/docx.ts')).renderDocx(r) },
  xlsx: { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extension: 'xlsx', render: async (r: AnnualReport) => (await import('./render/xlsx.ts')).renderXlsx(r) },
  csv: { contentType: 'text/csv; charset=utf-8', extension: 'csv', render: async (r: AnnualReport) => (await import('./render/csv.ts')).renderReportCsv(r) },
} as const satisfies Record<string, { contentType: string; extension: string; render: (r: AnnualReport) => Promise<string | Buffer> }>;

export type ReportFormat = keyof typeof REPORT_FORMATS;
export const isReportFormat = (value: string): value is ReportFormat => Object.hasOwn(REPORT_FORMATS, value);

/** e.g. calderdale-annual-complaints-report-2023-24.docx */
export const reportFileName = (report: AnnualReport, format: ReportFormat) =>
  `${report.council.slug}-annual-complaints-report-${report.year.replace('/', '-')}.${REPORT_FORMATS[format].extension}`;

/** How each format is offered to people, in the order the report page lists them. */
export const FORMAT_LABELS: Record<ReportFormat, string> = {
  pdf: 'PDF', docx: 'Word document', xlsx: 'Excel workbook', csv: 'CSV (every table)', html: 'web page (HTML)', json: 'data (JSON)',
};
