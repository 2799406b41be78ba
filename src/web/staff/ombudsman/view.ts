import type { OmbudsmanStep } from '../../../domain/ombudsman/casework.ts';
import type { OmbudsmanCaseFile, OmbudsmanListRow } from '../../../ombudsman/ombudsmanCaseQueries.ts';
import { t } from '../../i18n.ts';
import { longDate } from '../case/view.ts';
import { pounds } from '../case-decisions/view.ts';

/** Turns an Ombudsman case as loaded into what its pages show: words, dates and tags. */

const K = (key: string) => `ombudsman.${key}`;

/** A form field as the step page draws it (step.njk): GOV.UK components, what was typed kept. */
export type Field =
  | { type: 'date'; name: string; legend: string; hint?: string }
  | { type: 'textarea'; name: string; label: string; hint?: string | undefined }
  | { type: 'input'; name: string; label: string; hint?: string; classes?: string; prefix?: string; inputmode?: string }
  | { type: 'radios' | 'checkboxes'; name: string; legend: string; hint?: string; items: { value: string; text: string; checked: boolean }[] }
  | { type: 'select'; name: string; label: string; hint?: string; items: { value: string; text: string; selected?: boolean }[] };

/** Each step's page, after /ombudsman/<id>/ (information and compliance are per item, from the case page). */
export const stepPath: Record<OmbudsmanStep, string> = {
  request_information: 'request-information',
  send_information: 'information',
  assess: 'assessment',
  start_investigation: 'investigation',
  draft_decision: 'draft-decision',
  send_comments: 'comments',
  final_decision: 'final-decision',
  add_recommendation: 'recommendation',
  record_compliance: 'recommendations',
};

const LATE_TAG = 'govuk-tag--red';
const COMPLIANCE_TAG: Record<string, string> = {
  due: 'govuk-tag--blue', late: LATE_TAG, complied_on_time: 'govuk-tag--green', complied_late: LATE_TAG,
};
const STATE_TAG: Record<string, string> = {
  received: 'govuk-tag--grey', investigation: 'govuk-tag--blue', draft_decision: 'govuk-tag--light-blue', closed: 'govuk-tag--green', decided: 'govuk-tag--turquoise',
};

const bodyShort = (body: string) => t(K(`shortBodies.${body}`));
const decisionText = (d: string | null) => (d ? t(K(`decisions.${d}`)) : '');

export function listRow(r: OmbudsmanListRow) {
  return {
    href: `/ombudsman/${r.id}`, reference: r.reference, body: bodyShort(r.body),
    complaint: r.councilReference, complaintHref: r.councilReference ? `/cases/${encodeURIComponent(r.councilReference)}` : null,
    received: longDate(r.receivedOn),
    stands: r.decision ? decisionText(r.decision) : t(K(`states.${r.state}`)),
    nextDue: r.nextDueOn ? longDate(r.nextDueOn) : null, late: r.nextDueLate,
  };
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const row = (key: string, text: string, html?: string) => ({ key: { text: t(K(key)) }, value: html !== undefined ? { html } : { text } });

/** What a step on the case's timeline said: its decision, its kind, its due date, whether late (codes and dates only). */
function stepDetail(k: OmbudsmanCaseFile, data: Record<string, unknown>): string {
  const str = (key: string) => (typeof data[key] === 'string' ? (data[key] as string) : null);
  const words = [
    str('assessment') ? t(K(`assessments.${k.body}.${str('assessment')}`)) : str('decision') ? decisionText(str('decision')) : null,
    str('kind') ? t(`case.remedyKinds.${str('kind')}`) : null,
    str('dueOn') ? t(K('case.dueOnDate'), { date: longDate(str('dueOn')) }) : null,
    str('late') === 'yes' ? t(K('late')) : null,
  ];
  return words.filter(Boolean).join('; ');
}

export function caseView(k: OmbudsmanCaseFile) {
  const rows = [
    row('case.ombudsman', t(K(`bodies.${k.body}`))),
    row('case.reference', k.reference),
    row('case.received', longDate(k.receivedOn)),
    k.councilReference
      ? row('case.complaint', '', `<a class="govuk-link" href="/cases/${encodeURIComponent(k.councilReference)}">${escapeHtml(k.councilReference)}</a>`)
      : row('case.complaint', t(K('notLinked'))),
    ...(k.stages.length ? [row('case.stages', t(K('case.stageList'), { stages: k.stages.join(', ') }))] : []),
    row('case.stands', t(K(`states.${k.state}`))),
    ...(k.investigationStartedOn ? [row('case.investigationStarted', longDate(k.investigationStartedOn))] : []),
    ...(k.draftDecisionOn ? [row('case.draftDecision', [longDate(k.draftDecisionOn),
      k.draftCommentsDueOn ? t(K('case.commentsDue'), { date: longDate(k.draftCommentsDueOn) }) : '',
      k.draftCommentsSentOn ? t(K('case.commentsSent'), { date: longDate(k.draftCommentsSentOn) }) : ''].filter(Boolean).join('; '))] : []),
    ...(k.assessmentOutcome ? [row('case.assessment', t(K(`assessments.${k.body}.${k.assessmentOutcome}`)))] : []),
    ...(k.notInvestigatedReason ? [row('case.reason', t(K(`reasons.${k.notInvestigatedReason}`)))] : []),
    ...(k.decision ? [row('case.decision', t(K('case.decisionOn'), { decision: decisionText(k.decision), date: longDate(k.decidedOn) }))] : []),
    // A case recorded in one go (imported) has its compliance only in the summary.
    ...(!k.recommendations.length && k.complianceDueOn ? [row('case.complianceDue', [longDate(k.complianceDueOn), k.compliedOn ? t(K('case.summaryComplied'), { date: longDate(k.compliedOn) }) : ''].filter(Boolean).join(', '))] : []),
  ];
  return {
    title: t(K('case.title'), { body: bodyShort(k.body), reference: k.reference }),
    caption: t(K('case.caption')),
    id: k.id,
    complaintHref: k.councilReference ? `/cases/${encodeURIComponent(k.councilReference)}` : null,
    councilReference: k.councilReference,
    stateTag: { text: t(K(`states.${k.state}`)), classes: STATE_TAG[k.state] },
    rows,
    due: k.due.map((d) => ({
      text: d.what === 'compliance'
        ? t(K('due.complianceWith'), { kind: t(`case.remedyKinds.${k.recommendations.find((r) => r.id === d.id)?.kind ?? 'other'}`) })
        : t(K(`due.${d.what}`)), by: t(K('due.by'), { date: longDate(d.dueOn) }), late: d.late,
      href: d.what === 'information' ? `/ombudsman/${k.id}/information/${d.id}` : d.what === 'comments' ? `/ombudsman/${k.id}/comments` : `/ombudsman/${k.id}/recommendations/${d.id}`,
    })),
    requests: k.informationRequests.map((r) => ({
      what: r.what, requestedOn: longDate(r.requestedOn), dueOn: longDate(r.dueOn), sentOn: r.sentOn ? longDate(r.sentOn) : null, documentsSent: r.documentsSent,
      late: r.late, href: r.sentOn ? null : `/ombudsman/${k.id}/information/${r.id}`,
    })),
    findings: k.findings.map((f) => ({ text: f.bodyFinding ? t(K(`findings.${k.body}.${f.bodyFinding}`)) : decisionText(f.finding), summary: f.summary })),
    recommendations: k.recommendations.map((r) => ({
      id: r.id, kind: t(`case.remedyKinds.${r.kind}`), description: r.description, amount: r.amount === null ? null : pounds(r.amount),
      dueOn: longDate(r.dueOn), compliedOn: r.compliedOn ? longDate(r.compliedOn) : null, evidence: r.evidence,
      documentHref: r.documentId !== null && k.councilReference ? `/cases/${encodeURIComponent(k.councilReference)}/documents/${r.documentId}` : null,
      tag: { text: t(K(`compliance.${r.compliance}`)), classes: COMPLIANCE_TAG[r.compliance] },
      href: r.compliedOn ? null : `/ombudsman/${k.id}/recommendations/${r.id}`,
    })),
    timeline: k.steps.map((s) => ({
      label: { text: t(K(`steps.${s.step}`)) }, byline: { text: s.actor },
      datetime: { timestamp: `${s.on}T00:00:00Z`, type: 'date' }, text: stepDetail(k, s.data),
    })),
  };
}
