import type { IsoDate } from '../domain/dates.ts';
import type { Actor } from '../events/actor.ts';
import { writeCaseEvent } from '../events/caseEvents.ts';
import { assertVersion, withinTransaction, type Transactable } from '../events/concurrency.ts';

export const MAX_NOTE_LENGTH = 10_000;

/**
 * Adds a note to a case's timeline: a `note_added` event, written only if the case is still
 * at the version the officer's form was drawn from (else ConcurrentChangeError, nothing
 * written). Returns the case's new version.
 */
export async function addCaseNote(
  db: Transactable,
  note: { councilId: number; contactId: number; text: string; on: IsoDate; expectedVersion?: number },
  actor: Actor,
): Promise<{ id: number; version: number }> {
  const text = note.text.trim();
  if (text === '' || text.length > MAX_NOTE_LENGTH) throw new RangeError(`A note holds 1 to ${MAX_NOTE_LENGTH} characters`);
  return withinTransaction(db, async (client) => {
    await assertVersion(client, note.councilId, note.contactId, note.expectedVersion);
    return writeCaseEvent(client, { councilId: note.councilId, contactId: note.contactId, type: 'note_added', on: note.on, data: { text } }, actor);
  });
}
