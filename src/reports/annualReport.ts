import type { Queryable } from '../db/database.ts';
import type pg from 'pg';
import { compileDrillDown, compileFigures, VIEWS, type ReportScope } from './compile.ts';
import { definitionProblems, type Population, type TableDefinition } from './definitions.ts';
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
export async function runTable(
  db: Queryable, t: TableDefinition, councilId: number, options: ReportOptions, today: string, sources: Partial<Record<Population, string>> = {},
): Promise<ReportTable> {
  const problems = definitionProblems(t);
  if (problems.length > 0) throw new Error(problems.join('; '));
  const scope = scopeOf(t, councilId, options, today);
  const query = compileFigures(t, scope, sources);
  const { rows } = await db.query<FigureRow>(query.text, query.values);
  const shaped = shapeTable(t, rows, scope.years);
  const target = options.targets[t.key];
  return target === undefined ? shaped : { ...shaped, target };
}

type Connectable = Queryable & { connect?: () => Promise<pg.PoolClient> };

/**
 * The whole report. Each population the tables count is read once into a temporary snapshot
 * of its view (this council, these years), and every table aggregates the snapshot: the
 * view's joins run once per report, not once per table. Drill-downs read the views
 * themselves; the snapshot holds exactly their rows, so the figures agree.
 */
export async function buildAnnualReport(db: Connectable, councilId: number, options: ReportOptions, today: string): Promise<AnnualReport> {
  const client = db.connect ? await db.connect() : null;
  const q: Queryable = client ?? db;
  try {
    await q.query('BEGIN');
    const council = await q.query<{ slug: string; name: string; nation: string }>('SELECT slug, name, nation FROM council WHERE id = $1', [councilId]);
    if (!council.rows[0]) throw new Error(`There is no council ${councilId}`);
    const catalogue = reportTables(options);
    const years = comparisonYears(options.year, options.comparisonYears);
    const sources: Partial<Record<Population, string>> = {};
    for (const population of new Set(catalogue.flatMap((s) => s.tables.map((t) => t.population)))) {
      const snapshot = `report_snapshot_${population}`;
      // Ombudsman decisions count in the year decided, so those rows come too.
      const decided = population === 'ombudsman' ? ' OR decided_year = ANY($2::text[])' : '';
      await q.query(`CREATE TEMPORARY TABLE ${snapshot} ON COMMIT DROP AS
                       SELECT * FROM ${VIEWS[population]} WHERE council_id = $1 AND (year = ANY($2::text[])${decided})`, [councilId, years]);
      sources[population] = snapshot;
    }
    const sections = [];
    for (const s of catalogue) {
      const tables = [];
      for (const t of s.tables) tables.push(await runTable(q, t, councilId, options, today, sources));
      sections.push({ key: s.section, title: s.title, tables });
    }
    await q.query('COMMIT');
    return {
      format: 'redress-annual-report/1',
      council: council.rows[0],
      year: options.year,
      years,
      generatedOn: today,
      options,
      sections,
    };
  } catch (error) {
    await q.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client?.release();
  }
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
