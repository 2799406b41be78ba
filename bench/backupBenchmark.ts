import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { openDatabase, type Database } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { seedDemoCouncil } from '../src/demo/seedDemo.ts';
import { backupDatabase } from '../src/backup/backup.ts';
import { restoreDatabase } from '../src/backup/restore.ts';

const TODAY = '2026-11-30';

/**
 * Issue 10: `redress backup` and `redress restore` of a council with `contacts` contacts of
 * generated history (the demo seed: four reporting years), on each engine: the backup's
 * time, size and rows, and the restore's time into a new, empty database of the same engine.
 */
export async function backupBenchmark(contacts: number, engines: { name: string; open: () => Promise<Database> }[]): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'redress-bench-backup-'));
  try {
    for (const engine of engines) {
      const db = await engine.open();
      let target: { db: Database; drop: () => Promise<void> } | null = null;
      try {
        await migrate(db);
        const seeding = performance.now();
        await seedDemoCouncil(db, TODAY, Math.ceil(contacts / 4), { slug: `bench-${randomUUID().slice(0, 8)}` });
        const seeded = (performance.now() - seeding) / 1000;
        const file = join(work, `${randomUUID()}.backup.gz`);
        const started = performance.now();
        const backup = await backupDatabase(db, file);
        const backupSeconds = (performance.now() - started) / 1000;
        target = await emptyDatabaseBeside(db);
        const restoring = performance.now();
        await restoreDatabase(target.db, file);
        const restoreSeconds = (performance.now() - restoring) / 1000;
        const { rows: [c] } = await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM contact');
        console.log(
          `  ${engine.name}: ${c!.n.toLocaleString('en-GB')} contacts (seeded in ${seeded.toFixed(0)} s), ${backup.rows.toLocaleString('en-GB')} rows, ` +
            `${(backup.bytes / 1024 / 1024).toFixed(1)} MB: backup ${backupSeconds.toFixed(1)} s, restore ${restoreSeconds.toFixed(1)} s (migrations and checks included)`,
        );
      } finally {
        await target?.drop();
        await db.close();
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** A new, empty database of the same engine: in memory, or a new database on the same server. */
async function emptyDatabaseBeside(db: Database): Promise<{ db: Database; drop: () => Promise<void> }> {
  if (db.engine === 'embedded') {
    const fresh = await openDatabase({ dataDir: null });
    return { db: fresh, drop: () => fresh.close() };
  }
  const name = `redress_bench_restore_${randomUUID().replaceAll('-', '').slice(0, 8)}`;
  await db.pool.query(`CREATE DATABASE ${name}`);
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/${name}`;
  const fresh = await openDatabase({ databaseUrl: url.toString() });
  return {
    db: fresh,
    drop: async () => {
      await fresh.close();
      await db.pool.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}
