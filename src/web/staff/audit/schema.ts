import { z } from 'zod';
import { AUDIT_ACTIONS } from '../../../events/audit.ts';
import { isIsoDate } from '../../../domain/dates.ts';

const blank = (v: unknown) => (v === '' ? undefined : v);
const date = z.preprocess(blank, z.string().refine(isIsoDate, 'must be a date written YYYY-MM-DD').optional());

/** The audit search's address: a case reference and codes (a member of staff is found by email on POST and named by account number). */
export const auditQuery = z.object({
  reference: z.preprocess(blank, z.string().regex(/^[A-Za-z0-9/_-]{1,40}$/, 'is not a case reference').optional()),
  account: z.preprocess(blank, z.string().regex(/^\d{1,12}$/, 'must be a number').transform(Number).optional()),
  action: z.preprocess(blank, z.enum(AUDIT_ACTIONS).optional()),
  from: date,
  to: date,
  before: z.preprocess(blank, z.string().regex(/^\d{1,15}$/, 'must be a number').transform(Number).optional()),
}).strict();

export const auditForm = z.object({
  reference: z.string().trim().max(40).optional(),
  person: z.string().trim().max(320).optional(),
  action: z.string().max(40).optional(),
  from: z.string().trim().max(10).optional(),
  to: z.string().trim().max(10).optional(),
  _csrf: z.string().optional(),
});
