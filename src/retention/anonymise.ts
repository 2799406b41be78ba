import { inTransaction, type Database, type Queryable } from '../db/database.ts';
import type { IsoDate } from '../domain/dates.ts';
import { recordAccess } from '../events/audit.ts';
import type { Actor } from '../events/actor.ts';
import { writeCaseEvent } from '../events/caseEvents.ts';
import { ANONYMISED_TEXT, anonymisedEventData, dueSummary, retentionStanding, type RecordKind } from './rules.ts';
import { loadPolicy, retentionFacts } from './retentionStore.ts';

/** What a person's name becomes once anonymised. */
export const ANONYMISED_NAME = 'Anonymised';

/** Free text kept as a marker (so a CHECK that wants a reason still holds), never its words. */
const marked = (column: string) => `${column} = CASE WHEN ${column} IS NULL THEN NULL ELSE '${ANONYMISED_TEXT}' END`;

/**
 * Anonymises one case in the caller's transaction (ADR 26): its rows stay with every date,
 * code, count and amount (the reports read those), and everything a person wrote or that
 * names someone goes — free text becomes "[anonymised]", contact details go, documents and
 * tracking links are deleted, messages lose their recipient and words, event data keeps
 * only dates and codes. Its people are anonymised too unless another case not yet
 * anonymised still names them (that case keeps them until its own time comes).
 * Re-checks under a row lock that the case is still due (a hold placed meanwhile wins).
 * Returns null when it was not due, else how many people went with it.
 */
export async function anonymiseCase(client: Queryable, councilId: number, contactId: number, actor: Actor, today: IsoDate, now: Date): Promise<{ kind: RecordKind; people: number } | null> {
  const locked = await client.query('SELECT 1 FROM contact WHERE council_id = $1 AND id = $2 AND anonymised_at IS NULL FOR UPDATE', [councilId, contactId]);
  if (locked.rowCount === 0) return null;
  const [facts] = await retentionFacts(client, councilId, [contactId]);
  const standing = facts ? retentionStanding(facts, await loadPolicy(client, councilId), today) : null;
  if (!standing || standing.state !== 'due') return null;

  const p = [councilId, contactId];
  const people = await client.query<{ id: number }>(
    `SELECT complainant_id AS id FROM contact WHERE council_id = $1 AND id = $2 AND complainant_id IS NOT NULL
     UNION SELECT representative_id FROM contact WHERE council_id = $1 AND id = $2 AND representative_id IS NOT NULL
     UNION SELECT person_id FROM behaviour_restriction WHERE council_id = $1 AND contact_id = $2 AND person_id IS NOT NULL`,
    p,
  );

  await client.query(`UPDATE contact SET ${marked('summary')}, ${marked('route_reason')}, ${marked('addressed_to')}, anonymised_at = $3 WHERE council_id = $1 AND id = $2`, [...p, now]);
  await client.query(`UPDATE complaint_stage SET ${marked('refusal_reason')}, ${marked('accepted_directly_reason')} WHERE council_id = $1 AND contact_id = $2`, p);
  const stages = 'SELECT id FROM complaint_stage WHERE council_id = $1 AND contact_id = $2';
  await client.query(`UPDATE stage_extension SET ${marked('reason')}, ${marked('beyond_code_reason')} WHERE council_id = $1 AND stage_id IN (${stages})`, p);
  await client.query(`UPDATE stage_pause SET ${marked('reason')} WHERE council_id = $1 AND stage_id IN (${stages})`, p);
  await client.query(`UPDATE complaint_element SET ${marked('summary')} WHERE council_id = $1 AND stage_id IN (${stages})`, p);
  const ombudsmanCases = 'SELECT id FROM ombudsman_case WHERE council_id = $1 AND contact_id = $2';
  await client.query(`UPDATE ombudsman_finding SET ${marked('summary')} WHERE council_id = $1 AND ombudsman_case_id IN (${ombudsmanCases})`, p);
  await client.query(`UPDATE ombudsman_information_request SET ${marked('what')}, ${marked('documents_sent')} WHERE council_id = $1 AND ombudsman_case_id IN (${ombudsmanCases})`, p);
  await client.query(`UPDATE ombudsman_recommendation SET ${marked('description')}, ${marked('evidence')} WHERE council_id = $1 AND ombudsman_case_id IN (${ombudsmanCases})`, p);
  await client.query(`UPDATE remedy SET ${marked('description')} WHERE council_id = $1 AND (contact_id = $2 OR ombudsman_case_id IN (${ombudsmanCases}))`, p);
  await client.query(`UPDATE learning_action SET ${marked('description')}, ${marked('lesson')}, ${marked('evidence')}, ${marked('status_reason')} WHERE council_id = $1 AND (contact_id = $2 OR ombudsman_case_id IN (${ombudsmanCases}))`, p);
  await client.query(`UPDATE behaviour_restriction SET ${marked('reason')} WHERE council_id = $1 AND contact_id = $2`, p);
  await client.query(`UPDATE legal_hold SET reason = '${ANONYMISED_TEXT}' WHERE council_id = $1 AND contact_id = $2`, p);
  await client.query(
    `UPDATE message SET recipient_name = '${ANONYMISED_NAME}', recipient_address = '', subject = '${ANONYMISED_TEXT}', body = '${ANONYMISED_TEXT}',
            last_error = NULL WHERE council_id = $1 AND contact_id = $2`,
    p,
  );
  await client.query('DELETE FROM case_document WHERE council_id = $1 AND contact_id = $2', p);
  await client.query('DELETE FROM tracking_link WHERE council_id = $1 AND contact_id = $2', p);

  const events = await client.query<{ id: number; data: unknown }>('SELECT id, data FROM case_event WHERE council_id = $1 AND contact_id = $2', p);
  for (const e of events.rows) {
    const data = JSON.stringify(anonymisedEventData(e.data));
    if (data !== JSON.stringify(e.data)) await client.query('UPDATE case_event SET data = $3 WHERE council_id = $1 AND id = $2', [councilId, e.id, data]);
  }

  // A person goes once no case that is not anonymised names them (this one is, by now).
  const gone = await client.query(
    `UPDATE person pe SET full_name = '${ANONYMISED_NAME}', email = NULL, phone = NULL, address = NULL, reasonable_adjustments = NULL,
            contact_restriction = NULL, contact_restriction_review_on = NULL, anonymised_at = $3
      WHERE pe.council_id = $1 AND pe.id = ANY($2::bigint[]) AND pe.anonymised_at IS NULL
        AND NOT EXISTS (SELECT 1 FROM contact c WHERE c.council_id = pe.council_id AND c.anonymised_at IS NULL
                         AND (c.complainant_id = pe.id OR c.representative_id = pe.id))
        AND NOT EXISTS (SELECT 1 FROM behaviour_restriction b JOIN contact c ON c.council_id = b.council_id AND c.id = b.contact_id
                         WHERE b.council_id = pe.council_id AND b.person_id = pe.id AND c.anonymised_at IS NULL)`,
    [councilId, people.rows.map((r) => r.id), now],
  );

  await writeCaseEvent(client, { councilId, contactId, type: 'anonymised', on: today, data: { kind: standing.kind, closedOn: standing.closedOn, dueOn: standing.dueOn } }, actor);
  await recordAccess(client, actor, { councilId, action: 'anonymise_case', contactId, detail: { codes: { kind: standing.kind }, numbers: { people: gone.rowCount ?? 0 } } });
  return { kind: standing.kind, people: gone.rowCount ?? 0 };
}

export interface RunSummary {
  runId: number;
  dryRun: boolean;
  due: number;
  anonymised: number;
  peopleAnonymised: number;
  byKind: Partial<Record<RecordKind, number>>;
}

/**
 * A retention run for one council: finds what is due on `today` and, unless a dry run,
 * anonymises it case by case — each case its own transaction, so a failure part way leaves
 * whole cases done and the rest for the next run. The run is recorded and audited.
 */
export async function runRetention(db: Database, councilId: number, options: { today: IsoDate; now: Date; actor: Actor; dryRun?: boolean; limit?: number }): Promise<RunSummary> {
  const dryRun = options.dryRun ?? false;
  const policy = await loadPolicy(db.pool, councilId);
  const { due, dueIds } = dueSummary(await retentionFacts(db.pool, councilId), policy, options.today);
  const ids = options.limit === undefined ? dueIds : dueIds.slice(0, options.limit);
  const { rows } = await db.pool.query<{ id: number }>(
    'INSERT INTO retention_run (council_id, started_at, actor, dry_run, due) VALUES ($1, $2, $3, $4, $5) RETURNING id',
    [councilId, options.now, options.actor.name, dryRun, dueIds.length],
  );
  const runId = rows[0]!.id;
  const byKind: Partial<Record<RecordKind, number>> = {};
  let anonymised = 0;
  let peopleAnonymised = 0;
  if (dryRun) {
    for (const [k, n] of Object.entries(due) as [RecordKind, number][]) if (n > 0) byKind[k] = n;
  } else {
    for (const id of ids) {
      const done = await inTransaction(db, (client) => anonymiseCase(client, councilId, id, options.actor, options.today, options.now));
      if (!done) continue;
      anonymised += 1;
      peopleAnonymised += done.people;
      byKind[done.kind] = (byKind[done.kind] ?? 0) + 1;
    }
  }
  await inTransaction(db, async (client) => {
    await client.query(
      'UPDATE retention_run SET finished_at = now(), anonymised = $3, people_anonymised = $4, by_kind = $5 WHERE council_id = $1 AND id = $2',
      [councilId, runId, anonymised, peopleAnonymised, JSON.stringify(byKind)],
    );
    await recordAccess(client, options.actor, {
      councilId, action: 'run_retention',
      detail: { codes: { mode: dryRun ? 'dry_run' : 'anonymise' }, numbers: { run: runId, due: dueIds.length, anonymised, people: peopleAnonymised } },
    });
  });
  return { runId, dryRun, due: dueIds.length, anonymised, peopleAnonymised, byKind };
}
