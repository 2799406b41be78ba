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
 * The daily pass, from the reminder sweep's loop (src/messages/runMessaging.ts): each
 * council whose last run (of any kind but a dry run) is a day old or more is run now. Two
 * processes doing it at once each anonymise a case at most once (anonymiseCase locks it and
 * checks again).
 */
export async function dailyRetention(db: Database, now: Date, today: IsoDate): Promise<number> {
  const { rows } = await db.pool.query<{ id: number }>(
    `SELECT k.id FROM council k
      WHERE NOT EXISTS (SELECT 1 FROM retention_run r WHERE r.council_id = k.id AND NOT r.dry_run AND r.started_at > $1)
      ORDER BY k.id`,
    [new Date(now.getTime() - DAY_MS)],
  );
  let anonymised = 0;
  for (const { id } of rows) {
    anonymised += (await runRetention(db, id, { today, now, actor: systemActor('daily retention', 'scheduled') })).anonymised;
  }
  return anonymised;
}
