import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useTestDatabase } from '../../../../test/support/testDatabase.ts';
import { addTestStaff, signedIn } from '../../../../test/support/staffSession.ts';
import { createApp } from '../../app.ts';
import { newTestOrg, openComplaint, TODAY } from './caseTestSupport.ts';

/** Changing a person's details from the case page, with how they want to hear from the council. */

const db = await useTestDatabase();
const app = await createApp({ db, clock: { now: () => new Date(`${TODAY}T09:00:00Z`) } });
const org = await newTestOrg(db);
const officer = await addTestStaff(db, org.councilId, ['complaints_officer']);
const investigator = await addTestStaff(db, org.councilId, ['investigating_officer']);

const personOf = async (contactId: number) => (await db.pool.query<{ full_name: string; email: string | null; address: string | null; language: string; contact_by: string; large_print: boolean; contact_language: string }>(
  `SELECT p.full_name, p.email, p.address, p.language, p.contact_by, p.large_print, c.language AS contact_language
     FROM contact c JOIN person p ON p.council_id = c.council_id AND p.id = c.complainant_id WHERE c.council_id = $1 AND c.id = $2`,
  [org.councilId, contactId])).rows[0]!;

const form = (overrides: Record<string, string>, version: string) => ({
  fullName: 'Priya Shah', email: 'priya@example.org', phone: '07700 900123', address: '', reasonableAdjustments: 'Large print letters, please',
  language: 'en', contactBy: 'email', version, ...overrides,
});

test('the case page shows how the person wants to hear from us, and the complaints team changes it', async () => {
  const { reference, contactId } = await openComplaint(db, org);
  const client = await signedIn(app, officer);
  const casePage = await client.get(`/cases/${reference}`);
  assert.match(casePage.body, /Writes in[\s\S]*?English/);
  assert.match(casePage.body, /Letters and emails[\s\S]*?By email/);
  assert.match(casePage.body, new RegExp(`href="/cases/${reference}/person/complainant"`));

  const page = await client.get(`/cases/${reference}/person/complainant`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Which language should we write in\?/);
  assert.match(page.body, /value="en" checked/);
  assert.match(page.body, /value="email" checked/);
  const version = /name="version" value="(\d+)"/.exec(page.body)![1]!;

  const saved = await client.post(`/cases/${reference}/person/complainant`, form({ language: 'cy', contactBy: 'post', largePrint: 'yes', address: '4 Stryd Fawr\nAberystwyth' }, version));
  assert.equal(saved.statusCode, 303);
  assert.equal(saved.headers.location, `/cases/${reference}#person`);
  assert.deepEqual(await personOf(contactId), {
    full_name: 'Priya Shah', email: 'priya@example.org', address: '4 Stryd Fawr\nAberystwyth', language: 'cy', contact_by: 'post', large_print: true, contact_language: 'cy',
  });
  const after = await client.get(`/cases/${reference}`);
  assert.match(after.body, /Details saved/);
  assert.match(after.body, /Writes in[\s\S]*?Cymraeg/);
  assert.match(after.body, /Letters and emails[\s\S]*?By post/);
  assert.match(after.body, /Large print\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*Yes/);
  assert.match(after.body, /data-event="contact_updated"/, 'the change is on the timeline');
  const { rows } = await db.pool.query<{ data: object }>(`SELECT data FROM case_event WHERE council_id = $1 AND contact_id = $2 AND type = 'contact_updated'`, [org.councilId, contactId]);
  assert.deepEqual(rows.map((r) => r.data), [{ person: 'complainant', changed: ['address', 'language', 'contactBy', 'largePrint'] }], 'which details changed, not their values');
});

test('by email needs an email address: the error, with what was typed kept', async () => {
  const { reference, contactId } = await openComplaint(db, org);
  const client = await signedIn(app, officer);
  const page = await client.get(`/cases/${reference}/person/complainant`);
  const version = /name="version" value="(\d+)"/.exec(page.body)![1]!;
  const refused = await client.post(`/cases/${reference}/person/complainant`, form({ email: '', language: 'cy', contactBy: 'email', phone: '01632 960 111' }, version));
  assert.equal(refused.statusCode, 400);
  assert.match(refused.body, /govuk-error-summary[\s\S]*href="#email"[^>]*>Enter an email address to send letters and emails by email, or choose by post/);
  assert.match(refused.body, /id="email-error"/);
  assert.match(refused.body, /value="01632 960 111"/);
  assert.match(refused.body, /value="cy" checked/);
  assert.equal((await personOf(contactId)).email, 'priya@example.org', 'nothing saved');
});

test('only the complaints team changes details; a case with no representative has none to change; a stale form is refused', async () => {
  const { reference } = await openComplaint(db, org);
  assert.equal((await (await signedIn(app, investigator)).get(`/cases/${reference}/person/complainant`)).statusCode, 403);
  const client = await signedIn(app, officer);
  assert.equal((await client.get(`/cases/${reference}/person/representative`)).statusCode, 404);
  assert.equal((await client.get(`/cases/${reference}/person/neighbour`)).statusCode, 404);
  const investigatorPage = await (await signedIn(app, investigator)).get(`/cases/${reference}`);
  assert.doesNotMatch(investigatorPage.body, /\/person\/complainant/);

  const page = await client.get(`/cases/${reference}/person/complainant`);
  const version = /name="version" value="(\d+)"/.exec(page.body)![1]!;
  await client.post(`/cases/${reference}/note`, { note: 'Rang the resident', version });
  const stale = await client.post(`/cases/${reference}/person/complainant`, form({ language: 'cy' }, version));
  assert.equal(stale.statusCode, 409);
  assert.match(stale.body, /Someone else changed this case/);
});
