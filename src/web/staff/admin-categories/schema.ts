import { z } from 'zod';

/** A category's address: /admin/categories/<id>. */
export const categoryParams = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

/** The names form: what was typed, read by the pure checkCategoryNames (src/councils/categories.ts). */
export const categoryForm = z.object({
  name: z.string().max(1000).catch(''),
  nameCy: z.string().max(1000).catch(''),
});
