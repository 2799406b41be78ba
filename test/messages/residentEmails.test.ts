import { test } from 'node:test';
import assert from 'node:assert/strict';
import { actOnComplaint, type ComplaintAction } from '../../src/complaints/complaintActions.ts';
import { allocateOfficer } from '../../src/complaints/allocateOfficer.ts';
import type { Actor } from '../../src/events/actor.ts';
import { startDeliveryWorker } from '../../src/messages/jobQueue.ts';
import { messageDeliverer } from '../../src/messages/deliverMessage.ts';
import { smtpChannel } from '../../src/messages/channels/smtp.ts';
import { engineName, newTestCouncil, useTestDatabase } from '../support/testDatabase.ts';
import { startSmtpServer, type ReceivedMail } from '../support/smtpServer.ts';
import { useOwnDeliveryQueue } from '../support/deliveryQueue.ts';
import { addTestStaff } from '../support/staffSession.ts';
import { ann, complaintsOfficer, messagesOf, newCase, TODAY } from './caseMessagesSupport.ts';

// A delivery queue of the file's own: this file's worker takes only this file's jobs (ADR 18).
const db = await useTestDatabase();
await useOwnDeliveryQueue(db);

const act = async (councilId: number, reference: string, actor: Actor, ...actions: ComplaintAction[]) => {
  for (const action of actions) await actOnComplaint(db, councilId, reference, action, actor, TODAY);
};

async function deliverAll(expected: number): Promise<ReceivedMail[]> {
  const smtp = await startSmtpServer();
  const worker = await startDeliveryWorker(
    db, messageDeliverer(db, smtpChannel({ url: smtp.url, from: 'Calderdale complaints <complaints@calderdale.example>' }), { now: () => new Date() }),
    { pollingIntervalSeconds: 0.5 });
  try {
    const mails = await smtp.waitFor(expected, 20_000);
    // Nothing more arrives: one event, one message.
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(smtp.received.length, expected);
    return mails;
  } finally {
    await worker.stop();
  }
}

const header = (mail: ReceivedMail, name: string) => new RegExp(`^${name}: (.*)$`, 'mi').exec(mail.raw)?.[1]?.trim();
const bySubject = (mails: ReceivedMail[], pattern: RegExp) => {
  const found = mails.find((m) => pattern.test(m.parsed.subject ?? ''));
  assert.ok(found, `no email with a subject like ${pattern}; got ${mails.map((m) => m.parsed.subject).join(' | ')}`);
  return found;
};

test(`what a staff member does reaches the resident and the officer by email, in their language (${engineName()})`, async () => {
  const council = await newTestCouncil(db, { name: 'Calderdale Council' });
  const { actor } = await complaintsOfficer(db, council.id);
  const officer = await addTestStaff(db, council.id, ['investigating_officer'], { name: 'Ivy Investigator' });
  const english = await newCase(db, council.id);
  const welsh = await newCase(db, council.id, { complainant: { fullName: 'Elin Jones', email: 'elin@example.test', language: 'cy' } });
  const byPost = await newCase(db, council.id, { complainant: { ...ann, fullName: 'Pat Post', contactBy: 'post' } });

  await act(council.id, english.reference, actor,
    { type: 'acknowledge', on: '2025-05-02' },
    { type: 'extend', on: '2025-05-15', to: '2025-05-30', reason: 'We are waiting for the crew’s report' },
    { type: 'respond', on: '2025-05-28', outcome: 'partially_upheld' });
  await allocateOfficer(db, council.id, welsh.reference, { on: '2025-05-02', staffMemberId: officer.staffMemberId }, actor, TODAY);
  await act(council.id, welsh.reference, actor, { type: 'acknowledge', on: '2025-05-02' });
  await act(council.id, byPost.reference, actor, { type: 'acknowledge', on: '2025-05-02' });

  // 3 to Ann, 1 to the officer, 1 to Elin; Pat's letter waits to be posted.
  const mails = await deliverAll(5);

  const ack = bySubject(mails, new RegExp(`^We have received your complaint – ${english.reference}$`));
  assert.deepEqual(ack.envelopeTo, ['ann@example.test']);
  assert.equal(ack.parsed.to && !Array.isArray(ack.parsed.to) ? ack.parsed.to.value[0]!.name : '', 'Ann Example');
  assert.equal(header(ack, 'Content-Language'), 'en-GB');
  assert.match(ack.parsed.text ?? '', /We aim to send you our full response by 19 May 2025\./);
  assert.match(ack.parsed.text ?? '', /Calderdale Council/);

  const extension = bySubject(mails, new RegExp(`^Your complaint ${english.reference}: new response date$`));
  assert.match(extension.parsed.text ?? '', /The reason: We are waiting for the crew’s report/);
  assert.match(extension.parsed.text ?? '', /We will now send you our response by 30 May 2025\./);

  const response = bySubject(mails, new RegExp(`^Our response to your complaint ${english.reference}$`));
  assert.match(response.parsed.text ?? '', /you can ask us to look at your complaint again at stage 2/);

  const allocation = bySubject(mails, new RegExp(`^Complaint ${welsh.reference} allocated to you`));
  assert.deepEqual(allocation.envelopeTo, [officer.email]);
  assert.match(allocation.parsed.text ?? '', new RegExp(`Open the case: http://localhost:3000/cases/${welsh.reference}`));
  assert.match(String(allocation.parsed.html), new RegExp(`<a href="http://localhost:3000/cases/${welsh.reference}">`));

  const croeso = bySubject(mails, new RegExp(`^Rydym wedi cael eich cwyn – ${welsh.reference}$`));
  assert.deepEqual(croeso.envelopeTo, ['elin@example.test']);
  assert.equal(header(croeso, 'Content-Language'), 'cy');
  assert.match(croeso.parsed.text ?? '', /^Annwyl Elin Jones/);
  assert.match(croeso.parsed.text ?? '', new RegExp(`Eich cyfeirnod yw ${welsh.reference}\\.`));
  assert.match(croeso.parsed.text ?? '', /erbyn \d{1,2} (Mai|Mehefin) 2025\./);

  const [letter] = await messagesOf(db, council.id, byPost.contactId);
  assert.deepEqual([letter!.channel, letter!.status], ['letter', 'to_post']);
  const { rows } = await db.pool.query<{ status: string; n: number }>(
    "SELECT status, count(*)::int AS n FROM message WHERE council_id = $1 AND channel = 'email' GROUP BY status", [council.id]);
  assert.deepEqual(rows, [{ status: 'sent', n: 5 }]);
});
