import { z } from 'zod';
import { CHANNELS } from '../../../domain/cases/vocabulary.ts';

/** The compliment form; the service and team are checked against the council's lists by the route, the date by readDate. */
export const complimentForm = z.object({
  service: z.string().trim().max(30).default(''),
  team: z.string().trim().max(30).default(''),
  staffNamed: z.string().trim().max(500, 'compliment.errors.staffNamedTooLong').default(''),
  // Leaves room in the contact's 20,000 characters for the staff named.
  // Browsers send a new line as CRLF; the character count counted one character.
  said: z.string({ error: 'compliment.errors.saidMissing' }).transform((s) => s.replace(/\r\n?/g, '\n'))
    .pipe(z.string().trim().min(1, 'compliment.errors.saidMissing').max(19000, 'compliment.errors.saidTooLong')),
  channel: z.enum(CHANNELS, { error: 'compliment.errors.channelMissing' }),
});
