import { z } from 'zod';

/** An adopted procedure's address: /admin/procedures/<id>. */
export const procedureParams = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });
