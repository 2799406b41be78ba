import { PRESETS } from '../../reports/layout.ts';
import { styleNonce, withStyleNonce } from '../pipeline/securityHeaders.ts';
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../app.ts';
import type { Council } from '../../councils/councilRepository.ts';
import { can } from '../../domain/access/scope.ts';
import { recordAccess } from '../../events/audit.ts';
import { requirePermission } from '../pipeline/authentication.ts';
import { actorOf } from '../pipeline/context.ts';
import { badRequest, notFound } from '../pipeline/httpProblems.ts';
import { listsInScope, rowsInScope, withoutPersonalText } from '../../reports/drillScope.ts';
import { londonDate } from '../../domain/dates.ts';
import { buildAnnualReport, drillDown, runTable, type AnnualReport, type DrillDownRow } from '../../reports/annualReport.ts';
import type { Measure, Population, TableDefinition } from '../../reports/definitions.ts';
import { reportTables, SECTION_TITLES, type SectionKey } from '../../reports/reportCatalogue.ts';
import { reportOptionsFor } from '../../reports/reportSettings.ts';
import { cellMeasureKey, labelOf, measureUnit, suppress } from '../../reports/shape.ts';
import { columnAggregates, formatFigure, REPORT_CSS, renderReportHtml, tableAnchor } from '../../reports/render/html.ts';
import { PdfUnavailableError } from '../../reports/render/pdf.ts';
import { reportTitle } from '../../reports/render/cells.ts';
import { noDataMessage, yearsWithData } from '../../reports/reportYear.ts';
import { FORMAT_LABELS, isReportFormat, REPORT_FORMATS, reportFileName, type ReportFormat } from '../../reports/reportFormats.ts';
import {
  LEVELS, many, one, parseReportQuery, queryString, reportingYearOf, singleValued, SUPPRESS_MAX, SUPPRESS_MIN, yearsWithContacts,
  type Problem, type Query, type ReportRequest,
} from '../reportQuery.ts';

/**
 * The annual report on screen, for the council signed in to: choosing it (GET /reports),
 * reading it (GET /reports/view), the cases behind any figure (GET /reports/drill, 50 a page,
 * only those in the person's scope, and GET /reports/drill/export as CSV) and downloads
 * (GET /reports/download). All GET, so every page works without JavaScript and every view has
 * an address to share. Figures need view_reports; the cases behind them drill_down. Every
 * report run, drill-down and export is audited (names of the choices made, never values).
 */

/** The formats of GET /reports/download?format=…, in the order the report page offers them (src/reports/reportFormats.ts). */
export const DOWNLOADS = Object.entries(FORMAT_LABELS) as [ReportFormat, string][];

const NOUNS: Record<Population, [string, string]> = {
  complaint: ['complaint', 'complaints'],
  stage: ['stage', 'stages'],
  contact: ['contact', 'contacts'],
  ombudsman: ['Ombudsman case', 'Ombudsman cases'],
  remedy: ['remedy', 'remedies'],
  learning_action: ['learning action', 'learning actions'],
  element: ['head of complaint', 'heads of complaint'],
  ombudsman_published: ['published figure', 'published figures'],
  ombudsman_benchmark: ['published figure of a council', 'published figures of councils'],
  restriction: ['person under restrictions', 'people under restrictions'],
};
const noun = (population: Population, n: number) => `${n.toLocaleString('en-GB')} ${NOUNS[population][n === 1 ? 0 : 1]}`;

/** How the drill-down's columns are headed; any other column is headed by its name. */
const DRILL_LABELS: Record<string, string> = {
  reference: 'Reference', received_on: 'Received', year: 'Reporting year', procedure: 'Procedure', directorate: 'Directorate',
  outcome: 'Outcome', stage: 'Stage', requested_on: 'Requested', opened_on: 'Opened', responded_on: 'Responded', working_days: 'Working days',
  within_timescale: 'Within timescale', kind: 'Kind', route: 'Route', workspace: 'Workspace', body: 'Ombudsman', decided_on: 'Decided',
  decision: 'Decision', category: 'Category', remedy_amount: 'Remedy (£)', council_reference: 'Council reference', amount: 'Amount (£)',
  due_on: 'Due', done_on: 'Done', description: 'Description', owner: 'Owner', calendar_days: 'Calendar days', summary: 'Summary', value: 'Figure', source: 'Loaded from', measure: 'Measure',
};
/** Columns holding a code that reads better as words ('partially_upheld' → 'Partially upheld'). */
const CODED = new Set(['procedure', 'outcome', 'kind', 'route', 'body', 'decision']);
const NUMERIC = new Set(['working_days', 'calendar_days', 'remedy_amount', 'amount', 'stage']);
const MEASURE_OF: Record<NonNullable<Measure['of']>, string> = { working_days: 'working days taken', calendar_days: 'calendar days taken', value: 'published figures', remedy_amount: 'remedy amounts', amount: 'amounts' };

const shortDate = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' });
export const formatDate = (iso: string) => shortDate.format(new Date(`${iso}T00:00:00Z`));

function drillCell(column: string, value: unknown): { text: string; format?: string } {
  const numeric = NUMERIC.has(column) ? { format: 'numeric' } : {};
  if (value === null || value === undefined || value === '') return { text: '–', ...numeric };
  if (typeof value === 'boolean') return { text: value ? 'Yes' : 'No' };
  if (column.endsWith('_on') && typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return { text: formatDate(value) };
  if (column === 'amount' || column === 'remedy_amount') return { text: Number(value).toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 }), ...numeric };
  if (CODED.has(column)) return { text: labelOf(String(value)) };
  return { text: String(value), ...numeric };
}

/** Cases per page of a drill-down. */
export const DRILL_PAGE_SIZE = 50;
/** A page number no list reaches: anything above is a bad address, not a query. */
const MAX_PAGE = 100_000;

/** The page asked for: 1 when not given; a 400 page for anything but a whole number from 1. */
export function pageOf(query: Query): number {
  const page = one(query.page);
  if (page === undefined || page === '') return 1;
  if (!/^\d{1,6}$/.test(page) || Number(page) < 1 || Number(page) > MAX_PAGE) throw badRequest('the page number is not a whole number from 1.');
  return Number(page);
}

/** GOV.UK pagination for `pages` pages, with ellipses between the first, the last and those around this one. */
export function pagination(page: number, pages: number, href: (p: number) => string) {
  if (pages <= 1) return null;
  const numbers = [...new Set([1, page - 1, page, page + 1, pages])].filter((p) => p >= 1 && p <= pages).sort((a, b) => a - b);
  const items: Record<string, unknown>[] = [];
  numbers.forEach((p, i) => {
    if (i > 0 && p - numbers[i - 1]! > 1) items.push({ ellipsis: true });
    items.push({ number: p, href: href(p), current: p === page });
  });
  return {
    previous: page > 1 ? { href: href(page - 1) } : undefined,
    next: page < pages ? { href: href(page + 1) } : undefined,
    items,
  };
}

/** The names of the report's choices this request made (for the audit: names, never values). */
const choicesMade = (carry: Record<string, string>) => Object.keys(carry).filter((k) => k !== 'year').sort();

/** A code fit for an audit entry, or nothing (a value a person typed never goes in). */
const auditCode = (v: string | undefined) => (v !== undefined && /^[A-Za-z0-9_./:-]{1,60}$/.test(v) ? v : undefined);
const codes = (values: Record<string, string | undefined>) =>
  Object.fromEntries(Object.entries(values).map(([k, v]) => [k, auditCode(v)]).filter(([, v]) => v !== undefined)) as Record<string, string>;

const DRILL_HEADING = 'The cases behind a figure';

export const reportRoutes = (services: Services) => async (app: FastifyInstance) => {
  const today = () => londonDate(services.clock.now());
  const staffOf = (request: FastifyRequest) => request.staff!;

  /** The form that chooses a report; with `problems`, shown again with them (status 400). */
  async function renderForm(request: FastifyRequest, reply: FastifyReply, query: Query, problems: Problem[] = []) {
    const council = staffOf(request).council;
    const context: Record<string, unknown> = { title: problems.length > 0 ? 'Error: Annual complaints report' : 'Annual complaints report', nav: 'reports', council };
    const current = reportingYearOf(today(), council.reportingYearStarts);
    const withData = await yearsWithContacts(services.db.pool, council.id);
    const years = [...new Set([current, ...withData])].sort().reverse();
    const latestWhole = withData.find((y) => y < current) ?? withData[0] ?? current;
    const saved = await reportOptionsFor(services.db.pool, council.id, latestWhole);
    const year = one(query.year) ?? latestWhole;
    const level = one(query.level) ?? saved.level;
    const layout = one(query.layout) ?? (typeof saved.layout === 'string' ? saved.layout : '');
    const asked = query.sections === undefined ? saved.sections : many(query.sections);
    const suppress = one(query.suppress) ?? (saved.suppressBelow === null ? '' : String(saved.suppressBelow));
    const error = (field: string) => {
      const found = problems.find((p) => p.field === field);
      return found ? { text: found.text } : undefined;
    };
    Object.assign(context, {
      errors: problems.map((p) => ({ text: p.text, href: p.field ? `#${p.field}` : undefined })),
      yearItems: years.map((y) => ({ value: y, text: y, checked: y === year, hint: y === current ? { text: 'The year so far' } : undefined })),
      yearError: error('year'),
      levelItems: LEVELS.map((l) => ({ value: l.value, text: l.text, hint: { text: l.hint }, checked: l.value === level })),
      levelError: error('level'),
      layoutItems: [
        ...(typeof saved.layout === 'object' ? [{ value: '', text: `The council’s own: ${saved.layout.name}`, selected: layout === '' }] : []),
        ...PRESETS.map((p) => ({ value: p, text: PRESET_NAMES[p], selected: p === layout })),
      ],
      layoutError: error('layout'),
      sectionItems: (Object.entries(SECTION_TITLES) as [SectionKey, string][]).map(([value, text]) => ({ value, text, checked: asked.includes(value) })),
      sectionsError: error('sections'),
      suppress,
      suppressError: error('suppress'),
      suppressRange: `${SUPPRESS_MIN} to ${SUPPRESS_MAX}`,
      publishedSuppression: saved.suppressBelow,
    });
    return reply.view('reports.njk', context);
  }

  /** A page saying what is wrong with the address (400) or that there is no such thing (404). */
  function renderProblem(reply: FastifyReply, status: 400 | 403 | 404, heading: string, problems: Problem[], back?: { href: string; text: string }) {
    return reply.code(status).view('problem.njk', {
      title: status === 400 ? `Error: ${heading}` : heading,
      nav: 'reports',
      heading,
      errors: status === 400 ? problems.map((p) => ({ text: p.text })) : [],
      problems,
      back,
    });
  }

  const mayView = { preHandler: requirePermission('view_reports') };
  const mayDrill = { preHandler: requirePermission('drill_down') };
  const mayExport = { preHandler: [requirePermission('drill_down'), requirePermission('export_cases')] };

  app.get<{ Querystring: Query }>('/reports', mayView, async (request, reply) => renderForm(request, reply, singleValued(request.query)));

  /** A year with no case history has no report (404), rather than one of zeros (src/reports/reportYear.ts). */
  async function refuseYearWithoutData(reply: FastifyReply, council: Council, year: string, back: string) {
    const message = noDataMessage(council.name, year, await yearsWithData(services.db.pool, council.id));
    return message === null ? null : renderProblem(reply, 404, `There is no ${year} report`, [{ field: 'year', text: message }], { href: back, text: 'Choose another year' });
  }

  /** The report as this person may have it: its lists of cases within their scope, and without what people wrote for someone who may not identify people. */
  async function reportFor(request: FastifyRequest, options: ReportRequest['options']): Promise<AnnualReport> {
    const staff = staffOf(request);
    const report = await buildAnnualReport(services.db.pool, staff.council.id, options, today());
    // Lists of cases keep only the cases in the person's scope; the figures stay the council's.
    const lists = new Map(reportTables(report.options).flatMap((section) => section.tables).filter((t) => t.list).map((t) => [t.key, t.population] as const));
    const scoped = await listsInScope(services.db.pool, staff.scope, report, lists);
    return staff.scope.mayIdentify ? scoped : withoutPersonalText(scoped);
  }

  app.get<{ Querystring: Query }>('/reports/view', mayView, async (request, reply) => {
    const query = singleValued(request.query);
    const staff = staffOf(request);
    const parsed = await parseReportQuery(services.db.pool, staff.council, query);
    if (!parsed.ok) return renderForm(request, reply.code(400), query, parsed.problems);
    const { council, options, carry } = parsed.request;
    const refused = await refuseYearWithoutData(reply, council, options.year, `/reports?${queryString(carry)}`);
    if (refused) return refused;
    const report = await reportFor(request, options);
    await recordAccess(services.db.pool, actorOf(request), {
      councilId: council.id, action: 'run_report',
      detail: { filters: choicesMade(carry), codes: codes({ year: options.year, format: 'screen', layout: typeof options.layout === 'string' ? options.layout : 'council', level: options.level }) },
    });
    const downloads = DOWNLOADS.map(([format, label]) => ({ format, label, href: `/reports/download?${queryString({ ...carry, format })}` }));
    const actions = downloadLinks(downloads);
    const reportHtml = renderReportHtml(report, {
      // The cases behind a figure only for someone who may see them: a report viewer sees figures.
      ...(can(staff.scope, 'drill_down') ? { drillHref: (table: string, row: string | null, column: string) => `/reports/drill?${queryString({ ...carry, table, row, column })}` } : {}),
      actionsHtml: actions,
    });
    return reply.view('report-view.njk', {
      title: reportTitle(report),
      nav: 'reports',
      council,
      reportCss: REPORT_CSS,
      // The page's inline stylesheets (its own, and each chart's) carry the response's CSP nonce for styles.
      styleNonce: styleNonce(reply),
      reportHtml: withStyleNonce(reportHtml, styleNonce(reply)),
      changeHref: `/reports?${queryString(carry)}`,
    });
  });

  /**
   * The cases behind one figure, as this person may see them: the figure's table, measure and
   * every case behind it (for the figure and how it is made), and those in their scope. A
   * figure the report suppresses has none to show (403): its cases would reveal it.
   */
  async function resolveDrill(request: FastifyRequest<{ Querystring: Query }>, reply: FastifyReply) {
    const query = singleValued(request.query);
    const staff = staffOf(request);
    const parsed = await parseReportQuery(services.db.pool, staff.council, query);
    if (!parsed.ok) return { reply: renderProblem(reply, 400, DRILL_HEADING, parsed.problems, { href: '/reports', text: 'Choose a report' }) };
    const { council, options, carry } = parsed.request;
    const reportHref = `/reports/view?${queryString(carry)}`;
    const tableKey = one(query.table);
    const row = one(query.row);
    const column = one(query.column);
    const measureKey = one(query.measure);
    const definition = reportTables(options).flatMap((s) => s.tables).find((t) => t.key === tableKey);
    if (!tableKey) return { reply: renderProblem(reply, 400, DRILL_HEADING, [{ field: 'table', text: 'Say which table the figure is in' }], { href: reportHref, text: 'Back to the report' }) };
    if (!definition) {
      return { reply: renderProblem(reply, 404, 'There is no such table in this report', [{ field: 'table', text: `The ${options.year} report has no table “${tableKey.slice(0, 60)}”.` }], { href: reportHref, text: 'Back to the report' }) };
    }
    if (definition.list) {
      return { reply: renderProblem(reply, 404, 'There is no such figure in this report', [{ field: 'table', text: `The table “${definition.title}” lists cases: it has no figures to open.` }], { href: reportHref, text: 'Back to the report' }) };
    }
    const measure = definition.measures.find((m) => m.key === (measureKey ?? cellMeasureKey(definition, row ?? '', column ?? '')));
    if (!column) return { reply: renderProblem(reply, 400, DRILL_HEADING, [{ field: 'column', text: 'Say which column the figure is in' }], { href: reportHref, text: 'Back to the report' }) };
    if (!measure) {
      return { reply: renderProblem(reply, 404, 'There is no such figure in this report', [{ field: 'measure', text: `The table “${definition.title}” has no figure “${(measureKey ?? column).slice(0, 60)}”.` }], { href: reportHref, text: 'Back to the report' }) };
    }
    if (row === undefined && !definition.totalRow) {
      return { reply: renderProblem(reply, 400, DRILL_HEADING, [{ field: 'row', text: `Say which row of “${definition.title}” the figure is in` }], { href: reportHref, text: 'Back to the report' }) };
    }

    // The table as the report shows it: its names for rows keyed by id, and each figure.
    const shaped = await runTable(services.db.pool, definition, council.id, options, today());
    const shownRow = shaped.rows.find((r) => r.key === row);
    const columnIndex = shaped.columns.findIndex((c) => c.key === column);
    const cellValue = columnIndex < 0 ? null : row === undefined ? shaped.total?.[columnIndex] ?? null : shownRow?.cells[columnIndex] ?? null;
    if (row !== undefined && !shownRow) {
      return { reply: renderProblem(reply, 404, 'There is no such figure in this report', [{ field: 'row', text: `The table “${definition.title}” has no row “${row.slice(0, 60)}”.` }], { href: reportHref, text: 'Back to the report' }) };
    }
    // A figure shown as "<N" has no cases to open, for anyone (docs/reports.md).
    const aggregates = columnAggregates(shaped, definition);
    if (typeof cellValue === 'number' && columnIndex >= 0 && suppress(cellValue, aggregates[columnIndex] === 'count' ? 'count' : shaped.unit, options.suppressBelow) !== null) {
      return { reply: renderProblem(reply, 403, 'The cases behind this figure are not shown', [{ field: '', text: 'This figure is hidden in the report so that no one can be identified from it, so the cases behind it are not shown either.' }], { href: reportHref, text: 'Back to the report' }) };
    }

    // The cases behind one figure; for the total row, those of every row, each named.
    const cell = (r: string) => ({ row: r, column, ...(measureKey ? { measure: measureKey } : {}) });
    let rows: (DrillDownRow & { __row?: string })[];
    let rowHeader: string | null = null;
    if (row === undefined) {
      rowHeader = shaped.rowHeader || 'Row';
      rows = [];
      for (const r of shaped.rows) {
        const found = await drillDown(services.db.pool, council.id, options, today(), definition.key, cell(r.key));
        rows.push(...found.rows.map((x) => ({ ...x, __row: r.label })));
      }
      rows.sort((a, b) => a.reference.localeCompare(b.reference));
    } else {
      rows = (await drillDown(services.db.pool, council.id, options, today(), definition.key, cell(row))).rows;
    }
    const population = measure.population ?? definition.population;
    const visible = await rowsInScope(services.db.pool, staff.scope, population, rows);
    return {
      council, options, carry, reportHref, definition, measure, row, column, rowHeader, rows, visible,
      shown: { rowLabel: shownRow?.label, columnLabel: shaped.columns[columnIndex]?.label, figure: typeof cellValue === 'number' ? cellValue : null },
    };
  }

  app.get<{ Querystring: Query }>('/reports/drill', mayDrill, async (request, reply) => {
    const page = pageOf(singleValued(request.query));
    const found = await resolveDrill(request, reply);
    if ('reply' in found) return found.reply;
    const { council, options, carry, reportHref, definition, measure, row, column, rowHeader, rows, visible, shown } = found;
    const pages = Math.max(1, Math.ceil(visible.length / DRILL_PAGE_SIZE));
    if (page > pages) throw notFound('page of this list');
    const onPage = visible.slice((page - 1) * DRILL_PAGE_SIZE, page * DRILL_PAGE_SIZE);
    await recordAccess(services.db.pool, actorOf(request), {
      councilId: council.id, action: 'drill_down',
      detail: { filters: choicesMade(carry), count: visible.length, numbers: { page, behindFigure: rows.length }, codes: codes({ year: options.year, table: definition.key, measure: measure.key }) },
    });
    const context = drillContext(definition, measure, { row, column, rowHeader }, rows, onPage, options.year, reportHref, council, shown);
    const cellParams = { ...carry, table: definition.key, row: row ?? null, column, measure: one(request.query.measure) ?? null };
    const from = visible.length === 0 ? 0 : (page - 1) * DRILL_PAGE_SIZE + 1;
    return reply.view('drill.njk', {
      ...context,
      visibleCount: visible.length,
      narrower: visible.length < rows.length ? `You can see ${visible.length.toLocaleString('en-GB')} of the ${rows.length.toLocaleString('en-GB')} cases behind this figure: the others are outside the directorates you work in, or restricted.` : null,
      showing: pages > 1 ? `Showing ${from.toLocaleString('en-GB')} to ${(from + onPage.length - 1).toLocaleString('en-GB')} of ${visible.length.toLocaleString('en-GB')}.` : null,
      pagination: pagination(page, pages, (p) => `/reports/drill?${queryString({ ...cellParams, page: String(p) })}`),
      exportHref: can(staffOf(request).scope, 'export_cases') && visible.length > 0 ? `/reports/drill/export?${queryString(cellParams)}` : null,
    });
  });

  /** The cases behind a figure as CSV (those in scope), streamed, and audited as an export. */
  app.get<{ Querystring: Query }>('/reports/drill/export', mayExport, async (request, reply) => {
    const found = await resolveDrill(request, reply);
    if ('reply' in found) return found.reply;
    const { council, options, carry, definition, measure, rowHeader, visible } = found;
    await recordAccess(services.db.pool, actorOf(request), {
      councilId: council.id, action: 'export_cases',
      detail: { filters: choicesMade(carry), count: visible.length, codes: codes({ year: options.year, table: definition.key, measure: measure.key, format: 'csv' }) },
    });
    const keys = visible.length > 0 ? Object.keys(visible[0]!).filter((k) => k !== 'counted' && k !== '__row' && k !== 'reference') : [];
    const header = ['Reference', ...(rowHeader ? [rowHeader] : []), ...keys.map((k) => DRILL_LABELS[k] ?? labelOf(k)), ...(measure.aggregate === 'percent' ? ['Counted'] : [])];
    function* lines() {
      yield `\uFEFF${csvLine(header)}`;
      for (const r of visible) {
        yield csvLine([r.reference, ...(rowHeader ? [r.__row ?? ''] : []), ...keys.map((k) => r[k]), ...(measure.aggregate === 'percent' ? [r.counted ? 'Yes' : 'No'] : [])]);
      }
    }
    const name = `${council.slug}-${definition.key.replace(/[^a-z0-9]+/gi, '-')}-${options.year.replace('/', '-')}-cases.csv`;
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${name}"`)
      .header('cache-control', 'no-store')
      .send(Readable.from(lines()));
  });

  app.get<{ Querystring: Query }>('/reports/download', mayView, async (request, reply) => {
    const query = singleValued(request.query);
    const staff = staffOf(request);
    const parsed = await parseReportQuery(services.db.pool, staff.council, query);
    const format = one(query.format);
    const problems = parsed.ok ? [] : [...parsed.problems];
    if (!format || !isReportFormat(format)) {
      problems.push({ field: 'format', text: `Choose the format: ${Object.keys(REPORT_FORMATS).join(', ')}${format ? `, not “${format.slice(0, 40)}”` : ''}` });
    }
    if (!parsed.ok || problems.length > 0) return renderProblem(reply, 400, 'Download the annual report', problems, { href: '/reports', text: 'Choose a report' });
    const { council, options, carry } = parsed.request as ReportRequest;
    const refused = await refuseYearWithoutData(reply, council, options.year, `/reports?${queryString(carry)}`);
    if (refused) return refused;
    const report = await reportFor(request, options);
    const f = format as ReportFormat;
    await recordAccess(services.db.pool, actorOf(request), {
      councilId: council.id, action: 'run_report',
      detail: { filters: choicesMade(carry), codes: codes({ year: options.year, format: f, layout: typeof options.layout === 'string' ? options.layout : 'council', level: options.level }) },
    });
    try {
      const body = await REPORT_FORMATS[f].render(report);
      return reply.type(REPORT_FORMATS[f].contentType).header('content-disposition', `attachment; filename="${reportFileName(report, f)}"`).send(body);
    } catch (error) {
      if (!(error instanceof PdfUnavailableError)) throw error;
      return reply.code(503).view('problem.njk', { title: 'The PDF cannot be made here', nav: 'reports', heading: 'The PDF cannot be made here', problems: [{ field: '', text: error.message }], errors: [] });
    }
  });
};

/** One CSV line: quoted where needed, and a cell that a spreadsheet would read as a formula made text. */
function csvLine(cells: unknown[]): string {
  return `${cells.map((c) => {
    let text = c === null || c === undefined ? '' : typeof c === 'boolean' ? (c ? 'Yes' : 'No') : String(c);
    if (/^[=+\-@\t\r]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text)) text = `'${text}`;
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  }).join(',')}\r\n`;
}

/** How each preset is offered on the form. */
const PRESET_NAMES: Record<(typeof PRESETS)[number], string> = {
  standard: 'Standard: every section', calderdale: 'As Calderdale lays it out', 'cheshire-west': 'As Cheshire West and Chester lays it out',
  staffordshire: 'As Staffordshire lays it out', wolverhampton: 'As Wolverhampton lays it out', wrexham: 'As Wrexham lays it out',
};

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The report page's download links, put under its introduction (not printed). */
function downloadLinks(downloads: { label: string; href: string }[]): string {
  const links = downloads.map((d) => `<li><a class="govuk-link" href="${escapeHtml(d.href)}" download>Download as ${escapeHtml(d.label)}</a></li>`);
  return `<div class="app-no-print app-report-downloads"><h2 class="govuk-heading-s">Download this report</h2><ul class="govuk-list">${links.join('')}</ul></div>`;
}

/** What the drill-down page shows: the cases, and how they make the figure. */
function drillContext(
  definition: TableDefinition, measure: Measure, cell: { row: string | undefined; column: string; rowHeader: string | null },
  rows: (DrillDownRow & { __row?: string })[], listed: (DrillDownRow & { __row?: string })[], year: string, reportHref: string, council: Council,
  shown: { rowLabel?: string | undefined; columnLabel?: string | undefined; figure: number | null },
) {
  const rowLabel = cell.row === undefined ? 'Total' : shown.rowLabel ?? labelOf(cell.row);
  const columnLabel = definition.columns.kind === 'measure' ? measure.label : shown.columnLabel ?? labelOf(cell.column);
  const counted = rows.filter((r) => r.counted).length;
  const n = rows.length;
  const population = measure.population ?? definition.population;
  const decimals = definition.decimals ?? (definition.unit === 'count' ? 0 : 1);
  const format = (v: number | null) => formatFigure(v, measure.aggregate, decimals, measureUnit(measure));

  let figure: number | null;
  let explanation: string;
  const averaged = measure.of ?? 'working_days';
  const total = rows.reduce((s, r) => s + Number(r[averaged] ?? 0), 0);
  switch (measure.aggregate) {
    case 'count':
      figure = n;
      explanation = `The figure counts these ${noun(population, n)}.`;
      break;
    case 'percent':
      figure = n > 0 ? (100 * counted) / n : null;
      explanation = n > 0
        ? `The percentage is of these ${noun(population, n)}: the ${counted.toLocaleString('en-GB')} marked “Yes” under “Counted” are the ones it counts (${measure.label.toLowerCase()}). ${counted} ÷ ${n} = ${format(figure)}.`
        : `There are no ${NOUNS[population][1]} to take a percentage of.`;
      break;
    case 'average':
      figure = n > 0 ? total / n : null;
      explanation = n > 0
        ? `The figure is the mean of the ${MEASURE_OF[averaged]} by these ${noun(population, n)}: ${total.toLocaleString('en-GB')} ÷ ${n} = ${format(figure)}.`
        : `There are no ${NOUNS[population][1]} to take an average of.`;
      break;
    case 'sum':
      figure = total;
      explanation = `The figure is the total of the ${MEASURE_OF[averaged]} of these ${noun(population, n)}.`;
      break;
    case 'share':
      figure = shown.figure;
      explanation = `The figure is these ${noun(population, n)} as a share of every one counted in the column “${columnLabel}”.`;
      break;
  }

  const keys = rows.length > 0 ? Object.keys(rows[0]!).filter((k) => k !== 'counted' && k !== '__row' && k !== 'reference' && k !== 'received_on') : [];
  // A total's rows say which row each came from, unless a column of their own says it already.
  const named = cell.rowHeader !== null && keys.some((k) => rows.every((r) => r[k] === r.__row || labelOf(String(r[k] ?? '')) === r.__row));
  if (named) cell = { ...cell, rowHeader: null };
  const hasReceived = rows.length === 0 || 'received_on' in rows[0]!;
  const columns = ['reference', ...(hasReceived ? ['received_on'] : []), ...keys];
  const head = [
    { text: DRILL_LABELS.reference! },
    ...(cell.rowHeader ? [{ text: cell.rowHeader }] : []),
    ...columns.slice(1).map((k) => ({ text: DRILL_LABELS[k] ?? labelOf(k), ...(NUMERIC.has(k) ? { format: 'numeric' } : {}) })),
    ...(measure.aggregate === 'percent' ? [{ text: 'Counted' }] : []),
  ];
  const tableRows = listed.map((r) => [
    drillCell('reference', r.reference),
    ...(cell.rowHeader ? [{ text: r.__row ?? '' }] : []),
    ...columns.slice(1).map((k) => drillCell(k, r[k])),
    ...(measure.aggregate === 'percent' ? [{ text: r.counted ? 'Yes' : 'No' }] : []),
  ]);
  const heading = `${definition.title}: ${rowLabel}, ${columnLabel}`;
  return {
    title: heading,
    nav: 'reports',
    council,
    heading,
    year,
    backHref: `${reportHref}#${tableAnchor(definition.key)}`,
    summary: [
      { key: { text: 'Table' }, value: { text: definition.title } },
      { key: { text: 'Row' }, value: { text: rowLabel } },
      { key: { text: definition.columns.kind === 'measure' ? 'Figure' : 'Column' }, value: { text: columnLabel } },
      { key: { text: 'Figure in the report' }, value: { text: format(figure) } },
    ],
    figure: format(figure),
    count: n,
    counted,
    countText: noun(population, n),
    explanation,
    definition: definition.definition,
    head,
    rows: tableRows,
    caption: `The ${noun(population, n)} behind the figure`,
    population: NOUNS[population][1],
  };
}
