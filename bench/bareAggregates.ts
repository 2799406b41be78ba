import type pg from 'pg';

/**
 * Every figure of the default annual report, written by hand against the base tables as a
 * DBA would: one pass over each population, its tables' groupings as GROUPING SETS, ids
 * grouped and names joined onto the groups. This is the floor the report engine is measured
 * against, so it computes the same figures the report does (compareWithReport checks the
 * totals): the split by procedure, unanswered stages (ongoing), requests refused or awaiting
 * a decision, complaints accepted straight at stage 2, outcome at the first stage beside the
 * final one, extensions (and those beyond the Code), reporting periods, bands and averages,
 * compliments and comments by unit,
 * Ombudsman cases by the year received and the year decided, remedies and learning actions.
 * They run in one transaction with the report's own setting (work_mem 64MB), and the year of
 * each row is the same reporting_year() the report's views use.
 *
 * :council, the comparison years' dates [:from, :to), the report year's [:year_from, :to), :today.
 */

/** The complaints of the report: formal or urgent, duplicates once. */
const COMPLAINTS = `c.council_id = :council AND c.received_on >= :from::date AND c.received_on < :to::date
     AND c.kind = 'complaint' AND c.route IN ('formal', 'urgent') AND c.duplicate_of_id IS NULL`;

export const BARE_AGGREGATES: Record<string, string> = {
  // Complaints by procedure and year: by unit and outcome (by unit; outcomes; outcomes by unit),
  // types and highest stage (of those not withdrawn), channel, who complained.
  complaints: `
    WITH k AS (
      SELECT c.procedure_code AS procedure, reporting_year(c.received_on, '04-01') AS year, c.org_unit_id, c.category_id,
             c.channel, c.complainant_group, c.route,
             -- Accepted straight at stage 2: a line of its own beside the routes of contacts.
             NOT EXISTS (SELECT 1 FROM complaint_stage s WHERE s.council_id = c.council_id AND s.contact_id = c.id AND s.stage = 1)
               AND EXISTS (SELECT 1 FROM complaint_stage s WHERE s.council_id = c.council_id AND s.contact_id = c.id AND s.stage > 1) AS started_later,
             coalesce(l.outcome, CASE WHEN l.responded_on IS NULL THEN 'ongoing' ELSE 'not_known' END) AS outcome,
             coalesce(l.outcome = 'withdrawn', false) AS withdrawn, coalesce(l.stage, 1) AS highest_stage,
             coalesce(f.outcome, CASE WHEN f.responded_on IS NULL THEN 'ongoing' ELSE 'not_known' END) AS first_outcome
        FROM contact c
        JOIN complaint p ON p.council_id = c.council_id AND p.contact_id = c.id
        LEFT JOIN LATERAL (SELECT x.stage, x.outcome, x.responded_on FROM complaint_stage x
                            WHERE x.council_id = c.council_id AND x.contact_id = c.id AND x.decision IS DISTINCT FROM 'refused'
                            ORDER BY x.stage DESC LIMIT 1) l ON true
        LEFT JOIN LATERAL (SELECT x.stage, x.outcome, x.responded_on FROM complaint_stage x
                            WHERE x.council_id = c.council_id AND x.contact_id = c.id AND x.decision IS DISTINCT FROM 'refused'
                            ORDER BY x.stage LIMIT 1) f ON true
       WHERE ${COMPLAINTS})
    SELECT g.*, op.directorate, cat.name AS category
      FROM (SELECT CASE WHEN GROUPING(org_unit_id) = 0 THEN 'unit' WHEN GROUPING(category_id) = 0 THEN 'category'
                        WHEN GROUPING(highest_stage) = 0 THEN 'highest_stage' WHEN GROUPING(channel) = 0 THEN 'channel'
                        WHEN GROUPING(first_outcome) = 0 THEN 'first_outcome' WHEN GROUPING(started_later) = 0 THEN 'route' ELSE 'complainant_group' END AS grouped_by,
                   procedure, year, org_unit_id, outcome, withdrawn, category_id, highest_stage, channel, complainant_group, first_outcome, route, started_later,
                   count(*)::int AS n
              FROM k
             GROUP BY GROUPING SETS ((procedure, year, org_unit_id, outcome), (procedure, year, first_outcome, outcome), (procedure, year, withdrawn, category_id),
                                     (year, route, started_later),
                                     (procedure, year, withdrawn, highest_stage), (procedure, year, channel), (procedure, year, complainant_group))) g
      LEFT JOIN org_unit_path op ON op.council_id = :council AND op.id = g.org_unit_id
      LEFT JOIN complaint_category cat ON cat.council_id = :council AND cat.id = g.category_id`,

  // Their stages, requested or opened, answered or not: bands (unanswered = ongoing), average
  // working days, within the timescale by stage, by service and by period; requests to
  // escalate by decision (refused, accepted, awaiting); stage 2 decisions and outcomes.
  stages: `
    WITH s AS (
      SELECT c.procedure_code AS procedure, reporting_year(c.received_on, '04-01') AS year, c.org_unit_id,
             extract(quarter FROM c.received_on)::int AS quarter,
             x.stage, x.decision, x.requested_on IS NOT NULL AS requested, x.opened_on IS NOT NULL AS opened,
             x.responded_on IS NOT NULL AS answered, coalesce(x.outcome = 'withdrawn', false) AS withdrawn,
             coalesce(x.outcome, CASE WHEN x.responded_on IS NULL THEN 'ongoing' ELSE 'not_known' END) AS outcome,
             e.working_day_number - o.working_day_number AS working_days,
             x.responded_on <= coalesce(x.extended_to, x.due_on) AS within_timescale,
             x.stage > 1 AND x.stage = min(x.stage) FILTER (WHERE x.decision IS DISTINCT FROM 'refused') OVER (PARTITION BY x.contact_id) AS started_here,
             EXISTS (SELECT 1 FROM stage_extension se WHERE se.council_id = x.council_id AND se.stage_id = x.id) AS extended,
             EXISTS (SELECT 1 FROM stage_extension se WHERE se.council_id = x.council_id AND se.stage_id = x.id AND se.beyond_code) AS beyond_code
        FROM contact c
        JOIN complaint p ON p.council_id = c.council_id AND p.contact_id = c.id
        JOIN complaint_stage x ON x.council_id = c.council_id AND x.contact_id = c.id
        LEFT JOIN calendar_day o ON o.division = 'england-and-wales' AND o.day = x.opened_on
        LEFT JOIN calendar_day e ON e.division = 'england-and-wales' AND e.day = x.responded_on
       WHERE ${COMPLAINTS}),
    b AS (
      SELECT s.*, CASE WHEN NOT answered THEN 'ongoing'
                       ELSE width_bucket(working_days, CASE procedure WHEN 'adults_statutory' THEN ARRAY[21] ELSE ARRAY[11, 21] END)::text END AS band
        FROM s)
    SELECT g.*, op.service
      FROM (SELECT CASE WHEN GROUPING(band) = 0 THEN 'band' WHEN GROUPING(org_unit_id) = 0 THEN 'unit'
                        WHEN GROUPING(quarter) = 0 THEN 'period' ELSE 'request' END AS grouped_by,
                   procedure, year, stage, answered, withdrawn, band, org_unit_id, quarter, requested, decision, opened, outcome, started_here,
                   count(*)::int AS n, sum(working_days)::int AS working_days, count(*) FILTER (WHERE within_timescale)::int AS within_timescale,
                   count(*) FILTER (WHERE extended)::int AS extended, count(*) FILTER (WHERE beyond_code)::int AS beyond_code
              FROM b
             GROUP BY GROUPING SETS ((procedure, year, stage, answered, withdrawn, band), (procedure, year, stage, answered, withdrawn, org_unit_id),
                                     (procedure, year, stage, answered, withdrawn, quarter),
                                     (procedure, year, stage, requested, decision, opened, answered, outcome, started_here))) g
      LEFT JOIN org_unit_path op ON op.council_id = :council AND op.id = g.org_unit_id`,

  // Every contact, duplicates once: by route (and so the share becoming complaints), by
  // workspace (the top services), by kind; compliments and comments by procedure and unit.
  contacts: `
    WITH g AS (
      SELECT c.kind, reporting_year(c.received_on, '04-01') AS year, c.route, c.workspace_id, c.procedure_code AS procedure, c.org_unit_id,
             -- Complaints accepted straight at stage 2: a line of their own beside the routes.
             count(*)::int AS n
        FROM contact c
       WHERE c.council_id = :council AND c.received_on >= :from::date AND c.received_on < :to::date AND c.duplicate_of_id IS NULL
       GROUP BY 1, 2, 3, 4, 5, 6)
    SELECT r.*, op.directorate, w.name AS workspace
      FROM (SELECT CASE WHEN GROUPING(route) = 0 THEN 'route' WHEN GROUPING(workspace_id) = 0 THEN 'workspace' ELSE 'unit' END AS grouped_by,
                   kind, year, route, workspace_id, procedure, org_unit_id, sum(n)::int AS n
              FROM g
             GROUP BY GROUPING SETS ((kind, year, route), (kind, year, workspace_id), (kind, year, procedure, org_unit_id))) r
      LEFT JOIN org_unit_path op ON op.council_id = :council AND op.id = r.org_unit_id
      LEFT JOIN workspace w ON w.council_id = :council AND w.id = r.workspace_id`,

  // Ombudsman cases received or decided in the years: by category and year received; detailed
  // investigations, decisions and upheld by the year decided; remedies, £ and compliance.
  ombudsman: `
    SELECT body, coalesce(category, 'Not recorded') AS category,
           reporting_year(received_on, '04-01') AS year, reporting_year(decided_on, '04-01') AS decided_year, decision,
           coalesce(detailed_investigation, false) AS detailed_investigation,
           decision IN ('upheld', 'maladministration', 'severe_maladministration', 'service_failure') AS upheld,
           cardinality(recommended_remedies) > 0 AS remedies_recommended, 'financial_redress' = ANY (recommended_remedies) AS financial_remedy,
           coalesce(satisfactory_remedy_by_council, false) AS satisfactory_remedy_by_council,
           complied_on > compliance_due_on AS complied_late, compliance_due_on IS NOT NULL AND complied_on IS NULL AS compliance_outstanding,
           count(*)::int AS n, sum(remedy_amount)::float8 AS remedy_amount
      FROM ombudsman_case
     WHERE council_id = :council AND ((received_on >= :from::date AND received_on < :to::date) OR (decided_on >= :from::date AND decided_on < :to::date))
     GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12`,

  // The council's remedies (report year) and learning actions, in the year of their complaint.
  remedies: `
    SELECT r.kind, count(*)::int AS n, sum(r.amount)::float8 AS amount
      FROM remedy r JOIN contact c ON c.council_id = r.council_id AND c.id = r.contact_id
     WHERE r.council_id = :council AND c.received_on >= :year_from::date AND c.received_on < :to::date
     GROUP BY 1`,
  learning: `
    SELECT reporting_year(c.received_on, '04-01') AS year,
           CASE WHEN l.done_on IS NOT NULL THEN 'done' WHEN l.due_on < :today::date THEN 'overdue' ELSE 'open' END AS status, count(*)::int AS n
      FROM learning_action l JOIN contact c ON c.council_id = l.council_id AND c.id = l.contact_id
     WHERE l.council_id = :council AND c.received_on >= :from::date AND c.received_on < :to::date
     GROUP BY 1, 2`,
};

export type BareResults = Record<string, Record<string, unknown>[]>;

/** Runs every bare aggregate for the report year `year` ('2026/27') and the `comparisonYears` before it. */
export async function runBareAggregates(pool: pg.Pool, councilId: number, year: string, comparisonYears: number, today: string): Promise<BareResults> {
  const end = Number(year.slice(0, 4)) + 1;
  const named: Record<string, unknown> = { council: councilId, from: `${end - comparisonYears}-04-01`, to: `${end}-04-01`, year_from: `${end - 1}-04-01`, today };
  const results: BareResults = {};
  const db = await pool.connect();
  await db.query('BEGIN');
  try {
    // As the report does: grouping a million rows wants memory, not disk.
    await db.query("SET LOCAL work_mem = '64MB'");
    for (const [name, sql] of Object.entries(BARE_AGGREGATES)) {
      // :name placeholders become $1, $2… in order of first use.
      const order: string[] = [];
      const text = sql.replace(/(?<!:):([a-z_]+)/g, (_, key: string) => `$${(order.includes(key) ? order : (order.push(key), order)).indexOf(key) + 1}`);
      results[name] = (await db.query(text, order.map((key) => named[key]))).rows;
    }
  } finally {
    await db.query('COMMIT');
    db.release();
  }
  return results;
}

interface ReportLike {
  sections: { tables: { key: string; columns: { key: string }[]; total: (number | null)[] | null; rows: { key: string; cells: (number | string | null)[] }[] }[] }[];
}

/**
 * Checks the bare aggregates against the report: for each procedure, complaints, stage 1
 * responses (answered or ongoing), requests to escalate (every decision) and stage 2
 * outcomes by year; contacts by kind and year; Ombudsman cases received by year. Returns how
 * many figures agree; throws on the first that does not.
 */
export function compareWithReport(bare: BareResults, report: ReportLike): number {
  const tables = new Map(report.sections.flatMap((s) => s.tables).map((t) => [t.key, t]));
  let agreed = 0;
  const sum = (rows: Record<string, unknown>[], keep: (r: Record<string, unknown>) => boolean, year: string, yearColumn = 'year') =>
    rows.filter((r) => r[yearColumn] === year && keep(r)).reduce((n, r) => n + Number(r.n), 0);
  const check = (key: string, figure: (year: string) => number) => {
    const t = tables.get(key);
    if (!t?.total) return;
    t.columns.forEach((column, i) => {
      const expected = t.total![i] ?? 0;
      const got = figure(column.key);
      if (got !== expected) throw new Error(`Bare aggregates disagree with the report: ${key}, ${column.key}: ${got} against ${expected}`);
      agreed += 1;
    });
  };
  const procedures = [...new Set(bare.complaints!.map((r) => r.procedure as string))];
  for (const p of procedures) {
    const of = (grouping: string) => (r: Record<string, unknown>) => r.procedure === p && r.grouped_by === grouping;
    if (p === null) continue; // the (year, route) set of complaints
    check(`${p}.complaints_by_unit`, (y) => sum(bare.complaints!, of('unit'), y));
    check(`${p}.outcome_totals`, (y) => sum(bare.complaints!, of('unit'), y));
    check(`${p}.complaint_types`, (y) => sum(bare.complaints!, (r) => of('category')(r) && r.withdrawn === false, y));
    check(`${p}.highest_stage`, (y) => sum(bare.complaints!, (r) => of('highest_stage')(r) && r.withdrawn === false, y));
    check(`${p}.channels`, (y) => sum(bare.complaints!, of('channel'), y));
    check(`${p}.complainant_groups`, (y) => sum(bare.complaints!, of('complainant_group'), y));
    check(`${p}.response_bands`, (y) => sum(bare.stages!, (r) => of('band')(r) && r.stage === 1 && r.withdrawn === false, y));
    check(`${p}.escalation_requests`, (y) => sum(bare.stages!, (r) => of('request')(r) && r.requested === true, y));
    check(`${p}.stage2_outcomes`, (y) => sum(bare.stages!, (r) => of('request')(r) && r.stage === 2 && r.opened === true, y));
    check(`${p}.stage2_entry`, (y) => sum(bare.stages!, (r) => of('request')(r) && r.stage === 2 && r.opened === true, y));
  }
  check('contacts.by_kind', (y) => sum(bare.contacts!, (r) => r.grouped_by === 'route', y));
  check('contacts.by_route', (y) => sum(bare.contacts!, (r) => r.grouped_by === 'route' && r.kind === 'complaint', y));
  check('compliments.by_procedure', (y) => sum(bare.contacts!, (r) => r.grouped_by === 'unit' && r.kind === 'compliment', y));
  check('ombudsman.received_by_category', (y) => sum(bare.ombudsman!, (r) => r.body === 'lgsco', y));
  return agreed;
}
