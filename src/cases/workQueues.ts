/**
 * One person's work queues for their home page, within their scope. Each queue is read from a
 * partial index on the open things only (migration 018: open stages, undecided escalation
 * requests, untriaged complaints, undone learning actions and remedies), walked in due order
 * and stopped at 1,001 rows, so a queue costs what the open work costs, never what the
 * history costs (ADR 14).
 */
import type { Queryable } from '../db/database.ts';
import { scopeFilter, type Scope } from '../domain/access/scope.ts';
import { isIsoDate, type IsoDate } from '../domain/dates.ts';
import { boundedCount, COUNT_BOUND, type BoundedCount } from './boundedCount.ts';
import { OPEN_STAGE } from './caseList.ts';

export const WORK_QUEUES = [
  'awaitingTriage', 'myCases', 'dueSoon', 'overdue', 'escalationRequests', 'learningActionsDue', 'remediesDue',
] as const;
export type WorkQueueName = (typeof WORK_QUEUES)[number];

export type QueueItemKind = 'triage' | 'stage_response' | 'escalation_decision' | 'learning_action' | 'remedy';

export interface QueueItem {
  kind: QueueItemKind;
  /** The stage, learning action or remedy (its id in its table); the contact for triage. */
  itemId: number;
  contactId: number;
  reference: string;
  /** What is due, in words: "Triage", "Stage 1 response", "Decision on stage 2", "Learning action", "Remedy: apology". */
  what: string;
  /** When it is due (an open stage's response date, extension included); null for triage and escalation decisions. */
  dueOn: IsoDate | null;
  /** When it began: the contact received, the stage opened, the escalation requested. */
  since: IsoDate | null;
  stage: number | null;
  /** Who handles the stage (for learning actions, the owner as recorded). */
  officer: string | null;
  directorate: string | null;
  service: string | null;
  team: string | null;
  /** A learning action's or remedy's description; null unless scope.mayIdentify. */
  detail: string | null;
}

export interface WorkQueue {
  /** The first `limit`, soonest first. */
  items: QueueItem[];
  /** All of them, counted up to 1,000. */
  count: BoundedCount;
}

export type WorkQueues = Record<WorkQueueName, WorkQueue>;

export interface WorkQueueOptions {
  today: IsoDate;
  /** The date 5 working days ahead, from the council's calendar (the caller computes it). */
  dueBy: IsoDate;
  /** Items per queue, default 10, at most 100. */
  limit?: number;
}

interface QueueRow {
  total: number;
  kind: QueueItemKind;
  item_id: number;
  contact_id: number;
  reference: string;
  due_on: string | null;
  since: string | null;
  stage: number | null;
  officer: string | null;
  directorate: string | null;
  service: string | null;
  team: string | null;
  detail: string | null;
  remedy_kind: string | null;
}

/**
 * Each queue as one statement: the open things it lists, in order, stopped at the bound
 * (`q`, read from its partial index), then the first `limit` of them with their names.
 * Columns of q: kind, item_id, contact_id, due_on, since, stage, officer_id, officer_text, detail, remedy_kind, ord (the sort date), and c (the contact) for scope.
 */
function queueStatements(scope: Scope, options: WorkQueueOptions, limit: number): Record<WorkQueueName, { sql: string; params: unknown[] } | null> {
  const statement = (build: (p: (value: unknown) => string, scoped: string) => string) => {
    const params: unknown[] = [];
    const p = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const scoped = scopeFilter(scope, 'c', params);
    const q = build(p, scoped);
    const council = p(scope.councilId);
    const sql = `
      WITH q AS MATERIALIZED (${q} LIMIT ${COUNT_BOUND + 1})
      SELECT (SELECT count(*)::int FROM q) AS total, t.kind, t.item_id, t.contact_id, c.reference, t.due_on, t.since, t.stage,
             coalesce(sm.name, t.officer_text) AS officer, op.directorate, op.service, op.team,
             ${scope.mayIdentify ? 't.detail' : 'NULL::text'} AS detail, t.remedy_kind
        FROM (SELECT * FROM q ORDER BY ord, item_id LIMIT ${p(limit)}) t
        JOIN contact c ON c.council_id = ${council}::bigint AND c.id = t.contact_id
        LEFT JOIN staff_member sm ON sm.council_id = c.council_id AND sm.id = t.officer_id
        LEFT JOIN org_unit_path op ON op.council_id = c.council_id AND op.id = c.org_unit_id
       ORDER BY t.ord, t.item_id`;
    return { sql, params };
  };
  const { today, dueBy } = options;
  const openStages = (extra: (p: (value: unknown) => string) => string) =>
    statement((p, scoped) => `
      SELECT 'stage_response'::text AS kind, s.id AS item_id, s.contact_id, coalesce(s.extended_to, s.due_on) AS due_on, s.opened_on AS since,
             s.stage::int AS stage, s.investigating_officer_id AS officer_id, NULL::text AS officer_text, NULL::text AS detail,
             NULL::text AS remedy_kind, coalesce(s.extended_to, s.due_on) AS ord
        FROM complaint_stage s
        JOIN contact c ON c.council_id = s.council_id AND c.id = s.contact_id
       WHERE s.council_id = ${p(scope.councilId)}::bigint AND ${OPEN_STAGE('s')} AND ${extra(p)} AND ${scoped}
       ORDER BY coalesce(s.extended_to, s.due_on), s.id`);
  const undone = (table: 'learning_action' | 'remedy') =>
    statement((p, scoped) => `
      SELECT '${table}'::text AS kind, a.id AS item_id, c.id AS contact_id, a.due_on, NULL::date AS since, a.stage::int AS stage,
             NULL::bigint AS officer_id, ${table === 'learning_action' ? 'a.owner' : 'NULL::text'} AS officer_text, a.description AS detail,
             ${table === 'remedy' ? 'a.kind' : 'NULL::text'} AS remedy_kind, a.due_on AS ord
        FROM ${table} a
        LEFT JOIN ombudsman_case oc ON oc.council_id = a.council_id AND oc.id = a.ombudsman_case_id
        JOIN contact c ON c.council_id = a.council_id AND c.id = coalesce(a.contact_id, oc.contact_id)
       WHERE a.council_id = ${p(scope.councilId)}::bigint AND a.done_on IS NULL${table === 'learning_action' ? " AND a.status <> 'not_going_ahead'" : ''} AND a.due_on <= ${p(dueBy)}::date AND ${scoped}
       ORDER BY a.due_on, a.id`);
  return {
    // Complaints logged and not triaged, and a complaint contact with no route and no complaint record.
    awaitingTriage: statement((p, scoped) => {
      const council = p(scope.councilId);
      return `
      SELECT 'triage'::text AS kind, c.id AS item_id, c.id AS contact_id, NULL::date AS due_on, c.received_on AS since, NULL::int AS stage,
             NULL::bigint AS officer_id, NULL::text AS officer_text, NULL::text AS detail, NULL::text AS remedy_kind, c.received_on AS ord
        FROM (SELECT k.contact_id AS id FROM complaint k WHERE k.council_id = ${council}::bigint AND k.status = 'logged'
              UNION
              SELECT u.id FROM contact u WHERE u.council_id = ${council}::bigint AND u.route IS NULL AND u.kind = 'complaint') untriaged
        -- Each one's contact by its key: estimates of "no route and a complaint" assume the two
        -- are independent and would hash a scan of every contact.
        CROSS JOIN LATERAL (SELECT * FROM contact c WHERE c.council_id = ${council}::bigint AND c.id = untriaged.id AND ${scoped} OFFSET 0) c
       ORDER BY c.received_on, c.id`;
    }),
    myCases: scope.staffMemberId === null ? null : openStages((p) => `s.investigating_officer_id = ${p(scope.staffMemberId)}::bigint`),
    dueSoon: openStages((p) => `coalesce(s.extended_to, s.due_on) BETWEEN ${p(today)}::date AND ${p(dueBy)}::date`),
    overdue: openStages((p) => `coalesce(s.extended_to, s.due_on) < ${p(today)}::date`),
    escalationRequests: statement((p, scoped) => `
      SELECT 'escalation_decision'::text AS kind, s.id AS item_id, s.contact_id, NULL::date AS due_on, s.requested_on AS since,
             s.stage::int AS stage, prior.investigating_officer_id AS officer_id, NULL::text AS officer_text, NULL::text AS detail,
             NULL::text AS remedy_kind, s.requested_on AS ord
        FROM complaint_stage s
        JOIN complaint k ON k.council_id = s.council_id AND k.contact_id = s.contact_id AND k.status = 'escalation_requested'
        JOIN contact c ON c.council_id = s.council_id AND c.id = s.contact_id
        LEFT JOIN complaint_stage prior ON prior.council_id = s.council_id AND prior.contact_id = s.contact_id AND prior.stage = s.stage - 1
       WHERE s.council_id = ${p(scope.councilId)}::bigint AND s.requested_on IS NOT NULL AND s.decision IS NULL AND ${scoped}
       ORDER BY s.requested_on, s.id`),
    learningActionsDue: undone('learning_action'),
    remediesDue: undone('remedy'),
  };
}

const WHAT: Record<QueueItemKind, (r: QueueRow) => string> = {
  triage: () => 'Triage',
  stage_response: (r) => `Stage ${r.stage} response`,
  escalation_decision: (r) => `Decision on stage ${r.stage}`,
  learning_action: () => 'Learning action',
  remedy: (r) => `Remedy: ${(r.remedy_kind ?? 'other').replace(/_/g, ' ')}`,
};

export async function workQueues(db: Queryable, scope: Scope, options: WorkQueueOptions): Promise<WorkQueues> {
  const queues = {} as WorkQueues;
  // One after another: the embedded engine is one session, and a server's pool spreads callers anyway.
  for (const name of WORK_QUEUES) queues[name] = await workQueue(db, scope, name, options);
  return queues;
}

/** One queue (for a "see all" page, or a home page that loads its queues one by one). */
export async function workQueue(db: Queryable, scope: Scope, name: WorkQueueName, options: WorkQueueOptions): Promise<WorkQueue> {
  if (!isIsoDate(options.today) || !isIsoDate(options.dueBy)) throw new RangeError('today and dueBy must be dates written YYYY-MM-DD');
  const limit = Math.min(100, Math.max(1, Math.trunc(options.limit ?? 10) || 10));
  const s = queueStatements(scope, options, limit)[name];
  if (!s) return { items: [], count: boundedCount(0) };
  const { rows } = await db.query<QueueRow>(s.sql, s.params);
  return {
    count: boundedCount(rows[0]?.total ?? 0),
    items: rows.map((r) => ({
      kind: r.kind,
      itemId: r.item_id,
      contactId: r.contact_id,
      reference: r.reference,
      what: WHAT[r.kind](r),
      dueOn: r.due_on,
      since: r.since,
      stage: r.stage,
      officer: r.officer,
      directorate: r.directorate,
      service: r.service,
      team: r.team,
      detail: r.detail,
    })),
  };
}
