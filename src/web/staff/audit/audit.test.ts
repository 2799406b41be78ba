import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useTestDatabase, newTestCouncil } from '../../../../test/support/testDatabase.ts';
import { addTestStaff, signedIn } from '../../../../test/support/staffSession.ts';
import { createApp } from '../../app.ts';
import { logContact } from '../../../contacts/logContact.ts';
import { systemActor } from '../../../events/actor.ts';

/** The audit trail page: administrators only; by case, by person; a case's changes beside who looked at it. */

const db = await useTestDatabase();
const council = await newTestCouncil(db);
const app = await createApp({ db, clock: { now: () => new Date('2025-06-02T09:00:00Z') } });
const admin = await addTestStaff(db, council.id, ['complaints_administrator'], { name: 'Avery Admin' });
const officer = await addTestStaff(db, council.id, ['complaints_officer'], { name: 'Otto Officer' });
const { reference } = await logContact(db, council.id, { kind: 'complaint', channel: 'email', receivedOn: '2025-05-20', summary: 'Noise', complainant: { fullName: 'Nora Noise' } }, systemActor('test'), '2025-06-02');

test('an administrator finds who listed cases and a case’s changes; an officer may not see the audit', async () => {
  const otto = await signedIn(app, officer);
  await otto.get('/cases');
  assert.equal((await otto.get('/audit')).statusCode, 403);

  const client = await signedIn(app, admin);
  const byPerson = await client.post('/audit', { person: officer.email });
  assert.equal(byPerson.statusCode, 303);
  assert.doesNotMatch(String(byPerson.headers.location), /@/, 'no email in the address');
  const page = await client.get(String(byPerson.headers.location));
  assert.match(page.body, /Otto Officer/);
  assert.match(page.body, /Listed cases/);
  assert.match(page.body, /Signed in/);

  const byCase = await client.get(`/audit?reference=${reference}`);
  assert.equal(byCase.statusCode, 200);
  assert.match(byCase.body, new RegExp(`Changes to ${reference}`));
  assert.match(byCase.body, /logged/);
});

test('bad input keeps what was typed with an error summary, and a bad address is a 400', async () => {
  const client = await signedIn(app, admin);
  const unknown = await client.post('/audit', { person: 'nobody@example.test', reference: 'ABC' });
  assert.equal(unknown.statusCode, 400);
  assert.match(unknown.body, /govuk-error-summary/);
  assert.match(unknown.body, /value="nobody@example.test"/);
  assert.equal((await client.get('/audit?before=abc')).statusCode, 400);
  assert.equal((await client.get('/audit?action=rm_rf')).statusCode, 400);
  const missing = await client.get('/audit?reference=NOPE-1');
  assert.match(missing.body, /There is no case NOPE-1/);
});
