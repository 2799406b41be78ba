import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stringify } from 'csv-stringify/sync';
import { useTestDatabase, newTestCouncil, engineName } from '../../../../test/support/testDatabase.ts';
import { addTestStaff, signedIn } from '../../../../test/support/staffSession.ts';
import { createApp } from '../../app.ts';
import { importCaseHistory } from '../../../caseHistory/importCaseHistory.ts';
import { systemActor } from '../../../events/actor.ts';
import { checkCategoryNames } from '../../../councils/categories.ts';
import { contactChoices } from '../../../contacts/contactChoices.ts';

/** Complaint categories: add, rename with a Welsh name, retire (cases keep it), delete only one never used; every change audited. */

const db = await useTestDatabase();
const now = new Date('2024-11-01T09:00:00Z');
const app = await createApp({ db, clock: { now: () => now } });

async function adminOf() {
  const council = await newTestCouncil(db);
  const client = await signedIn(app, await addTestStaff(db, council.id, ['system_administrator']));
  return { council, client };
}
const audited = async (councilId: number) => (await db.pool.query<{ change: string }>(
  `SELECT detail->'codes'->>'change' AS change FROM audit_entry WHERE council_id = $1 AND action = 'change_settings' AND detail->'codes'->>'setting' = 'complaint_category' ORDER BY id`, [councilId])).rows.map((r) => r.change);
const categoryId = async (councilId: number, name: string) =>
  Number((await db.pool.query<{ id: string }>('SELECT id FROM complaint_category WHERE council_id = $1 AND name = $2', [councilId, name])).rows[0]!.id);

test('the names rule: required, at most 100 characters, one way of writing, not the same as another (any case)', () => {
  assert.deepEqual(checkCategoryNames({ name: '  Bins   and  recycling ', nameCy: '' }, []), { ok: true, name: 'Bins and recycling', nameCy: null });
  const taken = checkCategoryNames({ name: 'bins', nameCy: 'x'.repeat(101) }, [{ name: 'Bins' }]);
  assert.ok(!taken.ok);
  assert.deepEqual(taken.problems.map((p) => p.message), ['adminCategories.errors.nameTaken', 'adminCategories.errors.nameTooLong']);
  assert.ok(!checkCategoryNames({ name: '   ', nameCy: '' }, []).ok);
  assert.ok(!checkCategoryNames({ name: 'Bad\u202Ename', nameCy: '' }, []).ok);
});

test(`add, rename and give a Welsh name; mistakes shown with what was typed (${engineName()})`, async () => {
  const { council, client } = await adminOf();
  await client.get('/admin/categories/new');
  const refused = await client.post('/admin/categories', { name: '', nameCy: 'Biniau' });
  assert.equal(refused.statusCode, 400);
  assert.match(refused.body, /href="#name">Enter the category’s name/);
  assert.match(refused.body, /value="Biniau"/);
  assert.equal((await client.post('/admin/categories', { name: 'Bins', nameCy: 'Biniau' })).statusCode, 303);
  const list = await client.get('/admin/categories');
  assert.match(list.body, /Category ‘Bins’ added/);
  assert.match(list.body, /Bins<br><span class="govuk-hint govuk-!-margin-bottom-0" lang="cy">Biniau/);
  const again = await client.post('/admin/categories', { name: 'BINS', nameCy: '' });
  assert.equal(again.statusCode, 400);
  assert.match(again.body, /There is already a category with this name/);

  const id = await categoryId(council.id, 'Bins');
  await client.post('/admin/categories', { name: 'Roads', nameCy: '' });
  const page = await client.get(`/admin/categories/${id}`);
  assert.match(page.body, /value="Bins"/);
  const clash = await client.post(`/admin/categories/${id}`, { name: 'roads', nameCy: 'Biniau' });
  assert.equal(clash.statusCode, 400);
  assert.match(clash.body, /value="roads"/);
  assert.equal((await client.post(`/admin/categories/${id}`, { name: 'Waste collection', nameCy: 'Casglu gwastraff' })).statusCode, 303);
  const { rows } = await db.pool.query('SELECT name, name_cy FROM complaint_category WHERE council_id = $1 AND id = $2', [council.id, id]);
  assert.deepEqual(rows[0], { name: 'Waste collection', name_cy: 'Casglu gwastraff' });
  assert.deepEqual(await audited(council.id), ['add', 'add', 'rename']);
  assert.equal((await client.get('/admin/categories/999999999')).statusCode, 404);
});

test('a category in use is retired, never deleted: its cases keep it and it is no longer offered; one never used may be deleted', async () => {
  const { council, client } = await adminOf();
  const header = ['reference', 'kind', 'received_on', 'channel', 'procedure', 'route', 'directorate', 'service', 'team', 'workspace', 'category', 'complainant_group', 'summary'];
  await importCaseHistory(db, council.id, { 'contacts.csv': Buffer.from(stringify([header, ['CAT-1', 'complaint', '2024-04-03', 'email', 'corporate', 'formal', 'Place', '', '', '', 'Parking', 'service_user', 'Ticket']])) },
    { createOrg: true, today: '2024-11-01', actor: systemActor('test'), source: 'test' });
  await client.post('/admin/categories', { name: 'Unused', nameCy: '' });
  const parking = await categoryId(council.id, 'Parking');
  const unused = await categoryId(council.id, 'Unused');

  const page = await client.get(`/admin/categories/${parking}`);
  assert.match(page.body, /1 case or complaint element has this category/);
  assert.doesNotMatch(page.body, /Delete category/);
  const refused = await client.post(`/admin/categories/${parking}/delete`, {});
  assert.equal(refused.statusCode, 409);
  assert.match(refused.body, /cannot be deleted because 1 case has it: retire it instead/);

  assert.equal((await client.post(`/admin/categories/${parking}/retire`, {})).statusCode, 303);
  assert.match((await client.get('/admin/categories')).body, /Category ‘Parking’ retired/);
  const offered = (await contactChoices(db.pool, council.id, '2024-11-01')).categories.map((c) => c.name);
  assert.deepEqual(offered, ['Unused']);
  const kept = await db.pool.query('SELECT k.name FROM contact c JOIN complaint_category k ON k.council_id = c.council_id AND k.id = c.category_id WHERE c.council_id = $1', [council.id]);
  assert.deepEqual(kept.rows, [{ name: 'Parking' }], 'the case keeps its category');
  assert.equal((await client.post(`/admin/categories/${parking}/restore`, {})).statusCode, 303);
  assert.deepEqual((await contactChoices(db.pool, council.id, '2024-11-01')).categories.map((c) => c.name), ['Parking', 'Unused']);

  await client.get(`/admin/categories/${unused}`);
  assert.equal((await client.post(`/admin/categories/${unused}/delete`, {})).statusCode, 303);
  assert.equal((await db.pool.query('SELECT 1 FROM complaint_category WHERE council_id = $1 AND id = $2', [council.id, unused])).rows.length, 0);
  assert.deepEqual(await audited(council.id), ['add', 'retire', 'restore', 'delete']);
});

test('only administrators manage categories, and only their own council’s', async () => {
  const { council, client } = await adminOf();
  await client.post('/admin/categories', { name: 'Ours', nameCy: '' });
  const ours = await categoryId(council.id, 'Ours');
  const officer = await signedIn(app, await addTestStaff(db, council.id, ['complaints_officer']));
  assert.equal((await officer.get('/admin/categories')).statusCode, 403);
  assert.equal((await officer.post('/admin/categories', { name: 'X', nameCy: '' })).statusCode, 403);
  const { client: elsewhere } = await adminOf();
  assert.equal((await elsewhere.get(`/admin/categories/${ours}`)).statusCode, 404);
  await elsewhere.get('/admin/categories');
  assert.equal((await elsewhere.post(`/admin/categories/${ours}/retire`, {})).statusCode, 404);
});
