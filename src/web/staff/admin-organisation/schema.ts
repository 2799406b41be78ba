import { z } from 'zod';

const id = z.string().regex(/^\d{1,15}$/).transform(Number);
/** A select's value: an id, or '' for none. */
const optionalId = z.union([z.literal(''), id]).optional().transform((v) => (v === '' || v === undefined ? null : v));
const name = z.string({ error: 'organisation.errors.nameMissing' }).trim().min(1, 'organisation.errors.nameMissing').max(120, 'organisation.errors.nameTooLong');

/** A unit chosen from a list. */
const chosen = (message: string) => z.string({ error: message }).regex(/^\d{1,15}$/, message).transform(Number);

export const unitParams = z.object({ id });

/** The tree page: ?on-day=&on-month=&on-year= picks the date shown (a date is not personal). */
export const treeQuery = z.object({ 'on-day': z.string().max(4).optional(), 'on-month': z.string().max(4).optional(), 'on-year': z.string().max(6).optional() });

export const addForm = z.object({ name, parentId: optionalId });

export const changeForm = z.discriminatedUnion('change', [
  z.object({ change: z.literal('rename'), name }),
  z.object({ change: z.literal('move'), parentId: chosen('organisation.errors.parentMissing') }),
  z.object({ change: z.literal('merge'), intoId: chosen('organisation.errors.intoMissing') }),
  z.object({ change: z.literal('close') }),
], { error: 'organisation.errors.changeMissing' });
