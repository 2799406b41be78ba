/**
 * What may need a staff reminder today, for one council: a few set-based queries (each on a
 * partial index of open work, migration 018), never one query per case. The rules
 * (rules.ts) then decide, per item, which reminder is due.
 */
import type { Queryable } from '../../db/database.ts';
import type { IsoDate } from '../../domain/dates.ts';
import { RESTRICTED_PROCEDURES } from '../../domain/access/scope.ts';

interface CaseOf {
  contactId: number | null;
  reference: string | null;
  /** The case's directorate (org_unit_directorate), for choosing managers and the team. */
  directorateId: number | null;
  /** Children's social care or marked restricted: only people who may see those are told. */
  restricted: boolean;
}

export interface OfficerOf {
  officerId: number | null;
  officerName: string | null;
  officerEmail: string | null;
}

/** An open stage's response deadline (the extension's date once extended), with its officer. */
export interface StageDeadline extends CaseOf, OfficerOf {
  stageId: number;
  stage: number;
  dueOn: IsoDate;
}

/** A request for the next stage awaiting its decision. */
export interface EscalationRequest extends CaseOf {
  stageId: number;
  stage: number;
  requestedOn: IsoDate;
}

/** A remedy or learning action not yet done, with the officer of the case's latest stage. */
export interface ActionDue extends CaseOf, OfficerOf {
  id: number;
  dueOn: IsoDate;
  description: string;
  /** A learning action's owner. */
  owner: string | null;
  /** A learning action's owner as a member of staff, when known: they are reminded (issue 10). */
  ownerAccountId?: number | null;
}

export interface OmbudsmanCompliance extends CaseOf {
  id: number;
  dueOn: IsoDate;
  body: string;
  ombudsmanReference: string;
}

export interface DueItems {
  stages: StageDeadline[];
  escalations: EscalationRequest[];
  remedies: ActionDue[];
  learningActions: ActionDue[];
  compliance: OmbudsmanCompliance[];
}

const CASE_COLUMNS = `c.id AS "contactId", c.reference, d.directorate_id AS "directorateId",
  coalesce(c.restricted OR c.procedure_code = ANY($2::text[]), false) AS restricted`;
const CASE_JOINS = (contactId: string) => `
  LEFT JOIN contact c ON c.council_id = $1 AND c.id = ${contactId}
  LEFT JOIN org_unit_directorate d ON d.council_id = $1 AND d.id = c.org_unit_id`;
const LATEST_OFFICER = (contactId: string) => `
  LEFT JOIN LATERAL (SELECT s.investigating_officer_id FROM complaint_stage s
                      WHERE s.council_id = $1 AND s.contact_id = ${contactId} ORDER BY s.stage DESC LIMIT 1) ls ON true
  LEFT JOIN staff_member o ON o.council_id = $1 AND o.id = ls.investigating_officer_id`;
const OFFICER_COLUMNS = `o.id AS "officerId", o.name AS "officerName", o.email AS "officerEmail"`;

/** The dates that bound what a sweep reads (rules.ts). */
export interface DueWindow {
  /** Earliest due date still reminded (reminderFloor): older items, long overdue, are left alone. */
  floor: IsoDate;
  /** Latest due date a "before" reminder can concern today (reminderHorizon). */
  horizon: IsoDate;
  /** Earliest request for the next stage still reminded (escalationFloor). */
  escalationFloor: IsoDate;
}

/**
 * Everything due within the window and not done, and every request awaiting a decision made
 * since its floor. Bounded on both sides, so a council that imported years of history with
 * open items nobody closed reads only the last few months of them (each on its index's range).
 */
export async function dueItems(db: Queryable, councilId: number, window: DueWindow): Promise<DueItems> {
  const params = [councilId, RESTRICTED_PROCEDURES, window.horizon, window.floor];
  const [stages, escalations, remedies, learningActions, compliance] = await Promise.all([
    // Open, allocated, the clock running (a stopped clock has nothing falling due).
    db.query<StageDeadline>(
      `SELECT s.id AS "stageId", s.stage, coalesce(s.extended_to, s.due_on)::text AS "dueOn", ${CASE_COLUMNS},
              o.id AS "officerId", o.name AS "officerName", o.email AS "officerEmail"
         FROM complaint_stage s
         JOIN complaint k ON k.council_id = s.council_id AND k.contact_id = s.contact_id AND k.status = 'stage_open'
         JOIN staff_member o ON o.council_id = s.council_id AND o.id = s.investigating_officer_id
         ${CASE_JOINS('s.contact_id')}
        WHERE s.council_id = $1 AND s.opened_on IS NOT NULL AND s.responded_on IS NULL AND s.outcome IS NULL
          AND coalesce(s.extended_to, s.due_on) BETWEEN $4 AND $3
          AND NOT EXISTS (SELECT 1 FROM stage_pause p WHERE p.council_id = s.council_id AND p.stage_id = s.id AND p.resumed_on IS NULL)`,
      params),
    db.query<EscalationRequest>(
      `SELECT s.id AS "stageId", s.stage, s.requested_on::text AS "requestedOn", ${CASE_COLUMNS}
         FROM complaint_stage s
         JOIN complaint k ON k.council_id = s.council_id AND k.contact_id = s.contact_id AND k.status = 'escalation_requested'
         ${CASE_JOINS('s.contact_id')}
        WHERE s.council_id = $1 AND s.requested_on IS NOT NULL AND s.decision IS NULL AND s.opened_on IS NULL
          AND s.requested_on >= $3`,
      [councilId, RESTRICTED_PROCEDURES, window.escalationFloor]),
    db.query<ActionDue>(
      `SELECT r.id, r.due_on::text AS "dueOn", coalesce(nullif(r.description, ''), replace(r.kind, '_', ' ')) AS description,
              NULL AS owner, ${CASE_COLUMNS}, ${OFFICER_COLUMNS}
         FROM remedy r
         LEFT JOIN ombudsman_case oc ON oc.council_id = r.council_id AND oc.id = r.ombudsman_case_id
         ${CASE_JOINS('coalesce(r.contact_id, oc.contact_id)')}
         ${LATEST_OFFICER('c.id')}
        WHERE r.council_id = $1 AND r.done_on IS NULL AND r.due_on BETWEEN $4 AND $3`,
      params),
    db.query<ActionDue>(
      `SELECT a.id, a.due_on::text AS "dueOn", a.description, a.owner, a.owner_account_id AS "ownerAccountId", ${CASE_COLUMNS}, ${OFFICER_COLUMNS}
         FROM learning_action a
         LEFT JOIN ombudsman_case oc ON oc.council_id = a.council_id AND oc.id = a.ombudsman_case_id
         ${CASE_JOINS('coalesce(a.contact_id, oc.contact_id)')}
         ${LATEST_OFFICER('c.id')}
        WHERE a.council_id = $1 AND a.done_on IS NULL AND a.status <> 'not_going_ahead' AND a.due_on BETWEEN $4 AND $3`,
      params),
    db.query<OmbudsmanCompliance>(
      // Each recommendation's own date (a case worked step by step, src/ombudsman/); a case
      // recorded in one go by its summary. One row per case and date: a reminder is about a date.
      `SELECT oc.id, oc.compliance_due_on::text AS "dueOn", oc.body, oc.ombudsman_reference AS "ombudsmanReference", ${CASE_COLUMNS}
         FROM ombudsman_case oc
         ${CASE_JOINS('oc.contact_id')}
        WHERE oc.council_id = $1 AND oc.complied_on IS NULL AND oc.compliance_due_on BETWEEN $4 AND $3
          AND NOT EXISTS (SELECT 1 FROM ombudsman_recommendation r WHERE r.council_id = oc.council_id AND r.ombudsman_case_id = oc.id)
       UNION
       SELECT oc.id, r.due_on::text AS "dueOn", oc.body, oc.ombudsman_reference AS "ombudsmanReference", ${CASE_COLUMNS}
         FROM ombudsman_recommendation r
         JOIN ombudsman_case oc ON oc.council_id = r.council_id AND oc.id = r.ombudsman_case_id
         ${CASE_JOINS('oc.contact_id')}
        WHERE r.council_id = $1 AND r.complied_on IS NULL AND r.due_on BETWEEN $4 AND $3`,
      params),
  ]);
  const ids = <T extends { contactId: number | null; directorateId: number | null }>(rows: T[]) =>
    rows.map((r) => ({ ...r, contactId: r.contactId === null ? null : Number(r.contactId), directorateId: r.directorateId === null ? null : Number(r.directorateId) }));
  return {
    stages: ids(stages.rows).map((r) => ({ ...r, stageId: Number(r.stageId), officerId: Number(r.officerId) })),
    escalations: ids(escalations.rows).map((r) => ({ ...r, stageId: Number(r.stageId) })),
    remedies: ids(remedies.rows).map((r) => ({ ...r, id: Number(r.id), officerId: r.officerId === null ? null : Number(r.officerId) })),
    learningActions: ids(learningActions.rows).map((r) => ({
      ...r, id: Number(r.id), officerId: r.officerId === null ? null : Number(r.officerId), ownerAccountId: r.ownerAccountId == null ? null : Number(r.ownerAccountId),
    })),
    compliance: ids(compliance.rows).map((r) => ({ ...r, id: Number(r.id) })),
  };
}
