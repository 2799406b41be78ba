import type { IsoDate } from '../dates.ts';

/** How a deadline stands today, in words and colour on every page that shows one. */
export type DeadlineState = 'on_track' | 'due_soon' | 'due_today' | 'overdue' | 'done';

export interface DeadlineStanding {
  state: DeadlineState;
  /** Working days from today to the due date (negative once overdue; 0 on the day). */
  workingDays: number;
}

/** Within this many working days a deadline is "due soon" (the home page's "next 5 working days"). */
export const DUE_SOON_WORKING_DAYS = 5;

/**
 * A deadline's standing: done once met; otherwise overdue, due today, due soon (within five
 * working days) or on track. `workingDaysBetween(a, b)` counts the working days d with
 * a < d ≤ b, from the council's calendar (src/domain/calendar/workingDays.ts).
 */
export function deadlineStanding(
  due: IsoDate,
  today: IsoDate,
  doneOn: IsoDate | null,
  workingDaysBetween: (from: IsoDate, to: IsoDate) => number,
): DeadlineStanding {
  const workingDays = due >= today ? workingDaysBetween(today, due) : -workingDaysBetween(due, today);
  if (doneOn) return { state: 'done', workingDays };
  if (due < today) return { state: 'overdue', workingDays };
  if (due === today) return { state: 'due_today', workingDays: 0 };
  return { state: workingDays <= DUE_SOON_WORKING_DAYS ? 'due_soon' : 'on_track', workingDays };
}
