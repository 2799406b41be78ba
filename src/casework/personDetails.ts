import type { IsoDate } from '../domain/dates.ts';
import type { Actor } from '../events/actor.ts';
import { writeCaseEvent } from '../events/caseEvents.ts';
import { assertVersion, withinTransaction, type Transactable } from '../events/concurrency.ts';

export const PERSON_ROLES = ['complainant', 'representative'] as const;
export type PersonRole = (typeof PERSON_ROLES)[number];

/** A person's details as the case page edits them, with how they want to hear from the council. */
export interface PersonDetails {
  fullName: string;
  email: string | null;
  phone: string | null;
  address: string | null;
  reasonableAdjustments: string | null;
  language: 'en' | 'cy';
  contactBy: 'email' | 'post';
  largePrint: boolean;
}

const COLUMNS: Record<keyof PersonDetails, string> = {
  fullName: 'full_name', email: 'email', phone: 'phone', address: 'address', reasonableAdjustments: 'reasonable_adjustments',
  language: 'language', contactBy: 'contact_by', largePrint: 'large_print',
};

/** Letters and emails by email need an address to send them to. */
export class EmailNeededError extends Error {
  constructor() {
    super('Sending by email needs an email address');
    this.name = 'EmailNeededError';
  }
}

/**
 * Changes the complainant's or representative's details on a case, if the case is still at
 * the version the form was drawn from (else ConcurrentChangeError, nothing written). The
 * timeline says which details changed, never their values (they are personal data). Returns
 * false when the case has no such person.
 */
export async function changePersonDetails(
  db: Transactable,
  change: { councilId: number; contactId: number; role: PersonRole; details: PersonDetails; on: IsoDate; expectedVersion?: number },
  actor: Actor,
): Promise<boolean> {
  const d = change.details;
  if (d.contactBy === 'email' && !d.email) throw new EmailNeededError();
  return withinTransaction(db, async (client) => {
    await assertVersion(client, change.councilId, change.contactId, change.expectedVersion);
    const column = change.role === 'complainant' ? 'complainant_id' : 'representative_id';
    const { rows } = await client.query<Record<string, unknown> & { id: number }>(
      `SELECT p.id, ${Object.values(COLUMNS).map((c) => `p.${c}`).join(', ')}
         FROM contact c JOIN person p ON p.council_id = c.council_id AND p.id = c.${column}
        WHERE c.council_id = $1 AND c.id = $2 FOR UPDATE OF p`,
      [change.councilId, change.contactId],
    );
    const before = rows[0];
    if (!before) return false;
    const changed = (Object.keys(COLUMNS) as (keyof PersonDetails)[]).filter((k) => before[COLUMNS[k]] !== d[k]);
    if (changed.length === 0) return true;
    await client.query(
      `UPDATE person SET full_name = $3, email = $4, phone = $5, address = $6, reasonable_adjustments = $7, language = $8, contact_by = $9, large_print = $10
        WHERE council_id = $1 AND id = $2`,
      [change.councilId, before.id, d.fullName, d.email, d.phone, d.address, d.reasonableAdjustments, d.language, d.contactBy, d.largePrint],
    );
    // The contact's language follows the complainant's (or, with none named, the representative's).
    await client.query(
      `UPDATE contact c SET language = p.language FROM person p
        WHERE c.council_id = $1 AND c.id = $2 AND p.council_id = c.council_id AND p.id = coalesce(c.complainant_id, c.representative_id)`,
      [change.councilId, change.contactId],
    );
    await writeCaseEvent(client, {
      councilId: change.councilId, contactId: change.contactId, type: 'contact_updated', on: change.on, data: { person: change.role, changed },
    }, actor);
    return true;
  });
}
