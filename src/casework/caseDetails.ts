import type { Queryable } from '../db/database.ts';
import type { BankHolidayCalendar } from '../domain/calendar/bankHolidays.ts';
import { computeDue, escalationDeadline, type DueDateBasis } from '../domain/calendar/deadlines.ts';
import { workingDaysBetween } from '../domain/calendar/workingDays.ts';
import { deadlineStanding, type DeadlineStanding } from '../domain/cases/deadlineState.ts';
import type { IsoDate } from '../domain/dates.ts';
import type { CaseFile } from './caseFile.ts';

/**
 * What the case page shows beyond the case file: each stage's stored deadlines with the basis
 * they were counted on, its steps, elements and findings; remedies and learning actions; linked
 * contacts and Ombudsman cases; restrictions on contact. Read for one case already loaded
 * within scope (loadCaseFile), so nothing here checks scope again.
 */
export interface StageRecord {
  stage: number;
  officer: string | null;
  acknowledgementDueOn: IsoDate | null;
  acknowledgementDueBasis: DueDateBasis | null;
  dueOn: IsoDate | null;
  dueBasis: DueDateBasis | null;
  steps: { key: string; dueOn: IsoDate | null; dueBasis: DueDateBasis | null; doneOn: IsoDate | null }[];
  elements: { summary: string; category: string | null; outcome: string | null }[];
}

export interface CaseDetails {
  stages: StageRecord[];
  enquiryDueBasis: DueDateBasis | null;
  remedies: { kind: string; description: string | null; amount: number | null; dueOn: IsoDate | null; doneOn: IsoDate | null; stage: number | null }[];
  /** With its id, for its page on the learning plan (/learning/<id>). */
  learningActions: { id: number; description: string; owner: string; dueOn: IsoDate | null; doneOn: IsoDate | null; stage: number | null }[];
  links: { reference: string; kind: 'linked' | 'duplicate'; contactKind: string }[];
  ombudsmanCases: { id: number; body: string; reference: string; receivedOn: IsoDate; decision: string | null; decidedOn: IsoDate | null; complianceDueOn: IsoDate | null; compliedOn: IsoDate | null }[];
  behaviourRestrictions: { restriction: string; imposedOn: IsoDate; reviewOn: IsoDate | null; reason: string | null }[];
}

export async function loadCaseDetails(db: Queryable, councilId: number, contactId: number): Promise<CaseDetails> {
  const [stages, enquiry, remedies, learning, links, ombudsman, restrictions] = await Promise.all([
    db.query<{
      stage: number; officer: string | null; acknowledgement_due_on: IsoDate | null; acknowledgement_due_basis: DueDateBasis | null;
      due_on: IsoDate | null; due_basis: DueDateBasis | null; steps: StageRecord['steps']; elements: StageRecord['elements'];
    }>(
      `SELECT s.stage, m.name AS officer, s.acknowledgement_due_on, s.acknowledgement_due_basis, s.due_on, s.due_basis,
              coalesce((SELECT json_agg(json_build_object('key', t.step, 'dueOn', t.due_on, 'dueBasis', t.due_basis, 'doneOn', t.done_on) ORDER BY t.id)
                          FROM stage_step t WHERE t.council_id = s.council_id AND t.stage_id = s.id), '[]') AS steps,
              coalesce((SELECT json_agg(json_build_object('summary', e.summary, 'category', k.name, 'outcome', e.outcome) ORDER BY e.id)
                          FROM complaint_element e LEFT JOIN complaint_category k ON k.council_id = e.council_id AND k.id = e.category_id
                         WHERE e.council_id = s.council_id AND e.stage_id = s.id), '[]') AS elements
         FROM complaint_stage s
         LEFT JOIN staff_member m ON m.council_id = s.council_id AND m.id = s.investigating_officer_id
        WHERE s.council_id = $1 AND s.contact_id = $2
        ORDER BY s.stage`,
      [councilId, contactId],
    ),
    db.query<{ response_due_basis: DueDateBasis | null }>('SELECT response_due_basis FROM contact WHERE council_id = $1 AND id = $2', [councilId, contactId]),
    db.query<{ kind: string; description: string | null; amount: number | null; due_on: IsoDate | null; done_on: IsoDate | null; stage: number | null }>(
      'SELECT kind, description, amount, due_on, done_on, stage FROM remedy WHERE council_id = $1 AND contact_id = $2 ORDER BY id',
      [councilId, contactId],
    ),
    db.query<{ id: string; description: string; owner: string; due_on: IsoDate | null; done_on: IsoDate | null; stage: number | null }>(
      'SELECT id, description, owner, due_on, done_on, stage FROM learning_action WHERE council_id = $1 AND contact_id = $2 ORDER BY id',
      [councilId, contactId],
    ),
    db.query<{ reference: string; kind: 'linked' | 'duplicate'; contact_kind: string }>(
      `SELECT o.reference, l.kind, o.kind AS contact_kind
         FROM contact_link l
         JOIN contact o ON o.council_id = l.council_id AND o.id = CASE WHEN l.contact_id = $2 THEN l.linked_contact_id ELSE l.contact_id END
        WHERE l.council_id = $1 AND (l.contact_id = $2 OR l.linked_contact_id = $2)
        ORDER BY o.reference`,
      [councilId, contactId],
    ),
    db.query<{ id: string; body: string; ombudsman_reference: string; received_on: IsoDate; decision: string | null; decided_on: IsoDate | null; compliance_due_on: IsoDate | null; complied_on: IsoDate | null }>(
      `SELECT id, body, ombudsman_reference, received_on, decision, decided_on, compliance_due_on, complied_on
         FROM ombudsman_case WHERE council_id = $1 AND contact_id = $2 ORDER BY received_on, id`,
      [councilId, contactId],
    ),
    db.query<{ restriction: string; imposed_on: IsoDate; review_on: IsoDate | null; reason: string | null }>(
      `SELECT restriction, imposed_on, review_on, reason FROM behaviour_restriction
        WHERE council_id = $1 AND contact_id = $2 AND lifted_on IS NULL ORDER BY imposed_on, id`,
      [councilId, contactId],
    ),
  ]);
  return {
    stages: stages.rows.map((r) => ({
      stage: r.stage, officer: r.officer, acknowledgementDueOn: r.acknowledgement_due_on, acknowledgementDueBasis: r.acknowledgement_due_basis,
      dueOn: r.due_on, dueBasis: r.due_basis, steps: r.steps, elements: r.elements,
    })),
    enquiryDueBasis: enquiry.rows[0]?.response_due_basis ?? null,
    remedies: remedies.rows.map((r) => ({ kind: r.kind, description: r.description, amount: r.amount, dueOn: r.due_on, doneOn: r.done_on, stage: r.stage })),
    learningActions: learning.rows.map((r) => ({ id: Number(r.id), description: r.description, owner: r.owner, dueOn: r.due_on, doneOn: r.done_on, stage: r.stage })),
    links: links.rows.map((r) => ({ reference: r.reference, kind: r.kind, contactKind: r.contact_kind })),
    ombudsmanCases: ombudsman.rows.map((r) => ({
      id: Number(r.id), body: r.body, reference: r.ombudsman_reference, receivedOn: r.received_on, decision: r.decision, decidedOn: r.decided_on,
      complianceDueOn: r.compliance_due_on, compliedOn: r.complied_on,
    })),
    behaviourRestrictions: restrictions.rows.map((r) => ({ restriction: r.restriction, imposedOn: r.imposed_on, reviewOn: r.review_on, reason: r.reason })),
  };
}

/** One deadline on the case page: what it is for, its date, how it stands and how it was counted. */
export interface CaseDeadline {
  /** 'acknowledgement', 'response', 'step', 'escalation', 'enquiry_response'. */
  what: 'acknowledgement' | 'response' | 'step' | 'escalation' | 'enquiry_response';
  stage: number | null;
  /** The step's name in the procedure's words, for a step. */
  stepName?: string;
  due: IsoDate;
  /** The date before extensions, when extended. */
  originalDue: IsoDate | null;
  doneOn: IsoDate | null;
  standing: DeadlineStanding;
  basis: DueDateBasis | null;
}

/**
 * Every deadline of the case with its standing today on the council's calendar: for each
 * stage the acknowledgement, the steps, the response (extended if so) and the window to ask
 * for the next stage; and an MP's or councillor's enquiry's response.
 */
export function caseDeadlines(file: CaseFile, details: CaseDetails, cal: BankHolidayCalendar, today: IsoDate): CaseDeadline[] {
  const between = (a: IsoDate, b: IsoDate) => workingDaysBetween(cal, a, b);
  const stand = (due: IsoDate, doneOn: IsoDate | null) => deadlineStanding(due, today, doneOn, between);
  const out: CaseDeadline[] = [];
  if (file.responseDueOn) {
    out.push({ what: 'enquiry_response', stage: null, due: file.responseDueOn, originalDue: null, doneOn: file.respondedOn, standing: stand(file.responseDueOn, file.respondedOn), basis: details.enquiryDueBasis });
  }
  const complaint = file.complaint;
  if (!complaint) return out;
  const records = new Map(details.stages.map((s) => [s.stage, s]));
  for (const stage of complaint.state.stages) {
    const record = records.get(stage.number);
    const definition = complaint.procedure.stages.find((s) => s.number === stage.number);
    if (record?.acknowledgementDueOn) {
      out.push({ what: 'acknowledgement', stage: stage.number, due: record.acknowledgementDueOn, originalDue: null, doneOn: stage.acknowledgedOn,
        standing: stand(record.acknowledgementDueOn, stage.acknowledgedOn), basis: record.acknowledgementDueBasis });
    }
    for (const step of record?.steps ?? []) {
      if (!step.dueOn) continue;
      const stepName = definition?.steps?.find((s) => s.key === step.key)?.name ?? step.key.replaceAll('_', ' ');
      out.push({ what: 'step', stage: stage.number, stepName, due: step.dueOn, originalDue: null, doneOn: step.doneOn, standing: stand(step.dueOn, step.doneOn), basis: step.dueBasis });
    }
    if (record?.dueOn) {
      const extended = stage.extensions.at(-1)?.to ?? null;
      const due = extended ?? record.dueOn;
      out.push({ what: 'response', stage: stage.number, due, originalDue: extended ? record.dueOn : null, doneOn: stage.respondedOn,
        standing: stand(due, stage.respondedOn), basis: record.dueBasis });
    }
    const isLast = !complaint.procedure.stages.some((s) => s.number > stage.number);
    if (stage.respondedOn && !isLast && definition?.escalationWindow) {
      const due = escalationDeadline(cal, complaint.procedure, stage.number, stage.respondedOn, complaint.state.receivedOn);
      if (due) {
        const next = complaint.state.stages.find((s) => s.number === stage.number + 1);
        const askedOn = next?.requestedOn ?? next?.openedOn ?? null;
        // Not stored: counted now on the calendar in force, from the response.
        const basis = computeDue(cal, definition.escalationWindow, stage.respondedOn, 'responded');
        out.push({ what: 'escalation', stage: stage.number, due, originalDue: null, doneOn: askedOn, standing: stand(due, askedOn), basis: due === basis.due ? basis : null });
      }
    }
  }
  return out;
}
