import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useTestDatabase, newTestCouncil } from '../support/testDatabase.ts';
import { startSmtpServer } from '../support/smtpServer.ts';
import { QUICK_POLICY, useOwnDeliveryQueue } from '../support/deliveryQueue.ts';
import { queueEmails, waitForMessages, type MessageState } from '../support/workerProcess.ts';
import { systemClock } from '../../src/config.ts';
import { smtpChannel } from '../../src/messages/channels/smtp.ts';
import { runMessaging } from '../../src/messages/runMessaging.ts';
import { retryMessage } from '../../src/messages/messageRepository.ts';

// This file's own queue: 1 try and 2 retries, 1 s then 2 s apart (QUICK_POLICY).
const db = await useTestDatabase();
await useOwnDeliveryQueue(db, QUICK_POLICY);

const deliverTo = (url: string) => runMessaging(db, {
  channel: smtpChannel({ url, from: 'Complaints <complaints@council.example>' }), clock: systemClock,
  pollingIntervalSeconds: 0.5, reminderSweepSeconds: null,
});

const only = (rows: MessageState[]) => rows[0]!;

test('a message the SMTP server refuses once shows queued with the server\'s reason, then sent on the next try', async () => {
  const council = await newTestCouncil(db);
  const smtp = await startSmtpServer();
  smtp.refuseNext(1);
  await queueEmails(db, council.id, 1);
  const messaging = await deliverTo(smtp.url);
  try {
    const waiting = only(await waitForMessages(db, council.id, (rows) => rows[0]?.last_error !== null || rows[0]?.status === 'sent'));
    assert.equal(waiting.status, 'queued', 'between tries it waits, queued, with the reason');
    assert.match(waiting.last_error!, /451 Try again later/);
    const sent = only(await waitForMessages(db, council.id, (rows) => rows[0]?.status === 'sent'));
    assert.deepEqual({ attempts: sent.attempts, last_error: sent.last_error }, { attempts: 2, last_error: null });
    assert.equal(smtp.received.length, 1);
  } finally {
    await messaging.stop();
  }
});

test('refused on every try, it is failed after the last with the server\'s reason; retried by hand, it is sent', async () => {
  const council = await newTestCouncil(db);
  const smtp = await startSmtpServer();
  smtp.refuseNext(1 + QUICK_POLICY.retryLimit);
  const [id] = await queueEmails(db, council.id, 1);
  const messaging = await deliverTo(smtp.url);
  try {
    const failed = only(await waitForMessages(db, council.id, (rows) => rows[0]?.status === 'failed'));
    assert.equal(failed.attempts, 1 + QUICK_POLICY.retryLimit);
    assert.match(failed.last_error!, /451 Try again later/);
    // Nothing more is tried by itself.
    await new Promise((r) => setTimeout(r, 2500));
    assert.equal(only(await waitForMessages(db, council.id, () => true)).status, 'failed');
    assert.equal(smtp.received.length, 0);

    assert.equal(await retryMessage(db.pool, council.id, id!), true);
    const sent = only(await waitForMessages(db, council.id, (rows) => rows[0]?.status === 'sent'));
    assert.equal(sent.attempts, 2 + QUICK_POLICY.retryLimit);
    assert.equal(smtp.received.length, 1);
    assert.equal(await retryMessage(db.pool, council.id, id!), false, 'a sent message is not retried');
  } finally {
    await messaging.stop();
  }
});

test('an SMTP server that cannot be reached is a reason staff can read, and the message is tried again', async () => {
  const council = await newTestCouncil(db);
  await queueEmails(db, council.id, 1);
  const messaging = await deliverTo('smtp://127.0.0.1:9');
  try {
    const waiting = only(await waitForMessages(db, council.id, (rows) => rows[0]?.last_error !== null));
    assert.equal(waiting.status, 'queued');
    assert.match(waiting.last_error!, /ECONNREFUSED/);
    assert.doesNotMatch(waiting.last_error!, /\n/);
  } finally {
    await messaging.stop();
  }
});
