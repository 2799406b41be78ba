/**
 * An Ombudsman case as casework, pure: the state a case is in (from its dated steps), the
 * steps allowed from each state with the reason a step is refused, each Ombudsman's own
 * words for its assessments and findings, and how those words map onto the shared
 * decision vocabulary the annual report counts (report_ombudsman: upheld = fault found).
 * No I/O and no clock: "today" arrives as an argument.
 */
import type { IsoDate } from '../dates.ts';
import type { OmbudsmanBody, OmbudsmanDecision } from '../cases/vocabulary.ts';

/** Why an Ombudsman did not investigate (the case-history format's list). */
export const NOT_INVESTIGATED_REASONS = [
  'premature', 'out_of_time', 'alternative_remedy', 'no_significant_injustice', 'not_proportionate', 'out_of_jurisdiction', 'withdrawn', 'other',
] as const;
export type NotInvestigatedReason = (typeof NOT_INVESTIGATED_REASONS)[number];

/**
 * Where a case stands:
 * - received: the enquiry is with the Ombudsman's assessment team;
 * - investigation: the Ombudsman is investigating;
 * - draft_decision: a draft decision has been shared for comments;
 * - closed: decided at assessment without an investigation (closed after initial enquiries, premature, out of jurisdiction…);
 * - decided: a final decision after investigation (findings, then recommendations and compliance).
 */
export const OMBUDSMAN_STATES = ['received', 'investigation', 'draft_decision', 'closed', 'decided'] as const;
export type OmbudsmanState = (typeof OMBUDSMAN_STATES)[number];

export const OMBUDSMAN_STEPS = [
  'request_information', 'send_information', 'assess', 'start_investigation', 'draft_decision', 'send_comments',
  'final_decision', 'add_recommendation', 'record_compliance',
] as const;
export type OmbudsmanStep = (typeof OMBUDSMAN_STEPS)[number];

/** What the state is worked out from (the summary columns and the dated steps). */
export interface OmbudsmanFacts {
  decision: string | null;
  path: string | null;
  investigationStartedOn: IsoDate | null;
  draftDecisionOn: IsoDate | null;
  draftCommentsSentOn: IsoDate | null;
}

export function ombudsmanState(f: OmbudsmanFacts): OmbudsmanState {
  if (f.decision) return f.path === 'assessment' || f.path === 'enquiry' ? 'closed' : 'decided';
  if (f.draftDecisionOn) return 'draft_decision';
  if (f.investigationStartedOn) return 'investigation';
  return 'received';
}

const FROM: Record<OmbudsmanStep, readonly OmbudsmanState[]> = {
  request_information: ['received', 'investigation', 'draft_decision'],
  send_information: ['received', 'investigation', 'draft_decision', 'closed', 'decided'],
  assess: ['received'],
  start_investigation: ['received'],
  draft_decision: ['investigation'],
  send_comments: ['draft_decision'],
  final_decision: ['investigation', 'draft_decision'],
  add_recommendation: ['decided'],
  record_compliance: ['decided'],
};

const WHY_NOT: Record<OmbudsmanState, string> = {
  received: 'The Ombudsman has not started an investigation or made a decision on this case yet.',
  investigation: 'The Ombudsman is investigating this case: it is past its assessment.',
  draft_decision: 'The Ombudsman has already issued a draft decision on this case.',
  closed: 'The Ombudsman closed this case at assessment, without investigating.',
  decided: 'The Ombudsman has already made its final decision on this case.',
};

/** null when the step may be taken now; else why not, in words for a complaints officer. */
export function stepRefusal(state: OmbudsmanState, step: OmbudsmanStep, facts?: Partial<OmbudsmanFacts>): string | null {
  if (!FROM[step].includes(state)) {
    if (step === 'send_comments' && state !== 'decided' && state !== 'closed') return 'There is no draft decision to comment on.';
    if (step === 'draft_decision' && state === 'received') return 'A draft decision comes after an investigation: record that the Ombudsman started investigating first.';
    if (step === 'final_decision' && state === 'received') return 'A final decision comes after an investigation: record the investigation first, or record the assessment if the Ombudsman decided not to investigate.';
    if (step === 'add_recommendation' || step === 'record_compliance') return 'Recommendations come with the Ombudsman’s final decision after an investigation, which this case does not have.';
    return WHY_NOT[state];
  }
  if (step === 'send_comments' && facts?.draftCommentsSentOn) return 'The council’s comments on the draft decision are already recorded.';
  return null;
}

/** The steps that may be taken now, in the order a case goes. */
export function stepsAllowed(state: OmbudsmanState, facts?: Partial<OmbudsmanFacts>): OmbudsmanStep[] {
  return OMBUDSMAN_STEPS.filter((s) => s !== 'send_information' && s !== 'record_compliance' && stepRefusal(state, s, facts) === null);
}

// ---- Each Ombudsman's own words ----

/** An assessment outcome (a decision without an investigation) in an Ombudsman's words. */
export interface AssessmentOutcome {
  code: string;
  /** What the reports count it as. */
  decision: OmbudsmanDecision;
  /** The reason it was not investigated, when the outcome says it; else the officer chooses one (or none). */
  reason?: NotInvestigatedReason;
  /** The officer must say why it was not investigated. */
  reasonRequired?: boolean;
}

/** A finding of a final decision in an Ombudsman's words, and what the reports count it as. */
export interface Finding {
  code: string;
  decision: OmbudsmanDecision;
}

interface BodyWords {
  assessments: readonly AssessmentOutcome[];
  findings: readonly Finding[];
}

/**
 * Each Ombudsman's outcomes. LGSCO: a case is "upheld" when it finds fault (with or without
 * injustice); the Housing Ombudsman determines maladministration (severe, ordinary), service
 * failure, no maladministration, reasonable redress, or outside jurisdiction; the PSOW, SPSO
 * and NIPSO uphold a complaint in whole or in part, or not, and close others early
 * (premature, out of jurisdiction, early resolution / settlement, not taken forward).
 */
export const OMBUDSMAN_WORDS: Record<OmbudsmanBody, BodyWords> = {
  lgsco: {
    assessments: [
      { code: 'closed_after_initial_enquiries', decision: 'closed_after_initial_enquiries' },
      { code: 'not_investigated', decision: 'closed_after_initial_enquiries', reasonRequired: true },
      { code: 'referred_back_premature', decision: 'referred_back_for_local_resolution', reason: 'premature' },
      { code: 'incomplete_or_invalid', decision: 'incomplete_or_invalid' },
      { code: 'advice_given', decision: 'advice_given' },
    ],
    findings: [
      { code: 'fault_and_injustice', decision: 'upheld' },
      { code: 'fault_no_injustice', decision: 'upheld' },
      { code: 'no_fault', decision: 'not_upheld' },
    ],
  },
  housing_ombudsman: {
    assessments: [
      { code: 'premature', decision: 'referred_back_for_local_resolution', reason: 'premature' },
      { code: 'outside_jurisdiction', decision: 'out_of_jurisdiction', reason: 'out_of_jurisdiction' },
      { code: 'not_investigated', decision: 'closed_after_initial_enquiries', reasonRequired: true },
    ],
    findings: [
      { code: 'severe_maladministration', decision: 'severe_maladministration' },
      { code: 'maladministration', decision: 'maladministration' },
      { code: 'service_failure', decision: 'service_failure' },
      { code: 'reasonable_redress', decision: 'reasonable_redress' },
      { code: 'no_maladministration', decision: 'no_maladministration' },
      { code: 'outside_jurisdiction', decision: 'out_of_jurisdiction' },
    ],
  },
  psow: {
    assessments: [
      { code: 'premature', decision: 'referred_back_for_local_resolution', reason: 'premature' },
      { code: 'out_of_jurisdiction', decision: 'out_of_jurisdiction', reason: 'out_of_jurisdiction' },
      { code: 'early_resolution', decision: 'closed_after_initial_enquiries', reason: 'alternative_remedy' },
      { code: 'closed_after_initial_consideration', decision: 'closed_after_initial_enquiries', reasonRequired: true },
    ],
    findings: [
      { code: 'upheld', decision: 'upheld' },
      { code: 'partly_upheld', decision: 'upheld' },
      { code: 'not_upheld', decision: 'not_upheld' },
    ],
  },
  spso: {
    assessments: [
      { code: 'premature', decision: 'referred_back_for_local_resolution', reason: 'premature' },
      { code: 'out_of_jurisdiction', decision: 'out_of_jurisdiction', reason: 'out_of_jurisdiction' },
      { code: 'resolved', decision: 'closed_after_initial_enquiries', reason: 'alternative_remedy' },
      { code: 'not_taken_forward', decision: 'closed_after_initial_enquiries', reasonRequired: true },
    ],
    findings: [
      { code: 'upheld', decision: 'upheld' },
      { code: 'not_upheld', decision: 'not_upheld' },
    ],
  },
  nipso: {
    assessments: [
      { code: 'premature', decision: 'referred_back_for_local_resolution', reason: 'premature' },
      { code: 'out_of_jurisdiction', decision: 'out_of_jurisdiction', reason: 'out_of_jurisdiction' },
      { code: 'settled', decision: 'closed_after_initial_enquiries', reason: 'alternative_remedy' },
      { code: 'not_accepted', decision: 'closed_after_initial_enquiries', reasonRequired: true },
    ],
    findings: [
      { code: 'maladministration', decision: 'upheld' },
      { code: 'partly_upheld', decision: 'upheld' },
      { code: 'not_upheld', decision: 'not_upheld' },
    ],
  },
};

export const assessmentOf = (body: OmbudsmanBody, code: string) => OMBUDSMAN_WORDS[body].assessments.find((a) => a.code === code) ?? null;
export const findingOf = (body: OmbudsmanBody, code: string) => OMBUDSMAN_WORDS[body].findings.find((f) => f.code === code) ?? null;

/** Most serious first: the case's one decision is its most serious finding. */
const SERIOUSNESS: readonly OmbudsmanDecision[] = [
  'severe_maladministration', 'maladministration', 'service_failure', 'upheld', 'reasonable_redress', 'no_maladministration', 'not_upheld', 'out_of_jurisdiction',
];

/** The one decision a final decision is counted as: its most serious finding. */
export function decisionOfFindings(body: OmbudsmanBody, codes: readonly string[]): OmbudsmanDecision | null {
  const decisions = codes.map((c) => findingOf(body, c)?.decision).filter((d): d is OmbudsmanDecision => !!d);
  return [...SERIOUSNESS].find((d) => decisions.includes(d)) ?? decisions[0] ?? null;
}

// ---- Recommendations and what is due ----

export type ComplianceState = 'due' | 'late' | 'complied_on_time' | 'complied_late';

export function complianceState(r: { dueOn: IsoDate; compliedOn: IsoDate | null }, today: IsoDate): ComplianceState {
  if (r.compliedOn) return r.compliedOn > r.dueOn ? 'complied_late' : 'complied_on_time';
  return today > r.dueOn ? 'late' : 'due';
}

/**
 * The summary columns of ombudsman_case from its recommendations: the kinds recommended, the
 * money, the latest compliance date, and when the last one was complied with (null while any is outstanding).
 */
export function recommendationSummary(recs: readonly { kind: string; amount: number | null; dueOn: IsoDate; compliedOn: IsoDate | null }[]) {
  if (!recs.length) return null;
  const kinds = [...new Set(recs.map((r) => r.kind))];
  const amounts = recs.map((r) => r.amount).filter((a): a is number => a !== null);
  const latest = (ds: IsoDate[]) => ds.reduce((a, b) => (b > a ? b : a));
  const allComplied = recs.every((r) => r.compliedOn);
  return {
    recommendedRemedies: kinds,
    remedyAmount: amounts.length ? amounts.reduce((a, b) => a + b, 0) : null,
    complianceDueOn: latest(recs.map((r) => r.dueOn)),
    compliedOn: allComplied ? latest(recs.map((r) => r.compliedOn!)) : null,
  };
}

/** One thing the council owes the Ombudsman, with its deadline. */
export interface DueItem {
  what: 'information' | 'comments' | 'compliance';
  id: number | null;
  dueOn: IsoDate;
  late: boolean;
}

/** What the council must do next on a case, soonest first. */
export function dueNext(
  c: { informationRequests: readonly { id: number; dueOn: IsoDate; sentOn: IsoDate | null }[]; draftCommentsDueOn: IsoDate | null; draftCommentsSentOn: IsoDate | null;
    state: OmbudsmanState; recommendations: readonly { id: number; dueOn: IsoDate; compliedOn: IsoDate | null }[] },
  today: IsoDate,
): DueItem[] {
  const items: DueItem[] = [
    ...c.informationRequests.filter((r) => !r.sentOn).map((r) => ({ what: 'information' as const, id: r.id, dueOn: r.dueOn, late: today > r.dueOn })),
    ...(c.state === 'draft_decision' && c.draftCommentsDueOn && !c.draftCommentsSentOn
      ? [{ what: 'comments' as const, id: null, dueOn: c.draftCommentsDueOn, late: today > c.draftCommentsDueOn }] : []),
    ...c.recommendations.filter((r) => !r.compliedOn).map((r) => ({ what: 'compliance' as const, id: r.id, dueOn: r.dueOn, late: today > r.dueOn })),
  ];
  return items.sort((a, b) => (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : 0));
}
