import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useTestDatabase, newTestCouncil } from '../support/testDatabase.ts';
import { startSmtpServer } from '../support/smtpServer.ts';
import { useOwnDeliveryQueue } from '../support/deliveryQueue.ts';
import { inTransaction } from '../../src/db/database.ts';
import { queueMessages, type NewMessage } from '../../src/messages/queueMessages.ts';
import { startDeliveryWorker } from '../../src/messages/jobQueue.ts';
import { messageDeliverer } from '../../src/messages/deliverMessage.ts';
import { smtpChannel } from '../../src/messages/channels/smtp.ts';

const db = await useTestDatabase();
await useOwnDeliveryQueue(db);
const clock = { now: () => new Date() };

const digest = (to: string, key: string | null): NewMessage => ({
  contactId: null, template: 'digest_officer', channel: 'email', recipientName: 'Ann Officer', recipientAddress: to, language: 'en',
  values: { name: 'Ann Officer', count: '2', items: '* HBC-1 due 3 December\n* HBC-2 due 4 December', link: 'http://localhost:3000/' },
  dedupeKey: key,
});

test('a queued message reaches a real SMTP server once, with its words, recipient and links; a repeated key is not queued again', async () => {
  const council = await newTestCouncil(db);
  const smtp = await startSmtpServer();
  const written = await inTransaction(db, (c) => queueMessages(c, council.id, [digest('ann@example.test', 'k'), digest('ann@example.test', 'k')], new Date()));
  assert.equal(written.ids.length, 1);
  const worker = await startDeliveryWorker(db, messageDeliverer(db, smtpChannel({ url: smtp.url, from: 'Complaints <complaints@council.example>' }), clock), { pollingIntervalSeconds: 0.5 });
  try {
    const [mail] = await smtp.waitFor(1);
    assert.deepEqual(mail!.envelopeTo, ['ann@example.test']);
    assert.equal(mail!.parsed.subject, 'Your complaints this week: 2 open');
    assert.match(mail!.parsed.text ?? '', /HBC-2 due 4 December/);
    assert.match(String(mail!.parsed.html), /<a href="http:\/\/localhost:3000\/">/);
    // The server has it; the worker records it a moment later.
    let rows: unknown[] = [];
    for (let i = 0; i < 50; i += 1) {
      ({ rows } = await db.pool.query('SELECT status, provider, attempts FROM message WHERE council_id = $1', [council.id]));
      if ((rows[0] as { status: string }).status === 'sent') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.deepEqual(rows, [{ status: 'sent', provider: 'smtp', attempts: 1 }]);
  } finally {
    await worker.stop();
  }
});

test('a message rolled back with its transaction is never delivered', async () => {
  const council = await newTestCouncil(db);
  await assert.rejects(inTransaction(db, async (c) => {
    await queueMessages(c, council.id, [digest('bob@example.test', null)], new Date());
    throw new Error('the change failed');
  }));
  const { rows } = await db.pool.query('SELECT count(*)::int AS n FROM message WHERE council_id = $1', [council.id]);
  assert.equal(rows[0].n, 0);
});

test("wording that names a value the message lacks never stops the change: Redress's wording is used, or the message is recorded failed with the reason", async () => {
  const council = await newTestCouncil(db);
  await db.pool.query(
    `INSERT INTO message_wording (council_id, template, language, subject, body) VALUES ($1, 'digest_officer', 'en', 'For ((name))', 'Your ((mystery)) list')`, [council.id]);
  const [fellBack] = (await inTransaction(db, (c) => queueMessages(c, council.id, [digest('ann@example.test', 'x')], new Date()))).ids;
  const lacking = { ...digest('bob@example.test', 'y'), values: { name: 'Bob' } };
  const [failed] = (await inTransaction(db, (c) => queueMessages(c, council.id, [lacking], new Date()))).ids;
  const { rows } = await db.pool.query('SELECT id, status, subject, last_error FROM message WHERE council_id = $1 ORDER BY id', [council.id]);
  assert.deepEqual(rows.map((r) => [r.id, r.status]), [[fellBack, 'queued'], [failed, 'failed']]);
  assert.equal(rows[0].subject, 'Your complaints this week: 2 open');
  assert.match(rows[1].last_error, /could not be written: The message needs \(\(count\)\), \(\(items\)\), \(\(link\)\)/);
});
