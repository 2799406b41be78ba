import type { IsoDate } from '../domain/dates.ts';
import type { Actor } from '../events/actor.ts';
import { writeCaseEvent } from '../events/caseEvents.ts';
import { assertVersion, withinTransaction, type Transactable } from '../events/concurrency.ts';
import { ActionRefusedError } from '../complaints/actionRefused.ts';

/**
 * Records the date the response to an MP's or councillor's enquiry was sent (contact.responded_on),
 * with a `contact_updated` event saying so and whether it met the enquiry's target, in one
 * transaction, only if the case is at the version the officer saw.
 */
export async function recordEnquiryResponse(
  db: Transactable, councilId: number, contactId: number, sentOn: IsoDate, actor: Actor, options: { expectedVersion?: number } = {},
): Promise<{ version: number; withinTarget: boolean | null; responseDueOn: IsoDate | null }> {
  return withinTransaction(db, async (client) => {
    await assertVersion(client, councilId, contactId, options.expectedVersion);
    const { rows } = await client.query<{ kind: string; received_on: IsoDate; response_due_on: IsoDate | null; responded_on: IsoDate | null }>(
      'SELECT kind, received_on, response_due_on, responded_on FROM contact WHERE council_id = $1 AND id = $2', [councilId, contactId]);
    const c = rows[0]!;
    if (c.kind !== 'mp_enquiry' && c.kind !== 'councillor_enquiry') throw new ActionRefusedError('Only an MP’s or councillor’s enquiry has a response to record.');
    if (c.responded_on) throw new ActionRefusedError(`The response was already recorded as sent on ${c.responded_on}.`);
    if (sentOn < c.received_on) throw new ActionRefusedError('The response cannot be sent before the enquiry was received.');
    await client.query('UPDATE contact SET responded_on = $3, updated_at = now() WHERE council_id = $1 AND id = $2', [councilId, contactId, sentOn]);
    const withinTarget = c.response_due_on === null ? null : sentOn <= c.response_due_on;
    const { version } = await writeCaseEvent(client, {
      councilId, contactId, type: 'contact_updated', on: sentOn, data: { respondedOn: sentOn, responseDueOn: c.response_due_on, withinTarget },
    }, actor);
    return { version, withinTarget, responseDueOn: c.response_due_on };
  });
}
