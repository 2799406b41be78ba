import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useTestDatabase, newTestCouncil } from '../../../../test/support/testDatabase.ts';
import { addTestStaff, signedIn } from '../../../../test/support/staffSession.ts';
import { createApp } from '../../app.ts';
import { logContact } from '../../../contacts/logContact.ts';
import { systemActor } from '../../../events/actor.ts';

/** The case list: scope, filters, search words kept out of the address, paging, audit, bad addresses. */

const db = await useTestDatabase();
const council = await newTestCouncil(db);
const app = await createApp({ db, clock: { now: () => new Date('2025-06-02T09:00:00Z') } });
const unit = async (name: string) => Number((await db.pool.query<{ id: number }>(
  `INSERT INTO org_unit (council_id, kind, name) VALUES ($1, 'directorate', $2) RETURNING id`, [council.id, name])).rows[0]!.id);
const place = await unit('Place');
const people = await unit('People');
const log = (summary: string, orgUnitId: number, name: string, extra: object = {}) =>
  logContact(db, council.id, { kind: 'complaint', channel: 'email', receivedOn: '2025-05-20', summary, orgUnitId, complainant: { fullName: name }, ...extra }, systemActor('test'), '2025-06-02');
const pothole = await log('Pothole on Mill Lane not repaired', place, 'Ada Lovelace');
const care = await log('Home care visits missed', people, 'Grace Hopper');
const child = await log('Child in need assessment delayed', people, 'Mary Seacole', { procedure: 'children_statutory' });
for (let i = 0; i < 30; i++) await log(`Bin not collected ${i}`, place, `Resident ${i}`);

const officer = await addTestStaff(db, council.id, ['complaints_officer']);
const placeManager = await addTestStaff(db, council.id, ['manager'], { directorates: [place] });
const viewer = await addTestStaff(db, council.id, ['report_viewer']);

test('the list shows the cases in scope: another directorate’s and restricted cases never appear', async () => {
  const all = await (await signedIn(app, officer)).get('/cases?kind=complaint&sort=reference');
  assert.equal(all.statusCode, 200);
  assert.match(all.body, new RegExp(care.reference));
  assert.doesNotMatch(all.body, new RegExp(child.reference), 'children’s social care needs the restricted permission');
  const manager = await signedIn(app, placeManager);
  const mine = await manager.get('/cases?sort=reference');
  assert.match(mine.body, new RegExp(pothole.reference));
  assert.doesNotMatch(mine.body, new RegExp(care.reference), 'another directorate’s case is not listed');
  assert.equal((await (await signedIn(app, viewer)).get('/cases')).statusCode, 403, 'a report viewer has no case list');
});

test('a search by name finds the case, and the words typed never appear in the address', async () => {
  const client = await signedIn(app, officer);
  const posted = await client.post('/cases', { text: 'Lovelace', kind: 'complaint' });
  assert.equal(posted.statusCode, 303);
  const location = String(posted.headers.location);
  assert.doesNotMatch(location, /Lovelace/);
  assert.match(location, /kind=complaint/);
  const page = await client.get(location);
  assert.match(page.body, new RegExp(pothole.reference));
  assert.doesNotMatch(page.body, new RegExp(care.reference));
  assert.match(page.body, /value="Lovelace"/, 'the search box keeps the words');
  const searchedOut = await (await signedIn(app, placeManager)).post('/cases', { text: 'Hopper' });
  assert.doesNotMatch((await (await signedIn(app, placeManager)).get(String(searchedOut.headers.location))).body, new RegExp(care.reference));
});

test('pages follow on without gaps or repeats', async () => {
  const client = await signedIn(app, officer);
  const seen: string[] = [];
  let url: string | null = '/cases?kind=complaint&sort=reference';
  while (url) {
    const page = await client.get(url);
    assert.equal(page.statusCode, 200);
    seen.push(...[...page.body.matchAll(/href="\/cases\/([A-Z0-9-]+)"/g)].map((m) => m[1]!));
    url = /<div class="govuk-pagination__next">\s*<a[^>]*href="([^"]+)"/.exec(page.body)?.[1]?.replaceAll('&amp;', '&') ?? null;
  }
  assert.equal(seen.length, 32, 'every complaint in scope once (the restricted one excluded)');
  assert.equal(new Set(seen).size, seen.length);
  assert.deepEqual([...seen].sort(), seen, 'in reference order');
});

test('a list and a search are audited by the filters used, never the words', async () => {
  const client = await signedIn(app, officer);
  await client.get(String((await client.post('/cases', { text: 'Seacole' })).headers.location));
  const { rows } = await db.pool.query<{ action: string; detail: unknown }>(
    `SELECT action, detail FROM audit_entry WHERE council_id = $1 AND action IN ('list_cases', 'search_cases') ORDER BY id DESC LIMIT 1`, [council.id]);
  assert.equal(rows[0]!.action, 'search_cases');
  assert.doesNotMatch(JSON.stringify(rows[0]!.detail), /Seacole/);
});

test('an address the list cannot use is a 400 page, never a 500', async () => {
  const client = await signedIn(app, officer);
  for (const query of ['kind=spaceship', 'unit=99999999999999999999', 'from=2025-13-45', 'after=not-a-cursor', 'stage=9', 'search=%3Cscript%3E', 'sort=name', 'extra=1']) {
    const response = await client.get(`/cases?${query}`);
    assert.equal(response.statusCode, 400, query);
    assert.match(response.body, /There is a problem with the web address/);
  }
});
