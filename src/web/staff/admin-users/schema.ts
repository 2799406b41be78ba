import { z } from 'zod';
import { ROLES } from '../../../domain/access/roles.ts';

const list = <T extends z.ZodType>(item: T) => z.preprocess((v) => (v === undefined || v === '' ? [] : [v].flat()), z.array(item));
const id = z.string().regex(/^\d{1,15}$/).transform(Number);

export const memberParams = z.object({ accountId: id });

/** What a member may do: roles, directorates (all, or those ticked), restricted cases. */
export const accessForm = z.object({
  roles: list(z.enum(ROLES)).refine((r) => r.length > 0, 'users.errors.rolesMissing'),
  directorateScope: z.enum(['all', 'some'], { error: 'users.errors.scopeMissing' }),
  directorates: list(id),
  maySeeRestricted: z.literal('yes').optional().transform((v) => v === 'yes'),
});

export const addForm = accessForm.extend({
  name: z.string({ error: 'users.errors.nameMissing' }).trim().min(1, 'users.errors.nameMissing').max(200, 'users.errors.nameTooLong'),
  email: z.string({ error: 'users.errors.emailMissing' }).trim().min(1, 'users.errors.emailMissing').max(254).email('users.errors.emailFormat'),
  signIn: z.enum(['password', 'sso']).default('password'),
});

/** The selected values of a checkbox field, to show again. */
export const ticked = (body: Record<string, unknown>, name: string): string[] =>
  [body[name] ?? []].flat().filter((v): v is string => typeof v === 'string');
