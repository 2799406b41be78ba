import type { ProcedureCode } from '../domain/procedures/types.ts';

/**
 * The Complaint Handling Codes as data: each provision with its number, the requirement in
 * brief (summarised, quoting only a few words), and the figures computed from the case
 * records that decide it (measures.ts). Two codes with the same nine sections but their own
 * numbering: the Housing Ombudsman's, statutory for social landlords from 1 April 2024 ("must"),
 * and the Local Government and Social Care Ombudsman's for councils ("should"), joint with it.
 * A council assesses itself against each once a year (section 8). Every provision of each is
 * listed; the sources are named above each list, and a provision not seen in them carries
 * `checked: false` so it can be confirmed against the Code's text before it is relied on.
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
  /** false when the number and wording were not seen in a published source (see the code's list). */
  checked?: false;
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

type Section = [number: number, heading: string, provisions: Provision[]];
const section = ([number, heading, provisions]: Section): CodeSection => ({ number, heading, provisions });
/** A provision whose number and wording were seen in a published source. */
const ok = (number: string, requirement: string, measures?: MeasureKey[]): Provision => (measures ? { number, requirement, measures } : { number, requirement });
/** A provision placed by the Code's order but not seen in any source consulted: check before relying on it. */
const unchecked = (number: string, requirement: string, measures?: MeasureKey[]): Provision => ({ ...ok(number, requirement, measures), checked: false });

/**
 * Housing Ombudsman Complaint Handling Code (2024), as listed provision by provision in councils'
 * published self-assessments (the Code's Appendix A form): South Norfolk and Broadland (sections 1,
 * 5 and 6), Slough (sections 1–6), Oxford (sections 1, 3, 5, 6, 7 and 9), Great Yarmouth (sections
 * 5 and 6). The form starts section 1 at 1.2 (1.1 is context). Provisions marked `checked: false`
 * were not visible in any of those sources and follow the Code's order and the LGSCO's parallel text.
 */
const HOUSING_OMBUDSMAN: Section[] = [
  [1, 'Definition of a complaint', [
    ok('1.2', 'A complaint must be defined as "an expression of dissatisfaction, however made, about the standard of service, actions or lack of action" by the landlord, its staff or those acting for it, affecting a resident or group of residents.'),
    ok('1.3', 'A resident need not use the word "complaint"; whenever a resident expresses dissatisfaction they must be offered the choice to complain; complaints through a third party or representative are handled under the same policy.'),
    ok('1.4', 'The policy must set out the difference between a service request and a complaint; service requests must be recorded, monitored and reviewed regularly.'),
    ok('1.5', 'A complaint must be raised when the resident is dissatisfied with the response to a service request, even while it is still being handled; work on the service request must not stop because of the complaint.'),
    unchecked('1.6', 'Dissatisfaction expressed in a survey is not a complaint, but the resident must be told how to complain.'),
  ]],
  [2, 'Exclusions', [
    ok('2.1', 'A complaint must be accepted unless there is a valid reason not to, with the reasoning evidenced; each complaint is considered on its merits.'),
    ok('2.2', 'The policy must set out, fairly and reasonably, when a matter will not be considered or escalated (e.g. over 12 months old, legal proceedings started, already considered).'),
    ok('2.3', 'Complaints within 12 months of the issue, or of the resident becoming aware of it, must be accepted; discretion to accept later ones where there is good reason.'),
    unchecked('2.4', 'Where a complaint is not accepted, a detailed explanation must be given with the right to take that decision to the Ombudsman.'),
    unchecked('2.5', 'No blanket exclusions: the individual circumstances of each complaint must be considered.'),
  ]],
  [3, 'Accessibility and awareness', [
    ok('3.1', 'It must be easy to complain through different channels; duties under the Equality Act 2010 considered and residents\' reasonable adjustments anticipated.'),
    ok('3.2', 'Residents must be able to complain in any way and to any member of staff; all staff know the process and pass complaints on.'),
    ok('3.3', 'High volumes of complaints must not be seen as a negative; low volumes may mean residents cannot complain.'),
    unchecked('3.4', 'The complaints policy must be available in a clear, accessible format, setting out the process, each stage and timescales, and published on the website.'),
    unchecked('3.5', 'The policy must explain how the landlord publicises the policy, the Ombudsman and this Code.'),
    unchecked('3.6', 'Residents must be able to have a representative deal with their complaint and be accompanied at meetings.'),
    unchecked('3.7', 'Residents must be told of their right to go to the Ombudsman and how to engage with it about their complaint.'),
  ]],
  [4, 'Complaint handling staff', [
    ok('4.1', 'A person or team (the "complaints officer") must have responsibility for complaint handling, including liaison with the Ombudsman and reporting to the governing body.'),
    ok('4.2', 'The complaints officer must have access to staff at all levels and the authority and autonomy to resolve disputes promptly and fairly.'),
    ok('4.3', 'Complaint handling is a core service, prioritised and resourced; all relevant staff suitably trained.'),
  ]],
  [5, 'The complaint handling process', [
    ok('5.1', 'A single policy must cover complaints under this Code; residents must not be treated differently if they complain.'),
    ok('5.2', 'No extra named stages (such as "stage 0" or "informal complaint").'),
    ok('5.3', 'A process with more than two stages is not acceptable under any circumstances.'),
    ok('5.4', 'A complaint handled by a third party (contractor, adjudicator) must form part of the same two-stage process; residents must not go through two processes.'),
    ok('5.5', 'The landlord is responsible for third parties handling complaints in line with the Code.'),
    ok('5.6', 'When a complaint is logged at stage 1 or escalated to stage 2, the landlord must set out its understanding of the complaint and the outcomes sought (the "complaint definition"), asking for clarification where unclear.'),
    unchecked('5.7', 'On acknowledgement, the landlord must be clear which aspects it is and is not responsible for.'),
    unchecked('5.8', 'At each stage complaint handlers must deal with the complaint on its merits, independently and with an open mind, give the resident a fair chance to set out their position, address conflicts of interest and consider all the evidence.'),
    unchecked('5.9', 'Where a response will fall outside the Code\'s timescales, agree with the resident suitable intervals for keeping them informed.'),
    unchecked('5.10', 'Reasonable adjustments under the Equality Act 2010 must be made, recorded (with any disability disclosed) and kept under active review.'),
    unchecked('5.11', 'Escalation must not be refused without valid reasons, set out clearly and in line with section 2.'),
    unchecked('5.12', 'A full record must be kept of the complaint and the outcome at each stage: the original complaint and date received, all correspondence and supporting documents.'),
    unchecked('5.13', 'A complaint must be able to be remedied at any stage without the need for escalation.'),
    unchecked('5.14', 'Policies and procedures must be in place for managing unacceptable behaviour by residents or their representatives when pursuing a complaint.'),
    unchecked('5.15', 'Any restriction on contact because of unacceptable behaviour must be proportionate and have regard to the Equality Act 2010.'),
  ]],
  [6, 'Complaints stages', [
    ok('6.1', 'Stage 1: processes identify which complaints can be answered early and which need investigation, considering complexity and whether the resident is vulnerable or at risk.'),
    ok('6.2', 'Stage 1 complaints must be acknowledged, defined and logged within 5 working days of being received.', ['stage1_acknowledged']),
    ok('6.3', 'A full stage 1 response must be issued within 10 working days of the acknowledgement.', ['stage1_response']),
    ok('6.4', 'Any extension must be decided with regard to complexity, and be no more than 10 further working days without good reason, clearly explained to the resident.', ['stage1_extension']),
    ok('6.5', 'When told of an extension, the resident must be given the Ombudsman\'s contact details.'),
    ok('6.6', 'The response must be sent when the answer is known, not when outstanding actions are complete; those actions are tracked with updates to the resident.'),
    unchecked('6.7', 'All points raised must be addressed with clear reasons, referring to policy, law and good practice.'),
    unchecked('6.8', 'Related issues raised during stage 1 are included in the response; unrelated ones, or ones that would unreasonably delay it, are logged as a new complaint.'),
    unchecked('6.9', 'The stage 1 response must set out, in clear language: the stage, the complaint definition, the decision, reasons, any remedy, outstanding actions and how to escalate.'),
    ok('6.10', 'If all or part of the complaint is not resolved at stage 1, it must be progressed to stage 2, the landlord\'s final response.', ['stage2_requests_accepted']),
    ok('6.11', 'Stage 2 requests must be acknowledged, defined and logged within 5 working days of the escalation request.', ['stage2_acknowledged']),
    ok('6.12', 'Residents must not be required to explain why they want stage 2; the landlord makes reasonable efforts to understand why they remain unhappy.'),
    ok('6.13', 'The person considering stage 2 must not be the one who considered stage 1.'),
    unchecked('6.14', 'A final stage 2 response must be issued within 20 working days of the acknowledgement.', ['stage2_response']),
    unchecked('6.15', 'Any stage 2 extension must be no more than 20 further working days without good reason, clearly explained to the resident.', ['stage2_extension']),
    unchecked('6.16', 'When told of a stage 2 extension, the resident must be given the Ombudsman\'s contact details.'),
    unchecked('6.17', 'The stage 2 response is sent when the answer is known; outstanding actions are tracked with updates.'),
    unchecked('6.18', 'All points raised at stage 2 must be addressed with clear reasons, referring to policy, law and good practice.'),
    unchecked('6.19', 'The stage 2 response must set out the stage, complaint definition, decision, reasons, any remedy, outstanding actions and how to go to the Ombudsman.'),
    unchecked('6.20', 'Stage 2 is the landlord\'s final response and involves all suitable staff needed to give it.'),
  ]],
  [7, 'Putting things right', [
    ok('7.1', 'Where something has gone wrong the landlord must acknowledge it and set out what it has done or will do to put it right (apology, explanation, action on delay, changed decision, corrected record, financial remedy, changed policy).'),
    ok('7.2', 'Any remedy must reflect the impact on the resident of the fault identified.'),
    ok('7.3', 'The remedy offer must say what will happen and by when, agreed with the resident where appropriate, and be followed through to completion.'),
    ok('7.4', 'The Ombudsman\'s guidance must be taken into account when deciding remedies.'),
  ]],
  [8, 'Self-assessment, reporting and compliance', [
    unchecked('8.1', 'An annual complaints performance and service improvement report: the self-assessment, analysis of performance (with complaints refused), non-compliance findings, service improvements, and the Ombudsman\'s annual letter and reports.'),
    unchecked('8.2', 'The report goes to the governing body and is published on the complaints section of the website, with the governing body\'s response alongside it.'),
    unchecked('8.3', 'A self-assessment is also carried out after a significant restructure, merger or change of procedures.'),
    unchecked('8.4', 'Where the landlord cannot comply with the Code in exceptional circumstances, it tells the Ombudsman and residents, publishes this and says when it will comply again.'),
  ]],
  [9, 'Scrutiny and oversight: continuous learning and improvement', [
    ok('9.1', 'Look beyond the individual complaint and consider what service improvements can be made from the learning.'),
    ok('9.2', 'Complaints must be used as a source of intelligence to identify issues and improve service delivery, as part of a positive complaint handling culture.'),
    ok('9.3', 'Wider learning and improvements from complaints must be reported back to stakeholders such as residents\' panels, staff and committees.'),
    unchecked('9.4', 'A suitably senior lead person oversees complaint handling performance, assessing themes and trends for systemic issues and risks.'),
    unchecked('9.5', 'A member of the governing body is appointed Member Responsible for Complaints (MRC), with lead responsibility for complaints.'),
    unchecked('9.6', 'The MRC receives regular information on complaint handling performance, with access to suitable information and staff.'),
    unchecked('9.7', 'As a minimum the MRC and governing body receive regular updates on volumes, categories, outcomes and performance, reviews of issues and trends, and the annual report.'),
    unchecked('9.8', 'Relevant staff and third parties have a standard objective on complaint handling that promotes collaboration, cooperation and learning.'),
  ]],
];

/**
 * LGSCO Complaint Handling Code for councils ("should" version), from the LGSCO's own published
 * text, www.lgo.org.uk/…/complaint-handling-code (parts 2–10: sections 1, 2, 3, 5 (to 5.7), 6 (to 6.8),
 * 7, 8 and 9 seen). Provisions marked `checked: false` were not visible there (section 4, the end of
 * section 5, stage 2) and follow the Code's order and the Housing Ombudsman's parallel text.
 */
const LGSCO: Section[] = [
  [1, 'Definition of a service request and complaint', [
    ok('1.1', 'Complaint handling starts from a shared understanding of what is a service request and what is a complaint; most things can be put right through normal service delivery.'),
    ok('1.2', 'A service request may be defined as "a request that the organisation provides or improves a service, fixes a problem or reconsiders a decision".'),
    ok('1.3', 'Service requests give the organisation a chance to resolve matters before they become a complaint.'),
    ok('1.4', 'A complaint may be defined as "an expression of dissatisfaction, however made, about the standard of service, actions or lack of action" by the organisation, its staff or those acting for it.'),
    ok('1.5', 'An individual should not have to use the word "complaint"; complaints through a third party or representative are handled under the same policy.'),
    ok('1.6', 'The difference between a service request and a complaint should be recognised and set out in the complaints policy.'),
    ok('1.7', 'A complaint may be raised when the individual is dissatisfied with the response to a service request, even while it is ongoing; work on the request should not stop.'),
    ok('1.8', 'Service requests should be recorded, monitored and reviewed regularly.'),
  ]],
  [2, 'Exclusions', [
    ok('2.1', 'A complaint should be accepted unless there is a valid reason not to, with the reasoning evidenced; each complaint considered on its merits.'),
    ok('2.2', 'Complaints within 12 months of the issue, or of the individual becoming aware of it, should be accepted; discretion for later ones where there is good reason.'),
    ok('2.3', 'The policy should set out, reasonably, when a matter will not be considered or escalated, without denying access to redress.'),
    ok('2.4', 'Where a complaint is not accepted, the reasons should be explained with the right to take that decision to the Ombudsman.'),
    ok('2.5', 'No blanket approach to exclusions: the individual circumstances of each complaint should be considered.'),
  ]],
  [3, 'Accessibility and awareness', [
    ok('3.1', 'It should be easy to complain through different channels; Equality Act 2010 duties must be considered and reasonable adjustments anticipated.'),
    ok('3.2', 'Individuals should be able to complain in any way and to any member of staff; all staff know the process and pass complaints on.'),
    ok('3.3', 'High volumes of complaints should not be seen as a negative; low volumes may mean people cannot complain.'),
    ok('3.4', 'The complaints policy should be clear and accessible, set out the process, stages and timescales, and be published on the website.'),
    ok('3.5', 'The policy should explain how the organisation publicises it, the Ombudsman and this Code.'),
    ok('3.6', 'Individuals should be able to have a representative deal with their complaint and be represented or accompanied at meetings.'),
    ok('3.7', 'Individuals should be told of their right to go to the Ombudsman and how to engage with it.'),
    ok('3.8', 'Where feedback is sought through a survey, details of how to complain should be given.'),
  ]],
  [4, 'Complaint handling staff', [
    unchecked('4.1', 'A person or team should have responsibility for complaint handling, including liaison with the Ombudsman and reporting through governance arrangements.'),
    unchecked('4.2', 'That person or team should have access to staff at all levels and the authority and autonomy to resolve complaints promptly and fairly.'),
    unchecked('4.3', 'Complaint handling should be prioritised and resourced as a core service, with relevant staff suitably trained.'),
  ]],
  [5, 'The complaint handling process', [
    ok('5.1', 'A single policy should cover complaints under the Code.'),
    ok('5.2', 'No extra named stages (such as "stage 0" or "informal complaint").'),
    ok('5.3', 'Whenever dissatisfaction could be a complaint, the individual should be given the opportunity to complain, recognising they may fear it affects their services.'),
    ok('5.4', 'The person responding should clarify unclear aspects, deal with the complaint on its merits, independently and with an open mind, give a fair chance to respond, address conflicts of interest and weigh all the evidence.'),
    ok('5.5', 'Where a response will fall outside the Code\'s timescales, the individual should be told when it will come and why.'),
    ok('5.6', 'Reasonable adjustments must be made where appropriate under the Equality Act 2010, recorded and kept under active review.'),
    ok('5.7', 'Escalation should not be refused without valid reasons, set out clearly and in line with section 2.'),
    unchecked('5.8', 'A full record should be kept of the complaint, the outcome at each stage and all correspondence and supporting documents.'),
    unchecked('5.9', 'A complaint should be able to be remedied at any stage without the need for escalation.'),
    unchecked('5.10', 'Policies should be in place for managing unacceptable behaviour when pursuing a complaint.'),
    unchecked('5.11', 'Any restriction on contact because of unacceptable behaviour should be proportionate and have regard to the Equality Act 2010.'),
  ]],
  [6, 'Complaints stages', [
    ok('6.1', 'Stage 1: processes identify which complaints can be answered early and which need more consideration, considering complexity and vulnerability.'),
    ok('6.2', 'Stage 1 complaints should be acknowledged and logged within 5 working days of being received.', ['stage1_acknowledged']),
    ok('6.3', 'A full stage 1 response should be given within 10 working days of the acknowledgement.', ['stage1_response']),
    ok('6.4', 'Any extension should be decided with regard to complexity, and be no more than 10 further working days without good reason, clearly explained.', ['stage1_extension']),
    ok('6.5', 'When told of an extension, the individual should be given the relevant Ombudsman\'s details.'),
    ok('6.6', 'The response should be sent when the answer is known, not when outstanding actions are complete; those actions are tracked with updates.'),
    ok('6.7', 'All points raised should be addressed with clear reasons, referring to policy, law and good practice, and clear about what the organisation is and is not responsible for.'),
    ok('6.8', 'At the end of stage 1 the organisation should give details in writing of the decision, reasons, any remedy, outstanding actions and how to escalate.'),
    unchecked('6.9', 'If all or part of the complaint is not resolved at stage 1, it should be progressed to stage 2.', ['stage2_requests_accepted']),
    unchecked('6.10', 'Stage 2 requests should be acknowledged and logged within 5 working days of the escalation request.', ['stage2_acknowledged']),
    unchecked('6.11', 'Individuals should not be required to explain why they want stage 2.'),
    unchecked('6.12', 'The person considering stage 2 should not be the one who considered stage 1.'),
    unchecked('6.13', 'A final stage 2 response should be given within 20 working days of the acknowledgement.', ['stage2_response']),
    unchecked('6.14', 'Any stage 2 extension should be no more than 20 further working days without good reason, clearly explained.', ['stage2_extension']),
    unchecked('6.15', 'When told of a stage 2 extension, the individual should be given the relevant Ombudsman\'s details.'),
    unchecked('6.16', 'The stage 2 response is sent when the answer is known; outstanding actions are tracked with updates.'),
    unchecked('6.17', 'All points raised at stage 2 should be addressed with clear reasons.'),
    unchecked('6.18', 'The stage 2 response should set out the decision, reasons, any remedy, outstanding actions and how to go to the Ombudsman.'),
  ]],
  [7, 'Putting things right', [
    ok('7.1', 'Where something has gone wrong the organisation should acknowledge it and set out what it has done or will do to put it right (apology, explanation, action on delay, changed decision, corrected record, financial remedy, changed policy).'),
    ok('7.2', 'Any remedy should reflect the impact on the individual of the fault identified.'),
    ok('7.3', 'The remedy offer should say what will happen and by when, agreed where appropriate, and be followed through to completion.'),
    ok('7.4', 'If a remedy cannot be delivered, the individual should be told why, offered any alternative and reminded of their right to go to the Ombudsman.'),
    ok('7.5', 'The Ombudsman\'s good practice guides should be taken into account when deciding remedies.'),
  ]],
  [8, 'Performance reporting and self-assessment', [
    ok('8.1', 'An annual complaints performance and service improvement report: the self-assessment, analysis of performance (with complaints refused), non-compliance findings, service improvements, and the Ombudsman\'s annual letter and reports.'),
    ok('8.2', 'The report goes through the governance arrangements and is published on the complaints section of the website, with the response alongside it.'),
    ok('8.3', 'A self-assessment is also carried out after a significant restructure, merger or change of procedures.'),
  ]],
  [9, 'Scrutiny and oversight: continuous learning and improvement', [
    ok('9.1', 'Look beyond the individual complaint and consider what service improvements can be made from the learning.'),
    ok('9.2', 'Complaints should be used as a source of intelligence to identify issues and improve service delivery.'),
    ok('9.3', 'Wider learning and improvements should be reported back to stakeholders such as citizens\' panels, staff and committees.'),
    ok('9.4', 'A suitably senior person should oversee complaint handling performance, assessing themes and trends for systemic issues, risks and policies needing revision.'),
    ok('9.5', 'Lead responsibility for complaints should be assigned in governance arrangements: the Member Responsible for Complaints (an individual or committee).'),
    ok('9.6', 'The Member should receive regular information on complaint handling performance, with access to suitable information and staff.'),
    ok('9.7', 'As a minimum the Member should receive regular updates on volumes, categories, outcomes and performance, reviews of issues and trends, and the annual report.'),
  ]],
];

export const CODES: Readonly<Record<CodeKey, ComplaintHandlingCode>> = {
  housing_ombudsman: {
    key: 'housing_ombudsman',
    name: 'Housing Ombudsman Complaint Handling Code',
    source: 'Housing Ombudsman Complaint Handling Code, statutory for social landlords from 1 April 2024 (Social Housing (Regulation) Act 2023), sections 1 to 9. Provisions summarised; section 1 starts at 1.2 as on the Code\'s self-assessment form. Provisions marked unchecked were not seen in the sources consulted.',
    procedureCodes: ['housing'],
    sections: HOUSING_OMBUDSMAN.map(section),
  },
  lgsco: {
    key: 'lgsco',
    name: 'Complaint Handling Code (Local Government and Social Care Ombudsman)',
    source: 'Local Government and Social Care Ombudsman Complaint Handling Code for councils, joint with the Housing Ombudsman (published February 2024), sections 1 to 9. Provisions summarised.',
    procedureCodes: ['corporate'],
    sections: LGSCO.map(section),
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
