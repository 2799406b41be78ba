import type { Queryable } from '../db/database.ts';
import { currentCalendar } from '../councils/calendarStore.ts';
import { divisionOf, type BankHolidayCalendar, type Nation } from '../domain/calendar/bankHolidays.ts';
import { workingDaysBetween } from '../domain/calendar/workingDays.ts';
import { deadlineStanding, type DeadlineState } from '../domain/cases/deadlineState.ts';
import { t } from './i18n.ts';

const SHOWN_FOR_MS = 60_000;
const cached = new Map<string, { at: number; calendar: Promise<BankHolidayCalendar> }>();

/**
 * The council's bank-holiday calendar, for counting working days on a page: read at most once
 * a minute per division (every page shows deadlines; a new list is loaded a few times a year,
 * and the deadlines themselves are computed and stored by the services with the current one).
 */
export function councilCalendar(db: Queryable, nation: Nation): Promise<BankHolidayCalendar> {
  const division = divisionOf(nation);
  const hit = cached.get(division);
  if (hit && Date.now() - hit.at < SHOWN_FOR_MS) return hit.calendar;
  const calendar = currentCalendar(db, division);
  cached.set(division, { at: Date.now(), calendar });
  calendar.catch(() => cached.delete(division));
  return calendar;
}

export interface DeadlineView {
  state: DeadlineState;
  /** "Due soon", "Overdue"… */
  text: string;
  /** "3 working days left", "2 working days overdue" (empty once done or due today). */
  detail: string;
  /** GOV.UK tag colour class for the standing. */
  tagClass: string;
}

export const DEADLINE_TAG: Readonly<Record<DeadlineState, string>> = {
  on_track: 'govuk-tag--green', due_soon: 'govuk-tag--yellow', due_today: 'govuk-tag--orange', overdue: 'govuk-tag--red', done: 'govuk-tag--grey',
};
/** Catalogue keys of each standing's words. */
export const DEADLINE_WORDS: Readonly<Record<DeadlineState, string>> = { on_track: 'deadline.onTrack', due_soon: 'deadline.dueSoon', due_today: 'deadline.dueToday', overdue: 'deadline.overdue', done: 'deadline.done' };

/** A deadline's standing in words and colour, with working days left or over, for a view. */
export function deadlineView(calendar: BankHolidayCalendar, due: string, today: string, doneOn: string | null = null): DeadlineView {
  const standing = deadlineStanding(due, today, doneOn, (a, b) => workingDaysBetween(calendar, a, b));
  const detail = standing.state === 'done' || standing.state === 'due_today' ? ''
    : standing.workingDays >= 0 ? t('deadline.workingDaysLeft', { count: standing.workingDays })
      : t('deadline.workingDaysOver', { count: -standing.workingDays });
  return { state: standing.state, text: t(DEADLINE_WORDS[standing.state]), detail, tagClass: DEADLINE_TAG[standing.state] };
}
