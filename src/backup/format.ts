import { z } from 'zod';

/**
 * The backup file (ADR 0027): one gzip'd text file of JSON lines, the same whichever engine
 * wrote it and whichever reads it.
 *
 *   line 1        the header: format, version, the Redress that wrote it, the migrations its
 *                 database had, when, and every table with its columns and row count
 *   per table     {"table": name}, then one JSON array per row, every value in PostgreSQL's
 *                 own text form (or null), in the header's column order
 *   last line     the trailer: {"end": true, "rows": total, "checksum": sha256 of every line before it}
 *
 * A file cut short has no trailer, and a changed byte changes the checksum: restore refuses both.
 * Pure: what a backup looks like and what a restore accepts, without a database.
 */
export const BACKUP_FORMAT = 'redress-backup';
export const BACKUP_FORMAT_VERSION = 1;

/**
 * Tables a backup leaves out: the migration list travels in the header (restore migrates
 * the new database itself) and sessions are worth nothing after a restore (staff sign in
 * again). The delivery queue's schema (redress_jobs) is not backed up either: restore
 * queues a delivery again for every message still waiting (restore.ts).
 */
export const TABLES_NOT_BACKED_UP: readonly string[] = ['schema_migration', 'web_session'];

/**
 * Tables whose rows make a database someone's: every case, document and setting belongs to
 * a council, and staff accounts to people. A database without either is empty for a restore,
 * whatever else it holds: rows a migration wrote (a list it ships), the session secret of a
 * first start, a session. Those are cleared and the backup's own loaded in their place.
 */
export const TABLES_IN_USE: readonly string[] = ['council', 'user_account'];

const tableSchema = z.object({
  name: z.string().regex(/^[a-z_][a-z0-9_]*$/),
  columns: z.array(z.string().regex(/^[a-z_][a-z0-9_]*$/)).min(1),
  rows: z.number().int().nonnegative(),
});

const headerSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  version: z.number().int().positive(),
  redressVersion: z.string(),
  engine: z.enum(['embedded', 'server']),
  createdAt: z.string(),
  migrations: z.array(z.string()),
  tables: z.array(tableSchema),
});

const trailerSchema = z.object({
  end: z.literal(true),
  rows: z.number().int().nonnegative(),
  checksum: z.string().regex(/^[0-9a-f]{64}$/),
});

export type BackupTable = z.infer<typeof tableSchema>;
export type BackupHeader = z.infer<typeof headerSchema>;
export type BackupTrailer = z.infer<typeof trailerSchema>;

/** A backup that cannot be made or restored, said in one sentence a council officer can act on. */
export class BackupRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupRefusedError';
  }
}

/**
 * The header of the backup `file`, checked: a file of this format and version, from a
 * Redress whose migrations this one knows (a backup from a newer Redress is refused:
 * its rows may need columns this version does not have).
 */
export function readHeader(line: string | undefined, file: string, knownMigrations: readonly string[]): BackupHeader {
  let json: unknown;
  try {
    json = JSON.parse(line ?? '');
  } catch {
    throw new BackupRefusedError(`${file} is not a Redress backup (it does not start with a backup's header), so nothing was restored.`);
  }
  const format = (json as { format?: unknown } | null)?.format;
  if (format !== BACKUP_FORMAT) throw new BackupRefusedError(`${file} is not a Redress backup (it does not start with a backup's header), so nothing was restored.`);
  const version = (json as { version?: unknown }).version;
  if (typeof version === 'number' && version > BACKUP_FORMAT_VERSION) {
    throw new BackupRefusedError(`${file} was written by a newer Redress (backup format ${version}; this one reads ${BACKUP_FORMAT_VERSION}), so restore it with that version or a later one.`);
  }
  const parsed = headerSchema.safeParse(json);
  if (!parsed.success) throw new BackupRefusedError(`${file} has a damaged header (${parsed.error.issues[0]?.path.join('.') || 'its shape'} is wrong), so nothing was restored.`);
  const header = parsed.data;
  const known = new Set(knownMigrations);
  const unknown = header.migrations.filter((m) => !known.has(m));
  if (unknown.length > 0) {
    throw new BackupRefusedError(
      `${file} was made by a newer Redress (its database has ${unknown.length === 1 ? 'the change' : 'changes'} ${unknown.join(', ')} that this version does not know), so upgrade Redress and restore again.`,
    );
  }
  const names = new Set<string>();
  for (const t of header.tables) {
    if (names.has(t.name)) throw new BackupRefusedError(`${file} has a damaged header (the table ${t.name} is listed twice), so nothing was restored.`);
    names.add(t.name);
  }
  return header;
}

/** The trailer, or null when `line` is not one (a row or a table's start). */
export function readTrailer(line: string): BackupTrailer | null {
  if (!line.startsWith('{"end"')) return null;
  const parsed = trailerSchema.safeParse(JSON.parse(line));
  return parsed.success ? parsed.data : null;
}

/**
 * Refuses a target database that already has migrations the backup's database did not:
 * its tables may have columns the backup has no values for, and later migrations that
 * change data would not have run over the backup's rows.
 */
export function checkTargetSchema(backupMigrations: readonly string[], targetMigrations: readonly string[]): void {
  const inBackup = new Set(backupMigrations);
  const newer = targetMigrations.filter((m) => !inBackup.has(m));
  if (newer.length > 0) {
    throw new BackupRefusedError(
      `The database to restore into already has changes the backup's database did not (${newer.join(', ')}), so restore into a new, empty database: Redress brings it to the backup's schema, loads the rows, then applies the rest.`,
    );
  }
}

/** Refuses a target database that is in use: it has councils or staff accounts (TABLES_IN_USE). */
export function checkTargetEmpty(tablesWithRows: readonly string[]): void {
  const inUse = tablesWithRows.filter((t) => TABLES_IN_USE.includes(t));
  if (inUse.length > 0) {
    throw new BackupRefusedError(
      `The database to restore into is not empty (${inUse.join(' and ')} ${inUse.length === 1 ? 'has' : 'have'} rows), so nothing was restored: restore into a new DATA_DIR or a new PostgreSQL database, never over one in use.`,
    );
  }
}

/**
 * The tables in an order rows can be inserted: every table after the tables its foreign
 * keys point at (`references` as [table, referenced table] pairs). A table pointing at
 * itself (an organisation unit's parent) is left to the restore's second pass. Ties keep
 * name order, so every engine writes the same order. Throws on a cycle between tables,
 * which a restore could not load in any order.
 */
export function tableOrder(tables: readonly string[], references: ReadonlyArray<readonly [string, string]>): string[] {
  const known = new Set(tables);
  const needs = new Map<string, Set<string>>(tables.map((t) => [t, new Set<string>()]));
  for (const [table, referenced] of references) {
    if (table === referenced || !known.has(table) || !known.has(referenced)) continue;
    needs.get(table)!.add(referenced);
  }
  const ordered: string[] = [];
  const placed = new Set<string>();
  const remaining = [...tables].sort();
  while (remaining.length > 0) {
    const next = remaining.findIndex((t) => [...needs.get(t)!].every((r) => placed.has(r)));
    if (next < 0) throw new Error(`The tables ${remaining.join(', ')} refer to each other in a circle, so no order loads them`);
    const [table] = remaining.splice(next, 1);
    ordered.push(table!);
    placed.add(table!);
  }
  return ordered;
}

/** A foreign key of a table to itself, as positions in its rows: these columns point at those. */
export interface SelfReference {
  columns: number[];
  referenced: number[];
}

/**
 * Rows of a table that points at itself, each after the row it points at (an organisation
 * unit after its parent), else in the order given. A row pointing at a row not among them
 * (already loaded) or in a circle keeps its place: the database then says what is wrong.
 */
export function parentsFirst<T extends readonly unknown[]>(rows: readonly T[], references: readonly SelfReference[]): T[] {
  const keyOf = (row: T, positions: number[]) => JSON.stringify(positions.map((i) => row[i]));
  const depth = new Array<number>(rows.length).fill(-1);
  const byKey = references.map((r) => new Map(rows.map((row, i) => [keyOf(row, r.referenced), i])));
  const depthOf = (start: number): number => {
    // Walks up to the first row whose depth is known (iteratively: a long chain must not overflow the stack).
    const path: number[] = [];
    const onPath = new Set<number>();
    let at: number | undefined = start;
    let known = -1;
    while (at !== undefined && depth[at]! < 0 && !onPath.has(at)) {
      path.push(at);
      onPath.add(at);
      let parent: number | undefined;
      for (const [n, r] of references.entries()) {
        if (r.columns.some((i) => rows[at!]![i] === null)) continue;
        const p = byKey[n]!.get(keyOf(rows[at]!, r.columns));
        if (p !== undefined && p !== at) parent = p;
      }
      at = parent;
    }
    if (at !== undefined && depth[at]! >= 0) known = depth[at]!;
    for (let i = path.length - 1; i >= 0; i--) depth[path[i]!] = ++known;
    return depth[start]!;
  };
  return rows.map((row, i) => ({ row, i, d: depthOf(i) })).sort((a, b) => a.d - b.d || a.i - b.i).map((x) => x.row);
}

/** The number of rows to insert in one statement: PostgreSQL takes at most 65,535 parameters. */
export function rowsPerInsert(columns: number, most = 1000): number {
  return Math.max(1, Math.min(most, Math.floor(60_000 / Math.max(1, columns))));
}

/** A quoted identifier for SQL (names come from the catalogue and the checked header, never from a person). */
export const quoteName = (name: string): string => `"${name.replaceAll('"', '""')}"`;
