import type { Queryable } from './database.ts';

/**
 * Keeps the planner's statistics fresh (ADR 12). The embedded engine has no autovacuum, so
 * nothing else ever runs ANALYZE there: a table filled by an import stays "never analysed",
 * the planner guesses its columns, and the annual report on 100k contacts takes 15 s
 * instead of 1 s. The server may have autovacuum, but it analyses in its own time, and a
 * report straight after an import wants the statistics now.
 *
 * Called after every migration (so every start and every CLI command), after every import
 * and after the demo seeding. It analyses only the tables that need it, by autovacuum's own
 * rule: never analysed and not empty, or more than 50 + 10% of its rows changed since the
 * last ANALYZE. Rows changed are the larger of the server's count (n_mod_since_analyze) and
 * what the table's growth on disk since then implies (pages added × rows per page), which
 * the embedded engine keeps across restarts. A table nothing touched costs nothing; a few
 * rows imported into a big database do not trigger a full ANALYZE.
 */

/** autovacuum_analyze_threshold and autovacuum_analyze_scale_factor's defaults. */
export const ANALYZE_THRESHOLD = 50;
export const ANALYZE_SCALE_FACTOR = 0.1;

export interface TableStatistics {
  table: string;
  /** The planner's row count, -1 when never analysed. */
  reltuples: number;
  /** Pages when last analysed (or vacuumed). */
  relpages: number;
  /** Pages now. */
  pages: number;
  /** Rows inserted, updated or deleted since the last ANALYZE, as the statistics system counts them. */
  modified: number;
}

/** Rows changed since the last ANALYZE: the counted changes, or what the growth on disk implies. */
export function rowsChangedSinceAnalyze(t: TableStatistics): number {
  const rowsPerPage = t.relpages > 0 && t.reltuples > 0 ? t.reltuples / t.relpages : 0;
  return Math.max(t.modified, (t.pages - t.relpages) * rowsPerPage);
}

/** Autovacuum's rule, for tables that are not empty. */
export function needsAnalyze(t: TableStatistics): boolean {
  if (t.pages === 0) return false; // empty: nothing to learn
  if (t.reltuples < 0) return true; // never analysed
  if (t.reltuples === 0) return t.pages > t.relpages; // analysed while empty, grown since
  return rowsChangedSinceAnalyze(t) > ANALYZE_THRESHOLD + ANALYZE_SCALE_FACTOR * t.reltuples;
}

/** The tables of the schema in use (not temporary ones), with what the rule needs. */
export async function tableStatistics(db: Queryable): Promise<TableStatistics[]> {
  const { rows } = await db.query<TableStatistics>(
    `SELECT c.relname AS "table", c.reltuples::float8 AS reltuples, c.relpages::int AS relpages,
            (pg_relation_size(c.oid) / current_setting('block_size')::int)::int AS pages,
            coalesce(s.n_mod_since_analyze, 0)::float8 AS modified
       FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid
      WHERE c.relkind = 'r' AND n.nspname = ANY (current_schemas(false))
      ORDER BY c.relname`,
  );
  return rows;
}

const quoteIdentifier = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Analyses the tables that need it (all tables, or only `tables`), and `always` whatever the
 * rule says (a council's own rows grew, though the table as a whole did not much); returns
 * their names. Run it outside any transaction of the caller's, after the writes have committed.
 */
export async function keepStatisticsFresh(db: Queryable, tables?: readonly string[], always: readonly string[] = []): Promise<string[]> {
  // Counters of the session that just wrote are flushed when it goes idle, at most once a
  // second; ask for them now (the pool hands back the session released last).
  await db.query('SELECT pg_stat_force_next_flush()');
  const stale = (await tableStatistics(db))
    .filter((t) => always.includes(t.table) || ((!tables || tables.includes(t.table)) && needsAnalyze(t))).map((t) => t.table);
  if (stale.length > 0) await db.query(`ANALYZE ${stale.map(quoteIdentifier).join(', ')}`);
  return stale;
}
