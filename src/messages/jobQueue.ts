import PgBoss from 'pg-boss';
import type { Database, Queryable } from '../db/database.ts';

/**
 * The delivery queue: pg-boss (ADR 18) in its own schema of the app's database. It reaches
 * both engines through the app's own pool (pg-boss's `db` option), so on the embedded engine
 * it takes turns on the one connection like every page, and it polls rather than holding a
 * LISTEN connection. A delivery job is added with the caller's client, inside the caller's
 * transaction: it exists exactly when the message it delivers does.
 */
export const JOB_SCHEMA = 'redress_jobs';
export const DELIVERY_QUEUE = 'deliver-message';

/**
 * The queue this process adds delivery jobs to and works: DELIVERY_QUEUE unless MESSAGE_QUEUE
 * names another (set once at start, config.ts). pg-boss fetches by queue name only, so a
 * queue is the one boundary between sets of workers sharing a database: each test file
 * works its own queue and never takes another file's messages (ADR 18).
 */
let deliveryQueueName = DELIVERY_QUEUE;

export function useDeliveryQueue(name: string): void {
  deliveryQueueName = name;
}

export const deliveryQueue = (): string => deliveryQueueName;

/** How a delivery is retried: 6 tries after the first, waiting 30 s, 1, 2, 4… minutes. */
export interface DeliveryPolicy {
  retryLimit: number;
  retryDelaySeconds: number;
  /** A delivery still running after this long is taken as lost (its worker died) and tried again. */
  expireInSeconds: number;
}

export const DEFAULT_DELIVERY_POLICY: DeliveryPolicy = { retryLimit: 6, retryDelaySeconds: 30, expireInSeconds: 120 };

export interface DeliveryJob {
  councilId: number;
  messageId: number;
}

const poolAdapter = (db: Database) => ({
  executeSql: (text: string, values?: unknown[]) => db.pool.query(text, values as unknown[]),
});

const clientAdapter = (client: Queryable) => ({
  executeSql: (text: string, values?: unknown[]) => client.query(text, values as unknown[]),
});

/** A pg-boss instance for one piece of queue housekeeping (no polling, no maintenance). */
async function withBoss<T>(db: Database, work: (boss: PgBoss) => Promise<T>): Promise<T> {
  const boss = new PgBoss({ db: poolAdapter(db), schema: JOB_SCHEMA, supervise: false, schedule: false, migrate: true });
  boss.on('error', () => {});
  await boss.start();
  try {
    return await work(boss);
  } finally {
    await boss.stop({ graceful: false, wait: true, close: false });
  }
}

const queueOptions = (name: string, policy: DeliveryPolicy) => ({
  name, retryLimit: policy.retryLimit, retryDelay: policy.retryDelaySeconds, retryBackoff: true,
  expireInSeconds: policy.expireInSeconds, retentionMinutes: 7 * 24 * 60,
});

/**
 * Creates (or brings up to date) pg-boss's schema and a delivery queue (DELIVERY_QUEUE
 * unless named) with its retry policy. Run by `migrate`, so every start and the test
 * template have the default queue.
 */
export async function prepareJobQueue(db: Database, policy: DeliveryPolicy = DEFAULT_DELIVERY_POLICY, queue: string = DELIVERY_QUEUE): Promise<void> {
  await withBoss(db, async (boss) => {
    if (await boss.getQueue(queue)) await boss.updateQueue(queue, queueOptions(queue, policy));
    else await boss.createQueue(queue, queueOptions(queue, policy));
  });
}

/**
 * The policy a delivery queue was made with, creating it with the default policy when it
 * does not exist yet (a MESSAGE_QUEUE never prepared): a worker reads its lease from here,
 * so the lease and the queue's expiry are always the same number.
 */
export async function deliveryQueuePolicy(db: Database, queue: string = deliveryQueueName): Promise<DeliveryPolicy> {
  return withBoss(db, async (boss) => {
    let found = await boss.getQueue(queue);
    if (!found) {
      await boss.createQueue(queue, queueOptions(queue, DEFAULT_DELIVERY_POLICY));
      found = await boss.getQueue(queue);
    }
    return {
      retryLimit: found?.retryLimit ?? DEFAULT_DELIVERY_POLICY.retryLimit,
      retryDelaySeconds: found?.retryDelay ?? DEFAULT_DELIVERY_POLICY.retryDelaySeconds,
      expireInSeconds: found?.expireInSeconds ?? DEFAULT_DELIVERY_POLICY.expireInSeconds,
    };
  });
}

/** Removes a delivery queue and its jobs (a test's own queue, when the file ends). */
export async function dropDeliveryQueue(db: Database, queue: string): Promise<void> {
  if (queue === DELIVERY_QUEUE) throw new Error('The default delivery queue is never dropped');
  // pg-boss 10 deletes the queue's row before its table, which a job still in the table refuses: empty it first.
  await db.pool.query(`DELETE FROM ${JOB_SCHEMA}.job WHERE name = $1`, [queue]);
  await db.pool.query(`DELETE FROM ${JOB_SCHEMA}.archive WHERE name = $1`, [queue]);
  await withBoss(db, (boss) => boss.deleteQueue(queue));
}

// Adds jobs only, always through the client it is given; it is never started.
const sender = new PgBoss({
  db: { executeSql: () => Promise.reject(new Error('A delivery job is added inside a transaction: pass its client')) },
  schema: JOB_SCHEMA, supervise: false, schedule: false, migrate: false,
});

/** Adds one delivery job per message, with the caller's client (inside its transaction). */
export async function enqueueDeliveries(client: Queryable, jobs: readonly DeliveryJob[]): Promise<void> {
  if (jobs.length === 0) return;
  await sender.insert(jobs.map((data) => ({ name: deliveryQueueName, data })), { db: clientAdapter(client) });
}

export interface DeliveryWorkerOptions {
  /** Which queue to work (default: this process's, deliveryQueue()). */
  queue?: string;
  /** How many jobs one fetch takes (delivered side by side). */
  batchSize?: number;
  pollingIntervalSeconds?: number;
  /** How often expired deliveries (a worker that died) are put back for retry. */
  maintenanceIntervalSeconds?: number;
}

export type DeliveryOutcome = 'delivered' | 'skipped';

/** What a worker does with one job: resolve when done, throw to have it retried (with `final` on its last try). */
export type DeliverOne = (job: DeliveryJob, attempt: { retryCount: number; final: boolean }) => Promise<DeliveryOutcome>;

export interface RunningWorker {
  stop(): Promise<void>;
}

/**
 * Starts a delivery worker on `db`: fetches batches of jobs (SKIP LOCKED: two workers never
 * take the same job), delivers each, completes those delivered and fails the others, which
 * pg-boss retries with back-off until the last try.
 */
export async function startDeliveryWorker(db: Database, deliver: DeliverOne, options: DeliveryWorkerOptions = {}): Promise<RunningWorker> {
  const boss = new PgBoss({
    db: poolAdapter(db), schema: JOB_SCHEMA, migrate: false, schedule: false, supervise: true,
    maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? 30,
  });
  boss.on('error', (error) => { console.error(`Message delivery: ${error.message}`); });
  await boss.start();
  const queue = options.queue ?? deliveryQueueName;
  const batchSize = options.batchSize ?? 20;
  let workerId: string | null = null;
  workerId = await boss.work<DeliveryJob>(queue, {
    batchSize,
    pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2,
    includeMetadata: true,
  }, async (jobs) => {
    const results = await Promise.allSettled(jobs.map((job) =>
      deliver(job.data, { retryCount: job.retryCount, final: job.retryCount >= job.retryLimit })));
    for (const [i, result] of results.entries()) {
      if (result.status === 'rejected') {
        const reason: unknown = result.reason;
        await boss.fail(queue, jobs[i]!.id, { message: reason instanceof Error ? reason.message : String(reason) });
      }
    }
    // pg-boss completes the rest: completion touches only jobs still active.
    // A full batch means more are waiting (a sweep's reminders): fetch again at once rather
    // than after the polling interval, so delivery runs at the channel's pace, not the poll's.
    if (jobs.length >= batchSize && workerId) boss.notifyWorker(workerId);
  });
  return {
    stop: () => boss.stop({ graceful: true, wait: true, close: false, timeout: 10_000 }),
  };
}
