import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useTestDatabase, newTestCouncil } from '../../../../test/support/testDatabase.ts';
import { addTestStaff, signedIn } from '../../../../test/support/staffSession.ts';
import { createApp } from '../../app.ts';
import { organisationUnits } from '../../../councils/organisation.ts';

/** The organisation pages: the tree on a date, and dated changes made by administrators only. */

const db = await useTestDatabase();
const now = new Date('2026-11-30T09:00:00Z');
const app = await createApp({ db, clock: { now: () => now } });

async function councilWithAdmin() {
  const council = await newTestCouncil(db);
  const admin = await addTestStaff(db, council.id, ['system_administrator'], { name: 'Ada Admin' });
  return { council, client: await signedIn(app, admin) };
}
const date = (name: string, iso: string) => ({ [`${name}-day`]: iso.slice(8), [`${name}-month`]: iso.slice(5, 7), [`${name}-year`]: iso.slice(0, 4) });
const changes = async (councilId: number) => (await db.pool.query<{ n: number }>(
  `SELECT count(*)::int AS n FROM audit_entry WHERE council_id = $1 AND action = 'change_settings'`, [councilId])).rows[0]!.n;

test('the administration home lists the sections the viewer may open; others are refused', async () => {
  const { council, client } = await councilWithAdmin();
  const home = await client.get('/admin');
  assert.equal(home.statusCode, 200);
  for (const href of ['/admin/organisation', '/admin/workspaces', '/admin/users', '/settings/messages', '/admin/retention', '/audit']) assert.match(home.body, new RegExp(`href="${href}"`));
  const records = await signedIn(app, await addTestStaff(db, council.id, ['complaints_administrator']));
  const theirs = await records.get('/admin');
  assert.equal(theirs.statusCode, 200);
  assert.match(theirs.body, /href="\/admin\/retention"/);
  assert.doesNotMatch(theirs.body, /href="\/admin\/organisation"/);
  assert.equal((await records.get('/admin/organisation')).statusCode, 403);
  const officer = await signedIn(app, await addTestStaff(db, council.id, ['complaints_officer']));
  assert.equal((await officer.get('/admin')).statusCode, 403);
  assert.equal((await officer.post('/admin/organisation/add', { name: 'Place', parentId: '', ...date('from', '2026-04-01') })).statusCode, 403);
});

test('an administrator builds the tree, renames a directorate from a date, and the tree on an earlier date keeps the old name', async () => {
  const { council, client } = await councilWithAdmin();
  await client.get('/admin/organisation/add');
  assert.equal((await client.post('/admin/organisation/add', { name: 'Housing', parentId: '', ...date('from', '2020-04-01') })).statusCode, 303);
  const housing = (await organisationUnits(db.pool, council.id))[0]!;
  assert.equal((await client.post('/admin/organisation/add', { name: 'Repairs', parentId: String(housing.id), ...date('from', '2020-04-01') })).statusCode, 303);
  const tree = await client.get('/admin/organisation');
  assert.match(tree.body, /Housing added/);
  assert.match(tree.body, /Repairs/);

  const form = await client.get(`/admin/organisation/units/${housing.id}`);
  assert.match(form.body, /Rename it/);
  assert.doesNotMatch(form.body, /value="move"/, 'a directorate does not move');
  assert.equal((await client.post(`/admin/organisation/units/${housing.id}`, { change: 'rename', name: 'Homes', ...date('from', '2026-04-01') })).statusCode, 303);
  const today = await client.get('/admin/organisation');
  assert.match(today.body, /Homes/);
  assert.match(today.body, /Housing renamed Homes/);
  assert.match(today.body, /Ada Admin/);
  const before = await client.get('/admin/organisation?on-day=31&on-month=3&on-year=2026');
  assert.match(before.body, /As it stood on 31 March 2026/);
  assert.match(before.body, />Housing</);
  assert.doesNotMatch(before.body, />Homes</);
  assert.equal(await changes(council.id), 3);
});

test('a change that breaks the rules is refused with the error summary and what was typed; nothing is written', async () => {
  const { council, client } = await councilWithAdmin();
  await client.get('/admin/organisation/add');
  await client.post('/admin/organisation/add', { name: 'Place', parentId: '', ...date('from', '2024-04-01') });
  await client.post('/admin/organisation/add', { name: 'Housing', parentId: '', ...date('from', '2024-04-01') });
  const [place, housing] = await organisationUnits(db.pool, council.id);
  await client.post('/admin/organisation/add', { name: 'Highways', parentId: String(place!.id), ...date('from', '2024-04-01') });
  const audited = await changes(council.id);

  await client.get('/admin/organisation/add');
  const taken = await client.post('/admin/organisation/add', { name: 'highways', parentId: String(place!.id), ...date('from', '2026-04-01') });
  assert.equal(taken.statusCode, 400);
  assert.match(taken.body, /govuk-error-summary/);
  assert.match(taken.body, /There is already a unit called highways there/);
  assert.match(taken.body, /value="highways"/);

  await client.get(`/admin/organisation/units/${housing!.id}`);
  const early = await client.post(`/admin/organisation/units/${housing!.id}`, { change: 'merge', intoId: String(place!.id), ...date('from', '2023-01-01') });
  assert.equal(early.statusCode, 400);
  assert.match(early.body, /The change must take effect after Housing started on 1 April 2024/);
  assert.match(early.body, /value="2023"/);
  const none = await client.post(`/admin/organisation/units/${housing!.id}`, { ...date('from', '2026-02-30') });
  assert.match(none.body, /Choose what changes/);
  assert.match(none.body, /must be a real date/);
  assert.equal((await client.get('/admin/organisation/units/999999999')).statusCode, 404);
  assert.equal((await client.get('/admin/organisation?on-day=40&on-month=1&on-year=2026')).statusCode, 400);
  assert.equal(await changes(council.id), audited);
});
