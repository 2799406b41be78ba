import { test } from 'node:test';
import assert from 'node:assert/strict';
import JSZip from 'jszip';
import { useTestDatabase, newTestCouncil } from '../../../../test/support/testDatabase.ts';
import { addTestStaff, signedIn } from '../../../../test/support/staffSession.ts';
import { createApp } from '../../app.ts';
import { logContact } from '../../../contacts/logContact.ts';
import { systemActor } from '../../../events/actor.ts';

/** Records management: retention periods, what is due and running it, legal holds, subject access. */

const db = await useTestDatabase();
const now = new Date('2026-11-30T10:00:00Z');
const app = await createApp({ db, clock: { now: () => now } });
const actor = systemActor('test');

const oldCompliment = (councilId: number, fullName = 'Gwendolyn Pastdue') => logContact(db, councilId, {
  kind: 'compliment', channel: 'email', receivedOn: '2018-02-02', summary: `Thanks from ${fullName}`,
  complainant: { fullName, email: 'gwen@example.org' },
}, actor, '2018-02-02');
const audited = async (councilId: number, action: string) => (await db.pool.query<{ n: number }>(
  'SELECT count(*)::int AS n FROM audit_entry WHERE council_id = $1 AND action = $2', [councilId, action])).rows[0]!.n;

test('only records management reaches retention, holds and subject access; only administrators change the periods', async () => {
  const council = await newTestCouncil(db);
  const { reference } = await oldCompliment(council.id);
  const officer = await signedIn(app, await addTestStaff(db, council.id, ['complaints_officer']));
  for (const url of ['/admin/retention', '/admin/retention/run', '/admin/subject-access', `/cases/${reference}/legal-hold`]) assert.equal((await officer.get(url)).statusCode, 403, url);
  assert.equal((await officer.post('/admin/retention/run', {})).statusCode, 403);
  assert.doesNotMatch((await officer.get(`/cases/${reference}`)).body, /legal-hold/);
  const records = await signedIn(app, await addTestStaff(db, council.id, ['complaints_administrator']));
  assert.equal((await records.get('/admin/retention')).statusCode, 200);
  assert.equal((await records.get('/admin/retention/policy')).statusCode, 403);
  const sysadmin = await signedIn(app, await addTestStaff(db, council.id, ['system_administrator']));
  assert.equal((await sysadmin.get('/admin/retention/policy')).statusCode, 200);
});

test('the retention page counts what is due; running it asks first, then anonymises, and the case says so', async () => {
  const council = await newTestCouncil(db);
  const { reference } = await oldCompliment(council.id);
  const client = await signedIn(app, await addTestStaff(db, council.id, ['complaints_administrator']));
  const page = await client.get('/admin/retention');
  assert.match(page.body, /id="due-total">1</);
  assert.match(page.body, /href="\/admin\/retention\/run"/);
  assert.match(page.body, /Retention has not run yet/);
  const confirm = await client.get('/admin/retention/run');
  assert.match(confirm.body, /1 case will be anonymised. This cannot be undone./);
  const run = await client.post('/admin/retention/run', {});
  assert.equal(run.statusCode, 303);
  const after = await client.get('/admin/retention');
  assert.match(after.body, /Anonymised 1 case\./);
  assert.match(after.body, /id="due-total">0</);
  assert.match(after.body, /id="retention-runs"/);
  const casePage = await client.get(`/cases/${reference}`);
  assert.equal(casePage.statusCode, 200);
  assert.match(casePage.body, /id="case-anonymised"/);
  assert.match(casePage.body, /Anonymised at the end of its retention period/);
  assert.doesNotMatch(casePage.body, /Gwendolyn|Pastdue|gwen@example/);
  assert.equal(await audited(council.id, 'run_retention'), 1);
});

test('retention periods: a wrong number is refused with what was typed; a change is saved and audited', async () => {
  const council = await newTestCouncil(db);
  const client = await signedIn(app, await addTestStaff(db, council.id, ['system_administrator']));
  const form = await client.get('/admin/retention/policy');
  assert.match(form.body, /name="complaint" type="text" value="6"|name="complaint"[^>]*value="6"/);
  assert.match(form.body, /name="automatic" type="radio" value="no" checked/, 'the daily pass starts off');
  const values = { complaint: '6', compliment: 'six', comment: '0', enquiry: '6', elected_member_enquiry: '6', ombudsman_case: '10', automatic: 'yes' };
  const refused = await client.post('/admin/retention/policy', values);
  assert.equal(refused.statusCode, 400);
  assert.match(refused.body, /govuk-error-summary/);
  assert.match(refused.body, /href="#compliment">Enter the years for compliments as a whole number from 1 to 100/);
  assert.match(refused.body, /href="#comment">/);
  assert.match(refused.body, /value="six"/);
  assert.equal(await audited(council.id, 'change_settings'), 0);
  const saved = await client.post('/admin/retention/policy', { ...values, compliment: '2', comment: '3' });
  assert.equal(saved.statusCode, 303);
  const page = await client.get('/admin/retention');
  assert.match(page.body, /Retention periods saved/);
  assert.match(page.body, /2 years/);
  assert.match(page.body, /10 years/);
  assert.match(page.body, /Due cases are anonymised automatically each day/);
  assert.equal(await audited(council.id, 'change_settings'), 4, 'one entry per period changed, and one for the daily pass');
});

test('a legal hold is placed with a reason, shown on the case, keeps it from anonymisation, and is lifted', async () => {
  const council = await newTestCouncil(db);
  const { reference } = await oldCompliment(council.id, 'Barnaby Heldfast');
  const client = await signedIn(app, await addTestStaff(db, council.id, ['complaints_administrator']));
  assert.match((await client.get(`/cases/${reference}`)).body, /id="case-legal-hold-link"/);
  await client.get(`/cases/${reference}/legal-hold`);
  const empty = await client.post(`/cases/${reference}/legal-hold`, { reason: '  ' });
  assert.equal(empty.statusCode, 400);
  assert.match(empty.body, /href="#reason">Enter why the case is held/);
  const placed = await client.post(`/cases/${reference}/legal-hold`, { reason: 'Claim 24-0001 in the county court' });
  assert.equal(placed.statusCode, 303);
  const casePage = await client.get(`/cases/${reference}`);
  assert.match(casePage.body, /Legal hold placed\./);
  assert.match(casePage.body, /id="case-legal-hold"/);
  assert.match(casePage.body, /Claim 24-0001 in the county court/);
  assert.match(casePage.body, /Legal hold placed/);

  await client.get('/admin/retention/run');
  await client.post('/admin/retention/run', {});
  const kept = await client.get(`/cases/${reference}`);
  assert.match(kept.body, /Barnaby Heldfast|id="case-legal-hold"/);
  assert.doesNotMatch(kept.body, /id="case-anonymised"/);
  assert.match((await client.get('/admin/retention')).body, /Nothing is due for anonymisation today/);

  // A stale form (the case changed since) is refused, not applied.
  const form = await client.get(`/cases/${reference}/legal-hold`);
  assert.match(form.body, /Lift the legal hold/);
  const stale = await client.post(`/cases/${reference}/legal-hold/lift`, { version: '0' });
  assert.equal(stale.statusCode, 409);
  assert.match(stale.body, /Someone else changed this case/);
  await client.get(`/cases/${reference}/legal-hold`);
  const version = /name="version" value="(\d+)"/.exec((await client.get(`/cases/${reference}/legal-hold`)).body)![1]!;
  assert.equal((await client.post(`/cases/${reference}/legal-hold/lift`, { version })).statusCode, 303);
  assert.match((await client.get(`/cases/${reference}`)).body, /Legal hold lifted\./);
});

test('subject access: found by a name typed into a POST form, chosen, downloaded as a ZIP, audited', async () => {
  const council = await newTestCouncil(db);
  const { reference } = await oldCompliment(council.id, 'Octavia Requester');
  const client = await signedIn(app, await addTestStaff(db, council.id, ['complaints_administrator']));
  const form = await client.get('/admin/subject-access');
  assert.equal(form.statusCode, 200);
  assert.match(form.body, /method="post" action="\/admin\/subject-access"/);
  const empty = await client.post('/admin/subject-access', { name: '', email: '' });
  assert.equal(empty.statusCode, 400);
  assert.match(empty.body, /Enter a name or an email address/);
  const found = await client.post('/admin/subject-access', { name: 'requester' });
  assert.equal(found.statusCode, 200);
  assert.match(found.body, /Octavia Requester/);
  assert.match(found.body, /1 case/);
  const person = /name="person" type="radio" value="(\d+)"/.exec(found.body)?.[1];
  assert.ok(person, 'a person to choose');
  const download = await client.post('/admin/subject-access/export', { person: person! });
  assert.equal(download.statusCode, 200);
  assert.equal(download.headers['content-type'], 'application/zip');
  assert.match(String(download.headers['content-disposition']), new RegExp(`subject-access-${person}-2026-11-30\\.zip`));
  assert.doesNotMatch(String(download.headers['content-disposition']), /Octavia/);
  const zip = await JSZip.loadAsync(download.rawPayload);
  const json = JSON.parse(await zip.file('subject-access.json')!.async('string'));
  assert.equal(json.cases[0].reference, reference);
  assert.equal(await audited(council.id, 'subject_access_export'), 1);
  const other = await newTestCouncil(db);
  const stranger = await signedIn(app, await addTestStaff(db, other.id, ['complaints_administrator']));
  await stranger.get('/admin/subject-access');
  assert.equal((await stranger.post('/admin/subject-access/export', { person: person! })).statusCode, 404, "another council's person is not there");
});
