import { z } from 'zod';
import { CHANNELS, COMPLAINANT_GROUPS, CONTACT_KINDS, type Channel, type ComplainantGroup, type ContactKind, type ProcedureCodeValue } from '../../../domain/cases/vocabulary.ts';

/**
 * The answers of a contact being logged, kept in the (server-side) session page by page until
 * the officer confirms them. Each part is set only by its page's form, already checked.
 */
export interface LogContactDraft {
  kind?: ContactKind;
  received?: { channel: Channel; on: string };
  person?: { anonymous: boolean; fullName: string; email: string; phone: string; address: string } & Partial<Preferences>;
  representative?: { has: boolean; fullName: string; email: string; phone: string; address: string; relationship: ComplainantGroup | null } & Partial<Preferences & { largePrint: boolean }>;
  adjustments?: { has: boolean; details: string; largePrint?: boolean };
  restriction?: { has: boolean; details: string; reviewOn: string | null };
  about?: { workspaceId: number | null; orgUnitId: number | null; categoryId: number | null; procedure: ProcedureCodeValue | 'auto' };
  summary?: string;
}

/** How a person wants to hear from the council (a draft from before these questions has none: the defaults apply). */
export interface Preferences {
  language: 'en' | 'cy';
  contactBy: 'email' | 'post';
}

/** "?from=check": the page was opened from check-your-answers, and goes back there. */
export const pageQuery = z.object({ from: z.enum(['check']).optional() });

const text = (max: number, tooLong: string) => z.string().trim().max(max, tooLong).default('');
const yesNo = (missing: string) => z.enum(['yes', 'no'], { error: missing });

export const kindForm = z.object({ kind: z.enum(CONTACT_KINDS, { error: 'logContact.errors.kindMissing' }) });

export const channelForm = z.object({ channel: z.enum(CHANNELS, { error: 'logContact.errors.channelMissing' }) });

const emailFormat = z.email();
const contactDetails = {
  email: text(320, 'logContact.errors.emailTooLong').refine((v) => v === '' || emailFormat.safeParse(v).success, 'logContact.errors.emailFormat'),
  phone: text(50, 'logContact.errors.phoneFormat').refine((v) => /^[0-9+()\-. ]*$/.test(v) && (v === '' || /\d{6}/.test(v.replace(/\D/g, ''))), 'logContact.errors.phoneFormat'),
  address: text(1000, 'logContact.errors.addressTooLong'),
};

/** English unless chosen; by email when there is an email address, otherwise by post, unless chosen. */
const language = z.enum(['en', 'cy']).default('en');
const contactBy = z.enum(['email', 'post']).optional();
export const defaultContactBy = (email: string): Preferences['contactBy'] => (email ? 'email' : 'post');

export const personForm = z
  .object({ anonymous: z.literal('yes').optional(), fullName: text(200, 'logContact.errors.nameTooLong'), ...contactDetails, language, contactBy })
  .superRefine((v, ctx) => {
    if (v.anonymous && (v.fullName || v.email || v.phone || v.address)) ctx.addIssue({ code: 'custom', path: ['anonymous'], message: 'logContact.errors.anonymousWithDetails' });
    if (!v.anonymous && !v.fullName) ctx.addIssue({ code: 'custom', path: ['fullName'], message: 'logContact.errors.nameMissing' });
    if (!v.anonymous && v.contactBy === 'email' && !v.email) ctx.addIssue({ code: 'custom', path: ['email'], message: 'logContact.errors.emailForContactBy' });
  });

export const representativeForm = z
  .object({
    hasRepresentative: yesNo('logContact.errors.representativeMissing'),
    repFullName: text(200, 'logContact.errors.nameTooLong'),
    repEmail: contactDetails.email,
    repPhone: contactDetails.phone,
    repAddress: contactDetails.address,
    relationship: z.union([z.literal(''), z.enum(COMPLAINANT_GROUPS)], { error: 'logContact.errors.relationshipMissing' }).default(''),
    repLanguage: language,
    repContactBy: contactBy,
    repLargePrint: z.literal('yes').optional(),
  })
  .superRefine((v, ctx) => {
    if (v.hasRepresentative !== 'yes') return;
    if (!v.repFullName) ctx.addIssue({ code: 'custom', path: ['repFullName'], message: 'logContact.errors.representativeNameMissing' });
    if (!v.relationship) ctx.addIssue({ code: 'custom', path: ['relationship'], message: 'logContact.errors.relationshipMissing' });
    if (v.repContactBy === 'email' && !v.repEmail) ctx.addIssue({ code: 'custom', path: ['repEmail'], message: 'logContact.errors.representativeEmailForContactBy' });
  });

/** Large print is an adjustment of its own (letters and emails are sent in it); other needs are described. */
export const adjustmentsForm = z
  .object({ hasAdjustments: yesNo('logContact.errors.adjustmentsMissing'), largePrint: z.literal('yes').optional(), adjustments: text(5000, 'logContact.errors.textTooLong') })
  .superRefine((v, ctx) => {
    if (v.hasAdjustments === 'yes' && !v.adjustments && !v.largePrint) ctx.addIssue({ code: 'custom', path: ['adjustments'], message: 'logContact.errors.adjustmentsDetailsMissing' });
  });

/** The review date is read with the GOV.UK date input rules (forms.ts readDate) beside this. */
export const restrictionForm = z
  .object({ hasRestriction: yesNo('logContact.errors.restrictionMissing'), restriction: text(5000, 'logContact.errors.textTooLong') })
  .superRefine((v, ctx) => {
    if (v.hasRestriction === 'yes' && !v.restriction) ctx.addIssue({ code: 'custom', path: ['restriction'], message: 'logContact.errors.restrictionDetailsMissing' });
  });

/** The choices are checked against the council's own lists by the route (an unknown id is an error on its field). */
export const aboutForm = z.object({
  workspace: z.string().trim().max(20).default(''),
  orgUnit: z.string().trim().max(20).default(''),
  category: z.string().trim().max(20).default(''),
  procedure: z.string().trim().max(40).default('auto'),
});

export const summaryForm = z.object({
  // Browsers send a new line as CRLF; the character count counted one character.
  summary: z.string({ error: 'logContact.errors.summaryMissing' }).transform((s) => s.replace(/\r\n?/g, '\n'))
    .pipe(z.string().trim().min(1, 'logContact.errors.summaryMissing').max(20000, 'logContact.errors.summaryTooLong')),
});
