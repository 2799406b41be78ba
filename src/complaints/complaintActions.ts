import { inTransaction, type Database, type Queryable } from '../db/database.ts';
import { currentCalendar } from '../councils/calendarStore.ts';
import { divisionOf } from '../domain/calendar/bankHolidays.ts';
import { escalationDeadline, stageDeadlines, type StageDates } from '../domain/calendar/deadlines.ts';
import { currentStage, decide, type Command, type ComplaintState, type LifecycleEvent, type StageState } from '../domain/cases/lifecycle.ts';
import type { ElementOutcome, Route, StageOutcome } from '../domain/cases/vocabulary.ts';
import { complaintOutcomeFromElements } from '../domain/cases/outcomes.ts';
import { elementOutcomes } from './elements.ts';
import { ActionRefusedError } from './actionRefused.ts';

export { ActionRefusedError };
import type { IsoDate } from '../domain/dates.ts';
import { loadComplaintForUpdate, saveComplaintState, type StageDeadlineRecord } from './complaintStore.ts';
import type { Actor } from '../events/actor.ts';
import { writeCaseEvent } from '../events/caseEvents.ts';
import { assertVersion } from '../events/concurrency.ts';

/** What a member of staff does to a complaint, in their words; `on` is the date it happened. */
export type ComplaintAction =
  | { type: 'triage'; on: IsoDate; route: Route; reason?: string }
  | { type: 'open_stage'; on: IsoDate }
  /** Accept the complaint straight at stage 2 (no stage 1), with the reason; asked for on `requestedOn`, else on receipt. */
  | { type: 'accept_at_stage_2'; on: IsoDate; reason: string; requestedOn?: IsoDate }
  /** A step of the open stage was done, e.g. 'discussion' (Wales), 'panel' and 'panel_report' (children's stage 3). */
  | { type: 'record_step'; on: IsoDate; step: string }
  | { type: 'acknowledge'; on: IsoDate }
  | { type: 'allocate'; on: IsoDate; staffMemberId: number }
  /** `goodReason`: needed to go beyond the Code's longest extension, and recorded as beyond the Code. */
  | { type: 'extend'; on: IsoDate; to: IsoDate; reason: string; goodReason?: string }
  | { type: 'stop_clock'; on: IsoDate; reason: string }
  | { type: 'restart_clock'; on: IsoDate }
  /** Without an outcome, it follows the findings recorded on the stage's elements. */
  | { type: 'respond'; on: IsoDate; outcome?: StageOutcome }
  | { type: 'request_escalation'; on: IsoDate }
  | { type: 'accept_escalation'; on: IsoDate }
  | { type: 'refuse_escalation'; on: IsoDate; reason: string }
  | { type: 'close'; on: IsoDate }
  | { type: 'withdraw'; on: IsoDate; reason?: string }
  | { type: 'reopen'; on: IsoDate; reason: string };

/** What has happened on an open stage, as its deadlines are counted from. */
function datesOf(stage: StageState, today: IsoDate): StageDates {
  return {
    openedOn: stage.openedOn!,
    requestedOn: stage.requestedOn,
    acknowledgedOn: stage.acknowledgedOn,
    steps: stage.steps ?? [],
    pauses: stage.pauses.map((p) => ({ from: p.from, to: p.to })),
    asOf: today,
  };
}

async function staffMemberExists(db: Queryable, councilId: number, id: number): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM staff_member WHERE council_id = $1 AND id = $2', [councilId, id]);
  return rows.length > 0;
}

/**
 * Applies one action to a complaint: the lifecycle decides, then the new state, the
 * recomputed deadlines of the stage it touched and the event (who, when, what) are
 * written in one transaction — or nothing is. With `expectedVersion` (the version of the case
 * the officer's form was drawn from), a case changed meanwhile is refused with
 * ConcurrentChangeError (src/events/concurrency.ts). Returns the case's new version too.
 */
export async function actOnComplaint(
  db: Database,
  councilId: number,
  reference: string,
  action: ComplaintAction,
  actor: Actor,
  today: IsoDate,
  options: { expectedVersion?: number } = {},
): Promise<{ state: ComplaintState; event: LifecycleEvent; version: number }> {
  return inTransaction(db, async (client) => {
    const complaint = await loadComplaintForUpdate(client, councilId, reference);
    if (!complaint) throw new ActionRefusedError(`There is no complaint ${reference}.`);
    await assertVersion(client, councilId, complaint.contactId, options.expectedVersion);
    const calendar = await currentCalendar(client, divisionOf(complaint.nation));
    const { procedure, state } = complaint;
    const stage = currentStage(state);

    let command: Command;
    switch (action.type) {
      case 'allocate':
        if (!(await staffMemberExists(client, councilId, action.staffMemberId))) {
          throw new ActionRefusedError('Choose an investigating officer from the council’s staff list.');
        }
        command = { type: 'allocate', on: action.on, officer: String(action.staffMemberId) };
        break;
      case 'extend': {
        const open = stage?.openedOn ? stage : null;
        const deadlines = open ? stageDeadlines(calendar, procedure, open.number, datesOf(open, today)) : null;
        if (!deadlines?.responseDue) throw new ActionRefusedError('This stage has no response deadline to extend.');
        const currentDue = open!.extensions[open!.extensions.length - 1]?.to ?? deadlines.responseDue.due;
        command = {
          type: 'extend', to: action.to, reason: action.reason, agreedOn: action.on, latestAllowed: deadlines.latestExtendedDue, currentDue,
          ...(action.goodReason !== undefined ? { goodReason: action.goodReason } : {}),
        };
        break;
      }
      case 'request_escalation':
        command = {
          type: 'request_escalation',
          on: action.on,
          // The date of the events is not recorded: the receipt stands in (they cannot be later).
          windowClosesOn: stage?.respondedOn ? escalationDeadline(calendar, procedure, stage.number, stage.respondedOn, state.receivedOn) : null,
        };
        break;
      case 'respond': {
        let outcome = action.outcome;
        if (!outcome) {
          const findings = stage ? await elementOutcomes(client, councilId, complaint.contactId, stage.number) : [];
          if (findings.length === 0 || findings.includes(null)) {
            throw new ActionRefusedError('Record the outcome, or a finding on every element of the complaint, before the response.');
          }
          outcome = complaintOutcomeFromElements(findings as ElementOutcome[]);
        }
        command = { type: 'respond', on: action.on, outcome };
        break;
      }
      default:
        command = action;
    }

    const decision = decide(state, command, procedure);
    if (!decision.ok) throw new ActionRefusedError(decision.reason);

    // Deadlines follow the stage the action touched: opened, acknowledged, paused or restarted.
    const deadlines = new Map<number, StageDeadlineRecord>();
    const touched = currentStage(decision.state);
    if (touched?.openedOn && touched.number <= procedure.stages.length) {
      const d = stageDeadlines(calendar, procedure, touched.number, datesOf(touched, today));
      deadlines.set(touched.number, {
        acknowledgementDue: d.acknowledgementDue,
        responseDue: d.responseDue,
        stepsDue: d.stepsDue.map((t) => ({ key: t.key, due: t.due })),
      });
    }
    await saveComplaintState(client, complaint, decision.state, deadlines, action.type === 'triage' ? action.reason ?? null : undefined);
    const { version } = await writeCaseEvent(client, {
      councilId, contactId: complaint.contactId, stage: decision.event.stage, type: decision.event.type, on: decision.event.on, data: decision.event.data,
    }, actor);
    return { state: decision.state, event: decision.event, version };
  });
}
