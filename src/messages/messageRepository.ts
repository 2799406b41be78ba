import type { Queryable } from '../db/database.ts';
import { enqueueDeliveries } from './jobQueue.ts';
import type { Audience, Language, TemplateKey } from './templates.ts';
import { scopeFilter, type Scope } from '../domain/access/scope.ts';

export type MessageStatus = 'queued' | 'sending' | 'sent' | 'failed' | 'to_post' | 'posted' | 'off';

/** A message as the case page, the outbox and the administrator's page show it. */
export interface MessageRecord {
  id: number;
  contactId: number | null;
  reference: string | null;
  template: TemplateKey;
  audience: Audience;
  channel: 'email' | 'letter';
  recipientName: string;
  recipientAddress: string;
  language: Language;
  largePrint: boolean;
  subject: string;
  body: string;
  status: MessageStatus;
  attempts: number;
  lastError: string | null;
  provider: string | null;
  queuedAt: Date;
  sentAt: Date | null;
}

const COLUMNS = `m.id, m.contact_id AS "contactId", c.reference, m.template, m.audience, m.channel,
  m.recipient_name AS "recipientName", m.recipient_address AS "recipientAddress", m.language, m.large_print AS "largePrint",
  m.subject, m.body, m.status, m.attempts, m.last_error AS "lastError", m.provider, m.queued_at AS "queuedAt", m.sent_at AS "sentAt"`;

const FROM = `message m LEFT JOIN contact c ON c.council_id = m.council_id AND c.id = m.contact_id`;

/**
 * The messages a member of staff may see: the council's, and of those about a case only
 * the cases in their scope (a restricted case's acknowledgement names the resident).
 * Appends its parameters to `params`.
 */
function visibleTo(scope: Scope, params: unknown[]): string {
  params.push(scope.councilId);
  const council = `m.council_id = $${params.length}`;
  return `${council} AND (m.contact_id IS NULL OR (${scopeFilter(scope, 'c', params)}))`;
}

/** A case's messages, newest first. */
export async function messagesForCase(db: Queryable, councilId: number, contactId: number): Promise<MessageRecord[]> {
  const { rows } = await db.query<MessageRecord>(
    `SELECT ${COLUMNS} FROM ${FROM} WHERE m.council_id = $1 AND m.contact_id = $2 ORDER BY m.id DESC`, [councilId, contactId]);
  return rows;
}

/** One message, if the member of staff may see it. */
export async function findMessage(db: Queryable, scope: Scope, id: number): Promise<MessageRecord | null> {
  const params: unknown[] = [id];
  const { rows } = await db.query<MessageRecord>(`SELECT ${COLUMNS} FROM ${FROM} WHERE m.id = $1 AND ${visibleTo(scope, params)}`, params);
  return rows[0] ?? null;
}

export interface MessageFilter {
  status?: MessageStatus | undefined;
  audience?: Audience | undefined;
  /** Keyset paging: messages older than this id. */
  before?: number | undefined;
  limit?: number | undefined;
}

/** The council's messages, newest first, a page at a time. */
export async function listMessages(db: Queryable, scope: Scope, filter: MessageFilter = {}): Promise<MessageRecord[]> {
  const params: unknown[] = [filter.status ?? null, filter.audience ?? null, filter.before ?? null, filter.limit ?? 50];
  const { rows } = await db.query<MessageRecord>(
    `SELECT ${COLUMNS} FROM ${FROM}
      WHERE ($1::text IS NULL OR m.status = $1) AND ($2::text IS NULL OR m.audience = $2)
        AND ($3::bigint IS NULL OR m.id < $3) AND ${visibleTo(scope, params)}
      ORDER BY m.id DESC LIMIT $4`,
    params,
  );
  return rows;
}

/** How many messages stand at each status (the administrator's page's tabs). */
export async function countByStatus(db: Queryable, scope: Scope): Promise<Record<MessageStatus, number>> {
  const params: unknown[] = [];
  const { rows } = await db.query<{ status: MessageStatus; n: number }>(
    `SELECT m.status, count(*)::int AS n FROM ${FROM} WHERE ${visibleTo(scope, params)} GROUP BY m.status`, params);
  const counts = { queued: 0, sending: 0, sent: 0, failed: 0, to_post: 0, posted: 0, off: 0 };
  for (const r of rows) counts[r.status] = r.n;
  return counts;
}

/**
 * A failed email tried again by hand: queued with a new delivery job, in the caller's
 * transaction. Returns false when the message is not a failed email (sent meanwhile, a letter).
 */
export async function retryMessage(client: Queryable, councilId: number, id: number): Promise<boolean> {
  const { rowCount } = await client.query(
    `UPDATE message SET status = 'queued', claimed_at = NULL
      WHERE council_id = $1 AND id = $2 AND status = 'failed' AND channel = 'email'`, [councilId, id]);
  if (!rowCount) return false;
  await enqueueDeliveries(client, [{ councilId, messageId: id }]);
  return true;
}

/** A letter the team has printed and posted. Returns false when it is not a letter waiting to be posted. */
export async function markPosted(client: Queryable, councilId: number, id: number, now: Date): Promise<boolean> {
  const { rowCount } = await client.query(
    `UPDATE message SET status = 'posted', sent_at = $3 WHERE council_id = $1 AND id = $2 AND status = 'to_post'`, [councilId, id, now]);
  return Boolean(rowCount);
}

/** A page of the council's messages and whether older ones follow (one more is read to know). */
export async function messagePage(db: Queryable, scope: Scope, filter: MessageFilter = {}): Promise<{ messages: MessageRecord[]; olderFrom: number | null }> {
  const limit = filter.limit ?? 50;
  const rows = await listMessages(db, scope, { ...filter, limit: limit + 1 });
  const messages = rows.slice(0, limit);
  return { messages, olderFrom: rows.length > limit ? Number(messages[messages.length - 1]!.id) : null };
}
