import { z } from 'zod';
import { CONTACT_FLAGS, CONTACT_KINDS, PROCEDURE_CODES, ROUTES } from '../../../domain/cases/vocabulary.ts';
import { COMPLAINT_STATUSES } from '../../../domain/cases/lifecycle.ts';
import { CASE_SORTS } from '../../../cases/caseList.ts';
import { isIsoDate } from '../../../domain/dates.ts';

/** A query value that may come once or repeated (?kind=complaint&kind=comment). */
const many = <T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess((v) => (v === undefined || v === '' ? [] : [v].flat()), z.array(z.enum(values)).max(values.length));
const id = z.preprocess((v) => (v === '' ? undefined : v), z.string().regex(/^\d{1,12}$/, 'must be a number').transform(Number).optional());
const date = z.preprocess((v) => (v === '' ? undefined : v), z.string().refine(isIsoDate, 'must be a date written YYYY-MM-DD').optional());

/**
 * The case list's address: every filter is a code or a number (never a name or words typed:
 * a text search is kept in the session and named here by `search`, a random token).
 */
export const caseListQuery = z.object({
  kind: many(CONTACT_KINDS),
  procedure: many(PROCEDURE_CODES),
  status: many(COMPLAINT_STATUSES),
  route: many(ROUTES),
  flag: many(CONTACT_FLAGS),
  stage: z.preprocess((v) => (v === '' ? undefined : v), z.enum(['1', '2', '3']).transform(Number).optional()),
  unit: id,
  workspace: id,
  officer: id,
  from: date,
  to: date,
  overdue: z.preprocess((v) => (v === '' ? undefined : v), z.literal('yes').optional()),
  sort: z.preprocess((v) => (v === '' ? undefined : v), z.enum(CASE_SORTS).optional()),
  search: z.preprocess((v) => (v === '' ? undefined : v), z.string().regex(/^[A-Za-z0-9_-]{8,32}$/, 'is not a search this list made').optional()),
  after: z.string().max(500).optional(),
  before: z.string().max(500).optional(),
}).strict();
export type CaseListQuery = z.infer<typeof caseListQuery>;

/** The filter form as posted: the same filters plus the words to search for. */
export const caseListForm = z.object({
  text: z.string().trim().max(200, 'caseList.errors.textTooLong').optional(),
  _csrf: z.string().optional(),
}).passthrough();
