import { z } from 'zod';
import { CHANNELS } from '../../../domain/cases/vocabulary.ts';

/** The compliment form; the service and team are checked against the council's lists by the route, the date by readDate. */
export const complimentForm = z.object({
  service: z.string().trim().max(30).default(''),
  team: z.string().trim().max(30).default(''),
  staffNamed: z.string().trim().max(500, 'compliment.errors.staffNamedTooLong').default(''),
  // Leaves room in the contact's 20,000 characters for the staff named.
  said: z.string({ error: 'compliment.errors.saidMissing' }).trim().min(1, 'compliment.errors.saidMissing').max(19000, 'compliment.errors.saidTooLong'),
  channel: z.enum(CHANNELS, { error: 'compliment.errors.channelMissing' }),
});
