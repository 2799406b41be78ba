import { z } from 'zod';
import { DOCUMENT_KINDS, MAX_DESCRIPTION_LENGTH } from '../../../casework/documents.ts';
import { MAX_NOTE_LENGTH } from '../../../casework/notes.ts';
import { PERSON_ROLES } from '../../../casework/personDetails.ts';

/** A case reference as it may appear in an address; anything else is a page that does not exist. */
export const caseParams = z.object({ reference: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,59}$/) });

export const documentParams = caseParams.extend({ id: z.string().regex(/^[1-9]\d{0,15}$/).transform(Number) });

/** The case page's query: the timeline page to show (keyset: events before this id). */
export const casePageQuery = z.object({
  before: z.string().regex(/^[1-9]\d{0,15}$/, 'the timeline page is not a number').transform(Number).optional(),
});

/** The version of the case a form was drawn from (a hidden field). */
const version = z.string().regex(/^\d{1,9}$/).transform(Number);

export const noteForm = z.object({
  note: z.string().trim().min(1, 'case.note.errors.missing').max(MAX_NOTE_LENGTH, 'case.note.errors.tooLong'),
  version,
});

export const documentForm = z.object({
  kind: z.enum(DOCUMENT_KINDS, { error: 'case.document.errors.kindMissing' }),
  description: z.string().trim().max(MAX_DESCRIPTION_LENGTH, 'case.document.errors.descriptionTooLong').optional(),
  version,
});

/** /cases/<reference>/person/<complainant|representative>: whose details are changed. */
export const personParams = caseParams.extend({ role: z.enum(PERSON_ROLES) });

const text = (max: number, tooLong: string) => z.string().trim().max(max, tooLong).default('');
const emailFormat = z.email();

/** A person's details and how they want to hear from the council; by email needs an email address. */
export const personForm = z
  .object({
    fullName: z.string().trim().min(1, 'case.personForm.errors.nameMissing').max(200, 'case.personForm.errors.nameTooLong'),
    email: text(320, 'case.personForm.errors.emailTooLong').refine((v) => v === '' || emailFormat.safeParse(v).success, 'case.personForm.errors.emailFormat'),
    phone: text(50, 'case.personForm.errors.phoneFormat').refine((v) => /^[0-9+()\-. ]*$/.test(v), 'case.personForm.errors.phoneFormat'),
    address: text(1000, 'case.personForm.errors.addressTooLong'),
    reasonableAdjustments: text(5000, 'case.personForm.errors.textTooLong'),
    largePrint: z.literal('yes').optional(),
    language: z.enum(['en', 'cy'], { error: 'case.personForm.errors.languageMissing' }),
    contactBy: z.enum(['email', 'post'], { error: 'case.personForm.errors.contactByMissing' }),
    version,
  })
  .superRefine((v, ctx) => {
    if (v.contactBy === 'email' && !v.email) ctx.addIssue({ code: 'custom', path: ['email'], message: 'case.personForm.errors.emailForContactBy' });
  });
