import { LIST_FIELDS, type Dimension, type Filter, type Grouping, type Measure, type Population, type TableDefinition } from './definitions.ts';
import { cellMeasureKey, isCompound, splitCompound } from './shape.ts';

/**
 * Turns a table definition into SQL over the report views (migration 003): one query for
 * its figures, and one for the cases behind any one figure. Pure: no I/O; every value is a
 * parameter, never spliced into the text.
 */

export interface ReportScope {
  councilId: number;
  /** The years the table covers, oldest first ('2021/22' …). */
  years: string[];
  /** Today's date, for "overdue". */
  today: string;
}

export interface CompiledQuery {
  text: string;
  values: unknown[];
}

export const VIEWS: Record<Population, string> = {
  complaint: 'report_complaint',
  stage: 'report_stage',
  contact: 'report_contact',
  ombudsman: 'report_ombudsman',
  remedy: 'report_remedy',
  learning_action: 'report_learning_action',
  element: 'report_element',
  ombudsman_published: 'report_ombudsman_published',
  ombudsman_benchmark: 'report_ombudsman_benchmark',
  restriction: 'report_restriction',
};

/** What a drill-down lists for each population, besides the reference. */
const DRILL_COLUMNS: Record<Population, string> = {
  complaint: "received_on::text AS received_on, year, procedure, coalesce(directorate, '') AS directorate, outcome",
  stage: "received_on::text AS received_on, year, stage, opened_on::text AS opened_on, responded_on::text AS responded_on, working_days, calendar_days, within_timescale, outcome",
  contact: "received_on::text AS received_on, year, kind, coalesce(route, '') AS route, coalesce(workspace, '') AS workspace",
  ombudsman: "body, received_on::text AS received_on, decided_on::text AS decided_on, coalesce(decision, '') AS decision, category, remedy_amount, coalesce(council_reference, '') AS council_reference",
  remedy: "year, kind, amount, due_on::text AS due_on, done_on::text AS done_on",
  learning_action: "year, description, owner, due_on::text AS due_on, done_on::text AS done_on",
  element: "received_on::text AS received_on, year, stage, category, outcome, summary",
  ombudsman_published: 'body, year, measure, value, source',
  ombudsman_benchmark: 'body, year, authority_name, measure, value, source',
  restriction: "year, array_to_string(restrictions, '; ') AS restrictions, imposed_in_year, lifted_in_year",
};

class Params {
  readonly values: unknown[] = [];
  add(value: unknown, cast = ''): string {
    this.values.push(value);
    return `$${this.values.length}${cast}`;
  }
}

export function bandLabels(cuts: number[]): string[] {
  return [...cuts.map((cut, i) => `${i === 0 ? 0 : cuts[i - 1]! + 1}-${cut}`), `over ${cuts[cuts.length - 1]}`];
}

/** The population a measure counts: its own, or its table's. */
export const populationOf = (t: TableDefinition, m: Measure): Population => m.population ?? t.population;
/** The filter a measure's rows pass: a measure of its own population brings its own. */
const baseFilterOf = (t: TableDefinition, m: Measure): Filter => (m.population ? m.filter ?? {} : t.filter);

const NOT_RECORDED = 'not_recorded';

/** The key a dimension groups by, and (for units) the name it shows. */
function dimensionSql(g: Grouping, population: Population, yearColumn: string, measure: Measure, p: Params, today: string): { key: string; label: string | null; group: string | null } {
  const d = g as Dimension;
  const key = (sql: string) => ({ key: applyMap(g, sql, p), label: null, group: null });
  const orNot = (column: string, none = 'Not recorded') => `coalesce(${column}::text, ${p.add(none)})`;
  switch (d.kind) {
    case 'year': return key(yearColumn);
    case 'unit':
      // Keyed by id: two teams of one name under different services stay apart.
      if (g.map) return key(orNot(d.level));
      return {
        // Constant text, not parameters: a drill-down does not select the names.
        key: `coalesce(${d.level}_id::text, '${NOT_RECORDED}')`,
        label: `min(coalesce(${d.level}, 'Not recorded'))`,
        group: d.within ? `min(coalesce(${d.within}, 'Not recorded'))` : null,
      };
    case 'workspace': return key(orNot('workspace'));
    case 'category': return key(orNot('category'));
    case 'outcome':
      return key(population === 'stage' ? "coalesce(outcome, CASE WHEN answered THEN 'not_known' ELSE 'ongoing' END)" : 'outcome');
    case 'first_outcome': return key('first_outcome');
    case 'request_result':
      return key("CASE WHEN decision = 'refused' THEN 'refused' WHEN opened_on IS NULL THEN 'awaiting_decision' ELSE coalesce(outcome, CASE WHEN answered THEN 'not_known' ELSE 'ongoing' END) END");
    case 'stage_entry': return key("CASE WHEN started_here THEN 'straight_to_stage_' || stage WHEN stage > 1 THEN 'escalated' ELSE 'stage 1' END");
    case 'feedback':
      return key("CASE WHEN kind <> 'complaint' THEN kind WHEN started_later THEN 'straight_to_stage_2' ELSE coalesce(route, 'not_triaged') END");
    case 'body': return key('body');
    case 'intermediary': return key(orNot('intermediary', 'none'));
    case 'compliment_source': return key(orNot('compliment_source', NOT_RECORDED));
    case 'ombudsman_path': return key(orNot('path', NOT_RECORDED));
    case 'not_investigated_reason': return key(orNot('not_investigated_reason', 'investigated_or_not_recorded'));
    case 'highest_stage': return key("'stage ' || highest_stage");
    case 'procedure': return key(orNot('procedure', NOT_RECORDED));
    case 'route': return key(orNot('route', 'not_triaged'));
    case 'contact_kind': return key('kind');
    case 'channel': return key(orNot('channel', NOT_RECORDED));
    case 'language': return key("CASE language WHEN 'cy' THEN 'welsh' ELSE 'english' END");
    case 'complainant_group': return key(orNot('complainant_group', NOT_RECORDED));
    case 'band': {
      const labels = bandLabels(d.cuts);
      const whens = d.cuts.map((cut, i) => `WHEN working_days <= ${p.add(cut, '::int')} THEN ${p.add(labels[i])}`).join(' ');
      return key(`CASE WHEN NOT answered THEN 'ongoing' ${whens} ELSE ${p.add(labels[labels.length - 1])} END`);
    }
    case 'period': {
      const md = "to_char(received_on, 'MM-DD')";
      const whens = d.periods.map((period) => {
        const [from, to] = [p.add(period.from), p.add(period.to)];
        // A period may run over the new year (December to March).
        const inside = period.from <= period.to ? `${md} BETWEEN ${from} AND ${to}` : `(${md} >= ${from} OR ${md} <= ${to})`;
        return `WHEN ${inside} THEN ${p.add(period.label)}`;
      });
      return key(`CASE ${whens.join(' ')} ELSE 'outside the periods' END`);
    }
    // A remedy or learning action with no stage came from the complaint as a whole.
    case 'stage': return key("coalesce('stage ' || stage, 'whole complaint')");
    case 'stage_request': return key("CASE decision WHEN 'refused' THEN 'refused' WHEN 'accepted' THEN 'accepted' ELSE 'awaiting_decision' END");
    case 'decision': return key(orNot('decision', 'not_decided'));
    case 'remedy_kind': return key('kind');
    // Keyed by the authority's code, labelled with its name.
    case 'authority': return { key: 'authority_code', label: 'min(authority_name)', group: null };
    case 'learning_status':
      return key(`CASE WHEN done_on IS NOT NULL THEN 'done' WHEN status = 'not_going_ahead' THEN 'not_going_ahead' WHEN due_on < ${p.add(today, '::date')} THEN 'overdue' ELSE 'open' END`);
    case 'measure': return key(p.add(measure.key, '::text'));
    case 'total': return key(p.add(d.label, '::text'));
  }
}

/** A layout's regrouping of a dimension's values ("*" catches the rest; values not mapped keep their own). */
function applyMap(g: Grouping, sql: string, p: Params): string {
  if (!g.map) return sql;
  const entries = Object.entries(g.map).filter(([from]) => from !== '*');
  const rest = g.map['*'] !== undefined ? p.add(g.map['*']) : sql;
  if (entries.length === 0) return rest;
  return `CASE ${sql} ${entries.map(([from, to]) => `WHEN ${p.add(from)} THEN ${p.add(to)}`).join(' ')} ELSE ${rest} END`;
}

function filterSql(f: Filter, p: Params): string[] {
  const c: string[] = [];
  const bool = (column: string, value: boolean | undefined) => {
    if (value !== undefined) c.push(`coalesce(${column}, false) = ${p.add(value, '::boolean')}`);
  };
  if (f.procedure !== undefined) c.push(`procedure = ${p.add(f.procedure)}`);
  if (f.stage !== undefined) c.push(`stage = ${p.add(f.stage, '::int')}`);
  if (f.excludeWithdrawn) c.push('NOT withdrawn');
  if (f.answered !== undefined) bool('answered', f.answered);
  if (f.opened) c.push('opened_on IS NOT NULL');
  if (f.requested) c.push('requested_on IS NOT NULL');
  if (f.decision !== undefined) c.push(`decision = ${p.add(f.decision)}`);
  if (f.outcomes) c.push(`outcome = ANY(${p.add(f.outcomes, '::text[]')})`);
  if (f.kinds) c.push(`kind = ANY(${p.add(f.kinds, '::text[]')})`);
  if (f.isComplaint !== undefined) bool('is_complaint', f.isComplaint);
  if (f.body !== undefined) c.push(`body = ${p.add(f.body)}`);
  bool('upheld', f.upheld);
  bool('detailed_investigation', f.detailedInvestigation);
  bool('remedies_recommended', f.remediesRecommended);
  bool('financial_remedy', f.financialRemedy);
  bool('satisfactory_remedy_by_council', f.satisfactoryRemedyByCouncil);
  bool('complied_late', f.compliedLate);
  bool('compliance_outstanding', f.complianceOutstanding);
  if (f.decided) c.push('decided_on IS NOT NULL');
  bool('within_timescale', f.withinTimescale);
  if (f.procedures) c.push(`procedure = ANY(${p.add(f.procedures, '::text[]')})`);
  if (f.decisions) c.push(`decision = ANY(${p.add(f.decisions, '::text[]')})`);
  if (f.categories) c.push(`category = ANY(${p.add(f.categories, '::text[]')})`);
  if (f.notCategories) c.push(`NOT (coalesce(category, '') = ANY(${p.add(f.notCategories, '::text[]')}))`);
  if (f.remediesInclude) c.push(`remedies && ${p.add(f.remediesInclude, '::text[]')}`);
  bool('compliance_due', f.complianceDue);
  bool('complied', f.complied);
  if (f.withinWorkingDays !== undefined) c.push(`working_days <= ${p.add(f.withinWorkingDays, '::int')}`);
  if (f.withinCalendarDays !== undefined) c.push(`calendar_days <= ${p.add(f.withinCalendarDays, '::int')}`);
  bool('started_later', f.startedLater);
  bool('extended', f.extended);
  bool('extended_beyond_code', f.extendedBeyondCode);
  if (f.flags) c.push(`flags && ${p.add(f.flags, '::text[]')}`);
  if (f.units) {
    const units = p.add(f.units, '::text[]');
    c.push(`(directorate = ANY(${units}) OR service = ANY(${units}) OR team = ANY(${units}))`);
  }
  bool('commissioned_provider', f.commissionedProvider);
  bool('imposed_in_year', f.imposedInYear);
  bool('lifted_in_year', f.liftedInYear);
  if (f.publishedMeasures) c.push(`measure = ANY(${p.add(f.publishedMeasures, '::text[]')})`);
  if (f.comparisonGroup !== undefined) c.push(`(own OR ${p.add(f.comparisonGroup)} = ANY(comparison_groups))`);
  if (f.notUnits) {
    const units = p.add(f.notUnits, '::text[]');
    c.push(`NOT (coalesce(directorate, '') = ANY(${units}) OR coalesce(service, '') = ANY(${units}) OR coalesce(team, '') = ANY(${units}))`);
  }
  return c;
}

/** `weighted`: the source is a cube of counts (column n), not one row per case. */
function aggregateSql(m: Measure, numerator: string, weighted: boolean): string {
  const rows = weighted ? 'sum(n)' : 'count(*)';
  switch (m.aggregate) {
    case 'count': return `coalesce(${rows}, 0)::float8`;
    case 'average': return `avg(${m.of})::float8`;
    case 'sum': return `coalesce(sum(${m.of}), 0)::float8`;
    case 'percent': return `(100.0 * ${weighted ? 'sum(n)' : 'count(*)'} FILTER (WHERE ${numerator}) / nullif(${rows}, 0))::float8`;
    // Divided by its column's total once grouped (compileFigures).
    case 'share': return `coalesce(${rows}, 0)::float8`;
  }
}

const DIMENSION_COLUMNS: Partial<Record<Dimension['kind'], string[]>> = {
  year: [], workspace: ['workspace'], category: ['category'], highest_stage: ['highest_stage'], procedure: ['procedure'],
  route: ['route'], contact_kind: ['kind'], channel: ['channel'], language: ['language'], complainant_group: ['complainant_group'], stage: ['stage'],
  stage_request: ['decision'], decision: ['decision'], remedy_kind: ['kind'], measure: [], total: [],
  first_outcome: ['first_outcome'], feedback: ['kind', 'route', 'started_later'], body: ['body'],
  stage_entry: ['stage', 'started_here'],
  intermediary: ['intermediary'], compliment_source: ['compliment_source'], ombudsman_path: ['path'], not_investigated_reason: ['not_investigated_reason'],
};
const FILTER_COLUMNS: Record<keyof Filter, string | null> = {
  procedure: 'procedure', stage: 'stage', excludeWithdrawn: 'withdrawn', answered: 'answered', opened: null, requested: null,
  kinds: 'kind', isComplaint: 'is_complaint', body: 'body', upheld: 'upheld', detailedInvestigation: 'detailed_investigation',
  remediesRecommended: 'remedies_recommended', financialRemedy: 'financial_remedy', satisfactoryRemedyByCouncil: 'satisfactory_remedy_by_council',
  compliedLate: 'complied_late', complianceOutstanding: 'compliance_outstanding', decided: null, withinTimescale: 'within_timescale',
  decision: 'decision', outcomes: 'outcome',
  procedures: 'procedure', decisions: 'decision', categories: 'category', notCategories: 'category', remediesInclude: 'remedies',
  complianceDue: 'compliance_due', complied: 'complied', withinWorkingDays: null, withinCalendarDays: null, startedLater: 'started_later',
  extended: 'extended', extendedBeyondCode: 'extended_beyond_code',
  // Flags and unit names are not kept in a cube of counts: those tables read rows.
  flags: null, units: null, notUnits: null, commissionedProvider: 'commissioned_provider', publishedMeasures: 'measure', comparisonGroup: null, imposedInYear: 'imposed_in_year', liftedInYear: 'lifted_in_year',
};

/**
 * The columns a cube of counts needs to answer these measures (one population's, each with
 * its table), or null when they need one row per case: an average or sum, a reporting period
 * or a band, a date test.
 */
export function cubeColumns(uses: { table: TableDefinition; measure: Measure }[]): string[] | null {
  const columns = new Set(['council_id', 'year']);
  const addFilter = (f: Filter | undefined) => {
    for (const [key, value] of Object.entries(f ?? {})) {
      if (value === undefined) continue;
      const column = FILTER_COLUMNS[key as keyof Filter];
      if (column === null) return false;
      columns.add(column);
    }
    return true;
  };
  for (const { table: t, measure: m } of uses) {
    const population = populationOf(t, m);
    for (const d of [t.rows, t.columns]) {
      if (d.kind === 'unit') { [d.level, `${d.level}_id`, ...(d.within ? [d.within] : [])].forEach((c) => columns.add(c)); continue; }
      if (d.kind === 'outcome') { columns.add('outcome'); if (population === 'stage') columns.add('answered'); continue; }
      // A request's result tests opened_on, a date a cube does not keep.
      if (d.kind === 'request_result') return null;
      const used = DIMENSION_COLUMNS[d.kind];
      if (!used) return null;
      used.forEach((c) => columns.add(c));
    }
    if (!addFilter(baseFilterOf(t, m))) return null;
    if (m.aggregate === 'average' || m.aggregate === 'sum') return null;
    if (m.yearBy === 'decided_year') columns.add('decided_year');
    if (!addFilter(m.where) || !addFilter(m.within)) return null;
  }
  return [...columns];
}

/** The rows one measure counts: its population, scope, the table's filter and the measure's own. */
function measureSource(t: TableDefinition, m: Measure, scope: ReportScope, p: Params) {
  const yearColumn = m.yearBy ?? 'year';
  const conditions = [`council_id = ${p.add(scope.councilId, '::bigint')}`, `${yearColumn} = ANY(${p.add(scope.years, '::text[]')})`];
  conditions.push(...filterSql(baseFilterOf(t, m), p));
  // A percent's own filter picks its numerator; any other measure's narrows what it counts.
  const own = m.where ? filterSql(m.where, p) : [];
  if (m.aggregate !== 'percent') conditions.push(...own);
  else if (m.within) conditions.push(...filterSql(m.within, p));
  if (m.aggregate === 'average' || m.aggregate === 'sum') conditions.push(`${m.of} IS NOT NULL`);
  for (const d of [t.rows, t.columns]) if (d.kind === 'band' && !d.ongoing) conditions.push('answered');
  const population = populationOf(t, m);
  const row = dimensionSql(t.rows, population, yearColumn, m, p, scope.today);
  const col = dimensionSql(t.columns, population, yearColumn, m, p, scope.today);
  return { population, conditions, row, col, numerator: own.length > 0 ? own.join(' AND ') : 'true' };
}

/**
 * One query for every figure of the table: (measure, row_key, col_key, value, row_label,
 * col_label, row_group). `sources` replaces a view with a table holding the same rows (a
 * report's snapshot of them); `cubes` are those snapshots that hold counts, not rows.
 */
export function compileFigures(
  t: TableDefinition, scope: ReportScope, sources: Partial<Record<Population, string>> = {}, cubes: ReadonlySet<Population> = new Set(),
): CompiledQuery {
  const p = new Params();
  const parts = t.measures.map((m) => {
    const s = measureSource(t, m, scope, p);
    const value = aggregateSql(m, s.numerator, cubes.has(s.population));
    const labels = `${s.row.label ?? 'NULL::text'} AS row_label, ${s.col.label ?? 'NULL::text'} AS col_label, ${s.row.group ?? 'NULL::text'} AS row_group`;
    const grouped = `SELECT ${p.add(m.key, '::text')} AS measure, ${s.row.key} AS row_key, ${s.col.key} AS col_key, ${value} AS value, ${labels}
              FROM ${sources[s.population] ?? VIEWS[s.population]} WHERE ${s.conditions.join(' AND ')} GROUP BY 2, 3`;
    if (m.aggregate !== 'share') return grouped;
    return `SELECT measure, row_key, col_key, (100.0 * value / nullif(sum(value) OVER (PARTITION BY col_key), 0))::float8 AS value, row_label, col_label, row_group
              FROM (${grouped}) counted`;
  });
  return { text: parts.map((x) => `(${x})`).join('\nUNION ALL\n'), values: p.values };
}

/**
 * The cases behind one figure: the same rows the figure aggregates, in reference order.
 * For a percentage, every row of its denominator, each marked whether it is in the numerator.
 */
export function compileDrillDown(t: TableDefinition, scope: ReportScope, cell: { row: string; column: string; measure?: string }): CompiledQuery {
  const measureKey = cell.measure ?? cellMeasureKey(t, cell.row, cell.column);
  // A compound column names its measure and its value ("percent@2023/24").
  if (isCompound(t) && cell.column.includes('@')) cell = { ...cell, column: splitCompound(cell.column)[1] };
  const m = t.measures.find((x) => x.key === measureKey);
  if (!m) throw new RangeError(`Table ${t.key} has no measure ${measureKey}`);
  const p = new Params();
  const s = measureSource(t, m, scope, p);
  // A row's total column (shape.ts TOTAL_COLUMN) is every column of the row.
  const conditions = [...s.conditions, `${s.row.key} = ${p.add(cell.row, '::text')}`, ...(cell.column === '__total' ? [] : [`${s.col.key} = ${p.add(cell.column, '::text')}`])];
  return {
    text: `SELECT reference, ${DRILL_COLUMNS[s.population]}, (${s.numerator}) AS counted
             FROM ${VIEWS[s.population]} WHERE ${conditions.join(' AND ')} ORDER BY reference`,
    values: p.values,
  };
}

/** At most this many cases in a list table: a list is for what a reader reads case by case. */
export const LIST_LIMIT = 1000;

/**
 * A list table: one row per case of its population in the years covered, with its fields
 * (LIST_FIELDS), in reference order. The same view and conditions as any figure.
 */
export function compileList(t: TableDefinition, scope: ReportScope): CompiledQuery {
  const p = new Params();
  const yearColumn = t.list?.yearBy ?? 'year';
  const conditions = [`council_id = ${p.add(scope.councilId, '::bigint')}`, `${yearColumn} = ANY(${p.add(scope.years, '::text[]')})`, ...filterSql(t.filter, p)];
  // "Overdue" is as of the report's day, not the database's clock.
  const today = (t.list?.fields ?? []).some((f) => LIST_FIELDS[t.population][f]!.sql.includes('$today')) ? p.add(scope.today, '::date') : '';
  const fields = (t.list?.fields ?? []).map((f, i) => `${LIST_FIELDS[t.population][f]!.sql.replaceAll('$today', today)} AS f${i}`);
  return {
    text: `SELECT reference${fields.length ? `, ${fields.join(', ')}` : ''} FROM ${VIEWS[t.population]}
            WHERE ${conditions.join(' AND ')} ORDER BY reference LIMIT ${LIST_LIMIT}`,
    values: p.values,
  };
}
