/**
 * The annual report's tables as data: what population is counted, grouped by what, with
 * which measure and filters. Pure: compile.ts turns a definition into SQL for its figures
 * and for the list of cases behind any one figure (drill-down), from the same views.
 * docs/reports.md says in words what each kind counts.
 */

/** The views of migration 003: one row per counted thing. */
export type Population = 'complaint' | 'stage' | 'contact' | 'ombudsman' | 'remedy' | 'learning_action';

export type Dimension =
  | { kind: 'year' }
  | { kind: 'unit'; level: 'directorate' | 'service' | 'team' }
  | { kind: 'workspace' }
  | { kind: 'category' }
  | { kind: 'outcome' }
  | { kind: 'highest_stage' }
  | { kind: 'procedure' }
  | { kind: 'route' }
  | { kind: 'contact_kind' }
  | { kind: 'channel' }
  | { kind: 'complainant_group' }
  /** Working days taken: `cuts` are the upper bounds of each band but the last ([10, 20] → 0-10, 11-20, over 20). */
  | { kind: 'band'; cuts: number[]; ongoing: boolean }
  /** Reporting periods within the year, by received date ('MM-DD' inclusive bounds). */
  | { kind: 'period'; periods: { label: string; from: string; to: string }[] }
  | { kind: 'stage' }
  | { kind: 'stage_request' }
  | { kind: 'decision' }
  | { kind: 'remedy_kind' }
  | { kind: 'learning_status' }
  /** One column per measure of the table. */
  | { kind: 'measure' }
  /** A single row or column. */
  | { kind: 'total'; label: string };

/** Which rows of the population count. Every field narrows; absent = no condition. */
export interface Filter {
  procedure?: string;
  stage?: number;
  excludeWithdrawn?: boolean;
  answered?: boolean;
  /** Stage rows that were opened (not a request refused or awaiting its decision). */
  opened?: boolean;
  /** Stage rows for which the complainant asked (stage 2+ requests). */
  requested?: boolean;
  /** The decision on a request for the stage. */
  decision?: 'accepted' | 'refused';
  /** Stages with one of these outcomes. */
  outcomes?: string[];
  kinds?: string[];
  isComplaint?: boolean;
  body?: string;
  upheld?: boolean;
  detailedInvestigation?: boolean;
  remediesRecommended?: boolean;
  financialRemedy?: boolean;
  satisfactoryRemedyByCouncil?: boolean;
  compliedLate?: boolean;
  complianceOutstanding?: boolean;
  decided?: boolean;
  withinTimescale?: boolean;
}

export type Aggregate = 'count' | 'average' | 'sum' | 'percent';

export interface Measure {
  key: string;
  label: string;
  aggregate: Aggregate;
  /** average/sum: working_days, remedy_amount or amount; percent: the share of rows matching `where`. */
  of?: 'working_days' | 'remedy_amount' | 'amount';
  /** Extra filter for this measure only (for percent: the numerator). */
  where?: Filter;
  /** Percent only: narrows the denominator (e.g. upheld as a share of detailed investigations). */
  within?: Filter;
  /** Ombudsman decisions count in the year decided, not the year received. */
  yearBy?: 'year' | 'decided_year';
}

export type Unit = 'count' | 'working_days' | 'percent' | 'pounds';

export interface TableDefinition {
  key: string;
  title: string;
  /** What is counted, in words, printed under the table. */
  definition: string;
  population: Population;
  rows: Dimension;
  columns: Dimension;
  measures: Measure[];
  filter: Filter;
  /** The comparison years (as the seeds: three) or the report year alone. */
  years: 'comparison' | 'report_year';
  unit: Unit;
  /** Decimal places shown for averages and percentages. */
  decimals?: number;
  /** Keep the N rows with the highest figure in the last column, with their change of position. */
  top?: number;
  /** A total row of the columns (counts only). */
  totalRow?: boolean;
  chart?: 'bar' | 'grouped_bar' | 'stacked_bar' | 'line' | null;
}

export const count = (key = 'count', label = 'Number', where?: Filter): Measure => ({ key, label, aggregate: 'count', ...(where ? { where } : {}) });
export const average = (key = 'average_days', label = 'Average working days', where?: Filter): Measure => ({
  key, label, aggregate: 'average', of: 'working_days', ...(where ? { where } : {}),
});

/** Which dimensions each population can be grouped by. */
export const DIMENSIONS_BY_POPULATION: Record<Population, Dimension['kind'][]> = {
  complaint: ['year', 'unit', 'workspace', 'category', 'outcome', 'highest_stage', 'procedure', 'route', 'channel', 'complainant_group', 'period', 'measure', 'total'],
  stage: ['year', 'unit', 'workspace', 'category', 'outcome', 'procedure', 'channel', 'band', 'period', 'stage', 'stage_request', 'measure', 'total'],
  contact: ['year', 'unit', 'workspace', 'procedure', 'route', 'contact_kind', 'channel', 'complainant_group', 'period', 'measure', 'total'],
  ombudsman: ['year', 'category', 'decision', 'measure', 'total'],
  remedy: ['year', 'procedure', 'remedy_kind', 'measure', 'total'],
  learning_action: ['year', 'procedure', 'learning_status', 'measure', 'total'],
};

/** Problems with a definition (an unknown dimension for its population, a measure without what it averages…). */
export function definitionProblems(t: TableDefinition): string[] {
  const problems: string[] = [];
  for (const [where, d] of [['rows', t.rows], ['columns', t.columns]] as const) {
    if (!DIMENSIONS_BY_POPULATION[t.population].includes(d.kind)) problems.push(`${t.key}: ${where} cannot be grouped by ${d.kind} for ${t.population}`);
  }
  if (t.measures.length === 0) problems.push(`${t.key}: no measure`);
  if (t.measures.length > 1 && t.columns.kind !== 'measure') problems.push(`${t.key}: several measures need columns by measure`);
  for (const m of t.measures) {
    if ((m.aggregate === 'average' || m.aggregate === 'sum') && !m.of) problems.push(`${t.key}.${m.key}: ${m.aggregate} of what?`);
    if (m.aggregate === 'percent' && !m.where) problems.push(`${t.key}.${m.key}: percent of which rows?`);
  }
  return problems;
}
