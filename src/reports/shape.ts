import type { Aggregate, Dimension, TableDefinition, Unit } from './definitions.ts';
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

export interface ReportRow {
  key: string;
  label: string;
  /** null = nothing to show (no cases, or an average of none). */
  cells: (number | null)[];
  /** Top-N tables: the row's position last year, null if it was not there. */
  previousPosition?: number | null;
}

export interface FigureRow {
  measure: string;
  row_key: string;
  col_key: string;
  value: number | null;
}

const FIXED_ORDER: Partial<Record<Dimension['kind'], string[]>> = {
  outcome: ['upheld', 'partially_upheld', 'not_upheld', 'withdrawn', 'no_written_response', 'not_known', 'ongoing'],
  highest_stage: ['stage 1', 'stage 2', 'stage 3'],
  stage: ['stage 1', 'stage 2', 'stage 3'],
  stage_request: ['accepted', 'refused', 'awaiting_decision'],
  learning_status: ['done', 'open', 'overdue'],
};

/** Values always shown for a dimension, even when none were counted (as the seeds do). */
function alwaysShown(d: Dimension): string[] {
  if (d.kind === 'band') return [...bandLabels(d.cuts), ...(d.ongoing ? ['ongoing'] : [])];
  if (d.kind === 'outcome') return ['upheld', 'partially_upheld', 'not_upheld', 'withdrawn'];
  if (d.kind === 'highest_stage') return ['stage 1', 'stage 2', 'stage 3'];
  if (d.kind === 'period') return d.periods.map((p) => p.label);
  if (d.kind === 'total') return [d.label];
  return [];
}

const SPECIAL_LABELS: Record<string, string> = {
  partially_upheld: 'Partially upheld', not_upheld: 'Not upheld', no_written_response: 'No written response', not_known: 'Not known',
  children_statutory: "Children's social care (statutory)", adults_statutory: "Adults' social care (statutory)",
  public_health: 'Public health', mp_enquiry: 'MP enquiry', councillor_enquiry: 'Councillor enquiry', lgsco: 'LGSCO',
  psow: 'PSOW', spso: 'SPSO', nipso: 'NIPSO', awaiting_decision: 'Awaiting decision', not_triaged: 'Not triaged',
  not_recorded: 'Not recorded', not_decided: 'Not decided',
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

function orderKeys(d: Dimension, keys: string[], valueOf: (k: string) => number, years: string[], measures: string[]): string[] {
  if (d.kind === 'year') return [...years];
  if (d.kind === 'measure') return measures;
  const fixed = d.kind === 'band' ? [...bandLabels(d.cuts), 'ongoing'] : d.kind === 'period' ? d.periods.map((p) => p.label) : FIXED_ORDER[d.kind];
  if (fixed) return [...keys].sort((a, b) => (fixed.indexOf(a) + 1 || 99) - (fixed.indexOf(b) + 1 || 99));
  // Names of units, workspaces and categories: the largest first, as the seeds list them.
  if (d.kind === 'category' || d.kind === 'workspace' || d.kind === 'channel' || d.kind === 'complainant_group' || d.kind === 'route' || d.kind === 'decision' || d.kind === 'remedy_kind') {
    return [...keys].sort((a, b) => valueOf(b) - valueOf(a) || a.localeCompare(b));
  }
  return [...keys].sort((a, b) => a.localeCompare(b));
}

/** Arranges query results into the table a reader sees. Pure. */
export function shapeTable(t: TableDefinition, figures: FigureRow[], years: string[]): ReportTable {
  const measures = t.measures.map((m) => m.key);
  const value = new Map<string, number | null>();
  for (const f of figures) value.set(`${f.row_key}\u0000${f.col_key}`, f.value);
  const rowKeys = new Set([...figures.map((f) => f.row_key), ...alwaysShown(t.rows)]);
  const colKeys = new Set([...figures.map((f) => f.col_key), ...alwaysShown(t.columns)]);
  let columns = orderKeys(t.columns, [...colKeys], () => 0, years, measures);
  if (t.columns.kind === 'year') columns = years;
  const lastColumn = columns[columns.length - 1]!;
  const sortValue = (row: string) => value.get(`${row}\u0000${lastColumn}`) ?? 0;
  let rows = orderKeys(t.rows, [...rowKeys], sortValue, years, measures);
  if (t.rows.kind === 'year') rows = years;
  // Counts are 0 where nothing was counted; averages and percentages of nothing are blank.
  const empty = t.measures.every((m) => m.aggregate === 'count') ? 0 : null;
  const cell = (r: string, c: string) => value.get(`${r}\u0000${c}`) ?? (t.columns.kind === 'measure' && t.measures.find((m) => m.key === c)?.aggregate === 'count' ? 0 : empty);
  let shaped: ReportRow[] = rows.map((r) => ({ key: r, label: labelOf(r), cells: columns.map((c) => cell(r, c)) }));

  if (t.top !== undefined) {
    // Position now (by the last column) and last year (by the one before it).
    const previous = columns.length > 1 ? columns[columns.length - 2]! : null;
    const ranked = (col: string) => [...rows].filter((r) => (value.get(`${r}\u0000${col}`) ?? 0) > 0)
      .sort((a, b) => (value.get(`${b}\u0000${col}`) ?? 0) - (value.get(`${a}\u0000${col}`) ?? 0) || a.localeCompare(b));
    const before = previous ? ranked(previous) : [];
    shaped = ranked(lastColumn).slice(0, t.top).map((r) => ({
      ...shaped.find((s) => s.key === r)!,
      previousPosition: before.includes(r) ? before.indexOf(r) + 1 : null,
    }));
  }
  const counts = t.measures.every((m) => m.aggregate === 'count');
  return {
    key: t.key,
    title: t.title,
    definition: t.definition,
    unit: t.unit,
    decimals: t.decimals ?? (t.unit === 'count' ? 0 : 1),
    rowHeader: rowHeaderOf(t.rows),
    columns: columns.map((c) => {
      const measure = t.columns.kind === 'measure' ? t.measures.find((m) => m.key === c)! : null;
      return { key: c, label: measure ? measure.label : labelOf(c), unit: measure ? unitOf(measure.aggregate, measure.of) : t.unit };
    }),
    rows: shaped,
    total: t.totalRow && counts ? columns.map((_, i) => shaped.reduce((sum, r) => sum + (r.cells[i] ?? 0), 0)) : null,
    chart: t.chart ?? null,
  };
}

const unitOf = (aggregate: Aggregate, of: string | undefined): Unit =>
  aggregate === 'count' ? 'count' : aggregate === 'percent' ? 'percent' : of === 'working_days' ? 'working_days' : 'pounds';

function rowHeaderOf(d: Dimension): string {
  switch (d.kind) {
    case 'unit': return labelOf(d.level);
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
