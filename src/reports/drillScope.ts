import type { Queryable } from '../db/database.ts';
import { scopeFilter, type Scope } from '../domain/access/scope.ts';
import type { Population } from './definitions.ts';
import type { AnnualReport } from './annualReport.ts';
import type { DrillDownRow } from './annualReport.ts';

/**
 * What a person may see of the cases behind a report's figures. The report's figures are the
 * council's (a figure is not personal data); the cases behind one are only those in the
 * person's scope (src/domain/access/scope.ts): the directorates they hold, and restricted
 * cases only for someone who may see them. The rows come from the report's own drill-down
 * (annualReport.ts drillDown); this keeps those whose case is in scope, by the same
 * `scopeFilter` every case list uses.
 */

/** The case a drill-down row belongs to: an Ombudsman case names the council's case it came from. */
function caseReference(population: Population, row: DrillDownRow): string | null {
  if (population === 'ombudsman') return typeof row.council_reference === 'string' && row.council_reference !== '' ? row.council_reference : null;
  return row.reference;
}

const seesEverything = (scope: Scope) => scope.units === 'all' && scope.mayDisclose;

/**
 * The rows of a drill-down whose case is in scope, in the order given. Published Ombudsman
 * figures are not cases (everyone who may drill down sees them); an Ombudsman case with no
 * council case to place it is seen only by someone whose scope is the whole council.
 */
export async function rowsInScope<R extends DrillDownRow>(db: Queryable, scope: Scope, population: Population, rows: R[]): Promise<R[]> {
  if (population === 'ombudsman_published' || population === 'ombudsman_benchmark' || seesEverything(scope) || rows.length === 0) return rows;
  const references = [...new Set(rows.map((r) => caseReference(population, r)).filter((r): r is string => r !== null))];
  const params: unknown[] = [references];
  const { rows: seen } = await db.query<{ reference: string }>(
    `SELECT c.reference FROM contact c WHERE c.reference = ANY($1::text[]) AND ${scopeFilter(scope, 'c', params)}`,
    params,
  );
  const visible = new Set(seen.map((r) => r.reference));
  return rows.filter((r) => {
    const reference = caseReference(population, r);
    return reference !== null && visible.has(reference);
  });
}

/**
 * Fields of a report's lists of cases that hold what people wrote or a person's name: a
 * learning action's or remedy's description, its owner, a head of complaint's summary.
 */
export const PERSONAL_TEXT_FIELDS: ReadonlySet<string> = new Set(['description', 'owner', 'summary']);

/**
 * The report as someone who may not identify people (a report viewer) may have it, in any
 * format: the lists of cases keep their references and coded fields, never the free text.
 */
export function withoutPersonalText(report: AnnualReport): AnnualReport {
  return {
    ...report,
    sections: report.sections.map((section) => ({
      ...section,
      tables: section.tables.map((table) => {
        const drop = table.columns.map((c) => PERSONAL_TEXT_FIELDS.has(c.key));
        if (!drop.some(Boolean)) return table;
        const keep = <T>(cells: T[]) => cells.filter((_, i) => !drop[i]);
        return {
          ...table,
          columns: keep(table.columns),
          rows: table.rows.map((r) => ({ ...r, cells: keep(r.cells) })),
          total: table.total ? keep(table.total) : null,
        };
      }),
    })),
  };
}

/**
 * The report's lists of cases (an action plan, the Ombudsman's upheld decisions) as a person
 * with a narrower scope may have them: only the rows whose case is in their scope. The
 * figures stay the council's. An Ombudsman case is placed by the council's case it came from.
 */
export async function listsInScope(db: Queryable, scope: Scope, report: AnnualReport, populations: ReadonlyMap<string, Population>): Promise<AnnualReport> {
  if (seesEverything(scope)) return report;
  const lists = report.sections.flatMap((s) => s.tables).filter((t) => populations.has(t.key));
  if (lists.length === 0) return report;
  const labels = (population: 'cases' | 'ombudsman') => [...new Set(lists.filter((t) => (populations.get(t.key) === 'ombudsman') === (population === 'ombudsman')).flatMap((t) => t.rows.map((r) => r.label)))];
  const params: unknown[] = [labels('cases')];
  const cases = await db.query<{ reference: string }>(`SELECT c.reference FROM contact c WHERE c.reference = ANY($1::text[]) AND ${scopeFilter(scope, 'c', params)}`, params);
  const ombudsmanParams: unknown[] = [labels('ombudsman')];
  const ombudsman = await db.query<{ reference: string }>(
    `SELECT o.ombudsman_reference AS reference FROM ombudsman_case o JOIN contact c ON c.council_id = o.council_id AND c.id = o.contact_id
      WHERE o.ombudsman_reference = ANY($1::text[]) AND ${scopeFilter(scope, 'c', ombudsmanParams)}`,
    ombudsmanParams,
  );
  const visible = { cases: new Set(cases.rows.map((r) => r.reference)), ombudsman: new Set(ombudsman.rows.map((r) => r.reference)) };
  return {
    ...report,
    sections: report.sections.map((section) => ({
      ...section,
      tables: section.tables.map((table) => {
        const population = populations.get(table.key);
        if (!population) return table;
        const seen = population === 'ombudsman' ? visible.ombudsman : visible.cases;
        return { ...table, rows: table.rows.filter((r) => seen.has(r.label)) };
      }),
    })),
  };
}
