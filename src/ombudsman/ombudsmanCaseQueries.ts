import type { Queryable } from '../db/database.ts';
import type { IsoDate } from '../domain/dates.ts';
import type { OmbudsmanBody } from '../domain/cases/vocabulary.ts';
import { complianceState, dueNext, ombudsmanState, type ComplianceState, type DueItem, type OmbudsmanState } from '../domain/ombudsman/casework.ts';

/** The list's tabs: open, awaiting our information, decided, compliance due, compliance late. */
export const OMBUDSMAN_TABS = ['open', 'information', 'decided', 'due', 'late'] as const;
export type OmbudsmanTab = (typeof OMBUDSMAN_TABS)[number];

// A case's compliance, per recommendation; a case recorded in one go (imported) by its summary columns.
const OUTSTANDING = (cmp: '<' | '>=') => `(
  EXISTS (SELECT 1 FROM ombudsman_recommendation r WHERE r.council_id = o.council_id AND r.ombudsman_case_id = o.id AND r.complied_on IS NULL AND r.due_on ${cmp} $2::date)
  OR (NOT EXISTS (SELECT 1 FROM ombudsman_recommendation r WHERE r.council_id = o.council_id AND r.ombudsman_case_id = o.id)
      AND o.complied_on IS NULL AND o.compliance_due_on ${cmp} $2::date))`;

const TAB_CONDITION: Record<OmbudsmanTab, string> = {
  open: 'o.decision IS NULL',
  information: `EXISTS (SELECT 1 FROM ombudsman_information_request i WHERE i.council_id = o.council_id AND i.ombudsman_case_id = o.id AND i.sent_on IS NULL)`,
  decided: 'o.decision IS NOT NULL',
  due: OUTSTANDING('>='),
  late: OUTSTANDING('<'),
};

export interface OmbudsmanListFilters {
  tab: OmbudsmanTab;
  body?: OmbudsmanBody;
  /** A reporting year, '2024/25': cases received or decided in it. */
  year?: string;
}

export interface OmbudsmanListRow {
  id: number;
  body: OmbudsmanBody;
  reference: string;
  receivedOn: IsoDate;
  councilReference: string | null;
  state: OmbudsmanState;
  decision: string | null;
  decidedOn: IsoDate | null;
  nextDueOn: IsoDate | null;
  nextDueLate: boolean;
}

/** One tab of a council's Ombudsman cases (newest first, at most `limit`), with every tab's count under the same filters. */
export async function listOmbudsmanCases(db: Queryable, councilId: number, filters: OmbudsmanListFilters, today: IsoDate, limit = 200) {
  const where = ['o.council_id = $1'];
  const params: unknown[] = [councilId, today];
  if (filters.body) {
    params.push(filters.body);
    where.push(`o.body = $${params.length}`);
  }
  if (filters.year) {
    params.push(filters.year);
    where.push(`(reporting_year(o.received_on, k.reporting_year_starts) = $${params.length} OR reporting_year(o.decided_on, k.reporting_year_starts) = $${params.length})`);
  }
  const from = `FROM ombudsman_case o JOIN council k ON k.id = o.council_id LEFT JOIN contact c ON c.council_id = o.council_id AND c.id = o.contact_id WHERE ${where.join(' AND ')}`;
  const counts = await db.query<Record<OmbudsmanTab, number>>(
    `SELECT ${OMBUDSMAN_TABS.map((t) => `count(*) FILTER (WHERE ${TAB_CONDITION[t]})::int AS ${t}`).join(', ')} ${from}`, params);
  params.push(limit);
  const { rows } = await db.query<{
    id: string; body: OmbudsmanBody; ombudsman_reference: string; received_on: IsoDate; reference: string | null; decision: string | null; decided_on: IsoDate | null;
    path: string | null; investigation_started_on: IsoDate | null; draft_decision_on: IsoDate | null; next_due_on: IsoDate | null; next_due_late: boolean | null;
  }>(
    `SELECT *, next_due_on < $2::date AS next_due_late FROM (SELECT o.id, o.body, o.ombudsman_reference, o.received_on, c.reference, o.decision, o.decided_on, o.path, o.investigation_started_on, o.draft_decision_on,
            least((SELECT min(i.due_on) FROM ombudsman_information_request i WHERE i.council_id = o.council_id AND i.ombudsman_case_id = o.id AND i.sent_on IS NULL),
                  CASE WHEN o.decision IS NULL AND o.draft_comments_sent_on IS NULL THEN o.draft_comments_due_on END,
                  (SELECT min(r.due_on) FROM ombudsman_recommendation r WHERE r.council_id = o.council_id AND r.ombudsman_case_id = o.id AND r.complied_on IS NULL),
                  CASE WHEN o.complied_on IS NULL THEN o.compliance_due_on END) AS next_due_on
       ${from} AND ${TAB_CONDITION[filters.tab]}
      ORDER BY o.received_on DESC, o.id DESC LIMIT $${params.length}) listed
      ORDER BY received_on DESC, id DESC`,
    params,
  );
  return {
    counts: counts.rows[0]!,
    rows: rows.map((r): OmbudsmanListRow => ({
      id: Number(r.id), body: r.body, reference: r.ombudsman_reference, receivedOn: r.received_on, councilReference: r.reference,
      state: ombudsmanState({ decision: r.decision, path: r.path, investigationStartedOn: r.investigation_started_on, draftDecisionOn: r.draft_decision_on, draftCommentsSentOn: null }),
      decision: r.decision, decidedOn: r.decided_on, nextDueOn: r.next_due_on, nextDueLate: r.next_due_late === true,
    })),
  };
}

/** The reporting years a council's Ombudsman cases were received or decided in, newest first (for the filter). */
export async function ombudsmanYears(db: Queryable, councilId: number): Promise<string[]> {
  const { rows } = await db.query<{ year: string }>(
    `SELECT DISTINCT y AS year FROM ombudsman_case o JOIN council k ON k.id = o.council_id,
            LATERAL (VALUES (reporting_year(o.received_on, k.reporting_year_starts)), (reporting_year(o.decided_on, k.reporting_year_starts))) v(y)
      WHERE o.council_id = $1 AND y IS NOT NULL ORDER BY y DESC`, [councilId]);
  return rows.map((r) => r.year);
}

export interface OmbudsmanCaseFile {
  id: number;
  body: OmbudsmanBody;
  reference: string;
  receivedOn: IsoDate;
  contactId: number | null;
  councilReference: string | null;
  stages: number[];
  state: OmbudsmanState;
  decision: string | null;
  decidedOn: IsoDate | null;
  path: string | null;
  assessmentOutcome: string | null;
  notInvestigatedReason: string | null;
  investigationStartedOn: IsoDate | null;
  draftDecisionOn: IsoDate | null;
  draftCommentsDueOn: IsoDate | null;
  draftCommentsSentOn: IsoDate | null;
  /** A case recorded in one go (imported): its compliance from the summary columns. */
  complianceDueOn: IsoDate | null;
  compliedOn: IsoDate | null;
  informationRequests: { id: number; requestedOn: IsoDate; what: string; dueOn: IsoDate; sentOn: IsoDate | null; documentsSent: string | null; late: boolean }[];
  findings: { finding: string; bodyFinding: string | null; summary: string | null }[];
  recommendations: {
    id: number; kind: string; description: string; amount: number | null; dueOn: IsoDate; evidence: string | null; compliedOn: IsoDate | null;
    documentId: number | null; compliance: ComplianceState;
  }[];
  steps: { step: string; on: IsoDate; actor: string; recordedAt: Date; data: Record<string, unknown> }[];
  due: DueItem[];
}

/** One Ombudsman case with its steps, findings, recommendations and what is due next; null if the council has no such case. */
export async function loadOmbudsmanCase(db: Queryable, councilId: number, id: number, today: IsoDate): Promise<OmbudsmanCaseFile | null> {
  const { rows } = await db.query<{
    id: string; body: OmbudsmanBody; ombudsman_reference: string; received_on: IsoDate; contact_id: string | null; reference: string | null; stages: number[];
    decision: string | null; decided_on: IsoDate | null; path: string | null; assessment_outcome: string | null; not_investigated_reason: string | null;
    investigation_started_on: IsoDate | null; draft_decision_on: IsoDate | null; draft_comments_due_on: IsoDate | null; draft_comments_sent_on: IsoDate | null;
    compliance_due_on: IsoDate | null; complied_on: IsoDate | null;
  }>(
    `SELECT o.id, o.body, o.ombudsman_reference, o.received_on, o.contact_id, c.reference, o.stages, o.decision, o.decided_on, o.path, o.assessment_outcome,
            o.not_investigated_reason, o.investigation_started_on, o.draft_decision_on, o.draft_comments_due_on, o.draft_comments_sent_on, o.compliance_due_on, o.complied_on
       FROM ombudsman_case o LEFT JOIN contact c ON c.council_id = o.council_id AND c.id = o.contact_id
      WHERE o.council_id = $1 AND o.id = $2`, [councilId, id]);
  const r = rows[0];
  if (!r) return null;
  const [requests, findings, recs, steps] = await Promise.all([
    db.query<{ id: string; requested_on: IsoDate; what: string; due_on: IsoDate; sent_on: IsoDate | null; documents_sent: string | null }>(
      'SELECT id, requested_on, what, due_on, sent_on, documents_sent FROM ombudsman_information_request WHERE council_id = $1 AND ombudsman_case_id = $2 ORDER BY id', [councilId, id]),
    db.query<{ finding: string; body_finding: string | null; summary: string | null }>(
      'SELECT finding, body_finding, summary FROM ombudsman_finding WHERE council_id = $1 AND ombudsman_case_id = $2 ORDER BY id', [councilId, id]),
    db.query<{ id: string; kind: string; description: string; amount: string | null; due_on: IsoDate; evidence: string | null; complied_on: IsoDate | null; document_id: string | null }>(
      'SELECT id, kind, description, amount, due_on, evidence, complied_on, document_id FROM ombudsman_recommendation WHERE council_id = $1 AND ombudsman_case_id = $2 ORDER BY id', [councilId, id]),
    db.query<{ step: string; occurred_on: IsoDate; actor: string; recorded_at: Date; data: Record<string, unknown> }>(
      'SELECT step, occurred_on, actor, recorded_at, data FROM ombudsman_step WHERE council_id = $1 AND ombudsman_case_id = $2 ORDER BY occurred_on DESC, id DESC', [councilId, id]),
  ]);
  const state = ombudsmanState({ decision: r.decision, path: r.path, investigationStartedOn: r.investigation_started_on, draftDecisionOn: r.draft_decision_on, draftCommentsSentOn: r.draft_comments_sent_on });
  const informationRequests = requests.rows.map((q) => ({
    id: Number(q.id), requestedOn: q.requested_on, what: q.what, dueOn: q.due_on, sentOn: q.sent_on, documentsSent: q.documents_sent,
    late: (q.sent_on ?? today) > q.due_on,
  }));
  const recommendations = recs.rows.map((x) => ({
    id: Number(x.id), kind: x.kind, description: x.description, amount: x.amount === null ? null : Number(x.amount), dueOn: x.due_on, evidence: x.evidence,
    compliedOn: x.complied_on, documentId: x.document_id === null ? null : Number(x.document_id), compliance: complianceState({ dueOn: x.due_on, compliedOn: x.complied_on }, today),
  }));
  return {
    id: Number(r.id), body: r.body, reference: r.ombudsman_reference, receivedOn: r.received_on, contactId: r.contact_id === null ? null : Number(r.contact_id),
    councilReference: r.reference, stages: (r.stages ?? []).map(Number), state, decision: r.decision, decidedOn: r.decided_on, path: r.path,
    assessmentOutcome: r.assessment_outcome, notInvestigatedReason: r.not_investigated_reason, investigationStartedOn: r.investigation_started_on,
    draftDecisionOn: r.draft_decision_on, draftCommentsDueOn: r.draft_comments_due_on, draftCommentsSentOn: r.draft_comments_sent_on,
    complianceDueOn: r.compliance_due_on, compliedOn: r.complied_on,
    informationRequests,
    findings: findings.rows.map((f) => ({ finding: f.finding, bodyFinding: f.body_finding, summary: f.summary })),
    recommendations,
    steps: steps.rows.map((s) => ({ step: s.step, on: s.occurred_on, actor: s.actor, recordedAt: s.recorded_at, data: s.data })),
    due: dueNext({ informationRequests, draftCommentsDueOn: r.draft_comments_due_on, draftCommentsSentOn: r.draft_comments_sent_on, state, recommendations }, today),
  };
}
