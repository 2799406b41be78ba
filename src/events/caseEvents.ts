import type { Queryable } from '../db/database.ts';
import type { IsoDate } from '../domain/dates.ts';
import type { LifecycleEventType } from '../domain/cases/lifecycle.ts';
import type { Actor } from './actor.ts';
import { queueMessagesForEvent } from '../messages/caseMessages.ts';

/**
 * Every kind of thing that can happen to a case, as stored in case_event.type. The one
 * writer below is the only way an event is written (test/events/oneWriter.test.ts), so
 * this list is the whole vocabulary of a case's timeline.
 */
export const CASE_EVENT_TYPES = [
  // The contact
  'logged',
  'contact_updated',
  'linked',
  'merged',
  'merged_into',
  'merged_from',
  'note_added',
  'document_added',
  'restricted',
  'unrestricted',
  // The complaint's lifecycle (src/domain/cases/lifecycle.ts)
  'triaged',
  'stage_opened',
  'accepted_at_stage_2',
  'step_recorded',
  'acknowledged',
  'allocated',
  'extended',
  'clock_stopped',
  'clock_restarted',
  'responded',
  'escalation_requested',
  'escalation_accepted',
  'escalation_refused',
  'closed',
  'withdrawn',
  'reopened',
  // Findings and putting things right
  'elements_recorded',
  'remedy_agreed',
  'remedy_done',
  'learning_action_agreed',
  'learning_action_done',
  // A learning action's status, evidence, owner, date, themes or unit changed on the plan (src/learning/)
  'learning_action_updated',
  // Deadlines moved by a new bank-holiday calendar
  'deadline_recomputed',
  // The Ombudsman
  'ombudsman_case_recorded',
  'ombudsman_linked',
  // Ombudsman casework, step by step (src/ombudsman/ombudsmanCasework.ts)
  'ombudsman_information_requested',
  'ombudsman_information_sent',
  'ombudsman_assessed',
  'ombudsman_investigation_started',
  'ombudsman_draft_decision',
  'ombudsman_comments_sent',
  'ombudsman_final_decision',
  'ombudsman_recommendation_added',
  'ombudsman_recommendation_complied',
  // Case history imported from another system
  'imported',
  'updated_by_import',
  // Retention (issue 10): a legal hold placed or lifted; the case anonymised
  'legal_hold_placed',
  'legal_hold_lifted',
  'anonymised',
] as const;

export type CaseEventType = (typeof CASE_EVENT_TYPES)[number];

/** Every lifecycle event is a case event (a compile error here means the list above is missing one). */
export const lifecycleEventsAreCaseEvents: LifecycleEventType extends CaseEventType ? true : never = true;

export function isCaseEventType(value: string): value is CaseEventType {
  return (CASE_EVENT_TYPES as readonly string[]).includes(value);
}

export interface CaseEvent {
  councilId: number;
  contactId: number;
  /** The stage it happened to; null or absent for the contact as a whole. */
  stage?: number | null;
  type: CaseEventType;
  /** The date it happened (what the officer says), not when it was recorded. */
  on: IsoDate;
  data?: object;
}

function checked(event: CaseEvent): CaseEvent {
  if (!isCaseEventType(event.type)) throw new Error(`"${event.type}" is not a kind of case event`);
  return event;
}

/**
 * Writes one event on a case's timeline, with who did it and from where, and moves the
 * case's version on by one, in one statement: returns the event's id and the case's new
 * version. Call it inside the transaction that makes the change, so both land or neither.
 */
export async function writeCaseEvent(client: Queryable, event: CaseEvent, actor: Actor): Promise<{ id: number; version: number }> {
  const e = checked(event);
  const { rows } = await client.query<{ id: number; version: number }>(
    `WITH bumped AS (
       UPDATE contact SET version = version + 1 WHERE council_id = $1 AND id = $2 RETURNING version
     ), written AS (
       INSERT INTO case_event (council_id, contact_id, stage, type, occurred_on, actor, actor_account_id, origin, data)
       SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9 FROM bumped
       RETURNING id
     )
     SELECT written.id, bumped.version FROM written, bumped`,
    [e.councilId, e.contactId, e.stage ?? null, e.type, e.on, actor.name, actor.accountId, actor.origin, JSON.stringify(e.data ?? {})],
  );
  const row = rows[0];
  if (!row) throw new Error(`There is no case ${e.contactId} in council ${e.councilId} to write a "${e.type}" event on`);
  // What the change tells the resident and staff, queued in the same transaction (issue 8).
  await queueMessagesForEvent(client, e, actor, row.id);
  return row;
}

/**
 * Writes many events by one actor in one statement (an import's batch): each case's version
 * moves on by the number of its events. Returns how many were written. Keep a batch to a few
 * thousand events; the caller batches.
 */
export async function writeCaseEvents(client: Queryable, events: readonly CaseEvent[], actor: Actor): Promise<number> {
  if (events.length === 0) return 0;
  events.forEach(checked);
  const { rows } = await client.query<{ written: number; bumped: number }>(
    `WITH e AS (
       SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::smallint[], $4::text[], $5::date[], $6::jsonb[])
                WITH ORDINALITY AS e(council_id, contact_id, stage, type, occurred_on, data, n)
     ), bumped AS (
       UPDATE contact c SET version = c.version + per_case.events
         FROM (SELECT council_id, contact_id, count(*)::int AS events FROM e GROUP BY council_id, contact_id) per_case
        WHERE c.council_id = per_case.council_id AND c.id = per_case.contact_id
       RETURNING c.id
     ), written AS (
       INSERT INTO case_event (council_id, contact_id, stage, type, occurred_on, actor, actor_account_id, origin, data)
       SELECT e.council_id, e.contact_id, e.stage, e.type, e.occurred_on, $7, $8, $9, e.data FROM e ORDER BY e.n
       RETURNING 1
     )
     SELECT (SELECT count(*)::int FROM written) AS written, (SELECT count(*)::int FROM bumped) AS bumped`,
    [
      events.map((e) => e.councilId), events.map((e) => e.contactId), events.map((e) => e.stage ?? null), events.map((e) => e.type),
      events.map((e) => e.on), events.map((e) => JSON.stringify(e.data ?? {})), actor.name, actor.accountId, actor.origin,
    ],
  );
  const distinct = new Set(events.map((e) => `${e.councilId}:${e.contactId}`)).size;
  // The foreign key refuses an event on a case that does not exist, so every case was bumped.
  if (rows[0]!.bumped !== distinct) throw new Error('An event names a case that does not exist');
  return rows[0]!.written;
}
