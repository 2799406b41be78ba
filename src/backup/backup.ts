import { createHash } from 'node:crypto';
import { closeSync, createWriteStream, existsSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { basename, dirname, join } from 'node:path';
import { finished } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type pg from 'pg';
import type { Database } from '../db/database.ts';
import { readCatalogue } from './catalogue.ts';
import { BACKUP_FORMAT, BACKUP_FORMAT_VERSION, BackupRefusedError, quoteName, tableOrder, type BackupHeader, type BackupTable } from './format.ts';

/** The version of Redress, written in every backup's header. */
export const REDRESS_VERSION: string = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version;

/** Every value as PostgreSQL writes it in text: what goes in the file, and what restore gives back as input. */
export const AS_TEXT = { getTypeParser: () => (value: string) => value } as unknown as pg.CustomTypesConfig;

/** How many rows one FETCH reads: documents are read a few at a time, never all at once. */
const FETCH_ROWS = 500;

/**
 * Settings under which every value's text form reads back the same on either engine:
 * ISO dates, timestamps in UTC with their offset, floats to the last digit, bytea in hex.
 */
export const TEXT_SETTINGS = [
  "SET LOCAL DateStyle = 'ISO, YMD'",
  "SET LOCAL IntervalStyle = 'postgres'",
  "SET LOCAL TimeZone = 'UTC'",
  'SET LOCAL extra_float_digits = 3',
  "SET LOCAL bytea_output = 'hex'",
];

export interface BackupResult {
  file: string;
  tables: BackupTable[];
  rows: number;
  /** The file's size on disk (compressed). */
  bytes: number;
  checksum: string;
  migrations: string[];
}

export interface BackupOptions {
  now?: Date;
  /** Told as each table has been written. */
  onTable?: (table: string, rows: number) => void;
}

/**
 * Writes a backup of the whole database to `file` (format.ts, ADR 0027): every row of every
 * table of the app, cases, documents and audit trail included, read in one REPEATABLE READ,
 * READ ONLY transaction, so the backup is one moment's database however long it takes and
 * whatever staff do meanwhile (on a server; the embedded database admits one process).
 * Rows are read a few hundred at a time through a cursor and streamed through gzip: a
 * database of large documents never sits in memory. The file is written beside its name,
 * made durable, then renamed, so a backup cut short never looks like a whole one; it is
 * readable by its owner only (it holds residents' personal data). An existing file is
 * never written over.
 */
export async function backupDatabase(db: Database, file: string, options: BackupOptions = {}): Promise<BackupResult> {
  if (existsSync(file)) throw new BackupRefusedError(`${file} is already there, so give the backup a new file name (a backup never writes over another).`);
  const temporary = join(dirname(file), `.${basename(file)}.${process.pid}.partial`);
  const gzip = createGzip();
  const out = createWriteStream(temporary, { flags: 'wx', mode: 0o600 });
  gzip.pipe(out);
  const written = finished(out);
  written.catch(() => {}); // awaited below
  await Promise.race([once(out, 'open'), written]); // a folder that is not there fails now, not after reading everything
  const hash = createHash('sha256');
  // Lines are gathered into chunks of about a megabyte for gzip: a write per line waited on gzip thousands of times.
  let chunk: string[] = [];
  let chunkChars = 0;
  const flush = async () => {
    if (chunk.length === 0) return;
    const text = chunk.join('');
    chunk = [];
    chunkChars = 0;
    if (!gzip.write(text)) await Promise.race([once(gzip, 'drain'), written]);
  };
  const write = async (line: string) => {
    const text = `${line}\n`;
    hash.update(text);
    chunk.push(text);
    chunkChars += text.length;
    if (chunkChars >= 1 << 20) await flush();
  };

  const client = await db.pool.connect();
  let result: BackupResult;
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    for (const setting of TEXT_SETTINGS) await client.query(setting);
    const migrations = (await client.query<{ name: string }>('SELECT name FROM schema_migration ORDER BY name')).rows.map((r) => r.name);
    const catalogue = await readCatalogue(client);
    const order = tableOrder([...catalogue.tables.keys()], catalogue.references);
    const tables: BackupTable[] = [];
    for (const name of order) {
      const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM public.${quoteName(name)}`);
      tables.push({ name, columns: catalogue.tables.get(name)!.columns, rows: rows[0]!.n });
    }
    const header: BackupHeader = {
      format: BACKUP_FORMAT, version: BACKUP_FORMAT_VERSION, redressVersion: REDRESS_VERSION, engine: db.engine,
      createdAt: (options.now ?? new Date()).toISOString(), migrations, tables,
    };
    await write(JSON.stringify(header));
    let total = 0;
    for (const table of tables) {
      const shape = catalogue.tables.get(table.name)!;
      await write(JSON.stringify({ table: table.name }));
      // In key order: the same file from the same rows on either engine, and parents mostly before their children.
      const orderBy = shape.primaryKey.length > 0 ? ` ORDER BY ${shape.primaryKey.map(quoteName).join(', ')}` : '';
      await client.query(`DECLARE backup_rows NO SCROLL CURSOR FOR SELECT ${table.columns.map(quoteName).join(', ')} FROM public.${quoteName(table.name)}${orderBy}`);
      let count = 0;
      for (;;) {
        const batch = await client.query<unknown[]>({ text: `FETCH ${FETCH_ROWS} FROM backup_rows`, rowMode: 'array', types: AS_TEXT });
        for (const row of batch.rows) await write(JSON.stringify(row));
        count += batch.rows.length;
        if (batch.rows.length < FETCH_ROWS) break;
      }
      await client.query('CLOSE backup_rows');
      // Counted in the same snapshot: a difference would be a fault of this code, not a change by staff.
      if (count !== table.rows) throw new Error(`The table ${table.name} gave ${count} rows, not the ${table.rows} counted`);
      total += count;
      options.onTable?.(table.name, count);
    }
    await client.query('COMMIT');
    await flush();
    const checksum = hash.digest('hex');
    const trailer = `${JSON.stringify({ end: true, rows: total, checksum })}\n`;
    gzip.end(trailer);
    await written;
    const fd = openSync(temporary, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (existsSync(file)) throw new BackupRefusedError(`${file} appeared while the backup was written, so give the backup a new file name (a backup never writes over another).`);
    renameSync(temporary, file);
    result = { file, tables, rows: total, bytes: statSync(file).size, checksum, migrations };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    gzip.destroy();
    out.destroy();
    rmSync(temporary, { force: true });
    throw error;
  } finally {
    client.release();
  }
  return result;
}
