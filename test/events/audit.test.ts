import { test } from 'node:test';
import assert from 'node:assert/strict';
import { filtersUsed, recordAccess, type AuditAction, type AuditDetail } from '../../src/events/audit.ts';
import { auditSearch } from '../../src/events/auditSearch.ts';
import { staffActor, systemActor } from '../../src/events/actor.ts';
import { engineName, newTestCouncil, useTestDatabase } from '../support/testDatabase.ts';

const db = await useTestDatabase();
// Accounts of this run only: files and runs share a server database.
const RUN = 1_000_000 + Math.floor(Math.random() * 1_000_000_000);
const ALEX = staffActor({ accountId: RUN, name: 'Alex Brown', ip: '192.0.2.1', requestId: 'req-abc' });
const SAM = staffActor({ accountId: RUN + 1, name: 'Sam Jones', ip: '192.0.2.2' });

test(`an officer's search is audited by the names of the filters used, not what was typed (${engineName()})`, async () => {
  const council = await newTestCouncil(db);
  const typed = { text: 'Mrs Eleanor Whitfield', status: 'stage_open', directorate: '', received: undefined, flags: [] };
  const id = await recordAccess(db.pool, ALEX, { councilId: council.id, action: 'search_cases', detail: { filters: filtersUsed(typed), count: 3 } });
  const { entries } = await auditSearch(db.pool, { councilId: council.id });
  assert.equal(entries.length, 1);
  const entry = entries[0]!;
  assert.equal(entry.id, id);
  assert.deepEqual(
    { ...entry, at: undefined },
    { id, councilId: council.id, accountId: RUN, actor: 'Alex Brown', action: 'search_cases', contactId: null,
      detail: { filters: ['status', 'text'], count: 3 }, origin: 'web 192.0.2.1', requestId: 'req-abc', at: undefined },
  );
  assert.ok(entry.at instanceof Date);
  assert.doesNotMatch(JSON.stringify(entries), /Whitfield|Eleanor/);
});

test('a detail that could hold a name or typed text is refused', async () => {
  const council = await newTestCouncil(db);
  const refuse = (detail: AuditDetail, pattern: RegExp) =>
    assert.rejects(recordAccess(db.pool, ALEX, { councilId: council.id, action: 'search_cases', detail }), pattern);
  await refuse({ filters: ['Eleanor Whitfield'] }, /names the filters used/);
  await refuse({ codes: { text: 'Eleanor Whitfield' } }, /system code/);
  await refuse({ query: 'Eleanor' } as AuditDetail, /cannot hold "query"/);
  await refuse({ count: 1.5 }, /whole number/);
  await assert.rejects(recordAccess(db.pool, ALEX, { councilId: council.id, action: 'peek' as AuditAction }), /not an audited action/);
  assert.deepEqual((await auditSearch(db.pool, { councilId: council.id })).entries, []);
});

test(`audit entries are never changed or deleted (${engineName()})`, async () => {
  const council = await newTestCouncil(db);
  const id = await recordAccess(db.pool, ALEX, { councilId: council.id, action: 'view_case', contactId: 1 });
  await assert.rejects(db.pool.query('UPDATE audit_entry SET actor = $2 WHERE id = $1', [id, 'someone else']), /never changed or deleted/);
  await assert.rejects(db.pool.query('DELETE FROM audit_entry WHERE id = $1', [id]), /never changed or deleted/);
  assert.equal((await auditSearch(db.pool, { councilId: council.id })).entries[0]!.actor, 'Alex Brown');
});

test(`the audit search: by council, account, case, action and London dates, newest first, a page at a time (${engineName()})`, async () => {
  const council = await newTestCouncil(db);
  const other = await newTestCouncil(db);
  await recordAccess(db.pool, ALEX, { councilId: council.id, action: 'view_case', contactId: 11 });
  await recordAccess(db.pool, SAM, { councilId: council.id, action: 'view_case', contactId: 12 });
  await recordAccess(db.pool, SAM, { councilId: council.id, action: 'export_cases', detail: { filters: ['year'], count: 120, codes: { format: 'csv', year: '2023/24' } } });
  await recordAccess(db.pool, ALEX, { councilId: council.id, action: 'run_report', detail: { codes: { layout: 'standard', year: '2023/24', format: 'docx' } } });
  await recordAccess(db.pool, ALEX, { councilId: other.id, action: 'view_case', contactId: 11 });
  await recordAccess(db.pool, systemActor('redress import'), { councilId: council.id, action: 'import_case_history', detail: { count: 40 } });
  const search = (q: Omit<Parameters<typeof auditSearch>[1], 'councilId'>) => auditSearch(db.pool, { councilId: council.id, ...q });

  const all = await search({});
  assert.deepEqual(all.entries.map((e) => e.action), ['import_case_history', 'run_report', 'export_cases', 'view_case', 'view_case']);
  assert.equal(all.nextBefore, null);
  assert.deepEqual((await search({ accountId: SAM.accountId! })).entries.map((e) => e.action), ['export_cases', 'view_case']);
  assert.deepEqual((await search({ contactId: 11 })).entries.map((e) => [e.actor, e.councilId]), [['Alex Brown', council.id]]);
  assert.deepEqual((await search({ action: ['run_report', 'export_cases'] })).entries.map((e) => e.action), ['run_report', 'export_cases']);
  assert.equal((await search({ action: 'sign_in' })).entries.length, 0);
  assert.deepEqual((await auditSearch(db.pool, { councilId: 'any', accountId: ALEX.accountId!, contactId: 11 })).entries.map((e) => e.councilId),
    [other.id, council.id], 'across councils');

  // Pages: newest first, keyset on id.
  const page1 = await search({ limit: 2 });
  assert.deepEqual(page1.entries.map((e) => e.action), ['import_case_history', 'run_report']);
  const page2 = await search({ limit: 2, before: page1.nextBefore! });
  assert.deepEqual(page2.entries.map((e) => e.action), ['export_cases', 'view_case']);
  const page3 = await search({ limit: 2, before: page2.nextBefore! });
  assert.deepEqual(page3.entries.map((e) => e.contactId), [11]);
  assert.equal(page3.nextBefore, null);

  // Dates are London calendar days: 23:30 UTC on 30 June 2024 is 1 July in London (BST).
  const at = async (instant: string) => db.pool.query(
    `INSERT INTO audit_entry (council_id, account_id, actor, action, origin, at) VALUES ($1, $2, 'Alex Brown', 'list_cases', 'web 192.0.2.1', $3)`,
    [other.id, ALEX.accountId, instant],
  );
  await at('2024-06-30T22:30:00Z'); // 23:30 on 30 June in London
  await at('2024-06-30T23:30:00Z'); // 00:30 on 1 July in London
  await at('2024-07-31T22:59:59Z'); // 23:59:59 on 31 July in London
  await at('2024-07-31T23:00:00Z'); // midnight, 1 August
  const july = await auditSearch(db.pool, { councilId: other.id, action: 'list_cases', from: '2024-07-01', to: '2024-07-31' });
  assert.deepEqual(july.entries.map((e) => e.at.toISOString()), ['2024-07-31T22:59:59.000Z', '2024-06-30T23:30:00.000Z']);
  await assert.rejects(auditSearch(db.pool, { councilId: other.id, from: '1 July 2024' }), /YYYY-MM-DD/);
});

test(`a page holds at most 100 entries (${engineName()})`, async () => {
  const council = await newTestCouncil(db);
  await db.pool.query(
    `INSERT INTO audit_entry (council_id, actor, action, origin) SELECT $1, 'test', 'view_case', 'command line' FROM generate_series(1, 105)`,
    [council.id],
  );
  const page = await auditSearch(db.pool, { councilId: council.id, limit: 1000 });
  assert.equal(page.entries.length, 100);
  assert.equal((await auditSearch(db.pool, { councilId: council.id, before: page.nextBefore! })).entries.length, 5);
  assert.equal((await auditSearch(db.pool, { councilId: council.id })).entries.length, 50, 'fifty when no limit is given');
});
