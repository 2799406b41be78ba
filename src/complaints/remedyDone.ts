import type { Queryable } from '../db/database.ts';
import type { IsoDate } from '../domain/dates.ts';
import type { Actor } from '../events/actor.ts';
import { writeCaseEvent } from '../events/caseEvents.ts';
import { assertVersion, withinTransaction, type Transactable } from '../events/concurrency.ts';
import { ActionRefusedError } from './actionRefused.ts';

export interface OpenRemedy {
  id: number;
  kind: string;
  description: string | null;
  amount: number | null;
  dueOn: IsoDate | null;
}

export interface OpenLearningAction {
  id: number;
  description: string;
  owner: string;
  dueOn: IsoDate | null;
}

/** A case's remedies not yet done, oldest first, with their ids (to mark one done). */
export async function openRemedies(db: Queryable, councilId: number, contactId: number): Promise<OpenRemedy[]> {
  const { rows } = await db.query<{ id: number; kind: string; description: string | null; amount: string | number | null; due_on: IsoDate | null }>(
    'SELECT id, kind, description, amount, due_on FROM remedy WHERE council_id = $1 AND contact_id = $2 AND done_on IS NULL ORDER BY id',
    [councilId, contactId],
  );
  return rows.map((r) => ({ id: Number(r.id), kind: r.kind, description: r.description, amount: r.amount === null ? null : Number(r.amount), dueOn: r.due_on }));
}

/** A case's learning actions not yet done, oldest first, with their ids. */
export async function openLearningActions(db: Queryable, councilId: number, contactId: number): Promise<OpenLearningAction[]> {
  const { rows } = await db.query<{ id: number; description: string; owner: string; due_on: IsoDate | null }>(
    // One the plan says is not going ahead is not to be marked done (src/learning/).
    "SELECT id, description, owner, due_on FROM learning_action WHERE council_id = $1 AND contact_id = $2 AND done_on IS NULL AND status <> 'not_going_ahead' ORDER BY id",
    [councilId, contactId],
  );
  return rows.map((r) => ({ id: Number(r.id), description: r.description, owner: r.owner, dueOn: r.due_on }));
}

/**
 * Marks one of the case's remedies done on a date: a `remedy_done` event, in one transaction,
 * only if the case is still at the version the officer saw. Returns the case's new version.
 */
export async function markRemedyDone(
  db: Transactable, councilId: number, contactId: number, remedyId: number, doneOn: IsoDate, actor: Actor, options: { expectedVersion?: number } = {},
): Promise<number> {
  return withinTransaction(db, async (client) => {
    await assertVersion(client, councilId, contactId, options.expectedVersion);
    const { rows } = await client.query<{ kind: string; done_on: IsoDate | null }>(
      'SELECT kind, done_on FROM remedy WHERE council_id = $1 AND contact_id = $2 AND id = $3 FOR UPDATE', [councilId, contactId, remedyId]);
    const remedy = rows[0];
    if (!remedy) throw new ActionRefusedError('There is no such remedy on this case.');
    if (remedy.done_on) throw new ActionRefusedError('This remedy has already been marked done.');
    await client.query('UPDATE remedy SET done_on = $4 WHERE council_id = $1 AND contact_id = $2 AND id = $3', [councilId, contactId, remedyId, doneOn]);
    const { version } = await writeCaseEvent(client, { councilId, contactId, type: 'remedy_done', on: doneOn, data: { remedyId, kind: remedy.kind } }, actor);
    return version;
  });
}

/**
 * Marks one of the case's learning actions done, with the evidence that the change was made
 * (kept on the `learning_action_done` event); like markRemedyDone.
 */
export async function markLearningActionDone(
  db: Transactable, councilId: number, contactId: number, actionId: number, done: { on: IsoDate; evidence: string }, actor: Actor,
  options: { expectedVersion?: number } = {},
): Promise<number> {
  const evidence = done.evidence.trim();
  if (!evidence) throw new ActionRefusedError('Say what shows the change was made.');
  return withinTransaction(db, async (client) => {
    await assertVersion(client, councilId, contactId, options.expectedVersion);
    const { rows } = await client.query<{ description: string; done_on: IsoDate | null; status: string }>(
      'SELECT description, done_on, status FROM learning_action WHERE council_id = $1 AND contact_id = $2 AND id = $3 FOR UPDATE', [councilId, contactId, actionId]);
    const action = rows[0];
    if (!action) throw new ActionRefusedError('There is no such learning action on this case.');
    if (action.done_on) throw new ActionRefusedError('This learning action has already been marked done.');
    if (action.status === 'not_going_ahead') throw new ActionRefusedError('This learning action is not going ahead: change its status on the learning plan first.');
    // The evidence is the plan's too (the status follows done_on: migration 027).
    await client.query('UPDATE learning_action SET done_on = $4, evidence = $5 WHERE council_id = $1 AND contact_id = $2 AND id = $3',
      [councilId, contactId, actionId, done.on, evidence]);
    const { version } = await writeCaseEvent(client, {
      councilId, contactId, type: 'learning_action_done', on: done.on, data: { learningActionId: actionId, description: action.description, evidence },
    }, actor);
    return version;
  });
}
