import { inTransaction, type Database } from '../db/database.ts';
import { ActionRefusedError } from '../complaints/actionRefused.ts';
import type { Actor } from '../events/actor.ts';
import { writeCaseEvent } from '../events/caseEvents.ts';
import { assertVersion } from '../events/concurrency.ts';

/**
 * Links two contacts (same person, same matter), or marks one as a duplicate of another.
 * A merge keeps both histories: the duplicate keeps its own timeline and points at the
 * contact it was merged into, is left out of received counts, and both timelines say so.
 * `expectedVersion` is the version of `reference` the officer saw (src/events/concurrency.ts).
 */
export async function linkContacts(
  db: Database, councilId: number, reference: string, otherReference: string, kind: 'linked' | 'duplicate', actor: Actor, on: string,
  options: { expectedVersion?: number } = {},
): Promise<void> {
  if (reference === otherReference) throw new ActionRefusedError('A contact cannot be linked to itself.');
  await inTransaction(db, async (client) => {
    const { rows } = await client.query<{ id: number; reference: string; duplicate_of_id: number | null }>(
      'SELECT id, reference, duplicate_of_id FROM contact WHERE council_id = $1 AND reference = ANY($2::text[]) FOR UPDATE',
      [councilId, [reference, otherReference]],
    );
    const contact = rows.find((r) => r.reference === reference);
    const other = rows.find((r) => r.reference === otherReference);
    if (!contact || !other) throw new ActionRefusedError(`There is no contact ${!contact ? reference : otherReference}.`);
    await assertVersion(client, councilId, contact.id, options.expectedVersion);
    if (kind === 'duplicate') {
      // `reference` is the duplicate; `otherReference` the contact it is merged into.
      if (contact.duplicate_of_id !== null) throw new ActionRefusedError(`${reference} has already been merged into another contact.`);
      if (other.duplicate_of_id !== null) throw new ActionRefusedError(`${otherReference} is itself a duplicate; merge into the contact it was merged into.`);
      await client.query('UPDATE contact SET duplicate_of_id = $3, updated_at = now() WHERE council_id = $1 AND id = $2', [councilId, contact.id, other.id]);
    }
    const linked = await client.query(
      `INSERT INTO contact_link (council_id, contact_id, linked_contact_id, kind) VALUES ($1, $2, $3, $4)
       ON CONFLICT (council_id, contact_id, linked_contact_id) DO UPDATE SET kind = EXCLUDED.kind
       WHERE contact_link.kind IS DISTINCT FROM EXCLUDED.kind`,
      [councilId, contact.id, other.id, kind],
    );
    if (kind === 'linked' && (linked.rowCount ?? 0) === 0) return;
    const event = (id: number, type: 'merged_into' | 'merged_from' | 'linked', with_: string) =>
      writeCaseEvent(client, { councilId, contactId: id, type, on, data: { with: with_ } }, actor);
    if (kind === 'duplicate') {
      await event(contact.id, 'merged_into', otherReference);
      await event(other.id, 'merged_from', reference);
    } else {
      await event(contact.id, 'linked', otherReference);
      await event(other.id, 'linked', reference);
    }
  });
}
