import type { Queryable } from '../db/database.ts';
import { TABLES_NOT_BACKED_UP } from './format.ts';

/** What a backup and a restore need to know of one of the app's tables, read from PostgreSQL's catalogue. */
export interface TableShape {
  name: string;
  /** Columns a row is written with, in the table's order (generated columns are left out: PostgreSQL makes them). */
  columns: string[];
  /** Columns whose values an identity sequence gives (restored as they were, then the sequence set past them). */
  identityColumns: string[];
  primaryKey: string[];
  /** Foreign keys to the table itself (an organisation unit's parent, a duplicate's original): its columns and the ones they point at. */
  selfReferences: { columns: string[]; referenced: string[] }[];
}

export interface Catalogue {
  tables: Map<string, TableShape>;
  /** [table, the table its foreign key points at] */
  references: [string, string][];
}

/** The app's tables (schema public; the delivery queue's schema apart), read in the caller's transaction. */
export async function readCatalogue(client: Queryable): Promise<Catalogue> {
  const { rows: columns } = await client.query<{ table: string; column: string; identity: string }>(
    `SELECT c.relname AS table, a.attname AS column, a.attidentity AS identity
       FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND NOT (c.relname = ANY($1))
      ORDER BY c.relname, a.attnum`,
    [TABLES_NOT_BACKED_UP],
  );
  const tables = new Map<string, TableShape>();
  for (const c of columns) {
    let table = tables.get(c.table);
    if (!table) {
      table = { name: c.table, columns: [], identityColumns: [], primaryKey: [], selfReferences: [] };
      tables.set(c.table, table);
    }
    table.columns.push(c.column);
    if (c.identity !== '') table.identityColumns.push(c.column);
  }
  const { rows: keys } = await client.query<{ table: string; referenced: string | null; kind: string; columns: string[]; referenced_columns: string[] }>(
    `SELECT c.relname AS table, r.relname AS referenced, k.contype AS kind,
            array(SELECT a.attname::text FROM unnest(k.conkey) WITH ORDINALITY u(attnum, i)
                    JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.attnum ORDER BY u.i) AS columns,
            array(SELECT a.attname::text FROM unnest(k.confkey) WITH ORDINALITY u(attnum, i)
                    JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.attnum ORDER BY u.i) AS referenced_columns
       FROM pg_constraint k
       JOIN pg_class c ON c.oid = k.conrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_class r ON r.oid = k.confrelid
      WHERE n.nspname = 'public' AND k.contype IN ('p', 'f')
      ORDER BY c.relname, k.conname`,
  );
  const references: [string, string][] = [];
  for (const k of keys) {
    const table = tables.get(k.table);
    if (!table) continue;
    if (k.kind === 'p') table.primaryKey = k.columns;
  }
  for (const k of keys) {
    const table = tables.get(k.table);
    if (!table || k.kind !== 'f' || !k.referenced) continue;
    if (k.referenced === k.table) {
      table.selfReferences.push({ columns: k.columns, referenced: k.referenced_columns });
    } else {
      references.push([k.table, k.referenced]);
    }
  }
  return { tables, references };
}
