import type { Queryable } from '../../db/database.ts';

/**
 * The service leads' dashboard: what is open, due soon and overdue now, how many answers were
 * on time this reporting year, and complaints received month by month. Each figure is one
 * set-based query over the case tables, and the list behind it uses the same conditions
 * (the same SQL fragments), so a figure and its list can never disagree.
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
 * $1 council, $2 directorate (null = all), $3 today. Every query starts from these CTEs:
 *   day      today's working-day number and the due-soon horizon, from the council's calendar
 *   scope    the council's complaints, with their directorate through org_unit_path
 *   stages   their stages, with what state each is in
 */
const BASE = `
WITH council_day AS (
  SELECT k.id AS council_id, k.reporting_year_starts AS starts,
         CASE k.nation WHEN 'scotland' THEN 'scotland' WHEN 'northern_ireland' THEN 'northern-ireland' ELSE 'england-and-wales' END AS division
    FROM council k WHERE k.id = $1::bigint
), day AS (
  SELECT cd.*, t.working_day_number AS today_number, reporting_year($3::date, cd.starts) AS reporting_year,
         (SELECT min(f.day) FROM calendar_day f
           WHERE f.division = cd.division AND f.is_working_day AND f.working_day_number = t.working_day_number + ${DUE_SOON_WORKING_DAYS}) AS due_by
    FROM council_day cd
    LEFT JOIN calendar_day t ON t.division = cd.division AND t.day = $3::date
), scope AS (
  SELECT c.council_id, c.id AS contact_id, c.reference, c.received_on, c.procedure_code AS procedure, op.directorate
    FROM contact c
    JOIN complaint p ON p.council_id = c.council_id AND p.contact_id = c.id
    LEFT JOIN org_unit_path op ON op.council_id = c.council_id AND op.id = c.org_unit_id
   WHERE c.council_id = $1::bigint AND c.kind = 'complaint' AND c.route IN ('formal', 'urgent') AND c.duplicate_of_id IS NULL
     AND ($2::text IS NULL OR op.directorate = $2::text)
), stages AS (
  SELECT s.*, x.stage, x.requested_on, x.opened_on, x.responded_on, x.outcome,
         coalesce(x.extended_to, x.due_on) AS due_on,
         x.opened_on IS NOT NULL AND x.responded_on IS NULL AND x.outcome IS NULL AS is_open,
         x.opened_on IS NULL AND x.requested_on IS NOT NULL AND x.decision IS NULL AS awaiting_decision,
         x.responded_on IS NOT NULL AND x.outcome IS DISTINCT FROM 'withdrawn'
           AND reporting_year(x.responded_on, day.starts) = day.reporting_year AS answered_this_year,
         x.responded_on <= coalesce(x.extended_to, x.due_on) AS within_timescale,
         day.due_by, day.today_number, day.division
    FROM scope s
    JOIN complaint_stage x ON x.council_id = s.council_id AND x.contact_id = s.contact_id
    CROSS JOIN day
)`;

/** Which stage rows each measure lists (figures count distinct complaints for the first three). */
const CONDITIONS: Record<Exclude<DashboardMeasure, 'received'>, string> = {
  open: 'is_open OR awaiting_decision',
  due_soon: 'is_open AND due_on >= $3::date AND due_on <= due_by',
  overdue: 'is_open AND $3::date > due_on',
  answered: 'answered_this_year',
};

/** The first day of each of the 12 months ending with today's. */
const MONTHS = `SELECT generate_series(date_trunc('month', $3::date) - interval '11 months', date_trunc('month', $3::date), interval '1 month')::date AS month`;

export async function dashboardFigures(db: Queryable, scope: DashboardScope): Promise<DashboardFigures> {
  const values = [scope.councilId, scope.directorate, scope.today];
  const { rows: [f] } = await db.query<{ open: number; due_soon: number; overdue: number; answered: number; in_time: number; reporting_year: string; due_by: string | null }>(
    `${BASE}
     SELECT count(DISTINCT contact_id) FILTER (WHERE ${CONDITIONS.open})::int AS open,
            count(DISTINCT contact_id) FILTER (WHERE ${CONDITIONS.due_soon})::int AS due_soon,
            count(DISTINCT contact_id) FILTER (WHERE ${CONDITIONS.overdue})::int AS overdue,
            count(*) FILTER (WHERE ${CONDITIONS.answered})::int AS answered,
            count(*) FILTER (WHERE ${CONDITIONS.answered} AND within_timescale)::int AS in_time,
            (SELECT reporting_year FROM day) AS reporting_year,
            (SELECT due_by::text FROM day) AS due_by
       FROM stages`,
    values,
  );
  const { rows: months } = await db.query<{ month: string; received: number }>(
    `${BASE}, months AS (${MONTHS})
     SELECT to_char(m.month, 'YYYY-MM') AS month, count(s.contact_id)::int AS received
       FROM months m
       LEFT JOIN scope s ON s.received_on >= m.month AND s.received_on < (m.month + interval '1 month')::date
      GROUP BY m.month ORDER BY m.month`,
    values,
  );
  return {
    open: f!.open,
    dueSoon: f!.due_soon,
    overdue: f!.overdue,
    answered: f!.answered,
    answeredInTime: f!.in_time,
    percentInTime: f!.answered > 0 ? (100 * f!.in_time) / f!.answered : null,
    reportingYear: f!.reporting_year,
    dueBy: f!.due_by,
    months,
  };
}

/**
 * The cases behind one figure. For open, due soon and overdue, one row per complaint (its
 * open stage with the earliest due date); for answered, one row per stage response; for
 * received, the complaints received in `month` (YYYY-MM, one of the last 12).
 */
export async function dashboardCases(db: Queryable, scope: DashboardScope, measure: DashboardMeasure, month?: string): Promise<DashboardCase[]> {
  const values: unknown[] = [scope.councilId, scope.directorate, scope.today];
  if (measure === 'received') {
    values.push(`${month}-01`);
    const { rows } = await db.query<DashboardCase>(
      `${BASE}
       SELECT reference, received_on::text AS received_on, directorate, procedure,
              NULL::int AS stage, NULL::text AS opened_on, NULL::text AS requested_on, NULL::text AS due_on, NULL::text AS responded_on,
              NULL::int AS working_days_left, NULL::boolean AS within_timescale
         FROM scope
        WHERE received_on >= $4::date AND received_on < ($4::date + interval '1 month')::date
          AND $4::date IN (SELECT month FROM (${MONTHS}) m)
        ORDER BY received_on, reference`,
      values,
    );
    return rows;
  }
  const select = `SELECT reference, received_on::text AS received_on, directorate, procedure, stage,
                         opened_on::text AS opened_on, requested_on::text AS requested_on, due_on::text AS due_on, responded_on::text AS responded_on,
                         (SELECT d.working_day_number - today_number FROM calendar_day d WHERE d.division = stages.division AND d.day = due_on)::int AS working_days_left,
                         within_timescale`;
  if (measure === 'answered') {
    const { rows } = await db.query<DashboardCase>(
      `${BASE} ${select} FROM stages WHERE ${CONDITIONS.answered} ORDER BY responded_on, reference, stage`,
      values,
    );
    return rows;
  }
  const { rows } = await db.query<DashboardCase>(
    `${BASE}
     SELECT * FROM (
       SELECT DISTINCT ON (contact_id) ${select.replace(/^SELECT /, '')}, contact_id
         FROM stages WHERE ${CONDITIONS[measure]}
        ORDER BY contact_id, due_on NULLS LAST, stage
     ) one ORDER BY due_on NULLS LAST, reference`,
    values,
  );
  return rows.map(({ contact_id: _, ...row }: DashboardCase & { contact_id?: number }) => row);
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
