/**
 * The annual report's tables as data: what population is counted, grouped by what, with
 * which measure and filters. Pure: compile.ts turns a definition into SQL for its figures
 * and for the list of cases behind any one figure (drill-down), from the same views.
 * docs/reports.md says in words what each kind counts.
 */

/** The views of migration 003: one row per counted thing. */
/**
 * `element`: the heads of complaint a stage investigated, each with its category and finding.
 * `ombudsman_published`: the Ombudsman's own published figures for the council, one row per
 * body, year and measure (src/ombudsman/publishedFigures.ts), to print beside Redress's count.
 * `restriction`: each person under the unreasonable-behaviour policy, once for every year a
 * restriction on them was in force.
 * `ombudsman_benchmark`: other councils' published uphold and compliance rates (migration 032), one row per
 * authority, year and measure, each comparison group's average a row of its own (benchmarking).
 */
export type Population = 'complaint' | 'stage' | 'contact' | 'ombudsman' | 'remedy' | 'learning_action' | 'element' | 'ombudsman_published' | 'restriction' | 'ombudsman_benchmark';

export type Dimension =
  | { kind: 'year' }
  /** Keyed by the unit's id, labelled with its name; `within` labels each row with its parent too (Wrexham's teams under services). */
  | { kind: 'unit'; level: 'directorate' | 'service' | 'team'; within?: 'directorate' | 'service' }
  | { kind: 'workspace' }
  | { kind: 'category' }
  /** The outcome at the last stage reached (for stages: the stage's own outcome). */
  | { kind: 'outcome' }
  /** The outcome at the first stage the complaint was investigated at. */
  | { kind: 'first_outcome' }
  /** A stage request's result: refused, or the outcome of the stage it opened. */
  | { kind: 'request_result' }
  /** How a stage 2+ began: escalated after the stage before, or the complaint started there. */
  | { kind: 'stage_entry' }
  /** What a contact was: the route of a complaint (formal or urgent ones accepted straight at stage 2 apart), else its kind. */
  | { kind: 'feedback' }
  /** The Ombudsman (LGSCO, Housing Ombudsman…), to show each one the council deals with side by side. */
  | { kind: 'body' }
  /** Who brought the complaint on the person's behalf (advocacy service, MP, councillor…). */
  | { kind: 'intermediary' }
  /** Where a compliment came from (direct, a survey…). */
  | { kind: 'compliment_source' }
  /** How far the Ombudsman took a case (enquiry, assessment, investigation), and why it did not investigate. */
  | { kind: 'ombudsman_path' }
  | { kind: 'not_investigated_reason' }
  | { kind: 'highest_stage' }
  | { kind: 'procedure' }
  | { kind: 'route' }
  | { kind: 'contact_kind' }
  | { kind: 'channel' }
  /** The language the resident chose for the contact, English or Welsh (the Welsh Language Standards). */
  | { kind: 'language' }
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
  /** The council in the Ombudsman's published figures for many councils (benchmarking). */
  | { kind: 'authority' }
  /** One column per measure of the table. */
  | { kind: 'measure' }
  /** A single row or column. */
  | { kind: 'total'; label: string };

/**
 * A dimension with its values regrouped or renamed: `map` sends each value to a row label
 * ("*" for every other value), e.g. Ombudsman categories into Adults / Children / Corporate.
 */
export type Grouping = Dimension & { map?: Record<string, string> };

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
  /** Any of these procedures. */
  procedures?: string[];
  /** Ombudsman decisions. */
  decisions?: string[];
  /** Complaint or Ombudsman categories; `notCategories` leaves them out. */
  categories?: string[];
  notCategories?: string[];
  /** Ombudsman cases whose recommended remedies include any of these. */
  remediesInclude?: string[];
  /** Ombudsman cases with a date to comply by; and those complied with. */
  complianceDue?: boolean;
  complied?: boolean;
  /** Stages answered within so many working days, or calendar days, of opening. */
  withinWorkingDays?: number;
  withinCalendarDays?: number;
  /** Complaints accepted straight at a later stage (no stage 1). */
  startedLater?: boolean;
  /** Stages extended by agreement; and those extended beyond the Code's limits (with a good reason). */
  extended?: boolean;
  extendedBeyondCode?: boolean;
  /** Contacts carrying any of these flags (unreasonable_behaviour, welsh_language…). */
  flags?: string[];
  /** Cases of these organisation units, by name at any level (a directorate takes in its services and teams). */
  units?: string[];
  /** Complaints about a service the council commissions. */
  commissionedProvider?: boolean;
  /** Leaves out cases of these organisation units (names at any level). */
  notUnits?: string[];
  /** People whose restriction was imposed in the year (not carried over), or lifted in it. */
  imposedInYear?: boolean;
  liftedInYear?: boolean;
  /** The Ombudsman's published figures of these measures (complaints_received, upheld_percent…). */
  publishedMeasures?: string[];
  /** Benchmarking: the council itself and the authorities of its comparison group of this name, with the group's average. */
  comparisonGroup?: string;
}

/** `share`: the count as a percentage of its column's total (e.g. each route's share of every contact). */
export type Aggregate = 'count' | 'average' | 'sum' | 'percent' | 'share';

export interface Measure {
  key: string;
  label: string;
  aggregate: Aggregate;
  /** average/sum: working_days, calendar_days, remedy_amount or amount; percent: the share of rows matching `where`. */
  of?: 'working_days' | 'calendar_days' | 'remedy_amount' | 'amount' | 'value';
  /** Extra filter for this measure only (for percent: the numerator). */
  where?: Filter;
  /** Percent only: narrows the denominator (e.g. upheld as a share of detailed investigations). */
  within?: Filter;
  /** Ombudsman decisions count in the year decided, not the year received. */
  yearBy?: 'year' | 'decided_year';
  /**
   * A measure of another population than the table's (Staffordshire puts stage 1 complaints,
   * stage 2 requests and Ombudsman contacts in one table by directorate). It then counts with
   * `filter` instead of the table's filter.
   */
  population?: Population;
  filter?: Filter;
  /** What the figures are, where the aggregate does not say (a sum of published figures that are counts, or percentages). */
  unit?: Unit;
}

/** `text`: words or a date, as in a list of cases (Calderdale's action plan, each upheld Ombudsman decision). */
export type Unit = 'count' | 'working_days' | 'calendar_days' | 'percent' | 'pounds' | 'text';

export interface TableDefinition {
  key: string;
  title: string;
  /** What is counted, in words, printed under the table. */
  definition: string;
  population: Population;
  rows: Grouping;
  columns: Grouping;
  measures: Measure[];
  filter: Filter;
  /** The comparison years (the council's number, as the seeds: three), the report year alone, or this many years. */
  years: 'comparison' | 'report_year' | number;
  unit: Unit;
  /** Decimal places shown for averages and percentages. */
  decimals?: number;
  /** Keep the N rows with the highest figure in the last column (ties share a position and are all kept), with each one's position in every column. */
  top?: number;
  /** Compound columns (several measures over years, say) grouped by value (each year's count then %) or by measure (every year's count, then every year's %). */
  compoundBy?: 'value' | 'measure';
  /** `any`: keep each column's top N (every year's), not only the last column's. */
  topIn?: 'last' | 'any';
  /**
   * A list of the cases themselves instead of figures: one row per case (its reference), with
   * these fields (LIST_FIELDS of its population), in the years by received date or decision.
   */
  list?: { fields: string[]; yearBy?: 'year' | 'decided_year' };
  /** Where units are listed within their parents: a total row after each parent's units (counts only). */
  subtotals?: boolean;
  /** Rows with nothing in any column are still shown (every unit of the council, say). Without it only rows with a figure show. */
  keepZeroRows?: boolean;
  /** A total row of the columns (counts only). */
  totalRow?: boolean;
  /** A last column totalling each row (counts only): Staffordshire's "Number" beside each decision. */
  totalColumn?: boolean;
  chart?: 'bar' | 'grouped_bar' | 'stacked_bar' | 'line' | null;
}

export const count = (key = 'count', label = 'Number', where?: Filter): Measure => ({ key, label, aggregate: 'count', ...(where ? { where } : {}) });
export const average = (key = 'average_days', label = 'Average working days', where?: Filter): Measure => ({
  key, label, aggregate: 'average', of: 'working_days', ...(where ? { where } : {}),
});

/** Which dimensions each population can be grouped by. */
export const DIMENSIONS_BY_POPULATION: Record<Population, Dimension['kind'][]> = {
  complaint: ['year', 'unit', 'workspace', 'category', 'outcome', 'first_outcome', 'highest_stage', 'procedure', 'route', 'channel', 'complainant_group', 'intermediary', 'period', 'measure', 'total'],
  stage: ['year', 'unit', 'workspace', 'category', 'outcome', 'procedure', 'channel', 'complainant_group', 'intermediary', 'band', 'period', 'stage', 'stage_request', 'request_result', 'stage_entry', 'measure', 'total'],
  contact: ['year', 'unit', 'workspace', 'procedure', 'route', 'feedback', 'contact_kind', 'channel', 'language', 'complainant_group', 'intermediary', 'compliment_source', 'period', 'measure', 'total'],
  ombudsman: ['year', 'unit', 'category', 'decision', 'body', 'procedure', 'ombudsman_path', 'not_investigated_reason', 'measure', 'total'],
  element: ['year', 'unit', 'workspace', 'category', 'outcome', 'procedure', 'stage', 'period', 'measure', 'total'],
  ombudsman_published: ['year', 'body', 'measure', 'total'],
  ombudsman_benchmark: ['year', 'body', 'authority', 'measure', 'total'],
  restriction: ['year', 'unit', 'measure', 'total'],
  remedy: ['year', 'unit', 'procedure', 'stage', 'remedy_kind', 'measure', 'total'],
  learning_action: ['year', 'unit', 'procedure', 'stage', 'learning_status', 'measure', 'total'],
};

/** Problems with a definition (an unknown dimension for its population, a measure without what it averages…). */
export function definitionProblems(t: TableDefinition): string[] {
  const problems: string[] = [];
  const populations = new Set([t.population, ...t.measures.map((m) => m.population ?? t.population)]);
  for (const [where, d] of [['rows', t.rows], ['columns', t.columns]] as const) {
    for (const p of populations) if (!DIMENSIONS_BY_POPULATION[p].includes(d.kind)) problems.push(`${t.key}: ${where} cannot be grouped by ${d.kind} for ${p}`);
  }
  if (t.rows.kind === 'measure' && t.columns.kind === 'measure') problems.push(`${t.key}: rows and columns cannot both be measures`);
  if (t.list) {
    const unknown = t.list.fields.filter((f) => !LIST_FIELDS[t.population][f]);
    if (unknown.length > 0) problems.push(`${t.key}: a list of ${t.population} cannot show ${unknown.join(', ')} (it can show ${Object.keys(LIST_FIELDS[t.population]).join(', ')})`);
    return problems;
  }
  if (t.measures.length === 0) problems.push(`${t.key}: no measure`);
  const keys = t.measures.map((m) => m.key);
  if (new Set(keys).size !== keys.length) problems.push(`${t.key}: two measures share a key`);
  for (const m of t.measures) {
    if ((m.aggregate === 'average' || m.aggregate === 'sum') && !m.of) problems.push(`${t.key}.${m.key}: ${m.aggregate} of what?`);
    if (m.aggregate === 'percent' && !m.where) problems.push(`${t.key}.${m.key}: percent of which rows?`);
  }
  return problems;
}

/** What a list table can show of each case, as SQL over its population's view: a label and a unit. */
/** `coded`: a vocabulary value (or a list of them) shown in words: 'financial_redress' → 'Financial redress'. */
export const LIST_FIELDS: Record<Population, Record<string, { label: string; unit: Unit; sql: string; coded?: boolean }>> = {
  ombudsman: {
    body: { label: 'Ombudsman', unit: 'text', coded: true, sql: 'body' },
    council_reference: { label: 'Council reference', unit: 'text', sql: 'council_reference' },
    category: { label: 'Category', unit: 'text', sql: 'category' },
    directorate: { label: 'Directorate', unit: 'text', sql: 'directorate' },
    service: { label: 'Service', unit: 'text', sql: 'service' },
    team: { label: 'Team', unit: 'text', sql: 'team' },
    received_on: { label: 'Received', unit: 'text', sql: 'received_on::text' },
    decided_on: { label: 'Decided', unit: 'text', sql: 'decided_on::text' },
    decision: { label: 'Decision', unit: 'text', coded: true, sql: 'decision' },
    path: { label: 'How far the Ombudsman went', unit: 'text', coded: true, sql: 'path' },
    not_investigated_reason: { label: 'Why not investigated', unit: 'text', coded: true, sql: 'not_investigated_reason' },
    remedies: { label: 'Remedies', unit: 'text', coded: true, sql: "array_to_string(remedies, '; ')" },
    remedy_amount: { label: 'Amount (£)', unit: 'pounds', sql: 'remedy_amount::float8' },
    compliance_due_on: { label: 'Comply by', unit: 'text', sql: 'compliance_due_on::text' },
    complied_on: { label: 'Complied', unit: 'text', sql: 'complied_on::text' },
  },
  // The plan's own directorate and service (an action may be moved from its complaint's), and
  // its owner's name as a member of staff where known (migration 027).
  learning_action: {
    description: { label: 'Action', unit: 'text', sql: 'description' },
    lesson: { label: 'What we learnt', unit: 'text', sql: 'lesson' },
    themes: { label: 'Theme', unit: 'text', sql: "array_to_string(themes, '; ')" },
    owner: { label: 'Owner', unit: 'text', sql: 'owner_name' },
    directorate: { label: 'Directorate', unit: 'text', sql: 'plan_directorate' },
    service: { label: 'Service', unit: 'text', sql: 'plan_service' },
    status: {
      label: 'Status', unit: 'text', coded: true,
      sql: "CASE WHEN done_on IS NOT NULL THEN 'done' WHEN status = 'not_going_ahead' THEN 'not_going_ahead' WHEN due_on < $today THEN 'overdue' WHEN status = 'in_progress' THEN 'in_progress' ELSE 'open' END",
    },
    evidence: { label: 'Evidence', unit: 'text', sql: 'evidence' },
    procedure: { label: 'Procedure', unit: 'text', coded: true, sql: 'procedure' },
    due_on: { label: 'Due', unit: 'text', sql: 'due_on::text' },
    done_on: { label: 'Done', unit: 'text', sql: 'done_on::text' },
  },
  remedy: {
    kind: { label: 'Remedy', unit: 'text', coded: true, sql: 'kind' },
    description: { label: 'What was done', unit: 'text', sql: 'description' },
    service: { label: 'Service', unit: 'text', sql: 'service' },
    procedure: { label: 'Procedure', unit: 'text', coded: true, sql: 'procedure' },
    amount: { label: 'Amount (£)', unit: 'pounds', sql: 'amount::float8' },
    due_on: { label: 'Due', unit: 'text', sql: 'due_on::text' },
    done_on: { label: 'Done', unit: 'text', sql: 'done_on::text' },
  },
  complaint: {
    received_on: { label: 'Received', unit: 'text', sql: 'received_on::text' },
    procedure: { label: 'Procedure', unit: 'text', coded: true, sql: 'procedure' },
    directorate: { label: 'Directorate', unit: 'text', sql: 'directorate' },
    service: { label: 'Service', unit: 'text', sql: 'service' },
    team: { label: 'Team', unit: 'text', sql: 'team' },
    workspace: { label: 'Workspace', unit: 'text', sql: 'workspace' },
    category: { label: 'Category', unit: 'text', sql: 'category' },
    highest_stage: { label: 'Highest stage', unit: 'count', sql: 'highest_stage::float8' },
    outcome: { label: 'Outcome', unit: 'text', coded: true, sql: 'outcome' },
  },
  stage: {
    stage: { label: 'Stage', unit: 'count', sql: 'stage::float8' },
    service: { label: 'Service', unit: 'text', sql: 'service' },
    opened_on: { label: 'Opened', unit: 'text', sql: 'opened_on::text' },
    responded_on: { label: 'Responded', unit: 'text', sql: 'responded_on::text' },
    working_days: { label: 'Working days', unit: 'count', sql: 'working_days::float8' },
    outcome: { label: 'Outcome', unit: 'text', coded: true, sql: 'outcome' },
  },
  element: {
    stage: { label: 'Stage', unit: 'count', sql: 'stage::float8' },
    summary: { label: 'Head of complaint', unit: 'text', sql: 'summary' },
    category: { label: 'Category', unit: 'text', sql: 'category' },
    outcome: { label: 'Finding', unit: 'text', coded: true, sql: 'outcome' },
  },
  ombudsman_published: {},
  ombudsman_benchmark: {},
  restriction: {
    restrictions: { label: 'Restrictions', unit: 'text', coded: true, sql: "array_to_string(restrictions, '; ')" },
    directorate: { label: 'Directorate', unit: 'text', sql: 'directorate' },
    service: { label: 'Service', unit: 'text', sql: 'service' },
  },
  contact: {
    kind: { label: 'Kind', unit: 'text', coded: true, sql: 'kind' },
    received_on: { label: 'Received', unit: 'text', sql: 'received_on::text' },
    route: { label: 'Route', unit: 'text', coded: true, sql: 'route' },
    workspace: { label: 'Workspace', unit: 'text', sql: 'workspace' },
  },
};
