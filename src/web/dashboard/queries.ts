import type { Queryable } from '../../db/database.ts';
import { scopeFilter, type Scope } from '../../domain/access/scope.ts';

/**
 * The service leads' dashboard: what is open, due soon and overdue now, how many answers were
 * on time this reporting year, and complaints received month by month. Each figure is one
 * set-based query over the case tables, and the list behind it uses the same conditions
 * (the same SQL fragments), so a figure and its list can never disagree.
 *
 * Each figure reads only what it is about, so a view costs what the open work costs however
 * many years of history lie behind it: open, due soon and overdue from the open-work partial
 * indexes (migration 018: open stages, escalation requests awaiting a decision), answers from
 * this reporting year's responses, and received from the last 12 months of contacts
 * (contact_received_id). The figures are the council's; the lists behind them are only the
 * cases in the person's scope (scopeFilter), a page at a time.
 *
 * Complaints are contacts made as complaints and routed formal or urgent (duplicates once),
 * as the annual report counts them. A stage is open when it was opened and has neither a
 * response nor an outcome; a complaint is open when a stage is open or an escalation request
 * awaits its decision. Due dates are the agreed extension, else the original deadline.
 */

export type DashboardMeasure = 'open' | 'due_soon' | 'overdue' | 'answered' | 'received';
export const DASHBOARD_MEASURES: DashboardMeasure[] = ['open', 'due_soon', 'overdue', 'answered', 'received'];

/** Working days ahead that count as "due soon" (today included). */
export const DUE_SOON_WORKING_DAYS = 5;

export interface DashboardScope {
  councilId: number;
  /** A directorate's name; null = the whole council. */
  directorate: string | null;
  /** Today in Europe/London, YYYY-MM-DD. */
  today: string;
}

export interface DashboardFigures {
  open: number;
  dueSoon: number;
  overdue: number;
  /** Stage responses sent this reporting year (withdrawn stages left out), and how many by their due date. */
  answered: number;
  answeredInTime: number;
  /** null when nothing was answered. */
  percentInTime: number | null;
  reportingYear: string;
  /** The last day that counts as due soon: the 5th working day after today. */
  dueBy: string | null;
  /** The last 12 months, oldest first: 'YYYY-MM'. */
  months: { month: string; received: number }[];
}

export interface DashboardCase {
  reference: string;
  received_on: string;
  directorate: string | null;
  procedure: string | null;
  stage: number | null;
  opened_on: string | null;
  requested_on: string | null;
  due_on: string | null;
  responded_on: string | null;
  /** Working days from today to the due date: 0 = due today, negative = that many past it. */
  working_days_left: number | null;
  within_timescale: boolean | null;
}

/*
 * $1 council, $2 directorate (null = all), $3 today.
 *   day        today's working-day number, the due-soon horizon and this reporting year's first
 *              and last days, from the council's calendar
 *   complaint  the condition a contact must meet to count (on `c`), directorate included
 *   work       open stages and escalation requests awaiting a decision: the partial indexes
 *   answered   stage responses sent this reporting year
 */
const DAY = `
council_day AS (
  SELECT k.id AS council_id, k.reporting_year_starts AS starts,
         CASE k.nation WHEN 'scotland' THEN 'scotland' WHEN 'northern_ireland' THEN 'northern-ireland' ELSE 'england-and-wales' END AS division
    FROM council k WHERE k.id = $1::bigint
), day AS (
  SELECT cd.*, t.working_day_number AS today_number, reporting_year($3::date, cd.starts) AS reporting_year,
         make_date(left(reporting_year($3::date, cd.starts), 4)::int, substr(cd.starts, 1, 2)::int, substr(cd.starts, 4, 2)::int) AS year_from,
         (SELECT min(f.day) FROM calendar_day f
           WHERE f.division = cd.division AND f.is_working_day AND f.working_day_number = t.working_day_number + ${DUE_SOON_WORKING_DAYS}) AS due_by
    FROM council_day cd
    LEFT JOIN calendar_day t ON t.division = cd.division AND t.day = $3::date
)`;

const COMPLAINT = `c.kind = 'complaint' AND c.route IN ('formal', 'urgent') AND c.duplicate_of_id IS NULL
  AND EXISTS (SELECT 1 FROM complaint p WHERE p.council_id = c.council_id AND p.contact_id = c.id)
  AND ($2::text IS NULL OR EXISTS (SELECT 1 FROM org_unit_path op WHERE op.council_id = c.council_id AND op.id = c.org_unit_id AND op.directorate = $2::text))`;

const STAGE_COLUMNS = `x.contact_id, x.stage, x.requested_on, x.opened_on, x.responded_on, coalesce(x.extended_to, x.due_on) AS due_on`;

/** Open stages (is_open) and escalation requests awaiting a decision: each from its partial index. */
const WORK = `
work AS (
  SELECT ${STAGE_COLUMNS}, true AS is_open
    FROM complaint_stage x
   WHERE x.council_id = $1::bigint AND x.opened_on IS NOT NULL AND x.responded_on IS NULL AND x.outcome IS NULL
  UNION ALL
  SELECT ${STAGE_COLUMNS}, false AS is_open
    FROM complaint_stage x
   WHERE x.council_id = $1::bigint AND x.requested_on IS NOT NULL AND x.decision IS NULL AND x.opened_on IS NULL
)`;

/** Stage responses sent this reporting year, withdrawn stages left out. */
const ANSWERED = `
answered AS (
  SELECT ${STAGE_COLUMNS}, x.responded_on <= coalesce(x.extended_to, x.due_on) AS within_timescale
    FROM complaint_stage x CROSS JOIN day
   WHERE x.council_id = $1::bigint AND x.responded_on >= day.year_from AND x.responded_on < (day.year_from + interval '1 year')::date
     AND x.outcome IS DISTINCT FROM 'withdrawn'
)`;

/** Which work rows each measure lists (figures count distinct complaints for the first three). */
const CONDITIONS: Record<'open' | 'due_soon' | 'overdue', string> = {
  open: 'true',
  due_soon: 'w.is_open AND w.due_on >= $3::date AND w.due_on <= day.due_by',
  overdue: 'w.is_open AND $3::date > w.due_on',
};

/** The first day of each of the 12 months ending with today's. */
const MONTHS = `SELECT generate_series(date_trunc('month', $3::date) - interval '11 months', date_trunc('month', $3::date), interval '1 month')::date AS month`;

export async function dashboardFigures(db: Queryable, scope: DashboardScope): Promise<DashboardFigures> {
  const values = [scope.councilId, scope.directorate, scope.today];
  const { rows: [f] } = await db.query<{ open: number; due_soon: number; overdue: number; reporting_year: string; due_by: string | null }>(
    `WITH ${DAY}, ${WORK}
     SELECT count(DISTINCT w.contact_id)::int AS open,
            count(DISTINCT w.contact_id) FILTER (WHERE ${CONDITIONS.due_soon})::int AS due_soon,
            count(DISTINCT w.contact_id) FILTER (WHERE ${CONDITIONS.overdue})::int AS overdue,
            (SELECT reporting_year FROM day) AS reporting_year,
            (SELECT due_by::text FROM day) AS due_by
       FROM day LEFT JOIN (work w JOIN contact c ON c.council_id = $1::bigint AND c.id = w.contact_id AND ${COMPLAINT}) ON true`,
    values,
  );
  const { rows: [a] } = await db.query<{ answered: number; in_time: number }>(
    `WITH ${DAY}, ${ANSWERED}
     SELECT count(*)::int AS answered, count(*) FILTER (WHERE a.within_timescale)::int AS in_time
       FROM answered a JOIN contact c ON c.council_id = $1::bigint AND c.id = a.contact_id AND ${COMPLAINT}`,
    values,
  );
  const { rows: months } = await db.query<{ month: string; received: number }>(
    `WITH months AS (${MONTHS}),
     received AS (
       SELECT date_trunc('month', c.received_on)::date AS month, count(*)::int AS n
         FROM contact c
        WHERE c.council_id = $1::bigint AND c.received_on >= (SELECT min(month) FROM months) AND c.received_on <= $3::date AND ${COMPLAINT}
        GROUP BY 1
     )
     SELECT to_char(m.month, 'YYYY-MM') AS month, coalesce(r.n, 0)::int AS received
       FROM months m LEFT JOIN received r ON r.month = m.month
      ORDER BY m.month`,
    values,
  );
  return {
    open: f!.open,
    dueSoon: f!.due_soon,
    overdue: f!.overdue,
    answered: a!.answered,
    answeredInTime: a!.in_time,
    percentInTime: a!.answered > 0 ? (100 * a!.in_time) / a!.answered : null,
    reportingYear: f!.reporting_year,
    dueBy: f!.due_by,
    months,
  };
}

/** One page of the cases behind a figure, those in scope, and how many there are in scope. */
export interface DashboardCasePage {
  cases: DashboardCase[];
  /** How many in the person's scope (all pages). */
  total: number;
  /** For answered: how many of them (all pages) were within the timescale. */
  inTime: number | null;
}

/**
 * The cases behind one figure that `staffScope` may see, `pageSize` from `offset`. For open,
 * due soon and overdue, one row per complaint (its open stage with the earliest due date); for
 * answered, one row per stage response; for received, the complaints received in `month`
 * (YYYY-MM, one of the last 12).
 */
export async function dashboardCases(
  db: Queryable, scope: DashboardScope, staffScope: Scope, measure: DashboardMeasure, page: { offset: number; size: number }, month?: string,
): Promise<DashboardCasePage> {
  const values: unknown[] = [scope.councilId, scope.directorate, scope.today];
  const inScope = scopeFilter(staffScope, 'c', values);
  values.push(page.size, page.offset);
  const [limit, offset] = [`$${values.length - 1}`, `$${values.length}`];
  const caseColumns = `c.reference, c.received_on::text AS received_on, (SELECT op.directorate FROM org_unit_path op WHERE op.council_id = c.council_id AND op.id = c.org_unit_id) AS directorate, c.procedure_code AS procedure`;
  const stageColumns = `s.stage, s.opened_on::text AS opened_on, s.requested_on::text AS requested_on, s.due_on::text AS due_on, s.responded_on::text AS responded_on,
    (SELECT d.working_day_number - day.today_number FROM calendar_day d WHERE d.division = day.division AND d.day = s.due_on)::int AS working_days_left`;
  let text: string;
  if (measure === 'received') {
    values.push(`${month}-01`);
    const m = `$${values.length}`;
    text = `WITH months AS (${MONTHS})
      SELECT ${caseColumns}, NULL::int AS stage, NULL::text AS opened_on, NULL::text AS requested_on, NULL::text AS due_on, NULL::text AS responded_on,
             NULL::int AS working_days_left, NULL::boolean AS within_timescale, count(*) OVER ()::int AS total
        FROM contact c
       WHERE c.council_id = $1::bigint AND c.received_on >= ${m}::date AND c.received_on < (${m}::date + interval '1 month')::date
         AND ${m}::date IN (SELECT month FROM months) AND ${COMPLAINT} AND ${inScope}
       ORDER BY c.received_on, c.reference LIMIT ${limit} OFFSET ${offset}`;
  } else if (measure === 'answered') {
    text = `WITH ${DAY}, ${ANSWERED}
      SELECT ${caseColumns}, ${stageColumns}, s.within_timescale, count(*) OVER ()::int AS total,
             (count(*) FILTER (WHERE s.within_timescale) OVER ())::int AS in_time
        FROM answered s CROSS JOIN day JOIN contact c ON c.council_id = $1::bigint AND c.id = s.contact_id
       WHERE ${COMPLAINT} AND ${inScope}
       ORDER BY s.responded_on, c.reference, s.stage LIMIT ${limit} OFFSET ${offset}`;
  } else {
    text = `WITH ${DAY}, ${WORK},
      one AS (
        SELECT DISTINCT ON (w.contact_id) w.* FROM work w CROSS JOIN day
         WHERE ${CONDITIONS[measure]}
         ORDER BY w.contact_id, w.due_on NULLS LAST, w.stage
      )
      SELECT ${caseColumns}, ${stageColumns}, s.responded_on <= s.due_on AS within_timescale, count(*) OVER ()::int AS total
        FROM one s CROSS JOIN day JOIN contact c ON c.council_id = $1::bigint AND c.id = s.contact_id
       WHERE ${COMPLAINT} AND ${inScope}
       ORDER BY s.due_on NULLS LAST, c.reference LIMIT ${limit} OFFSET ${offset}`;
  }
  const { rows } = await db.query<DashboardCase & { total: number; in_time?: number }>(text, values);
  if (rows.length === 0 && page.offset > 0) {
    // Past the last page: how many there are, for the page to say so.
    const first = await dashboardCases(db, scope, staffScope, measure, { offset: 0, size: 1 }, month);
    return { cases: [], total: first.total, inTime: first.inTime };
  }
  const inTime = measure === 'answered' ? rows[0]?.in_time ?? 0 : null;
  return { cases: rows.map(({ total: _, in_time: __, ...c }) => c), total: rows[0]?.total ?? 0, inTime };
}

/** The council's directorates, for the dashboard's choice (current names, alphabetical). */
export async function directorateNames(db: Queryable, councilId: number, today: string): Promise<string[]> {
  const { rows } = await db.query<{ name: string }>(
    `SELECT DISTINCT name FROM org_unit
      WHERE council_id = $1 AND kind = 'directorate' AND valid_from <= $2::date AND (valid_to IS NULL OR valid_to >= $2::date)
      ORDER BY name`,
    [councilId, today],
  );
  return rows.map((r) => r.name);
}

/**
 * What changes when anything the dashboard counts changes: the council's latest case event
 * (every change to a case writes one) and latest import run. A cached figure is good while
 * this is the same (src/web/dashboard/cache.ts).
 */
export async function changeStamp(db: Queryable, councilId: number): Promise<string> {
  const { rows: [r] } = await db.query<{ event: string | null; run: string | null }>(
    `SELECT (SELECT max(id) FROM case_event WHERE council_id = $1)::text AS event,
            (SELECT max(id) FROM import_run WHERE council_id = $1)::text AS run`,
    [councilId],
  );
  return `${r!.event ?? '-'}:${r!.run ?? '-'}`;
}
