import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../app.ts';
import type { Council } from '../../councils/councilRepository.ts';
import { can } from '../../domain/access/scope.ts';
import { recordAccess } from '../../events/audit.ts';
import { requirePermission } from '../pipeline/authentication.ts';
import { actorOf } from '../pipeline/context.ts';
import { notFound } from '../pipeline/httpProblems.ts';
import { DashboardCache } from '../dashboard/cache.ts';
import { londonDate } from '../../domain/dates.ts';
import { chartSvg } from '../../reports/render/charts.ts';
import { styleNonce, withStyleNonce } from '../pipeline/securityHeaders.ts';
import { chartForPage, REPORT_CSS } from '../../reports/render/html.ts';
import { labelOf, type ReportTable } from '../../reports/shape.ts';
import {
  dashboardCases, directorateNames, DASHBOARD_MEASURES, DUE_SOON_WORKING_DAYS,
  type DashboardCase, type DashboardFigures, type DashboardMeasure, type DashboardScope,
} from '../dashboard/queries.ts';
import { one, queryString, singleValued, type Problem, type Query } from '../reportQuery.ts';
import { formatDate, pageOf, pagination } from './reports.ts';

/**
 * The service leads' dashboard: the signed-in council's (or one directorate's) open complaints,
 * what is due in the next five working days and overdue, answers on time this reporting year,
 * and complaints received month by month (view_reports). For someone with drill_down every
 * figure opens the cases behind it that are in their scope, 50 a page. The figures are cached
 * until the council's cases change (src/web/dashboard/cache.ts).
 */

const monthLong = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', month: 'long', year: 'numeric' });
const monthShort = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', month: 'short', year: '2-digit' });
const monthName = (ym: string, format = monthLong) => format.format(new Date(`${ym}-01T00:00:00Z`));

const TITLES: Record<DashboardMeasure, string> = {
  open: 'Open complaints',
  due_soon: `Due in the next ${DUE_SOON_WORKING_DAYS} working days`,
  overdue: 'Overdue',
  answered: 'Stages answered this reporting year',
  received: 'Complaints received',
};

/** The months as a table of the report's shape, one row of 12 columns, so the report's line chart draws it. */
export function monthsTable(figures: DashboardFigures): ReportTable {
  return {
    key: 'dashboard.received_by_month',
    title: 'Complaints received, by month',
    definition: 'Complaints (contacts routed formal or urgent) by the month they were received, for the last 12 months; this month so far.',
    unit: 'count',
    decimals: 0,
    rowHeader: 'Month',
    columns: figures.months.map((m) => ({ key: m.month, label: monthName(m.month, monthShort), unit: 'count' as const })),
    rows: [{ key: 'received', label: 'Received', cells: figures.months.map((m) => m.received) }],
    total: null,
    chart: 'line',
  };
}

function whenDue(c: DashboardCase): string {
  if (c.working_days_left === null) return '';
  if (c.working_days_left === 0) return 'Due today';
  const n = Math.abs(c.working_days_left);
  return c.working_days_left > 0 ? `${n} working day${n === 1 ? '' : 's'} left` : `${n} working day${n === 1 ? '' : 's'} overdue`;
}

const CASES_PAGE_SIZE = 50;

export const dashboardRoutes = (services: Services) => async (app: FastifyInstance) => {
  const today = () => londonDate(services.clock.now());
  const cache = new DashboardCache();
  const mayView = { preHandler: requirePermission('view_reports') };
  const mayDrill = { preHandler: requirePermission('drill_down') };

  /** The directorate asked for in the signed-in council, or what is wrong with it. */
  async function scopeOf(request: FastifyRequest, query: Query): Promise<{ council: Council; directorates: string[]; scope: DashboardScope | null; problems: Problem[] }> {
    const problems: Problem[] = [];
    const council = request.staff!.council;
    const directorates = await directorateNames(services.db.pool, council.id, today());
    const directorate = one(query.directorate) || null;
    if (directorate && !directorates.includes(directorate)) problems.push({ field: 'directorate', text: `${council.name} has no directorate “${directorate.slice(0, 60)}”` });
    const scope = problems.length === 0 ? { councilId: council.id, directorate, today: today() } : null;
    return { council, directorates, scope, problems };
  }

  function problemPage(reply: FastifyReply, council: Council | null, problems: Problem[]) {
    return reply.code(400).view('problem.njk', {
      title: 'Error: Dashboard', nav: 'dashboard', council, heading: 'Dashboard',
      errors: problems.map((p) => ({ text: p.text })), problems, back: { href: '/dashboard', text: 'Go to the dashboard' },
    });
  }

  // The old list of contacts is the case list now (src/web/staff/case-list); /contacts/new is logging a contact.
  app.get('/contacts', async (_request, reply) => reply.redirect('/cases', 301));

  app.get<{ Querystring: Query }>('/dashboard', mayView, async (request, reply) => {
    const query = singleValued(request.query);
    const { council, directorates, scope, problems } = await scopeOf(request, query);
    if (problems.length > 0 || !scope) return problemPage(reply, council, problems);
    const { figures } = await cache.figures(services.db.pool, scope);
    await recordAccess(services.db.pool, actorOf(request), {
      councilId: council.id, action: 'view_dashboard', detail: { filters: scope.directorate ? ['directorate'] : [] },
    });
    // The figures are the council's; the cases behind them only for someone who may see cases.
    const drill = can(request.staff!.scope, 'drill_down');
    const casesHref = (measure: DashboardMeasure, month?: string) => (drill ? `/dashboard/cases?${queryString({ directorate: scope.directorate, measure, month })}` : null);
    const months = monthsTable(figures);
    const context: Record<string, unknown> = {
      title: 'Dashboard', nav: 'dashboard', council, reportCss: REPORT_CSS,
      styleNonce: styleNonce(reply),
      today: formatDate(scope.today),
      directorate: scope.directorate,
      mayDrill: drill,
      directorateItems: [{ value: '', text: 'All directorates' }, ...directorates.map((d) => ({ value: d, text: d, selected: d === scope.directorate }))],
      cards: [
        { measure: 'open', title: TITLES.open, figure: figures.open, href: casesHref('open'), hint: 'A stage open, or a request to escalate awaiting a decision' },
        { measure: 'due_soon', title: TITLES.due_soon, figure: figures.dueSoon, href: casesHref('due_soon'), hint: figures.dueBy ? `Due by ${formatDate(figures.dueBy)}` : '' },
        { measure: 'overdue', title: TITLES.overdue, figure: figures.overdue, href: casesHref('overdue'), hint: 'Past the due date, or the date agreed in an extension, and not answered' },
        {
          measure: 'answered', title: `Answered within the timescale, ${figures.reportingYear}`,
          figure: figures.percentInTime === null ? '–' : `${Math.round(figures.percentInTime)}%`, href: casesHref('answered'),
          hint: `${figures.answeredInTime} of ${figures.answered} stage responses`,
        },
      ],
      monthsChart: withStyleNonce(chartForPage(chartSvg(months)) ?? '', styleNonce(reply)) || null,
      monthsTable: {
        caption: months.title,
        firstCellIsHeader: true,
        head: [{ text: 'Month' }, { text: 'Complaints received', format: 'numeric' }],
        rows: figures.months.map((m) => {
          const href = casesHref('received', m.month);
          return [
            { text: monthName(m.month) },
            href
              ? { html: `<a class="govuk-link" href="${href.replace(/&/g, '&amp;')}">${m.received}<span class="govuk-visually-hidden"> complaints received in ${monthName(m.month)}</span></a>`, format: 'numeric' }
              : { text: String(m.received), format: 'numeric' },
          ];
        }),
      },
    };
    return reply.view('dashboard.njk', context);
  });

  app.get<{ Querystring: Query }>('/dashboard/cases', mayDrill, async (request, reply) => {
    const query = singleValued(request.query);
    const page = pageOf(query);
    const { council, scope, problems } = await scopeOf(request, query);
    const measure = one(query.measure) as DashboardMeasure | undefined;
    if (!measure || !DASHBOARD_MEASURES.includes(measure)) {
      problems.push({ field: 'measure', text: `Say which figure: ${DASHBOARD_MEASURES.join(', ')}${measure ? `, not “${measure.slice(0, 40)}”` : ''}` });
    }
    const month = one(query.month);
    if (measure === 'received' && (!month || !/^\d{4}-(0[1-9]|1[0-2])$/.test(month))) {
      problems.push({ field: 'month', text: `Say which month, written like 2024-03${month ? `, not “${month.slice(0, 40)}”` : ''}` });
    }
    if (problems.length > 0 || !scope) return problemPage(reply, council, problems);
    const found = await dashboardCases(services.db.pool, scope, request.staff!.scope, measure!, { offset: (page - 1) * CASES_PAGE_SIZE, size: CASES_PAGE_SIZE }, month);
    const pages = Math.max(1, Math.ceil(found.total / CASES_PAGE_SIZE));
    if (page > pages) throw notFound('page of this list');
    await recordAccess(services.db.pool, actorOf(request), {
      councilId: council.id, action: 'drill_down',
      detail: { filters: scope.directorate ? ['directorate'] : [], count: found.total, numbers: { page }, codes: { measure: measure!, source: 'dashboard' } },
    });
    // The figure the person clicked (the council's), to say when they can see fewer.
    const { figures } = await cache.figures(services.db.pool, scope);
    const figure = measure === 'open' ? figures.open : measure === 'due_soon' ? figures.dueSoon : measure === 'overdue' ? figures.overdue
      : measure === 'answered' ? figures.answered : figures.months.find((m) => m.month === month)?.received ?? found.total;
    const backHref = `/dashboard?${queryString({ directorate: scope.directorate })}`;
    const heading = measure === 'received' ? `${TITLES.received} in ${monthName(month!)}` : TITLES[measure!];
    const head = [
      { text: 'Reference' }, { text: 'Received' }, { text: 'Directorate' }, { text: 'Procedure' },
      ...(measure === 'received' ? [] : [{ text: 'Stage', format: 'numeric' }, { text: 'Opened' }, { text: 'Due' }]),
      ...(measure === 'answered' ? [{ text: 'Responded' }, { text: 'Within timescale' }] : []),
      ...(measure === 'open' || measure === 'due_soon' || measure === 'overdue' ? [{ text: 'When due' }] : []),
    ];
    const date = (d: string | null) => ({ text: d ? formatDate(d) : '–' });
    const rows = found.cases.map((c) => [
      { text: c.reference },
      date(c.received_on),
      { text: c.directorate ?? 'Not recorded' },
      { text: c.procedure ? labelOf(c.procedure) : '–' },
      ...(measure === 'received' ? [] : [
        { text: c.stage === null ? '–' : String(c.stage), format: 'numeric' },
        c.opened_on ? date(c.opened_on) : { text: c.requested_on ? `Requested ${formatDate(c.requested_on)}` : '–' },
        date(c.due_on),
      ]),
      ...(measure === 'answered' ? [date(c.responded_on), { text: c.within_timescale === null ? 'No due date' : c.within_timescale ? 'Yes' : 'No' }] : []),
      ...(measure === 'open' || measure === 'due_soon' || measure === 'overdue' ? [{ text: c.opened_on ? whenDue(c) : 'Awaiting a decision to escalate' }] : []),
    ]);
    const unit = measure === 'answered' ? ['stage response', 'stage responses'] : ['complaint', 'complaints'];
    const from = (page - 1) * CASES_PAGE_SIZE + 1;
    return reply.view('dashboard-cases.njk', {
      title: heading,
      nav: 'dashboard',
      council,
      heading,
      directorate: scope.directorate,
      today: formatDate(scope.today),
      count: found.total,
      countText: `${found.total.toLocaleString('en-GB')} ${unit[found.total === 1 ? 0 : 1]}`,
      inTime: found.inTime,
      narrower: found.total < figure ? `You can see ${found.total.toLocaleString('en-GB')} of the ${figure.toLocaleString('en-GB')} ${unit[1]} behind this figure: the others are outside the directorates you work in, or restricted.` : null,
      showing: pages > 1 ? `Showing ${from.toLocaleString('en-GB')} to ${(from + found.cases.length - 1).toLocaleString('en-GB')} of ${found.total.toLocaleString('en-GB')}.` : null,
      pagination: pagination(page, pages, (p) => `/dashboard/cases?${queryString({ directorate: scope.directorate, measure, month, page: String(p) })}`),
      backHref,
      table: { caption: heading, captionClasses: 'govuk-visually-hidden', firstCellIsHeader: true, head, rows },
    });
  });
};
