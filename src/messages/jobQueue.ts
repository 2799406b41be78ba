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

/**
 * Creates (or brings up to date) pg-boss's schema and the delivery queue with its retry
 * policy. Run by `migrate`, so every start and the test template have it.
 */
export async function prepareJobQueue(db: Database, policy: DeliveryPolicy = DEFAULT_DELIVERY_POLICY): Promise<void> {
  const boss = new PgBoss({ db: poolAdapter(db), schema: JOB_SCHEMA, supervise: false, schedule: false, migrate: true });
  boss.on('error', () => {});
  await boss.start();
  try {
    const options = {
      name: DELIVERY_QUEUE, retryLimit: policy.retryLimit, retryDelay: policy.retryDelaySeconds, retryBackoff: true,
      expireInSeconds: policy.expireInSeconds, retentionMinutes: 7 * 24 * 60,
    };
    if (await boss.getQueue(DELIVERY_QUEUE)) await boss.updateQueue(DELIVERY_QUEUE, options);
    else await boss.createQueue(DELIVERY_QUEUE, options);
  } finally {
    await boss.stop({ graceful: false, wait: true, close: false });
  }
}

// Adds jobs only, always through the client it is given; it is never started.
const sender = new PgBoss({
  db: { executeSql: () => Promise.reject(new Error('A delivery job is added inside a transaction: pass its client')) },
  schema: JOB_SCHEMA, supervise: false, schedule: false, migrate: false,
});

/** Adds one delivery job per message, with the caller's client (inside its transaction). */
export async function enqueueDeliveries(client: Queryable, jobs: readonly DeliveryJob[]): Promise<void> {
  if (jobs.length === 0) return;
  await sender.insert(jobs.map((data) => ({ name: DELIVERY_QUEUE, data })), { db: clientAdapter(client) });
}

export interface DeliveryWorkerOptions {
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
  await boss.work<DeliveryJob>(DELIVERY_QUEUE, {
    batchSize: options.batchSize ?? 20,
    pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2,
    includeMetadata: true,
  }, async (jobs) => {
    const results = await Promise.allSettled(jobs.map((job) =>
      deliver(job.data, { retryCount: job.retryCount, final: job.retryCount >= job.retryLimit })));
    const failed = jobs.filter((_, i) => results[i]!.status === 'rejected');
    for (const job of failed) {
      const reason = (results[jobs.indexOf(job)] as PromiseRejectedResult).reason;
      await boss.fail(DELIVERY_QUEUE, job.id, { message: reason instanceof Error ? reason.message : String(reason) });
    }
    // pg-boss completes the rest: completion touches only jobs still active.
  });
  return {
    stop: () => boss.stop({ graceful: true, wait: true, close: false, timeout: 10_000 }),
  };
}
