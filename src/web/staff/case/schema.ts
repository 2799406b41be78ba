import { z } from 'zod';
import { DOCUMENT_KINDS, MAX_DESCRIPTION_LENGTH } from '../../../casework/documents.ts';
import { MAX_NOTE_LENGTH } from '../../../casework/notes.ts';

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
