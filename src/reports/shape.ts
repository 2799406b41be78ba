import { LIST_FIELDS, type Aggregate, type Dimension, type Grouping, type Measure, type TableDefinition, type Unit } from './definitions.ts';
import { bandLabels } from './compile.ts';

/** A finished table, as every output (screen, Word, Excel, CSV, JSON) renders it. */
export interface ReportTable {
  key: string;
  title: string;
  definition: string;
  unit: Unit;
  decimals: number;
  rowHeader: string;
  /** Each column's own unit: a table of measures can mix them (contacts beside the % that became complaints). */
  columns: { key: string; label: string; unit: Unit }[];
  rows: ReportRow[];
  /** Sum of each column (counts only). */
  total: (number | null)[] | null;
  chart: TableDefinition['chart'];
  /** The KPI target (percent) the figures are measured against: one, or one per row. */
  target?: number | Record<string, number>;
}

/** A figure, or (in a list of cases) a field's words or date. */
export type Cell = number | string | null;
/** A cell as a number to add up: words and nothing count 0. */
export const asNumber = (c: Cell): number => (typeof c === 'number' ? c : 0);

export interface ReportRow {
  key: string;
  label: string;
  /** null = nothing to show (no cases, or an average of none). Text only in lists of cases. */
  cells: Cell[];
  /** Top-N tables: the row's position last year, null if it was not there. */
  previousPosition?: number | null;
  /** Top-N tables: the row's position in each column (tied figures share one), null where it has none. */
  positions?: (number | null)[];
  /** The unit this row's unit belongs to, when the table lists units within their parents. */
  group?: string;
  /** A row totalling the rows of its group above it (counts only). */
  subtotal?: boolean;
}

export interface FigureRow {
  measure: string;
  row_key: string;
  col_key: string;
  value: number | null;
  /** Units are keyed by id; these carry their names (null for other dimensions). */
  row_label?: string | null;
  col_label?: string | null;
  row_group?: string | null;
}

/** A table of several measures whose columns are another dimension's values (each year's count and %). */
export const isCompound = (t: TableDefinition) => t.measures.length > 1 && t.columns.kind !== 'measure' && t.rows.kind !== 'measure';
/** A column of a compound table: its measure and its value ("percent@2023/24"); measure keys have no "@". */
export const compoundKey = (measure: string, value: string) => `${measure}@${value}`;
export function splitCompound(column: string): [string, string] {
  const at = column.indexOf('@');
  return [column.slice(0, at), column.slice(at + 1)];
}
/** Which measure a cell shows: by its column, its row, its compound column, or the table's one. */
export function cellMeasureKey(t: TableDefinition, row: string, column: string): string {
  if (t.columns.kind === 'measure') return column;
  if (t.rows.kind === 'measure') return row;
  if (isCompound(t) && column.includes('@')) return splitCompound(column)[0];
  return t.measures[0]!.key;
}

/** The key of a subtotal row starts so; no unit id does. */
export const SUBTOTAL_PREFIX = 'subtotal:';

/** The key of a table's total column (no dimension has a value of this name). */
export const TOTAL_COLUMN = '__total';

/** Rows that are never ranked in a top N: nothing recorded is not a service. */
const UNRANKED = new Set(['not_recorded', 'Not recorded']);

/** Competition ranking ("1, 2, 2, 4"): tied figures share a position. Rows with nothing have none. */
export function positions(values: Map<string, number>): Map<string, number> {
  const ranked = [...values].filter(([k, v]) => v > 0 && !UNRANKED.has(k));
  return new Map(ranked.map(([k, v]) => [k, 1 + ranked.filter(([, w]) => w > v).length]));
}

const OUTCOME_ORDER = ['upheld', 'partially_upheld', 'not_upheld', 'withdrawn', 'no_written_response', 'not_known', 'ongoing'];
const FIXED_ORDER: Partial<Record<Dimension['kind'], string[]>> = {
  outcome: OUTCOME_ORDER,
  first_outcome: OUTCOME_ORDER,
  request_result: ['refused', ...OUTCOME_ORDER, 'awaiting_decision'],
  stage_entry: ['stage 1', 'escalated', 'straight_to_stage_2', 'straight_to_stage_3'],
  highest_stage: ['stage 1', 'stage 2', 'stage 3'],
  stage: ['stage 1', 'stage 2', 'stage 3'],
  stage_request: ['accepted', 'refused', 'awaiting_decision'],
  learning_status: ['done', 'open', 'overdue', 'not_going_ahead'],
  language: ['english', 'welsh'],
};

/** Values always shown for a dimension, even when none were counted (as the seeds do). */
function alwaysShown(g: Grouping): string[] {
  // Regrouped values show what they are mapped to, not the dimension's own list.
  if (g.map) return [];
  const d = g as Dimension;
  if (d.kind === 'band') return [...bandLabels(d.cuts), ...(d.ongoing ? ['ongoing'] : [])];
  if (d.kind === 'outcome') return ['upheld', 'partially_upheld', 'not_upheld', 'withdrawn'];
  if (d.kind === 'highest_stage') return ['stage 1', 'stage 2', 'stage 3'];
  if (d.kind === 'period') return d.periods.map((p) => p.label);
  // Both languages, so "no one chose Welsh" is a 0 a reader sees.
  if (d.kind === 'language') return ['english', 'welsh'];
  if (d.kind === 'total') return [d.label];
  return [];
}

const SPECIAL_LABELS: Record<string, string> = {
  partially_upheld: 'Partially upheld', not_upheld: 'Not upheld', no_written_response: 'No written response', not_known: 'Not known',
  children_statutory: "Children's social care (statutory)", adults_statutory: "Adults' social care (statutory)",
  public_health: 'Public health', mp_enquiry: 'MP enquiry', councillor_enquiry: 'Councillor enquiry', lgsco: 'LGSCO',
  psow: 'PSOW', spso: 'SPSO', nipso: 'NIPSO', awaiting_decision: 'Awaiting decision', not_triaged: 'Not triaged',
  not_recorded: 'Not recorded', not_decided: 'Not decided', straight_to_stage_2: 'Straight to stage 2', straight_to_stage_3: 'Straight to stage 3',
  housing_ombudsman: 'Housing Ombudsman', closed_after_initial_enquiries: 'Closed after initial enquiries',
  referred_back_for_local_resolution: 'Referred back for local resolution (premature)', out_of_jurisdiction: 'Out of jurisdiction',
  investigated_or_not_recorded: 'Investigated, or no reason recorded', advocacy_service: 'Advocacy service', none: 'None',
  out_of_time: 'Out of time', alternative_remedy: 'Alternative remedy', no_significant_injustice: 'No significant injustice', not_proportionate: 'Not proportionate',
};

/** How a key reads in a table: 'partially_upheld' → 'Partially upheld'; names stay as written. */
export function labelOf(key: string): string {
  if (SPECIAL_LABELS[key]) return SPECIAL_LABELS[key];
  if (/^[a-z0-9_ -]+$/.test(key)) {
    const words = key.replace(/_/g, ' ');
    return words.charAt(0).toUpperCase() + words.slice(1);
  }
  return key;
}

function orderKeys(g: Grouping, keys: string[], valueOf: (k: string) => number, years: string[], measures: string[]): string[] {
  const d = g as Dimension;
  if (d.kind === 'year') return [...years];
  if (d.kind === 'measure') return measures;
  // Regrouped values keep the order the layout lists them in.
  if (g.map) {
    const order = [...new Set(Object.values(g.map))];
    return [...keys].sort((a, b) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99) || a.localeCompare(b));
  }
  const fixed = d.kind === 'band' ? [...bandLabels(d.cuts), 'ongoing'] : d.kind === 'period' ? d.periods.map((p) => p.label) : FIXED_ORDER[d.kind];
  if (fixed) return [...keys].sort((a, b) => (fixed.indexOf(a) + 1 || 99) - (fixed.indexOf(b) + 1 || 99));
  // Names of units, workspaces and categories: the largest first, as the seeds list them.
  if (['category', 'workspace', 'channel', 'complainant_group', 'route', 'decision', 'remedy_kind', 'unit', 'feedback', 'body', 'authority'].includes(d.kind)) {
    return [...keys].sort((a, b) => valueOf(b) - valueOf(a) || a.localeCompare(b));
  }
  return [...keys].sort((a, b) => a.localeCompare(b));
}

/** Arranges query results into the table a reader sees. Pure. */
export function shapeTable(t: TableDefinition, figures: FigureRow[], years: string[], extraRows: { key: string; label: string; group?: string }[] = []): ReportTable {
  const measures = t.measures.map((m) => m.key);
  const measureLabel = new Map(t.measures.map((m) => [m.key, m.label]));
  const value = new Map<string, number | null>();
  const rowLabel = new Map<string, string>();
  const colLabel = new Map<string, string>();
  const rowGroup = new Map<string, string>();
  // Several measures over a dimension of columns (a count and a % for each year): one column per value and measure.
  const compound = isCompound(t);
  for (const f of figures) {
    value.set(`${f.row_key}\u0000${compound ? compoundKey(f.measure, f.col_key) : f.col_key}`, f.value);
    if (f.row_label) rowLabel.set(f.row_key, f.row_label);
    if (f.col_label) colLabel.set(f.col_key, f.col_label);
    if (f.row_group) rowGroup.set(f.row_key, f.row_group);
  }
  for (const r of extraRows) {
    rowLabel.set(r.key, r.label);
    if (r.group) rowGroup.set(r.key, r.group);
  }
  const rowKeys = new Set([...figures.map((f) => f.row_key), ...alwaysShown(t.rows), ...extraRows.map((r) => r.key)]);
  const colKeys = new Set([...figures.map((f) => f.col_key), ...alwaysShown(t.columns)]);
  let columns = orderKeys(t.columns, [...colKeys], () => 0, years, measures);
  if (t.columns.kind === 'year') columns = years;
  const dimensionColumns = columns;
  if (compound) {
    columns = t.compoundBy === 'measure'
      ? measures.flatMap((m) => dimensionColumns.map((c) => compoundKey(m, c)))
      : dimensionColumns.flatMap((c) => measures.map((m) => compoundKey(m, c)));
  }
  const lastColumn = compound ? compoundKey(measures[0]!, dimensionColumns[dimensionColumns.length - 1]!) : columns[columns.length - 1]!;
  // Largest first: by the last column, or by the row's total where the table shows one.
  const sortValue = (row: string) => (t.totalColumn ? columns.reduce((s, c) => s + (value.get(`${row}\u0000${c}`) ?? 0), 0) : value.get(`${row}\u0000${lastColumn}`) ?? 0);
  let rows = orderKeys(t.rows, [...rowKeys], sortValue, years, measures);
  if (t.rows.kind === 'year') rows = years;
  if (t.rows.kind === 'unit' && t.rows.within) {
    // Units within their parents: parents in name order, each one's units as ordered.
    const groupOf = (r: string) => rowGroup.get(r) ?? '';
    rows = [...rows].sort((a, b) => groupOf(a).localeCompare(groupOf(b)) || rows.indexOf(a) - rows.indexOf(b));
  }
  // Counts are 0 where nothing was counted; averages and percentages of nothing are blank.
  const measureOf = (r: string, c: string) => t.measures.find((m) => m.key === cellMeasureKey(t, r, c));
  const empty = t.measures.every((m) => m.aggregate === 'count') ? 0 : null;
  const cell = (r: string, c: string) => value.get(`${r}\u0000${c}`) ?? (measureOf(r, c)?.aggregate === 'count' ? 0 : empty);
  const labelFor = (r: string) => (t.rows.kind === 'measure' ? measureLabel.get(r) ?? r : rowLabel.get(r) ?? labelOf(r));
  let shaped: ReportRow[] = rows.map((r) => ({
    key: r, label: labelFor(r), cells: columns.map((c) => cell(r, c)), ...(rowGroup.has(r) ? { group: rowGroup.get(r)! } : {}),
  }));

  if (t.top !== undefined) {
    // Each column's positions (of the first measure, where a column has several); the rows
    // kept are the top N of the last (ties at the edge all kept).
    const ranked = compound ? dimensionColumns.map((c) => compoundKey(measures[0]!, c)) : columns;
    const ranks = ranked.map((c) => positions(new Map(rows.map((r) => [r, value.get(`${r}\u0000${c}`) ?? 0]))));
    const now = ranks[ranks.length - 1]!;
    const before = ranks.length > 1 ? ranks[ranks.length - 2]! : new Map<string, number>();
    // Kept: the top N of the last column, or of any column shown (each year's top N).
    const kept = (r: ReportRow) => (t.topIn === 'any' ? ranks.some((rank) => (rank.get(r.key) ?? Infinity) <= t.top!) : (now.get(r.key) ?? Infinity) <= t.top!);
    shaped = shaped
      .filter(kept)
      .sort((a, b) => (now.get(a.key) ?? Infinity) - (now.get(b.key) ?? Infinity) || a.label.localeCompare(b.label))
      .map((r) => ({ ...r, previousPosition: before.get(r.key) ?? null, positions: ranks.map((rank) => rank.get(r.key) ?? null) }));
  }
  const counts = t.measures.every((m) => m.aggregate === 'count');
  // Counts and shares of a column add up to a total; averages and percentages do not.
  const additive = t.measures.every((m) => m.aggregate === 'count' || m.aggregate === 'share');
  if (t.subtotals && t.rows.kind === 'unit' && t.rows.within) {
    // After each parent's units, their total (Wrexham's department totals). Counts and shares
    // of a column add up; averages and percentages do not, and are left blank.
    const adds = columns.map((c) => ['count', 'share'].includes(measureOf('', c)?.aggregate ?? ''));
    const withSubtotals: ReportRow[] = [];
    shaped.forEach((r, i) => {
      withSubtotals.push(r);
      if (r.group !== undefined && shaped[i + 1]?.group !== r.group) {
        const members = shaped.filter((x) => x.group === r.group);
        withSubtotals.push({
          key: `${SUBTOTAL_PREFIX}${r.group}`, label: `Total, ${r.group}`, group: r.group, subtotal: true,
          cells: columns.map((_, c) => (adds[c] ? members.reduce((sum, m) => sum + asNumber(m.cells[c] ?? null), 0) : null)),
        });
      }
    });
    shaped = withSubtotals;
  }
  if (t.totalColumn && counts) {
    shaped = shaped.map((r) => ({ ...r, cells: [...r.cells, r.cells.reduce<number>((sum, v) => sum + asNumber(v), 0)] }));
    columns = [...columns, TOTAL_COLUMN];
  }
  const columnUnit = (c: string): Unit => {
    const m = t.columns.kind === 'measure' || compound ? t.measures.find((x) => x.key === cellMeasureKey(t, '', c)) : undefined;
    return m ? measureUnit(m) : t.unit;
  };
  const columnLabel = (c: string): string => {
    if (compound && c !== TOTAL_COLUMN) {
      const [m, value] = splitCompound(c);
      return `${colLabel.get(value) ?? labelOf(value)}: ${measureLabel.get(m) ?? m}`;
    }
    return c === TOTAL_COLUMN ? 'Total' : colLabel.get(c) ?? labelOf(c);
  };
  return {
    key: t.key,
    title: t.title,
    definition: t.definition,
    unit: t.unit,
    decimals: t.decimals ?? (t.unit === 'count' ? 0 : 1),
    rowHeader: rowHeaderOf(t.rows),
    columns: columns.map((c) => {
      const measure = t.columns.kind === 'measure' ? t.measures.find((m) => m.key === c)! : null;
      return { key: c, label: measure ? measure.label : columnLabel(c), unit: columnUnit(c) };
    }),
    rows: shaped,
    total: t.totalRow && additive ? columns.map((_, i) => shaped.reduce((sum, r) => sum + (r.subtotal ? 0 : asNumber(r.cells[i] ?? null)), 0)) : null,
    chart: t.chart ?? null,
  };
}

const unitOf = (aggregate: Aggregate, of: string | undefined): Unit =>
  aggregate === 'count' ? 'count' : aggregate === 'percent' || aggregate === 'share' ? 'percent'
    : of === 'working_days' ? 'working_days' : of === 'calendar_days' ? 'calendar_days' : 'pounds';
/** What a measure's figures are: its own `unit` (a published figure may be a count or a %), else by how it aggregates. */
export const measureUnit = (m: Measure): Unit => m.unit ?? unitOf(m.aggregate, m.of);

function rowHeaderOf(g: Grouping): string {
  const d = g as Dimension;
  switch (d.kind) {
    case 'measure': return '';
    case 'feedback': return 'Feedback';
    case 'request_result': return 'Result';
    case 'first_outcome': return 'Outcome at the first stage';
    case 'body': return 'Ombudsman';
    case 'authority': return 'Council';
    case 'ombudsman_path': return 'How far the Ombudsman went';
    case 'not_investigated_reason': return 'Why not investigated';
    case 'compliment_source': return 'Source';
    case 'unit': return labelOf(d.level);
    case 'intermediary': return 'Through';
    case 'band': return 'Working days';
    case 'highest_stage': return 'Highest stage reached';
    case 'stage': return 'Stage';
    case 'contact_kind': return 'Kind';
    case 'stage_request': return 'Request';
    case 'learning_status': return 'Status';
    case 'remedy_kind': return 'Remedy';
    case 'total': return '';
    default: return labelOf(d.kind);
  }
}

/** Small-number suppression for publication: counts from 1 to below `threshold` show as "<threshold". */
export function suppress(value: number | null, unit: Unit, threshold: number | null): string | null {
  if (threshold === null || unit !== 'count' || value === null || value === 0 || value >= threshold) return null;
  return `<${threshold}`;
}

/** A list table's cases as the table a reader sees: the reference, then each field. Pure. */
export function shapeList(t: TableDefinition, cases: Record<string, unknown>[]): ReportTable {
  const fields = t.list?.fields ?? [];
  const columns = fields.map((f) => ({ key: f, label: LIST_FIELDS[t.population][f]!.label, unit: LIST_FIELDS[t.population][f]!.unit }));
  const seen = new Map<string, number>();
  const rows = cases.map((c) => {
    // An action from no single complaint has no reference: it is council-wide.
    const reference = c.reference == null ? 'Council-wide' : String(c.reference);
    // One complaint can have several learning actions: each row keeps a key of its own.
    const n = (seen.get(reference) ?? 0) + 1;
    seen.set(reference, n);
    const cells = fields.map((f, i): Cell => {
      const v = c[`f${i}`];
      if (v === null || v === undefined || v === '') return null;
      if (typeof v === 'number') return v;
      if (columns[i]!.unit !== 'text') return Number(v);
      return LIST_FIELDS[t.population][fields[i]!]!.coded ? String(v).split('; ').map(labelOf).join('; ') : String(v);
    });
    return { key: n === 1 ? reference : `${reference}#${n}`, label: reference, cells };
  });
  return {
    key: t.key, title: t.title, definition: t.definition, unit: 'text', decimals: t.decimals ?? 0,
    rowHeader: 'Reference', columns, rows, total: null, chart: null,
  };
}
