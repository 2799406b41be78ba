import nunjucks from 'nunjucks';
import { fileURLToPath } from 'node:url';
import type { AnnualReport } from '../annualReport.ts';
import type { Aggregate, TableDefinition } from '../definitions.ts';
import { reportTables, type SectionKey } from '../reportCatalogue.ts';
import { cellMeasureKey, isCompound, suppress, type Cell, type ReportTable } from '../shape.ts';
import { chartSvg } from './charts.ts';
import { reportHeading, reportTitle } from './cells.ts';
import { embeddedFontFaces, REPORT_FONT_STACK } from './fonts.ts';

/**
 * The annual report as HTML, per the GOV.UK Design System: on screen inside the web app's
 * layout (a fragment), or as a whole self-contained page with its own styles (standalone)
 * for printing to PDF and for `redress report --format html`. Pure apart from reading its
 * template once.
 */

export interface ReportHtmlOptions {
  /** The link behind each figure; rowKey null = the table's total row. No links when absent. */
  drillHref?: (tableKey: string, rowKey: string | null, columnKey: string) => string;
  /** A whole page with inline styles and no links to anything outside it. */
  standalone?: boolean;
  /** Markup put after the report's introduction (the web page's download links); trusted, not escaped. */
  actionsHtml?: string;
  /** Carry the report's font in the page (for printing to PDF on a server that may not have it); standalone only. */
  embedFonts?: boolean;
}

/** Where each table sits on the page: `#table-corporate-complaints_by_unit`. */
export const tableAnchor = (tableKey: string) => `table-${tableKey.replace(/[^a-zA-Z0-9_-]/g, '-')}`;
export const sectionAnchor = (sectionKey: string) => `section-${sectionKey}`;

const countFormat = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
const dateFormat = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });
export const longDate = (iso: string) => dateFormat.format(new Date(`${iso}T00:00:00Z`));

/** How one figure reads: 1,234 · 87% · 12.5 · £1,250. Null is "–". */
export function formatFigure(value: number | null, aggregate: Aggregate, decimals: number, unit: ReportTable['unit']): string {
  if (value === null) return '–';
  switch (aggregate) {
    case 'count': return countFormat.format(value);
    case 'percent':
    case 'share': return `${value.toFixed(decimals)}%`;
    case 'sum': {
      const whole = Number.isInteger(value);
      const text = value.toLocaleString('en-GB', { minimumFractionDigits: whole ? 0 : 2, maximumFractionDigits: 2 });
      // A sum is of money unless its column says otherwise (the Ombudsman's published counts and %).
      return unit === 'percent' ? `${value.toFixed(decimals)}%` : unit === 'count' ? countFormat.format(value) : `£${text}`;
    }
    case 'average': return value.toFixed(decimals);
  }
}

/** The aggregate behind each column: a table by measure has one per column, any other table one for all. */
export function columnAggregates(table: ReportTable, definition: TableDefinition | undefined): Aggregate[] {
  const fallback: Aggregate = table.unit === 'percent' ? 'percent' : table.unit === 'working_days' || table.unit === 'calendar_days' ? 'average' : table.unit === 'pounds' ? 'sum' : 'count';
  if (!definition) return table.columns.map(() => fallback);
  if (definition.columns.kind === 'measure' || isCompound(definition)) {
    return table.columns.map((c) => definition.measures.find((m) => m.key === cellMeasureKey(definition, '', c.key))?.aggregate ?? fallback);
  }
  return table.columns.map(() => definition.measures[0]?.aggregate ?? fallback);
}

/** Tables that show each year's change from the year before: compliments and comments, and the services most contacted. */
export function showsTrend(sectionKey: string, table: ReportTable): boolean {
  const byYear = table.columns.length > 1 && table.columns.every((c) => /^\d{4}\/\d{2}$/.test(c.key));
  return byYear && (sectionKey === 'compliments' || table.rows.some((r) => r.previousPosition !== undefined));
}

export interface Trend { symbol: string; direction: 'up' | 'down' | 'same'; hidden: string }

/** ▲ / ▼ / – against the figure in the column before, with words for screen readers. */
export function trendOf(value: number | null, previous: number | null, format: (v: number | null) => string): Trend | null {
  if (value === null || previous === null) return null;
  if (value > previous) return { symbol: '▲', direction: 'up', hidden: `up from ${format(previous)}` };
  if (value < previous) return { symbol: '▼', direction: 'down', hidden: `down from ${format(previous)}` };
  return { symbol: '–', direction: 'same', hidden: `same as the year before (${format(previous)})` };
}

/** A top-N table's change of position: "Up 2", "Down 1", "No change", "New". */
export function positionChange(position: number, previousPosition: number | null | undefined): string {
  if (previousPosition === null || previousPosition === undefined) return 'New';
  if (previousPosition === position) return 'No change';
  return previousPosition > position ? `Up ${previousPosition - position}` : `Down ${position - previousPosition}`;
}

interface CellView {
  text: string;
  href: string | null;
  /** Read after the figure by screen readers: what it counts. */
  hidden: string;
  trend: Trend | null;
}

interface TableView {
  key: string;
  anchor: string;
  title: string;
  definition: string;
  chart: string | null;
  target: string | null;
  rowHeader: string;
  columns: string[];
  rows: { label: string; cells: CellView[]; position: number | null; positionChange: string | null; group: string | null; groupStarts: boolean; subtotal: boolean }[];
  total: CellView[] | null;
  ranked: boolean;
  /** Too tall to keep on one page with room to spare: printed with a break allowed between chart and table. */
  long: boolean;
}

/** A4 less the print margins (297 − 18 − 20 mm), in CSS pixels (96 to the inch). */
export const PRINTED_PAGE_HEIGHT_PX = Math.round(((297 - 18 - 20) / 25.4) * 96);

/**
 * Roughly how tall a table's block prints, in CSS pixels: heading, chart at its own size,
 * a row of the table per line (its header deeper when its labels wrap), and the note under it.
 */
export function printedHeight(view: Pick<TableView, 'title' | 'chart' | 'columns' | 'rows' | 'total'>): number {
  const chart = view.chart ? Number(/^<svg [^>]*?\bheight="(\d+(?:\.\d+)?)"/.exec(view.chart)?.[1] ?? 0) + 15 : 0;
  const headerLines = Math.max(1, ...view.columns.map((c) => Math.ceil(c.length / 14)));
  const heading = Math.ceil(view.title.length / 45) * 26 + 12;
  return heading + chart + headerLines * 15 + 10 + (view.rows.length + (view.total ? 1 : 0)) * 22 + 50;
}

function tableView(sectionKey: string, table: ReportTable, definition: TableDefinition | undefined, report: AnnualReport, options: ReportHtmlOptions): TableView {
  const aggregates = columnAggregates(table, definition);
  const threshold = report.options.suppressBelow ?? null;
  const trend = showsTrend(sectionKey, table);
  const format = (i: number) => (v: number | null) => formatFigure(v, aggregates[i]!, table.decimals, table.columns[i]?.unit ?? table.unit);
  const cell = (given: Cell, i: number, rowKey: string | null, rowLabel: string, before: Cell, linked = true): CellView => {
    // Words (a list of cases' fields) show as they are, with nothing to open.
    if (typeof given === 'string') return { text: given, href: null, hidden: `${rowLabel}, ${table.columns[i]!.label}`, trend: null };
    const value = given;
    const previous = typeof before === 'number' ? before : null;
    const suppressed = suppress(value, aggregates[i] === 'count' ? 'count' : table.unit, threshold);
    const text = suppressed ?? format(i)(value);
    // A suppressed or empty figure has nothing to open; every other one links to the cases behind it.
    const href = linked && options.drillHref && value !== null && suppressed === null ? options.drillHref(table.key, rowKey, table.columns[i]!.key) : null;
    return {
      text,
      href,
      hidden: `${rowLabel}, ${table.columns[i]!.label}`,
      trend: trend && i > 0 && suppressed === null ? trendOf(value, previous, format(i)) : null,
    };
  };
  const ranked = table.rows.some((r) => r.previousPosition !== undefined);
  const view: Omit<TableView, 'long'> = {
    key: table.key,
    anchor: tableAnchor(table.key),
    title: table.title,
    definition: table.definition,
    chart: table.rows.length > 0 ? chartForPage(chartSvg(table, threshold)) : null,
    target: targetText(table),
    rowHeader: table.rowHeader || 'Figure',
    columns: table.columns.map((c) => c.label),
    rows: table.rows.map((r, index) => {
      // Tied figures share a position (1, 2, 2, 4).
      const position = r.positions?.[r.positions.length - 1] ?? index + 1;
      return {
        label: r.label,
        // A subtotal is of rows above it, which link to their own cases.
        cells: r.cells.map((v, i) => cell(v, i, r.key, r.group ? `${r.group}, ${r.label}` : r.label, i > 0 ? r.cells[i - 1] ?? null : null, !r.subtotal)),
        position: ranked ? position : null,
        positionChange: ranked ? positionChange(position, r.previousPosition) : null,
        group: r.group ?? null,
        groupStarts: r.group !== undefined && r.group !== table.rows[index - 1]?.group,
        subtotal: r.subtotal ?? false,
      };
    }),
    total: table.total ? table.total.map((v, i) => cell(v, i, null, 'Total', i > 0 ? table.total![i - 1] ?? null : null)) : null,
    ranked,
  };
  // Kept whole on a page only when that costs at most about half a page: a taller block
  // moved to the next page would leave the one before it half empty.
  return { ...view, long: printedHeight(view) > PRINTED_PAGE_HEIGHT_PX * 0.55 };
}

/** "Target: 95%." or, with a target per row, "Targets: Stage 1 95%, Stage 2 90%." */
function targetText(table: ReportTable): string | null {
  const target = table.target;
  if (target === undefined) return null;
  if (typeof target === 'number') return `Target: ${target}%.`;
  const parts = Object.entries(target).map(([row, t]) => `${table.rows.find((r) => r.key === row)?.label ?? row} ${t}%`);
  return parts.length > 0 ? `Targets: ${parts.join(', ')}.` : null;
}

/**
 * A chart ready to sit beside its table: the SVG keeps its own name (role img, aria-label),
 * but Observable Plot also labels each mark's group (aria-label="bar" on a <g>), which ARIA
 * does not allow on an element with no role; those labels go.
 */
export function chartForPage(svg: string | null): string | null {
  return svg === null ? null : svg.replace(/(<g\b[^>]*?)\s+aria-label="[^"]*"/g, '$1');
}

const templates = new nunjucks.Environment(new nunjucks.FileSystemLoader(fileURLToPath(new URL('./', import.meta.url))), { autoescape: true, throwOnUndefined: false });

/** The report as HTML: the report's own markup (a fragment), or a whole page when standalone. */
export function renderReportHtml(report: AnnualReport, options: ReportHtmlOptions = {}): string {
  const definitions = new Map(reportTables(report.options).flatMap((s) => s.tables).map((t) => [t.key, t]));
  const sections = report.sections.map((s) => ({
    key: s.key,
    anchor: sectionAnchor(s.key),
    title: s.title,
    tables: s.tables.map((t) => tableView(s.key, t, definitions.get(t.key), report, options)),
  }));
  const threshold = report.options.suppressBelow;
  return templates.render('report.njk', {
    standalone: options.standalone ?? false,
    actionsHtml: options.actionsHtml ?? '',
    css: `${options.embedFonts ? embeddedFontFaces() : ''}\n${STANDALONE_CSS}\n${REPORT_CSS}`,
    report,
    title: reportTitle(report),
    heading: reportHeading(report),
    generatedOn: longDate(report.generatedOn),
    comparison: report.years.length > 1 ? `${report.years[0]} to ${report.years[report.years.length - 1]}` : null,
    level: report.options.level === 'workspace' ? 'workspace (the service named on the complaint form)' : report.options.level,
    suppression: threshold ? `Counts from 1 to ${threshold - 1} are shown as “<${threshold}” so that no one can be identified from them.` : null,
    sections,
  });
}

/** What the report adds to GOV.UK Frontend's styles, on screen and in print. */
export const REPORT_CSS = `
.app-report__meta { color: #505a5f; }
.app-report-section { margin-top: 50px; }
.app-report-table { margin-bottom: 50px; }
.app-report-table__scroll { overflow-x: auto; }
.app-report-table .govuk-table { margin-bottom: 10px; }
.app-report-table .govuk-table__row--total .govuk-table__header,
.app-report-table .govuk-table__row--total .govuk-table__cell { font-weight: 700; border-top: 2px solid #0b0c0c; }
.app-report-table__definition { color: #505a5f; max-width: 40em; }
.app-chart { margin: 0 0 15px; max-width: 640px; }
.app-chart svg { display: block; max-width: 100%; height: auto; }
.app-trend { display: inline-block; min-width: 1.2em; margin-left: 5px; font-size: 0.8em; text-align: center; }
.app-trend--up { color: #00703c; }
.app-trend--down { color: #d4351c; }
.app-trend--same { color: #505a5f; }
.app-figure { white-space: nowrap; }
.app-chart-svg { background: white; max-width: 100%; height: auto; }
.app-contents { margin-bottom: 30px; }
.app-contents .govuk-list--number { padding-left: 30px; }
@page { size: A4; margin: 18mm 15mm 20mm; }
@media print {
  .govuk-service-navigation, .govuk-skip-link, .govuk-footer, footer, .govuk-back-link, .govuk-phase-banner, .app-no-print, form { display: none !important; }
  .govuk-width-container { max-width: none; margin: 0; }
  .govuk-main-wrapper { padding: 0; }
  .app-report-section { margin-top: 0; break-before: page; page-break-before: always; }
  .app-report-section > h2 { break-after: avoid; page-break-after: avoid; }
  /* A table with its chart stays on one page where it takes half a page or less; a longer
     one keeps its heading with its chart and may break between rows, header repeated. */
  .app-report-table { break-inside: avoid; page-break-inside: avoid; margin-bottom: 10mm; }
  .app-report-table--long { break-inside: auto; page-break-inside: auto; }
  .app-report-table__heading { break-after: avoid; page-break-after: avoid; }
  .app-report-table tr { break-inside: avoid; page-break-inside: avoid; }
  .app-report-table--long .app-chart { break-after: avoid; page-break-after: avoid; }
  /* No table starts with its header alone at the foot of a page, nor ends with its last row or two alone at the top of one. */
  .app-report-table tbody tr:nth-child(-n+2), .app-report-table tbody tr:nth-last-child(-n+2) { break-before: avoid; page-break-before: avoid; }
  .app-report-table thead { display: table-header-group; }
  .app-report-table__target, .app-report-table__definition { break-before: avoid; page-break-before: avoid; }
  .app-report-table .govuk-table { font-size: 10pt; }
  .app-report-table .govuk-table__header, .app-report-table .govuk-table__cell { padding-top: 4px; padding-bottom: 4px; }
  .app-report-table__scroll { overflow: visible; }
  /* Charts print at their own size (640 px is 169 mm), so their text is the 9 pt it was drawn at; never shrunk to fit. */
  .app-chart { max-width: none; break-inside: avoid; page-break-inside: avoid; }
  .app-chart svg { max-width: 100%; height: auto; }
  .app-report a.app-figure:link, .app-report a.app-figure:visited { color: inherit; text-decoration: none; }
  a.app-figure::after, .app-contents a::after { content: none !important; }
  .app-trend--up, .app-trend--down { color: #000; }
}
`;

/** Enough of GOV.UK Frontend's look for the standalone page, with no fonts or files to fetch. */
export const STANDALONE_CSS = `
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; font-family: ${REPORT_FONT_STACK}; font-size: 16px; line-height: 1.3; color: #0b0c0c; background: #fff;
  -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.govuk-width-container { max-width: 960px; margin: 0 auto; padding: 0 15px; }
.govuk-main-wrapper { display: block; padding: 30px 0; }
.govuk-heading-xl, .govuk-heading-l, .govuk-heading-m, .govuk-heading-s { font-weight: 700; margin-top: 0; }
.govuk-heading-xl { font-size: 40px; line-height: 1.1; margin-bottom: 40px; }
.govuk-heading-l { font-size: 32px; line-height: 1.1; margin-bottom: 25px; }
.govuk-heading-m { font-size: 24px; line-height: 1.15; margin-bottom: 20px; }
.govuk-heading-s { font-size: 19px; line-height: 1.3; margin-bottom: 15px; }
.govuk-caption-l { display: block; color: #505a5f; font-size: 24px; margin-bottom: 5px; }
.govuk-body, .govuk-list { font-size: 19px; margin: 0 0 20px; }
.govuk-body-s { font-size: 16px; margin: 0 0 15px; }
.govuk-list { padding-left: 0; list-style: none; }
.govuk-list--number { padding-left: 20px; list-style: decimal; }
.govuk-list > li { margin-bottom: 5px; }
.govuk-link { color: #1d70b8; text-decoration: underline; }
.govuk-table { width: 100%; border-collapse: collapse; border-spacing: 0; font-size: 16px; margin-bottom: 40px; }
.govuk-table__caption { font-weight: 700; text-align: left; }
.govuk-table__header, .govuk-table__cell { padding: 10px 20px 10px 0; border-bottom: 1px solid #b1b4b6; text-align: left; vertical-align: top; }
.govuk-table__header { font-weight: 700; }
.govuk-table__header:last-child, .govuk-table__cell:last-child { padding-right: 0; }
.govuk-table__header--numeric, .govuk-table__cell--numeric { text-align: right; font-variant-numeric: tabular-nums; }
.govuk-visually-hidden { position: absolute !important; width: 1px !important; height: 1px !important; margin: 0 !important; padding: 0 !important;
  overflow: hidden !important; clip: rect(0 0 0 0) !important; clip-path: inset(50%) !important; border: 0 !important; white-space: nowrap !important; }
@media print {
  body { font-size: 11pt; }
  .govuk-width-container { padding: 0; }
  .govuk-heading-l { font-size: 22pt; }
  .govuk-heading-m { font-size: 16pt; }
  .govuk-heading-s { font-size: 12pt; }
  .govuk-caption-l { font-size: 14pt; }
  .govuk-body, .govuk-list { font-size: 11pt; }
  .govuk-body-s { font-size: 9pt; }
}
`;
