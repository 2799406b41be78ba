import type { Queryable } from '../db/database.ts';
import type { Actor } from './actor.ts';

/**
 * What is audited besides changes to cases (those are case events): who looked at what,
 * searched, listed, exported, downloaded, drilled into a figure, ran a report, signed in
 * or out, changed settings. Stored in audit_entry, never changed or deleted by the app.
 */
export const AUDIT_ACTIONS = [
  'view_case',
  'search_cases',
  'list_cases',
  'export_cases',
  'download_document',
  'drill_down',
  'run_report',
  'view_dashboard',
  'import_case_history',
  'search_audit',
  'sign_in',
  'sign_in_failed',
  'sign_out',
  'change_settings',
  'change_account',
  'view_messages',
  'view_message',
  'retry_message',
  'post_letter',
  // Retention (issue 10)
  'run_retention',
  'anonymise_case',
  'subject_access_export',
  'list_ombudsman_cases',
  'view_ombudsman_case',
  'change_ombudsman_case',
  // The learning action plan (src/learning/): viewing it, and changing an action that has no complaint (one that has is a case event).
  'view_learning_plan',
  'change_learning_action',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export function isAuditAction(value: string): value is AuditAction {
  return (AUDIT_ACTIONS as readonly string[]).includes(value);
}

/**
 * What an entry says beyond who, what and which case. Never a resident's name and never
 * what someone typed into a search box: the names of the filters used (not their values),
 * counts, and system codes.
 */
export interface AuditDetail {
  /** Names of the filters or fields used, e.g. ['status', 'text', 'receivedFrom']: never their values. */
  filters?: readonly string[];
  /** How many cases were listed, matched, exported. */
  count?: number;
  /** Other numbers: a document's id, a page number. */
  numbers?: Readonly<Record<string, number>>;
  /**
   * Codes the system chose from its own lists, e.g. { format: 'csv', year: '2023/24', table: 'outcomes' }:
   * at most 60 characters, no spaces. Never anything a user typed.
   */
  codes?: Readonly<Record<string, string>>;
}

const NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,59}$/;
const CODE = /^[A-Za-z0-9_./:-]{1,60}$/;

/** The names of the filters that have a value: what an audit entry may say about a search. */
export function filtersUsed(filters: Readonly<Record<string, unknown>>): string[] {
  return Object.entries(filters)
    .filter(([, v]) => v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0))
    .map(([k]) => k)
    .sort();
}

/** Refuses (a programming error) a detail that could carry a name or typed text. */
function checkedDetail(detail: AuditDetail): AuditDetail {
  const allowed = new Set(['filters', 'count', 'numbers', 'codes']);
  for (const key of Object.keys(detail)) if (!allowed.has(key)) throw new Error(`An audit entry's detail cannot hold "${key}"`);
  for (const f of detail.filters ?? []) if (!NAME.test(f)) throw new Error('An audit entry names the filters used, not what was typed into them');
  if (detail.count !== undefined && !Number.isInteger(detail.count)) throw new Error('An audit entry’s count is a whole number');
  for (const [k, v] of Object.entries(detail.numbers ?? {})) {
    if (!NAME.test(k) || typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`An audit entry's number "${k}" must be a number`);
  }
  for (const [k, v] of Object.entries(detail.codes ?? {})) {
    if (!NAME.test(k) || typeof v !== 'string' || !CODE.test(v)) throw new Error(`An audit entry's code "${k}" must be a system code, not free text`);
  }
  return detail;
}

export interface AccessRecord {
  /** null before the council is known (a failed sign-in). */
  councilId: number | null;
  action: AuditAction;
  contactId?: number | null;
  detail?: AuditDetail;
}

/** Records that `actor` looked at, searched, listed, exported, downloaded or ran something. Returns the entry's id. */
export async function recordAccess(client: Queryable, actor: Actor, access: AccessRecord): Promise<number> {
  if (!isAuditAction(access.action)) throw new Error(`"${access.action}" is not an audited action`);
  const detail = checkedDetail(access.detail ?? {});
  const { rows } = await client.query<{ id: number }>(
    `INSERT INTO audit_entry (council_id, account_id, actor, action, contact_id, detail, origin, request_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [access.councilId, actor.accountId, actor.name, access.action, access.contactId ?? null, JSON.stringify(detail), actor.origin, actor.requestId ?? null],
  );
  return rows[0]!.id;
}
