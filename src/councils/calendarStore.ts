import type { Queryable } from '../db/database.ts';
import { makeCalendar, loadShippedBankHolidays, type BankHolidayCalendar, type Division } from '../domain/calendar/bankHolidays.ts';

/**
 * Bank-holiday calendars live in the database, versioned, so every due date can name the
 * version it was computed with and a newly loaded GOV.UK list can be compared with it.
 */
export async function saveCalendar(db: Queryable, calendar: BankHolidayCalendar, source: string): Promise<boolean> {
  const current = await db.query<{ version: string }>(
    'SELECT version FROM bank_holiday_calendar WHERE division = $1 ORDER BY loaded_at DESC, id DESC LIMIT 1',
    [calendar.division],
  );
  if (current.rows[0]?.version === calendar.version) return false;
  // The list loaded last is the one in force, even if the same list was loaded before.
  const holidays = [...calendar.holidays].map(([date, title]) => ({ date, title })).sort((a, b) => a.date.localeCompare(b.date));
  await db.query(
    `INSERT INTO bank_holiday_calendar (division, version, source, holidays, loaded_at) VALUES ($1, $2, $3, $4, clock_timestamp())
     ON CONFLICT (division, version) DO UPDATE SET loaded_at = clock_timestamp(), source = EXCLUDED.source`,
    [calendar.division, calendar.version, source, JSON.stringify(holidays)],
  );
  await rebuildCalendarDays(db, calendar);
  return true;
}

/** Rewrites the division's day table from a calendar (see migration 002). */
async function rebuildCalendarDays(db: Queryable, calendar: BankHolidayCalendar): Promise<void> {
  await db.query('DELETE FROM calendar_day WHERE division = $1', [calendar.division]);
  await db.query(
    `INSERT INTO calendar_day (division, day, working_day_number, is_working_day, calendar_version)
     SELECT $1, d, sum(w::int) OVER (ORDER BY d), w, $3
       FROM (SELECT d::date AS d, extract(isodow FROM d) < 6 AND NOT (d::date = ANY($2::date[])) AS w
               FROM generate_series(DATE '2000-01-01', DATE '2045-12-31', INTERVAL '1 day') AS d) AS days`,
    [calendar.division, [...calendar.holidays.keys()], calendar.version],
  );
}

/** Loads the calendars shipped with Redress (GOV.UK's list) unless already there. */
export async function ensureShippedCalendars(db: Queryable): Promise<void> {
  const shipped = loadShippedBankHolidays();
  const existing = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM bank_holiday_calendar');
  if ((existing.rows[0]?.n ?? 0) > 0) return;
  for (const calendar of Object.values(shipped)) await saveCalendar(db, calendar, 'shipped GOV.UK bank-holidays.json');
}

/** The calendar in force for a division: the one loaded last. */
export async function currentCalendar(db: Queryable, division: Division): Promise<BankHolidayCalendar> {
  const { rows } = await db.query<{ holidays: { date: string; title: string }[] }>(
    'SELECT holidays FROM bank_holiday_calendar WHERE division = $1 ORDER BY loaded_at DESC, id DESC LIMIT 1',
    [division],
  );
  if (!rows[0]) throw new Error(`No bank-holiday calendar is loaded for ${division}`);
  return makeCalendar(division, rows[0].holidays);
}
