import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import type pg from 'pg';
import type { Database, Queryable } from '../db/database.ts';
import { migrate, migrationNames } from '../db/migrate.ts';
import { enqueueDeliveries } from '../messages/jobQueue.ts';
import { TEXT_SETTINGS } from './backup.ts';
import { readCatalogue, type Catalogue, type TableShape } from './catalogue.ts';
import {
  BackupRefusedError, checkTargetEmpty, checkTargetSchema, parentsFirst, quoteName, readHeader, readTrailer, rowsPerInsert, tableOrder,
  type BackupHeader, type SelfReference, type BackupTable, type BackupTrailer,
} from './format.ts';

/** An insert is sent when its values reach this many characters (a few large documents make one statement). */
const MAX_INSERT_CHARS = 8 * 1024 * 1024;

export interface RestoreResult {
  header: BackupHeader;
  rows: number;
  /** Messages still waiting to be delivered when the backup was made, queued for delivery again. */
  deliveriesQueued: number;
  /** Migrations newer than the backup applied after its rows were loaded. */
  migrationsAfter: string[];
}

export interface RestoreOptions {
  /** Told as each table has been loaded. */
  onTable?: (table: string, rows: number) => void;
}

/**
 * Restores the backup `file` (backup.ts, format.ts) into `db`, which must be empty: a new
 * DATA_DIR or a new PostgreSQL database, never one in use (refused with a sentence saying
 * so). The database is brought to the backup's migrations, every row is loaded in one
 * transaction with its ids as they were, the identity sequences are set past them, the row
 * counts and the checksum are verified, and only then is it committed: a damaged or cut
 * short file leaves the database as empty as it was. Migrations newer than the backup are
 * applied after, as at any upgrade. Messages that were waiting to be delivered are queued
 * again (the delivery queue is not in the backup).
 */
export async function restoreDatabase(db: Database, file: string, options: RestoreOptions = {}): Promise<RestoreResult> {
  const lines = linesOf(file);
  try {
    const first = await lines.next();
    const headerLine = first.done ? undefined : first.value;
    const header = readHeader(headerLine, file, migrationNames());
    const before = await appliedMigrations(db.pool);
    checkTargetSchema(header.migrations, before);
    if (before.length > 0) checkTargetEmpty(await tablesWithRows(db.pool));
    await migrate(db, { only: header.migrations });

    const client = await db.pool.connect();
    let loaded: { rows: number; deliveriesQueued: number };
    try {
      await client.query('BEGIN');
      // Two restores into one server database at once: the second waits, then finds it full.
      await client.query('SELECT pg_advisory_xact_lock(7346003)');
      for (const setting of TEXT_SETTINGS) await client.query(setting);
      const filled = await tablesWithRows(client);
      checkTargetEmpty(filled);
      const catalogue = await readCatalogue(client);
      // What a migration or a first start wrote gives way to the backup's own rows (children first).
      if (filled.includes('web_session')) await client.query('DELETE FROM web_session');
      for (const table of tableOrder([...catalogue.tables.keys()], catalogue.references).reverse()) {
        if (filled.includes(table)) await client.query(`DELETE FROM public.${quoteName(table)}`);
      }
      loaded = await loadRows(client, catalogue, header, headerLine!, lines, file, options);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
    const migrationsAfter = await migrate(db);
    return { header, ...loaded, migrationsAfter };
  } finally {
    await lines.return(undefined);
  }
}

/**
 * The header of the backup `file`, checked as restore checks it, without a database: the
 * command refuses a file that is no backup before it makes a data directory for it.
 */
export async function readBackupHeader(file: string): Promise<BackupHeader> {
  const lines = linesOf(file);
  try {
    const first = await lines.next();
    return readHeader(first.done ? undefined : first.value, file, migrationNames());
  } finally {
    await lines.return(undefined);
  }
}

async function loadRows(
  client: pg.PoolClient, catalogue: Catalogue, header: BackupHeader, headerLine: string, lines: AsyncGenerator<string>, file: string, options: RestoreOptions,
): Promise<{ rows: number; deliveriesQueued: number }> {
  const damaged = (what: string) => new BackupRefusedError(`${file} is damaged (${what}), so nothing was restored; restore an earlier backup.`);
  const hash = createHash('sha256').update(`${headerLine}\n`);
  let loader: TableLoader | null = null;
  let next = 0;
  let trailer: BackupTrailer | null = null;
  let total = 0;
  const finish = async () => {
    if (!loader) return;
    total += await loader.finish(damaged);
    options.onTable?.(loader.table.name, loader.count);
  };
  try {
    for await (const line of lines) {
      if (trailer) throw damaged('it has lines after its end');
      if (line.startsWith('[')) {
        if (!loader) throw damaged('it has rows before any table');
        hash.update(`${line}\n`);
        const row: unknown = JSON.parse(line);
        if (!Array.isArray(row) || row.length !== loader.table.columns.length || !row.every((v) => v === null || typeof v === 'string')) {
          throw damaged(`a row of ${loader.table.name} does not have its ${loader.table.columns.length} columns`);
        }
        await loader.add(row as (string | null)[], line.length);
        continue;
      }
      trailer = readTrailer(line);
      if (trailer) continue;
      hash.update(`${line}\n`);
      const marker = JSON.parse(line) as { table?: unknown };
      await finish();
      const table = header.tables[next++];
      if (!table || marker.table !== table.name) throw damaged(`the table ${String(marker.table)} is not the one its header lists next`);
      const shape = catalogue.tables.get(table.name);
      if (!shape) throw damaged(`its table ${table.name} is not in this version's database`);
      const unknown = table.columns.filter((c) => !shape.columns.includes(c));
      if (unknown.length > 0) throw damaged(`its table ${table.name} has columns ${unknown.join(', ')} that this version's database does not`);
      loader = new TableLoader(client, table, shape);
    }
  } catch (error) {
    if (error instanceof SyntaxError) throw damaged('a line is not what a backup writes');
    throw error;
  }
  if (!trailer) throw new BackupRefusedError(`${file} is cut short (it has no end), so nothing was restored; restore a whole backup.`);
  await finish();
  if (next !== header.tables.length) throw damaged(`${header.tables.length - next} of its tables are missing`);
  if (trailer.rows !== total) throw damaged(`it holds ${total} rows where its end says ${trailer.rows}`);
  if (hash.digest('hex') !== trailer.checksum) throw damaged('its checksum does not match its contents');

  // Past the highest id restored, so the next case, document or audit entry gets a new one.
  for (const shape of catalogue.tables.values()) {
    for (const column of shape.identityColumns) {
      const table = `public.${quoteName(shape.name)}`;
      await client.query(
        `SELECT setval(pg_get_serial_sequence($1, $2), coalesce(max(${quoteName(column)}), 1), max(${quoteName(column)}) IS NOT NULL) FROM ${table}`,
        [table, column],
      );
    }
  }
  // The delivery queue is not backed up: what was waiting is queued again (a message that
  // was being sent at that moment may go twice, which is better than not at all; ADR 0027).
  const { rows: waiting } = await client.query<{ council_id: number; id: number }>(
    `SELECT council_id, id FROM message WHERE status IN ('queued', 'sending') ORDER BY council_id, id`,
  );
  await enqueueDeliveries(client, waiting.map((m) => ({ councilId: Number(m.council_id), messageId: Number(m.id) })));
  return { rows: total, deliveriesQueued: waiting.length };
}

/**
 * Loads one table's rows, a statement per batch, with the ids as they were (OVERRIDING
 * SYSTEM VALUE). Rows pointing at a row of their own table (an organisation unit's parent,
 * a duplicate's original) wait to the table's end and go in parents first: PostgreSQL checks
 * a foreign key at each statement's end, so a row may follow its parent in one statement.
 */
class TableLoader {
  count = 0;
  private batch: (string | null)[][] = [];
  private chars = 0;
  private readonly perInsert: number;
  private readonly selfReferences: SelfReference[];
  private readonly waiting: (string | null)[][] = [];

  constructor(private readonly client: pg.PoolClient, readonly table: BackupTable, private readonly shape: TableShape) {
    this.perInsert = rowsPerInsert(table.columns.length);
    const at = (columns: string[]) => columns.map((c) => table.columns.indexOf(c));
    this.selfReferences = shape.selfReferences.map((r) => ({ columns: at(r.columns), referenced: at(r.referenced) }))
      .filter((r) => [...r.columns, ...r.referenced].every((i) => i >= 0));
  }

  async add(row: (string | null)[], chars: number): Promise<void> {
    this.count += 1;
    if (this.selfReferences.some((r) => r.columns.every((i) => row[i] !== null))) {
      this.waiting.push(row);
      return;
    }
    this.batch.push(row);
    this.chars += chars;
    if (this.batch.length >= this.perInsert || this.chars >= MAX_INSERT_CHARS) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.batch.length === 0) return;
    const width = this.table.columns.length;
    const values = this.batch.map((_, r) => `(${this.table.columns.map((__, c) => `$${r * width + c + 1}`).join(', ')})`).join(', ');
    await this.client.query(
      `INSERT INTO public.${quoteName(this.table.name)} (${this.table.columns.map(quoteName).join(', ')})` +
        `${this.shape.identityColumns.length > 0 ? ' OVERRIDING SYSTEM VALUE' : ''} VALUES ${values}`,
      this.batch.flat(),
    );
    this.batch = [];
    this.chars = 0;
  }

  /** The last batch, the rows that waited, and the count checked against the header's. Returns the rows loaded. */
  async finish(damaged: (what: string) => Error): Promise<number> {
    await this.flush();
    for (const row of parentsFirst(this.waiting, this.selfReferences)) {
      this.batch.push(row);
      if (this.batch.length >= this.perInsert) await this.flush();
    }
    await this.flush();
    if (this.count !== this.table.rows) throw damaged(`the table ${this.table.name} has ${this.count} rows where its header says ${this.table.rows}`);
    const { rows } = await this.client.query<{ n: number }>(`SELECT count(*)::int AS n FROM public.${quoteName(this.table.name)}`);
    if (rows[0]!.n !== this.table.rows) throw new Error(`The table ${this.table.name} holds ${rows[0]!.n} rows after loading ${this.table.rows}`);
    return this.count;
  }
}

/** The migrations a database has had; none when it is new. */
async function appliedMigrations(db: Queryable): Promise<string[]> {
  const { rows: [exists] } = await db.query<{ found: boolean }>(`SELECT to_regclass('public.schema_migration') IS NOT NULL AS found`);
  if (!exists?.found) return [];
  return (await db.query<{ name: string }>('SELECT name FROM schema_migration ORDER BY name')).rows.map((r) => r.name);
}

/** The app's tables that hold at least one row. */
async function tablesWithRows(db: Queryable): Promise<string[]> {
  const { rows: tables } = await db.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY c.relname`,
  );
  if (tables.length === 0) return [];
  const { rows } = await db.query<{ name: string }>(
    tables.map((t) => `SELECT ${`'${t.name.replaceAll("'", "''")}'`} AS name WHERE EXISTS (SELECT 1 FROM public.${quoteName(t.name)})`).join(' UNION ALL '),
  );
  return rows.map((r) => r.name);
}

/**
 * The file's lines, read through gunzip a chunk at a time (a large backup never sits in
 * memory), with a file that is not gzip or is cut short said as such.
 */
async function* linesOf(file: string): AsyncGenerator<string> {
  const source = createReadStream(file);
  const gunzip = createGunzip();
  source.on('error', (error) => gunzip.destroy(error));
  source.pipe(gunzip);
  const decoder = new StringDecoder('utf8');
  let pending = '';
  try {
    for await (const chunk of gunzip) {
      pending += decoder.write(chunk as Buffer);
      let end: number;
      while ((end = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, end);
        pending = pending.slice(end + 1);
        yield line;
      }
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR') {
      throw new BackupRefusedError(`${file} is not a whole Redress backup (it is not a complete gzip file), so nothing was restored.`);
    }
    throw error;
  } finally {
    source.destroy();
    gunzip.destroy();
  }
  // Every line a backup writes ends with a newline: anything after the last is a line cut in two.
  if (pending + decoder.end() !== '') throw new BackupRefusedError(`${file} is cut short (its last line is incomplete), so nothing was restored; restore a whole backup.`);
}
