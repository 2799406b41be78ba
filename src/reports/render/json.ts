import type { AnnualReport } from '../annualReport.ts';
import { reportTitle } from './cells.ts';

/**
 * The annual report as JSON for other systems (docs/reports-json.md): every figure at full
 * precision, keys in a fixed order (the documented order first, anything else after it,
 * alphabetically), two-space indent, so that the same report always gives the same text.
 */

const ORDER: Record<string, string[]> = {
  report: ['format', 'title', 'council', 'year', 'years', 'generatedOn', 'options', 'sections'],
  council: ['slug', 'name', 'nation'],
  options: ['year', 'comparisonYears', 'sections', 'level', 'bands', 'periods', 'targets', 'suppressBelow', 'topServices', 'ombudsman', 'layout'],
  period: ['label', 'from', 'to'],
  section: ['key', 'title', 'tables'],
  table: ['key', 'title', 'definition', 'unit', 'decimals', 'rowHeader', 'columns', 'rows', 'total', 'chart'],
  column: ['key', 'label'],
  row: ['key', 'label', 'group', 'cells', 'previousPosition', 'positions'],
};

/** Which kind of object sits under a key of its parent. */
const CHILD: Record<string, Record<string, string>> = {
  report: { council: 'council', options: 'options', sections: 'section' },
  options: { periods: 'period' },
  section: { tables: 'table' },
  table: { columns: 'column', rows: 'row' },
};

function ordered(value: unknown, kind: string | undefined): unknown {
  if (Array.isArray(value)) return value.map((v) => ordered(v, kind));
  if (value === null || typeof value !== 'object') return value;
  const object = value as Record<string, unknown>;
  const known = kind ? ORDER[kind] ?? [] : [];
  const keys = [...known.filter((k) => k in object), ...Object.keys(object).filter((k) => !known.includes(k)).sort()];
  return Object.fromEntries(keys.filter((k) => object[k] !== undefined).map((k) => [k, ordered(object[k], kind ? CHILD[kind]?.[k] : undefined)]));
}

/** The report with its title, as every other format prints it. */
export function renderJson(report: AnnualReport): string {
  return `${JSON.stringify(ordered({ ...report, title: reportTitle(report) }, 'report'), null, 2)}\n`;
}
