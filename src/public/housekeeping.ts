import type { Database } from '../db/database.ts';
import { removeAbandonedUploads } from '../uploads/publicUploads.ts';

/**
 * What the public pages leave behind that nobody needs for long, cleared by the periodic
 * sweep (src/messages/runMessaging.ts): files attached to forms never sent (after a day:
 * longer than any session), the keys that stop a form being sent twice (after a week), and
 * tracking links a day after they expired.
 */
export async function clearPublicLeftovers(db: Database, now: Date): Promise<{ uploads: number; submissions: number; links: number }> {
  const day = 24 * 3600_000;
  const uploads = await removeAbandonedUploads(db.pool, new Date(now.getTime() - day));
  const submissions = (await db.pool.query('DELETE FROM public_submission WHERE created_at < $1', [new Date(now.getTime() - 7 * day)])).rowCount ?? 0;
  const links = (await db.pool.query('DELETE FROM tracking_link WHERE expires_at < $1', [new Date(now.getTime() - day)])).rowCount ?? 0;
  return { uploads, submissions, links };
}
