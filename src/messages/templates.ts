/**
 * Every message Redress sends, by its template key. The wording (subject and body, in
 * English and, for residents, Welsh) is in src/messages/wording/<language>.json, in GOV.UK
 * Notify's style: ((placeholder)) for a value, a blank line between paragraphs, "* " for a
 * list item. A council can switch a message off and write its own wording (message_wording).
 */
export const RESIDENT_TEMPLATES = [
  'acknowledgement',
  'extension',
  'response_sent',
  'escalation_accepted',
  'escalation_refused',
  'compliment_thanks',
  /** A one-time link to track a complaint on the public pages (issue 9), sent when a resident asks for one. */
  'tracking_link',
  /** The confirmation of a complaint or comment sent through the public pages (issue 9): its reference and what happens next. */
  'contact_received',
] as const;

export const STAFF_TEMPLATES = [
  'allocation',
  'reminder_before',
  'reminder_due_today',
  'reminder_overdue',
  'overdue_to_manager',
  'escalation_awaiting',
  'remedy_due',
  'learning_action_due',
  'ombudsman_compliance_due',
  'digest_officer',
  'digest_directorate',
  /** To the complaints team: a contact came in through the public pages (issue 9). */
  'new_web_contact',
] as const;

export type ResidentTemplate = (typeof RESIDENT_TEMPLATES)[number];
export type StaffTemplate = (typeof STAFF_TEMPLATES)[number];
export type TemplateKey = ResidentTemplate | StaffTemplate;
export type Language = 'en' | 'cy';
export type Audience = 'resident' | 'staff';

export const TEMPLATE_KEYS: readonly TemplateKey[] = [...RESIDENT_TEMPLATES, ...STAFF_TEMPLATES];

/**
 * Messages that carry a secret (a one-time link): once a real channel (SMTP, Notify) has sent
 * one, the stored copy keeps its words but not the secret, so nobody who can read the outbox can
 * use it. The outbox channel keeps them whole: there the team reads the message to pass it on.
 */
export const SECRET_TEMPLATES: ReadonlySet<TemplateKey> = new Set<TemplateKey>(['tracking_link']);

export function isTemplateKey(value: string): value is TemplateKey {
  return (TEMPLATE_KEYS as readonly string[]).includes(value);
}

export function audienceOf(template: TemplateKey): Audience {
  return (RESIDENT_TEMPLATES as readonly string[]).includes(template) ? 'resident' : 'staff';
}

/** Residents' messages are written in both languages; staff messages in English. */
export function languagesOf(template: TemplateKey): readonly Language[] {
  return audienceOf(template) === 'resident' ? ['en', 'cy'] : ['en'];
}
