import type { IsoDate } from '../domain/dates.ts';
import type { Actor } from '../events/actor.ts';
import { writeCaseEvent } from '../events/caseEvents.ts';
import { assertVersion, withinTransaction, type Transactable } from '../events/concurrency.ts';
import { ActionRefusedError } from '../complaints/actionRefused.ts';

/**
 * Marks a case restricted (only those who may see restricted cases can then find or open it)
 * or lifts the marking, with the reason: contact.restricted and a `restricted` / `unrestricted`
 * event in one transaction, only if the case is at the version the person saw. Children's
 * social care cases stay restricted by their procedure whatever the marking.
 */
export async function setRestriction(
  db: Transactable, councilId: number, contactId: number, change: { restricted: boolean; reason: string; on: IsoDate }, actor: Actor,
  options: { expectedVersion?: number } = {},
): Promise<number> {
  const reason = change.reason.trim();
  if (!reason) throw new ActionRefusedError('Give the reason.');
  return withinTransaction(db, async (client) => {
    await assertVersion(client, councilId, contactId, options.expectedVersion);
    const { rows } = await client.query<{ restricted: boolean }>('SELECT restricted FROM contact WHERE council_id = $1 AND id = $2', [councilId, contactId]);
    if (rows[0]!.restricted === change.restricted) {
      throw new ActionRefusedError(change.restricted ? 'This case is already restricted.' : 'This case is not restricted.');
    }
    await client.query('UPDATE contact SET restricted = $3, updated_at = now() WHERE council_id = $1 AND id = $2', [councilId, contactId, change.restricted]);
    const { version } = await writeCaseEvent(client, {
      councilId, contactId, type: change.restricted ? 'restricted' : 'unrestricted', on: change.on, data: { reason },
    }, actor);
    return version;
  });
}
