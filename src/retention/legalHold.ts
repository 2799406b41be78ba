import type { Queryable } from '../db/database.ts';
import type { IsoDate } from '../domain/dates.ts';
import type { Actor } from '../events/actor.ts';
import { writeCaseEvent } from '../events/caseEvents.ts';
import { assertVersion, withinTransaction, type Transactable } from '../events/concurrency.ts';

export const MAX_HOLD_REASON = 1000;

export interface LegalHold {
  reason: string;
  placedBy: string;
  placedAt: Date;
}

/** Why a hold cannot be placed or lifted, in words for the officer. */
export class LegalHoldError extends Error {
  constructor(readonly code: 'already_held' | 'not_held' | 'anonymised') {
    super(code);
  }
}

/** The hold in force on a case, if any. */
export async function legalHoldOf(db: Queryable, councilId: number, contactId: number): Promise<LegalHold | null> {
  const { rows } = await db.query<LegalHold>(
    `SELECT reason, placed_by AS "placedBy", placed_at AS "placedAt" FROM legal_hold
      WHERE council_id = $1 AND contact_id = $2 AND lifted_at IS NULL`,
    [councilId, contactId],
  );
  return rows[0] ?? null;
}

/**
 * Places a legal hold: the case is kept whole, whatever its retention period, until the hold
 * is lifted. A `legal_hold_placed` event on the case's timeline, in the same transaction.
 */
export async function placeLegalHold(
  db: Transactable,
  hold: { councilId: number; contactId: number; reason: string; on: IsoDate; now: Date; expectedVersion?: number },
  actor: Actor,
): Promise<{ version: number }> {
  const reason = hold.reason.trim();
  if (reason === '' || reason.length > MAX_HOLD_REASON) throw new RangeError(`A hold's reason holds 1 to ${MAX_HOLD_REASON} characters`);
  return withinTransaction(db, async (client) => {
    await assertVersion(client, hold.councilId, hold.contactId, hold.expectedVersion);
    const state = await client.query<{ anonymised: boolean; held: boolean }>(
      `SELECT anonymised_at IS NOT NULL AS anonymised,
              EXISTS (SELECT 1 FROM legal_hold h WHERE h.council_id = c.council_id AND h.contact_id = c.id AND h.lifted_at IS NULL) AS held
         FROM contact c WHERE c.council_id = $1 AND c.id = $2 FOR UPDATE`,
      [hold.councilId, hold.contactId],
    );
    if (state.rows[0]?.anonymised) throw new LegalHoldError('anonymised');
    if (state.rows[0]?.held) throw new LegalHoldError('already_held');
    await client.query(
      'INSERT INTO legal_hold (council_id, contact_id, reason, placed_by, placed_by_account_id, placed_at) VALUES ($1, $2, $3, $4, $5, $6)',
      [hold.councilId, hold.contactId, reason, actor.name, actor.accountId, hold.now],
    );
    return writeCaseEvent(client, { councilId: hold.councilId, contactId: hold.contactId, type: 'legal_hold_placed', on: hold.on, data: { reason } }, actor);
  });
}

/** Lifts the hold in force: its retention period counts again. A `legal_hold_lifted` event. */
export async function liftLegalHold(
  db: Transactable,
  hold: { councilId: number; contactId: number; on: IsoDate; now: Date; expectedVersion?: number },
  actor: Actor,
): Promise<{ version: number }> {
  return withinTransaction(db, async (client) => {
    await assertVersion(client, hold.councilId, hold.contactId, hold.expectedVersion);
    const lifted = await client.query(
      `UPDATE legal_hold SET lifted_at = $3, lifted_by = $4, lifted_by_account_id = $5
        WHERE council_id = $1 AND contact_id = $2 AND lifted_at IS NULL`,
      [hold.councilId, hold.contactId, hold.now, actor.name, actor.accountId],
    );
    if (lifted.rowCount === 0) throw new LegalHoldError('not_held');
    return writeCaseEvent(client, { councilId: hold.councilId, contactId: hold.contactId, type: 'legal_hold_lifted', on: hold.on }, actor);
  });
}

/** What the case page shows of retention: the hold in force and when the case was anonymised. */
export async function caseRetention(db: Queryable, councilId: number, contactId: number): Promise<{ hold: LegalHold | null; anonymisedAt: Date | null }> {
  const { rows } = await db.query<{ anonymised_at: Date | null }>('SELECT anonymised_at FROM contact WHERE council_id = $1 AND id = $2', [councilId, contactId]);
  return { hold: await legalHoldOf(db, councilId, contactId), anonymisedAt: rows[0]?.anonymised_at ?? null };
}
