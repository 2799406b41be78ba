/**
 * The councils' fixed vocabularies for contacts and complaints (see docs/glossary.md and
 * docs/formats/case-history-csv.md). Each is an `as const` array so the same list drives
 * the type, runtime validation, CSV import errors ("allowed values: …") and form options.
 */

/** What a resident sent, before triage decides how it is handled. */
export const CONTACT_KINDS = ['complaint', 'compliment', 'comment', 'enquiry', 'mp_enquiry', 'councillor_enquiry'] as const;
export type ContactKind = (typeof CONTACT_KINDS)[number];

/** How the contact reached the council. `advocate` and `mp_or_councillor` = made on the person's behalf. */
export const CHANNELS = [
  'web_form',
  'email',
  'telephone',
  'letter',
  'in_person',
  'social_media',
  'advocate',
  'mp_or_councillor',
  'other',
] as const;
export type Channel = (typeof CHANNELS)[number];

/** The triage decision on how a contact is handled. */
export const ROUTES = [
  'formal',
  'urgent',
  'informal',
  'service_request',
  'early_resolution',
  'alternative_path',
  'not_eligible',
  'withdrawn',
] as const;
export type Route = (typeof ROUTES)[number];

/**
 * Only these routes go through the complaints procedure and count as complaints in
 * statistics; every other route is a contact resolved or redirected without it.
 */
export const COMPLAINT_ROUTES = ['formal', 'urgent'] as const satisfies readonly Route[];
export type ComplaintRoute = (typeof COMPLAINT_ROUTES)[number];

/** Why a contact took the alternative path instead of the complaints procedure. */
export const ALTERNATIVE_PATH_REASONS = [
  /** Excluded by the procedure (e.g. staff grievance, matter older than the time limit). */
  'exempt',
  /** A statutory appeal or review exists (planning, benefits, parking, school admissions). */
  'other_right_of_appeal',
  /** The matter is before a court or tribunal. */
  'legal_proceedings',
  /** Handled as a claim against the council's insurance. */
  'insurance_claim',
  /** Belongs to another process: information request, whistleblowing, safeguarding referral. */
  'other_procedure',
  /** About another organisation (school, NHS, police); the resident is signposted. */
  'other_organisation',
  'other',
] as const;
export type AlternativePathReason = (typeof ALTERNATIVE_PATH_REASONS)[number];

/** The finding recorded for a stage's response. */
export const STAGE_OUTCOMES = [
  'upheld',
  'partially_upheld',
  'not_upheld',
  'withdrawn',
  /** Legacy records: the stage ended without a written response. */
  'no_written_response',
  /** Legacy records: the outcome was never recorded. */
  'not_known',
] as const;
export type StageOutcome = (typeof STAGE_OUTCOMES)[number];

/**
 * The finding on one element (distinct issue) of a complaint. There is no "partially"
 * finding for an element: an element that is partly justified is split into elements.
 * `withdrawn` = the complainant dropped that issue; it does not count either way.
 */
export const ELEMENT_OUTCOMES = ['upheld', 'not_upheld', 'withdrawn'] as const;
export type ElementOutcome = (typeof ELEMENT_OUTCOMES)[number];

/** The decision on a request for the next stage. */
export const ESCALATION_DECISIONS = ['accepted', 'refused'] as const;
export type EscalationDecision = (typeof ESCALATION_DECISIONS)[number];

/** Who the complainant is in relation to the service. */
export const COMPLAINANT_GROUPS = [
  'service_user',
  'parent',
  'relative',
  'carer',
  'advocate',
  'professional',
  'mp',
  'councillor',
  'other',
] as const;
export type ComplainantGroup = (typeof COMPLAINANT_GROUPS)[number];

/** Markers that change how a contact is handled or who must be told about it. */
export const CONTACT_FLAGS = [
  'vulnerable_person',
  'safeguarding',
  'media_interest',
  'unreasonable_behaviour',
  'welsh_language',
] as const;
export type ContactFlag = (typeof CONTACT_FLAGS)[number];

/** Why an extension was agreed: free text, the council's own words (kept as written). */
export type ExtensionReason = string;

/** Report sections / procedure families a contact belongs to. */
export const PROCEDURE_CODES = ['corporate', 'children_statutory', 'adults_statutory', 'public_health', 'housing'] as const;
export type ProcedureCodeValue = (typeof PROCEDURE_CODES)[number];

/** What the council (or an Ombudsman's recommendation) does to put things right. */
export const REMEDY_KINDS = [
  'apology', 'financial_redress', 'procedure_change', 'training_guidance', 'information_advice', 'reconsidered_decision',
  'provide_service', 'other',
] as const;
export type RemedyKind = (typeof REMEDY_KINDS)[number];

export const OMBUDSMAN_BODIES = ['lgsco', 'housing_ombudsman', 'psow', 'spso', 'nipso'] as const;
export type OmbudsmanBody = (typeof OMBUDSMAN_BODIES)[number];

/** The Ombudsmen's decisions, including the Housing Ombudsman's own findings. */
export const OMBUDSMAN_DECISIONS = [
  'upheld', 'not_upheld', 'closed_after_initial_enquiries', 'referred_back_for_local_resolution', 'incomplete_or_invalid',
  'advice_given', 'out_of_jurisdiction', 'maladministration', 'severe_maladministration', 'service_failure',
  'no_maladministration', 'reasonable_redress',
] as const;
export type OmbudsmanDecision = (typeof OMBUDSMAN_DECISIONS)[number];

/** Runtime membership test that narrows `value` to the list's element type. */
export function isOneOf<const T extends string>(list: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (list as readonly string[]).includes(value);
}

export const isContactKind = (value: unknown): value is ContactKind => isOneOf(CONTACT_KINDS, value);
export const isChannel = (value: unknown): value is Channel => isOneOf(CHANNELS, value);
export const isRoute = (value: unknown): value is Route => isOneOf(ROUTES, value);
export const isComplaintRoute = (value: unknown): value is ComplaintRoute => isOneOf(COMPLAINT_ROUTES, value);
export const isAlternativePathReason = (value: unknown): value is AlternativePathReason =>
  isOneOf(ALTERNATIVE_PATH_REASONS, value);
export const isStageOutcome = (value: unknown): value is StageOutcome => isOneOf(STAGE_OUTCOMES, value);
export const isElementOutcome = (value: unknown): value is ElementOutcome => isOneOf(ELEMENT_OUTCOMES, value);
export const isEscalationDecision = (value: unknown): value is EscalationDecision =>
  isOneOf(ESCALATION_DECISIONS, value);
export const isComplainantGroup = (value: unknown): value is ComplainantGroup => isOneOf(COMPLAINANT_GROUPS, value);
export const isContactFlag = (value: unknown): value is ContactFlag => isOneOf(CONTACT_FLAGS, value);

/** Plain-English labels for screens and refusal messages ("partially upheld"). */
export function vocabularyLabel(value: string): string {
  return value.replaceAll('_', ' ');
}
