import type { AnnualReport } from './annualReport.ts';
import { renderJson } from './render/json.ts';
import { renderReportHtml } from './render/html.ts';
import { renderReportPdf } from './render/pdf.ts';
import { renderDocx } from './render/docx.ts';
import { renderXlsx } from './render/xlsx.ts';
import { renderReportCsv } from './render/csv.ts';

/** Every way the annual report leaves Redress: one renderer each, the same report data. */
export const REPORT_FORMATS = {
  json: { contentType: 'application/json; charset=utf-8', extension: 'json', render: async (r: AnnualReport) => renderJson(r) },
  html: { contentType: 'text/html; charset=utf-8', extension: 'html', render: async (r: AnnualReport) => renderReportHtml(r, { standalone: true }) },
  pdf: { contentType: 'application/pdf', extension: 'pdf', render: (r: AnnualReport) => renderReportPdf(r) },
  docx: { contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extension: 'docx', render: (r: AnnualReport) => renderDocx(r) },
  xlsx: { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extension: 'xlsx', render: (r: AnnualReport) => renderXlsx(r) },
  csv: { contentType: 'text/csv; charset=utf-8', extension: 'csv', render: async (r: AnnualReport) => renderReportCsv(r) },
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
