import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useTestDatabase, newTestCouncil } from '../../../../test/support/testDatabase.ts';
import { addTestStaff, signedIn } from '../../../../test/support/staffSession.ts';
import { createApp } from '../../app.ts';

/** Logging a contact records how the person (and their representative) want to hear from the council. */

const db = await useTestDatabase();
const app = await createApp({ db, clock: { now: () => new Date('2025-06-02T09:00:00Z') } });
const council = await newTestCouncil(db);
const highways = Number((await db.pool.query<{ id: string }>(
  `INSERT INTO org_unit (council_id, kind, name) VALUES ($1, 'directorate', 'Place') RETURNING id`, [council.id])).rows[0]!.id);
const officer = await addTestStaff(db, council.id, ['complaints_officer']);

type Client = Awaited<ReturnType<typeof signedIn>>;
async function answer(client: Client, url: string, form: Record<string, string>) {
  const response = await client.post(url, form);
  assert.equal(response.statusCode, 303, `${url}: ${response.body.match(/govuk-error-summary__list[\s\S]*?<\/ul>/)?.[0] ?? ''}`);
}
const received = { channel: 'letter', 'receivedOn-day': '30', 'receivedOn-month': '5', 'receivedOn-year': '2025' };

async function logged(reference: string) {
  const { rows } = await db.pool.query<{ language: string; people: { role: string; language: string; contact_by: string; large_print: boolean }[] }>(
    `SELECT c.language, json_build_array(
        json_build_object('role', 'complainant', 'language', p.language, 'contact_by', p.contact_by, 'large_print', p.large_print),
        json_build_object('role', 'representative', 'language', r.language, 'contact_by', r.contact_by, 'large_print', r.large_print)) AS people
       FROM contact c LEFT JOIN person p ON p.council_id = c.council_id AND p.id = c.complainant_id
       LEFT JOIN person r ON r.council_id = c.council_id AND r.id = c.representative_id
      WHERE c.council_id = $1 AND c.reference = $2`, [council.id, reference]);
  return rows[0]!;
}

async function confirm(client: Client): Promise<string> {
  const done = await client.post('/contacts/new/check', {});
  assert.equal(done.statusCode, 303);
  return decodeURIComponent(String(done.headers.location).replace('/cases/', ''));
}

test('a Welsh speaker who wants letters by post in large print, with a representative by email: saved on each person and the contact', async () => {
  const client = await signedIn(app, officer);
  await answer(client, '/contacts/new', { kind: 'complaint' });
  await answer(client, '/contacts/new/received', received);
  const person = await client.get('/contacts/new/person');
  assert.match(person.body, /Which language should we write in\?/);
  assert.match(person.body, /value="en" checked/, 'English unless chosen');
  assert.match(person.body, /How should we send letters and emails\?/);
  await answer(client, '/contacts/new/person', { fullName: 'Gwen Jones', email: 'gwen@example.test', address: '4 Stryd Fawr', language: 'cy', contactBy: 'post' });
  await answer(client, '/contacts/new/representative', {
    hasRepresentative: 'yes', repFullName: 'Rhys Advocate', relationship: 'advocate', repEmail: 'rhys@advocacy.test', repLanguage: 'en', repContactBy: 'email',
  });
  await answer(client, '/contacts/new/adjustments', { hasAdjustments: 'yes', largePrint: 'yes', adjustments: '' });
  await answer(client, '/contacts/new/restriction', { hasRestriction: 'no' });
  await answer(client, '/contacts/new/about', { orgUnit: String(highways), procedure: 'auto' });
  await answer(client, '/contacts/new/summary', { summary: 'The bins were not collected.' });
  const check = await client.get('/contacts/new/check');
  assert.match(check.body, /Language and how to send[\s\S]*?Cymraeg, by post/);
  assert.match(check.body, /Reasonable adjustments[\s\S]*?Large print/);
  assert.match(check.body, /Rhys Advocate[\s\S]*?English, by email/);

  const reference = await confirm(client);
  assert.deepEqual(await logged(reference), {
    language: 'cy',
    people: [
      { role: 'complainant', language: 'cy', contact_by: 'post', large_print: true },
      { role: 'representative', language: 'en', contact_by: 'email', large_print: false },
    ],
  });
  const casePage = await client.get(`/cases/${encodeURIComponent(reference)}`);
  assert.match(casePage.body, /Writes in[\s\S]*?Cymraeg[\s\S]*?Letters and emails[\s\S]*?By post/);
});

test('unchosen: English, by email when there is an email address, by post when not', async () => {
  for (const [email, expected] of [['sam@example.test', 'email'], ['', 'post']] as const) {
    const client = await signedIn(app, officer);
    await answer(client, '/contacts/new', { kind: 'complaint' });
    await answer(client, '/contacts/new/received', received);
    await answer(client, '/contacts/new/person', { fullName: 'Sam Smith', email });
    await answer(client, '/contacts/new/representative', { hasRepresentative: 'no' });
    await answer(client, '/contacts/new/adjustments', { hasAdjustments: 'no', largePrint: 'yes' });
    await answer(client, '/contacts/new/restriction', { hasRestriction: 'no' });
    await answer(client, '/contacts/new/about', { orgUnit: String(highways), procedure: 'auto' });
    await answer(client, '/contacts/new/summary', { summary: 'A question.' });
    const row = await logged(await confirm(client));
    assert.equal(row.language, 'en');
    assert.deepEqual(row.people[0], { role: 'complainant', language: 'en', contact_by: expected, large_print: false }, 'large print only with adjustments');
  }
});

test('by email without an email address is an error on the email field, with what was typed kept', async () => {
  const client = await signedIn(app, officer);
  await answer(client, '/contacts/new', { kind: 'complaint' });
  await answer(client, '/contacts/new/received', received);
  const refused = await client.post('/contacts/new/person', { fullName: 'Gwen Jones', email: '', phone: '01632 960 001', language: 'cy', contactBy: 'email' });
  assert.equal(refused.statusCode, 400);
  assert.match(refused.body, /govuk-error-summary[\s\S]*href="#email"[^>]*>Enter an email address to send letters and emails by email, or choose by post/);
  assert.match(refused.body, /value="Gwen Jones"/);
  assert.match(refused.body, /value="cy" checked/);
  assert.match(refused.body, /value="email" checked/);

  await answer(client, '/contacts/new/person', { fullName: 'Gwen Jones', email: '', language: 'cy', contactBy: 'post' });
  const rep = await client.post('/contacts/new/representative', { hasRepresentative: 'yes', repFullName: 'Rhys', relationship: 'relative', repEmail: '', repContactBy: 'email' });
  assert.equal(rep.statusCode, 400);
  assert.match(rep.body, /href="#repEmail"[^>]*>Enter the representative’s email address/);
});
