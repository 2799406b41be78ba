import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Services } from '../app.ts';
import { findCouncil, listCouncils, type Council } from '../../councils/councilRepository.ts';
import { londonDate } from '../../domain/dates.ts';
import { chartSvg } from '../../reports/render/charts.ts';
import { chartForPage, REPORT_CSS } from '../../reports/render/html.ts';
import { labelOf, type ReportTable } from '../../reports/shape.ts';
import {
  dashboardCases, dashboardFigures, directorateNames, DASHBOARD_MEASURES, DUE_SOON_WORKING_DAYS,
  type DashboardCase, type DashboardFigures, type DashboardMeasure, type DashboardScope,
} from '../dashboard/queries.ts';
import { one, queryString, type Problem, type Query } from '../reportQuery.ts';
import { formatDate } from './reports.ts';

/**
 * The service leads' dashboard: the council's (or one directorate's) open complaints, what
 * is due in the next five working days and overdue, answers on time this reporting year,
 * and complaints received month by month. Every figure opens the cases behind it.
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

export const dashboardRoutes = (services: Services) => async (app: FastifyInstance) => {
  const today = () => londonDate(services.clock.now());

  /** The council and directorate asked for, or what is wrong with them. */
  async function scopeOf(query: Query): Promise<{ council: Council | null; directorates: string[]; scope: DashboardScope | null; problems: Problem[] }> {
    const problems: Problem[] = [];
    const slug = one(query.council);
    let council: Council | null = null;
    if (slug) {
      council = await findCouncil(services.db.pool, slug);
      if (!council) problems.push({ field: 'council', text: `There is no council “${slug}”` });
    } else {
      council = (await listCouncils(services.db.pool))[0] ?? null;
    }
    const directorates = council ? await directorateNames(services.db.pool, council.id, today()) : [];
    const directorate = one(query.directorate) || null;
    if (council && directorate && !directorates.includes(directorate)) problems.push({ field: 'directorate', text: `${council.name} has no directorate “${directorate}”` });
    const scope = council && problems.length === 0 ? { councilId: council.id, directorate, today: today() } : null;
    return { council, directorates, scope, problems };
  }

  function problemPage(reply: FastifyReply, council: Council | null, problems: Problem[]) {
    return reply.code(400).view('problem.njk', {
      title: 'Error: Dashboard', nav: 'dashboard', council, heading: 'Dashboard',
      errors: problems.map((p) => ({ text: p.text })), problems, back: { href: '/dashboard', text: 'Go to the dashboard' },
    });
  }

  app.get<{ Querystring: Query }>('/dashboard', async (request, reply) => {
    const { council, directorates, scope, problems } = await scopeOf(request.query);
    if (problems.length > 0) return problemPage(reply, council, problems);
    const context: Record<string, unknown> = { title: 'Dashboard', nav: 'dashboard', council, reportCss: REPORT_CSS };
    if (council && scope) {
      const figures = await dashboardFigures(services.db.pool, scope);
      const base = { council: council.slug, directorate: scope.directorate };
      const casesHref = (measure: DashboardMeasure, month?: string) => `/dashboard/cases?${queryString({ ...base, measure, month })}`;
      const months = monthsTable(figures);
      Object.assign(context, {
        today: formatDate(scope.today),
        directorate: scope.directorate,
        directorateItems: [{ value: '', text: 'All directorates' }, ...directorates.map((d) => ({ value: d, text: d, selected: d === scope.directorate }))],
        councils: (await listCouncils(services.db.pool)).map((c) => ({ value: c.slug, text: c.name, selected: c.id === council.id })),
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
        monthsChart: chartForPage(chartSvg(months)),
        monthsTable: {
          caption: months.title,
          firstCellIsHeader: true,
          head: [{ text: 'Month' }, { text: 'Complaints received', format: 'numeric' }],
          rows: figures.months.map((m) => [
            { text: monthName(m.month) },
            { html: `<a class="govuk-link" href="${casesHref('received', m.month).replace(/&/g, '&amp;')}">${m.received}<span class="govuk-visually-hidden"> complaints received in ${monthName(m.month)}</span></a>`, format: 'numeric' },
          ]),
        },
      });
    }
    return reply.view('dashboard.njk', context);
  });

  app.get<{ Querystring: Query }>('/dashboard/cases', async (request, reply) => {
    const { council, scope, problems } = await scopeOf(request.query);
    const measure = one(request.query.measure) as DashboardMeasure | undefined;
    if (!measure || !DASHBOARD_MEASURES.includes(measure)) {
      problems.push({ field: 'measure', text: `Say which figure: ${DASHBOARD_MEASURES.join(', ')}${measure ? `, not “${measure}”` : ''}` });
    }
    const month = one(request.query.month);
    if (measure === 'received' && (!month || !/^\d{4}-(0[1-9]|1[0-2])$/.test(month))) {
      problems.push({ field: 'month', text: `Say which month, written like 2024-03${month ? `, not “${month}”` : ''}` });
    }
    if (problems.length > 0 || !scope || !council) return problemPage(reply, council, problems);
    const cases = await dashboardCases(services.db.pool, scope, measure!, month);
    const backHref = `/dashboard?${queryString({ council: council.slug, directorate: scope.directorate })}`;
    const heading = measure === 'received' ? `${TITLES.received} in ${monthName(month!)}` : TITLES[measure!];
    const head = [
      { text: 'Reference' }, { text: 'Received' }, { text: 'Directorate' }, { text: 'Procedure' },
      ...(measure === 'received' ? [] : [{ text: 'Stage', format: 'numeric' }, { text: 'Opened' }, { text: 'Due' }]),
      ...(measure === 'answered' ? [{ text: 'Responded' }, { text: 'Within timescale' }] : []),
      ...(measure === 'open' || measure === 'due_soon' || measure === 'overdue' ? [{ text: 'When due' }] : []),
    ];
    const date = (d: string | null) => ({ text: d ? formatDate(d) : '–' });
    const rows = cases.map((c) => [
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
    return reply.view('dashboard-cases.njk', {
      title: heading,
      nav: 'dashboard',
      council,
      heading,
      directorate: scope.directorate,
      today: formatDate(scope.today),
      count: cases.length,
      countText: `${cases.length.toLocaleString('en-GB')} ${unit[cases.length === 1 ? 0 : 1]}`,
      inTime: measure === 'answered' ? cases.filter((c) => c.within_timescale).length : null,
      backHref,
      table: { caption: heading, captionClasses: 'govuk-visually-hidden', firstCellIsHeader: true, head, rows },
    });
  });
};
