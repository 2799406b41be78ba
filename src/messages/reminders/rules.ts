/**
 * Which staff reminder is due on a day, pure (issue 8). Everything is counted in the
 * council's working days (workingDays.ts: the days d with a < d ≤ b). Each rule names its
 * reminder with a key that holds the date it is about, so a sweep run twice, or a day missed
 * and caught up, sends it once, and an extension (a new due date) starts the reminders again.
 */
import type { IsoDate } from '../../domain/dates.ts';
import { addDays, toEpochDay, fromEpochDay } from '../../domain/dates.ts';
import type { BankHolidayCalendar } from '../../domain/calendar/bankHolidays.ts';
import { addWorkingDays, isWorkingDay, workingDaysBetween } from '../../domain/calendar/workingDays.ts';
import type { ReminderSettings } from './settings.ts';

export type DeadlineReminder =
  /** `threshold` is the configured number it answers to; `daysLeft` the working days really left. */
  | { kind: 'before'; threshold: number; daysLeft: number; key: string }
  | { kind: 'due_today'; key: string }
  /** `occurrence` 0 on the first working day after the deadline, 1 after overdueRepeatEvery more… */
  | { kind: 'overdue'; daysOverdue: number; occurrence: number; key: string };

/**
 * The reminder of a deadline due today, or null. Before it: the smallest threshold d with
 * working days left ≤ d (so a reminder missed on its day goes the next, and 5 and 1 never
 * go together); on the day (or the last working day before a deadline on a weekend); after
 * it: the first working day, then every overdueRepeatEvery working days, until it is more
 * than overdueStopAfter working days overdue.
 */
export function deadlineReminder(
  cal: BankHolidayCalendar, today: IsoDate, due: IsoDate, settings: Pick<ReminderSettings, 'daysBefore' | 'overdueRepeatEvery' | 'overdueStopAfter'>,
): DeadlineReminder | null {
  if (today <= due) {
    const daysLeft = workingDaysBetween(cal, today, due);
    if (daysLeft === 0) return { kind: 'due_today', key: `${due}:today` };
    const threshold = Math.min(...settings.daysBefore.filter((d) => daysLeft <= d));
    if (!Number.isFinite(threshold)) return null;
    return { kind: 'before', threshold, daysLeft, key: `${due}:before${threshold}` };
  }
  const daysOverdue = workingDaysBetween(cal, due, today);
  if (daysOverdue === 0 || daysOverdue > settings.overdueStopAfter) return null;
  const occurrence = Math.floor((daysOverdue - 1) / settings.overdueRepeatEvery);
  return { kind: 'overdue', daysOverdue, occurrence, key: `${due}:overdue${occurrence}` };
}

/**
 * The manager is told once, when a response is managerAfter working days late (or later, if
 * missed), but not about one more than overdueStopAfter working days late.
 */
export function managerAlert(
  cal: BankHolidayCalendar, today: IsoDate, due: IsoDate, settings: Pick<ReminderSettings, 'managerAfter' | 'overdueStopAfter'>,
): { daysOverdue: number; key: string } | null {
  if (today <= due) return null;
  const daysOverdue = workingDaysBetween(cal, due, today);
  return daysOverdue >= settings.managerAfter && daysOverdue <= settings.overdueStopAfter ? { daysOverdue, key: `${due}:manager` } : null;
}

/**
 * A request for the next stage waiting escalationWaitDays working days or more for a
 * decision: the team is reminded then, and again every overdueRepeatEvery working days, until
 * it has waited overdueStopAfter working days beyond escalationWaitDays (the decision is
 * overdue from the end of the wait).
 */
export function escalationReminder(
  cal: BankHolidayCalendar, today: IsoDate, requestedOn: IsoDate,
  settings: Pick<ReminderSettings, 'escalationWaitDays' | 'overdueRepeatEvery' | 'overdueStopAfter'>,
): { daysWaited: number; occurrence: number; key: string } | null {
  const daysWaited = workingDaysBetween(cal, requestedOn, today);
  if (daysWaited < settings.escalationWaitDays || daysWaited > settings.escalationWaitDays + settings.overdueStopAfter) return null;
  const occurrence = Math.floor((daysWaited - settings.escalationWaitDays) / settings.overdueRepeatEvery);
  return { daysWaited, occurrence, key: `${requestedOn}:waiting${occurrence}` };
}

/**
 * The last due date a "before" reminder can concern today: deadlines after it have more
 * working days left than the largest threshold (the sweep's SQL reads only up to here).
 */
export function reminderHorizon(cal: BankHolidayCalendar, today: IsoDate, settings: Pick<ReminderSettings, 'daysBefore'>): IsoDate {
  const furthest = addWorkingDays(cal, today, Math.max(0, ...settings.daysBefore) + 1);
  return addDays(furthest, -1);
}

/**
 * The earliest due date still reminded today: a deadline before it is more than
 * overdueStopAfter working days overdue (the sweep's SQL reads nothing older). It is the
 * (overdueStopAfter + 1)-th working day counting back from today, today the first if it is
 * one: a date d is reminded while the working days in (d, today] are at most overdueStopAfter.
 */
export function reminderFloor(cal: BankHolidayCalendar, today: IsoDate, settings: Pick<ReminderSettings, 'overdueStopAfter'>): IsoDate {
  return workingDayBack(cal, today, settings.overdueStopAfter);
}

/** The earliest request for the next stage still reminded today (escalationReminder's stop, by requested_on). */
export function escalationFloor(
  cal: BankHolidayCalendar, today: IsoDate, settings: Pick<ReminderSettings, 'overdueStopAfter' | 'escalationWaitDays'>,
): IsoDate {
  return workingDayBack(cal, today, settings.escalationWaitDays + settings.overdueStopAfter);
}

/**
 * The earliest date d with workingDaysBetween(d, today) ≤ n. addWorkingDays counts only
 * forward, so this walks back day by day (at most a year or so: n ≤ 270): every working day
 * passed, today included, is one more working day in (d, today], and the (n + 1)-th is the answer.
 */
function workingDayBack(cal: BankHolidayCalendar, today: IsoDate, n: number): IsoDate {
  let passed = 0;
  for (let day = today; ; day = addDays(day, -1)) {
    if (!isWorkingDay(cal, day)) continue;
    if (passed === n) return day;
    passed++;
  }
}

/** "2026-W53": the ISO week a date is in (weeks start on Monday; week 1 holds the year's first Thursday). */
export function isoWeek(date: IsoDate): string {
  const day = toEpochDay(date);
  const weekday = isoWeekday(date);
  const thursday = day - weekday + 4;
  const year = Number(fromEpochDay(thursday).slice(0, 4));
  const week = Math.floor((thursday - toEpochDay(`${year}-01-01`)) / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** 1 Monday … 7 Sunday. */
export function isoWeekday(date: IsoDate): number {
  return ((((toEpochDay(date) + 3) % 7) + 7) % 7) + 1; // 1970-01-01 was a Thursday
}

/**
 * The day of the week's digest: digestWeekday, or when that is a bank holiday the next
 * working day of the same week; null when none is left that week.
 */
export function digestDay(cal: BankHolidayCalendar, today: IsoDate, settings: Pick<ReminderSettings, 'digestWeekday'>): IsoDate | null {
  const monday = addDays(today, 1 - isoWeekday(today));
  for (let weekday = settings.digestWeekday; weekday <= 5; weekday++) {
    const day = addDays(monday, weekday - 1);
    if (isWorkingDay(cal, day)) return day;
  }
  return null;
}

/** "1 working day", "5 working days". */
export function workingDaysText(n: number): string {
  return `${n} working day${n === 1 ? '' : 's'}`;
}
