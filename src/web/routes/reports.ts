import { PRESETS } from '../../reports/layout.ts';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Services } from '../app.ts';
import { listCouncils, type Council } from '../../councils/councilRepository.ts';
import { londonDate } from '../../domain/dates.ts';
import { buildAnnualReport, drillDown, runTable, type AnnualReport, type DrillDownRow } from '../../reports/annualReport.ts';
import type { Measure, Population, TableDefinition } from '../../reports/definitions.ts';
import { reportTables, SECTION_TITLES, type SectionKey } from '../../reports/reportCatalogue.ts';
import { reportOptionsFor } from '../../reports/reportSettings.ts';
import { cellMeasureKey, labelOf, measureUnit } from '../../reports/shape.ts';
import { formatFigure, REPORT_CSS, renderReportHtml, tableAnchor } from '../../reports/render/html.ts';
import { PdfUnavailableError } from '../../reports/render/pdf.ts';
import { reportTitle } from '../../reports/render/cells.ts';
import { noDataMessage, yearsWithData } from '../../reports/reportYear.ts';
import { FORMAT_LABELS, isReportFormat, REPORT_FORMATS, reportFileName, type ReportFormat } from '../../reports/reportFormats.ts';
import {
  LEVELS, one, parseReportQuery, queryString, reportingYearOf, SUPPRESS_MAX, SUPPRESS_MIN, yearsWithContacts,
  type Problem, type Query, type ReportRequest,
} from '../reportQuery.ts';

/**
 * The annual report on screen: choosing it (GET /reports), reading it (GET /reports/view),
 * the cases behind any figure (GET /reports/drill) and downloads (GET /reports/download).
 * All GET, so every page works without JavaScript and every view has an address to share.
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

export const reportRoutes = (services: Services) => async (app: FastifyInstance) => {
  const today = () => londonDate(services.clock.now());

  /** The form that chooses a report; with `problems`, shown again with them (status 400). */
  async function renderForm(reply: FastifyReply, query: Query, problems: Problem[] = [], chosenCouncil: Council | null = null) {
    const councils = await listCouncils(services.db.pool);
    const council = chosenCouncil ?? councils.find((c) => c.slug === one(query.council)) ?? councils[0] ?? null;
    const context: Record<string, unknown> = { title: problems.length > 0 ? 'Error: Annual complaints report' : 'Annual complaints report', nav: 'reports', council, councils };
    if (council) {
      const current = reportingYearOf(today(), council.reportingYearStarts);
      const withData = await yearsWithContacts(services.db.pool, council.id);
      const years = [...new Set([current, ...withData])].sort().reverse();
      const latestWhole = withData.find((y) => y < current) ?? withData[0] ?? current;
      const saved = await reportOptionsFor(services.db.pool, council.id, latestWhole);
      const year = one(query.year) ?? latestWhole;
      const level = one(query.level) ?? saved.level;
      const layout = one(query.layout) ?? (typeof saved.layout === 'string' ? saved.layout : '');
      const asked = query.sections === undefined ? saved.sections : ([] as string[]).concat(query.sections).flatMap((s) => s.split(','));
      const suppress = one(query.suppress) ?? (saved.suppressBelow === null ? '' : String(saved.suppressBelow));
      const error = (field: string) => {
        const found = problems.find((p) => p.field === field);
        return found ? { text: found.text } : undefined;
      };
      Object.assign(context, {
        errors: problems.map((p) => ({ text: p.text, href: p.field ? `#${p.field}` : undefined })),
        councilItems: councils.map((c) => ({ value: c.slug, text: c.name, selected: c.id === council.id })),
        councilError: error('council'),
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
      });
    }
    return reply.view('reports.njk', context);
  }

  /** A page saying what is wrong with the address (400) or that there is no such thing (404). */
  function renderProblem(reply: FastifyReply, status: 400 | 404, heading: string, problems: Problem[], back?: { href: string; text: string }) {
    return reply.code(status).view('problem.njk', {
      title: status === 400 ? `Error: ${heading}` : heading,
      nav: 'reports',
      heading,
      errors: status === 400 ? problems.map((p) => ({ text: p.text })) : [],
      problems,
      back,
    });
  }

  app.get<{ Querystring: Query }>('/reports', async (request, reply) => renderForm(reply, request.query));

  /** A year with no case history has no report (404), rather than one of zeros (src/reports/reportYear.ts). */
  async function refuseYearWithoutData(reply: FastifyReply, council: Council, year: string, back: string) {
    const message = noDataMessage(council.name, year, await yearsWithData(services.db.pool, council.id));
    return message === null ? null : renderProblem(reply, 404, `There is no ${year} report`, [{ field: 'year', text: message }], { href: back, text: 'Choose another year' });
  }

  app.get<{ Querystring: Query }>('/reports/view', async (request, reply) => {
    const parsed = await parseReportQuery(services.db.pool, request.query);
    if (!parsed.ok) return renderForm(reply.code(400), request.query, parsed.problems, parsed.council);
    const { council, options, carry } = parsed.request;
    const refused = await refuseYearWithoutData(reply, council, options.year, `/reports?${queryString(carry)}`);
    if (refused) return refused;
    const report = await buildAnnualReport(services.db.pool, council.id, options, today());
    const downloads = DOWNLOADS.map(([format, label]) => ({ format, label, href: `/reports/download?${queryString({ ...carry, format })}` }));
    const actions = downloadLinks(downloads);
    const reportHtml = renderReportHtml(report, {
      drillHref: (table, row, column) => `/reports/drill?${queryString({ ...carry, table, row, column })}`,
      actionsHtml: actions,
    });
    return reply.view('report-view.njk', {
      title: reportTitle(report),
      nav: 'reports',
      council,
      reportCss: REPORT_CSS,
      reportHtml,
      changeHref: `/reports?${queryString(carry)}`,
    });
  });

  app.get<{ Querystring: Query }>('/reports/drill', async (request, reply) => {
    const parsed = await parseReportQuery(services.db.pool, request.query);
    if (!parsed.ok) return renderProblem(reply, 400, 'The cases behind a figure', parsed.problems, { href: '/reports', text: 'Choose a report' });
    const { council, options, carry } = parsed.request;
    const reportHref = `/reports/view?${queryString(carry)}`;
    const tableKey = one(request.query.table);
    const row = one(request.query.row);
    const column = one(request.query.column);
    const measureKey = one(request.query.measure);
    const definition = reportTables(options).flatMap((s) => s.tables).find((t) => t.key === tableKey);
    if (!tableKey) return renderProblem(reply, 400, 'The cases behind a figure', [{ field: 'table', text: 'Say which table the figure is in' }], { href: reportHref, text: 'Back to the report' });
    if (!definition) {
      return renderProblem(reply, 404, 'There is no such table in this report', [{ field: 'table', text: `The ${options.year} report has no table “${tableKey}”.` }], { href: reportHref, text: 'Back to the report' });
    }
    const measure = definition.measures.find((m) => m.key === (measureKey ?? cellMeasureKey(definition, row ?? '', column ?? '')));
    if (!column) return renderProblem(reply, 400, 'The cases behind a figure', [{ field: 'column', text: 'Say which column the figure is in' }], { href: reportHref, text: 'Back to the report' });
    if (!measure) {
      return renderProblem(reply, 404, 'There is no such figure in this report', [{ field: 'measure', text: `The table “${definition.title}” has no figure “${measureKey ?? column}”.` }], { href: reportHref, text: 'Back to the report' });
    }
    if (row === undefined && !definition.totalRow) {
      return renderProblem(reply, 400, 'The cases behind a figure', [{ field: 'row', text: `Say which row of “${definition.title}” the figure is in` }], { href: reportHref, text: 'Back to the report' });
    }

    // The cases behind one figure; for the total row, those of every row, each named.
    const cell = (r: string) => ({ row: r, column, ...(measureKey ? { measure: measureKey } : {}) });
    let rows: (DrillDownRow & { __row?: string })[];
    let rowHeader: string | null = null;
    // The table as the report shows it: its names for rows keyed by id, and each figure.
    const shaped = await runTable(services.db.pool, definition, council.id, options, today());
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
    const shownRow = shaped.rows.find((r) => r.key === row);
    const columnIndex = shaped.columns.findIndex((c) => c.key === column);
    const context = drillContext(definition, measure, { row, column, rowHeader }, rows, options.year, reportHref, council, {
      rowLabel: shownRow?.label, columnLabel: shaped.columns[columnIndex]?.label, figure: shownRow && columnIndex >= 0 && typeof shownRow.cells[columnIndex] === 'number' ? shownRow.cells[columnIndex] as number : null,
    });
    return reply.view('drill.njk', context);
  });

  app.get<{ Querystring: Query }>('/reports/download', async (request, reply) => {
    const parsed = await parseReportQuery(services.db.pool, request.query);
    const format = one(request.query.format);
    const problems = parsed.ok ? [] : [...parsed.problems];
    if (!format || !isReportFormat(format)) {
      problems.push({ field: 'format', text: `Choose the format: ${Object.keys(REPORT_FORMATS).join(', ')}${format ? `, not “${format}”` : ''}` });
    }
    if (!parsed.ok || problems.length > 0) return renderProblem(reply, 400, 'Download the annual report', problems, { href: '/reports', text: 'Choose a report' });
    const { council, options, carry } = parsed.request as ReportRequest;
    const refused = await refuseYearWithoutData(reply, council, options.year, `/reports?${queryString(carry)}`);
    if (refused) return refused;
    const report = await buildAnnualReport(services.db.pool, council.id, options, today());
    try {
      const f = format as ReportFormat;
      const body = await REPORT_FORMATS[f].render(report);
      return reply.type(REPORT_FORMATS[f].contentType).header('content-disposition', `attachment; filename="${reportFileName(report, f)}"`).send(body);
    } catch (error) {
      if (!(error instanceof PdfUnavailableError)) throw error;
      return reply.code(503).view('problem.njk', { title: 'The PDF cannot be made here', nav: 'reports', heading: 'The PDF cannot be made here', problems: [{ field: '', text: error.message }], errors: [] });
    }
  });
};

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
  rows: (DrillDownRow & { __row?: string })[], year: string, reportHref: string, council: Council,
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
  const tableRows = rows.map((r) => [
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
  };
}
