import type { Queryable } from '../db/database.ts';
import { currentCalendar } from '../councils/calendarStore.ts';
import { divisionOf } from '../domain/calendar/bankHolidays.ts';
import { stageDeadlines, type StageDates } from '../domain/calendar/deadlines.ts';
import { currentStage, decide, type Command, type ComplaintState, type LifecycleEvent, type StageState } from '../domain/cases/lifecycle.ts';
import type { IsoDate } from '../domain/dates.ts';
import { ActionRefusedError } from './actionRefused.ts';
import { loadComplaintForUpdate, saveComplaintState, type StageDeadlineRecord, type StoredComplaint } from './complaintStore.ts';
import type { Actor } from '../events/actor.ts';
import { writeCaseEvent } from '../events/caseEvents.ts';
import { assertVersion } from '../events/concurrency.ts';

/** What has happened on an open stage, as its deadlines are counted from (as actOnComplaint counts them). */
function datesOf(stage: StageState, today: IsoDate): StageDates {
  return {
    openedOn: stage.openedOn!, requestedOn: stage.requestedOn, acknowledgedOn: stage.acknowledgedOn, steps: stage.steps ?? [],
    pauses: stage.pauses.map((p) => ({ from: p.from, to: p.to })), asOf: today,
  };
}

/** The complaint, locked, with the case's version checked: the start of a change made in the caller's transaction. */
export async function lockComplaint(client: Queryable, councilId: number, reference: string, expectedVersion: number | undefined): Promise<StoredComplaint> {
  const complaint = await loadComplaintForUpdate(client, councilId, reference);
  if (!complaint) throw new ActionRefusedError(`There is no complaint ${reference}.`);
  await assertVersion(client, councilId, complaint.contactId, expectedVersion);
  return complaint;
}

/**
 * Applies one lifecycle command inside the caller's transaction, as actOnComplaint does in
 * its own: the lifecycle decides, the state and the touched stage's recomputed deadlines are
 * saved, and one event is written (with `extraData` added to the lifecycle's own). Returns
 * the complaint as it now stands, for a next command in the same transaction.
 */
export async function applyCommand(
  client: Queryable, complaint: StoredComplaint, command: Command, actor: Actor, today: IsoDate,
  options: { routeReason?: string | null; extraData?: Record<string, unknown> } = {},
): Promise<{ complaint: StoredComplaint; event: LifecycleEvent; version: number; state: ComplaintState }> {
  const decision = decide(complaint.state, command, complaint.procedure);
  if (!decision.ok) throw new ActionRefusedError(decision.reason);
  const deadlines = new Map<number, StageDeadlineRecord>();
  const touched = currentStage(decision.state);
  if (touched?.openedOn && touched.number <= complaint.procedure.stages.length) {
    const calendar = await currentCalendar(client, divisionOf(complaint.nation));
    const d = stageDeadlines(calendar, complaint.procedure, touched.number, datesOf(touched, today));
    deadlines.set(touched.number, {
      acknowledgementDue: d.acknowledgementDue, responseDue: d.responseDue, stepsDue: d.stepsDue.map((t) => ({ key: t.key, due: t.due })),
    });
  }
  await saveComplaintState(client, complaint, decision.state, deadlines, options.routeReason);
  const { version } = await writeCaseEvent(client, {
    councilId: complaint.councilId, contactId: complaint.contactId, stage: decision.event.stage, type: decision.event.type,
    on: decision.event.on, data: { ...decision.event.data, ...options.extraData },
  }, actor);
  return { complaint: { ...complaint, state: decision.state }, event: decision.event, version, state: decision.state };
}

export interface StageDueNow {
  stage: number;
  acknowledgementDue: IsoDate | null;
  /** The response due date before any extension; null where it is agreed case by case. */
  originalDue: IsoDate | null;
  /** The response due date now: the latest extension's, else the original. */
  currentDue: IsoDate | null;
  /** The furthest an extension may go without a good reason (null: none allowed, or no limit). */
  latestAllowed: IsoDate | null;
  /** What the procedure says of an extension beyond latestAllowed. */
  beyondMax: 'refused' | 'with_good_reason' | 'agreed';
}

/**
 * The open stage's deadlines as an extension is judged (as actOnComplaint computes them): for
 * the pages that show them before the officer acts. Null without an open stage.
 */
export async function stageDueNow(db: Queryable, complaint: StoredComplaint, today: IsoDate): Promise<StageDueNow | null> {
  const stage = currentStage(complaint.state);
  if (!stage?.openedOn || stage.number > complaint.procedure.stages.length) return null;
  const calendar = await currentCalendar(db, divisionOf(complaint.nation));
  const d = stageDeadlines(calendar, complaint.procedure, stage.number, datesOf(stage, today));
  const originalDue = d.responseDue?.due ?? null;
  return {
    stage: stage.number,
    acknowledgementDue: d.acknowledgementDue?.due ?? null,
    originalDue,
    currentDue: stage.extensions.at(-1)?.to ?? originalDue,
    latestAllowed: d.latestExtendedDue,
    beyondMax: d.stage.beyondMaxExtension ?? 'refused',
  };
}
