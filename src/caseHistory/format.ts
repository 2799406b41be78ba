/**
 * The case-history CSV format, v1 (docs/formats/case-history-csv.md), as data: each file's
 * columns, which are required, and what a value must look like. The validator, the
 * exporter and the error messages are all driven from these tables.
 */

import {
  COMPLAINANT_GROUPS, COMPLAINT_ROUTES as DOMAIN_COMPLAINT_ROUTES, CONTACT_KINDS, ESCALATION_DECISIONS, OMBUDSMAN_BODIES,
  OMBUDSMAN_DECISIONS, PROCEDURE_CODES, REMEDY_KINDS, ROUTES, STAGE_OUTCOMES, type Channel,
} from '../domain/cases/vocabulary.ts';

export type ColumnType =
  /** name: a name matched against the council's lists, written one way (see text.ts). */
  | { kind: 'text'; maxLength: number; multiline?: boolean; name?: boolean }
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

// The format's vocabularies are the domain's, except channels: v1 of the format predates
// the advocate and MP-or-councillor channels, which are recorded in Redress itself.
export const KINDS = CONTACT_KINDS;
export const CHANNELS = ['web_form', 'email', 'telephone', 'letter', 'in_person', 'social_media', 'other'] as const satisfies readonly Channel[];
export { PROCEDURE_CODES, ROUTES, COMPLAINANT_GROUPS, ESCALATION_DECISIONS, STAGE_OUTCOMES, OMBUDSMAN_BODIES, OMBUDSMAN_DECISIONS, REMEDY_KINDS };

/** Only these routes make a contact a complaint in statistics. */
export const COMPLAINT_ROUTES: readonly string[] = DOMAIN_COMPLAINT_ROUTES;

// Long enough for any real value, short enough that no value can break an index (a
// PostgreSQL index entry holds about 2,700 bytes) or a screen.
const reference = { kind: 'text', maxLength: 60 } as const;
const name = { kind: 'text', maxLength: 200, name: true } as const;
const text = { kind: 'text', maxLength: 200 } as const;
const longText = { kind: 'text', maxLength: 10_000, multiline: true } as const;
const date = { kind: 'date' } as const;
const vocabulary = (values: readonly string[]): ColumnType => ({ kind: 'vocabulary', values });

export const CASE_HISTORY_FILES: Record<CaseHistoryFileName, { required: boolean; columns: readonly ColumnSpec[] }> = {
  'contacts.csv': {
    required: true,
    columns: [
      { name: 'reference', required: true, type: reference },
      { name: 'kind', required: true, type: vocabulary(KINDS) },
      { name: 'received_on', required: true, type: date },
      { name: 'channel', required: false, type: vocabulary(CHANNELS) },
      { name: 'procedure', required: 'complaints', type: vocabulary(PROCEDURE_CODES) },
      { name: 'route', required: 'complaints', type: vocabulary(ROUTES) },
      { name: 'directorate', required: false, type: name },
      { name: 'service', required: false, type: name },
      { name: 'team', required: false, type: name },
      { name: 'workspace', required: false, type: name },
      { name: 'category', required: false, type: name },
      { name: 'complainant_group', required: false, type: vocabulary(COMPLAINANT_GROUPS) },
      { name: 'summary', required: false, type: longText },
    ],
  },
  'stages.csv': {
    required: false,
    columns: [
      { name: 'reference', required: true, type: reference },
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
      { name: 'ombudsman_reference', required: true, type: reference },
      { name: 'body', required: true, type: vocabulary(OMBUDSMAN_BODIES) },
      { name: 'received_on', required: true, type: date },
      { name: 'council_reference', required: false, type: reference },
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
