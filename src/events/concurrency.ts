import type pg from 'pg';
import { inTransaction, transactionOn, type Database, type Queryable } from '../db/database.ts';
import { ActionRefusedError } from '../complaints/actionRefused.ts';

/**
 * A change refused because the case moved on since the officer loaded it: every event
 * moves contact.version on by one (src/events/caseEvents.ts), a form carries the version it
 * was drawn from, and the change is made only if that is still the case's version.
 */
export class ConcurrentChangeError extends Error {
  constructor(readonly expected: number, readonly actual: number) {
    super('Someone else changed this case while you were working on it. Check what they did, then make your change again.');
    this.name = 'ConcurrentChangeError';
  }
}

/**
 * Locks the case's contact row until the transaction ends (SELECT … FOR UPDATE) and
 * refuses with ConcurrentChangeError when its version is not `expected`; returns the
 * version. With `expected` undefined (the command line, an import) it only locks. Call it
 * inside the transaction that makes the change, before anything is written.
 */
export async function assertVersion(client: Queryable, councilId: number, contactId: number, expected: number | undefined): Promise<number> {
  const { rows } = await client.query<{ version: number }>('SELECT version FROM contact WHERE council_id = $1 AND id = $2 FOR UPDATE', [
    councilId, contactId,
  ]);
  const row = rows[0];
  if (!row) throw new ActionRefusedError('There is no such case.');
  if (expected !== undefined && row.version !== expected) throw new ConcurrentChangeError(expected, row.version);
  return row.version;
}

/** The current version of a case, for a form to carry; null when there is no such case. */
export async function caseVersion(db: Queryable, councilId: number, contactId: number): Promise<number | null> {
  const { rows } = await db.query<{ version: number }>('SELECT version FROM contact WHERE council_id = $1 AND id = $2', [councilId, contactId]);
  return rows[0]?.version ?? null;
}

/** A database, a pool, or a client already in the caller's transaction. */
export type Transactable = Database | Pick<pg.Pool, 'connect'> | Queryable;

/**
 * Runs `work` in one transaction: on a Database or a pool, its own; on a client (which has
 * `release`), the caller's, which the caller opened and will end.
 */
export async function withinTransaction<T>(db: Transactable, work: (client: Queryable) => Promise<T>): Promise<T> {
  if ('pool' in db) return inTransaction(db, work);
  if ('release' in db || !('connect' in db)) return work(db as Queryable);
  const client = await db.connect();
  return transactionOn(client, () => work(client));
}
