import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { actOnComplaint, type ComplaintAction } from '../../src/complaints/complaintActions.ts';
import { allocateOfficer } from '../../src/complaints/allocateOfficer.ts';
import { decideEscalation } from '../../src/complaints/decideEscalation.ts';
import { logContact } from '../../src/contacts/logContact.ts';
import { systemActor, type Actor } from '../../src/events/actor.ts';
import { ombudsmanDetails, type Ombudsman } from '../../src/messages/ombudsmanDetails.ts';
import { engineName, newTestCouncil, useTestDatabase } from '../support/testDatabase.ts';
import { addTestStaff } from '../support/staffSession.ts';
import { ann, complaintsOfficer, messagesOf, newCase, TODAY } from './caseMessagesSupport.ts';

const db = await useTestDatabase();

const act = (councilId: number, reference: string, actor: Actor, ...actions: ComplaintAction[]) =>
  actions.reduce((done, action) => done.then(() => actOnComplaint(db, councilId, reference, action, actor, TODAY)), Promise.resolve() as Promise<unknown>);

async function dueOn(councilId: number, contactId: number, stage: number): Promise<string> {
  const { rows } = await db.pool.query<{ due: string }>(
    'SELECT coalesce(extended_to, due_on) AS due FROM complaint_stage WHERE council_id = $1 AND contact_id = $2 AND stage = $3', [councilId, contactId, stage]);
  return rows[0]!.due;
}

test(`a staff member acknowledging a complaint emails the complainant its reference, stage and response date (${engineName()})`, async () => {
  const council = await newTestCouncil(db, { name: 'Calderdale Council' });
  const { actor } = await complaintsOfficer(db, council.id);
  const { reference, contactId } = await newCase(db, council.id);
  assert.deepEqual(await messagesOf(db, council.id, contactId), [], 'logging, triage and opening the stage tell nobody');

  await act(council.id, reference, actor, { type: 'acknowledge', on: '2025-05-02' });
  // 10 working days from Friday 2 May 2025, skipping the early May bank holiday.
  assert.equal(await dueOn(council.id, contactId, 1), '2025-05-19');
  const [message, ...more] = await messagesOf(db, council.id, contactId);
  assert.equal(more.length, 0);
  assert.equal(message!.template, 'acknowledgement');
  assert.equal(message!.audience, 'resident');
  assert.equal(message!.channel, 'email');
  assert.equal(message!.status, 'queued');
  assert.equal(message!.recipient_name, 'Ann Example');
  assert.equal(message!.recipient_address, 'ann@example.test');
  assert.equal(message!.language, 'en');
  assert.equal(message!.subject, `We have received your complaint – ${reference}`);
  assert.match(message!.body, /^Dear Ann Example/);
  assert.match(message!.body, new RegExp(`Your reference is ${reference}\\.`));
  assert.match(message!.body, /at stage 1 of our complaints procedure\. We aim to send you our full response by 19 May 2025\./);
  assert.match(message!.body, /Calderdale Council$/);
  const event = await db.pool.query<{ id: string }>(
    "SELECT id FROM case_event WHERE council_id = $1 AND contact_id = $2 AND type = 'acknowledged'", [council.id, contactId]);
  assert.equal(message!.dedupe_key, `event:${event.rows[0]!.id}:acknowledgement`);
});

test('imports, the demo seed and the command line (system actors) send nothing', async () => {
  const council = await newTestCouncil(db);
  const { reference, contactId } = await newCase(db, council.id);
  const system = systemActor('redress import', 'import');
  await act(council.id, reference, system,
    { type: 'acknowledge', on: '2025-05-02' }, { type: 'extend', on: '2025-05-15', to: '2025-05-30', reason: 'Waiting for the crew’s report' },
    { type: 'respond', on: '2025-05-28', outcome: 'upheld' });
  assert.deepEqual(await messagesOf(db, council.id, contactId), []);
});

test('an extension tells the resident the new date and the reason; a response tells them how to ask for stage 2, by when', async () => {
  const council = await newTestCouncil(db);
  const { actor } = await complaintsOfficer(db, council.id);
  const { reference, contactId } = await newCase(db, council.id);
  await act(council.id, reference, actor,
    { type: 'acknowledge', on: '2025-05-02' }, { type: 'extend', on: '2025-05-15', to: '2025-05-30', reason: 'We are waiting for the crew’s report' });
  const [, extension] = await messagesOf(db, council.id, contactId);
  assert.equal(extension!.template, 'extension');
  assert.equal(extension!.subject, `Your complaint ${reference}: new response date`);
  assert.match(extension!.body, /The reason: We are waiting for the crew’s report/);
  assert.match(extension!.body, /We will now send you our response by 30 May 2025\./);

  // Cheshire West's procedure: stage 2 may be asked for within 20 working days of the stage 1 response.
  const cheshire = await newTestCouncil(db, { procedures: { corporate: 'cheshire-west-corporate' } });
  const officer = await complaintsOfficer(db, cheshire.id);
  const windowed = await newCase(db, cheshire.id);
  await act(cheshire.id, windowed.reference, officer.actor, { type: 'respond', on: '2025-05-28', outcome: 'partially_upheld' });
  const [response] = await messagesOf(db, cheshire.id, windowed.contactId);
  assert.equal(response!.template, 'response_sent');
  assert.match(response!.body, /We have sent you our stage 1 response/);
  // 20 working days from Wednesday 28 May 2025: 29 May … 25 June.
  assert.match(response!.body, new RegExp(`ask us to look at your complaint again at stage 2 of our complaints procedure\\. Contact us by 25 June 2025 and tell us why, quoting your reference ${windowed.reference}\\.`));
  assert.doesNotMatch(response!.body, /Ombudsman/);
});

test('a response at the last stage gives the Ombudsman’s details; a stage 1 response with no window says how, not by when', async () => {
  const council = await newTestCouncil(db);
  const { staff, actor } = await complaintsOfficer(db, council.id);
  const officer = await addTestStaff(db, council.id, ['investigating_officer'], { name: 'Ivy Investigator' });
  const { reference, contactId } = await newCase(db, council.id);
  await act(council.id, reference, actor,
    { type: 'acknowledge', on: '2025-05-02' }, { type: 'respond', on: '2025-05-16', outcome: 'not_upheld' }, { type: 'request_escalation', on: '2025-06-02' });
  await decideEscalation(db, council.id, reference, { decision: 'accept', on: '2025-06-03', officerId: officer.staffMemberId }, actor, TODAY);
  await act(council.id, reference, actor, { type: 'respond', on: '2025-06-20', outcome: 'not_upheld' });

  const messages = await messagesOf(db, council.id, contactId);
  assert.deepEqual(messages.map((m) => m.template), ['acknowledgement', 'response_sent', 'escalation_accepted', 'allocation', 'response_sent']);
  const [, first, accepted, allocation, last] = messages;
  assert.match(first!.body, /again at stage 2 of our complaints procedure\. Contact us and tell us why/);
  const due = await dueOn(council.id, contactId, 2);
  assert.equal(due, '2025-07-07');
  assert.equal(accepted!.subject, `Your complaint ${reference} will be looked at again`);
  assert.match(accepted!.body, /to stage 2 of our complaints procedure\.\n\nWe aim to send you our response by 7 July 2025\./);
  assert.match(last!.body, /This was the last stage of our complaints procedure\. If you are still not satisfied, you can ask the Local Government and Social Care Ombudsman to look at your complaint:\n\n\* website: www\.lgo\.org\.uk\n\* telephone: 0300 061 0614/);

  // The allocation goes to the investigating officer, with a link straight to the case.
  assert.equal(allocation!.audience, 'staff');
  assert.equal(allocation!.recipient_address, officer.email);
  assert.equal(allocation!.account_id, officer.accountId);
  assert.notEqual(allocation!.account_id, staff.accountId);
  assert.equal(allocation!.subject, `Complaint ${reference} allocated to you – response due 7 July 2025`);
  assert.match(allocation!.body, new RegExp(`Open the case: http://localhost:3000/cases/${reference}`));
});

test('a refused request tells the resident the reason and how to reach the Housing Ombudsman (housing, England)', async () => {
  const council = await newTestCouncil(db);
  const { actor } = await complaintsOfficer(db, council.id);
  const { reference, contactId } = await newCase(db, council.id, { procedure: 'housing' });
  await act(council.id, reference, actor,
    { type: 'acknowledge', on: '2025-05-02' }, { type: 'respond', on: '2025-05-16', outcome: 'not_upheld' }, { type: 'request_escalation', on: '2025-06-02' },
    { type: 'refuse_escalation', on: '2025-06-03', reason: 'The request raises nothing new.' });
  const refused = (await messagesOf(db, council.id, contactId)).at(-1)!;
  assert.equal(refused.template, 'escalation_refused');
  assert.match(refused.body, /to stage 2 of our complaints procedure\.\n\nThe reason: The request raises nothing new\./);
  assert.match(refused.body, /ask the Housing Ombudsman to look at your complaint:\n\n\* website: www\.housing-ombudsman\.org\.uk\n\* telephone: 0300 111 3000/);
});

test('a Welsh-speaking resident gets Welsh, with Welsh dates and the Ombudsman’s Welsh name (a Welsh council)', async () => {
  const council = await newTestCouncil(db, { nation: 'wales', name: 'Cyngor Sir Ceredigion' });
  const { actor } = await complaintsOfficer(db, council.id);
  const { reference, contactId } = await newCase(db, council.id, { complainant: { ...ann, fullName: 'Elin Jones', language: 'cy' } });
  await act(council.id, reference, actor, { type: 'acknowledge', on: '2025-05-02' });
  const [ack] = await messagesOf(db, council.id, contactId);
  assert.equal(ack!.language, 'cy');
  assert.equal(ack!.subject, `Rydym wedi cael eich cwyn – ${reference}`);
  assert.match(ack!.body, /^Annwyl Elin Jones/);
  assert.match(ack!.body, /Ein nod yw anfon ein hymateb llawn atoch erbyn \d{1,2} (Mai|Mehefin) 2025\./);

  // The contact made in Welsh is answered in Welsh whatever the person's own setting.
  const second = await newCase(db, council.id, { contactLanguage: 'cy' });
  const lastStage = await db.pool.query<{ n: number }>(
    "SELECT jsonb_array_length(definition->'stages') AS n FROM council_procedure WHERE council_id = $1 AND code = 'corporate' AND retired_on IS NULL", [council.id]);
  assert.equal(lastStage.rows[0]!.n, 2);
  await act(council.id, second.reference, actor, { type: 'acknowledge', on: '2025-05-02' }, { type: 'respond', on: '2025-05-09', outcome: 'upheld' },
    { type: 'request_escalation', on: '2025-05-12' });
  await decideEscalation(db, council.id, second.reference, { decision: 'refuse', on: '2025-05-13', reason: 'Nid oes dim byd newydd.' }, actor, TODAY);
  const refused = (await messagesOf(db, council.id, second.contactId)).at(-1)!;
  assert.equal(refused.template, 'escalation_refused');
  assert.equal(refused.language, 'cy');
  assert.match(refused.body, /Y rheswm: Nid oes dim byd newydd\./);
  assert.match(refused.body, /\* Ombwdsmon Gwasanaethau Cyhoeddus Cymru\n\* gwefan: www\.ombwdsmon\.cymru\n\* ffôn: 0300 790 0203/);
});

test('post instead of email: a letter to the postal address, in large print, waiting for the team to post it', async () => {
  const council = await newTestCouncil(db);
  const { actor } = await complaintsOfficer(db, council.id);
  const byPost = await newCase(db, council.id, { complainant: { ...ann, contactBy: 'post', largePrint: true } });
  const noEmail = await newCase(db, council.id, { complainant: { fullName: 'Bob Example', address: '1 Low Road, Halifax' } });
  const nothing = await newCase(db, council.id, { complainant: { fullName: 'Cy Nowhere' } });
  for (const c of [byPost, noEmail, nothing]) await act(council.id, c.reference, actor, { type: 'acknowledge', on: '2025-05-02' });

  const [letter] = await messagesOf(db, council.id, byPost.contactId);
  assert.deepEqual([letter!.channel, letter!.status, letter!.recipient_address, letter!.large_print], ['letter', 'to_post', '4 High Street, Halifax HX1 1AA', true]);
  const [noEmailLetter] = await messagesOf(db, council.id, noEmail.contactId);
  assert.deepEqual([noEmailLetter!.channel, noEmailLetter!.recipient_address], ['letter', '1 Low Road, Halifax']);
  // Neither email nor address: still written, so the team sees a letter with no address to post.
  const [noAddress] = await messagesOf(db, council.id, nothing.contactId);
  assert.deepEqual([noAddress!.channel, noAddress!.status, noAddress!.recipient_name, noAddress!.recipient_address], ['letter', 'to_post', 'Cy Nowhere', '']);
  // No one named at all (anonymous): no one to write to.
  const anonymous = await newCase(db, council.id, { complainant: null });
  await act(council.id, anonymous.reference, actor, { type: 'acknowledge', on: '2025-05-02' });
  assert.deepEqual(await messagesOf(db, council.id, anonymous.contactId), []);
});

test('a named contact (representative) is written to instead of the complainant, in their language', async () => {
  const council = await newTestCouncil(db);
  const { actor } = await complaintsOfficer(db, council.id);
  const { reference, contactId } = await newCase(db, council.id, {
    representative: { fullName: 'Rhys Advocate', email: 'rhys@advocacy.test', language: 'cy' },
  });
  await act(council.id, reference, actor, { type: 'acknowledge', on: '2025-05-02' });
  const [ack] = await messagesOf(db, council.id, contactId);
  assert.deepEqual([ack!.recipient_name, ack!.recipient_address, ack!.language], ['Rhys Advocate', 'rhys@advocacy.test', 'cy']);
  assert.match(ack!.body, /^Annwyl Rhys Advocate/);
});

test('a council’s switched-off message is not written, and its own wording is used', async () => {
  const council = await newTestCouncil(db, { name: 'Kirklees Council' });
  const { actor } = await complaintsOfficer(db, council.id);
  await db.pool.query("INSERT INTO message_switched_off (council_id, template) VALUES ($1, 'extension')", [council.id]);
  await db.pool.query(
    `INSERT INTO message_wording (council_id, template, language, subject, body)
     VALUES ($1, 'acknowledgement', 'en', 'Complaint ((reference)) received', 'Hello ((name)), we will reply by ((due_date)). ((council_name)) complaints team')`,
    [council.id]);
  const { reference, contactId } = await newCase(db, council.id);
  await act(council.id, reference, actor, { type: 'acknowledge', on: '2025-05-02' }, { type: 'extend', on: '2025-05-15', to: '2025-05-30', reason: 'Waiting' });
  const messages = await messagesOf(db, council.id, contactId);
  assert.deepEqual(messages.map((m) => m.template), ['acknowledgement']);
  assert.equal(messages[0]!.subject, `Complaint ${reference} received`);
  assert.equal(messages[0]!.body, 'Hello Ann Example, we will reply by 19 May 2025. Kirklees Council complaints team');
});

test('allocation tells the officer, unless they allocated the case to themselves', async () => {
  const council = await newTestCouncil(db);
  const { actor } = await complaintsOfficer(db, council.id);
  const officer = await addTestStaff(db, council.id, ['investigating_officer'], { name: 'Ivy Investigator' });
  const noAccount = Number((await db.pool.query<{ id: number }>(
    "INSERT INTO staff_member (council_id, name, email) VALUES ($1, 'Olu Offline', 'olu@council.test') RETURNING id", [council.id])).rows[0]!.id);
  const { reference, contactId } = await newCase(db, council.id);
  await act(council.id, reference, actor, { type: 'acknowledge', on: '2025-05-02' });
  const self = { accountId: officer.accountId, name: officer.name, origin: 'web 192.0.2.2' };
  await allocateOfficer(db, council.id, reference, { on: '2025-05-02', staffMemberId: officer.staffMemberId }, self, TODAY);
  assert.deepEqual((await messagesOf(db, council.id, contactId)).map((m) => m.template), ['acknowledgement']);

  await allocateOfficer(db, council.id, reference, { on: '2025-05-03', staffMemberId: noAccount }, self, TODAY);
  const allocation = (await messagesOf(db, council.id, contactId)).at(-1)!;
  assert.deepEqual([allocation.template, allocation.recipient_name, allocation.recipient_address, allocation.account_id, allocation.language],
    ['allocation', 'Olu Offline', 'olu@council.test', null, 'en']);
  assert.match(allocation.body, /^Hello Olu Offline\n\nComplaint \S+ has been allocated to you to investigate at stage 1\.\n\nThe response is due by 19 May 2025\./);
});

test('a compliment logged by staff is thanked; one with no one to reply to, or logged by an import, is not', async () => {
  const council = await newTestCouncil(db, { name: 'Calderdale Council' });
  const { actor } = await complaintsOfficer(db, council.id);
  const log = (who: Actor, complainant?: { fullName: string; email?: string }) => logContact(db, council.id, {
    kind: 'compliment', channel: 'email', receivedOn: '2025-06-02', summary: 'The crew were kind and quick', ...(complainant ? { complainant } : {}),
  }, who, TODAY);
  const thanked = await log(actor, { fullName: 'Dee Example', email: 'dee@example.test' });
  const [thanks] = await messagesOf(db, council.id, Number(thanked.id));
  assert.equal(thanks!.template, 'compliment_thanks');
  assert.equal(thanks!.subject, `Thank you for your compliment – ${thanked.reference}`);
  assert.equal(thanks!.recipient_address, 'dee@example.test');
  const anonymous = await log(actor);
  const imported = await log(systemActor('redress import', 'import'), { fullName: 'Eve Example', email: 'eve@example.test' });
  assert.deepEqual(await messagesOf(db, council.id, Number(anonymous.id)), []);
  assert.deepEqual(await messagesOf(db, council.id, Number(imported.id)), []);
});

test('the Ombudsmen’s names, websites and telephone numbers are those the staff screens show', () => {
  const screens = JSON.parse(readFileSync(new URL('../../src/web/locales/en/caseDecisions.json', import.meta.url), 'utf8')) as {
    ombudsmen: Record<Ombudsman, { name: string; website: string; phone: string }>;
  };
  for (const [body, shown] of Object.entries(screens.ombudsmen)) assert.deepEqual(ombudsmanDetails(body as Ombudsman, 'en'), shown, body);
});
