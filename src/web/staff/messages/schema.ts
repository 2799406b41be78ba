import { z } from 'zod';

const blank = (v: unknown) => (v === '' ? undefined : v);

/** The statuses the page filters by, in the order its tabs show them. */
export const STATUS_TABS = ['queued', 'sending', 'sent', 'failed', 'to_post', 'posted', 'off'] as const;

/** The messages page's address: a status and where a page of older messages starts. */
export const messagesQuery = z.object({
  status: z.preprocess(blank, z.enum(STATUS_TABS).optional()),
  before: z.preprocess(blank, z.string().regex(/^\d{1,15}$/, 'must be a number').transform(Number).optional()),
}).strict();

/** A message's address: its number (not personal). */
export const messageParams = z.object({
  id: z.string().regex(/^\d{1,15}$/, 'is not a message number').transform(Number),
});
