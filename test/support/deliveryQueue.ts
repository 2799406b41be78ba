import { after } from 'node:test';
import { randomUUID } from 'node:crypto';
import { openDatabase, type Database } from '../../src/db/database.ts';
import { dropDeliveryQueue, prepareJobQueue, useDeliveryQueue, type DeliveryPolicy } from '../../src/messages/jobQueue.ts';

/** Quick retries and a short lease, so a test sees a retry, a last try and a lost delivery in seconds. */
export const QUICK_POLICY: DeliveryPolicy = { retryLimit: 2, retryDelaySeconds: 1, expireInSeconds: 3 };

/**
 * This test file's own delivery queue (ADR 18): files share a server database, and pg-boss
 * fetches by queue name only, so a worker here must never take another file's messages,
 * nor another file's take these. Messages queued in this process go to it; a child
 * `redress worker` is given it as MESSAGE_QUEUE. Dropped, with its jobs, when the file ends.
 */
export async function useOwnDeliveryQueue(db: Database, policy: DeliveryPolicy = QUICK_POLICY): Promise<string> {
  const name = `deliver-message-test-${randomUUID().slice(0, 8)}`;
  await prepareJobQueue(db, policy, name);
  useDeliveryQueue(name);
  // On a server it is dropped through a connection of its own: the file's database closes first
  // (its after() was registered first). An embedded database in memory goes with its queue.
  const url = process.env.DATABASE_URL;
  if (url && db.engine === 'server') {
    after(async () => {
      const own = await openDatabase({ databaseUrl: url });
      try { await dropDeliveryQueue(own, name); } catch { /* left for the next run to ignore */ } finally { await own.close(); }
    });
  }
  return name;
}
