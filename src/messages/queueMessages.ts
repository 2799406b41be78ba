import type { Queryable } from '../db/database.ts';
import { enqueueDeliveries } from './jobQueue.ts';
import { MissingValueError, renderMessage, type MessageValues, type RenderedMessage } from './render.ts';
import { audienceOf, type Language, type TemplateKey } from './templates.ts';
import { councilWording, shippedWording, type CouncilWording } from './wording.ts';

/** One message to write: who to, in which words, and what makes it unique. */
export interface NewMessage {
  contactId: number | null;
  template: TemplateKey;
  /** email: delivered by the configured channel; letter: printed and posted by the team. */
  channel: 'email' | 'letter';
  /** A member of staff's account, when it is to one. */
  accountId?: number | null;
  recipientName: string;
  /** An email address, or a letter's postal address. */
  recipientAddress: string;
  language: Language;
  largePrint?: boolean;
  values: MessageValues;
  /** Makes it the one message for its reason: a second with the same key is not written. */
  dedupeKey?: string | null;
}

export interface QueuedMessages {
  /** The messages written (switched-off templates and repeated keys are not). */
  ids: number[];
}

/**
 * Writes messages and their delivery jobs with the caller's client, inside the caller's
 * transaction: they exist exactly when the change that causes them does. A council's own
 * wording is used where it has one; a message it has switched off is not written; a message
 * whose dedupe key was written before is not written again (ON CONFLICT), so a sweep that
 * runs twice, or two at once, sends each reminder once. Emails get a delivery job; letters
 * wait for the team as "to post".
 */
export async function queueMessages(
  client: Queryable, councilId: number, messages: readonly NewMessage[], now: Date, wording?: CouncilWording,
): Promise<QueuedMessages> {
  if (messages.length === 0) return { ids: [] };
  const words = wording ?? await councilWording(client, councilId);
  const wanted = messages.filter((m) => words.isOn(m.template));
  if (wanted.length === 0) return { ids: [] };
  const rendered = wanted.map((m) => renderSafely(words, m));
  const { rows } = await client.query<{ id: number; status: string }>(
    `INSERT INTO message (council_id, contact_id, template, audience, channel, account_id, recipient_name, recipient_address,
                          language, large_print, subject, body, status, dedupe_key, queued_at, last_error)
     SELECT $1, m.contact_id, m.template, m.audience, m.channel, m.account_id, m.recipient_name, m.recipient_address,
            m.language, m.large_print, m.subject, m.body,
            CASE WHEN m.problem IS NOT NULL THEN 'failed' WHEN m.channel = 'letter' THEN 'to_post' ELSE 'queued' END,
            m.dedupe_key, $2, m.problem
       FROM unnest($3::bigint[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::text[], $9::text[], $10::text[],
                   $11::boolean[], $12::text[], $13::text[], $14::text[], $15::text[])
            AS m(contact_id, template, audience, channel, account_id, recipient_name, recipient_address, language,
                 large_print, subject, body, dedupe_key, problem)
     ON CONFLICT (council_id, dedupe_key) DO NOTHING
     RETURNING id, status`,
    [
      councilId, now,
      wanted.map((m) => m.contactId), wanted.map((m) => m.template), wanted.map((m) => audienceOf(m.template)),
      wanted.map((m) => m.channel), wanted.map((m) => m.accountId ?? null), wanted.map((m) => m.recipientName),
      wanted.map((m) => m.recipientAddress), wanted.map((m) => m.language), wanted.map((m) => m.largePrint ?? false),
      rendered.map((r) => r.subject), rendered.map((r) => r.body), wanted.map((m) => m.dedupeKey ?? null),
      rendered.map((r) => r.problem),
    ],
  );
  await enqueueDeliveries(client, rows.filter((r) => r.status === 'queued').map((r) => ({ councilId, messageId: r.id })));
  return { ids: rows.map((r) => r.id) };
}

/**
 * A message in the council's wording; if that wording names a value this message lacks,
 * in Redress's own; if even that cannot be filled, written as failed with the reason, for
 * the team to see on the case. Never a thrown error: a message must not stop the change
 * that causes it (an officer's action, a sweep).
 */
function renderSafely(words: CouncilWording, m: NewMessage): RenderedMessage & { problem: string | null } {
  try {
    return { ...renderMessage(words.wording(m.template, m.language), m.values), problem: null };
  } catch (error) {
    if (!(error instanceof MissingValueError)) throw error;
    try {
      return { ...renderMessage(shippedWording(m.template, m.language), m.values), problem: null };
    } catch (again) {
      if (!(again instanceof MissingValueError)) throw again;
      return { subject: m.template, body: '', problem: `The message could not be written: ${again.message}` };
    }
  }
}
