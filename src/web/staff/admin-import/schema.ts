import { z } from 'zod';

/** A held upload's address: /admin/import/<id>. */
export const heldParams = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });
