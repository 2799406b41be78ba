import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { inTransaction, type Database } from './database.ts';
import { keepStatisticsFresh } from './statistics.ts';
import { prepareJobQueue } from '../messages/jobQueue.ts';

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

/** The migrations this version of Redress has, in the order they apply. */
export function migrationNames(): string[] {
  return readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql')).sort();
}

export interface MigrateOptions {
  /**
   * Apply only these migrations (a restore brings an empty database to its backup's schema
   * first, loads the rows, then applies the rest: src/backup/restore.ts).
   */
  only?: readonly string[];
}

/**
 * Applies the SQL files in migrations/ in name order, each once, each in its own
 * transaction. The same files run on the embedded engine and on the server; an advisory
 * lock keeps two processes starting together against one server from racing. Then the
 * planner's statistics are brought up to date (statistics.ts): migrate runs at every start
 * and every command, so tables a migration filled, or the app changed since, are analysed
 * before anything reads them, on the embedded engine too (no autovacuum there).
 */
export async function migrate(db: Database, options: MigrateOptions = {}): Promise<string[]> {
  const only = options.only ? new Set(options.only) : null;
  const files = migrationNames().filter((f) => !only || only.has(f));
  const applied: string[] = [];
  await inTransaction(db, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock(7346001)');
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migration (
      name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Set((await client.query<{ name: string }>('SELECT name FROM schema_migration')).rows.map((r) => r.name));
    for (const file of files) {
      if (done.has(file)) continue;
      await client.query(readFileSync(join(MIGRATIONS_DIR, file), 'utf8'));
      await client.query('INSERT INTO schema_migration (name) VALUES ($1)', [file]);
      applied.push(file);
    }
  });
  // The delivery queue's own schema (pg-boss keeps its version and migrates itself), one
  // process at a time: two starting together on a new server database both tried to create it.
  await oneProcessAtATime(db, () => prepareJobQueue(db));
  await keepStatisticsFresh(db.pool);
  return applied;
}

/**
 * Runs `work` holding an advisory lock that other processes on the same server wait for: a
 * session lock on a connection of its own, while `work` uses the pool. The embedded engine
 * admits one process (the data-directory lock) and has one connection, so there it just runs.
 */
async function oneProcessAtATime<T>(db: Database, work: () => Promise<T>): Promise<T> {
  if (db.engine !== 'server') return work();
  const holder = await db.pool.connect();
  try {
    await holder.query('SELECT pg_advisory_lock(7346002)');
    try {
      return await work();
    } finally {
      await holder.query('SELECT pg_advisory_unlock(7346002)');
    }
  } finally {
    holder.release();
  }
}
