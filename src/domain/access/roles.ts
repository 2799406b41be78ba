/**
 * Who may do what: the roles a council gives its staff and the permissions each carries.
 * Pure data and functions; the web app asks `can()` and the services ask it again.
 */

export const ROLES = [
  'complaints_administrator',
  'complaints_officer',
  'investigating_officer',
  'manager',
  'report_viewer',
  'system_administrator',
] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  /** Case pages, lists and search, with the people's names (within scope). */
  'view_cases',
  'log_contact',
  'triage',
  'allocate',
  /** Acknowledge, extend, stop and restart the clock, record findings, respond: handling a stage. */
  'handle_stage',
  /** Record an escalation request and accept or refuse it; start straight at stage 2. */
  'decide_escalation',
  'withdraw_reopen_close',
  'remedies_and_learning',
  'link_cases',
  'notes_and_documents',
  /** Mark a case restricted or lift it. */
  'restrict_cases',
  'view_reports',
  /** Case lists behind report figures, and case exports. */
  'drill_down',
  'export_cases',
  'view_audit',
  /** The outbox: every message and its delivery, retrying a failed one, letters to post. */
  'send_messages',
  /** Which messages are sent, their wording, and when reminders go. */
  'message_settings',
  /** Record and progress Ombudsman cases: enquiries, information requests, decisions, recommendations and compliance. */
  'ombudsman_cases',
  /** The Complaint Handling Code self-assessment: write the council's evidence for each provision. */
  'self_assessment',
  /** Records management: legal holds, subject-access exports, retention runs. */
  'records_management',
  /** The council's own set-up: organisation, users, categories, procedures, report settings, imports. */
  'administer',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const CASEWORK: Permission[] = [
  'view_cases', 'log_contact', 'triage', 'allocate', 'handle_stage', 'decide_escalation', 'withdraw_reopen_close',
  'remedies_and_learning', 'link_cases', 'notes_and_documents', 'view_reports', 'drill_down', 'export_cases',
];

export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  complaints_administrator: [...CASEWORK, 'restrict_cases', 'view_audit', 'send_messages', 'message_settings', 'ombudsman_cases', 'self_assessment', 'records_management'],
  complaints_officer: [...CASEWORK, 'send_messages', 'ombudsman_cases'],
  // Handles the stages allocated to them (see mayHandleStage); sees cases in their directorates.
  investigating_officer: ['view_cases', 'handle_stage', 'remedies_and_learning', 'notes_and_documents'],
  manager: ['view_cases', 'allocate', 'handle_stage', 'remedies_and_learning', 'notes_and_documents', 'view_reports', 'drill_down', 'export_cases'],
  // Figures only: never a name, a summary or a case page.
  report_viewer: ['view_reports'],
  system_administrator: ['administer', 'view_audit', 'view_reports', 'message_settings', 'records_management'],
};

export function permissionsOf(roles: readonly Role[]): ReadonlySet<Permission> {
  return new Set(roles.flatMap((r) => ROLE_PERMISSIONS[r]));
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/**
 * A stage's handling (acknowledge, extend, findings, respond) is for the complaints team and
 * managers of the directorate; an investigating officer who holds no other role handles only
 * the stages allocated to them.
 */
export function mayHandleStage(roles: readonly Role[], staffMemberId: number | null, allocatedTo: number | null): boolean {
  if (roles.some((r) => r === 'complaints_administrator' || r === 'complaints_officer' || r === 'manager')) return true;
  return roles.includes('investigating_officer') && staffMemberId !== null && staffMemberId === allocatedTo;
}
