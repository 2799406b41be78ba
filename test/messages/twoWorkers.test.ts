import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useTestDatabase, newTestCouncil, engineName } from '../support/testDatabase.ts';
import { startSmtpServer } from '../support/smtpServer.ts';
import { useOwnDeliveryQueue } from '../support/deliveryQueue.ts';
import { queueEmails, referenceOf, spawnWorker, waitForMessages } from '../support/workerProcess.ts';
import { systemClock } from '../../src/config.ts';
import { smtpChannel } from '../../src/messages/channels/smtp.ts';
import { runMessaging } from '../../src/messages/runMessaging.ts';

const db = await useTestDatabase();
const queue = await useOwnDeliveryQueue(db);
const N = 120;

test(`two workers started together on one database (${engineName()}) deliver each message exactly once`, async () => {
  const council = await newTestCouncil(db);
  const smtp = await startSmtpServer();
  const from = 'Complaints <complaints@council.example>';
  const ids = await queueEmails(db, council.id, N);
  const stops: Array<() => Promise<unknown>> = [];
  if (db.engine === 'server') {
    // Two `redress worker` processes, as two app servers or two workers would run.
    const env = { DATABASE_URL: process.env.DATABASE_URL!, MESSAGE_QUEUE: queue, SMTP_URL: smtp.url, MAIL_FROM: from };
    const workers = [spawnWorker(env), spawnWorker(env)];
    await Promise.all(workers.map((w) => w.ready));
    for (const w of workers) stops.push(async () => { w.child.kill('SIGTERM'); assert.equal(await w.exited, 0, w.output()); });
  } else {
    // The embedded database admits one process: two workers inside it, each on its own pg-boss.
    for (let i = 0; i < 2; i += 1) {
      const m = await runMessaging(db, { channel: smtpChannel({ url: smtp.url, from }), clock: systemClock, pollingIntervalSeconds: 0.5, reminderSweepSeconds: null, batchSize: 10 });
      stops.push(() => m.stop());
    }
  }
  try {
    await smtp.waitFor(N, 60_000);
    const rows = await waitForMessages(db, council.id, (r) => r.every((m) => m.status === 'sent'), 30_000);
    assert.equal(rows.length, N);
    // Give a duplicate time to arrive before counting.
    await new Promise((r) => setTimeout(r, 1500));
    const counts = new Map<string, number>();
    for (const mail of smtp.received) counts.set(mail.parsed.messageId!, (counts.get(mail.parsed.messageId!) ?? 0) + 1);
    assert.deepEqual([...counts.keys()].sort(), ids.map((id) => `<${referenceOf(council.id, id)}@council.example>`).sort());
    assert.deepEqual([...counts.values()].filter((n) => n !== 1), [], 'a message was received twice');
    assert.ok(rows.every((m) => m.attempts === 1), 'a message was claimed twice');
  } finally {
    // SIGTERM: each worker finishes what it holds and exits 0.
    await Promise.all(stops.map((stop) => stop()));
  }
});
