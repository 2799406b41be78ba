import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useTestDatabase, newTestCouncil, engineName, migratedTemplatePath } from '../support/testDatabase.ts';
import { startSmtpServer } from '../support/smtpServer.ts';
import { QUICK_POLICY, useOwnDeliveryQueue } from '../support/deliveryQueue.ts';
import { queueEmails, referenceOf, spawnWorker, waitForMessages } from '../support/workerProcess.ts';
import { openDatabase, type Database } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { EMBEDDED_WORKER_REFUSED } from '../../src/cli/start.ts';

const N = 30;
const from = 'Complaints <complaints@council.example>';

/**
 * The database the worker processes use: the shared server, or (embedded) a data directory
 * of this test's own, which this process opens only while no worker runs — the embedded
 * engine admits one process at a time.
 */
async function workerDatabase(): Promise<{ open(): Promise<Database>; env: Record<string, string>; cleanUp(): void }> {
  if (process.env.DATABASE_URL) {
    const db = await useTestDatabase();
    return { open: async () => db, env: { DATABASE_URL: process.env.DATABASE_URL }, cleanUp: () => {} };
  }
  await useTestDatabase(); // makes sure the migrated template exists
  const dataDir = mkdtempSync(join(tmpdir(), 'redress-killed-worker-'));
  let first = true;
  return {
    async open() {
      const db = await openDatabase({ dataDir, template: first ? migratedTemplatePath() : null });
      first = false;
      await migrate(db);
      return db;
    },
    env: { DATA_DIR: dataDir },
    cleanUp: () => rmSync(dataDir, { recursive: true, force: true }),
  };
}

test(`a worker killed mid-delivery (${engineName()}): a new worker delivers everything pending; only what the dead one held may arrive twice, with the same Message-ID`, { timeout: 120_000 }, async () => {
  const place = await workerDatabase();
  const smtp = await startSmtpServer();
  let db = await place.open();
  const queue = await useOwnDeliveryQueue(db, QUICK_POLICY);
  const council = await newTestCouncil(db);
  const ids = await queueEmails(db, council.id, N);
  const env = { ...place.env, MESSAGE_QUEUE: queue, SMTP_URL: smtp.url, MAIL_FROM: from };
  try {
    if (db.engine === 'embedded') {
      // While this process has the data directory open, a worker is refused with the reason.
      const refused = spawnWorker(env);
      assert.equal(await refused.exited, 2);
      assert.ok(refused.output().includes(EMBEDDED_WORKER_REFUSED), refused.output());
      await db.close();
    }

    // The first worker takes a batch and the SMTP server holds it mid-DATA: killed there.
    const held = smtp.hold();
    const first = spawnWorker(env);
    await first.ready;
    await held.arrived;
    await new Promise((r) => setTimeout(r, 300)); // the rest of its batch reaches the server too
    first.child.kill('SIGKILL');
    assert.equal(await first.exited, 'SIGKILL');
    // The server had the messages in hand: it keeps them, though the worker never heard back.
    held.release();
    // Each held message is parsed and recorded as it is let go: wait for them (a loaded machine takes a while).
    await smtp.waitFor(1, 10_000).catch(() => {});
    await new Promise((r) => setTimeout(r, 500));
    const inHandOfTheDead = new Set(smtp.received.map((m) => m.parsed.messageId!));
    assert.ok(inHandOfTheDead.size > 0 && inHandOfTheDead.size < N, `held ${inHandOfTheDead.size}`);

    // A new worker: once the dead one's lease runs out, it delivers everything left.
    const second = spawnWorker(env);
    await second.ready;
    await smtp.waitFor(N + inHandOfTheDead.size, 60_000).catch(() => {});
    second.child.kill('SIGTERM');
    assert.equal(await second.exited, 0, second.output());

    if (db.engine === 'embedded') db = await place.open();
    const rows = await waitForMessages(db, council.id, () => true);
    assert.deepEqual(rows.map((m) => m.status), ids.map(() => 'sent'), 'every message is recorded sent');
    const counts = new Map<string, number>();
    for (const mail of smtp.received) counts.set(mail.parsed.messageId!, (counts.get(mail.parsed.messageId!) ?? 0) + 1);
    // The contract (ADR 18): every message arrives; one arrives twice only if the SMTP server
    // took it from a worker that died before hearing so, and then under the same Message-ID.
    assert.deepEqual([...counts.keys()].sort(), ids.map((id) => `<${referenceOf(council.id, id)}@council.example>`).sort());
    for (const [messageId, n] of counts) {
      assert.ok(n === 1 || (n === 2 && inHandOfTheDead.has(messageId)), `${messageId} arrived ${n} times`);
    }
    const never = [...counts.entries()].filter(([messageId]) => !inHandOfTheDead.has(messageId));
    assert.ok(never.length > 0 && never.every(([, n]) => n === 1), 'what the dead worker never took arrives once');
  } finally {
    if (db.engine === 'embedded') await db.close().catch(() => {});
    place.cleanUp();
  }
});
