import { inTransaction, type Database } from '../db/database.ts';
import { isComplaintRoute, type AlternativePathReason, type ProcedureCodeValue, type Route } from '../domain/cases/vocabulary.ts';
import type { ComplaintState } from '../domain/cases/lifecycle.ts';
import type { IsoDate } from '../domain/dates.ts';
import type { Actor } from '../events/actor.ts';
import { ActionRefusedError } from './actionRefused.ts';
import { loadComplaintForUpdate } from './complaintStore.ts';
import { applyCommand, lockComplaint } from './lifecycleSteps.ts';

export interface TriageDecision {
  on: IsoDate;
  route: Route;
  /** The officer's reason, in their words. */
  reason?: string;
  /** For the alternative path: why (stored as the contact's route reason). */
  alternativePathReason?: AlternativePathReason;
  /** The procedure family, when triage corrects the one it was logged under. */
  procedureCode?: ProcedureCodeValue;
  /** A formal complaint to be accepted straight at stage 2 (accept_at_stage_2, next): stage 1 is not opened. */
  startAtStage2?: boolean;
}

/**
 * The officer's one step at triage, in one transaction: the procedure corrected if need be,
 * the route decided, and — for a formal or urgent complaint — stage 1 opened with its
 * deadlines, dated the day the complaint was received. One event per lifecycle change
 * ('triaged', then 'stage_opened'); a correction of the procedure is recorded on the first.
 */
export async function triageAndOpen(
  db: Database, councilId: number, reference: string, decision: TriageDecision, actor: Actor, today: IsoDate,
  options: { expectedVersion?: number } = {},
): Promise<{ state: ComplaintState; version: number }> {
  return inTransaction(db, async (client) => {
    let complaint = await lockComplaint(client, councilId, reference, options.expectedVersion);
    const extraData: Record<string, unknown> = {};
    if (decision.procedureCode && decision.procedureCode !== complaint.procedure.code) {
      if (complaint.state.stages.length > 0) throw new ActionRefusedError('The procedure cannot be changed once a stage has been opened.');
      const { rows } = await client.query<{ id: number }>(
        'SELECT id FROM council_procedure WHERE council_id = $1 AND code = $2 AND retired_on IS NULL', [councilId, decision.procedureCode]);
      if (!rows[0]) throw new ActionRefusedError('The council has no procedure in force for that kind of complaint.');
      await client.query('UPDATE contact SET procedure_code = $3, updated_at = now() WHERE council_id = $1 AND id = $2', [councilId, complaint.contactId, decision.procedureCode]);
      await client.query('UPDATE complaint SET procedure_id = $3 WHERE council_id = $1 AND contact_id = $2', [councilId, complaint.contactId, rows[0].id]);
      Object.assign(extraData, { procedure: decision.procedureCode, previousProcedure: complaint.procedure.code });
      complaint = (await loadComplaintForUpdate(client, councilId, reference))!;
    }
    if (decision.alternativePathReason) extraData.alternativePathReason = decision.alternativePathReason;
    const reason = decision.reason?.trim() || undefined;
    const routeReason = decision.route === 'alternative_path' ? decision.alternativePathReason ?? reason ?? null : reason ?? null;
    let result = await applyCommand(client, complaint, { type: 'triage', route: decision.route, on: decision.on, ...(reason ? { reason } : {}) }, actor, today, {
      routeReason, extraData,
    });
    if (isComplaintRoute(decision.route) && !decision.startAtStage2) {
      result = await applyCommand(client, result.complaint, { type: 'open_stage', on: complaint.state.receivedOn }, actor, today);
    }
    return { state: result.state, version: result.version };
  });
}
