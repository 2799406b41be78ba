import type { Database } from '../db/database.ts';
import type { IsoDate } from '../domain/dates.ts';
import { systemActor } from '../events/actor.ts';
import { runRetention, type RunSummary } from './anonymise.ts';
import { RECORD_KINDS } from './rules.ts';

/** What `redress retention run` prints: what was due, by kind, and what was done. */
export function describeRun(councilName: string, run: RunSummary): string {
  const kinds = RECORD_KINDS.filter((k) => run.byKind[k]).map((k) => `${run.byKind[k]} ${k.replace(/_/g, ' ')}`).join(', ');
  if (run.dryRun) return `${councilName}: ${run.due} case${run.due === 1 ? '' : 's'} due for anonymisation${kinds ? ` (${kinds})` : ''}. Nothing was changed (--dry-run).`;
  return `${councilName}: anonymised ${run.anonymised} of ${run.due} case${run.due === 1 ? '' : 's'} due${kinds ? ` (${kinds})` : ''}, and ${run.peopleAnonymised} ${run.peopleAnonymised === 1 ? 'person' : 'people'} no other case needs.`;
}

/** `redress retention run [--dry-run]` for one council. */
export async function retentionCommand(db: Database, council: { id: number; name: string }, options: { today: IsoDate; now: Date; dryRun: boolean }): Promise<string> {
  const run = await runRetention(db, council.id, { today: options.today, now: options.now, dryRun: options.dryRun, actor: systemActor('redress retention run') });
  return describeRun(council.name, run);
}

const DAY_MS = 24 * 3600_000;
/**
 * Cases one pass anonymises for a council (at ~80 ms a case on a busy machine, about 40 s), so
 * a first run with years of backlog does not hold up the reminders sharing the loop: a run
 * that stopped at the batch is carried on at the next sweep.
 */
export const DAILY_BATCH = 500;

/**
 * The daily pass, from the reminder sweep's loop (src/messages/runMessaging.ts): each
 * council that has switched it on (council.retention_automatic) whose last run (not a dry run) is a day old or more, or stopped at the batch with
 * more due, is run now. Two processes doing it at once each anonymise a case at most once
 * (anonymiseCase locks it and checks again).
 */
export async function dailyRetention(db: Database, now: Date, today: IsoDate, options: { batch?: number; councilIds?: readonly number[] } = {}): Promise<number> {
  const batch = options.batch ?? DAILY_BATCH;
  // councilIds: only these (a test on a shared server database leaves other files' councils alone).
  const { rows } = await db.pool.query<{ id: number }>(
    `SELECT k.id FROM council k
      WHERE k.retention_automatic AND ($3::bigint[] IS NULL OR k.id = ANY($3)) AND (NOT EXISTS (SELECT 1 FROM retention_run r WHERE r.council_id = k.id AND NOT r.dry_run AND r.started_at > $1)
         OR (SELECT r.anonymised >= $2 AND r.due > r.anonymised FROM retention_run r
              WHERE r.council_id = k.id AND NOT r.dry_run ORDER BY r.id DESC LIMIT 1))
      ORDER BY k.id`,
    [new Date(now.getTime() - DAY_MS), batch, options.councilIds ?? null],
  );
  let anonymised = 0;
  for (const { id } of rows) {
    anonymised += (await runRetention(db, id, { today, now, limit: batch, actor: systemActor('daily retention', 'scheduled') })).anonymised;
  }
  return anonymised;
}
