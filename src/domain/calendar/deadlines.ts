/**
 * Due dates with provenance. Every due date is stored beside a DueDateBasis that says which
 * rule produced it, from which date, under which bank-holiday calendar version, which
 * holidays were skipped and how long the clock was stopped. So a case page can explain a
 * date in words, and a newer holiday file can be checked against stored dates
 * (recomputeDue) instead of silently moving them.
 */
import { addDays, toEpochDay, type IsoDate } from '../dates.ts';
import type { ProcedureDefinition, StageDefinition, Timescale } from '../procedures/types.ts';
import type { BankHolidayCalendar, Division } from './bankHolidays.ts';
import {
  addWorkingDays,
  holidaysBetween,
  mergedPauseIntervals,
  pausedWorkingDays,
  type Pause,
} from './workingDays.ts';

/** What the rule was counted from. Open-ended so callers can name other starts. */
export type StartedFrom =
  | 'received'
  | 'opened'
  | 'acknowledged'
  /** Not yet acknowledged: counted from the latest date the acknowledgement may be sent. */
  | 'acknowledgement_due'
  | 'original_due'
  | 'responded'
  | (string & {});

/** JSON-serialisable; stored in the database beside each due date. */
export interface DueDateBasis {
  rule: Timescale;
  start: IsoDate;
  startedFrom: StartedFrom;
  division: Division;
  calendarVersion: string;
  /** Working days in (start, due] when the clock was stopped; what a working-day rule was extended by. */
  pausedWorkingDays: number;
  /** Calendar days in (start, due] when the clock was stopped; what calendar-day and month rules were extended by. */
  pausedCalendarDays: number;
  /** The pauses as recorded, so recomputeDue reproduces the date. */
  pauses: Pause[];
  /** Date an open pause (to = null) was counted up to; null when every pause had ended. */
  asOf: IsoDate | null;
  /** Weekday bank holidays in (start, due] that a working-day count passed over. */
  skipped: { date: IsoDate; title: string }[];
  due: IsoDate;
}

/** Same day of the month n months later, or the month's last day if it has no such day (31 Jan + 1 = 28/29 Feb). */
export function addMonths(date: IsoDate, n: number): IsoDate {
  toEpochDay(date); // validates
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7)) - 1 + n;
  const d = Number(date.slice(8, 10));
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m, Math.min(d, lastDay))).toISOString().slice(0, 10);
}

/** Open pauses are counted as stopped until asOf (the due date "if the clock restarted then"). */
function closePauses(pauses: readonly Pause[], asOf: IsoDate | undefined): Pause[] {
  return pauses.map((p) => {
    if (p.to !== null) return p;
    if (asOf === undefined) {
      throw new RangeError(`The clock is still stopped (since ${p.from}): give asOf to compute a due date`);
    }
    return { from: p.from, to: asOf < p.from ? p.from : asOf };
  });
}

function pausedCalendarDays(pauses: readonly Pause[], start: IsoDate, end: IsoDate): number {
  let n = 0;
  for (const [lo, hi] of mergedPauseIntervals(pauses, toEpochDay(start), toEpochDay(end))) n += hi - lo;
  return n;
}

/**
 * The due date under `rule` counted from `start`:
 * - working_days: the n-th working day after start (addWorkingDays);
 * - calendar_days: start + n (day 1 is the day after start); not moved off a weekend,
 *   as the procedures that use calendar days (Wolverhampton) count them plainly;
 * - months: the same day n months later, clamped to the month's end.
 * Pauses push the date on by the time stopped before it, in the rule's own kind of day:
 * due is the least date whose running (unpaused) count reaches n. Computed as a fixed
 * point because a pause that starts before the unextended date can push it into another.
 */
export function computeDue(
  cal: BankHolidayCalendar,
  rule: Timescale,
  start: IsoDate,
  startedFrom: StartedFrom,
  pauses: readonly Pause[] = [],
  asOf?: IsoDate,
): DueDateBasis {
  if (!Number.isSafeInteger(rule.amount) || rule.amount < 0) {
    throw new RangeError(`Timescale amount must be a whole number ≥ 0, got ${rule.amount}`);
  }
  const closed = closePauses(pauses, asOf);
  const base = (extra: number): IsoDate => {
    switch (rule.unit) {
      case 'working_days':
        return addWorkingDays(cal, start, rule.amount + extra);
      case 'calendar_days':
        return addDays(start, rule.amount + extra);
      case 'months':
        return addDays(addMonths(start, rule.amount), extra);
    }
  };
  const paused = (due: IsoDate): number =>
    rule.unit === 'working_days' ? pausedWorkingDays(cal, start, due, closed) : pausedCalendarDays(closed, start, due);

  let due = base(0);
  if (closed.length > 0) {
    // Monotone and bounded by the total time stopped, so this settles in a few rounds.
    for (;;) {
      const next = base(paused(due));
      if (next === due) break;
      due = next;
    }
  }
  return {
    rule: { amount: rule.amount, unit: rule.unit },
    start,
    startedFrom,
    division: cal.division,
    calendarVersion: cal.version,
    pausedWorkingDays: closed.length ? pausedWorkingDays(cal, start, due, closed) : 0,
    pausedCalendarDays: closed.length ? pausedCalendarDays(closed, start, due) : 0,
    pauses: pauses.map((p) => ({ from: p.from, to: p.to })),
    asOf: pauses.some((p) => p.to === null) ? (asOf ?? null) : null,
    skipped: rule.unit === 'working_days' ? holidaysBetween(cal, start, due) : [],
    due,
  };
}

/** The same rule, start and pauses under a (possibly newer) calendar of the same division. */
export function recomputeDue(cal: BankHolidayCalendar, basis: DueDateBasis): DueDateBasis {
  if (cal.division !== basis.division) {
    throw new RangeError(`Due date was computed for ${basis.division}, not ${cal.division}`);
  }
  return computeDue(cal, basis.rule, basis.start, basis.startedFrom, basis.pauses, basis.asOf ?? undefined);
}

const longDate = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });
const dayMonth = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'long' });
const toDate = (d: IsoDate): Date => new Date(toEpochDay(d) * 86_400_000);

function amountText(rule: Timescale): string {
  const one = rule.amount === 1;
  switch (rule.unit) {
    case 'working_days':
      return `${rule.amount} working day${one ? '' : 's'}`;
    case 'calendar_days':
      return `${rule.amount} calendar day${one ? '' : 's'}`;
    case 'months':
      return `${rule.amount} month${one ? '' : 's'}`;
  }
}

const STARTED_FROM_TEXT: Record<string, string> = {
  received: '',
  opened: '',
  acknowledged: ' (the date acknowledged)',
  acknowledgement_due: ' (the latest acknowledgement date, as not yet acknowledged)',
  original_due: ' (the original due date)',
  responded: ' (the date of the response)',
};

/** "A, B and C": the year is written once per run of dates in the same year. */
function skippedText(skipped: readonly { date: IsoDate; title: string }[]): string {
  const parts = skipped.map((h, i) => {
    const lastOfYear = i === skipped.length - 1 || skipped[i + 1]!.date.slice(0, 4) !== h.date.slice(0, 4);
    return `${h.title} ${(lastOfYear ? longDate : dayMonth).format(toDate(h.date))}`;
  });
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/**
 * The basis in words for the case page, e.g. "20 working days from 3 March 2025, skipping
 * Good Friday 18 April and Easter Monday 21 April 2025 (clock stopped for 4 working days)".
 */
export function explainDue(basis: DueDateBasis): string {
  let s = `${amountText(basis.rule)} from ${longDate.format(toDate(basis.start))}`;
  s += STARTED_FROM_TEXT[basis.startedFrom] ?? ` (${basis.startedFrom.replaceAll('_', ' ')})`;
  if (basis.skipped.length > 0) s += `, skipping ${skippedText(basis.skipped)}`;
  const stopped = basis.rule.unit === 'working_days' ? basis.pausedWorkingDays : basis.pausedCalendarDays;
  if (stopped > 0) {
    const unit = basis.rule.unit === 'working_days' ? 'working day' : 'day';
    s += ` (clock stopped for ${stopped} ${unit}${stopped === 1 ? '' : 's'}`;
    if (basis.asOf !== null) s += `, still stopped on ${longDate.format(toDate(basis.asOf))}`;
    s += ')';
  }
  return s;
}

function stageOf(procedure: ProcedureDefinition, stageNumber: number): StageDefinition {
  const stage = procedure.stages.find((s) => s.number === stageNumber);
  if (!stage) throw new RangeError(`Procedure ${procedure.key} has no stage ${stageNumber}`);
  return stage;
}

export interface StageDeadlines {
  stage: StageDefinition;
  /** Counted from the opening; not moved by pauses (the clock stops only during the investigation). */
  acknowledgementDue: DueDateBasis | null;
  /** null where the response period is agreed case by case (adults' statutory). */
  responseDue: DueDateBasis | null;
  /** The furthest an extension may be agreed to; null if none is allowed or there is no response due. */
  latestExtendedDue: IsoDate | null;
  /** Absolute upper bound from the opening, whatever is agreed (adults: 6 months); not moved by pauses. */
  outerLimitDue: DueDateBasis | null;
}

/**
 * The deadlines of one stage. A response counted from the acknowledgement runs from the
 * actual acknowledgement date (as the codes word it); before the stage is acknowledged it
 * runs from the acknowledgement deadline, the latest the acknowledgement may be.
 */
export function stageDeadlines(
  cal: BankHolidayCalendar,
  procedure: ProcedureDefinition,
  stageNumber: number,
  opts: { openedOn: IsoDate; acknowledgedOn?: IsoDate | null; pauses?: Pause[]; asOf?: IsoDate },
): StageDeadlines {
  const stage = stageOf(procedure, stageNumber);
  const acknowledgementDue = stage.acknowledge ? computeDue(cal, stage.acknowledge, opts.openedOn, 'opened') : null;
  let responseDue: DueDateBasis | null = null;
  if (stage.respond) {
    let start = opts.openedOn;
    let from: StartedFrom = 'opened';
    if (stage.respondFrom === 'acknowledgement') {
      if (opts.acknowledgedOn) {
        start = opts.acknowledgedOn;
        from = 'acknowledged';
      } else if (acknowledgementDue) {
        start = acknowledgementDue.due;
        from = 'acknowledgement_due';
      }
    }
    responseDue = computeDue(cal, stage.respond, start, from, opts.pauses ?? [], opts.asOf);
  }
  return {
    stage,
    acknowledgementDue,
    responseDue,
    latestExtendedDue: responseDue ? latestExtendedDue(cal, procedure, stageNumber, responseDue) : null,
    outerLimitDue: stage.outerLimit ? computeDue(cal, stage.outerLimit, opts.openedOn, 'opened') : null,
  };
}

/** The furthest date an extension may be agreed to (counted on from the original due date); null if none allowed. */
export function latestExtendedDue(
  cal: BankHolidayCalendar,
  procedure: ProcedureDefinition,
  stageNumber: number,
  responseDue: DueDateBasis,
): IsoDate | null {
  const stage = stageOf(procedure, stageNumber);
  if (!stage.maxExtension) return null;
  return computeDue(cal, stage.maxExtension, responseDue.due, 'original_due').due;
}

/** The last day the complainant may ask for the next stage; null on the last stage or with no stated limit. */
export function escalationDeadline(
  cal: BankHolidayCalendar,
  procedure: ProcedureDefinition,
  stageNumber: number,
  respondedOn: IsoDate,
): IsoDate | null {
  const stage = stageOf(procedure, stageNumber);
  const isLast = !procedure.stages.some((s) => s.number > stageNumber);
  if (isLast || !stage.escalationWindow) return null;
  return computeDue(cal, stage.escalationWindow, respondedOn, 'responded').due;
}
