/**
 * The case-history CSV format, v1 (docs/formats/case-history-csv.md), as data: each file's
 * columns, which are required, and what a value must look like. The validator, the
 * exporter and the error messages are all driven from these tables.
 */

export type ColumnType =
  | { kind: 'text' }
  | { kind: 'date' }
  | { kind: 'money' }
  | { kind: 'stage' }
  | { kind: 'yes_no' }
  | { kind: 'vocabulary'; values: readonly string[] }
  | { kind: 'vocabulary_list'; values: readonly string[] };

export interface ColumnSpec {
  name: string;
  /** true = every row; 'complaints' = rows whose kind is complaint. */
  required: boolean | 'complaints';
  type: ColumnType;
}

export type CaseHistoryFileName = 'contacts.csv' | 'stages.csv' | 'ombudsman.csv';

export const KINDS = ['complaint', 'compliment', 'comment', 'enquiry', 'mp_enquiry', 'councillor_enquiry'] as const;
export const CHANNELS = ['web_form', 'email', 'telephone', 'letter', 'in_person', 'social_media', 'other'] as const;
export const PROCEDURE_CODES = ['corporate', 'children_statutory', 'adults_statutory', 'public_health', 'housing'] as const;
export const ROUTES = ['formal', 'urgent', 'informal', 'service_request', 'early_resolution', 'alternative_path', 'not_eligible', 'withdrawn'] as const;
export const COMPLAINANT_GROUPS = ['service_user', 'parent', 'relative', 'carer', 'advocate', 'professional', 'mp', 'councillor', 'other'] as const;
export const ESCALATION_DECISIONS = ['accepted', 'refused'] as const;
export const STAGE_OUTCOMES = ['upheld', 'partially_upheld', 'not_upheld', 'withdrawn', 'no_written_response', 'not_known'] as const;
export const OMBUDSMAN_BODIES = ['lgsco', 'housing_ombudsman', 'psow', 'spso', 'nipso'] as const;
export const OMBUDSMAN_DECISIONS = [
  'upheld', 'not_upheld', 'closed_after_initial_enquiries', 'referred_back_for_local_resolution', 'incomplete_or_invalid',
  'advice_given', 'out_of_jurisdiction', 'maladministration', 'severe_maladministration', 'service_failure',
  'no_maladministration', 'reasonable_redress',
] as const;
export const REMEDY_KINDS = [
  'apology', 'financial_redress', 'procedure_change', 'training_guidance', 'information_advice', 'reconsidered_decision',
  'provide_service', 'other',
] as const;

/** Only these routes make a contact a complaint in statistics. */
export const COMPLAINT_ROUTES: readonly string[] = ['formal', 'urgent'];

const text = { kind: 'text' } as const;
const date = { kind: 'date' } as const;
const vocabulary = (values: readonly string[]): ColumnType => ({ kind: 'vocabulary', values });

export const CASE_HISTORY_FILES: Record<CaseHistoryFileName, { required: boolean; columns: readonly ColumnSpec[] }> = {
  'contacts.csv': {
    required: true,
    columns: [
      { name: 'reference', required: true, type: text },
      { name: 'kind', required: true, type: vocabulary(KINDS) },
      { name: 'received_on', required: true, type: date },
      { name: 'channel', required: false, type: vocabulary(CHANNELS) },
      { name: 'procedure', required: 'complaints', type: vocabulary(PROCEDURE_CODES) },
      { name: 'route', required: 'complaints', type: vocabulary(ROUTES) },
      { name: 'directorate', required: false, type: text },
      { name: 'service', required: false, type: text },
      { name: 'team', required: false, type: text },
      { name: 'workspace', required: false, type: text },
      { name: 'category', required: false, type: text },
      { name: 'complainant_group', required: false, type: vocabulary(COMPLAINANT_GROUPS) },
      { name: 'summary', required: false, type: text },
    ],
  },
  'stages.csv': {
    required: false,
    columns: [
      { name: 'reference', required: true, type: text },
      { name: 'stage', required: true, type: { kind: 'stage' } },
      { name: 'requested_on', required: false, type: date },
      { name: 'decision', required: false, type: vocabulary(ESCALATION_DECISIONS) },
      { name: 'opened_on', required: true, type: date },
      { name: 'extended_to', required: false, type: date },
      { name: 'responded_on', required: false, type: date },
      { name: 'outcome', required: false, type: vocabulary(STAGE_OUTCOMES) },
    ],
  },
  'ombudsman.csv': {
    required: false,
    columns: [
      { name: 'ombudsman_reference', required: true, type: text },
      { name: 'body', required: true, type: vocabulary(OMBUDSMAN_BODIES) },
      { name: 'received_on', required: true, type: date },
      { name: 'council_reference', required: false, type: text },
      { name: 'category', required: false, type: text },
      { name: 'detailed_investigation', required: false, type: { kind: 'yes_no' } },
      { name: 'decided_on', required: false, type: date },
      { name: 'decision', required: false, type: vocabulary(OMBUDSMAN_DECISIONS) },
      { name: 'satisfactory_remedy_by_council', required: false, type: { kind: 'yes_no' } },
      { name: 'remedies', required: false, type: { kind: 'vocabulary_list', values: REMEDY_KINDS } },
      { name: 'remedy_amount', required: false, type: { kind: 'money' } },
      { name: 'compliance_due_on', required: false, type: date },
      { name: 'complied_on', required: false, type: date },
    ],
  },
};

/** What a value of each type should look like, for error messages. */
export function describeExpected(type: ColumnType): string {
  switch (type.kind) {
    case 'text': return 'text';
    case 'date': return 'a date written YYYY-MM-DD, e.g. 2023-04-01';
    case 'money': return 'an amount in pounds, e.g. 250 or 1250.50';
    case 'stage': return 'a stage number: 1, 2 or 3';
    case 'yes_no': return 'yes or no';
    case 'vocabulary': return `one of: ${type.values.join(', ')}`;
    case 'vocabulary_list': return `values separated by semicolons, each one of: ${type.values.join(', ')}`;
  }
}
