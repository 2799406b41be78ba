import type { Database } from '../db/database.ts';
import type { IsoDate } from '../domain/dates.ts';
import type { OmbudsmanBody } from '../domain/cases/vocabulary.ts';
import type { Actor } from '../events/actor.ts';
import { assertVersion, withinTransaction } from '../events/concurrency.ts';
import { ActionRefusedError } from '../complaints/actionRefused.ts';
import { writeCaseEvent } from '../events/caseEvents.ts';
import { recordOmbudsmanCase } from './ombudsmanCases.ts';

/**
 * Records an Ombudsman's case against one of the council's cases (recordOmbudsmanCase with the
 * council's reference), only if the case is at the version the officer saw, and never moving an
 * Ombudsman case already recorded against another case; one already known but against no case
 * (imported) is linked as it stands.
 */
export async function linkOmbudsmanCase(
  db: Database, councilId: number, contact: { id: number; reference: string },
  input: { body: OmbudsmanBody; ombudsmanReference: string; receivedOn: IsoDate }, actor: Actor, on: IsoDate,
  options: { expectedVersion?: number } = {},
): Promise<number> {
  return withinTransaction(db, async (client) => {
    await assertVersion(client, councilId, contact.id, options.expectedVersion);
    const reference = input.ombudsmanReference.trim();
    const { rows } = await client.query<{ id: number; reference: string | null }>(
      `SELECT o.id, c.reference FROM ombudsman_case o LEFT JOIN contact c ON c.council_id = o.council_id AND c.id = o.contact_id
        WHERE o.council_id = $1 AND o.body = $2 AND o.ombudsman_reference = $3`,
      [councilId, input.body, reference],
    );
    const existing = rows[0];
    if (existing && existing.reference === contact.reference) throw new ActionRefusedError('That Ombudsman case is already recorded against this case.');
    if (existing && existing.reference !== null) throw new ActionRefusedError(`That Ombudsman case is already recorded against case ${existing.reference}.`);
    if (existing) {
      // Known already (an import of the Ombudsman's figures) but not against a case: linked, keeping what is known of it.
      await client.query('UPDATE ombudsman_case SET contact_id = $3 WHERE council_id = $1 AND id = $2', [councilId, existing.id, contact.id]);
      await writeCaseEvent(client, { councilId, contactId: contact.id, type: 'ombudsman_linked', on, data: { body: input.body, reference } }, actor);
      return Number(existing.id);
    }
    return recordOmbudsmanCase(client, councilId, {
      body: input.body, ombudsmanReference: input.ombudsmanReference, receivedOn: input.receivedOn, councilReference: contact.reference,
    }, actor, on);
  });
}
