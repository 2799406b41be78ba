import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useTestDatabase, newTestCouncil } from '../../../../test/support/testDatabase.ts';
import { addTestStaff, signedIn } from '../../../../test/support/staffSession.ts';
import { createApp } from '../../app.ts';
import { listWorkspaces } from '../../../councils/workspaces.ts';

/** Workspaces: added and changed by administrators, in English and Welsh, mapped to an open unit; audited. */

const db = await useTestDatabase();
const app = await createApp({ db, clock: { now: () => new Date('2026-11-30T09:00:00Z') } });
const audited = async (councilId: number) => (await db.pool.query<{ n: number }>(
  `SELECT count(*)::int AS n FROM audit_entry WHERE council_id = $1 AND action = 'change_settings'`, [councilId])).rows[0]!.n;
const unit = async (councilId: number, name: string, validTo: string | null = null) => Number((await db.pool.query<{ id: number }>(
  "INSERT INTO org_unit (council_id, kind, name, valid_to) VALUES ($1, 'directorate', $2, $3) RETURNING id", [councilId, name, validTo])).rows[0]!.id);

test('an administrator adds a workspace with its Welsh name and unit, then changes it; each save audited', async () => {
  const council = await newTestCouncil(db);
  const place = await unit(council.id, 'Place');
  const client = await signedIn(app, await addTestStaff(db, council.id, ['system_administrator']));
  const form = await client.get('/admin/workspaces/add');
  assert.match(form.body, /Place/);
  const added = await client.post('/admin/workspaces/add', { name: 'Bins and recycling', welsh: 'Biniau ac ailgylchu', offered: 'yes', orgUnitId: String(place) });
  assert.equal(added.statusCode, 303);
  const [bins] = await listWorkspaces(db.pool, council.id);
  assert.deepEqual({ ...bins, id: 0 }, { id: 0, name: 'Bins and recycling', welsh: 'Biniau ac ailgylchu', offered: true, orgUnitId: place });
  const list = await client.get('/admin/workspaces');
  assert.match(list.body, /Bins and recycling: saved/);
  assert.match(list.body, /Biniau ac ailgylchu/);
  assert.equal((await client.post(`/admin/workspaces/${bins!.id}`, { name: 'Bins', welsh: '', offered: 'no', orgUnitId: '' })).statusCode, 303);
  assert.deepEqual((await listWorkspaces(db.pool, council.id)).map((w) => [w.name, w.welsh, w.offered, w.orgUnitId]), [['Bins', null, false, null]]);
  assert.equal(await audited(council.id), 2);
});

test('a workspace name already used, a closed unit or a missing answer is refused with what was typed kept', async () => {
  const council = await newTestCouncil(db);
  const closed = await unit(council.id, 'Old Housing', '2025-03-31');
  const client = await signedIn(app, await addTestStaff(db, council.id, ['system_administrator']));
  await client.get('/admin/workspaces/add');
  await client.post('/admin/workspaces/add', { name: 'Roads', offered: 'yes' });
  const clash = await client.post('/admin/workspaces/add', { name: 'roads', welsh: 'Ffyrdd', offered: 'yes', orgUnitId: String(closed) });
  assert.equal(clash.statusCode, 400);
  assert.match(clash.body, /govuk-error-summary/);
  assert.match(clash.body, /There is already a workspace called roads/);
  assert.match(clash.body, /That unit has closed/);
  assert.match(clash.body, /value="Ffyrdd"/);
  const missing = await client.post('/admin/workspaces/add', { name: ' ' });
  assert.match(missing.body, /Enter the workspace&#39;s name|Enter the workspace's name/);
  assert.match(missing.body, /Say whether it is offered to residents/);
  assert.equal((await client.get('/admin/workspaces/99999999')).statusCode, 404);
  assert.equal(await audited(council.id), 1);
  const officer = await signedIn(app, await addTestStaff(db, council.id, ['complaints_administrator']));
  assert.equal((await officer.get('/admin/workspaces')).statusCode, 403);
  assert.equal((await officer.post('/admin/workspaces/add', { name: 'Parks', offered: 'yes' })).statusCode, 403);
});
