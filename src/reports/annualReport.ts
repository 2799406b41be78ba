import { isEmbeddedPool, type Queryable } from '../db/database.ts';
import { oneAtATime } from './reportQueue.ts';
import type pg from 'pg';
import { compileDrillDown, compileFigures, compileList, cubeColumns, populationOf, VIEWS, type ReportScope } from './compile.ts';
import { definitionProblems, type Population, type TableDefinition } from './definitions.ts';
import { reportTables, type ReportOptions } from './reportCatalogue.ts';
import { shapeList, shapeTable, type FigureRow, type ReportTable } from './shape.ts';

/** The annual report as data: what every output renders, and the documented JSON format. */
export interface AnnualReport {
  format: 'redress-annual-report/1';
  council: { slug: string; name: string; nation: string };
  year: string;
  years: string[];
  generatedOn: string;
  options: ReportOptions;
  sections: { key: string; title: string; tables: ReportTable[] }[];
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

/** The years a table covers, oldest first. */
export function yearsOf(t: TableDefinition, options: ReportOptions): string[] {
  if (t.years === 'report_year') return [options.year];
  return comparisonYears(options.year, t.years === 'comparison' ? options.comparisonYears : t.years);
}

function scopeOf(t: TableDefinition, councilId: number, options: ReportOptions, today: string): ReportScope {
  return { councilId, years: yearsOf(t, options), today };
}

/**
 * Rows a table keeps even with nothing in them: every unit at its level, workspace or
 * category the council had during the years shown (Cheshire West lists every workspace).
 */
async function zeroRows(db: Queryable, t: TableDefinition, councilId: number, years: string[]): Promise<{ key: string; label: string; group?: string }[]> {
  if (!t.keepZeroRows || t.rows.map) return [];
  if (t.rows.kind === 'unit') {
    // Units that existed during the reporting years shown: a restructure's closed units are
    // kept only for the years they existed, its new ones only from when they did (ADR 0024).
    const first = Number(years[0]!.slice(0, 4));
    const afterLast = Number(years[years.length - 1]!.slice(0, 4)) + 1;
    const { rows } = await db.query<{ key: string; label: string; group: string | null }>(
      `SELECT DISTINCT ${t.rows.level}_id::text AS key, ${t.rows.level} AS label, ${t.rows.within ? t.rows.within : 'NULL::text'} AS group
         FROM org_unit_path op JOIN org_unit u ON u.council_id = op.council_id AND u.id = op.id
         JOIN council k ON k.id = op.council_id
        WHERE op.council_id = $1 AND ${t.rows.level}_id IS NOT NULL
          AND (u.valid_to IS NULL OR u.valid_to >= to_date($2::text || '-' || k.reporting_year_starts, 'YYYY-MM-DD'))
          AND u.valid_from < to_date($3::text || '-' || k.reporting_year_starts, 'YYYY-MM-DD')`,
      [councilId, first, afterLast]);
    return rows.map((r) => ({ key: r.key, label: r.label, ...(r.group ? { group: r.group } : {}) }));
  }
  // The Ombudsman's categories are its own, not the council's complaint categories.
  const table = t.rows.kind === 'workspace' ? 'workspace' : t.rows.kind === 'category' && t.population !== 'ombudsman' ? 'complaint_category' : null;
  if (!table) return [];
  const { rows } = await db.query<{ name: string }>(`SELECT name FROM ${table} WHERE council_id = $1`, [councilId]);
  return rows.map((r) => ({ key: r.name, label: r.name }));
}

/** Runs one table's figures (one set-based query) and arranges them. */
export async function runTable(
  db: Queryable, t: TableDefinition, councilId: number, options: ReportOptions, today: string,
  sources: Partial<Record<Population, string>> = {}, cubes: ReadonlySet<Population> = new Set(),
): Promise<ReportTable> {
  const problems = definitionProblems(t);
  if (problems.length > 0) throw new Error(problems.join('; '));
  const scope = scopeOf(t, councilId, options, today);
  if (t.list) {
    const listed = compileList(t, scope);
    return shapeList(t, (await db.query<Record<string, unknown>>(listed.text, listed.values)).rows);
  }
  const query = compileFigures(t, scope, sources, cubes);
  const { rows } = await db.query<FigureRow>(query.text, query.values);
  const shaped = shapeTable(t, rows, scope.years, await zeroRows(db, t, councilId, scope.years));
  const target = options.targets[t.key];
  return target === undefined ? shaped : { ...shaped, target };
}

/** Names the views join onto each case, and the id each comes from (complaint, stage and contact views). */
const NAMED_BY_ID: Record<string, { id: string; join: string; alias: string; column: string }> = {
  directorate: { id: 'org_unit_id', join: 'org_unit_path', alias: 'op', column: 'directorate' },
  service: { id: 'org_unit_id', join: 'org_unit_path', alias: 'op', column: 'service' },
  team: { id: 'org_unit_id', join: 'org_unit_path', alias: 'op', column: 'team' },
  directorate_id: { id: 'org_unit_id', join: 'org_unit_path', alias: 'op', column: 'directorate_id' },
  service_id: { id: 'org_unit_id', join: 'org_unit_path', alias: 'op', column: 'service_id' },
  team_id: { id: 'org_unit_id', join: 'org_unit_path', alias: 'op', column: 'team_id' },
  workspace: { id: 'workspace_id', join: 'workspace', alias: 'w', column: 'name' },
  category: { id: 'category_id', join: 'complaint_category', alias: 'cat', column: 'name' },
};

/**
 * A cube of counts over `columns` of a population's view. Cases are grouped by the ids of
 * their organisation unit, workspace and category, and the names joined on to the groups:
 * the view's own name joins are then left out by the planner (a third of the time at 1M cases).
 */
function cubeSelect(population: Population, columns: string[], where: string, yearSql: string | null): string {
  const byId = population === 'complaint' || population === 'stage' || population === 'contact';
  // An Ombudsman case's unit is its complaint's: grouped by that unit's id too.
  const named = byId ? columns.filter((c) => NAMED_BY_ID[c]) : population === 'ombudsman' ? columns.filter((c) => NAMED_BY_ID[c]?.id === 'org_unit_id') : [];
  const inner = [...new Set(columns.map((c) => (named.includes(c) ? NAMED_BY_ID[c]!.id : c === 'year' && yearSql ? `${yearSql} AS year` : c)))];
  const outer = columns.map((c) => (named.includes(c) ? `${NAMED_BY_ID[c]!.alias}.${NAMED_BY_ID[c]!.column}` : `g.${c}`));
  const joins = [...new Set(named.map((c) => NAMED_BY_ID[c]!))].map(
    (n) => `LEFT JOIN ${n.join} ${n.alias} ON ${n.alias}.council_id = g.council_id AND ${n.alias}.id = g.${n.id}`,
  );
  return `SELECT ${outer.map((e, i) => `${e} AS ${columns[i]}`).join(', ')}, sum(g.n)::bigint AS n
            FROM (SELECT ${inner.join(', ')}, count(*) AS n FROM ${VIEWS[population]} WHERE ${where} GROUP BY ${inner.map((_, i) => i + 1).join(', ')}) g
            ${[...new Set(joins)].join(' ')}
           GROUP BY ${outer.join(', ')}`;
}

type Connectable = Queryable & { connect?: () => Promise<pg.PoolClient> };

/**
 * How a report runs its statements. In one transaction on a connection of its own (a
 * server's pool has ten), or, on the embedded engine's one shared connection, each
 * statement on its own so that pages' queries take turns with the report's (ADR 15).
 */
interface ReportRun {
  /** Snapshot tables are named so that two runs cannot meet. */
  readonly suffix: string;
  /** Whether a snapshot may be read in pieces, one statement per reporting year. */
  readonly inPieces: boolean;
  /** A statement over the views: with the report's planner settings (nestloop off while snapshotting). */
  snapshot(text: string, values?: unknown[]): Promise<void>;
  /** A query that reads the snapshots (a table's figures). */
  readonly q: Queryable;
  finish(): Promise<void>;
  abandon(): Promise<void>;
  /** Gives back what the run held, whichever way it ended. */
  end(): void;
}

// Grouping a million rows wants memory, not disk. The views' subqueries cost high enough that
// the server would compile each of the report's small queries to machine code, which takes
// longer than running them (ADR 10). A snapshot reads a council's whole years: hash joins,
// always. A server holding many councils may have statistics from before this council's rows
// were imported (below autovacuum's 10%), and then estimates one row and nests loops over
// thousands (minutes instead of a second, seen on CI's shared database).
const REPORT_SETTINGS = ["SET LOCAL work_mem = '64MB'", 'SET LOCAL jit = off'];
const SNAPSHOT_SETTINGS = ['SET LOCAL enable_nestloop = off'];

async function inOneTransaction(db: Connectable): Promise<ReportRun> {
  const client = db.connect ? await db.connect() : null;
  const q: Queryable = client ?? db;
  try {
    await q.query('BEGIN');
    for (const setting of REPORT_SETTINGS) await q.query(setting);
  } catch (error) {
    await q.query('ROLLBACK').catch(() => {});
    client?.release();
    throw error;
  }
  let snapshotting = false;
  return {
    suffix: '',
    inPieces: false,
    q: {
      query: (async (text: string, values?: unknown[]) => {
        if (snapshotting) {
          snapshotting = false;
          await q.query('SET LOCAL enable_nestloop = on');
        }
        return q.query(text, values);
      }) as Queryable['query'],
    },
    async snapshot(text, values) {
      if (!snapshotting) {
        snapshotting = true;
        for (const setting of SNAPSHOT_SETTINGS) await q.query(setting);
      }
      await q.query(text, values);
    },
    async finish() {
      await q.query('COMMIT');
    },
    async abandon() {
      await q.query('ROLLBACK').catch(() => {});
    },
    end: () => client?.release(),
  };
}

let runs = 0;

/**
 * On the embedded engine: every statement on its own, so the one connection is free for
 * pages between them. A snapshot's statement runs in a short transaction of its own with
 * the report's settings; its table outlives it (PGlite is one session: every connection of
 * the pool sees it) and is dropped when the report is done. Snapshots are read one
 * reporting year at a time, so no statement holds the connection for long.
 */
function statementByStatement(db: Connectable & { connect: () => Promise<pg.PoolClient> }): ReportRun {
  const suffix = `_${process.pid}_${++runs}`;
  const made = new Set<string>();
  const dropAll = async () => {
    for (const table of made) await db.query(`DROP TABLE IF EXISTS ${table}`).catch(() => {});
    made.clear();
  };
  return {
    suffix,
    inPieces: true,
    q: db,
    async snapshot(text, values) {
      const created = /^CREATE TEMPORARY TABLE (\S+)/.exec(text)?.[1];
      const client = await db.connect();
      try {
        await client.query('BEGIN');
        for (const setting of [...REPORT_SETTINGS, ...SNAPSHOT_SETTINGS]) await client.query(setting);
        await client.query(text, values);
        await client.query('COMMIT');
        if (created) made.add(created);
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    finish: dropAll,
    abandon: dropAll,
    end: () => {},
  };
}

/**
 * The whole report. Each population the tables count is read once into a temporary snapshot
 * of its view (this council, these years), and every table aggregates the snapshot: the
 * view's joins run once per report, not once per table. Drill-downs read the views
 * themselves; the snapshot holds exactly their rows, so the figures agree.
 *
 * On the embedded engine reports run one at a time, statement by statement, so a page
 * waits at most for one of the report's statements, not for the whole report (ADR 15).
 */
export async function buildAnnualReport(
  db: Connectable, councilId: number, options: ReportOptions, today: string,
  /** Told how long each snapshot and table took (the benchmark's breakdown). */
  trace?: (step: string, ms: number) => void,
): Promise<AnnualReport> {
  if (isEmbeddedPool(db) && db.connect) {
    const pool = db as Connectable & { connect: () => Promise<pg.PoolClient> };
    return oneAtATime(pool, () => build(statementByStatement(pool), councilId, options, today, trace));
  }
  return build(await inOneTransaction(db), councilId, options, today, trace);
}

/** The report in one transaction whatever the engine: how every report ran before ADR 15 (the concurrency benchmark's comparison). */
export async function buildAnnualReportInOneTransaction(
  db: Connectable, councilId: number, options: ReportOptions, today: string, trace?: (step: string, ms: number) => void,
): Promise<AnnualReport> {
  return build(await inOneTransaction(db), councilId, options, today, trace);
}

async function build(run: ReportRun, councilId: number, options: ReportOptions, today: string, trace?: (step: string, ms: number) => void): Promise<AnnualReport> {
  const timed = async <T>(step: string, work: () => Promise<T>): Promise<T> => {
    const start = performance.now();
    const result = await work();
    trace?.(step, performance.now() - start);
    return result;
  };
  const q = run.q;
  try {
    const council = await q.query<{ slug: string; name: string; nation: string; starts: string }>(
      'SELECT slug, name, nation, reporting_year_starts AS starts FROM council WHERE id = $1', [councilId]);
    if (!council.rows[0]) throw new Error(`There is no council ${councilId}`);
    const { starts, ...about } = council.rows[0];
    const catalogue = reportTables(options);
    const tables = catalogue.flatMap((s) => s.tables);
    // The earliest year any table goes back to (Staffordshire's stage 2 table covers four).
    const years = tables.map((t) => yearsOf(t, options)).reduce((a, b) => (b[0]! < a[0]! ? b : a), comparisonYears(options.year, options.comparisonYears));
    const yearStart = (y: string) => `${y.slice(0, 4)}-${starts}`;
    const range = { from: yearStart(years[0]!), to: `${Number(options.year.slice(0, 4)) + 1}-${starts}` };
    const sources: Partial<Record<Population, string>> = {};
    const cubes = new Set<Population>();
    const uses = tables.flatMap((table) => table.measures.map((measure) => ({ table, measure, population: populationOf(table, measure) })));
    const populations = new Set(uses.map((u) => u.population));
    for (const population of populations) {
      const snapshot = `report_snapshot_${population}${run.suffix}`;
      // By date range rather than by year label, so the planner can estimate (and index) it.
      // Ombudsman decisions count in the year decided, so those rows come too.
      const inYears = (column: string) => `(${column} >= $2::date AND ${column} < $3::date)`;
      const where = `council_id = $1 AND (${inYears('received_on')}${population === 'ombudsman' ? ` OR ${inYears('decided_on')}` : ''})`;
      // Where every table only counts, a cube of counts over the columns they use stands in
      // for the rows (a million contacts become a few thousand groups).
      const cube = cubeColumns(uses.filter((u) => u.population === population));
      // Stages are read by procedure and stage in nearly every table: stored in that order and
      // indexed so, each table reads its few rows rather than all of them (ADR 10).
      const byStage = !cube && population === 'stage';
      // In a cube the reporting year comes from the date's place among the years' first days,
      // not from the view's reporting_year() of every row: a third of a million-contact cube's time.
      const whens = years.slice(1).map((_, i) => `WHEN received_on < $${4 + 2 * i}::date THEN $${5 + 2 * i}::text`);
      const last = `$${4 + 2 * (years.length - 1)}::text`;
      const yearSql = population === 'ombudsman' ? null : whens.length > 0 ? `CASE ${whens.join(' ')} ELSE ${last} END` : last;
      const yearValues = years.flatMap((y, i) => (i < years.length - 1 ? [`${Number(y.slice(0, 4)) + 1}-${starts}`, y] : [y]));
      const select = cube ? cubeSelect(population, cube, where, yearSql) : `SELECT * FROM ${VIEWS[population]} WHERE ${where}${byStage ? ' ORDER BY procedure, stage' : ''}`;
      const extra = cube && yearSql ? yearValues : [];
      // Statement by statement, a snapshot is read a reporting year at a time (its rows are
      // disjoint by received_on; a cube's tables sum its counts, so a group split across years
      // adds up the same). The Ombudsman's rows are chosen by two dates, so read whole.
      const pieces = run.inPieces && population !== 'ombudsman'
        ? years.map((y, i) => [yearStart(y), i < years.length - 1 ? yearStart(years[i + 1]!) : range.to] as const)
        : [[range.from, range.to] as const];
      await timed(`snapshot ${population}${cube ? ' (cube)' : ''}`, async () => {
        for (const [i, [from, to]] of pieces.entries()) {
          const text = i === 0 ? `CREATE TEMPORARY TABLE ${snapshot}${run.suffix ? '' : ' ON COMMIT DROP'} AS ${select}` : `INSERT INTO ${snapshot} ${select}`;
          await run.snapshot(text, [councilId, from, to, ...extra]);
        }
      });
      if (byStage) await run.snapshot(`CREATE INDEX ON ${snapshot} (procedure, stage)`);
      // A temporary table has no statistics until analysed: the tables' plans need them.
      await run.snapshot(`ANALYZE ${snapshot}`);
      sources[population] = snapshot;
      if (cube) cubes.add(population);
    }
    const sections = [];
    for (const s of catalogue) {
      const tables = [];
      for (const t of s.tables) tables.push(await timed(`table ${t.key}`, () => runTable(q, t, councilId, options, today, sources, cubes)));
      sections.push({ key: s.section, title: s.title, tables });
    }
    await run.finish();
    return {
      format: 'redress-annual-report/1',
      council: about,
      year: options.year,
      years,
      generatedOn: today,
      options,
      sections,
    };
  } catch (error) {
    await run.abandon();
    throw error;
  } finally {
    run.end();
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
