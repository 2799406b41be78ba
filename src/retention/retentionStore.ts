import type { Queryable } from '../db/database.ts';
import { recordAccess } from '../events/audit.ts';
import type { Actor } from '../events/actor.ts';
import { DEFAULT_RETENTION_YEARS, RECORD_KINDS, type RecordKind, type RetentionFacts, type RetentionPolicy } from './rules.ts';

/** A council's retention periods: its own where set, Redress's default (6 years) for the rest. */
export async function loadPolicy(db: Queryable, councilId: number): Promise<RetentionPolicy> {
  const { rows } = await db.query<{ record_kind: RecordKind; years_after_closure: number }>(
    'SELECT record_kind, years_after_closure FROM retention_policy WHERE council_id = $1',
    [councilId],
  );
  const own = new Map(rows.map((r) => [r.record_kind, r.years_after_closure]));
  return Object.fromEntries(RECORD_KINDS.map((k) => [k, own.get(k) ?? DEFAULT_RETENTION_YEARS])) as RetentionPolicy;
}

/** Saves the periods that changed, audited ('change_settings'), in the caller's transaction. */
export async function savePolicy(client: Queryable, councilId: number, policy: RetentionPolicy, actor: Actor, now: Date): Promise<RecordKind[]> {
  const before = await loadPolicy(client, councilId);
  const changed = RECORD_KINDS.filter((k) => before[k] !== policy[k]);
  for (const kind of changed) {
    await client.query(
      `INSERT INTO retention_policy (council_id, record_kind, years_after_closure, updated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (council_id, record_kind) DO UPDATE SET years_after_closure = EXCLUDED.years_after_closure, updated_at = EXCLUDED.updated_at`,
      [councilId, kind, policy[kind], now],
    );
    await recordAccess(client, actor, { councilId, action: 'change_settings', detail: { codes: { setting: 'retention', kind }, numbers: { years: policy[kind], before: before[kind] } } });
  }
  return changed;
}

/** Whether the daily pass anonymises this council's due cases by itself (off until the council switches it on). */
export async function loadAutomatic(db: Queryable, councilId: number): Promise<boolean> {
  const { rows } = await db.query<{ retention_automatic: boolean }>('SELECT retention_automatic FROM council WHERE id = $1', [councilId]);
  return rows[0]?.retention_automatic ?? false;
}

/** Switches the daily pass on or off, audited; false when it was already so. */
export async function saveAutomatic(client: Queryable, councilId: number, automatic: boolean, actor: Actor): Promise<boolean> {
  const { rowCount } = await client.query('UPDATE council SET retention_automatic = $2 WHERE id = $1 AND retention_automatic <> $2', [councilId, automatic]);
  if (!rowCount) return false;
  await recordAccess(client, actor, { councilId, action: 'change_settings', detail: { codes: { setting: 'retention_automatic', value: automatic ? 'on' : 'off' } } });
  return true;
}

/**
 * What the retention rules need about each case of a council not yet anonymised (or the
 * cases named), in one set-based query.
 */
export async function retentionFacts(db: Queryable, councilId: number, contactIds?: readonly number[]): Promise<RetentionFacts[]> {
  const { rows } = await db.query<RetentionFacts>(
    `SELECT c.id AS "contactId", c.kind, c.received_on AS "receivedOn", c.route, c.triaged_on AS "triagedOn",
            c.responded_on AS "respondedOn", c.response_due_on AS "responseDueOn",
            k.status AS "complaintStatus", k.closed_on AS "closedOn", k.withdrawn_on AS "withdrawnOn",
            (SELECT max(s.responded_on) FROM complaint_stage s WHERE s.council_id = c.council_id AND s.contact_id = c.id)::text AS "lastStageRespondedOn",
            coalesce(o.cases, 0)::int AS "ombudsmanCases", coalesce(o.open, false) AS "ombudsmanOpen", o.last_on::text AS "ombudsmanLastOn",
            coalesce(r.owed, 0)::int AS "remediesOwed", r.last_done::text AS "remediesLastDoneOn",
            EXISTS (SELECT 1 FROM legal_hold h WHERE h.council_id = c.council_id AND h.contact_id = c.id AND h.lifted_at IS NULL) AS "onHold",
            c.anonymised_at IS NOT NULL AS anonymised
       FROM contact c
       LEFT JOIN complaint k ON k.council_id = c.council_id AND k.contact_id = c.id
       LEFT JOIN LATERAL (
         SELECT count(*) AS cases,
                bool_or(oc.decided_on IS NULL OR (oc.compliance_due_on IS NOT NULL AND oc.complied_on IS NULL)) AS open,
                max(greatest(oc.decided_on, oc.complied_on)) AS last_on
           FROM ombudsman_case oc WHERE oc.council_id = c.council_id AND oc.contact_id = c.id
       ) o ON true
       LEFT JOIN LATERAL (
         SELECT count(*) FILTER (WHERE rm.done_on IS NULL) AS owed, max(rm.done_on) AS last_done
           FROM remedy rm WHERE rm.council_id = c.council_id AND rm.contact_id = c.id
       ) r ON true
      WHERE c.council_id = $1 AND c.anonymised_at IS NULL AND ($2::bigint[] IS NULL OR c.id = ANY($2))
      ORDER BY c.id`,
    [councilId, contactIds ?? null],
  );
  return rows;
}

export interface RetentionRun {
  id: number;
  startedAt: Date;
  finishedAt: Date | null;
  actor: string;
  dryRun: boolean;
  due: number;
  anonymised: number;
  peopleAnonymised: number;
  byKind: Partial<Record<RecordKind, number>>;
}

export async function lastRuns(db: Queryable, councilId: number, limit = 10): Promise<RetentionRun[]> {
  const { rows } = await db.query<RetentionRun>(
    `SELECT id, started_at AS "startedAt", finished_at AS "finishedAt", actor, dry_run AS "dryRun", due, anonymised,
            people_anonymised AS "peopleAnonymised", by_kind AS "byKind"
       FROM retention_run WHERE council_id = $1 ORDER BY id DESC LIMIT $2`,
    [councilId, limit],
  );
  return rows;
}
