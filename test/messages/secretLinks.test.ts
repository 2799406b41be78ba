import { test } from 'node:test';
import assert from 'node:assert/strict';
import { engineName, newTestCouncil, useTestDatabase } from '../support/testDatabase.ts';
import { startSmtpServer } from '../support/smtpServer.ts';
import { startNotifyStub } from '../support/notifyStub.ts';
import { ann, newCase } from './caseMessagesSupport.ts';
import { readChannelSettings } from '../../src/config.ts';
import { channelFromConfig } from '../../src/messages/channels/fromConfig.ts';
import { outboxChannel, type Channel } from '../../src/messages/channels/channel.ts';
import { smtpChannel } from '../../src/messages/channels/smtp.ts';
import { LINK_REMOVED, messageDeliverer, withoutOneTimeLinks } from '../../src/messages/deliverMessage.ts';
import { requestTrackingLink } from '../../src/public/tracking/trackingLinks.ts';

/**
 * A one-time tracking link must not stay readable in the message table once it has left for
 * the resident: anyone who may read the outbox could otherwise use it within its 30 minutes.
 * With the outbox channel (nothing leaves the machine) the team reads it there, so it stays.
 */

const db = await useTestDatabase();
const now = new Date();
const clock = { now: () => now };
const TOKEN = /\/track\/([A-Za-z0-9_-]{43})/;

test('a body loses every address holding a one-time token and any token on its own, and nothing else', () => {
  const token = 'q0ZzB7Xw0n1cV3pYtH8r2kLmN5sD4fG6hJ9aQeRtUyI';
  assert.equal(token.length, 43);
  const body = `Dear Ann\n\nUse this link to see it:\n\nhttps://complaints.council.example/public/wrexham/track/${token}\n\nOr [open it](https://x.example/public/w/track/${token}) now.\n\nToken: ${token}\n\nSee https://www.council.example/complaints for help.`;
  const kept = withoutOneTimeLinks(body);
  assert.ok(!kept.includes(token), kept);
  assert.equal(kept, `Dear Ann\n\nUse this link to see it:\n\n${LINK_REMOVED}\n\nOr [open it](${LINK_REMOVED}) now.\n\nToken: ${LINK_REMOVED}\n\nSee https://www.council.example/complaints for help.`);
  assert.equal(withoutOneTimeLinks('A reference HBC-2025-000123 and a link https://x.example/a-b'), 'A reference HBC-2025-000123 and a link https://x.example/a-b');
});

/** A tracking link asked for as a resident does, then delivered by the channel; the message row as it is kept, and its token. */
async function delivered(channel: Channel, language: 'en' | 'cy' = 'en') {
  const council = await newTestCouncil(db, language === 'cy' ? { nation: 'wales' } : {});
  const made = await newCase(db, council.id, { receivedOn: '2025-05-01' });
  assert.equal(await requestTrackingLink(db, council, { reference: made.reference, email: ann.email! }, language, now), 'sent');
  const { rows: [queued] } = await db.pool.query<{ id: number; body: string }>(
    "SELECT id, body FROM message WHERE council_id = $1 AND template = 'tracking_link'", [council.id]);
  const token = TOKEN.exec(queued!.body)?.[1];
  assert.ok(token, queued!.body);
  const outcome = await messageDeliverer(db, channel, clock)({ councilId: council.id, messageId: Number(queued!.id) }, { retryCount: 0, final: false })
    .catch((error: Error) => `refused: ${error.message}`);
  const { rows: [row] } = await db.pool.query<{ status: string; provider: string | null; body: string }>(
    'SELECT status, provider, body FROM message WHERE council_id = $1 AND id = $2', [council.id, queued!.id]);
  return { outcome, row: row!, token };
}

test(`sent by SMTP, the resident gets the link and the stored copy says it was removed, in English and Welsh (${engineName()})`, async () => {
  const smtp = await startSmtpServer();
  const channel = smtpChannel({ url: smtp.url, from: 'Complaints <complaints@council.example>' });
  try {
    for (const [i, language] of (['en', 'cy'] as const).entries()) {
      const { outcome, row, token } = await delivered(channel, language);
      assert.equal(outcome, 'delivered');
      const mails = await smtp.waitFor(i + 1);
      assert.ok(mails[i]!.parsed.text?.includes(`/track/${token}`), 'the email carries the live link');
      assert.equal(row.status, 'sent');
      assert.equal(row.provider, 'smtp');
      assert.ok(!row.body.includes(token), row.body);
      assert.ok(row.body.includes(LINK_REMOVED), row.body);
      assert.match(row.body, language === 'en' ? /^Dear Ann Example[\s\S]*The link works once/ : /^Annwyl Ann Example[\s\S]*Mae'r ddolen yn gweithio unwaith/, 'the rest of the words are kept');
    }
  } finally {
    await channel.close?.();
  }
});

test(`sent by Notify, the stored copy keeps no token (${engineName()})`, async () => {
  const notify = await startNotifyStub();
  const channel = channelFromConfig(readChannelSettings({ NOTIFY_API_KEY: notify.apiKey, NOTIFY_TEMPLATE_ID: notify.templateId, NOTIFY_BASE_URL: notify.baseUrl }));
  const { outcome, row, token } = await delivered(channel);
  assert.equal(outcome, 'delivered');
  const [email] = await notify.waitFor(1);
  assert.ok(email!.personalisation.body!.includes(`/track/${token}`), 'Notify is given the live link');
  assert.equal(row.provider, 'notify');
  assert.ok(!row.body.includes(token), row.body);
  assert.ok(row.body.includes(LINK_REMOVED));
});

test(`with the outbox channel the link stays readable, for the team to pass on (${engineName()})`, async () => {
  const { outcome, row, token } = await delivered(outboxChannel);
  assert.equal(outcome, 'delivered');
  assert.equal(row.status, 'sent');
  assert.equal(row.provider, 'outbox');
  assert.ok(row.body.includes(`/track/${token}`));
  assert.ok(!row.body.includes(LINK_REMOVED));
});

test(`a link the channel could not send yet is kept for the next try (${engineName()})`, async () => {
  const smtp = await startSmtpServer();
  smtp.refuseNext(1);
  const channel = smtpChannel({ url: smtp.url, from: 'complaints@council.example' });
  try {
    const { outcome, row, token } = await delivered(channel);
    assert.match(outcome, /^refused: /);
    assert.equal(row.status, 'queued');
    assert.ok(row.body.includes(`/track/${token}`));
  } finally {
    await channel.close?.();
  }
});
