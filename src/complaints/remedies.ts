import { z } from 'zod';
import type { Queryable } from '../db/database.ts';
import type { Actor } from '../events/actor.ts';
import { writeCaseEvent } from '../events/caseEvents.ts';
import { assertVersion, withinTransaction, type Transactable } from '../events/concurrency.ts';
import { isIsoDate } from '../domain/dates.ts';
import { ActionRefusedError } from './actionRefused.ts';
import { REMEDY_KINDS } from '../domain/cases/vocabulary.ts';

const date = z.string().refine(isIsoDate, 'Enter a real date');

export const remedySchema = z.object({
  kind: z.enum(REMEDY_KINDS, { error: 'Select the kind of remedy' }),
  description: z.string().trim().max(5000).optional(),
  amount: z.number().nonnegative('The amount cannot be negative').multipleOf(0.01, 'Enter the amount in pounds and pence').optional(),
  dueOn: date.optional(),
  doneOn: date.optional(),
}).refine((r) => r.kind !== 'financial_redress' || r.amount !== undefined, { message: 'Enter the amount of financial redress', path: ['amount'] });

export const learningActionSchema = z.object({
  description: z.string().trim().min(1, 'Enter what will change'),
  owner: z.string().trim().min(1, 'Enter who owns the action'),
  dueOn: date.optional(),
  doneOn: date.optional(),
});

function parse<T>(schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (!result.success) throw new ActionRefusedError(result.error.issues.map((i) => i.message).join('. '));
  return result.data;
}

async function contactId(db: Queryable, councilId: number, reference: string): Promise<number> {
  const { rows } = await db.query<{ id: number }>('SELECT id FROM contact WHERE council_id = $1 AND reference = $2', [councilId, reference]);
  if (!rows[0]) throw new ActionRefusedError(`There is no contact ${reference}.`);
  return rows[0].id;
}

/**
 * What the council does to put things right on a complaint: recorded with an event, in one
 * transaction (its own on a database or pool; the caller's on a client). `expectedVersion`
 * is the version of the case the officer saw (src/events/concurrency.ts).
 */
export async function addRemedy(
  db: Transactable, councilId: number, reference: string, input: unknown, actor: Actor, on: string, options: { expectedVersion?: number } = {},
): Promise<number> {
  const r = parse(remedySchema, input);
  return withinTransaction(db, async (client) => {
    const id = await contactId(client, councilId, reference);
    await assertVersion(client, councilId, id, options.expectedVersion);
    const { rows } = await client.query<{ id: number }>(
      'INSERT INTO remedy (council_id, contact_id, kind, description, amount, due_on, done_on) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id',
      [councilId, id, r.kind, r.description ?? null, r.amount ?? null, r.dueOn ?? null, r.doneOn ?? null],
    );
    await writeCaseEvent(client, { councilId, contactId: id, type: 'remedy_agreed', on, data: r }, actor);
    return rows[0]!.id;
  });
}

/** A change a service commits to because of a complaint, with its owner and date; like addRemedy. */
export async function addLearningAction(
  db: Transactable, councilId: number, reference: string, input: unknown, actor: Actor, on: string, options: { expectedVersion?: number } = {},
): Promise<number> {
  const a = parse(learningActionSchema, input);
  return withinTransaction(db, async (client) => {
    const id = await contactId(client, councilId, reference);
    await assertVersion(client, councilId, id, options.expectedVersion);
    const { rows } = await client.query<{ id: number }>(
      // In the plan of its complaint's unit until someone moves it (src/learning/).
      `INSERT INTO learning_action (council_id, contact_id, description, owner, due_on, done_on, org_unit_id)
       SELECT $1, $2, $3, $4, $5, $6, org_unit_id FROM contact WHERE council_id = $1 AND id = $2 RETURNING id`,
      [councilId, id, a.description, a.owner, a.dueOn ?? null, a.doneOn ?? null],
    );
    await writeCaseEvent(client, { councilId, contactId: id, type: 'learning_action_agreed', on, data: a }, actor);
    return rows[0]!.id;
  });
}
