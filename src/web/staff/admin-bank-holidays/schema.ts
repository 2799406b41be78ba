import { z } from 'zod';

/** The list awaiting confirmation, as held in the session: checked dates and names only. */
export const heldList = z.object({
  division: z.enum(['england-and-wales', 'scotland', 'northern-ireland']),
  holidays: z.array(z.object({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), title: z.string().min(1).max(200) })).min(1).max(1000),
});
export type HeldList = z.infer<typeof heldList>;
