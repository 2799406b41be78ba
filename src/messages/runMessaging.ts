import type { Clock } from '../config.ts';
import type { Database } from '../db/database.ts';
import type { Channel } from './channels/channel.ts';
import { messageDeliverer } from './deliverMessage.ts';
import { deliveryQueue, deliveryQueuePolicy, startDeliveryWorker, type RunningWorker } from './jobQueue.ts';
import { sweepReminders } from './reminders/sweep.ts';
import { clearPublicLeftovers } from '../public/housekeeping.ts';
import { dailyRetention } from '../retention/retentionCommand.ts';
import { londonDate } from '../domain/dates.ts';

export interface MessagingOptions {
  channel: Channel;
  clock: Clock;
  /** How often an idle worker looks for messages (DELIVERY_POLL_SECONDS). */
  pollingIntervalSeconds: number;
  /** How often the reminder sweep runs (REMINDER_SWEEP_SECONDS); null = no sweep (delivery only). */
  reminderSweepSeconds: number | null;
  batchSize?: number;
  /** Whether the same loop runs retention once a day for each council (ADR 26); `redress start` and `worker` do. */
  dailyRetention?: boolean;
  /** Where a failed sweep is told (one line); the loop carries on. */
  log?: (line: string) => void;
}

export interface RunningMessaging {
  /** Stops the sweep (after the one in hand) and the worker (after the deliveries in hand), then closes the channel. */
  stop(): Promise<void>;
}

/**
 * Delivery and reminders, in `redress start` (WORKER=in-process) or `redress worker`.
 * The worker's lease on a message is the queue's own expiry, read from the queue, so the
 * two cannot disagree; lost deliveries (a worker killed) are looked for twice per lease.
 * The sweep is a plain loop: each run queues what is due now with dedupe keys, so a run
 * repeated, overlapping another process's or after a restart sends nothing twice.
 */
export async function runMessaging(db: Database, options: MessagingOptions): Promise<RunningMessaging> {
  const log = options.log ?? ((line) => console.error(line));
  const queue = deliveryQueue();
  const policy = await deliveryQueuePolicy(db, queue);
  const worker: RunningWorker = await startDeliveryWorker(db, messageDeliverer(db, options.channel, options.clock, policy), {
    queue,
    batchSize: options.batchSize,
    pollingIntervalSeconds: options.pollingIntervalSeconds,
    maintenanceIntervalSeconds: Math.min(30, Math.max(1, Math.floor(policy.expireInSeconds / 2))),
  });

  let stopping = false;
  let timer: NodeJS.Timeout | null = null;
  let sweeping: Promise<void> = Promise.resolve();
  const sweep = async () => {
    try {
      const now = options.clock.now();
      await sweepReminders(db, now);
      // The same periodic pass clears what the public pages leave behind (src/public/housekeeping.ts).
      await clearPublicLeftovers(db, now);
      // And, once a day per council, anonymises the cases past their retention period (src/retention/).
      if (options.dailyRetention) await dailyRetention(db, now, londonDate(now));
    } catch (error) {
      log(`Reminder sweep: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}`);
    }
  };
  const next = () => {
    if (stopping || options.reminderSweepSeconds === null) return;
    timer = setTimeout(() => {
      sweeping = sweep().finally(next);
    }, options.reminderSweepSeconds * 1000);
  };
  if (options.reminderSweepSeconds !== null) sweeping = sweep().finally(next);

  return {
    async stop() {
      stopping = true;
      if (timer) clearTimeout(timer);
      await sweeping;
      await worker.stop();
      await options.channel.close?.();
    },
  };
}
