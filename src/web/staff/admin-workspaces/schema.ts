import { z } from 'zod';

export const workspaceParams = z.object({ id: z.string().regex(/^\d{1,15}$/).transform(Number) });

export const workspaceForm = z.object({
  name: z.string({ error: 'workspaces.errors.nameMissing' }).trim().min(1, 'workspaces.errors.nameMissing').max(120, 'workspaces.errors.nameTooLong'),
  welsh: z.string().trim().max(120, 'workspaces.errors.welshTooLong').optional().transform((v) => (v ? v : null)),
  offered: z.enum(['yes', 'no'], { error: 'workspaces.errors.offeredMissing' }).transform((v) => v === 'yes'),
  orgUnitId: z.union([z.literal(''), z.string().regex(/^\d{1,15}$/).transform(Number)]).optional().transform((v) => (v === '' || v === undefined ? null : v)),
});
