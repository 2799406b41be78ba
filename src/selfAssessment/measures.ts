import type { BankHolidayCalendar } from '../domain/calendar/bankHolidays.ts';
import { addWorkingDays, workingDaysBetween } from '../domain/calendar/workingDays.ts';
import { addDays, type IsoDate } from '../domain/dates.ts';
import { MEASURE_KEYS, type MeasureKey } from './provisions.ts';

/**
 * The Code's figures, computed from the stages' dates with the council's calendar (working
 * days: Monday–Friday less the nation's bank holidays; day 1 is the first working day after
 * the trigger, so "within 5 working days" is an elapsed count of 5 or fewer). Pure: the
 * service loads the rows, the tests give them by hand.
 *
 * A stage belongs to the year it started in: stage 1 when the complaint was received, stage 2
 * when the escalation was requested. Something not yet done whose time has not yet run out is
 * "pending" and left out of the figure; once its time has run out it counts as not met.
 */

export interface StageRecord {
  contactId: number;
  reference: string;
  stage: number;
  /** The complaint's receipt. */
  receivedOn: IsoDate;
  requestedOn: IsoDate | null;
  decision: 'accepted' | 'refused' | null;
  openedOn: IsoDate | null;
  acknowledgedOn: IsoDate | null;
  respondedOn: IsoDate | null;
  /** The response deadline first set (before any extension). */
  dueOn: IsoDate | null;
  /** Each extension's new date, in the order agreed. */
  extendedTo: IsoDate[];
  outcome: string | null;
  /** The complaint was withdrawn (a stage with no response then has nothing to measure). */
  withdrawn: boolean;
}

export interface MeasureDefinition {
  key: MeasureKey;
  stage: 1 | 2;
  /** The Code's limit in working days. */
  limit: number;
  /** The share the Code expects, in percent: every case. */
  target: number;
}

export const MEASURES: Readonly<Record<MeasureKey, MeasureDefinition>> = {
  stage1_acknowledged: { key: 'stage1_acknowledged', stage: 1, limit: 5, target: 100 },
  stage1_response: { key: 'stage1_response', stage: 1, limit: 10, target: 100 },
  stage1_extension: { key: 'stage1_extension', stage: 1, limit: 10, target: 100 },
  stage2_requests_accepted: { key: 'stage2_requests_accepted', stage: 2, limit: 0, target: 100 },
  stage2_acknowledged: { key: 'stage2_acknowledged', stage: 2, limit: 5, target: 100 },
  stage2_response: { key: 'stage2_response', stage: 2, limit: 20, target: 100 },
  stage2_extension: { key: 'stage2_extension', stage: 2, limit: 20, target: 100 },
};

export interface MeasuredCase {
  contactId: number;
  reference: string;
  met: boolean;
  /** Working days taken (acknowledgement, response) or the extension's length beyond the first deadline. */
  workingDays: number | null;
  /** The date that was measured against the limit (acknowledged, responded, extended to), or null if not done. */
  on: IsoDate | null;
}

export interface MeasureResult {
  key: MeasureKey;
  met: number;
  applicable: number;
  /** met / applicable × 100, one decimal; null with nothing applicable. */
  percent: number | null;
  /** Still within their time: not counted yet. */
  pending: number;
  target: number;
  /** The cases behind the figure, met and not, by reference. */
  cases: MeasuredCase[];
}

export interface YearBounds { from: IsoDate; to: IsoDate }

/** The first and last day of a reporting year: '2024/25' starting '04-01' → 2024-04-01 to 2025-03-31. */
export function yearBounds(year: string, starts: string): YearBounds {
  const first = Number(year.slice(0, 4));
  const from = `${first}-${starts}`;
  return { from, to: addDays(`${first + 1}-${starts}`, -1) };
}

/** When a stage started: stage 1 at the complaint's receipt, a later stage at its request (or opening, if no request is recorded). */
export function stageStart(r: StageRecord): IsoDate | null {
  return r.stage === 1 ? r.receivedOn : r.requestedOn ?? r.openedOn;
}

type Verdict = { met: boolean; workingDays: number | null; on: IsoDate | null } | 'pending' | 'not_applicable';

/** Done within `limit` working days of `from`; not done and past it = not met; not done within it = pending. */
function within(cal: BankHolidayCalendar, from: IsoDate, done: IsoDate | null, limit: number, today: IsoDate): Verdict {
  if (done) {
    const days = workingDaysBetween(cal, from, done);
    return { met: days <= limit, workingDays: days, on: done };
  }
  return workingDaysBetween(cal, from, today) > limit ? { met: false, workingDays: null, on: null } : 'pending';
}

function verdict(key: MeasureKey, r: StageRecord, cal: BankHolidayCalendar, today: IsoDate): Verdict {
  const m = MEASURES[key];
  if (r.stage !== m.stage) return 'not_applicable';
  const start = stageStart(r);
  if (!start) return 'not_applicable';
  const opened = r.stage === 1 || r.openedOn !== null;
  // A response sent without a separate acknowledgement acknowledges the complaint too.
  const acknowledged = r.acknowledgedOn ?? r.respondedOn;
  const closedUnanswered = r.withdrawn || r.outcome === 'withdrawn';
  switch (key) {
    case 'stage1_acknowledged':
    case 'stage2_acknowledged':
      if (!opened || (closedUnanswered && !acknowledged)) return 'not_applicable';
      return within(cal, start, acknowledged, m.limit, today);
    case 'stage1_response':
    case 'stage2_response': {
      if (!opened || (closedUnanswered && !r.respondedOn)) return 'not_applicable';
      // Counted from the acknowledgement; until there is one, from its deadline (the latest it could be).
      const from = r.acknowledgedOn ?? addWorkingDays(cal, start, 5);
      return within(cal, from, r.respondedOn, m.limit, today);
    }
    case 'stage1_extension':
    case 'stage2_extension': {
      if (r.extendedTo.length === 0) return 'not_applicable';
      const first = r.dueOn ?? addWorkingDays(cal, r.acknowledgedOn ?? addWorkingDays(cal, start, 5), r.stage === 1 ? 10 : 20);
      const last = r.extendedTo.reduce((a, b) => (b > a ? b : a));
      const days = workingDaysBetween(cal, first, last);
      return { met: days <= m.limit, workingDays: days, on: last };
    }
    case 'stage2_requests_accepted':
      if (r.requestedOn === null) return 'not_applicable';
      if (r.decision === null) return 'pending';
      return { met: r.decision === 'accepted', workingDays: null, on: null };
  }
}

export const percentOf = (met: number, applicable: number): number | null =>
  applicable === 0 ? null : Math.round((met / applicable) * 1000) / 10;

/** Every measure over the stages that started in the year. */
export function computeMeasures(rows: readonly StageRecord[], cal: BankHolidayCalendar, year: YearBounds, today: IsoDate): Record<MeasureKey, MeasureResult> {
  const inYear = rows.filter((r) => {
    const start = stageStart(r);
    return start !== null && start >= year.from && start <= year.to;
  });
  const out = {} as Record<MeasureKey, MeasureResult>;
  for (const key of MEASURE_KEYS) {
    const cases: MeasuredCase[] = [];
    let pending = 0;
    for (const r of inYear) {
      const v = verdict(key, r, cal, today);
      if (v === 'not_applicable') continue;
      if (v === 'pending') pending++;
      else cases.push({ contactId: r.contactId, reference: r.reference, ...v });
    }
    cases.sort((a, b) => Number(a.met) - Number(b.met) || a.reference.localeCompare(b.reference));
    const met = cases.filter((c) => c.met).length;
    out[key] = { key, met, applicable: cases.length, percent: percentOf(met, cases.length), pending, target: MEASURES[key].target, cases };
  }
  return out;
}

/** Whether a figure meets its target; null when nothing was measured. */
export const standing = (m: Pick<MeasureResult, 'applicable' | 'percent' | 'target'>): 'met' | 'not_met' | 'none' =>
  m.applicable === 0 || m.percent === null ? 'none' : m.percent >= m.target ? 'met' : 'not_met';

export const OUTCOMES = ['upheld', 'partially_upheld', 'not_upheld', 'withdrawn', 'no_written_response', 'not_known'] as const;

export interface StageSummary {
  stage: number;
  /** Stages started in the year. */
  started: number;
  responded: number;
  /** Of those responded, the mean working days from the stage's start to the response, one decimal. */
  averageWorkingDays: number | null;
  outcomes: Record<(typeof OUTCOMES)[number] | 'none', number>;
}

/** The quantitative part of the annual report: per stage, how many, how quickly answered, and the outcomes. */
export function stageSummaries(rows: readonly StageRecord[], cal: BankHolidayCalendar, year: YearBounds): StageSummary[] {
  const byStage = new Map<number, StageRecord[]>();
  for (const r of rows) {
    const start = stageStart(r);
    if (start === null || start < year.from || start > year.to || (r.stage > 1 && r.openedOn === null)) continue;
    byStage.set(r.stage, [...(byStage.get(r.stage) ?? []), r]);
  }
  return [1, 2].map((stage) => {
    const list = byStage.get(stage) ?? [];
    const responded = list.filter((r) => r.respondedOn);
    const days = responded.map((r) => workingDaysBetween(cal, stageStart(r)!, r.respondedOn!));
    const outcomes = Object.fromEntries([...OUTCOMES, 'none'].map((o) => [o, 0])) as StageSummary['outcomes'];
    for (const r of list) outcomes[(r.outcome ?? 'none') as keyof StageSummary['outcomes']]++;
    return {
      stage, started: list.length, responded: responded.length,
      averageWorkingDays: days.length ? Math.round((days.reduce((a, b) => a + b, 0) / days.length) * 10) / 10 : null,
      outcomes,
    };
  });
}
