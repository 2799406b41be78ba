/**
 * Calendar dates as ISO strings ('YYYY-MM-DD', Europe/London calendar dates), the form
 * the case-history CSV and PostgreSQL `date` columns use. Arithmetic is done on whole
 * days since the Unix epoch so no time zone or daylight-saving shift can move a date.
 */
export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

/** True when `value` is a real calendar date written YYYY-MM-DD (2023-02-30 is not). */
export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/** Days since 1970-01-01 for an ISO date. */
export function toEpochDay(date: IsoDate): number {
  if (!isIsoDate(date)) throw new RangeError(`Not a date in the form YYYY-MM-DD: ${date}`);
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / MS_PER_DAY;
}

export function fromEpochDay(day: number): IsoDate {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromEpochDay(toEpochDay(date) + days);
}

/** 0 = Sunday … 6 = Saturday. 1970-01-01 was a Thursday. */
export function dayOfWeek(date: IsoDate): number {
  return (((toEpochDay(date) + 4) % 7) + 7) % 7;
}

/** The calendar date in Europe/London of an instant (for "today" from a clock). */
export function londonDate(instant: Date): IsoDate {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}
