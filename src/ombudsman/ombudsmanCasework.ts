import type { Queryable } from '../db/database.ts';
import type { IsoDate } from '../domain/dates.ts';
import type { Actor } from '../events/actor.ts';
import { writeCaseEvent, type CaseEventType } from '../events/caseEvents.ts';
import { recordAccess } from '../events/audit.ts';
import { withinTransaction, type Transactable } from '../events/concurrency.ts';
import { ActionRefusedError } from '../complaints/actionRefused.ts';
import { longDate } from '../domain/cases/lifecycle.ts';
import type { OmbudsmanBody, RemedyKind } from '../domain/cases/vocabulary.ts';
import {
  assessmentOf, decisionOfFindings, findingOf, ombudsmanState, recommendationSummary, stepRefusal,
  type NotInvestigatedReason, type OmbudsmanState, type OmbudsmanStep,
} from '../domain/ombudsman/casework.ts';

/**
 * Ombudsman cases as casework: one function per step, each in one transaction that locks the
 * case, asks the pure rules (src/domain/ombudsman/casework.ts) whether the step may be taken,
 * writes the step's rows and the case's own timeline (ombudsman_step), keeps the summary
 * columns of ombudsman_case that the reports, the case-history export and the reminder sweep
 * read, and records it on the linked complaint's timeline (writeCaseEvent) or, with no
 * complaint linked, in the audit trail. A refused step throws ActionRefusedError saying why.
 */

export interface StepContext {
  actor: Actor;
  /** Today in the council's calendar: no step is dated after it. */
  today: IsoDate;
}

interface Locked {
  id: number;
  body: OmbudsmanBody;
  reference: string;
  receivedOn: IsoDate;
  contactId: number | null;
  state: OmbudsmanState;
  draftDecisionOn: IsoDate | null;
  draftCommentsSentOn: IsoDate | null;
  investigationStartedOn: IsoDate | null;
  decidedOn: IsoDate | null;
}

const CASE_COLUMNS = `id, body, ombudsman_reference, received_on, contact_id, decision, decided_on, path,
  investigation_started_on, draft_decision_on, draft_comments_due_on, draft_comments_sent_on`;

async function lockCase(client: Queryable, councilId: number, id: number): Promise<Locked> {
  const { rows } = await client.query<{
    id: string; body: OmbudsmanBody; ombudsman_reference: string; received_on: IsoDate; contact_id: string | null; decision: string | null;
    decided_on: IsoDate | null; path: string | null; investigation_started_on: IsoDate | null; draft_decision_on: IsoDate | null; draft_comments_sent_on: IsoDate | null;
  }>(`SELECT ${CASE_COLUMNS} FROM ombudsman_case WHERE council_id = $1 AND id = $2 FOR UPDATE`, [councilId, id]);
  const r = rows[0];
  if (!r) throw new ActionRefusedError('There is no such Ombudsman case.');
  const facts = { decision: r.decision, path: r.path, investigationStartedOn: r.investigation_started_on, draftDecisionOn: r.draft_decision_on, draftCommentsSentOn: r.draft_comments_sent_on };
  return {
    id: Number(r.id), body: r.body, reference: r.ombudsman_reference, receivedOn: r.received_on, contactId: r.contact_id === null ? null : Number(r.contact_id),
    state: ombudsmanState(facts), draftDecisionOn: r.draft_decision_on, draftCommentsSentOn: r.draft_comments_sent_on,
    investigationStartedOn: r.investigation_started_on, decidedOn: r.decided_on,
  };
}

function checkDate(on: IsoDate, ctx: StepContext, what: string, notBefore: { date: IsoDate | null; what: string }[]) {
  if (on > ctx.today) throw new ActionRefusedError(`${what} cannot be in the future.`);
  for (const b of notBefore) if (b.date && on < b.date) throw new ActionRefusedError(`${what} cannot be before ${b.what} (${longDate(b.date)}).`);
}

const EVENT_OF: Record<OmbudsmanStep, CaseEventType> = {
  request_information: 'ombudsman_information_requested',
  send_information: 'ombudsman_information_sent',
  assess: 'ombudsman_assessed',
  start_investigation: 'ombudsman_investigation_started',
  draft_decision: 'ombudsman_draft_decision',
  send_comments: 'ombudsman_comments_sent',
  final_decision: 'ombudsman_final_decision',
  add_recommendation: 'ombudsman_recommendation_added',
  record_compliance: 'ombudsman_recommendation_complied',
};

/**
 * The frame of every step: lock, refuse or run, then the case's timeline entry and the event
 * on the complaint (or the audit entry). `data` holds codes and dates only, never free text,
 * as the complaint's timeline shows it to everyone who may see the complaint.
 */
async function takeStep<T>(
  db: Transactable, councilId: number, id: number, step: OmbudsmanStep, dated: IsoDate | ((kase: Locked) => IsoDate), ctx: StepContext,
  work: (client: Queryable, kase: Locked) => Promise<{ result: T; data?: Record<string, string | number | null | string[]> }>,
): Promise<T> {
  return withinTransaction(db, async (client) => {
    const kase = await lockCase(client, councilId, id);
    const refusal = stepRefusal(kase.state, step, kase);
    if (refusal) throw new ActionRefusedError(refusal);
    const { result, data = {} } = await work(client, kase);
    const on = typeof dated === 'function' ? dated(kase) : dated;
    await client.query('INSERT INTO ombudsman_step (council_id, ombudsman_case_id, step, occurred_on, actor, data) VALUES ($1, $2, $3, $4, $5, $6)', [
      councilId, id, step, on, ctx.actor.name, JSON.stringify(data),
    ]);
    await recordOnComplaintOrAudit(client, councilId, kase, EVENT_OF[step], step, on, data, ctx.actor);
    return result;
  });
}

async function recordOnComplaintOrAudit(
  client: Queryable, councilId: number, kase: { id: number; body: OmbudsmanBody; reference: string; contactId: number | null },
  type: CaseEventType, step: string, on: IsoDate, data: object, actor: Actor,
) {
  if (kase.contactId !== null) {
    await writeCaseEvent(client, { councilId, contactId: kase.contactId, type, on, data: { body: kase.body, reference: kase.reference, ombudsmanCaseId: kase.id, ...data } }, actor);
  } else {
    await recordAccess(client, actor, { councilId, action: 'change_ombudsman_case', detail: { numbers: { ombudsmanCase: kase.id }, codes: { step, body: kase.body } } });
  }
}

// ---- The enquiry ----

export interface NewEnquiry {
  body: OmbudsmanBody;
  ombudsmanReference: string;
  receivedOn: IsoDate;
  /** The council's complaint the Ombudsman is looking at (its reference), if known. */
  councilReference?: string | null;
  /** The complaint's stages the Ombudsman looked at. */
  stages?: number[];
}

/** Records an Ombudsman's enquiry; returns the new case's id. */
export async function recordEnquiry(db: Transactable, councilId: number, input: NewEnquiry, ctx: StepContext): Promise<number> {
  const reference = input.ombudsmanReference.trim();
  if (!reference) throw new ActionRefusedError('Enter the Ombudsman’s reference.');
  checkDate(input.receivedOn, ctx, 'The date the enquiry was received', []);
  return withinTransaction(db, async (client) => {
    let contactId: number | null = null;
    if (input.councilReference) {
      const { rows } = await client.query<{ id: string; received_on: IsoDate }>(
        'SELECT id, received_on FROM contact WHERE council_id = $1 AND reference = $2 AND duplicate_of_id IS NULL', [councilId, input.councilReference.trim()]);
      if (!rows[0]) throw new ActionRefusedError(`There is no complaint ${input.councilReference.trim()}.`);
      if (input.receivedOn < rows[0].received_on) throw new ActionRefusedError(`The enquiry cannot be before the complaint was received (${longDate(rows[0].received_on)}).`);
      contactId = Number(rows[0].id);
      const stages = input.stages ?? [];
      if (stages.length) {
        const { rows: known } = await client.query<{ stage: number }>('SELECT stage FROM complaint_stage WHERE council_id = $1 AND contact_id = $2', [councilId, contactId]);
        const missing = stages.filter((s) => !known.some((k) => Number(k.stage) === s));
        if (missing.length) throw new ActionRefusedError(`Complaint ${input.councilReference.trim()} has no stage ${missing.join(' or ')}.`);
      }
    } else if (input.stages?.length) throw new ActionRefusedError('Say which complaint the stages belong to.');
    const { rows: existing } = await client.query('SELECT 1 FROM ombudsman_case WHERE council_id = $1 AND body = $2 AND ombudsman_reference = $3', [councilId, input.body, reference]);
    if (existing.length) throw new ActionRefusedError(`An Ombudsman case with reference ${reference} is already recorded.`);
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO ombudsman_case (council_id, body, ombudsman_reference, received_on, contact_id, stages, path)
       VALUES ($1, $2, $3, $4, $5, $6, 'enquiry') RETURNING id`,
      [councilId, input.body, reference, input.receivedOn, contactId, input.stages ?? []],
    );
    const id = Number(rows[0]!.id);
    await client.query(`INSERT INTO ombudsman_step (council_id, ombudsman_case_id, step, occurred_on, actor, data) VALUES ($1, $2, 'enquiry_received', $3, $4, $5)`, [
      councilId, id, input.receivedOn, ctx.actor.name, JSON.stringify({ stages: input.stages ?? [] }),
    ]);
    await recordOnComplaintOrAudit(client, councilId, { id, body: input.body, reference, contactId }, 'ombudsman_case_recorded', 'enquiry_received', input.receivedOn, {}, ctx.actor);
    return id;
  });
}

// ---- Information the Ombudsman asks for ----

export async function requestInformation(db: Transactable, councilId: number, id: number, input: { requestedOn: IsoDate; what: string; dueOn: IsoDate }, ctx: StepContext): Promise<number> {
  return takeStep(db, councilId, id, 'request_information', input.requestedOn, ctx, async (client, kase) => {
    checkDate(input.requestedOn, ctx, 'The date of the request', [{ date: kase.receivedOn, what: 'the enquiry was received' }]);
    if (input.dueOn < input.requestedOn) throw new ActionRefusedError('The date the information is due cannot be before the request.');
    if (!input.what.trim()) throw new ActionRefusedError('Say what the Ombudsman asked for.');
    const { rows } = await client.query<{ id: string }>(
      'INSERT INTO ombudsman_information_request (council_id, ombudsman_case_id, requested_on, what, due_on) VALUES ($1, $2, $3, $4, $5) RETURNING id',
      [councilId, id, input.requestedOn, input.what.trim(), input.dueOn],
    );
    return { result: Number(rows[0]!.id), data: { dueOn: input.dueOn } };
  });
}

export async function recordInformationSent(
  db: Transactable, councilId: number, id: number, requestId: number, input: { sentOn: IsoDate; documentsSent: string }, ctx: StepContext,
): Promise<void> {
  await takeStep(db, councilId, id, 'send_information', input.sentOn, ctx, async (client) => {
    const { rows } = await client.query<{ requested_on: IsoDate; sent_on: IsoDate | null; due_on: IsoDate }>(
      'SELECT requested_on, sent_on, due_on FROM ombudsman_information_request WHERE council_id = $1 AND ombudsman_case_id = $2 AND id = $3', [councilId, id, requestId]);
    const request = rows[0];
    if (!request) throw new ActionRefusedError('There is no such request for information on this case.');
    if (request.sent_on) throw new ActionRefusedError(`The information was already sent on ${longDate(request.sent_on)}.`);
    checkDate(input.sentOn, ctx, 'The date the information was sent', [{ date: request.requested_on, what: 'it was asked for' }]);
    if (!input.documentsSent.trim()) throw new ActionRefusedError('Say which documents were sent.');
    await client.query('UPDATE ombudsman_information_request SET sent_on = $4, documents_sent = $5 WHERE council_id = $1 AND ombudsman_case_id = $2 AND id = $3', [
      councilId, id, requestId, input.sentOn, input.documentsSent.trim(),
    ]);
    return { result: undefined, data: { dueOn: request.due_on, late: input.sentOn > request.due_on ? 'yes' : 'no' } };
  });
}

// ---- Assessment, investigation, draft decision ----

/** The Ombudsman decided without investigating: the outcome in its own words (and why not, when it says). */
export async function recordAssessment(
  db: Transactable, councilId: number, id: number, input: { assessedOn: IsoDate; outcome: string; reason?: NotInvestigatedReason | null }, ctx: StepContext,
): Promise<void> {
  await takeStep(db, councilId, id, 'assess', input.assessedOn, ctx, async (client, kase) => {
    const outcome = assessmentOf(kase.body, input.outcome);
    if (!outcome) throw new ActionRefusedError('Choose one of this Ombudsman’s outcomes.');
    checkDate(input.assessedOn, ctx, 'The date of the decision', [{ date: kase.receivedOn, what: 'the enquiry was received' }]);
    const reason = outcome.reason ?? input.reason ?? null;
    if (outcome.reasonRequired && !reason) throw new ActionRefusedError('Say why the Ombudsman did not investigate.');
    await client.query(
      `UPDATE ombudsman_case SET assessed_on = $3, assessment_outcome = $4, decision = $5, decided_on = $3, path = 'assessment',
              not_investigated_reason = $6, detailed_investigation = false
        WHERE council_id = $1 AND id = $2`,
      [councilId, id, input.assessedOn, outcome.code, outcome.decision, reason],
    );
    return { result: undefined, data: { decision: outcome.decision, assessment: outcome.code, notInvestigatedReason: reason } };
  });
}

export async function startInvestigation(db: Transactable, councilId: number, id: number, input: { startedOn: IsoDate }, ctx: StepContext): Promise<void> {
  await takeStep(db, councilId, id, 'start_investigation', input.startedOn, ctx, async (client, kase) => {
    checkDate(input.startedOn, ctx, 'The date the investigation started', [{ date: kase.receivedOn, what: 'the enquiry was received' }]);
    await client.query(`UPDATE ombudsman_case SET investigation_started_on = $3, path = 'investigation', detailed_investigation = true WHERE council_id = $1 AND id = $2`, [
      councilId, id, input.startedOn,
    ]);
    return { result: undefined };
  });
}

export async function recordDraftDecision(db: Transactable, councilId: number, id: number, input: { draftOn: IsoDate; commentsDueOn: IsoDate }, ctx: StepContext): Promise<void> {
  await takeStep(db, councilId, id, 'draft_decision', input.draftOn, ctx, async (client, kase) => {
    checkDate(input.draftOn, ctx, 'The date of the draft decision', [{ date: kase.investigationStartedOn, what: 'the investigation started' }]);
    if (input.commentsDueOn < input.draftOn) throw new ActionRefusedError('Comments cannot be due before the draft decision.');
    await client.query('UPDATE ombudsman_case SET draft_decision_on = $3, draft_comments_due_on = $4 WHERE council_id = $1 AND id = $2', [
      councilId, id, input.draftOn, input.commentsDueOn,
    ]);
    return { result: undefined, data: { dueOn: input.commentsDueOn } };
  });
}

export async function recordCommentsSent(db: Transactable, councilId: number, id: number, input: { sentOn: IsoDate }, ctx: StepContext): Promise<void> {
  await takeStep(db, councilId, id, 'send_comments', input.sentOn, ctx, async (client, kase) => {
    checkDate(input.sentOn, ctx, 'The date the comments were sent', [{ date: kase.draftDecisionOn, what: 'the draft decision' }]);
    await client.query('UPDATE ombudsman_case SET draft_comments_sent_on = $3 WHERE council_id = $1 AND id = $2', [councilId, id, input.sentOn]);
    return { result: undefined };
  });
}

// ---- The final decision and its recommendations ----

export interface FinalDecision {
  decidedOn: IsoDate;
  /** Each finding in the Ombudsman's words, with what it was about. */
  findings: { code: string; summary?: string | null }[];
  satisfactoryRemedyByCouncil?: boolean;
}

export async function recordFinalDecision(db: Transactable, councilId: number, id: number, input: FinalDecision, ctx: StepContext): Promise<void> {
  await takeStep(db, councilId, id, 'final_decision', input.decidedOn, ctx, async (client, kase) => {
    checkDate(input.decidedOn, ctx, 'The date of the final decision', [
      { date: kase.investigationStartedOn, what: 'the investigation started' }, { date: kase.draftDecisionOn, what: 'the draft decision' },
    ]);
    if (!input.findings.length) throw new ActionRefusedError('Choose at least one finding.');
    const findings = input.findings.map((f) => ({ ...f, finding: findingOf(kase.body, f.code) }));
    if (findings.some((f) => !f.finding)) throw new ActionRefusedError('Choose the findings from this Ombudsman’s own list.');
    const decision = decisionOfFindings(kase.body, input.findings.map((f) => f.code))!;
    for (const f of findings) {
      await client.query('INSERT INTO ombudsman_finding (council_id, ombudsman_case_id, finding, body_finding, summary) VALUES ($1, $2, $3, $4, $5)', [
        councilId, id, f.finding!.decision, f.code, f.summary?.trim() || null,
      ]);
    }
    await client.query(
      `UPDATE ombudsman_case SET decision = $3, decided_on = $4, path = 'investigation', not_investigated_reason = NULL, detailed_investigation = true,
              satisfactory_remedy_by_council = $5
        WHERE council_id = $1 AND id = $2`,
      [councilId, id, decision, input.decidedOn, input.satisfactoryRemedyByCouncil ?? false],
    );
    return { result: undefined, data: { decision, findings: input.findings.map((f) => f.code) } };
  });
}

/** Rewrites the summary columns from the case's recommendations (so the reports and reminders count them). */
async function summariseRecommendations(client: Queryable, councilId: number, id: number) {
  const { rows } = await client.query<{ kind: string; amount: string | null; due_on: IsoDate; complied_on: IsoDate | null }>(
    'SELECT kind, amount, due_on, complied_on FROM ombudsman_recommendation WHERE council_id = $1 AND ombudsman_case_id = $2 ORDER BY id', [councilId, id]);
  const summary = recommendationSummary(rows.map((r) => ({ kind: r.kind, amount: r.amount === null ? null : Number(r.amount), dueOn: r.due_on, compliedOn: r.complied_on })));
  if (!summary) return;
  await client.query(
    `UPDATE ombudsman_case SET recommended_remedies = $3, remedy_amount = $4, compliance_due_on = $5, complied_on = $6 WHERE council_id = $1 AND id = $2`,
    [councilId, id, summary.recommendedRemedies, summary.remedyAmount, summary.complianceDueOn, summary.compliedOn],
  );
}

export interface NewRecommendation {
  kind: RemedyKind;
  description: string;
  amount?: number | null;
  dueOn: IsoDate;
}

export async function addRecommendation(db: Transactable, councilId: number, id: number, input: NewRecommendation, ctx: StepContext): Promise<number> {
  // Dated as the final decision that made it, not the day it was typed in.
  return takeStep(db, councilId, id, 'add_recommendation', (kase) => kase.decidedOn ?? ctx.today, ctx, async (client, kase) => {
    if (!input.description.trim()) throw new ActionRefusedError('Say what the Ombudsman recommended.');
    if (kase.decidedOn && input.dueOn < kase.decidedOn) throw new ActionRefusedError(`The compliance date cannot be before the final decision (${longDate(kase.decidedOn)}).`);
    if (input.amount != null && !(input.amount >= 0)) throw new ActionRefusedError('The amount cannot be less than nothing.');
    const { rows } = await client.query<{ id: string }>(
      'INSERT INTO ombudsman_recommendation (council_id, ombudsman_case_id, kind, description, amount, due_on) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
      [councilId, id, input.kind, input.description.trim(), input.amount ?? null, input.dueOn],
    );
    await summariseRecommendations(client, councilId, id);
    return { result: Number(rows[0]!.id), data: { kind: input.kind, dueOn: input.dueOn } };
  });
}

export async function recordCompliance(
  db: Transactable, councilId: number, id: number, recommendationId: number, input: { compliedOn: IsoDate; evidence: string; documentId?: number | null }, ctx: StepContext,
): Promise<{ late: boolean }> {
  return takeStep(db, councilId, id, 'record_compliance', input.compliedOn, ctx, async (client, kase) => {
    const { rows } = await client.query<{ due_on: IsoDate; complied_on: IsoDate | null; kind: string }>(
      'SELECT due_on, complied_on, kind FROM ombudsman_recommendation WHERE council_id = $1 AND ombudsman_case_id = $2 AND id = $3 FOR UPDATE', [councilId, id, recommendationId]);
    const rec = rows[0];
    if (!rec) throw new ActionRefusedError('There is no such recommendation on this case.');
    if (rec.complied_on) throw new ActionRefusedError(`Compliance with this recommendation was already recorded on ${longDate(rec.complied_on)}.`);
    checkDate(input.compliedOn, ctx, 'The date of compliance', [{ date: kase.decidedOn, what: 'the final decision' }]);
    if (!input.evidence.trim()) throw new ActionRefusedError('Say what evidence of compliance was sent to the Ombudsman.');
    if (input.documentId != null) {
      const { rows: docs } = await client.query('SELECT 1 FROM case_document WHERE council_id = $1 AND id = $2 AND contact_id = $3', [councilId, input.documentId, kase.contactId]);
      if (!docs.length) throw new ActionRefusedError('That document is not on the linked complaint.');
    }
    await client.query('UPDATE ombudsman_recommendation SET complied_on = $4, evidence = $5, document_id = $6 WHERE council_id = $1 AND ombudsman_case_id = $2 AND id = $3', [
      councilId, id, recommendationId, input.compliedOn, input.evidence.trim(), input.documentId ?? null,
    ]);
    await summariseRecommendations(client, councilId, id);
    const late = input.compliedOn > rec.due_on;
    return { result: { late }, data: { kind: rec.kind, dueOn: rec.due_on, late: late ? 'yes' : 'no' } };
  });
}
