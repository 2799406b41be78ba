/**
 * The case-history CSV format, v1 (docs/formats/case-history-csv.md), as data: each file's
 * columns, which are required, and what a value must look like. The validator, the
 * exporter and the error messages are all driven from these tables.
 */

import {
  COMPLAINANT_GROUPS, COMPLAINT_ROUTES as DOMAIN_COMPLAINT_ROUTES, CONTACT_FLAGS, CONTACT_KINDS, ELEMENT_OUTCOMES, ESCALATION_DECISIONS, OMBUDSMAN_BODIES,
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

/** The files of version 1; version 2 adds the rest (docs/formats/case-history-csv-v2.md). */
export const V1_FILES = ['contacts.csv', 'stages.csv', 'ombudsman.csv'] as const;
export const V2_FILES = [...V1_FILES, 'elements.csv', 'remedies.csv', 'learning_actions.csv', 'ombudsman_findings.csv', 'services.csv', 'restrictions.csv'] as const;
export type CaseHistoryFileName = (typeof V2_FILES)[number];
export type FormatVersion = 1 | 2;
/** The file a version 2 folder declares itself with: {"format": "redress-case-history", "version": 2}. */
export const FORMAT_FILE = 'format.json';

export const INTERMEDIARIES = ['advocacy_service', 'mp', 'councillor', 'solicitor', 'friend_or_relative', 'other'] as const;
export const COMPLIMENT_SOURCES = ['direct', 'survey', 'via_staff', 'via_elected_member', 'social_media', 'other'] as const;
export const OMBUDSMAN_PATHS = ['enquiry', 'assessment', 'investigation'] as const;
/**
 * What a council may restrict under its unreasonable-behaviour policy (the LGSCO's guidance on
 * managing unreasonable complainant behaviour, and the councils' own procedures): all contact
 * through one named officer; in writing only; telephone calls limited to set times or length;
 * emails limited (one address, so many a week); no meetings or visits in person; contact only
 * through a representative; no reply to further correspondence on a matter already closed.
 */
export const RESTRICTIONS = ['single_point_of_contact', 'written_contact_only', 'limited_telephone', 'limited_email', 'no_face_to_face', 'third_party_only', 'no_further_correspondence', 'other'] as const;
export const NOT_INVESTIGATED_REASONS = ['premature', 'out_of_time', 'alternative_remedy', 'no_significant_injustice', 'not_proportionate', 'out_of_jurisdiction', 'withdrawn', 'other'] as const;

// The format's vocabularies are the domain's, except channels: v1 of the format predates
// the advocate and MP-or-councillor channels, which are recorded in Redress itself.
export const KINDS = CONTACT_KINDS;
export const CHANNELS = ['web_form', 'email', 'telephone', 'letter', 'in_person', 'social_media', 'other'] as const satisfies readonly Channel[];
export { CONTACT_FLAGS, PROCEDURE_CODES, ROUTES, COMPLAINANT_GROUPS, ESCALATION_DECISIONS, STAGE_OUTCOMES, OMBUDSMAN_BODIES, OMBUDSMAN_DECISIONS, REMEDY_KINDS };

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

export interface FileSpec { required: boolean; columns: readonly ColumnSpec[] }

/** Version 1: contacts, stages and Ombudsman cases. */
export const CASE_HISTORY_FILES: Record<(typeof V1_FILES)[number], FileSpec> = {
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

const yesNo = { kind: 'yes_no' } as const;
const money = { kind: 'money' } as const;
const stage = { kind: 'stage' } as const;

/** Version 2: version 1's files with more columns, and the lists a case holds several of. */
export const CASE_HISTORY_FILES_V2: Record<CaseHistoryFileName, FileSpec> = {
  'contacts.csv': {
    required: true,
    columns: [
      ...CASE_HISTORY_FILES['contacts.csv'].columns,
      { name: 'intermediary', required: false, type: vocabulary(INTERMEDIARIES) },
      { name: 'addressed_to', required: false, type: text },
      { name: 'commissioned_provider', required: false, type: yesNo },
      { name: 'compliment_source', required: false, type: vocabulary(COMPLIMENT_SOURCES) },
      { name: 'flags', required: false, type: { kind: 'vocabulary_list', values: CONTACT_FLAGS } },
    ],
  },
  'stages.csv': CASE_HISTORY_FILES['stages.csv'],
  'ombudsman.csv': {
    required: false,
    columns: [
      ...CASE_HISTORY_FILES['ombudsman.csv'].columns,
      { name: 'path', required: false, type: vocabulary(OMBUDSMAN_PATHS) },
      { name: 'not_investigated_reason', required: false, type: vocabulary(NOT_INVESTIGATED_REASONS) },
    ],
  },
  'elements.csv': {
    required: false,
    columns: [
      { name: 'reference', required: true, type: reference },
      { name: 'stage', required: true, type: stage },
      { name: 'summary', required: true, type: longText },
      { name: 'category', required: false, type: name },
      { name: 'finding', required: false, type: vocabulary(ELEMENT_OUTCOMES) },
    ],
  },
  'remedies.csv': {
    required: false,
    columns: [
      { name: 'reference', required: true, type: reference },
      { name: 'stage', required: false, type: stage },
      { name: 'kind', required: true, type: vocabulary(REMEDY_KINDS) },
      { name: 'description', required: false, type: longText },
      { name: 'amount', required: false, type: money },
      { name: 'due_on', required: false, type: date },
      { name: 'done_on', required: false, type: date },
    ],
  },
  'learning_actions.csv': {
    required: false,
    columns: [
      { name: 'reference', required: true, type: reference },
      { name: 'stage', required: false, type: stage },
      { name: 'description', required: true, type: longText },
      { name: 'owner', required: true, type: text },
      { name: 'due_on', required: false, type: date },
      { name: 'done_on', required: false, type: date },
    ],
  },
  'ombudsman_findings.csv': {
    required: false,
    columns: [
      { name: 'ombudsman_reference', required: true, type: reference },
      { name: 'body', required: true, type: vocabulary(OMBUDSMAN_BODIES) },
      { name: 'finding', required: true, type: vocabulary(OMBUDSMAN_DECISIONS) },
      { name: 'summary', required: false, type: longText },
    ],
  },
  // A contact about several services: its main unit is in contacts.csv, the others here.
  'services.csv': {
    required: false,
    columns: [
      { name: 'reference', required: true, type: reference },
      { name: 'directorate', required: true, type: name },
      { name: 'service', required: false, type: name },
      { name: 'team', required: false, type: name },
    ],
  },
  'restrictions.csv': {
    required: false,
    columns: [
      { name: 'reference', required: true, type: reference },
      { name: 'restriction', required: true, type: vocabulary(RESTRICTIONS) },
      { name: 'imposed_on', required: true, type: date },
      { name: 'review_on', required: false, type: date },
      { name: 'lifted_on', required: false, type: date },
      { name: 'reason', required: false, type: longText },
    ],
  },
};

/** The files of a version, with their columns. */
export const filesOf = (version: FormatVersion): Partial<Record<CaseHistoryFileName, FileSpec>> =>
  version === 1 ? CASE_HISTORY_FILES : CASE_HISTORY_FILES_V2;

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
