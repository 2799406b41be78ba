import type { Queryable } from '../db/database.ts';
import { compileDrillDown, compileFigures, type ReportScope } from './compile.ts';
import { definitionProblems, type TableDefinition } from './definitions.ts';
import { reportTables, type ReportOptions, type SectionKey } from './reportCatalogue.ts';
import { shapeTable, type FigureRow, type ReportTable } from './shape.ts';

/** The annual report as data: what every output renders, and the documented JSON format. */
export interface AnnualReport {
  format: 'redress-annual-report/1';
  council: { slug: string; name: string; nation: string };
  year: string;
  years: string[];
  generatedOn: string;
  options: ReportOptions;
  sections: { key: SectionKey; title: string; tables: ReportTable[] }[];
}

/** The reporting years ending with `year`, oldest first: '2023/24', 3 → 2021/22, 2022/23, 2023/24. */
export function comparisonYears(year: string, count: number): string[] {
  const start = Number(year.slice(0, 4));
  return Array.from({ length: count }, (_, i) => {
    const y = start - (count - 1 - i);
    return `${y}/${String((y + 1) % 100).padStart(2, '0')}`;
  });
}

export const isReportingYear = (year: string) =>
  /^\d{4}\/\d{2}$/.test(year) && (Number(year.slice(0, 4)) + 1) % 100 === Number(year.slice(5));

function scopeOf(t: TableDefinition, councilId: number, options: ReportOptions, today: string): ReportScope {
  const years = t.years === 'comparison' ? comparisonYears(options.year, options.comparisonYears) : [options.year];
  return { councilId, years, today };
}

/** Runs one table's figures (one set-based query) and arranges them. */
export async function runTable(db: Queryable, t: TableDefinition, councilId: number, options: ReportOptions, today: string): Promise<ReportTable> {
  const problems = definitionProblems(t);
  if (problems.length > 0) throw new Error(problems.join('; '));
  const scope = scopeOf(t, councilId, options, today);
  const query = compileFigures(t, scope);
  const { rows } = await db.query<FigureRow>(query.text, query.values);
  const shaped = shapeTable(t, rows, scope.years);
  const target = options.targets[t.key];
  return target === undefined ? shaped : { ...shaped, target };
}

export async function buildAnnualReport(db: Queryable, councilId: number, options: ReportOptions, today: string): Promise<AnnualReport> {
  const council = await db.query<{ slug: string; name: string; nation: string }>('SELECT slug, name, nation FROM council WHERE id = $1', [councilId]);
  if (!council.rows[0]) throw new Error(`There is no council ${councilId}`);
  const sections = [];
  for (const s of reportTables(options)) {
    const tables = [];
    for (const t of s.tables) tables.push(await runTable(db, t, councilId, options, today));
    sections.push({ key: s.section, title: s.title, tables });
  }
  return {
    format: 'redress-annual-report/1',
    council: council.rows[0],
    year: options.year,
    years: comparisonYears(options.year, options.comparisonYears),
    generatedOn: today,
    options,
    sections,
  };
}

export interface DrillDownRow {
  reference: string;
  counted: boolean;
  [column: string]: unknown;
}

/** The cases behind one figure of one table. */
export async function drillDown(
  db: Queryable, councilId: number, options: ReportOptions, today: string, tableKey: string, cell: { row: string; column: string; measure?: string },
): Promise<{ table: TableDefinition; rows: DrillDownRow[] }> {
  const table = reportTables(options).flatMap((s) => s.tables).find((t) => t.key === tableKey);
  if (!table) throw new RangeError(`There is no table ${tableKey} in this report`);
  const query = compileDrillDown(table, scopeOf(table, councilId, options, today), cell);
  const { rows } = await db.query<DrillDownRow>(query.text, query.values);
  return { table, rows };
}
