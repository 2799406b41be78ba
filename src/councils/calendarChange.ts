import type pg from 'pg';
import { inTransaction, type Database } from '../db/database.ts';
import { DIVISIONS, parseGovUkBankHolidays, type Division } from '../domain/calendar/bankHolidays.ts';
import { explainDue, recomputeDue, recomputeStageDeadlines, type DueDateBasis, type StoredDeadline } from '../domain/calendar/deadlines.ts';
import type { IsoDate } from '../domain/dates.ts';
import { NATIONS_OF, saveCalendar } from './calendarStore.ts';
import type { Actor } from '../events/actor.ts';
import { writeCaseEvent } from '../events/caseEvents.ts';

export interface CalendarChange {
  division: Division;
  version: string;
  /** Open deadlines whose date moved. */
  deadlinesMoved: number;
  /** The same, by council id (a list is shared by every council of its division). */
  movedByCouncil: Record<number, number>;
}

export interface LoadOptions {
  /** Only these divisions' lists (a council's administrator changes their own division's); absent = all. */
  divisions?: readonly Division[];
  /** Do it all, count what moves, then roll it back: the preview of an upload. */
  rehearse?: boolean;
  /** Runs in the same transaction after the change (an audit entry). */
  alsoInTransaction?: (client: pg.PoolClient, changes: CalendarChange[]) => Promise<void>;
}

/** Carries a rehearsal's counts out of the transaction it rolls back. */
class Rehearsed extends Error {
  constructor(readonly changes: CalendarChange[]) {
    super('rehearsed: rolled back');
  }
}

const NATIONS = NATIONS_OF;

/**
 * Loads a newer GOV.UK bank-holidays.json (say, a one-off bank holiday announced for a
 * coronation): each changed division's calendar becomes current, every open deadline
 * computed under an older calendar is recomputed, and each one that moves is recorded
 * on its case's timeline. No code change, one transaction.
 */
export async function loadBankHolidays(db: Database, json: unknown, source: string, today: IsoDate, actor: Actor, options: LoadOptions = {}): Promise<CalendarChange[]> {
  const calendars = parseGovUkBankHolidays(json);
  return inTransaction(db, async (client) => {
    const changes: CalendarChange[] = [];
    for (const division of DIVISIONS) {
      if (options.divisions && !options.divisions.includes(division)) continue;
      const calendar = calendars[division];
      let moved = 0;
      const movedByCouncil: Record<number, number> = {};
      const count = (councilId: number) => {
        moved++;
        movedByCouncil[councilId] = (movedByCouncil[councilId] ?? 0) + 1;
      };
      if (!(await saveCalendar(client, calendar, source))) continue;
      // Open stages: not answered, not withdrawn, with a deadline computed under another version.
      const { rows } = await client.query<{
        id: number; council_id: number; contact_id: number; stage: number;
        acknowledgement_due_basis: DueDateBasis | null; due_basis: DueDateBasis | null; acknowledged_on: string | null;
        steps: { id: number; step: string; due_basis: DueDateBasis; done: boolean }[];
      }>(
        `SELECT s.id, s.council_id, s.contact_id, s.stage, s.acknowledgement_due_basis, s.due_basis, s.acknowledged_on,
                coalesce((SELECT json_agg(json_build_object('id', t.id, 'step', t.step, 'due_basis', t.due_basis, 'done', t.done_on IS NOT NULL)
                                          ORDER BY t.id)
                            FROM stage_step t WHERE t.council_id = s.council_id AND t.stage_id = s.id AND t.due_basis IS NOT NULL), '[]') AS steps
           FROM complaint_stage s
           JOIN council k ON k.id = s.council_id AND k.nation = ANY($1::text[])
          WHERE s.responded_on IS NULL AND s.opened_on IS NOT NULL AND s.outcome IS NULL
            AND (s.due_basis->>'calendarVersion' IS DISTINCT FROM $2 OR s.acknowledgement_due_basis->>'calendarVersion' IS DISTINCT FROM $2)
          FOR UPDATE OF s`,
        [NATIONS[division], calendar.version],
      );
      for (const stage of rows) {
        // In the order they chain: a deadline counted from another's due date (the response from
        // an acknowledgement not yet sent, a panel's report from the panel) moves with it. One
        // already met (an acknowledgement sent, a step done) has nothing left to move.
        const stored: StoredDeadline[] = [];
        if (stage.acknowledgement_due_basis)
          stored.push({ name: 'acknowledgement', basis: stage.acknowledgement_due_basis, done: stage.acknowledged_on !== null });
        for (const t of stage.steps) stored.push({ name: `step:${t.step}`, basis: t.due_basis, done: t.done });
        if (stage.due_basis) stored.push({ name: 'response', basis: stage.due_basis, done: false });
        const recomputed = new Map(recomputeStageDeadlines(calendar, stored).map((after, i) => [stored[i]!.name, after]));
        const ack = recomputed.get('acknowledgement') ?? null;
        const due = recomputed.get('response') ?? null;
        await client.query(
          `UPDATE complaint_stage SET acknowledgement_due_on = $3, acknowledgement_due_basis = $4, due_on = $5, due_basis = $6
            WHERE council_id = $1 AND id = $2`,
          [stage.council_id, stage.id, ack?.due ?? null, ack ? JSON.stringify(ack) : null, due?.due ?? null, due ? JSON.stringify(due) : null],
        );
        for (const t of stage.steps) {
          const after = recomputed.get(`step:${t.step}`)!;
          await client.query('UPDATE stage_step SET due_on = $3, due_basis = $4 WHERE council_id = $1 AND id = $2', [
            stage.council_id, t.id, after.due, JSON.stringify(after),
          ]);
        }
        const changedDates = stored
          .map((d) => [d.name.replace(/^step:/, ''), d.basis, recomputed.get(d.name)!] as [string, DueDateBasis, DueDateBasis])
          .filter(([, before, after]) => before.due !== after.due);
        if (changedDates.length === 0) continue;
        count(stage.council_id);
        await writeCaseEvent(client, {
          councilId: stage.council_id, contactId: stage.contact_id, stage: stage.stage, type: 'deadline_recomputed', on: today,
          data: {
            calendarVersion: calendar.version,
            source,
            changes: changedDates.map(([which, before, after]) => ({ deadline: which, from: before.due, to: after.due, explanation: explainDue(after) })),
          },
        }, actor);
      }
      // Enquiries from MPs and councillors awaiting a reply have a target too.
      const enquiries = await client.query<{ id: number; council_id: number; response_due_basis: DueDateBasis }>(
        `SELECT c.id, c.council_id, c.response_due_basis FROM contact c JOIN council k ON k.id = c.council_id AND k.nation = ANY($1::text[])
          WHERE c.responded_on IS NULL AND c.response_due_basis IS NOT NULL AND c.response_due_basis->>'calendarVersion' <> $2
          FOR UPDATE OF c`,
        [NATIONS[division], calendar.version],
      );
      for (const enquiry of enquiries.rows) {
        const due = recomputeDue(calendar, enquiry.response_due_basis);
        await client.query('UPDATE contact SET response_due_on = $3, response_due_basis = $4 WHERE council_id = $1 AND id = $2', [
          enquiry.council_id, enquiry.id, due.due, JSON.stringify(due),
        ]);
        if (due.due === enquiry.response_due_basis.due) continue;
        count(enquiry.council_id);
        await writeCaseEvent(client, {
          councilId: enquiry.council_id, contactId: enquiry.id, type: 'deadline_recomputed', on: today, data: {
            calendarVersion: calendar.version, source,
            changes: [{ deadline: 'response', from: enquiry.response_due_basis.due, to: due.due, explanation: explainDue(due) }],
          },
        }, actor);
      }
      changes.push({ division, version: calendar.version, deadlinesMoved: moved, movedByCouncil });
    }
    if (options.rehearse) throw new Rehearsed(changes);
    await options.alsoInTransaction?.(client, changes);
    return changes;
  }).catch((error: unknown) => {
    if (error instanceof Rehearsed) return error.changes;
    throw error;
  });
}
