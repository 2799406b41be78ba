import type { IsoDate } from '../../domain/dates.ts';
import type { BankHolidayCalendar } from '../../domain/calendar/bankHolidays.ts';
import { isWorkingDay } from '../../domain/calendar/workingDays.ts';
import type { ReminderSettings } from './settings.ts';

/** Councils keep UK time: GMT in winter, BST in summer, whatever the server's own zone. */
const LONDON = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
});

export interface CouncilTime {
  /** The council's calendar date. */
  date: IsoDate;
  /** "HH:MM" on the council's clock. */
  time: string;
}

/** The date and time a moment is in Europe/London (Intl knows when the clocks change). */
export function councilTime(now: Date): CouncilTime {
  const parts = Object.fromEntries(LONDON.formatToParts(now).map((p) => [p.type, p.value]));
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

/**
 * Whether staff reminders may go now: a working day of the council's calendar (no weekend,
 * no bank holiday) and within its working hours, from `from` up to but not including `to`.
 */
export function inWorkingHours(cal: BankHolidayCalendar, settings: Pick<ReminderSettings, 'workingHours'>, now: Date): boolean {
  const { date, time } = councilTime(now);
  return isWorkingDay(cal, date) && time >= settings.workingHours.from && time < settings.workingHours.to;
}
