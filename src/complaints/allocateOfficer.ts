import { inTransaction, type Database } from '../db/database.ts';
import type { ComplaintState } from '../domain/cases/lifecycle.ts';
import type { IsoDate } from '../domain/dates.ts';
import type { Actor } from '../events/actor.ts';
import { ActionRefusedError } from './actionRefused.ts';
import { applyCommand, lockComplaint } from './lifecycleSteps.ts';

/**
 * Allocates the open stage to an investigating officer, with the allocating officer's note
 * kept on the 'allocated' event: one transaction, one event.
 */
export async function allocateOfficer(
  db: Database, councilId: number, reference: string, allocation: { on: IsoDate; staffMemberId: number; note?: string }, actor: Actor, today: IsoDate,
  options: { expectedVersion?: number } = {},
): Promise<{ state: ComplaintState; version: number }> {
  return inTransaction(db, async (client) => {
    const complaint = await lockComplaint(client, councilId, reference, options.expectedVersion);
    const { rows } = await client.query('SELECT 1 FROM staff_member WHERE council_id = $1 AND id = $2', [councilId, allocation.staffMemberId]);
    if (rows.length === 0) throw new ActionRefusedError('Choose an investigating officer from the council’s staff list.');
    const note = allocation.note?.trim();
    const result = await applyCommand(client, complaint, { type: 'allocate', on: allocation.on, officer: String(allocation.staffMemberId) }, actor, today, {
      ...(note ? { extraData: { note } } : {}),
    });
    return { state: result.state, version: result.version };
  });
}
