import type { Clock } from '../config.ts';
import type { Database } from '../db/database.ts';
import type { Channel } from './channels/channel.ts';
import { SECRET_TEMPLATES, type TemplateKey } from './templates.ts';
import { DEFAULT_DELIVERY_POLICY, type DeliverOne, type DeliveryPolicy } from './jobQueue.ts';

interface Claimed {
  id: number;
  council_id: number;
  template: TemplateKey;
  recipient_name: string;
  recipient_address: string;
  subject: string;
  body: string;
  language: 'en' | 'cy';
  large_print: boolean;
}

/**
 * What a delivery worker does with one job. Three short statements, none held open while
 * the channel is called (on the embedded engine a transaction would stop every page):
 * 1. claim: queued → sending. A message already sent, or being sent by another worker
 *    within its lease, is skipped, so a job delivered twice sends once.
 * 2. send through the channel.
 * 3. record: sent (with the channel's reference), or the reason it failed: queued again for
 *    pg-boss's next try, or failed on the last. A message carrying a secret (SECRET_TEMPLATES)
 *    that a real channel has sent is recorded without it: the resident has it now.
 * A worker killed between 1 and 3 leaves the message "sending"; its job expires and is tried
 * again once the lease (the job's expiry) has passed. The channel may then have accepted it
 * once already: the stable Message-ID / reference lets the receiving side see the repeat
 * (ADR 18 says why no queue can promise more across a crash).
 */
export function messageDeliverer(db: Database, channel: Channel, clock: Clock, policy: DeliveryPolicy = DEFAULT_DELIVERY_POLICY): DeliverOne {
  return async (job, attempt) => {
    const now = clock.now();
    const leaseStart = new Date(now.getTime() - policy.expireInSeconds * 1000);
    const { rows } = await db.pool.query<Claimed>(
      `UPDATE message SET status = 'sending', claimed_at = $3, attempts = attempts + 1
        WHERE council_id = $1 AND id = $2
          AND (status = 'queued' OR (status = 'sending' AND claimed_at < $4))
       RETURNING id, council_id, template, recipient_name, recipient_address, subject, body, language, large_print`,
      [job.councilId, job.messageId, now, leaseStart],
    );
    const message = rows[0];
    if (!message) return 'skipped';
    let providerReference: string | null;
    try {
      ({ providerReference } = await channel.send({
        reference: `redress-${message.council_id}-${message.id}`,
        to: { name: message.recipient_name, address: message.recipient_address },
        subject: message.subject,
        body: message.body,
        language: message.language,
        largePrint: message.large_print,
      }));
    } catch (error) {
      const reason = describeFailure(error);
      await db.pool.query(
        `UPDATE message SET status = $3, last_error = $4, claimed_at = NULL WHERE council_id = $1 AND id = $2 AND status = 'sending'`,
        [job.councilId, job.messageId, attempt.final ? 'failed' : 'queued', reason],
      );
      throw new Error(reason);
    }
    // The outbox channel sends nothing: there the team reads the message, link and all, to pass it on.
    const keptBody = channel.name !== 'outbox' && SECRET_TEMPLATES.has(message.template) ? withoutOneTimeLinks(message.body) : null;
    await db.pool.query(
      `UPDATE message SET status = 'sent', sent_at = $3, provider = $4, provider_reference = $5, last_error = NULL, body = COALESCE($6, body)
        WHERE council_id = $1 AND id = $2`,
      [job.councilId, job.messageId, clock.now(), channel.name, providerReference, keptBody],
    );
    return 'delivered';
  };
}

/** One line a member of staff can act on; never a stack. */
export function describeFailure(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0]!.slice(0, 500) || 'The channel refused the message without a reason';
}

/** What a sent message's one-time link becomes in the stored copy (staff screens are in English). */
export const LINK_REMOVED = '[one-time link removed after sending]';

// A one-time token: 43 base64url characters standing alone (32 random bytes, as trackingLinks makes them).
const TOKEN = /(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/;
const ADDRESS = /https?:\/\/[^\s<>()[\]]+/g;

/**
 * A message's body without its one-time links: every web address holding a token, and any
 * token written on its own (a council's own wording may put it anywhere), becomes LINK_REMOVED.
 */
export function withoutOneTimeLinks(body: string): string {
  return body
    .replace(ADDRESS, (address) => (TOKEN.test(address) ? LINK_REMOVED : address))
    .replace(new RegExp(TOKEN.source, 'g'), LINK_REMOVED);
}
