/**
 * Working-day arithmetic. A working day is Monday–Friday and not a bank holiday of the
 * calendar's division. Counting follows docs/formats/case-history-csv.md: the days d with
 * a < d ≤ b, so "received Friday, answered Monday" is 1 working day.
 *
 * Reports and benchmarks compute around a million deadlines, so each calendar gets a
 * precomputed table (built lazily, cached per calendar object): a cumulative count of
 * working days and the list of working days over 2000-01-01..2040-12-31. Inside that range
 * every operation is O(1) or O(log n); outside it we fall back to a day-by-day loop.
 */
import { fromEpochDay, toEpochDay, type IsoDate } from '../dates.ts';
import type { BankHolidayCalendar } from './bankHolidays.ts';

const RANGE_START = toEpochDay('2000-01-01');
const RANGE_END = toEpochDay('2040-12-31');

interface Table {
  /** cum[i] = working days in [RANGE_START, RANGE_START + i - 1]; cum[0] = 0. */
  cum: Int32Array;
  /** Epoch days of every working day in the range, ascending: work[k-1] is the k-th. */
  work: Int32Array;
  /** Epoch days of all bank holidays (for the out-of-range loop). */
  holidaySet: Set<number>;
  /** Bank holidays on weekdays (the ones that actually skip a day), sorted by day. */
  weekdayHolidays: { day: number; date: IsoDate; title: string }[];
}

const tables = new WeakMap<BankHolidayCalendar, Table>();

// dates.ts's toEpochDay/fromEpochDay go through Date and a regex (about 1 µs a call); the
// benchmarks call these millions of times, so parse by hand here and cache the strings of
// the table's range. Anything unusual falls back to dates.ts, which also gives its errors.
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
function digit(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : NaN;
}
function epoch(date: IsoDate): number {
  if (date.length === 10 && date.charCodeAt(4) === 45 && date.charCodeAt(7) === 45) {
    const y = digit(date, 0) * 1000 + digit(date, 1) * 100 + digit(date, 2) * 10 + digit(date, 3);
    const m = digit(date, 5) * 10 + digit(date, 6);
    const d = digit(date, 8) * 10 + digit(date, 9);
    const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
    if (m >= 1 && m <= 12 && d >= 1 && d <= (m === 2 && leap ? 29 : DAYS_IN_MONTH[m - 1]!)) {
      // Days from civil (H. Hinnant): March-based years make the leap day the year's last.
      const yy = m <= 2 ? y - 1 : y;
      const era = Math.floor(yy / 400);
      const yoe = yy - era * 400;
      const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
      const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
      return era * 146097 + doe - 719468;
    }
  }
  return toEpochDay(date); // throws the standard error
}
let isoCache: IsoDate[] | undefined;
function iso(day: number): IsoDate {
  if (day < RANGE_START || day > RANGE_END) return fromEpochDay(day);
  if (!isoCache) {
    isoCache = [];
    for (let d = RANGE_START; d <= RANGE_END; d++) isoCache.push(fromEpochDay(d));
  }
  return isoCache[day - RANGE_START]!;
}

function isWeekdayEpoch(day: number): boolean {
  const dow = (((day + 4) % 7) + 7) % 7; // 0 = Sunday; 1970-01-01 was a Thursday
  return dow !== 0 && dow !== 6;
}

function tableFor(cal: BankHolidayCalendar): Table {
  let t = tables.get(cal);
  if (t) return t;
  const holidaySet = new Set<number>();
  const weekdayHolidays: Table['weekdayHolidays'] = [];
  for (const [date, title] of cal.holidays) {
    const day = epoch(date);
    holidaySet.add(day);
    if (isWeekdayEpoch(day)) weekdayHolidays.push({ day, date, title });
  }
  weekdayHolidays.sort((x, y) => x.day - y.day);
  const n = RANGE_END - RANGE_START + 1;
  const cum = new Int32Array(n + 1);
  const work: number[] = [];
  for (let i = 0; i < n; i++) {
    const day = RANGE_START + i;
    const w = isWeekdayEpoch(day) && !holidaySet.has(day);
    if (w) work.push(day);
    cum[i + 1] = cum[i]! + (w ? 1 : 0);
  }
  t = { cum, work: Int32Array.from(work), holidaySet, weekdayHolidays };
  tables.set(cal, t);
  return t;
}

function isWorkingEpoch(t: Table, day: number): boolean {
  return isWeekdayEpoch(day) && !t.holidaySet.has(day);
}

/** Working days d with a < d ≤ b, on epoch days. */
function countBetween(t: Table, a: number, b: number): number {
  if (b <= a) return 0;
  let n = 0;
  // Below the table.
  for (let d = a + 1; d <= Math.min(b, RANGE_START - 1); d++) if (isWorkingEpoch(t, d)) n++;
  // Inside the table: (lo, hi] with lo ≥ RANGE_START-1, hi ≤ RANGE_END.
  const lo = Math.max(a, RANGE_START - 1);
  const hi = Math.min(b, RANGE_END);
  if (hi > lo) n += t.cum[hi - RANGE_START + 1]! - t.cum[lo - RANGE_START + 1]!;
  // Above the table.
  for (let d = Math.max(a, RANGE_END) + 1; d <= b; d++) if (isWorkingEpoch(t, d)) n++;
  return n;
}

/** The n-th working day after epoch day `from` (n ≥ 0). */
function addBetween(t: Table, from: number, n: number): number {
  let d = from;
  let left = n;
  while (left > 0 && d < RANGE_START - 1) {
    d++;
    if (isWorkingEpoch(t, d)) left--;
  }
  if (left === 0) return d;
  if (d < RANGE_END) {
    const k = t.cum[d - RANGE_START + 1]! + left; // index (1-based) of the target working day
    if (k <= t.work.length) return t.work[k - 1]!;
    left = k - t.work.length;
    d = RANGE_END;
  }
  while (left > 0) {
    d++;
    if (isWorkingEpoch(t, d)) left--;
  }
  return d;
}

function checkCount(n: number): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`Number of working days must be a whole number ≥ 0, got ${n}`);
}

/** Monday–Friday and not a bank holiday of the calendar's division. */
export function isWorkingDay(cal: BankHolidayCalendar, date: IsoDate): boolean {
  return isWeekdayEpoch(epoch(date)) && !cal.holidays.has(date);
}

/** Working days d with a < d ≤ b (0 when b ≤ a). Received Friday, answered Monday = 1. */
export function workingDaysBetween(cal: BankHolidayCalendar, a: IsoDate, b: IsoDate): number {
  return countBetween(tableFor(cal), epoch(a), epoch(b));
}

/**
 * The n-th working day after `from` (day 1 = the first working day after it; `from` itself
 * may be a weekend or holiday, e.g. a complaint emailed on a Saturday). n = 0 returns `from`.
 */
export function addWorkingDays(cal: BankHolidayCalendar, from: IsoDate, n: number): IsoDate {
  checkCount(n);
  if (n === 0) return from;
  return iso(addBetween(tableFor(cal), epoch(from), n));
}

/** Bank holidays with a < d ≤ b that fall on a weekday: the days a working-day count skipped. */
export function holidaysBetween(
  cal: BankHolidayCalendar,
  a: IsoDate,
  b: IsoDate,
): { date: IsoDate; title: string }[] {
  const ea = epoch(a);
  const eb = epoch(b);
  if (eb <= ea) return [];
  const hs = tableFor(cal).weekdayHolidays;
  // Binary search for the first holiday after a.
  let lo = 0;
  let hi = hs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (hs[mid]!.day <= ea) lo = mid + 1;
    else hi = mid;
  }
  const out: { date: IsoDate; title: string }[] = [];
  for (let i = lo; i < hs.length && hs[i]!.day <= eb; i++) out.push({ date: hs[i]!.date, title: hs[i]!.title });
  return out;
}

/**
 * A period when the clock was stopped (waiting for the complainant). The days d with
 * from < d ≤ to do not count: the day it stopped still counts, as the day of a reply
 * counts, and the day it restarted does not, as the day of receipt does not.
 * to = null: still stopped.
 */
export interface Pause {
  from: IsoDate;
  to: IsoDate | null;
}

/**
 * Merge pauses into disjoint epoch-day intervals (lo, hi], clipped to (start, end], so
 * overlapping or repeated pauses are not counted twice. An open pause runs to `end`.
 */
export function mergedPauseIntervals(pauses: readonly Pause[], start: number, end: number): [number, number][] {
  const raw: [number, number][] = [];
  for (const p of pauses) {
    const from = epoch(p.from);
    if (p.to === null) {
      if (end > Math.max(from, start)) raw.push([Math.max(from, start), end]);
      continue;
    }
    const to = epoch(p.to);
    if (to < from) throw new RangeError(`Clock restarted (${p.to}) before it was stopped (${p.from})`);
    const lo = Math.max(from, start);
    const hi = Math.min(to, end);
    if (hi > lo) raw.push([lo, hi]);
  }
  raw.sort((x, y) => x[0] - y[0]);
  const merged: [number, number][] = [];
  for (const iv of raw) {
    const last = merged[merged.length - 1];
    if (last && iv[0] <= last[1]) last[1] = Math.max(last[1], iv[1]);
    else merged.push([iv[0], iv[1]]);
  }
  return merged;
}

/** Working days in (start, end] during which the clock was stopped. */
export function pausedWorkingDays(cal: BankHolidayCalendar, start: IsoDate, end: IsoDate, pauses: readonly Pause[]): number {
  const t = tableFor(cal);
  let n = 0;
  for (const [lo, hi] of mergedPauseIntervals(pauses, epoch(start), epoch(end))) n += countBetween(t, lo, hi);
  return n;
}

/**
 * Working days elapsed from start to end with the clock running. Always derived from the
 * recorded pause intervals (never a stored counter), so correcting a pause corrects it.
 */
export function elapsedWorkingDays(
  cal: BankHolidayCalendar,
  start: IsoDate,
  end: IsoDate,
  pauses: readonly Pause[] = [],
): number {
  return workingDaysBetween(cal, start, end) - pausedWorkingDays(cal, start, end, pauses);
}
