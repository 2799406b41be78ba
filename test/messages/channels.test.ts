import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { useTestDatabase, newTestCouncil } from '../support/testDatabase.ts';
import { startSmtpServer } from '../support/smtpServer.ts';
import { startNotifyStub } from '../support/notifyStub.ts';
import { useOwnDeliveryQueue } from '../support/deliveryQueue.ts';
import { queueEmails, referenceOf, waitForMessages } from '../support/workerProcess.ts';
import { readChannelSettings, readMessagingConfig, type ChannelSettings } from '../../src/config.ts';
import { channelFromConfig } from '../../src/messages/channels/fromConfig.ts';
import { runMessaging } from '../../src/messages/runMessaging.ts';
import { systemClock } from '../../src/config.ts';

const db = await useTestDatabase();
await useOwnDeliveryQueue(db);

/** Delivery as `redress start` runs it, with the channel the settings choose. */
const deliverWith = (settings: ChannelSettings) =>
  runMessaging(db, { channel: channelFromConfig(settings), clock: systemClock, pollingIntervalSeconds: 0.5, reminderSweepSeconds: null });

test('with SMTP_URL and MAIL_FROM set, a queued message goes to the SMTP server and shows sent', async () => {
  const council = await newTestCouncil(db);
  const smtp = await startSmtpServer();
  const settings = readChannelSettings({ SMTP_URL: smtp.url, MAIL_FROM: 'Complaints <complaints@council.example>' });
  assert.equal(settings.kind, 'smtp');
  const [id] = await queueEmails(db, council.id, 1);
  const messaging = await deliverWith(settings);
  try {
    const [mail] = await smtp.waitFor(1);
    assert.deepEqual(mail!.envelopeTo, ['officer0@example.test']);
    assert.equal(mail!.envelopeFrom, 'complaints@council.example');
    assert.equal(mail!.parsed.messageId, `<${referenceOf(council.id, id!)}@council.example>`);
    const [row] = await waitForMessages(db, council.id, (rows) => rows[0]?.status === 'sent');
    assert.equal(row!.provider, 'smtp');
  } finally {
    await messaging.stop();
  }
});

test('with NOTIFY_API_KEY and NOTIFY_TEMPLATE_ID set, the official client sends it to Notify (the stub) with its words as personalisation and its reference', async () => {
  const council = await newTestCouncil(db);
  const notify = await startNotifyStub();
  const settings = readChannelSettings({
    NOTIFY_API_KEY: notify.apiKey, NOTIFY_TEMPLATE_ID: notify.templateId, NOTIFY_BASE_URL: notify.baseUrl,
    // Notify wins when both are set.
    SMTP_URL: 'smtp://127.0.0.1:9', MAIL_FROM: 'complaints@council.example',
  });
  assert.equal(settings.kind, 'notify');
  const [id] = await queueEmails(db, council.id, 1);
  const messaging = await deliverWith(settings);
  try {
    const [email] = await notify.waitFor(1);
    assert.equal(email!.emailAddress, 'officer0@example.test');
    assert.equal(email!.reference, referenceOf(council.id, id!));
    assert.equal(email!.personalisation.subject, 'Your complaints this week: 1 open');
    assert.match(email!.personalisation.body!, /HBC-1 due 3 December/);
    const [row] = await waitForMessages(db, council.id, (rows) => rows[0]?.status === 'sent');
    assert.equal(row!.provider, 'notify');
    assert.equal(row!.provider_reference, email!.id, "Notify's own id is kept, to look the email up on Notify");
  } finally {
    await messaging.stop();
  }
});

test("Notify's refusal becomes one line with its status and words, never the key", async () => {
  const notify = await startNotifyStub();
  const channel = channelFromConfig(readChannelSettings({ NOTIFY_API_KEY: notify.apiKey, NOTIFY_TEMPLATE_ID: notify.templateId, NOTIFY_BASE_URL: notify.baseUrl }));
  const email = { reference: 'redress-1-1', to: { name: 'A', address: 'a@example.test' }, subject: 'S', body: 'B', language: 'en' as const, largePrint: false };
  notify.refuseNext(1, 400, 'BadRequestError', "Can't send to this recipient using a team-only API key");
  await assert.rejects(channel.send(email), (error: Error) => {
    assert.equal(error.message, "GOV.UK Notify refused the message (400): BadRequestError: Can't send to this recipient using a team-only API key");
    return true;
  });
  // A key for another service: Notify refuses the token.
  const wrongKey = `${notify.apiKey.slice(0, -36)}00000000-0000-4000-8000-000000000000`;
  const wrong = channelFromConfig(readChannelSettings({ NOTIFY_API_KEY: wrongKey, NOTIFY_TEMPLATE_ID: notify.templateId, NOTIFY_BASE_URL: notify.baseUrl }));
  await assert.rejects(wrong.send(email), (error: Error) => {
    assert.match(error.message, /^GOV\.UK Notify refused the message \(403\): AuthError: Invalid token/);
    assert.ok(!error.message.includes(wrongKey.slice(-36)) && !error.message.includes(notify.apiKey.slice(-36)));
    return true;
  });
  const unreachable = channelFromConfig(readChannelSettings({ NOTIFY_API_KEY: notify.apiKey, NOTIFY_TEMPLATE_ID: notify.templateId, NOTIFY_BASE_URL: 'http://127.0.0.1:9' }));
  await assert.rejects(unreachable.send(email), /^Error: GOV\.UK Notify could not be reached \(ECONNREFUSED\); check NOTIFY_BASE_URL/);
  assert.equal(notify.received.length, 0);
});

test('half-set settings are refused at start, naming what is missing; none repeats a key', () => {
  const key = 'redress-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0';
  const cases: Array<[Record<string, string>, RegExp]> = [
    [{ SMTP_URL: 'smtp://mail.example:587' }, /^Email by SMTP needs both SMTP_URL and MAIL_FROM: MAIL_FROM is not set$/],
    [{ MAIL_FROM: 'complaints@council.example' }, /SMTP_URL is not set$/],
    [{ SMTP_URL: 'mail.example', MAIL_FROM: 'complaints@council.example' }, /SMTP_URL must start smtp:\/\/ or smtps:\/\//],
    [{ SMTP_URL: 'smtp://mail.example', MAIL_FROM: 'Complaints' }, /MAIL_FROM must contain an email address/],
    [{ NOTIFY_API_KEY: key }, /^GOV\.UK Notify needs NOTIFY_TEMPLATE_ID as well as NOTIFY_API_KEY/],
    [{ NOTIFY_TEMPLATE_ID: '26785a09-ab16-4eb0-8407-a37497a57506' }, /^GOV\.UK Notify needs NOTIFY_API_KEY as well as NOTIFY_TEMPLATE_ID$/],
    [{ NOTIFY_API_KEY: 'not-a-key', NOTIFY_TEMPLATE_ID: '26785a09-ab16-4eb0-8407-a37497a57506' }, /^NOTIFY_API_KEY is not a GOV\.UK Notify API key/],
    [{ NOTIFY_API_KEY: key, NOTIFY_TEMPLATE_ID: 'welcome' }, /^NOTIFY_TEMPLATE_ID must be a template id/],
  ];
  for (const [env, message] of cases) {
    assert.throws(() => readChannelSettings(env), (error: Error) => {
      assert.match(error.message, message);
      assert.ok(!error.message.includes('3d844edf'), `the secret was repeated: ${error.message}`);
      return true;
    }, JSON.stringify(env));
  }
  assert.deepEqual(readChannelSettings({}), { kind: 'outbox' });
  assert.throws(() => readMessagingConfig({ WORKER: 'yes' }, 3000), { message: 'WORKER must be one of in-process, off, not "yes"' });
  assert.throws(() => readMessagingConfig({ PUBLIC_BASE_URL: 'complaints.council' }, 3000), /PUBLIC_BASE_URL must be the address staff open Redress at/);
  assert.throws(() => readMessagingConfig({ REMINDER_SWEEP_SECONDS: '-1' }, 3000), /REMINDER_SWEEP_SECONDS must be a whole number from 0 to 3600/);
  const defaults = readMessagingConfig({}, 8080);
  assert.equal(defaults.publicBaseUrl, 'http://localhost:8080');
  assert.equal(defaults.worker, 'in-process');
  assert.equal(defaults.reminderSweepSeconds, 60);
});

test('`redress worker` with half the SMTP settings exits at once with status 2 and the sentence, before opening a database', () => {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const result = spawnSync(process.execPath, ['bin/redress.js', 'worker'], {
    cwd: root, encoding: 'utf8', timeout: 60_000,
    env: { PATH: process.env.PATH ?? '', SMTP_URL: 'smtp://user:secret-password@mail.example:587', DATA_DIR: '/nonexistent/redress' },
  });
  assert.equal(result.status, 2, result.stderr);
  assert.equal(result.stderr, 'Email by SMTP needs both SMTP_URL and MAIL_FROM: MAIL_FROM is not set\n');
});
