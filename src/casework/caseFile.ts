import type { Queryable } from '../db/database.ts';
import { loadComplaint, type StoredComplaint } from '../complaints/complaintStore.ts';
import { currentStage, isClockStopped } from '../domain/cases/lifecycle.ts';
import type { ContactKind } from '../domain/cases/vocabulary.ts';
import type { CaseForActions } from '../domain/access/caseActions.ts';
import { inScope, type Scope } from '../domain/access/scope.ts';

export interface PersonOnCase {
  id: number;
  fullName: string;
  email: string | null;
  phone: string | null;
  address: string | null;
  reasonableAdjustments: string | null;
  contactRestriction: string | null;
  /** How they want to hear from the council (issue 8). */
  language: 'en' | 'cy';
  contactBy: 'email' | 'post';
  largePrint: boolean;
}

/**
 * One case as a member of staff may see it: the contact, its people (only for those who may
 * see names), its complaint lifecycle, and what the actions need. The screens and the action
 * services load a case only through here, so scope is checked in one place.
 */
export interface CaseFile {
  contactId: number;
  reference: string;
  kind: ContactKind;
  channel: string | null;
  receivedOn: string;
  procedureCode: string | null;
  route: string | null;
  routeReason: string | null;
  triagedOn: string | null;
  summary: string | null;
  flags: string[];
  restricted: boolean;
  orgUnitId: number | null;
  unit: { directorate: string | null; service: string | null; team: string | null };
  workspace: string | null;
  category: string | null;
  complainantGroup: string | null;
  complainant: PersonOnCase | null;
  representative: PersonOnCase | null;
  /** MP and councillor enquiries: the response target and when it was met. */
  responseDueOn: string | null;
  respondedOn: string | null;
  duplicateOf: string | null;
  /** Bumped by every change (src/events/caseEvents.ts); forms carry it to catch a concurrent edit. */
  version: number;
  complaint: StoredComplaint | null;
  forActions: CaseForActions;
}

interface ContactRow {
  id: number; reference: string; kind: ContactKind; channel: string | null; received_on: string; procedure_code: string | null;
  route: string | null; route_reason: string | null; triaged_on: string | null; summary: string | null; flags: string[]; restricted: boolean;
  org_unit_id: number | null; directorate: string | null; service: string | null; team: string | null; workspace: string | null;
  category: string | null; complainant_group: string | null; complainant: PersonOnCase | null; representative: PersonOnCase | null;
  response_due_on: string | null; responded_on: string | null; duplicate_of: string | null; version: number;
}

const PERSON = (alias: string) => `CASE WHEN ${alias}.id IS NULL THEN NULL ELSE json_build_object('id', ${alias}.id, 'fullName', ${alias}.full_name,
  'email', ${alias}.email, 'phone', ${alias}.phone, 'address', ${alias}.address, 'reasonableAdjustments', ${alias}.reasonable_adjustments,
  'contactRestriction', ${alias}.contact_restriction, 'language', ${alias}.language, 'contactBy', ${alias}.contact_by,
  'largePrint', ${alias}.large_print) END`;

/** The case with this reference, or null when there is none or it is out of the person's scope (the same answer: a 404). */
export async function loadCaseFile(db: Queryable, scope: Scope, reference: string): Promise<CaseFile | null> {
  const { rows } = await db.query<ContactRow>(
    `SELECT c.id, c.reference, c.kind, c.channel, c.received_on, c.procedure_code, c.route, c.route_reason, c.triaged_on, c.summary,
            c.flags, c.restricted, c.org_unit_id, u.directorate, u.service, u.team, w.name AS workspace, k.name AS category,
            c.complainant_group, ${PERSON('p')} AS complainant, ${PERSON('r')} AS representative,
            c.response_due_on, c.responded_on, d.reference AS duplicate_of, c.version
       FROM contact c
       LEFT JOIN org_unit_path u ON u.council_id = c.council_id AND u.id = c.org_unit_id
       LEFT JOIN workspace w ON w.council_id = c.council_id AND w.id = c.workspace_id
       LEFT JOIN complaint_category k ON k.council_id = c.council_id AND k.id = c.category_id
       LEFT JOIN person p ON p.council_id = c.council_id AND p.id = c.complainant_id
       LEFT JOIN person r ON r.council_id = c.council_id AND r.id = c.representative_id
       LEFT JOIN contact d ON d.council_id = c.council_id AND d.id = c.duplicate_of_id
      WHERE c.council_id = $1 AND c.reference = $2`,
    [scope.councilId, reference],
  );
  const r = rows[0];
  if (!r || !scope.mayIdentify) return null;
  if (!inScope(scope, { councilId: scope.councilId, orgUnitId: r.org_unit_id === null ? null : Number(r.org_unit_id), procedureCode: r.procedure_code, restricted: r.restricted })) return null;
  const complaint = r.kind === 'complaint' ? await loadComplaint(db, scope.councilId, reference) : null;
  return {
    contactId: Number(r.id), reference: r.reference, kind: r.kind, channel: r.channel, receivedOn: r.received_on, procedureCode: r.procedure_code,
    route: r.route, routeReason: r.route_reason, triagedOn: r.triaged_on, summary: r.summary, flags: r.flags, restricted: r.restricted,
    orgUnitId: r.org_unit_id === null ? null : Number(r.org_unit_id), unit: { directorate: r.directorate, service: r.service, team: r.team },
    workspace: r.workspace, category: r.category, complainantGroup: r.complainant_group, complainant: r.complainant, representative: r.representative,
    responseDueOn: r.response_due_on, respondedOn: r.responded_on, duplicateOf: r.duplicate_of, version: r.version ?? 0,
    complaint,
    forActions: forActions(r.kind, complaint, r.responded_on !== null),
  };
}

function forActions(kind: ContactKind, complaint: StoredComplaint | null, responded: boolean): CaseForActions {
  if (!complaint) return { kind, status: null, stage: null, hasNextStage: false, responded };
  const stage = currentStage(complaint.state);
  const stageCount = complaint.procedure.stages.length;
  const definition = stage ? complaint.procedure.stages[stage.number - 1] : undefined;
  const stepsDone = new Set((stage?.steps ?? []).map((s) => s.key));
  return {
    kind,
    status: complaint.state.status,
    stage: stage && {
      number: stage.number,
      open: stage.openedOn !== null && stage.respondedOn === null,
      acknowledged: stage.acknowledgedOn !== null,
      clockStopped: isClockStopped(stage),
      allocatedTo: stage.investigatingOfficer === null ? null : Number(stage.investigatingOfficer),
      hasStepsToRecord: (definition?.steps ?? []).some((s) => !stepsDone.has(s.key)),
    },
    hasNextStage: (stage?.number ?? 1) < stageCount,
    responded,
  };
}
