import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useTestDatabase, newTestCouncil } from '../../../../test/support/testDatabase.ts';
import { addTestStaff, signedIn } from '../../../../test/support/staffSession.ts';
import { createApp } from '../../app.ts';
import { listMembers } from '../../../accounts/members.ts';

/** Users: an administrator adds someone (a temporary password shown once), changes their roles and directorates, removes them; audited. */

const db = await useTestDatabase();
const now = new Date('2026-11-30T09:00:00Z');
const app = await createApp({ db, clock: { now: () => now } });
const directorate = async (councilId: number, name: string) => Number((await db.pool.query<{ id: number }>(
  "INSERT INTO org_unit (council_id, kind, name) VALUES ($1, 'directorate', $2) RETURNING id", [councilId, name])).rows[0]!.id);
const audited = async (councilId: number) => (await db.pool.query<{ change: string }>(
  "SELECT detail->'codes'->>'change' AS change FROM audit_entry WHERE council_id = $1 AND action = 'change_account' ORDER BY id", [councilId])).rows.map((r) => r.change);

test('an administrator adds a user who signs in with the temporary password shown once, then changes and removes them', async () => {
  const council = await newTestCouncil(db);
  const place = await directorate(council.id, 'Place');
  const people = await directorate(council.id, 'People');
  const admin = await addTestStaff(db, council.id, ['system_administrator'], { name: 'Ada Admin' });
  const client = await signedIn(app, admin);
  const list = await client.get('/admin/users');
  assert.match(list.body, /Ada Admin/);
  assert.match(list.body, /System administrator/);
  assert.match(list.body, /Last signed in/);
  assert.doesNotMatch(list.body, /Never/, 'the administrator has just signed in');

  await client.get('/admin/users/add');
  const email = `rhiannon-${council.id}@example.test`;
  const added = await client.post('/admin/users/add', { name: 'Rhiannon Jones', email: email.toUpperCase(), roles: ['manager', 'investigating_officer'], directorateScope: 'some', directorates: [String(place)] });
  assert.equal(added.statusCode, 200);
  assert.equal(added.headers['cache-control'], 'no-store');
  const password = /<code>([^<]+)<\/code>/.exec(added.body)?.[1];
  assert.ok(password && password.length >= 16, 'a temporary password is shown');
  const rhiannon = (await listMembers(db.pool, council.id, now)).find((m) => m.email === email)!;
  assert.deepEqual([rhiannon.roles, rhiannon.allDirectorates, rhiannon.directorates.map((d) => d.name)], [['investigating_officer', 'manager'], false, ['Place']]);
  const theirs = await signedIn(app, { email }, password);
  assert.equal((await theirs.get('/cases')).statusCode, 200);

  await client.get(`/admin/users/${rhiannon.accountId}`);
  assert.equal((await client.post(`/admin/users/${rhiannon.accountId}`, { roles: 'report_viewer', directorateScope: 'some', directorates: [String(place), String(people)] })).statusCode, 303);
  const changed = (await listMembers(db.pool, council.id, now)).find((m) => m.email === email)!;
  assert.deepEqual([changed.roles, changed.directorates.map((d) => d.name)], [['report_viewer'], ['People', 'Place']]);
  assert.match((await client.get('/admin/users')).body, /Rhiannon Jones: changes saved/);

  await client.get(`/admin/users/${rhiannon.accountId}/remove`);
  assert.equal((await client.post(`/admin/users/${rhiannon.accountId}/remove`, {})).statusCode, 303);
  assert.equal((await listMembers(db.pool, council.id, now)).some((m) => m.email === email), false);
  const account = await db.pool.query('SELECT 1 FROM user_account WHERE email = $1', [email]);
  assert.equal(account.rows.length, 1, 'the account and its history stay');
  assert.notEqual((await theirs.get('/cases')).statusCode, 200, 'they can no longer work in the council');
  assert.deepEqual(await audited(council.id), ['add_member', 'change_member', 'remove_member']);
});

test('an administrator cannot remove their own administer role or themselves; bad input keeps what was typed', async () => {
  const council = await newTestCouncil(db);
  const admin = await addTestStaff(db, council.id, ['system_administrator', 'manager']);
  const client = await signedIn(app, admin);
  await client.get(`/admin/users/${admin.accountId}`);
  const demoted = await client.post(`/admin/users/${admin.accountId}`, { roles: 'manager', directorateScope: 'all' });
  assert.equal(demoted.statusCode, 400);
  assert.match(demoted.body, /You cannot remove your own right to administer/);
  await client.get(`/admin/users/${admin.accountId}/remove`);
  const removed = await client.post(`/admin/users/${admin.accountId}/remove`, {});
  assert.equal(removed.statusCode, 400);
  assert.match(removed.body, /You cannot remove yourself/);
  assert.deepEqual((await listMembers(db.pool, council.id, now)).find((m) => m.accountId === admin.accountId)!.roles, ['system_administrator', 'manager']);

  await client.get('/admin/users/add');
  const bad = await client.post('/admin/users/add', { name: 'Sam Smith', email: 'not an email', directorateScope: 'some' });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /govuk-error-summary/);
  assert.match(bad.body, /Enter an email address in the correct format/);
  assert.match(bad.body, /Choose at least one role/);
  assert.match(bad.body, /value="Sam Smith"/);
  const again = await client.post('/admin/users/add', { name: 'Sam Smith', email: admin.email, roles: 'manager', directorateScope: 'some' });
  assert.match(again.body, /already a user here/);
  assert.match(again.body, /Choose at least one directorate/);
  assert.deepEqual(await audited(council.id), []);
  const officer = await signedIn(app, await addTestStaff(db, council.id, ['complaints_administrator']));
  assert.equal((await officer.get('/admin/users')).statusCode, 403);
  assert.equal((await officer.post(`/admin/users/${admin.accountId}/remove`, {})).statusCode, 403);
});
