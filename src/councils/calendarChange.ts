import { inTransaction, type Database } from '../db/database.ts';
import { DIVISIONS, parseGovUkBankHolidays, type Division } from '../domain/calendar/bankHolidays.ts';
import { explainDue, recomputeDue, type DueDateBasis } from '../domain/calendar/deadlines.ts';
import type { IsoDate } from '../domain/dates.ts';
import { saveCalendar } from './calendarStore.ts';

export interface CalendarChange {
  division: Division;
  version: string;
  /** Open deadlines whose date moved. */
  deadlinesMoved: number;
}

const NATIONS: Record<Division, string[]> = {
  'england-and-wales': ['england', 'wales'],
  scotland: ['scotland'],
  'northern-ireland': ['northern_ireland'],
};

/**
 * Loads a newer GOV.UK bank-holidays.json (say, a one-off bank holiday announced for a
 * coronation): each changed division's calendar becomes current, every open deadline
 * computed under an older calendar is recomputed, and each one that moves is recorded
 * on its case's timeline. No code change, one transaction.
 */
export async function loadBankHolidays(db: Database, json: unknown, source: string, today: IsoDate, actor: string): Promise<CalendarChange[]> {
  const calendars = parseGovUkBankHolidays(json);
  return inTransaction(db, async (client) => {
    const changes: CalendarChange[] = [];
    for (const division of DIVISIONS) {
      const calendar = calendars[division];
      if (!(await saveCalendar(client, calendar, source))) continue;
      // Open stages: not answered, not withdrawn, with a deadline computed under another version.
      const { rows } = await client.query<{
        id: number; council_id: number; contact_id: number; stage: number;
        acknowledgement_due_basis: DueDateBasis | null; due_basis: DueDateBasis | null; acknowledged_on: string | null;
      }>(
        `SELECT s.id, s.council_id, s.contact_id, s.stage, s.acknowledgement_due_basis, s.due_basis, s.acknowledged_on
           FROM complaint_stage s
           JOIN council k ON k.id = s.council_id AND k.nation = ANY($1::text[])
          WHERE s.responded_on IS NULL AND s.opened_on IS NOT NULL AND s.outcome IS NULL
            AND (s.due_basis->>'calendarVersion' IS DISTINCT FROM $2 OR s.acknowledgement_due_basis->>'calendarVersion' IS DISTINCT FROM $2)
          FOR UPDATE OF s`,
        [NATIONS[division], calendar.version],
      );
      let moved = 0;
      for (const stage of rows) {
        // An acknowledgement already sent has no deadline left to move.
        const ack = stage.acknowledgement_due_basis && !stage.acknowledged_on ? recomputeDue(calendar, stage.acknowledgement_due_basis) : stage.acknowledgement_due_basis;
        const due = stage.due_basis ? recomputeDue(calendar, stage.due_basis) : null;
        await client.query(
          `UPDATE complaint_stage SET acknowledgement_due_on = $3, acknowledgement_due_basis = $4, due_on = $5, due_basis = $6
            WHERE council_id = $1 AND id = $2`,
          [stage.council_id, stage.id, ack?.due ?? null, ack ? JSON.stringify(ack) : null, due?.due ?? null, due ? JSON.stringify(due) : null],
        );
        const changedDates = [
          ['acknowledgement', stage.acknowledgement_due_basis, ack],
          ['response', stage.due_basis, due],
        ].filter(([, before, after]) => before && after && (before as DueDateBasis).due !== (after as DueDateBasis).due) as [string, DueDateBasis, DueDateBasis][];
        if (changedDates.length === 0) continue;
        moved++;
        await client.query(
          'INSERT INTO case_event (council_id, contact_id, stage, type, occurred_on, actor, data) VALUES ($1, $2, $3, $4, $5, $6, $7)',
          [
            stage.council_id, stage.contact_id, stage.stage, 'deadline_recomputed', today, actor,
            JSON.stringify({
              calendarVersion: calendar.version,
              source,
              changes: changedDates.map(([which, before, after]) => ({ deadline: which, from: before.due, to: after.due, explanation: explainDue(after) })),
            }),
          ],
        );
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
        moved++;
        await client.query(
          'INSERT INTO case_event (council_id, contact_id, type, occurred_on, actor, data) VALUES ($1, $2, $3, $4, $5, $6)',
          [enquiry.council_id, enquiry.id, 'deadline_recomputed', today, actor, JSON.stringify({
            calendarVersion: calendar.version, source,
            changes: [{ deadline: 'response', from: enquiry.response_due_basis.due, to: due.due, explanation: explainDue(due) }],
          })],
        );
      }
      changes.push({ division, version: calendar.version, deadlinesMoved: moved });
    }
    return changes;
  });
}
