/**
 * Due dates with provenance. Every due date is stored beside a DueDateBasis that says which
 * rule produced it, from which date, under which bank-holiday calendar version, which
 * holidays were skipped and how long the clock was stopped. So a case page can explain a
 * date in words, and a newer holiday file can be checked against stored dates
 * (recomputeDue) instead of silently moving them.
 */
import { addDays, toEpochDay, type IsoDate } from '../dates.ts';
import type { ClockStart, ProcedureDefinition, StageDefinition, Timescale } from '../procedures/types.ts';
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
  /** The date the complainant asked for the stage. */
  | 'requested'
  /** `step:<key>` the date a step happened; `step_due:<key>` its deadline, as not yet done. */
  | `step:${string}`
  | `step_due:${string}`
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
  /** The step's name when counted from a step ("Review panel meets"), for the explanation. */
  startName?: string;
  /**
   * Set when a working-day count reaches past the last year of the bank-holiday list: that
   * year's holidays are unknown, so the date may be too early until a newer list is loaded.
   */
  noBankHolidayDataFor?: number;
}

const lastYears = new WeakMap<BankHolidayCalendar, number | null>();

/** The last year the calendar lists any bank holiday in; null for an empty list. */
export function lastBankHolidayYear(cal: BankHolidayCalendar): number | null {
  let year = lastYears.get(cal);
  if (year === undefined) {
    year = null;
    for (const date of cal.holidays.keys()) year = Math.max(year ?? 0, Number(date.slice(0, 4)));
    lastYears.set(cal, year);
  }
  return year;
}

/** The year past the list a working-day count from start to due runs into, or undefined. */
function yearWithoutData(cal: BankHolidayCalendar, rule: Timescale, due: IsoDate): number | undefined {
  const last = lastBankHolidayYear(cal);
  if (rule.unit !== 'working_days' || last === null) return undefined;
  const year = Number(due.slice(0, 4));
  return year > last ? last + 1 : undefined;
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
  const missingYear = yearWithoutData(cal, rule, due);
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
    ...(missingYear !== undefined ? { noBankHolidayDataFor: missingYear } : {}),
  };
}

/** The same rule, start and pauses under a (possibly newer) calendar of the same division. */
export function recomputeDue(cal: BankHolidayCalendar, basis: DueDateBasis): DueDateBasis {
  if (cal.division !== basis.division) {
    throw new RangeError(`Due date was computed for ${basis.division}, not ${cal.division}`);
  }
  const next = computeDue(cal, basis.rule, basis.start, basis.startedFrom, basis.pauses, basis.asOf ?? undefined);
  return basis.startName === undefined ? next : { ...next, startName: basis.startName };
}

/** One stored deadline of a stage, for `recomputeStageDeadlines`. */
export interface StoredDeadline {
  /** 'acknowledgement', `step:<key>` or 'response'. */
  name: string;
  basis: DueDateBasis;
  /** The thing it is the deadline for has happened: the deadline stays as it was. */
  done: boolean;
}

/**
 * A stage's stored deadlines under a newer calendar, in order: a deadline counted from
 * another one's due date (a response counted from an acknowledgement not yet sent) starts
 * from that one's new date, so a bank holiday that moves the first moves the second too.
 */
export function recomputeStageDeadlines(cal: BankHolidayCalendar, stored: readonly StoredDeadline[]): DueDateBasis[] {
  const recomputed = new Map<string, DueDateBasis>();
  return stored.map(({ name, basis, done }) => {
    let next = basis;
    if (!done) {
      const from = basis.startedFrom === 'acknowledgement_due' ? 'acknowledgement'
        : basis.startedFrom.startsWith('step_due:') ? `step:${basis.startedFrom.slice('step_due:'.length)}` : null;
      const start = from === null ? undefined : recomputed.get(from);
      next = recomputeDue(cal, start ? { ...basis, start: start.due } : basis);
    }
    recomputed.set(name, next);
    return next;
  });
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
  requested: ' (the date the stage was requested)',
  events: ' (the date of the events complained about)',
};

function startedFromText(basis: DueDateBasis): string {
  const fixed = STARTED_FROM_TEXT[basis.startedFrom];
  if (fixed !== undefined) return fixed;
  const name = basis.startName ?? basis.startedFrom.replace(/^step(_due)?:/, '').replaceAll('_', ' ');
  if (basis.startedFrom.startsWith('step:')) return ` (${name})`;
  if (basis.startedFrom.startsWith('step_due:')) return ` (the latest date for: ${name}, as not yet done)`;
  return ` (${basis.startedFrom.replaceAll('_', ' ')})`;
}

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
  s += startedFromText(basis);
  if (basis.skipped.length > 0) s += `, skipping ${skippedText(basis.skipped)}`;
  const stopped = basis.rule.unit === 'working_days' ? basis.pausedWorkingDays : basis.pausedCalendarDays;
  if (stopped > 0) {
    const unit = basis.rule.unit === 'working_days' ? 'working day' : 'day';
    s += ` (clock stopped for ${stopped} ${unit}${stopped === 1 ? '' : 's'}`;
    if (basis.asOf !== null) s += `, still stopped on ${longDate.format(toDate(basis.asOf))}`;
    s += ')';
  }
  if (basis.noBankHolidayDataFor !== undefined) s += `; ${noBankHolidayDataText(basis.noBankHolidayDataFor)}`;
  return s;
}

/** The warning on a date counted past the bank-holiday list, in the case page's and the CLI's words. */
export function noBankHolidayDataText(year: number): string {
  return `no bank-holiday data for ${year}: load a newer list`;
}

function stageOf(procedure: ProcedureDefinition, stageNumber: number): StageDefinition {
  const stage = procedure.stages.find((s) => s.number === stageNumber);
  if (!stage) throw new RangeError(`Procedure ${procedure.key} has no stage ${stageNumber}`);
  return stage;
}

export interface StageDeadlines {
  stage: StageDefinition;
  /** Counted from the opening (or the request); not moved by pauses (the clock stops only during the investigation). */
  acknowledgementDue: DueDateBasis | null;
  /** The deadline of each step of the stage, in the procedure's order (none for most procedures). */
  stepsDue: { key: string; name: string; due: DueDateBasis }[];
  /** null where the response period is agreed case by case. */
  responseDue: DueDateBasis | null;
  /** The furthest an extension may be agreed to; null if none is allowed, there is no limit or no response due. */
  latestExtendedDue: IsoDate | null;
  /** Absolute upper bound from the opening, whatever is agreed; not moved by pauses. */
  outerLimitDue: DueDateBasis | null;
}

/** What has happened on a stage so far, for its deadlines. */
export interface StageDates {
  openedOn: IsoDate;
  /** When the complainant asked for the stage (stage 2+); without it, request-based clocks run from the opening. */
  requestedOn?: IsoDate | null;
  acknowledgedOn?: IsoDate | null;
  /** The steps done so far, with their dates. */
  steps?: readonly { key: string; on: IsoDate }[];
  pauses?: Pause[];
  asOf?: IsoDate;
}

/**
 * The deadlines of one stage. A clock counted from something (the request, the
 * acknowledgement, a step) runs from its actual date once it has happened, as the codes word
 * it; before then from its deadline, the latest it may be.
 */
export function stageDeadlines(
  cal: BankHolidayCalendar,
  procedure: ProcedureDefinition,
  stageNumber: number,
  opts: StageDates,
): StageDeadlines {
  const stage = stageOf(procedure, stageNumber);
  const opened = { start: opts.openedOn, startedFrom: 'opened' as StartedFrom };
  const requested = opts.requestedOn ? { start: opts.requestedOn, startedFrom: 'requested' as StartedFrom } : opened;
  const ackFrom = stage.acknowledgeFrom === 'request' ? requested : opened;
  const acknowledgementDue = stage.acknowledge ? computeDue(cal, stage.acknowledge, ackFrom.start, ackFrom.startedFrom) : null;
  const stepsDue: StageDeadlines['stepsDue'] = [];

  const from = (clock: ClockStart): { start: IsoDate; startedFrom: StartedFrom; startName?: string } => {
    if (clock === 'request') return requested;
    if (clock === 'acknowledgement') {
      if (opts.acknowledgedOn) return { start: opts.acknowledgedOn, startedFrom: 'acknowledged' };
      if (acknowledgementDue) return { start: acknowledgementDue.due, startedFrom: 'acknowledgement_due' };
      return opened;
    }
    if (clock.startsWith('step:')) {
      const key = clock.slice('step:'.length);
      const done = opts.steps?.find((s) => s.key === key);
      const due = stepsDue.find((s) => s.key === key);
      if (done) return { start: done.on, startedFrom: `step:${key}`, startName: due?.name };
      if (due) return { start: due.due.due, startedFrom: `step_due:${key}`, startName: due.name };
    }
    return opened;
  };
  const count = (rule: Timescale, clock: ClockStart, pauses: Pause[] = [], asOf?: IsoDate): DueDateBasis => {
    const { start, startedFrom, startName } = from(clock);
    const basis = computeDue(cal, rule, start, startedFrom, pauses, asOf);
    return startName === undefined ? basis : { ...basis, startName };
  };

  for (const step of stage.steps ?? []) stepsDue.push({ key: step.key, name: step.name, due: count(step.within, step.from) });
  const responseDue = stage.respond ? count(stage.respond, stage.respondFrom, opts.pauses ?? [], opts.asOf) : null;
  return {
    stage,
    acknowledgementDue,
    stepsDue,
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

/**
 * The last day the complainant may ask for the next stage; null on the last stage or with no
 * stated limit. Where the procedure also counts a window from the events complained about
 * (SPSO, NIPSO), the later of the two; `eventsOn` defaults to nothing known, and a caller
 * that knows only the receipt may pass it, as the events cannot be later than that.
 */
export function escalationDeadline(
  cal: BankHolidayCalendar,
  procedure: ProcedureDefinition,
  stageNumber: number,
  respondedOn: IsoDate,
  eventsOn?: IsoDate | null,
): IsoDate | null {
  const stage = stageOf(procedure, stageNumber);
  const isLast = !procedure.stages.some((s) => s.number > stageNumber);
  if (isLast || !stage.escalationWindow) return null;
  const afterResponse = computeDue(cal, stage.escalationWindow, respondedOn, 'responded').due;
  if (!stage.escalationWindowFromEvents || !eventsOn) return afterResponse;
  const afterEvents = computeDue(cal, stage.escalationWindowFromEvents, eventsOn, 'events').due;
  return afterEvents > afterResponse ? afterEvents : afterResponse;
}
