import type { Queryable } from '../db/database.ts';
import { DIVISIONS, makeCalendar, loadShippedBankHolidays, type BankHolidayCalendar, type Division } from '../domain/calendar/bankHolidays.ts';
import { lastBankHolidayYear, noBankHolidayDataText } from '../domain/calendar/deadlines.ts';

/** The councils' nations whose bank holidays each division's list gives. */
export const NATIONS_OF: Record<Division, string[]> = {
  'england-and-wales': ['england', 'wales'],
  scotland: ['scotland'],
  'northern-ireland': ['northern_ireland'],
};

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

export interface CalendarCoverage {
  division: Division;
  version: string;
  firstYear: number | null;
  lastYear: number | null;
  /** Open deadlines counted in working days that fall after the list's last year. */
  deadlinesPastData: number;
  /** "no bank-holiday data for 2029: load a newer list" when any deadline does; null otherwise. */
  warning: string | null;
}

/**
 * For each division, the calendar in force, the years its list covers, and how many open
 * deadlines (acknowledgements not sent, steps not done, responses not sent) fall after them:
 * those dates were counted without that year's bank holidays and may be too early.
 */
export async function calendarCoverage(db: Queryable): Promise<CalendarCoverage[]> {
  const out: CalendarCoverage[] = [];
  for (const division of DIVISIONS) {
    const { rows } = await db.query<{ version: string }>(
      'SELECT version FROM bank_holiday_calendar WHERE division = $1 ORDER BY loaded_at DESC, id DESC LIMIT 1',
      [division],
    );
    if (!rows[0]) continue;
    const calendar = await currentCalendar(db, division);
    const lastYear = lastBankHolidayYear(calendar);
    const years = [...calendar.holidays.keys()].map((d) => Number(d.slice(0, 4)));
    let deadlinesPastData = 0;
    if (lastYear !== null) {
      const { rows: counted } = await db.query<{ n: number }>(
        `SELECT (SELECT coalesce(sum(coalesce((s.due_on > $2 AND s.due_basis->'rule'->>'unit' = 'working_days')::int, 0)
                                    + coalesce((s.acknowledged_on IS NULL AND s.acknowledgement_due_on > $2
                                       AND s.acknowledgement_due_basis->'rule'->>'unit' = 'working_days')::int, 0)), 0)
                   FROM complaint_stage s JOIN council k ON k.id = s.council_id AND k.nation = ANY($1::text[])
                  WHERE s.opened_on IS NOT NULL AND s.responded_on IS NULL AND s.outcome IS NULL)
              + (SELECT count(*) FROM stage_step t
                   JOIN complaint_stage s ON s.council_id = t.council_id AND s.id = t.stage_id AND s.responded_on IS NULL AND s.outcome IS NULL
                   JOIN council k ON k.id = s.council_id AND k.nation = ANY($1::text[])
                  WHERE t.done_on IS NULL AND t.due_on > $2 AND t.due_basis->'rule'->>'unit' = 'working_days')
              + (SELECT count(*) FROM contact c JOIN council k ON k.id = c.council_id AND k.nation = ANY($1::text[])
                  WHERE c.responded_on IS NULL AND c.response_due_on > $2 AND c.response_due_basis->'rule'->>'unit' = 'working_days')
              AS n`,
        [NATIONS_OF[division], `${lastYear}-12-31`],
      );
      deadlinesPastData = Number(counted[0]?.n ?? 0);
    }
    out.push({
      division,
      version: rows[0].version,
      firstYear: years.length ? Math.min(...years) : null,
      lastYear,
      deadlinesPastData,
      warning: deadlinesPastData > 0 && lastYear !== null ? noBankHolidayDataText(lastYear + 1) : null,
    });
  }
  return out;
}

/** One line per division for `redress calendar`. */
export function describeCoverage(c: CalendarCoverage): string {
  const years = c.firstYear === null ? 'no bank holidays listed' : `bank holidays ${c.firstYear}–${c.lastYear}`;
  if (c.deadlinesPastData === 0) return `${c.division}: calendar ${c.version}, ${years}.`;
  const n = c.deadlinesPastData;
  return `${c.division}: calendar ${c.version}, ${years}; ${n} open deadline${n === 1 ? '' : 's'} after ${c.lastYear}: ${c.warning}.`;
}
