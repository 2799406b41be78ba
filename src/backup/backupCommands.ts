import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config.ts';
import { openDatabase, type Database } from '../db/database.ts';
import { DataDirectoryLockedError } from '../db/dataDirectoryLock.ts';
import { backupDatabase } from './backup.ts';
import { BackupRefusedError } from './format.ts';
import { readBackupHeader, restoreDatabase } from './restore.ts';

/**
 * `redress backup <file>` and `redress restore <file>`: the database named by DATABASE_URL,
 * else the embedded one in DATA_DIR, like every command. Neither migrates first: a backup
 * leaves the database as it found it, and a restore brings the new database to the backup's
 * schema itself.
 */
export async function backupCommand(config: Config, file: string): Promise<number> {
  if (!config.databaseUrl && !existsSync(join(config.dataDir, 'pglite'))) {
    throw new BackupRefusedError(`There is no Redress database in ${config.dataDir} to back up, so set DATA_DIR to the folder Redress runs with (or DATABASE_URL for a PostgreSQL server).`);
  }
  if (existsSync(file)) throw new BackupRefusedError(`${file} is already there, so give the backup a new file name (a backup never writes over another).`);
  const db = await open(config, 'backup');
  try {
    const { rows } = await db.pool.query<{ found: boolean }>(`SELECT to_regclass('public.schema_migration') IS NOT NULL AS found`);
    if (!rows[0]?.found) throw new BackupRefusedError(`The ${db.engine} database (${db.location}) has no Redress tables, so there is nothing to back up.`);
    const started = performance.now();
    const backup = await backupDatabase(db, file);
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `Backed up the ${db.engine} database (${db.location}) to ${file}: ${backup.rows.toLocaleString('en-GB')} rows of ` +
        `${backup.tables.length} tables, ${megabytes(backup.bytes)}, in ${seconds.toFixed(1)} s (checksum ${backup.checksum.slice(0, 16)}).`,
    );
    return 0;
  } finally {
    await db.close();
  }
}

export async function restoreCommand(config: Config, file: string): Promise<number> {
  // A file that is not there, or not a backup, is said before a new data directory is made for it.
  statSync(file);
  await readBackupHeader(file);
  const db = await open(config, 'restore');
  try {
    const started = performance.now();
    const restored = await restoreDatabase(db, file);
    const seconds = (performance.now() - started) / 1000;
    const { header } = restored;
    console.log(
      `Restored ${file} (backed up ${header.createdAt} from the ${header.engine} database of Redress ${header.redressVersion}) into the ` +
        `${db.engine} database (${db.location}): ${restored.rows.toLocaleString('en-GB')} rows, checked, in ${seconds.toFixed(1)} s.`,
    );
    if (restored.deliveriesQueued > 0) console.log(`${restored.deliveriesQueued} messages that were waiting are queued for delivery again.`);
    if (restored.migrationsAfter.length > 0) console.log(`Then brought up to date: ${restored.migrationsAfter.join(', ')}.`);
    return 0;
  } finally {
    await db.close();
  }
}

/** The database, with the embedded one's lock said in a backup's words: stop `redress start`, or use a server. */
async function open(config: Config, what: 'backup' | 'restore'): Promise<Database> {
  try {
    return await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  } catch (error) {
    if (!(error instanceof DataDirectoryLockedError)) throw error;
    throw new BackupRefusedError(
      what === 'backup'
        ? `The database in ${error.dataDir} is open in another Redress process (pid ${error.holderPid}), so stop it (redress start) while the backup runs, or run Redress on a PostgreSQL server, which is backed up while it runs.`
        : `The database in ${error.dataDir} is open in another Redress process (pid ${error.holderPid}), so restore into a new DATA_DIR that nothing has open.`,
    );
  }
}

const megabytes = (bytes: number) => (bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(0)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`);
