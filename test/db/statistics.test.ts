/**
 * "Statistics are kept fresh after import, seeding and migration on both engines" (ADR 12):
 * the embedded engine has no autovacuum, so without this the big tables stay never analysed
 * and the annual report plans blind (15 s instead of 1 s on 100k contacts). Tests the
 * freshness itself, not timings.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importCaseHistory, readCaseHistoryFolder } from '../../src/caseHistory/importCaseHistory.ts';
import { writeCaseHistoryFolder } from '../../src/demo/writeCaseHistory.ts';
import { demoCouncil } from '../../src/demo/caseHistoryGenerator.ts';
import { seedDemoCouncil } from '../../src/demo/seedDemo.ts';
import { openDatabase, type Database } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { keepStatisticsFresh, needsAnalyze, tableStatistics } from '../../src/db/statistics.ts';
import { embeddedPassOnly, engineName, newTestCouncil, useTestDatabase } from '../support/testDatabase.ts';
import { systemActor } from '../../src/events/actor.ts';

const db = await useTestDatabase();
const TODAY = '2024-11-01';
const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function history(contactsPerYear: number, seed: number): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'redress-statistics-'));
  dirs.push(dir);
  await writeCaseHistoryFolder(dir, { seed, today: TODAY, years: 3, contactsPerYear, council: demoCouncil });
  return dir;
}

/** Each table's planner statistics: its row estimate, and whether any column has statistics. */
async function analysed(database: Database, tables: string[]): Promise<Record<string, { reltuples: number; columns: number; count: number }>> {
  const result: Record<string, { reltuples: number; columns: number; count: number }> = {};
  for (const table of tables) {
    const { rows } = await database.pool.query<{ reltuples: number; columns: number; count: number }>(
      `SELECT c.reltuples::float8 AS reltuples,
              (SELECT count(*)::int FROM pg_stats s WHERE s.schemaname = n.nspname AND s.tablename = c.relname) AS columns,
              (SELECT count(*)::int FROM ${table}) AS count
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relname = $1 AND n.nspname = ANY (current_schemas(false))`,
      [table],
    );
    result[table] = rows[0]!;
  }
  return result;
}

const BIG_TABLES = ['contact', 'complaint', 'complaint_stage', 'calendar_day'];

test(`after an import the tables it filled have fresh planner statistics (${engineName()})`, async () => {
  const council = await newTestCouncil(db);
  const started = (await db.pool.query<{ at: Date }>('SELECT clock_timestamp() AS at')).rows[0]!.at;
  await importCaseHistory(db, council.id, readCaseHistoryFolder(await history(400, 3)), {
    createOrg: true, today: TODAY, actor: systemActor('test'), source: 'statistics.test.ts',
  });
  const stats = await analysed(db, BIG_TABLES);
  for (const table of BIG_TABLES) {
    const t = stats[table]!;
    assert.ok(t.reltuples >= 0 && t.columns > 0, `${table} has planner statistics (reltuples ${t.reltuples})`);
  }
  // The tables the import wrote were analysed after it started, by the import itself: even on
  // a server database other councils fill (as the other test files do), since it is this
  // council's first history and the planner must know its rows.
  const { rows } = await db.pool.query<{ relname: string; at: Date | null }>(
    `SELECT relname, greatest(last_analyze, last_autoanalyze) AS at FROM pg_stat_user_tables WHERE relname = ANY ($1)`,
    [['contact', 'complaint', 'complaint_stage']],
  );
  for (const r of rows) assert.ok(r.at && r.at >= started, `${r.relname} analysed after the import started (${r.at?.toISOString()})`);
  if (!process.env.DATABASE_URL) {
    // This database is the test's own: the estimates are the tables' sizes and nothing is left stale.
    for (const table of BIG_TABLES) assert.equal(stats[table]!.reltuples, stats[table]!.count, table);
    assert.deepEqual((await tableStatistics(db.pool)).filter(needsAnalyze).map((t) => t.table), []);
  }
});

test(`a few rows written to a big table do not analyse it again; many do (${engineName()})`, async () => {
  // A table of its own, so other test files writing to the same server cannot move it.
  const table = `statistics_probe_${process.pid}_${Date.now()}`;
  const client = await db.pool.connect();
  try {
    await client.query(`CREATE TABLE ${table} (n int)`);
    await client.query(`INSERT INTO ${table} SELECT generate_series(1, 2000)`);
    assert.deepEqual(await keepStatisticsFresh(client, [table]), [table], 'never analysed: analysed');
    await client.query(`INSERT INTO ${table} SELECT generate_series(1, 20)`);
    assert.deepEqual(await keepStatisticsFresh(client, [table]), [], '20 rows into 2,000: under 50 + 10%, left alone');
    await client.query(`INSERT INTO ${table} SELECT generate_series(1, 400)`);
    assert.deepEqual(await keepStatisticsFresh(client, [table]), [table], '420 rows into 2,000: analysed again');
    const { rows } = await client.query<{ reltuples: number }>('SELECT reltuples::float8 AS reltuples FROM pg_class WHERE relname = $1', [table]);
    assert.equal(rows[0]!.reltuples, 2420);
  } finally {
    await client.query(`DROP TABLE IF EXISTS ${table}`);
    client.release();
  }
});

test('the rule is autovacuum’s: never analysed, or more than 50 + 10% of the rows changed since', () => {
  const t = { table: 't', reltuples: 1000, relpages: 10, pages: 10, modified: 0 };
  assert.equal(needsAnalyze({ ...t, reltuples: -1 }), true);
  assert.equal(needsAnalyze({ ...t, reltuples: -1, pages: 0 }), false);
  assert.equal(needsAnalyze({ ...t, modified: 150 }), false);
  assert.equal(needsAnalyze({ ...t, modified: 151 }), true);
  // Growth on disk counts too (the embedded engine's counters do not outlive a restart): 2 pages of 100 rows.
  assert.equal(needsAnalyze({ ...t, pages: 11 }), false);
  assert.equal(needsAnalyze({ ...t, pages: 12 }), true);
  assert.equal(needsAnalyze({ ...t, reltuples: 0, relpages: 0, pages: 1 }), true);
});

test('on the embedded engine, demo seeding and migration leave no table unanalysed', { skip: embeddedPassOnly() }, async () => {
  // Its own embedded database whatever DATABASE_URL says: this is the engine with no autovacuum.
  const dir = mkdtempSync(join(tmpdir(), 'redress-statistics-db-'));
  dirs.push(dir);
  const embedded = await openDatabase({ dataDir: dir });
  try {
    await migrate(embedded);
    await seedDemoCouncil(embedded, TODAY, 300);
    const stats = await analysed(embedded, [...BIG_TABLES, 'org_unit', 'workspace', 'complaint_category', 'ombudsman_case']);
    for (const [table, t] of Object.entries(stats)) assert.ok(t.reltuples >= 0 && t.columns > 0, `${table} analysed after seeding`);
    assert.deepEqual((await tableStatistics(embedded.pool)).filter(needsAnalyze).map((t) => t.table), []);
  } finally {
    await embedded.close();
  }
  // Rows written outside an import and seeding (here by hand, into a table of the test's
  // own) are analysed by the next migration, which every start and every command runs, even
  // after a restart.
  const reopened = await openDatabase({ dataDir: dir });
  try {
    await reopened.pool.query('CREATE TABLE statistics_probe (n int)');
    await reopened.pool.query('INSERT INTO statistics_probe SELECT generate_series(1, 5000)');
  } finally {
    await reopened.close();
  }
  const again = await openDatabase({ dataDir: dir });
  try {
    const probe = async () => (await analysed(again, ['statistics_probe'])).statistics_probe!;
    assert.equal((await probe()).reltuples, -1, 'not analysed before the migration');
    await migrate(again);
    assert.equal((await probe()).reltuples, 5000, 'analysed by migrate');
    assert.deepEqual(await keepStatisticsFresh(again.pool), [], 'a second pass has nothing to do');
  } finally {
    await again.close();
  }
});
