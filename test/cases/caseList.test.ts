import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BadCursorError, encodeCursor, searchCases, type CaseQuery, type CaseSort } from '../../src/cases/caseList.ts';
import { describeCount } from '../../src/cases/boundedCount.ts';
import { useTestDatabase } from '../support/testDatabase.ts';
import { addCase, newOrg, random, scopeFor, type Org } from './caseFixtures.ts';

const db = await useTestDatabase();
const TODAY = '2025-03-10';

const refs = async (org: Org, query: CaseQuery, scope = scopeFor(org)) => (await searchCases(db.pool, scope, query, TODAY)).items.map((i) => i.reference);

test('scope: another directorate’s cases and restricted ones never come back, by list or by search', async () => {
  const org = await newOrg(db);
  await addCase(db, org, { reference: 'T-1', receivedOn: '2025-01-01', complainant: 'Mary Jones' });
  await addCase(db, org, { reference: 'T-2', receivedOn: '2025-01-02', unitId: org.councilTax, complainant: 'Mary Jones' });
  await addCase(db, org, { reference: 'T-3', receivedOn: '2025-01-03', restricted: true, complainant: 'Mary Jones' });
  await addCase(db, org, { reference: 'T-4', receivedOn: '2025-01-04', procedure: 'children_statutory', unitId: org.children, complainant: 'Mary Jones' });
  await addCase(db, org, { reference: 'T-5', receivedOn: '2025-01-05', procedure: 'children_statutory', complainant: 'Mary Jones' });
  const other = await newOrg(db);
  await addCase(db, other, { reference: 'T-6', receivedOn: '2025-01-06', unitId: other.roadRepairs, complainant: 'Mary Jones' });

  const place = scopeFor(org, { units: org.placeUnits });
  assert.deepEqual(await refs(org, {}, place), ['T-1']);
  assert.deepEqual(await refs(org, { text: 'Mary Jones' }, place), ['T-1']);
  assert.deepEqual(await refs(org, { text: 'T-2' }, place), []);
  assert.equal((await searchCases(db.pool, place, {}, TODAY)).total.count, 1);
  assert.deepEqual(await refs(org, {}, scopeFor(org)), ['T-2', 'T-1']);
  assert.deepEqual(await refs(org, {}, scopeFor(org, { mayDisclose: true })), ['T-5', 'T-4', 'T-3', 'T-2', 'T-1']);
  assert.deepEqual(await refs(org, { text: 'jones' }, scopeFor(org, { units: org.placeUnits, mayDisclose: true })), ['T-5', 'T-3', 'T-1']);
});

test('names and summaries only for those who may identify people; their search matches references alone', async () => {
  const org = await newOrg(db);
  await addCase(db, org, { reference: 'N-000042', receivedOn: '2025-01-01', complainant: 'Olu Adeyemi', summary: 'Missed bin collection' });
  const [officerView] = (await searchCases(db.pool, scopeFor(org), {}, TODAY)).items;
  assert.equal(officerView!.complainant, 'Olu Adeyemi');
  assert.equal(officerView!.summary, 'Missed bin collection');
  const viewer = scopeFor(org, { roles: ['report_viewer'] });
  const [viewerView] = (await searchCases(db.pool, viewer, {}, TODAY)).items;
  assert.equal(viewerView!.complainant, null);
  assert.equal(viewerView!.summary, null);
  assert.equal(viewerView!.reference, 'N-000042');
  assert.deepEqual(await refs(org, { text: 'Adeyemi' }, viewer), []);
  assert.deepEqual(await refs(org, { text: 'bin' }, viewer), []);
  assert.deepEqual(await refs(org, { text: 'N-000042' }, viewer), ['N-000042']);
  assert.deepEqual(await refs(org, { text: '42' }, viewer), ['N-000042']);
});

test('full-text search finds by name, representative, reference, its number and a word of the summary', async () => {
  const org = await newOrg(db);
  await addCase(db, org, { reference: 'HBC24-000123', receivedOn: '2024-06-01', complainant: 'Siobhan O’Neill', summary: 'Potholes on Mill Lane were not repaired' });
  await addCase(db, org, { reference: 'HBC24-001230', receivedOn: '2024-07-01', complainant: 'Tom Hargreaves', representative: 'Cllr Priya Shah', summary: 'Bins missed again' });
  await addCase(db, org, { reference: 'HBC25-000123', receivedOn: '2025-01-01', complainant: 'Will Mills', summary: 'Council tax bill 123 was wrong' });
  assert.deepEqual(await refs(org, { text: 'hargreaves' }), ['HBC24-001230']);
  assert.deepEqual(await refs(org, { text: 'Hargre' }), ['HBC24-001230'], 'a name typed in part');
  assert.deepEqual(await refs(org, { text: 'Priya Shah' }), ['HBC24-001230'], 'the representative');
  assert.deepEqual(await refs(org, { text: "O'Neill" }), ['HBC24-000123']);
  assert.deepEqual(await refs(org, { text: 'pothole' }), ['HBC24-000123'], 'stemmed summary word');
  assert.deepEqual(await refs(org, { text: 'repair' }), ['HBC24-000123']);
  assert.deepEqual(await refs(org, { text: 'mill' }), ['HBC25-000123', 'HBC24-000123'], 'Mill Lane, and Mills as a prefix');
  assert.deepEqual(await refs(org, { text: 'Will' }), ['HBC25-000123'], 'a name that is a stop word in English');
  assert.deepEqual(await refs(org, { text: 'tom bins' }), ['HBC24-001230'], 'a name and a summary word together');
  assert.deepEqual(await refs(org, { text: 'tom potholes' }), []);
  // A reference typed whole, or its number, comes first whatever the order.
  assert.deepEqual(await refs(org, { text: 'HBC24-000123' }), ['HBC24-000123']);
  assert.deepEqual(await refs(org, { text: 'hbc24-000123' }), ['HBC24-000123']);
  assert.deepEqual(await refs(org, { text: '123', sort: 'received_newest' }), ['HBC24-000123', 'HBC25-000123'], 'both numbered 123, before the bill');
  assert.deepEqual(await refs(org, { text: '000123', sort: 'received_oldest' }), ['HBC24-000123', 'HBC25-000123']);
  const page = await searchCases(db.pool, scopeFor(org), { text: '1230' }, TODAY);
  assert.deepEqual(page.items.map((i) => i.reference), ['HBC24-001230']);
  // A person renamed is found by the new name (the trigger on person).
  await db.pool.query(`UPDATE person SET full_name = 'Tom Hargreaves-Smith' WHERE council_id = $1 AND full_name = 'Tom Hargreaves'`, [org.councilId]);
  assert.deepEqual(await refs(org, { text: 'smith' }), ['HBC24-001230']);
  // A summary edited is found by its new words.
  await db.pool.query(`UPDATE contact SET summary = 'Fly-tipping behind the library' WHERE council_id = $1 AND reference = 'HBC24-001230'`, [org.councilId]);
  assert.deepEqual(await refs(org, { text: 'library' }), ['HBC24-001230']);
  assert.deepEqual(await refs(org, { text: 'bins' }), []);
  // Punctuation and tsquery syntax are only words.
  assert.deepEqual(await refs(org, { text: "!:* & | ( ' " }), ['HBC25-000123', 'HBC24-001230', 'HBC24-000123']);
  assert.deepEqual(await refs(org, { text: 'mill & !lane' }), ['HBC24-000123']);
});

test('each filter', async () => {
  const org = await newOrg(db);
  const id = {
    a: await addCase(db, org, { reference: 'F-A', receivedOn: '2025-01-10', status: 'stage_open', route: 'formal', workspaceId: org.roadsWorkspace, flags: ['vulnerable_person'],
      stages: [{ stage: 1, dueOn: '2025-03-01', officerId: org.officerA }] }),
    b: await addCase(db, org, { reference: 'F-B', receivedOn: '2025-01-20', status: 'stage_open', route: 'urgent', unitId: org.parking, flags: ['vulnerable_person', 'safeguarding'],
      stages: [{ stage: 1, dueOn: '2025-02-01', extendedTo: '2025-03-20', officerId: org.officerB }] }),
    c: await addCase(db, org, { reference: 'F-C', receivedOn: '2025-02-01', status: 'stage_open', route: 'formal', procedure: 'adults_statutory', unitId: org.councilTax,
      stages: [{ stage: 1, openedOn: '2025-01-02', dueOn: '2025-01-15', respondedOn: '2025-01-14', outcome: 'upheld', officerId: org.officerA },
               { stage: 2, openedOn: '2025-02-01', requestedOn: '2025-01-20', decision: 'accepted', dueOn: '2025-03-12', officerId: org.officerB }] }),
    d: await addCase(db, org, { reference: 'F-D', receivedOn: '2025-02-10', status: 'logged', unitId: org.place }),
    e: await addCase(db, org, { reference: 'F-E', receivedOn: '2025-02-20', kind: 'compliment', procedure: 'corporate', unitId: org.highways }),
    f: await addCase(db, org, { reference: 'F-F', receivedOn: '2025-03-01', kind: 'mp_enquiry', procedure: null, unitId: null }),
  };
  void id;
  const r = (query: CaseQuery) => refs(org, { ...query, sort: 'reference' });
  assert.deepEqual(await r({ kind: ['compliment', 'mp_enquiry'] }), ['F-E', 'F-F']);
  assert.deepEqual(await r({ procedure: ['adults_statutory'] }), ['F-C']);
  assert.deepEqual(await r({ stage: 2 }), ['F-C']);
  assert.deepEqual(await r({ stage: 1 }), ['F-A', 'F-B']);
  assert.deepEqual(await r({ status: ['logged', 'responded'] }), ['F-D']);
  assert.deepEqual(await r({ route: ['urgent'] }), ['F-B']);
  assert.deepEqual(await r({ unitId: org.place }), ['F-A', 'F-B', 'F-D', 'F-E'], 'a directorate: it and everything under it');
  assert.deepEqual(await r({ unitId: org.highways }), ['F-A', 'F-E'], 'a service and its teams');
  assert.deepEqual(await r({ unitId: org.roadRepairs }), ['F-A']);
  assert.deepEqual(await r({ workspaceId: org.roadsWorkspace }), ['F-A']);
  assert.deepEqual(await r({ officerId: org.officerA }), ['F-A'], 'the current stage’s officer only');
  assert.deepEqual(await r({ officerId: org.officerB }), ['F-B', 'F-C']);
  assert.deepEqual(await r({ officerId: org.officerB, stage: 1 }), ['F-B']);
  assert.deepEqual(await r({ receivedFrom: '2025-01-20', receivedTo: '2025-02-10' }), ['F-B', 'F-C', 'F-D']);
  assert.deepEqual(await r({ overdue: true }), ['F-A'], 'F-B is extended past today; F-C’s stage 2 is not due till the 12th');
  assert.deepEqual(await r({ flags: ['vulnerable_person'] }), ['F-A', 'F-B']);
  assert.deepEqual(await r({ flags: ['vulnerable_person', 'safeguarding'] }), ['F-B']);
  assert.deepEqual(await r({ kind: ['complaint'], status: ['stage_open'], unitId: org.place, overdue: false }), ['F-A', 'F-B']);
  const [c] = (await searchCases(db.pool, scopeFor(org), { stage: 2 }, TODAY)).items;
  assert.deepEqual(
    { stage: c!.stage, officer: c!.officer, dueOn: c!.dueOn, status: c!.status, directorate: c!.directorate, service: c!.service, team: c!.team },
    { stage: 2, officer: 'Ben Okafor', dueOn: '2025-03-12', status: 'stage_open', directorate: 'Resources', service: 'Revenues', team: 'Council Tax' },
  );
  const [b] = (await searchCases(db.pool, scopeFor(org), { route: ['urgent'] }, TODAY)).items;
  assert.equal(b!.dueOn, '2025-03-20', 'the extension’s date');
  assert.deepEqual(await refs(org, { sort: 'due_soonest' }), await expectedDue(org));
  await assert.rejects(searchCases(db.pool, scopeFor(org), { receivedFrom: '2025-02-30' }, TODAY), /receivedFrom/);
});

/** Due order: F-A (1 March), F-C (12 March), F-B (20 March), then those with nothing due by id. */
async function expectedDue(org: Org) {
  const { rows } = await db.pool.query<{ reference: string }>(
    `SELECT reference FROM contact WHERE council_id = $1 AND reference IN ('F-D', 'F-E', 'F-F') ORDER BY id`, [org.councilId]);
  return ['F-A', 'F-C', 'F-B', ...rows.map((r) => r.reference)];
}

test('paging forwards and back, in every order, has no gaps and no repeats (300 cases, many on one day)', async () => {
  const org = await newOrg(db);
  const next = random(20250310);
  const cases: { id: number; reference: string; receivedOn: string; due: string }[] = [];
  for (let i = 0; i < 300; i++) {
    const receivedOn = `2024-${String(1 + Math.floor(next() * 12)).padStart(2, '0')}-${String(1 + Math.floor(next() * 3)).padStart(2, '0')}`;
    const open = next() < 0.4;
    const dueOn = `2025-0${1 + Math.floor(next() * 4)}-1${Math.floor(next() * 3)}`;
    const reference = `P-${String(Math.floor(next() * 1e6)).padStart(6, '0')}-${i}`;
    const id = await addCase(db, org, {
      reference, receivedOn, status: open ? 'stage_open' : undefined, route: open ? 'formal' : null,
      stages: open ? [{ stage: 1, dueOn }] : [],
    });
    cases.push({ id, reference, receivedOn, due: open ? dueOn : 'infinity' });
  }
  const cmp = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);
  const expected: Record<CaseSort, string[]> = {
    received_newest: [...cases].sort((a, b) => cmp(b.receivedOn, a.receivedOn) || b.id - a.id).map((c) => c.reference),
    received_oldest: [...cases].sort((a, b) => cmp(a.receivedOn, b.receivedOn) || a.id - b.id).map((c) => c.reference),
    reference: [...cases].sort((a, b) => cmp(a.reference, b.reference)).map((c) => c.reference),
    due_soonest: [...cases].sort((a, b) => (a.due === b.due ? 0 : a.due === 'infinity' ? 1 : b.due === 'infinity' ? -1 : cmp(a.due, b.due)) || a.id - b.id).map((c) => c.reference),
  };
  const scope = scopeFor(org);
  for (const sort of ['received_newest', 'received_oldest', 'reference', 'due_soonest'] as const) {
    for (const pageSize of [7, 25, 100]) {
      const pages: string[][] = [];
      let page = await searchCases(db.pool, scope, { sort, pageSize }, TODAY);
      assert.equal(page.previous, null);
      assert.deepEqual(page.total, { count: 300, more: false });
      pages.push(page.items.map((i) => i.reference));
      while (page.next) {
        page = await searchCases(db.pool, scope, { sort, pageSize, after: page.next }, TODAY);
        assert.ok(page.items.length > 0 && page.items.length <= pageSize);
        pages.push(page.items.map((i) => i.reference));
      }
      assert.deepEqual(pages.flat(), expected[sort], `${sort}, ${pageSize} a page, forwards`);
      // And back from the last page to the first, page by page, the same pages.
      const back: string[][] = [pages[pages.length - 1]!];
      while (page.previous) {
        page = await searchCases(db.pool, scope, { sort, pageSize, before: page.previous }, TODAY);
        back.unshift(page.items.map((i) => i.reference));
      }
      assert.deepEqual(back, pages, `${sort}, ${pageSize} a page, backwards`);
    }
  }
  // Filters hold across pages.
  const open = expected.due_soonest.filter((r) => cases.find((c) => c.reference === r)!.due !== 'infinity');
  const seen: string[] = [];
  let page = await searchCases(db.pool, scope, { sort: 'due_soonest', status: ['stage_open'], pageSize: 9 }, TODAY);
  seen.push(...page.items.map((i) => i.reference));
  while (page.next) {
    page = await searchCases(db.pool, scope, { sort: 'due_soonest', status: ['stage_open'], pageSize: 9, after: page.next }, TODAY);
    seen.push(...page.items.map((i) => i.reference));
  }
  assert.deepEqual(seen, open);
  assert.equal((await searchCases(db.pool, scope, { pageSize: 1000 }, TODAY)).items.length, 100, 'at most 100 a page');
  assert.equal((await searchCases(db.pool, scope, {}, TODAY)).items.length, 25, '25 by default');
});

test('the total stops counting at 1,000', async () => {
  const org = await newOrg(db);
  await db.pool.query(
    `INSERT INTO contact (council_id, reference, kind, received_on, procedure_code, org_unit_id, summary)
     SELECT $1, 'B-' || n, 'compliment', DATE '2024-04-01' + (n % 300), 'corporate', $2, 'Thanks for the help ' || n
       FROM generate_series(1, 1005) AS n`,
    [org.councilId, org.roadRepairs],
  );
  const page = await searchCases(db.pool, scopeFor(org), {}, TODAY);
  assert.deepEqual(page.total, { count: 1000, more: true });
  assert.equal(describeCount(page.total), 'more than 1,000');
  const few = await searchCases(db.pool, scopeFor(org), { text: 'B-17' }, TODAY);
  assert.equal(few.items[0]!.reference, 'B-17');
  assert.equal(describeCount((await searchCases(db.pool, scopeFor(org), { receivedTo: '2024-04-01' }, TODAY)).total), '3');
});

test('a bad cursor is a BadCursorError, never a database error', async () => {
  const org = await newOrg(db);
  await addCase(db, org, { reference: 'C-1', receivedOn: '2025-01-01' });
  const scope = scopeFor(org);
  const good = encodeCursor('received_newest', { key: '2025-01-01', id: 1 });
  const bad = [
    'not a cursor!', 'abc', Buffer.from('{"v":1').toString('base64url'), Buffer.from('[]').toString('base64url'),
    encodeCursor('received_newest', { key: '2025-02-30', id: 1 }),
    encodeCursor('received_newest', { key: "2025-01-01'; DROP TABLE contact; --", id: 1 }),
    encodeCursor('received_newest', { key: '2025-01-01', id: -4 }),
    encodeCursor('reference', { key: 'C-1', id: 1 }),
    Buffer.from(JSON.stringify({ v: 1, s: 'received_newest', k: '2025-01-01', i: '1' })).toString('base64url'),
    Buffer.from(JSON.stringify({ v: 2, s: 'received_newest', k: '2025-01-01', i: 1 })).toString('base64url'),
    'x'.repeat(5000),
  ];
  for (const cursor of bad) {
    await assert.rejects(searchCases(db.pool, scope, { after: cursor }, TODAY), BadCursorError, cursor);
    await assert.rejects(searchCases(db.pool, scope, { before: cursor }, TODAY), BadCursorError, cursor);
  }
  await assert.rejects(searchCases(db.pool, scope, { after: good, before: good }, TODAY), BadCursorError);
  const page = await searchCases(db.pool, scope, { after: good }, TODAY);
  assert.equal(page.items.length, 0);
  const err = await searchCases(db.pool, scope, { after: 'zzz' }, TODAY).catch((e: unknown) => e);
  assert.equal((err as BadCursorError).statusCode, 400);
});
