import type { Queryable } from '../db/database.ts';
import { isIsoDate, type IsoDate } from '../domain/dates.ts';
import { isAuditAction, type AuditAction, type AuditDetail } from './audit.ts';

export interface AuditQuery {
  /** The council whose entries are shown; 'any' only for someone who administers the whole deployment. */
  councilId: number | 'any';
  accountId?: number;
  contactId?: number;
  action?: AuditAction | readonly AuditAction[];
  /** From and to are London calendar dates, both included. */
  from?: IsoDate;
  to?: IsoDate;
  /** The next page: entries older than this id (the previous page's `nextBefore`). */
  before?: number;
  /** At most 100; 50 when absent. */
  limit?: number;
}

export interface AuditEntry {
  id: number;
  councilId: number | null;
  accountId: number | null;
  actor: string;
  action: AuditAction;
  contactId: number | null;
  detail: AuditDetail;
  origin: string;
  requestId: string | null;
  /** When, as stored (UTC instant). */
  at: Date;
}

export const AUDIT_PAGE_LIMIT = 100;

/**
 * Audit entries matching the query, newest first, a page at a time (keyset on id): pass
 * the `nextBefore` of one page as `before` for the next; null when there are no more.
 */
export async function auditSearch(db: Queryable, query: AuditQuery): Promise<{ entries: AuditEntry[]; nextBefore: number | null }> {
  const limit = Math.min(Math.max(Math.trunc(query.limit ?? 50), 1), AUDIT_PAGE_LIMIT);
  const where: string[] = [];
  const params: unknown[] = [];
  const param = (value: unknown) => `$${params.push(value)}`;
  if (query.councilId !== 'any') where.push(`council_id = ${param(query.councilId)}`);
  if (query.accountId !== undefined) where.push(`account_id = ${param(query.accountId)}`);
  if (query.contactId !== undefined) where.push(`contact_id = ${param(query.contactId)}`);
  if (query.action !== undefined) {
    const actions = typeof query.action === 'string' ? [query.action] : [...query.action];
    for (const a of actions) if (!isAuditAction(a)) throw new Error(`"${a}" is not an audited action`);
    where.push(`action = ANY(${param(actions)}::text[])`);
  }
  for (const [name, date] of [['from', query.from], ['to', query.to]] as const) {
    if (date !== undefined && !isIsoDate(date)) throw new Error(`The audit search's "${name}" date must be written YYYY-MM-DD`);
  }
  if (query.from !== undefined) where.push(`at >= (${param(query.from)}::date)::timestamp AT TIME ZONE 'Europe/London'`);
  if (query.to !== undefined) where.push(`at < (${param(query.to)}::date + 1)::timestamp AT TIME ZONE 'Europe/London'`);
  if (query.before !== undefined) where.push(`id < ${param(query.before)}`);
  const { rows } = await db.query<{
    id: number; council_id: number | null; account_id: number | null; actor: string; action: AuditAction; contact_id: number | null;
    detail: AuditDetail; origin: string; request_id: string | null; at: Date;
  }>(
    `SELECT id, council_id, account_id, actor, action, contact_id, detail, origin, request_id, at
       FROM audit_entry ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY id DESC LIMIT ${param(limit + 1)}`,
    params,
  );
  const page = rows.slice(0, limit);
  return {
    entries: page.map((r) => ({
      id: r.id, councilId: r.council_id, accountId: r.account_id, actor: r.actor, action: r.action, contactId: r.contact_id,
      detail: r.detail, origin: r.origin, requestId: r.request_id, at: r.at,
    })),
    nextBefore: rows.length > limit ? page[page.length - 1]!.id : null,
  };
}
