import type { Queryable } from '../db/database.ts';
import { divisionOf, type Nation } from '../domain/calendar/bankHolidays.ts';

/**
 * Report figures as set-based SQL. Conventions (docs/formats/case-history-csv.md):
 * - a complaint is a contact of kind complaint routed formal or urgent;
 * - its reporting year is that of its received date;
 * - its outcome is the outcome of the latest stage it reached; with none and no response
 *   it is "ongoing";
 * - a stage's response time is the working days elapsed from opened to responded
 *   (A < d <= B); withdrawn and unanswered stages are not banded.
 */

/** Rows → columns → count, the shape of every table in the annual report. */
export type FigureTable = Record<string, Record<string, number>>;

export interface FigureScope {
  councilId: number;
  procedure: string;
  years: string[];
}

interface CouncilCalendar {
  startsOn: string;
  division: string;
}

async function councilCalendar(db: Queryable, councilId: number): Promise<CouncilCalendar> {
  const { rows } = await db.query<{ nation: Nation; reporting_year_starts: string }>(
    'SELECT nation, reporting_year_starts FROM council WHERE id = $1',
    [councilId],
  );
  if (!rows[0]) throw new Error(`There is no council ${councilId}`);
  return { startsOn: rows[0].reporting_year_starts, division: divisionOf(rows[0].nation) };
}

function table(rows: { row: string; col: string; n: number }[]): FigureTable {
  const out: FigureTable = {};
  for (const r of rows) (out[r.row] ??= {})[r.col] = r.n;
  return out;
}

// Only contacts routed formal or urgent count as complaints in statistics; a duplicate
// merged into another contact is counted once, as that contact.
const COMPLAINTS = `
  contact c
  JOIN complaint k ON k.council_id = c.council_id AND k.contact_id = c.id AND c.route IN ('formal', 'urgent') AND c.duplicate_of_id IS NULL`;

/** Complaints received, by organisation level (directorate, service or team) and year. */
export async function complaintsByUnit(db: Queryable, scope: FigureScope, level: 'directorate' | 'service' | 'team'): Promise<FigureTable> {
  const cal = await councilCalendar(db, scope.councilId);
  const { rows } = await db.query<{ row: string; col: string; n: number }>(
    `SELECT coalesce(u.name, 'Not recorded') AS row, reporting_year(c.received_on, $4) AS col, count(*)::int AS n
       FROM ${COMPLAINTS}
       LEFT JOIN org_unit_ancestry a ON a.council_id = c.council_id AND a.id = c.org_unit_id
       LEFT JOIN org_unit u ON u.council_id = c.council_id AND u.id = a.${level}_id
      WHERE c.council_id = $1 AND c.procedure_code = $2 AND reporting_year(c.received_on, $4) = ANY($3::text[])
      GROUP BY 1, 2`,
    [scope.councilId, scope.procedure, scope.years, cal.startsOn],
  );
  return table(rows);
}

/** Final outcome of each complaint (its latest stage), by year; "ongoing" where not yet answered. */
export async function outcomeTotals(db: Queryable, scope: FigureScope): Promise<FigureTable> {
  const cal = await councilCalendar(db, scope.councilId);
  const { rows } = await db.query<{ row: string; col: string; n: number }>(
    `SELECT coalesce(s.outcome, CASE WHEN s.responded_on IS NULL THEN 'ongoing' ELSE 'not_known' END) AS row,
            reporting_year(c.received_on, $4) AS col, count(*)::int AS n
       FROM ${COMPLAINTS}
       JOIN LATERAL (SELECT outcome, responded_on FROM complaint_stage s
                      WHERE s.council_id = c.council_id AND s.contact_id = c.id AND s.decision IS DISTINCT FROM 'refused'
                      ORDER BY s.stage DESC LIMIT 1) s ON true
      WHERE c.council_id = $1 AND c.procedure_code = $2 AND reporting_year(c.received_on, $4) = ANY($3::text[])
      GROUP BY 1, 2`,
    [scope.councilId, scope.procedure, scope.years, cal.startsOn],
  );
  return table(rows);
}

/**
 * Stages answered, by band of working days taken, by year. `cuts` are the upper bounds of
 * each band but the last: [10, 20] gives 0-10, 11-20, over 20. Unanswered stages that are
 * not withdrawn are counted as "ongoing".
 */
export async function responseBands(db: Queryable, scope: FigureScope, stage: number, cuts: number[]): Promise<FigureTable> {
  const cal = await councilCalendar(db, scope.councilId);
  const labels = cuts.map((cut, i) => `${i === 0 ? 0 : cuts[i - 1]! + 1}-${cut}`);
  labels.push(`over ${cuts[cuts.length - 1]}`);
  const { rows } = await db.query<{ band: number | null; col: string; n: number }>(
    `SELECT CASE WHEN s.responded_on IS NULL THEN NULL ELSE width_bucket(e.working_day_number - o.working_day_number, $6::int[]) END AS band,
            reporting_year(c.received_on, $4) AS col, count(*)::int AS n
       FROM ${COMPLAINTS}
       JOIN complaint_stage s ON s.council_id = c.council_id AND s.contact_id = c.id AND s.stage = $7
       JOIN calendar_day o ON o.division = $5 AND o.day = s.opened_on
       LEFT JOIN calendar_day e ON e.division = $5 AND e.day = s.responded_on
      WHERE c.council_id = $1 AND c.procedure_code = $2 AND reporting_year(c.received_on, $4) = ANY($3::text[])
        AND s.outcome IS DISTINCT FROM 'withdrawn' AND s.decision IS DISTINCT FROM 'refused'
      GROUP BY 1, 2`,
    // width_bucket counts values >= each bound; bands are "up to and including" the cut.
    [scope.councilId, scope.procedure, scope.years, cal.startsOn, cal.division, cuts.map((c) => c + 1), stage],
  );
  return table(rows.map((r) => ({ row: r.band === null ? 'ongoing' : labels[r.band]!, col: r.col, n: r.n })));
}

/** Mean working days from opened to responded for answered stages, by year (unrounded). */
export async function averageWorkingDays(db: Queryable, scope: FigureScope, stage: number): Promise<Record<string, number>> {
  const cal = await councilCalendar(db, scope.councilId);
  const { rows } = await db.query<{ col: string; mean: number }>(
    `SELECT reporting_year(c.received_on, $4) AS col, avg(e.working_day_number - o.working_day_number)::float8 AS mean
       FROM ${COMPLAINTS}
       JOIN complaint_stage s ON s.council_id = c.council_id AND s.contact_id = c.id AND s.stage = $6
       JOIN calendar_day o ON o.division = $5 AND o.day = s.opened_on
       JOIN calendar_day e ON e.division = $5 AND e.day = s.responded_on
      WHERE c.council_id = $1 AND c.procedure_code = $2 AND reporting_year(c.received_on, $4) = ANY($3::text[])
        AND s.outcome IS DISTINCT FROM 'withdrawn'
      GROUP BY 1`,
    [scope.councilId, scope.procedure, scope.years, cal.startsOn, cal.division, stage],
  );
  return Object.fromEntries(rows.map((r) => [r.col, r.mean]));
}
