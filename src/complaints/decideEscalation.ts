import { inTransaction, type Database, type Queryable } from '../db/database.ts';
import { currentCalendar } from '../councils/calendarStore.ts';
import { divisionOf } from '../domain/calendar/bankHolidays.ts';
import { escalationDeadline } from '../domain/calendar/deadlines.ts';
import { currentStage, type ComplaintState } from '../domain/cases/lifecycle.ts';
import type { IsoDate } from '../domain/dates.ts';
import type { ProcedureDefinition } from '../domain/procedures/types.ts';
import type { Actor } from '../events/actor.ts';
import { ActionRefusedError } from './actionRefused.ts';
import type { StoredComplaint } from './complaintStore.ts';
import { applyCommand, lockComplaint } from './lifecycleSteps.ts';

type Options = { expectedVersion?: number };
type Result = { state: ComplaintState; version: number };

/**
 * A request for the next stage made after the procedure's window closed. The lifecycle records
 * a late request flagged late (the council decides whether to consider it); the screens refuse
 * it unless the officer says the council will consider it anyway, and point the complainant to
 * the Ombudsman.
 */
export class LateEscalationError extends ActionRefusedError {
  constructor(readonly windowClosesOn: IsoDate, readonly nextStage: number, readonly ombudsman: ProcedureDefinition['ombudsman']) {
    super(`The request for stage ${nextStage} is late: the window to ask for it closed on ${windowClosesOn}.`);
    this.name = 'LateEscalationError';
  }
}

/** The last day the complainant may ask for the next stage, as actOnComplaint counts it; null when there is no window. */
export async function escalationWindowCloses(db: Queryable, complaint: StoredComplaint): Promise<IsoDate | null> {
  const stage = currentStage(complaint.state);
  if (!stage?.respondedOn) return null;
  const calendar = await currentCalendar(db, divisionOf(complaint.nation));
  // The date of the events is not recorded: the receipt stands in (they cannot be later).
  return escalationDeadline(calendar, complaint.procedure, stage.number, stage.respondedOn, complaint.state.receivedOn);
}

async function checkOfficer(client: Queryable, councilId: number, staffMemberId: number) {
  const { rows } = await client.query('SELECT 1 FROM staff_member WHERE council_id = $1 AND id = $2', [councilId, staffMemberId]);
  if (rows.length === 0) throw new ActionRefusedError('Choose an investigating officer from the council’s staff list.');
}

/**
 * Records the complainant's request for the next stage, with what they said (kept on the
 * event as its reason). A request after the window is refused with LateEscalationError unless
 * `considerLate` says the council will consider it; it is then recorded flagged late.
 */
export async function requestEscalation(
  db: Database, councilId: number, reference: string, request: { on: IsoDate; reason: string; considerLate?: boolean }, actor: Actor, today: IsoDate,
  options: Options = {},
): Promise<Result & { late: boolean }> {
  return inTransaction(db, async (client) => {
    const complaint = await lockComplaint(client, councilId, reference, options.expectedVersion);
    const windowClosesOn = await escalationWindowCloses(client, complaint);
    const next = (currentStage(complaint.state)?.number ?? 0) + 1;
    const late = windowClosesOn !== null && request.on > windowClosesOn;
    if (late && !request.considerLate && complaint.state.status === 'responded') {
      throw new LateEscalationError(windowClosesOn, next, complaint.procedure.ombudsman);
    }
    const reason = request.reason.trim();
    const result = await applyCommand(client, complaint, { type: 'request_escalation', on: request.on, windowClosesOn }, actor, today, {
      extraData: { reason, ...(late ? { consideredLate: true } : {}) },
    });
    return { state: result.state, version: result.version, late };
  });
}

/** Who handled the stage before the one requested (the stage answered before the request); null if nobody was allocated. */
export function previousHandler(state: ComplaintState): { stage: number; officer: number | null } | null {
  const before = state.stages.at(-2);
  if (!before) return null;
  return { stage: before.number, officer: before.investigatingOfficer === null ? null : Number(before.investigatingOfficer) };
}

export type EscalationDecisionInput =
  | { decision: 'accept'; on: IsoDate; reason?: string; officerId: number }
  | { decision: 'refuse'; on: IsoDate; reason: string };

/**
 * Decides a request for the next stage in one transaction. Accepting opens the stage (with its
 * deadlines) and allocates it to an investigating officer who did not handle the stage before;
 * refusing closes the case with the reason, and the complainant may go to the Ombudsman.
 */
export async function decideEscalation(
  db: Database, councilId: number, reference: string, input: EscalationDecisionInput, actor: Actor, today: IsoDate, options: Options = {},
): Promise<Result> {
  return inTransaction(db, async (client) => {
    const complaint = await lockComplaint(client, councilId, reference, options.expectedVersion);
    const reason = input.reason?.trim() ?? '';
    if (input.decision === 'refuse') {
      const result = await applyCommand(client, complaint, { type: 'refuse_escalation', on: input.on, reason }, actor, today);
      return { state: result.state, version: result.version };
    }
    await checkOfficer(client, councilId, input.officerId);
    const previous = previousHandler(complaint.state);
    if (previous && previous.officer === input.officerId) {
      throw new ActionRefusedError(`Choose a different investigating officer from the one who handled stage ${previous.stage}`);
    }
    const accepted = await applyCommand(client, complaint, { type: 'accept_escalation', on: input.on }, actor, today, reason ? { extraData: { reason } } : {});
    const allocated = await applyCommand(client, accepted.complaint, { type: 'allocate', on: input.on, officer: String(input.officerId) }, actor, today);
    return { state: allocated.state, version: allocated.version };
  });
}

/**
 * Starts a triaged complaint straight at stage 2 (no stage 1), with the reason and the date
 * the complainant asked for it; allocated to an investigating officer in the same transaction
 * when one is given.
 */
export async function acceptAtStage2(
  db: Database, councilId: number, reference: string, input: { on: IsoDate; reason: string; requestedOn?: IsoDate; officerId?: number | null },
  actor: Actor, today: IsoDate, options: Options = {},
): Promise<Result> {
  return inTransaction(db, async (client) => {
    const complaint = await lockComplaint(client, councilId, reference, options.expectedVersion);
    if (input.officerId != null) await checkOfficer(client, councilId, input.officerId);
    let result = await applyCommand(client, complaint, {
      type: 'accept_at_stage_2', on: input.on, reason: input.reason, ...(input.requestedOn ? { requestedOn: input.requestedOn } : {}),
    }, actor, today);
    if (input.officerId != null) {
      result = await applyCommand(client, result.complaint, { type: 'allocate', on: input.on, officer: String(input.officerId) }, actor, today);
    }
    return { state: result.state, version: result.version };
  });
}
