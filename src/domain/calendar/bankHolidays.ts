/**
 * Bank holidays per UK division, loaded from the GOV.UK bank-holidays.json format so a
 * council can drop in a newer file without a code change. Each calendar carries a content
 * hash (`version`) that is stored beside every computed due date, so a later change to
 * the holiday list can be detected and the affected deadlines recomputed.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isIsoDate, type IsoDate } from '../dates.ts';

export type Division = 'england-and-wales' | 'scotland' | 'northern-ireland';
export type Nation = 'england' | 'wales' | 'scotland' | 'northern_ireland';

export const DIVISIONS: readonly Division[] = ['england-and-wales', 'scotland', 'northern-ireland'];

export function divisionOf(nation: Nation): Division {
  switch (nation) {
    case 'england':
    case 'wales':
      return 'england-and-wales';
    case 'scotland':
      return 'scotland';
    case 'northern_ireland':
      return 'northern-ireland';
  }
}

export interface BankHolidayCalendar {
  division: Division;
  /** First 12 hex digits of sha256 over the sorted 'date title' lines: same holidays, same version. */
  version: string;
  /** Bank holiday date → title (e.g. 'Good Friday'). */
  holidays: ReadonlyMap<IsoDate, string>;
}

/** Build a calendar from a list of holidays (also used by tests and for council-specific lists). */
export function makeCalendar(
  division: Division,
  holidays: Iterable<{ date: IsoDate; title: string }>,
): BankHolidayCalendar {
  const map = new Map<IsoDate, string>();
  for (const { date, title } of holidays) {
    if (!isIsoDate(date)) throw new RangeError(`Bank holiday date is not YYYY-MM-DD: ${date}`);
    const existing = map.get(date);
    // Two entries on one date would be one day off work, not two: keep both titles.
    map.set(date, existing === undefined || existing === title ? title : `${existing} / ${title}`);
  }
  const sorted = new Map([...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const lines = [...sorted.entries()].map(([date, title]) => `${date} ${title}`).join('\n');
  const version = createHash('sha256').update(lines, 'utf8').digest('hex').slice(0, 12);
  return { division, version, holidays: sorted };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Validate and read a GOV.UK bank-holidays.json document. Errors name the division and
 * event index so a council officer uploading a file can see what is wrong with it.
 */
export function parseGovUkBankHolidays(json: unknown): Record<Division, BankHolidayCalendar> {
  if (!isRecord(json)) throw new TypeError('Bank holidays file: expected a JSON object with one entry per division');
  const out = {} as Record<Division, BankHolidayCalendar>;
  for (const division of DIVISIONS) {
    const entry = json[division];
    const where = `Bank holidays file, "${division}"`;
    if (entry === undefined) throw new TypeError(`${where}: missing (the file must have england-and-wales, scotland and northern-ireland)`);
    if (!isRecord(entry)) throw new TypeError(`${where}: expected an object with "division" and "events"`);
    if (entry.division !== undefined && entry.division !== division) {
      throw new TypeError(`${where}: its "division" is ${JSON.stringify(entry.division)}, expected "${division}"`);
    }
    if (!Array.isArray(entry.events)) throw new TypeError(`${where}: "events" must be a list`);
    const events = entry.events.map((ev: unknown, i: number) => {
      if (!isRecord(ev)) throw new TypeError(`${where}, event ${i}: expected an object with "title" and "date"`);
      const { title, date } = ev;
      if (typeof date !== 'string' || !isIsoDate(date)) {
        throw new TypeError(`${where}, event ${i}: "date" must be a date written YYYY-MM-DD, got ${JSON.stringify(date)}`);
      }
      if (typeof title !== 'string' || title.trim() === '') {
        throw new TypeError(`${where}, event ${i} (${date}): "title" must be non-empty text`);
      }
      return { date, title: title.trim() };
    });
    out[division] = makeCalendar(division, events);
  }
  return Object.freeze(out);
}

let shipped: Record<Division, BankHolidayCalendar> | undefined;

/** The holidays shipped in reference/uk-bank-holidays.json (read once; the module's only I/O). */
export function loadShippedBankHolidays(): Record<Division, BankHolidayCalendar> {
  if (!shipped) {
    const url = new URL('../../../reference/uk-bank-holidays.json', import.meta.url);
    shipped = parseGovUkBankHolidays(JSON.parse(readFileSync(url, 'utf8')));
  }
  return shipped;
}
