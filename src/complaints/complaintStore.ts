import type { Queryable } from '../db/database.ts';
import type { ComplaintState, StageState } from '../domain/cases/lifecycle.ts';
import type { Route, StageOutcome } from '../domain/cases/vocabulary.ts';
import type { ProcedureDefinition } from '../domain/procedures/types.ts';
import type { Nation } from '../domain/calendar/bankHolidays.ts';
import type { DueDateBasis } from '../domain/calendar/deadlines.ts';

/** A complaint as the lifecycle sees it, with the keys needed to write it back. */
export interface StoredComplaint {
  councilId: number;
  contactId: number;
  reference: string;
  nation: Nation;
  procedure: ProcedureDefinition;
  state: ComplaintState;
}

interface StageRow {
  id: number;
  stage: number;
  requested_on: string | null;
  decision: 'accepted' | 'refused' | null;
  decided_on: string | null;
  refusal_reason: string | null;
  opened_on: string | null;
  acknowledged_on: string | null;
  investigating_officer_id: number | null;
  responded_on: string | null;
  outcome: StageOutcome | null;
  accepted_directly_reason: string | null;
  extensions: { to: string; reason: string; agreedOn: string; beyondCodeReason: string | null }[];
  steps: { key: string; on: string }[];
  pauses: { from: string; to: string | null; reason: string }[];
}

/**
 * Loads a complaint's lifecycle state, locking its row so two people acting on one case
 * at once are served one after the other. Call inside a transaction.
 */
export async function loadComplaintForUpdate(db: Queryable, councilId: number, reference: string): Promise<StoredComplaint | null> {
  await ensureComplaintRecord(db, councilId, reference);
  return readComplaint(db, councilId, reference, true);
}

/** A complaint's lifecycle state, to show (no lock, nothing written); null for a contact that is not a complaint. */
export function loadComplaint(db: Queryable, councilId: number, reference: string): Promise<StoredComplaint | null> {
  return readComplaint(db, councilId, reference, false);
}

async function readComplaint(db: Queryable, councilId: number, reference: string, lock: boolean): Promise<StoredComplaint | null> {
  const head = await db.query<{
    contact_id: number; received_on: string; route: Route | null; triaged_on: string | null; status: ComplaintState['status'];
    closed_on: string | null; withdrawn_on: string | null; definition: ProcedureDefinition; nation: Nation;
  }>(
    `SELECT c.id AS contact_id, c.received_on, c.route, c.triaged_on, k.status, k.closed_on, k.withdrawn_on, p.definition, n.nation
       FROM contact c
       JOIN complaint k ON k.council_id = c.council_id AND k.contact_id = c.id
       JOIN council_procedure p ON p.council_id = k.council_id AND p.id = k.procedure_id
       JOIN council n ON n.id = c.council_id
      WHERE c.council_id = $1 AND c.reference = $2
      ${lock ? 'FOR UPDATE OF k' : ''}`,
    [councilId, reference],
  );
  const h = head.rows[0];
  if (!h) return null;
  const stages = await db.query<StageRow>(
    `SELECT s.id, s.stage, s.requested_on, s.decision, s.decided_on, s.refusal_reason, s.opened_on, s.acknowledged_on,
            s.investigating_officer_id, s.responded_on, s.outcome, s.accepted_directly_reason,
            coalesce((SELECT json_agg(json_build_object('to', e.extended_to, 'reason', e.reason, 'agreedOn', e.agreed_on,
                                                        'beyondCodeReason', e.beyond_code_reason) ORDER BY e.id)
                        FROM stage_extension e WHERE e.council_id = s.council_id AND e.stage_id = s.id), '[]') AS extensions,
            coalesce((SELECT json_agg(json_build_object('key', t.step, 'on', t.done_on) ORDER BY t.done_on, t.id)
                        FROM stage_step t WHERE t.council_id = s.council_id AND t.stage_id = s.id AND t.done_on IS NOT NULL), '[]') AS steps,
            coalesce((SELECT json_agg(json_build_object('from', p.paused_on, 'to', p.resumed_on, 'reason', p.reason) ORDER BY p.id)
                        FROM stage_pause p WHERE p.council_id = s.council_id AND p.stage_id = s.id), '[]') AS pauses
       FROM complaint_stage s
      WHERE s.council_id = $1 AND s.contact_id = $2
      ORDER BY s.stage`,
    [councilId, h.contact_id],
  );
  const toState = (s: StageRow): StageState => ({
    number: s.stage,
    requestedOn: s.requested_on,
    decision: s.decision,
    decidedOn: s.decided_on,
    refusalReason: s.refusal_reason,
    openedOn: s.opened_on,
    acknowledgedOn: s.acknowledged_on,
    investigatingOfficer: s.investigating_officer_id === null ? null : String(s.investigating_officer_id),
    // Optional fields are left out when empty, so a state reads back as the lifecycle wrote it.
    extensions: s.extensions.map(({ beyondCodeReason, ...e }) => (beyondCodeReason === null ? e : { ...e, beyondCodeReason })),
    pauses: s.pauses,
    respondedOn: s.responded_on,
    ...(s.steps.length > 0 ? { steps: s.steps } : {}),
    ...(s.accepted_directly_reason !== null ? { acceptedDirectlyReason: s.accepted_directly_reason } : {}),
    outcome: s.outcome,
  });
  return {
    councilId,
    contactId: h.contact_id,
    reference,
    nation: h.nation,
    procedure: h.definition,
    state: {
      status: h.status,
      route: h.route,
      receivedOn: h.received_on,
      triagedOn: h.triaged_on,
      stages: stages.rows.map(toState),
      closedOn: h.closed_on,
      withdrawnOn: h.withdrawn_on,
    },
  };
}

/**
 * A complaint-kind contact imported with a route outside the procedure has no complaint
 * record (its lifecycle ended at triage); one is made when someone acts on it, e.g. to reopen.
 */
async function ensureComplaintRecord(db: Queryable, councilId: number, reference: string): Promise<void> {
  await db.query(
    `INSERT INTO complaint (council_id, contact_id, procedure_id, status)
     SELECT c.council_id, c.id, p.id,
            CASE WHEN c.route IS NULL THEN 'logged' WHEN c.route = 'withdrawn' THEN 'withdrawn'
                 WHEN c.route IN ('formal', 'urgent') THEN 'triaged' ELSE 'closed' END
       FROM contact c
       JOIN council_procedure p ON p.council_id = c.council_id AND p.code = coalesce(c.procedure_code, 'corporate') AND p.retired_on IS NULL
      WHERE c.council_id = $1 AND c.reference = $2 AND c.kind = 'complaint'
     ON CONFLICT (council_id, contact_id) DO NOTHING`,
    [councilId, reference],
  );
}

export interface StageDeadlineRecord {
  acknowledgementDue: DueDateBasis | null;
  responseDue: DueDateBasis | null;
  /** Each step's deadline, for procedures with steps. */
  stepsDue?: readonly { key: string; due: DueDateBasis }[];
}

/** Writes the state the lifecycle decided, with each stage's deadlines as now computed. */
export async function saveComplaintState(
  db: Queryable,
  complaint: StoredComplaint,
  next: ComplaintState,
  deadlines: ReadonlyMap<number, StageDeadlineRecord>,
  routeReason: string | null | undefined,
): Promise<void> {
  const { councilId, contactId } = complaint;
  await db.query(
    `UPDATE contact SET route = $3, triaged_on = $4, route_reason = CASE WHEN $5::boolean THEN $6 ELSE route_reason END, updated_at = now()
      WHERE council_id = $1 AND id = $2`,
    [councilId, contactId, next.route, next.triagedOn, routeReason !== undefined, routeReason ?? null],
  );
  await db.query(
    'UPDATE complaint SET status = $3, closed_on = $4, withdrawn_on = $5 WHERE council_id = $1 AND contact_id = $2',
    [councilId, contactId, next.status, next.closedOn, next.withdrawnOn],
  );
  const before = new Map(complaint.state.stages.map((s) => [s.number, s]));
  for (const stage of next.stages) {
    const old = before.get(stage.number);
    const due = deadlines.get(stage.number);
    const latestExtension = stage.extensions[stage.extensions.length - 1]?.to ?? null;
    const { rows } = await db.query<{ id: number }>(
      `INSERT INTO complaint_stage (council_id, contact_id, stage, requested_on, decision, decided_on, refusal_reason, opened_on,
                                    acknowledged_on, investigating_officer_id, responded_on, outcome, extended_to,
                                    acknowledgement_due_on, acknowledgement_due_basis, due_on, due_basis, accepted_directly_reason)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $19)
       ON CONFLICT (council_id, contact_id, stage) DO UPDATE SET
         requested_on = EXCLUDED.requested_on, decision = EXCLUDED.decision, decided_on = EXCLUDED.decided_on,
         refusal_reason = EXCLUDED.refusal_reason, opened_on = EXCLUDED.opened_on, acknowledged_on = EXCLUDED.acknowledged_on,
         investigating_officer_id = EXCLUDED.investigating_officer_id, responded_on = EXCLUDED.responded_on,
         outcome = EXCLUDED.outcome, extended_to = EXCLUDED.extended_to, accepted_directly_reason = EXCLUDED.accepted_directly_reason,
         -- Deadlines are rewritten only for the stages they were recomputed for.
         acknowledgement_due_on = CASE WHEN $18 THEN EXCLUDED.acknowledgement_due_on ELSE complaint_stage.acknowledgement_due_on END,
         acknowledgement_due_basis = CASE WHEN $18 THEN EXCLUDED.acknowledgement_due_basis ELSE complaint_stage.acknowledgement_due_basis END,
         due_on = CASE WHEN $18 THEN EXCLUDED.due_on ELSE complaint_stage.due_on END,
         due_basis = CASE WHEN $18 THEN EXCLUDED.due_basis ELSE complaint_stage.due_basis END
       RETURNING id`,
      [
        councilId, contactId, stage.number, stage.requestedOn, stage.decision, stage.decidedOn, stage.refusalReason, stage.openedOn,
        stage.acknowledgedOn, stage.investigatingOfficer === null ? null : Number(stage.investigatingOfficer), stage.respondedOn,
        stage.outcome, latestExtension,
        due?.acknowledgementDue?.due ?? null, due?.acknowledgementDue ? JSON.stringify(due.acknowledgementDue) : null,
        due?.responseDue?.due ?? null, due?.responseDue ? JSON.stringify(due.responseDue) : null, due !== undefined,
        stage.acceptedDirectlyReason ?? null,
      ],
    );
    const stageId = rows[0]!.id;
    // Extensions and pauses change rarely and are short lists: rewrite them when they differ.
    if (JSON.stringify(old?.extensions ?? []) !== JSON.stringify(stage.extensions)) {
      await db.query('DELETE FROM stage_extension WHERE council_id = $1 AND stage_id = $2', [councilId, stageId]);
      for (const e of stage.extensions) {
        await db.query(
          `INSERT INTO stage_extension (council_id, stage_id, extended_to, reason, agreed_on, beyond_code, beyond_code_reason)
           VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [councilId, stageId, e.to, e.reason, e.agreedOn, e.beyondCodeReason !== undefined, e.beyondCodeReason ?? null],
        );
      }
    }
    // Steps: each one's deadline as now computed (when recomputed) and the date it was done.
    const stepKeys = new Set([...(due?.stepsDue ?? []).map((d) => d.key), ...(stage.steps ?? []).map((t) => t.key)]);
    for (const key of stepKeys) {
      const stepDue = due?.stepsDue?.find((d) => d.key === key)?.due;
      await db.query(
        `INSERT INTO stage_step (council_id, stage_id, step, due_on, due_basis, done_on) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (council_id, stage_id, step) DO UPDATE SET done_on = EXCLUDED.done_on,
           due_on = CASE WHEN $7 THEN EXCLUDED.due_on ELSE stage_step.due_on END,
           due_basis = CASE WHEN $7 THEN EXCLUDED.due_basis ELSE stage_step.due_basis END`,
        [councilId, stageId, key, stepDue?.due ?? null, stepDue ? JSON.stringify(stepDue) : null,
          stage.steps?.find((t) => t.key === key)?.on ?? null, stepDue !== undefined],
      );
    }
    if (JSON.stringify(old?.pauses ?? []) !== JSON.stringify(stage.pauses)) {
      await db.query('DELETE FROM stage_pause WHERE council_id = $1 AND stage_id = $2', [councilId, stageId]);
      for (const p of stage.pauses) {
        await db.query('INSERT INTO stage_pause (council_id, stage_id, paused_on, resumed_on, reason) VALUES ($1, $2, $3, $4, $5)', [
          councilId, stageId, p.from, p.to, p.reason,
        ]);
      }
    }
  }
}
