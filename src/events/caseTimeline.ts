import type { Queryable } from '../db/database.ts';
import type { IsoDate } from '../domain/dates.ts';
import type { CaseEventType } from './caseEvents.ts';

export interface TimelineEvent {
  id: number;
  type: CaseEventType;
  stage: number | null;
  /** The date it happened. */
  on: IsoDate;
  /** When it was written down. */
  recordedAt: Date;
  /** Who: the staff member's name, or the system actor ("redress import"). */
  actor: string;
  accountId: number | null;
  /** Where from ("web 203.0.113.7", "command line"); null for events written before it was recorded. */
  origin: string | null;
  data: Record<string, unknown>;
}

export const TIMELINE_PAGE_LIMIT = 200;

/**
 * A case's events, newest first (by when they were written), a page at a time: pass the
 * `nextBefore` of one page as `before` for the next; null when there are no more.
 */
export async function caseTimeline(
  db: Queryable, councilId: number, contactId: number, page: { before?: number; limit: number },
): Promise<{ events: TimelineEvent[]; nextBefore: number | null }> {
  const limit = Math.min(Math.max(Math.trunc(page.limit), 1), TIMELINE_PAGE_LIMIT);
  const { rows } = await db.query<{
    id: number; type: CaseEventType; stage: number | null; occurred_on: IsoDate; recorded_at: Date; actor: string;
    actor_account_id: number | null; origin: string | null; data: Record<string, unknown>;
  }>(
    `SELECT id, type, stage, occurred_on, recorded_at, actor, actor_account_id, origin, data
       FROM case_event
      WHERE council_id = $1 AND contact_id = $2 AND ($3::bigint IS NULL OR id < $3)
      ORDER BY id DESC LIMIT $4`,
    [councilId, contactId, page.before ?? null, limit + 1],
  );
  const events = rows.slice(0, limit).map((r) => ({
    id: r.id, type: r.type, stage: r.stage, on: r.occurred_on, recordedAt: r.recorded_at, actor: r.actor,
    accountId: r.actor_account_id, origin: r.origin, data: r.data,
  }));
  return { events, nextBefore: rows.length > limit ? events[events.length - 1]!.id : null };
}
