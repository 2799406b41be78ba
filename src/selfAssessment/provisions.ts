import type { ProcedureCode } from '../domain/procedures/types.ts';

/**
 * The Complaint Handling Codes as data: each provision with its number, the requirement in
 * brief (summarised, quoting only a few words), and the figures computed from the case
 * records that decide it (measures.ts). Two codes share one structure (sections 1–9):
 * the Housing Ombudsman's, statutory for social landlords from 1 April 2024 ("must"), and the
 * Local Government and Social Care Ombudsman's for councils ("should"), joint with it.
 * A council assesses itself against each once a year (section 8).
 */

export const CODE_KEYS = ['housing_ombudsman', 'lgsco'] as const;
export type CodeKey = (typeof CODE_KEYS)[number];
export const isCodeKey = (v: string): v is CodeKey => (CODE_KEYS as readonly string[]).includes(v);

export const MEASURE_KEYS = [
  'stage1_acknowledged', 'stage1_response', 'stage1_extension',
  'stage2_requests_accepted', 'stage2_acknowledged', 'stage2_response', 'stage2_extension',
] as const;
export type MeasureKey = (typeof MEASURE_KEYS)[number];
export const isMeasureKey = (v: string): v is MeasureKey => (MEASURE_KEYS as readonly string[]).includes(v);

export interface Provision {
  /** As the Code numbers it, e.g. '6.2'. */
  number: string;
  /** The requirement in brief. */
  requirement: string;
  /** Figures from the case records that decide whether the council meets it. */
  measures?: MeasureKey[];
}

export interface CodeSection {
  number: number;
  heading: string;
  provisions: Provision[];
}

export interface ComplaintHandlingCode {
  key: CodeKey;
  name: string;
  /** Where the text comes from, for the report's method note. */
  source: string;
  /** The complaints it covers: the procedure families whose stages the figures count. */
  procedureCodes: ProcedureCode[];
  sections: CodeSection[];
}

/** "must" for the Housing Ombudsman's statutory code, "should" for the LGSCO's. */
type Verb = 'must' | 'should';

/**
 * The provisions both codes share, with their numbers where they differ. Numbers checked
 * against the published texts: HO 6.2–6.4 and 6.10–6.13, LGSCO 6.1–6.8 and 8.1–8.3. The LGSCO
 * code's stage 1 runs to 6.8 where the HO's runs to 6.9, so its later stage provisions are
 * numbered one or two lower; those (and sections 1–5, 7 and 9 of both) follow the codes'
 * order and are worth checking against the current text when a code is revised.
 */
function sections(v: Verb, ho: boolean): CodeSection[] {
  const who = ho ? 'The landlord' : 'The council';
  const n = (hoNumber: string, lgscoNumber: string) => (ho ? hoNumber : lgscoNumber);
  return [
    {
      number: 1, heading: 'Definition of a complaint', provisions: [
        { number: '1.1', requirement: `Complaints ${v} be defined as "an expression of dissatisfaction, however made, about the standard of service, actions or lack of action" by the organisation, its staff or those acting for it.` },
        { number: '1.2', requirement: `A person ${v === 'must' ? 'does' : 'need'} not have to use the word "complaint" for it to be treated as one; a complaint through a representative is handled the same way.` },
        { number: '1.3', requirement: `${who} ${v} recognise the difference between a service request and a complaint, and say so in its policy.` },
        { number: '1.4', requirement: 'Where a service request is refused or the person remains unhappy, or further enquiries are needed, it is logged as a complaint.' },
        { number: '1.5', requirement: 'Dissatisfaction expressed in a survey is not a complaint, but the person is told how to complain.' },
      ],
    },
    {
      number: 2, heading: 'Exclusions', provisions: [
        { number: '2.1', requirement: `${who} ${v} accept a complaint unless there is a valid reason not to, set out in its policy.` },
        { number: '2.2', requirement: 'The policy sets out the circumstances in which a complaint will not be considered; these are fair and reasonable.' },
        { number: '2.3', requirement: 'Complaints made within 12 months of the matter, or of the person becoming aware of it, are accepted; later ones where reasonable.' },
        { number: '2.4', requirement: `Where a complaint is not accepted, ${ho ? 'the landlord' : 'the council'} explains why in detail and gives the right to take it to the Ombudsman.` },
        { number: '2.5', requirement: 'A complaint is not excluded unreasonably or without considering the person\'s circumstances.' },
      ],
    },
    {
      number: 3, heading: 'Accessibility and awareness', provisions: [
        { number: '3.1', requirement: 'It is easy to complain, through different channels, including to a third party.' },
        { number: '3.2', requirement: 'Duties under the Equality Act 2010 are considered and reasonable adjustments recorded and kept under review.' },
        { number: '3.3', requirement: 'A complaint is not refused because of how it was made, and escalation is not refused without a valid reason.' },
        { number: '3.4', requirement: 'The complaints policy is published in a clear, accessible format, with the self-assessment and the annual report.' },
        { number: '3.5', requirement: 'People are told about the Ombudsman\'s service and their right to go to it, throughout the process.' },
      ],
    },
    {
      number: 4, heading: ho ? 'Complaint handling staff' : 'Complaint handling resources', provisions: [
        { number: '4.1', requirement: 'A person or team has lead responsibility for complaint handling, with access to staff at every level.' },
        { number: '4.2', requirement: 'Complaint handling is resourced as a core service; staff are trained and supported.' },
        { number: '4.3', requirement: 'Complaint handlers have the right skills and authority, and are free from conflicts of interest.' },
      ],
    },
    {
      number: 5, heading: 'The complaint handling process', provisions: [
        { number: '5.1', requirement: `A single policy with two stages ${v} be in place; no extra stages.` },
        { number: '5.2', requirement: 'Each complaint is handled on its merits, independently and with an open mind.' },
        { number: '5.3', requirement: 'At each stage the organisation sets out its understanding of the complaint and the outcome sought.' },
        { number: '5.4', requirement: 'A full record is kept of the complaint, the outcome at each stage, and all correspondence.' },
        { number: '5.5', requirement: 'Complaints are resolved at the earliest possible stage; the person is kept informed and given a fair chance to respond.' },
        { number: '5.6', requirement: 'Any restriction on contact because of unreasonable behaviour is proportionate, reviewed, and follows a policy.' },
      ],
    },
    {
      number: 6, heading: 'Complaint stages', provisions: [
        { number: '6.1', requirement: 'Stage 1: processes identify which complaints can be answered at once and which need investigation.' },
        { number: '6.2', requirement: 'Stage 1 complaints are acknowledged and logged within 5 working days of being received.', measures: ['stage1_acknowledged'] },
        { number: '6.3', requirement: 'A full stage 1 response is given within 10 working days of the acknowledgement.', measures: ['stage1_response'] },
        { number: '6.4', requirement: 'Any extension is no more than 10 further working days without good reason, explained to the person.', measures: ['stage1_extension'] },
        { number: n('6.6', '6.5'), requirement: 'When told of an extension, the person is given the Ombudsman\'s details.' },
        { number: n('6.7', '6.6'), requirement: 'The response is sent when the answer is known, not when the actions are done; outstanding actions are tracked.' },
        { number: n('6.8', '6.7'), requirement: 'All points raised are addressed, with clear reasons, referring to policy, law and good practice.' },
        { number: n('6.9', '6.8'), requirement: 'The stage 1 response says, in plain language: the stage, the decision, the reasons, any remedy, outstanding actions and how to escalate.' },
        { number: n('6.10', '6.9'), requirement: 'If all or part of a complaint is not resolved at stage 1, it is progressed to stage 2 (the final response).', measures: ['stage2_requests_accepted'] },
        { number: n('6.11', '6.10'), requirement: 'Stage 2 requests are acknowledged and logged within 5 working days of the escalation request.', measures: ['stage2_acknowledged'] },
        { number: n('6.12', '6.11'), requirement: 'The person is not required to explain why they want stage 2.' },
        { number: n('6.13', '6.12'), requirement: 'The person considering stage 2 is not the one who considered stage 1.' },
        { number: n('6.15', '6.13'), requirement: 'A full stage 2 response is given within 20 working days of the acknowledgement.', measures: ['stage2_response'] },
        { number: n('6.16', '6.14'), requirement: 'Any extension is no more than 20 further working days without good reason, explained to the person.', measures: ['stage2_extension'] },
        { number: n('6.19', '6.17'), requirement: 'The stage 2 response says the stage, the decision, the reasons, any remedy, outstanding actions and how to go to the Ombudsman.' },
      ],
    },
    {
      number: 7, heading: 'Putting things right', provisions: [
        { number: '7.1', requirement: 'Where something has gone wrong, it is acknowledged and put right: an apology, an explanation, action, a financial remedy, a change of policy.' },
        { number: '7.2', requirement: 'Any remedy offered reflects the impact on the person, and is carried out promptly.' },
        { number: '7.3', requirement: 'The Ombudsman\'s guidance on remedies is taken into account.' },
      ],
    },
    {
      number: 8, heading: ho ? 'Self-assessment, reporting and compliance' : 'Performance reporting and self-assessment', provisions: [
        { number: '8.1', requirement: 'An annual complaints performance and service improvement report is produced: the self-assessment, an analysis of performance, findings of non-compliance, service improvements, and the Ombudsman\'s annual letter or reports.' },
        { number: '8.2', requirement: 'The report goes through the governing body and is published on the website, with the governing body\'s response alongside it.' },
        { number: '8.3', requirement: 'A self-assessment is also carried out after a significant restructure, merger or change of procedures.' },
        ...(ho ? [{ number: '8.4', requirement: 'Where the landlord cannot comply with the Code in exceptional circumstances, it tells the Ombudsman, residents and its regulator.' }] : []),
      ],
    },
    {
      number: 9, heading: 'Scrutiny and oversight: continuous learning and improvement', provisions: [
        { number: '9.1', requirement: 'Complaints are used to learn and improve services; a positive complaint-handling culture is promoted.' },
        { number: '9.2', requirement: 'Learning and improvements from complaints are reported back to the public, staff and scrutiny.' },
        { number: '9.3', requirement: 'Themes and trends are assessed by senior management to identify systemic issues and inform training.' },
        { number: '9.4', requirement: 'A member of the governing body has lead responsibility for complaints.' },
        { number: '9.5', requirement: 'The governing body receives regular information on complaints, the annual report and the Ombudsman\'s findings.' },
      ],
    },
  ];
}

export const CODES: Readonly<Record<CodeKey, ComplaintHandlingCode>> = {
  housing_ombudsman: {
    key: 'housing_ombudsman',
    name: 'Housing Ombudsman Complaint Handling Code',
    source: 'Housing Ombudsman Complaint Handling Code, statutory for social landlords from 1 April 2024 (Social Housing (Regulation) Act 2023), sections 1 to 9. Provisions summarised.',
    procedureCodes: ['housing'],
    sections: sections('must', true),
  },
  lgsco: {
    key: 'lgsco',
    name: 'Complaint Handling Code (Local Government and Social Care Ombudsman)',
    source: 'Local Government and Social Care Ombudsman Complaint Handling Code for councils, joint with the Housing Ombudsman (published February 2024), sections 1 to 9. Provisions summarised.',
    procedureCodes: ['corporate'],
    sections: sections('should', false),
  },
};

/** Every provision of a code, in order. */
export function provisionsOf(code: CodeKey): Provision[] {
  return CODES[code].sections.flatMap((s) => s.provisions);
}

export function findProvision(code: CodeKey, number: string): { section: CodeSection; provision: Provision } | null {
  for (const section of CODES[code].sections) {
    const provision = section.provisions.find((p) => p.number === number);
    if (provision) return { section, provision };
  }
  return null;
}

/** Which provision of a code a measure decides. */
export function provisionOfMeasure(code: CodeKey, measure: MeasureKey): Provision | null {
  return provisionsOf(code).find((p) => p.measures?.includes(measure)) ?? null;
}
