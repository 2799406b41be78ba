import { z } from 'zod';
import type { Queryable } from '../db/database.ts';
import type { Actor } from '../events/actor.ts';
import { writeCaseEvent } from '../events/caseEvents.ts';
import { withinTransaction, type Transactable } from '../events/concurrency.ts';
import { ActionRefusedError } from '../complaints/actionRefused.ts';
import { isIsoDate } from '../domain/dates.ts';
import { OMBUDSMAN_BODIES, OMBUDSMAN_DECISIONS, REMEDY_KINDS } from '../domain/cases/vocabulary.ts';

const date = z.string().refine(isIsoDate, 'Enter a real date');
/** An Ombudsman's enquiry as the council is told of it, and later its decision. */
export const ombudsmanCaseSchema = z.object({
  body: z.enum(OMBUDSMAN_BODIES, { error: 'Select which Ombudsman' }),
  ombudsmanReference: z.string().trim().min(1, 'Enter the Ombudsman’s reference'),
  receivedOn: date,
  councilReference: z.string().trim().optional(),
  category: z.string().trim().optional(),
  detailedInvestigation: z.boolean().optional(),
  decidedOn: date.optional(),
  decision: z.enum(OMBUDSMAN_DECISIONS).optional(),
  satisfactoryRemedyByCouncil: z.boolean().optional(),
  recommendedRemedies: z.array(z.enum(REMEDY_KINDS)).default([]),
  remedyAmount: z.number().nonnegative().optional(),
  complianceDueOn: date.optional(),
  compliedOn: date.optional(),
})
  .refine((c) => !c.decision || c.decidedOn, { message: 'Enter the date of the decision', path: ['decidedOn'] })
  .refine((c) => !c.decidedOn || c.decidedOn >= c.receivedOn, { message: 'The decision cannot be before the enquiry was received', path: ['decidedOn'] });

/**
 * Records or updates an Ombudsman case (by body and their reference), linked to the
 * council's contact when given; the linked case's timeline says what the Ombudsman did.
 * One transaction (its own on a database or pool; the caller's on a client).
 */
export async function recordOmbudsmanCase(db: Transactable, councilId: number, input: unknown, actor: Actor, on: string): Promise<number> {
  const parsed = ombudsmanCaseSchema.safeParse(input);
  if (!parsed.success) throw new ActionRefusedError(parsed.error.issues.map((i) => i.message).join('. '));
  const c = parsed.data;
  return withinTransaction(db, async (client) => {
    let contactId: number | null = null;
    if (c.councilReference) {
      const { rows } = await client.query<{ id: number }>('SELECT id FROM contact WHERE council_id = $1 AND reference = $2', [councilId, c.councilReference]);
      if (!rows[0]) throw new ActionRefusedError(`There is no contact ${c.councilReference}.`);
      contactId = rows[0].id;
    }
    const { rows } = await client.query<{ id: number }>(
      `INSERT INTO ombudsman_case (council_id, body, ombudsman_reference, received_on, contact_id, category, detailed_investigation,
                                   decided_on, decision, satisfactory_remedy_by_council, recommended_remedies, remedy_amount,
                                   compliance_due_on, complied_on)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
       ON CONFLICT (council_id, body, ombudsman_reference) DO UPDATE SET
         received_on = EXCLUDED.received_on, contact_id = EXCLUDED.contact_id, category = EXCLUDED.category,
         detailed_investigation = EXCLUDED.detailed_investigation, decided_on = EXCLUDED.decided_on, decision = EXCLUDED.decision,
         satisfactory_remedy_by_council = EXCLUDED.satisfactory_remedy_by_council, recommended_remedies = EXCLUDED.recommended_remedies,
         remedy_amount = EXCLUDED.remedy_amount, compliance_due_on = EXCLUDED.compliance_due_on, complied_on = EXCLUDED.complied_on
       RETURNING id`,
      [
        councilId, c.body, c.ombudsmanReference, c.receivedOn, contactId, c.category ?? null, c.detailedInvestigation ?? null,
        c.decidedOn ?? null, c.decision ?? null, c.satisfactoryRemedyByCouncil ?? null, c.recommendedRemedies, c.remedyAmount ?? null,
        c.complianceDueOn ?? null, c.compliedOn ?? null,
      ],
    );
    if (contactId !== null) {
      await writeCaseEvent(client, {
        councilId, contactId, type: 'ombudsman_case_recorded', on, data: { body: c.body, reference: c.ombudsmanReference, decision: c.decision ?? null },
      }, actor);
    }
    return rows[0]!.id;
  });
}

/** Ombudsman remedies not yet complied with, oldest due first, with whether they are late. */
export async function outstandingCompliance(db: Queryable, councilId: number, today: string) {
  const { rows } = await db.query<{ body: string; ombudsman_reference: string; compliance_due_on: string; late: boolean }>(
    `SELECT body, ombudsman_reference, compliance_due_on, compliance_due_on < $2::date AS late
       FROM ombudsman_case WHERE council_id = $1 AND compliance_due_on IS NOT NULL AND complied_on IS NULL
      ORDER BY compliance_due_on`,
    [councilId, today],
  );
  return rows;
}
