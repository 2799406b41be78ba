import { z } from 'zod';
import { ON_BEHALF_RELATIONSHIPS, type OnBehalfRelationship, type PublicContactKind } from '../../../public/publicContactAnswers.ts';

/**
 * The answers of a resident's form, kept in the (server-side) session page by page until they
 * confirm on check your answers. Each part is set only by its page's form, already checked.
 */
export interface PublicContactDraft {
  who?: { forSomeoneElse: boolean; theirName: string; relationship: OnBehalfRelationship | null };
  /** They said the person they act for agrees; false stops the form (consent-needed). */
  consent?: boolean;
  /** null: "I'm not sure". */
  service?: { workspaceId: number | null };
  what?: string;
  putRight?: string;
  /** The attachments page was passed (with or without files). */
  attachmentsDone?: boolean;
  /** The key the form's held files are filed under (public_upload.session_id): random, kept here. */
  uploadKey?: string;
  details?: { fullName: string; email: string; phone: string; address: string };
  contactBy?: 'email' | 'post';
  adjustments?: { has: boolean; largePrint: boolean; details: string };
}

/** Size limits of every field, in characters: the contact's summary (what happened, what would put it right) stays within the staff screens' 20,000. */
export const LIMITS = { name: 200, email: 320, phone: 50, address: 1000, what: 10000, putRight: 5000, adjustments: 5000, service: 20 } as const;

/** "?from=check": the page was opened from check your answers, and goes back there. */
export const pageQuery = z.object({ from: z.enum(['check']).optional() });

/** Browsers send a new line as CRLF; the character count counted one character. */
const text = (max: number, tooLong: string) => z.string().transform((s) => s.replace(/\r\n?/g, '\n').trim()).pipe(z.string().max(max, tooLong)).default('');
const required = (max: number, missing: string, tooLong: string) =>
  z.string({ error: missing }).transform((s) => s.replace(/\r\n?/g, '\n').trim()).pipe(z.string().min(1, missing).max(max, tooLong));

const E = 'publicContact.errors';

export const whoForm = z.object({
  who: z.enum(['myself', 'someoneElse'], { error: `${E}.whoMissing` }),
  theirName: text(LIMITS.name, `${E}.theirNameTooLong`),
  relationship: z.union([z.literal(''), z.enum(ON_BEHALF_RELATIONSHIPS)], { error: `${E}.relationshipMissing` }).default(''),
}).superRefine((v, ctx) => {
  if (v.who !== 'someoneElse') return;
  if (!v.theirName) ctx.addIssue({ code: 'custom', path: ['theirName'], message: `${E}.theirNameMissing` });
  if (!v.relationship) ctx.addIssue({ code: 'custom', path: ['relationship'], message: `${E}.relationshipMissing` });
});

export const consentForm = z.object({ consent: z.enum(['yes', 'no'], { error: `${E}.consentMissing` }) });

/** The choice is checked against the council's offered services by the route ('notSure' or one of their ids). */
export const serviceForm = z.object({ service: z.string({ error: `${E}.serviceMissing` }).trim().min(1, `${E}.serviceMissing`).max(LIMITS.service, `${E}.serviceMissing`) });

export const whatForm = (kind: PublicContactKind) => z.object({ what: required(LIMITS.what, `${E}.${kind}.whatMissing`, `${E}.${kind}.whatTooLong`) });

export const putRightForm = z.object({ putRight: required(LIMITS.putRight, `${E}.putRightMissing`, `${E}.putRightTooLong`) });

/** The staff screens' rules for an email address and a phone number (src/web/staff/log-contact/schema.ts), with their limits. */
const emailFormat = z.email();
const contactDetails = {
  fullName: text(LIMITS.name, `${E}.nameTooLong`),
  email: text(LIMITS.email, `${E}.emailTooLong`).refine((v) => v === '' || emailFormat.safeParse(v).success, `${E}.emailFormat`),
  phone: text(LIMITS.phone, `${E}.phoneFormat`).refine((v) => /^[0-9+()\-. ]*$/.test(v) && (v === '' || /\d{6}/.test(v.replace(/\D/g, ''))), `${E}.phoneFormat`),
  address: text(LIMITS.address, `${E}.addressTooLong`),
};

/**
 * A complaint needs a name and at least one way to reach the resident; a compliment or a
 * comment may be anonymous, but an email address (to thank them, to reply) needs a name to go with it.
 */
export const detailsForm = (kind: PublicContactKind) => z.object(contactDetails).superRefine((v, ctx) => {
  if (kind === 'complaint') {
    if (!v.fullName) ctx.addIssue({ code: 'custom', path: ['fullName'], message: `${E}.nameMissing` });
    if (!v.email && !v.phone && !v.address) ctx.addIssue({ code: 'custom', path: ['email'], message: `${E}.noWayToReach` });
  } else if (!v.fullName && (v.email || v.phone || v.address)) {
    ctx.addIssue({ code: 'custom', path: ['fullName'], message: `${E}.nameForDetails` });
  }
});

/** Checked against their details by the route: email needs an email address, post a postal address. */
export const contactByForm = z.object({ contactBy: z.enum(['email', 'post'], { error: `${E}.contactByMissing` }) });

/** Large print is an adjustment of its own (letters and emails are sent in it); other needs are described. */
export const adjustmentsForm = z.object({
  hasAdjustments: z.enum(['yes', 'no'], { error: `${E}.adjustmentsMissing` }),
  largePrint: z.literal('yes').optional(),
  adjustments: text(LIMITS.adjustments, `${E}.adjustmentsTooLong`),
}).superRefine((v, ctx) => {
  if (v.hasAdjustments === 'yes' && !v.adjustments && !v.largePrint) ctx.addIssue({ code: 'custom', path: ['adjustments'], message: `${E}.adjustmentsDetailsMissing` });
});

export const removeForm = z.object({ upload: z.string().regex(/^[0-9a-f]{32}$/) });

/** The honeypot: a field people never see or fill; anything in it is a robot's. */
export const HONEYPOT = 'website';
export const honeypotFilled = (body: unknown): boolean => {
  const field = (body as Record<string, unknown> | null | undefined)?.[HONEYPOT];
  const value = typeof field === 'string' ? field : (field as { value?: unknown } | undefined)?.value;
  return typeof value === 'string' && value.trim() !== '';
};
