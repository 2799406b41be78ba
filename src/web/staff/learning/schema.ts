import { z } from 'zod';
import { LEARNING_STANDINGS } from '../../../domain/learning/actionPlan.ts';

const blank = (v: unknown) => (v === '' ? undefined : v);
const id = z.string().regex(/^\d{1,15}$/, 'must be a number').transform(Number);

/** The statuses the plan filters by: open (the default), every one, or one standing. */
export const STATUS_FILTERS = ['open', 'all', ...LEARNING_STANDINGS] as const;

/** The plan's address: a directorate, status, theme and year (ids and codes, nothing personal). */
export const planQuery = z.object({
  directorate: z.preprocess(blank, id.optional()),
  status: z.preprocess(blank, z.enum(STATUS_FILTERS).optional()),
  theme: z.preprocess(blank, id.optional()),
  year: z.preprocess(blank, z.string().regex(/^\d{4}\/\d{2}$/, 'must be a year such as 2024/25').optional()),
}).strict();

export const actionParams = z.object({ id });

/** The forms on an action's page, each posted to /learning/<id>/<form>. */
export const ACTION_FORMS = ['status', 'evidence', 'owner', 'due', 'themes', 'unit', 'lesson'] as const;
export const formParams = z.object({ id, form: z.enum(ACTION_FORMS) });

export const themeForm = z.object({
  action: z.enum(['add', 'rename', 'retire', 'restore']),
  id: z.preprocess(blank, id.optional()),
  name: z.string().max(200).optional(),
});
