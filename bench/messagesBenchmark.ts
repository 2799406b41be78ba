import { performance as timing } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import type { Database } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { keepStatisticsFresh } from '../src/db/statistics.ts';
import { createApp } from '../src/web/app.ts';
import { hashPassword } from '../src/accounts/passwords.ts';
import { sweepReminders } from '../src/messages/reminders/sweep.ts';
import { dropDeliveryQueue, prepareJobQueue, startDeliveryWorker, useDeliveryQueue } from '../src/messages/jobQueue.ts';
import { messageDeliverer } from '../src/messages/deliverMessage.ts';
import { smtpChannel } from '../src/messages/channels/smtp.ts';
import { currentCalendar } from '../src/councils/calendarStore.ts';
import { addWorkingDays } from '../src/domain/calendar/workingDays.ts';
import { buildCouncil, TODAY } from './caseListBenchmark.ts';
import { measure, prepare, print, PASSWORD } from './staffPagesBenchmark.ts';

/**
 * Issue 8's benchmark: N reminders falling due at once (open stages due on the next working
 * day, each with an officer), swept and delivered to a real SMTP server on loopback while
 * staff use the pages. Reports the sweep's time, delivery throughput, and the pages' p50/p95
 * before and during. The SMTP server runs in a worker thread, so receiving is not the app's
 * event loop's work; the delivery worker runs in the app's process, as `redress start` runs it.
 */
const NOW = new Date(`${TODAY}T11:00:00Z`); // 12:00 in London (BST): working hours on a working day
const CLOCK = { now: () => NOW };

export interface MessagesOptions {
  reminders: number;
  users: number;
  seconds: number;
}

/** A real SMTP server (smtp-server) in a worker thread, counting what it accepts. */
async function smtpSink(): Promise<{ port: number; received(): Promise<number>; close(): Promise<void> }> {
  const code = `
    const { parentPort } = require('node:worker_threads');
    const { SMTPServer } = require('smtp-server');
    let count = 0;
    const server = new SMTPServer({ authOptional: true, disabledCommands: ['STARTTLS', 'AUTH'], logger: false,
      onData(stream, session, callback) { stream.on('data', () => {}); stream.on('end', () => { count += 1; callback(); }); } });
    server.listen(0, '127.0.0.1', () => parentPort.postMessage({ port: server.server.address().port }));
    parentPort.on('message', (m) => { if (m === 'count') parentPort.postMessage({ count }); if (m === 'close') server.close(() => parentPort.postMessage({ closed: true })); });`;
  const worker = new Worker(code, { eval: true });
  const next = <T>(key: string) => new Promise<T>((resolve) => {
    const on = (m: Record<string, unknown>) => { if (key in m) { worker.off('message', on); resolve(m[key] as T); } };
    worker.on('message', on);
  });
  const port = await next<number>('port');
  return {
    port,
    received: () => { const p = next<number>('count'); worker.postMessage('count'); return p; },
    close: async () => { const p = next<boolean>('closed'); worker.postMessage('close'); await p; await worker.terminate(); },
  };
}

/** N open stage-1 complaints due on the next working day, allocated round the council's officers. */
async function addDueStages(db: Database, councilId: number, n: number): Promise<void> {
  const due = addWorkingDays(await currentCalendar(db.pool, 'england-and-wales'), TODAY, 1);
  await db.pool.query(
    `WITH proc AS (SELECT procedure_id FROM complaint WHERE council_id = $1 LIMIT 1),
          unit AS (SELECT org_unit_id FROM contact WHERE council_id = $1 AND org_unit_id IS NOT NULL LIMIT 1),
          officers AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k, count(*) OVER () AS total FROM staff_member WHERE council_id = $1 AND email LIKE 'officer%'),
          made AS (
            INSERT INTO contact (council_id, reference, kind, channel, received_on, procedure_code, route, triaged_on, org_unit_id, summary)
            SELECT $1, 'REM-' || lpad(g::text, 6, '0'), 'complaint', 'email', $2::date - 14, 'corporate', 'formal', $2::date - 14, (SELECT org_unit_id FROM unit), 'Benchmark reminder'
              FROM generate_series(1, $3) AS g
            RETURNING id),
          complaints AS (
            INSERT INTO complaint (council_id, contact_id, procedure_id, status)
            SELECT $1, id, (SELECT procedure_id FROM proc), 'stage_open' FROM made RETURNING contact_id)
     INSERT INTO complaint_stage (council_id, contact_id, stage, opened_on, acknowledged_on, due_on, investigating_officer_id)
     SELECT $1, c.contact_id, 1, $2::date - 14, $2::date - 13, $4::date, o.id
       FROM complaints c JOIN officers o ON o.k = c.contact_id % o.total`,
    [councilId, TODAY, n, due],
  );
}

async function waitForDelivered(db: Database, councilId: number, expected: number, sink: { received(): Promise<number> }): Promise<number> {
  for (;;) {
    const { rows } = await db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM message WHERE council_id = $1 AND status IN ('sent', 'failed')`, [councilId]);
    if (rows[0]!.n >= expected) return sink.received();
    await new Promise((r) => setTimeout(r, 250));
  }
}

export async function messagesBenchmark(engines: { name: string; open: () => Promise<Database> }[], options: MessagesOptions) {
  const passwordHash = await hashPassword(PASSWORD);
  for (const engine of engines) {
    const db = await engine.open();
    try {
      await migrate(db);
      console.log(`${engine.name}:`);
      const built = await buildCouncil(db, 10_000, 5);
      const prepared = await prepare(db, built, passwordHash);
      await addDueStages(db, built.councilId, options.reminders);
      // As the app does at start (ADR 12): the planner sees the stages just added.
      await keepStatisticsFresh(db.pool, undefined, ['contact', 'complaint', 'complaint_stage']);
      const queue = `deliver-message-bench-${Date.now()}`;
      await prepareJobQueue(db, undefined, queue);
      useDeliveryQueue(queue);
      const sink = await smtpSink();
      const app = await createApp({ db, clock: CLOCK, trustProxy: true });
      const base = await app.listen({ host: '127.0.0.1', port: 0 });
      try {
        print(`pages before the sweep, ${options.users} users`, await measure(base, prepared, options));
        const during = measure(base, prepared, options);
        // Sweep and deliver while the users go on.
        const started = timing.now();
        // This council only, on a queue of its own: a server database may hold other councils (the tests').
        const { queued } = await sweepReminders(db, NOW, { councilIds: [built.councilId] });
        const swept = (timing.now() - started) / 1000;
        const worker = await startDeliveryWorker(db, messageDeliverer(db, smtpChannel({ url: `smtp://127.0.0.1:${sink.port}`, from: 'Complaints <complaints@bench.example>' }), CLOCK),
          {}); // the defaults `redress start` runs with (batches of 20, 2 s polling when idle)
        const received = await waitForDelivered(db, built.councilId, queued, sink);
        const delivered = (timing.now() - started) / 1000;
        await worker.stop();
        console.log(`  sweep: ${queued.toLocaleString('en-GB')} reminders queued in ${swept.toFixed(1)} s; ` +
          `${received.toLocaleString('en-GB')} received by the SMTP server ${delivered.toFixed(1)} s after the sweep began ` +
          `(${(received / delivered).toFixed(0)} messages/s end to end)`);
        print(`pages during the sweep and delivery, ${options.users} users`, await during);
      } finally {
        await app.close();
        await sink.close();
        await dropDeliveryQueue(db, queue);
      }
    } finally {
      await db.close();
    }
  }
}
