import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BACKUP_FORMAT, BackupRefusedError, checkTargetEmpty, checkTargetSchema, parentsFirst, readHeader, readTrailer, rowsPerInsert, tableOrder,
} from '../../src/backup/format.ts';

const KNOWN = ['001_case_core.sql', '002_calendar.sql'];
const header = (overrides: Record<string, unknown> = {}) => JSON.stringify({
  format: BACKUP_FORMAT, version: 1, redressVersion: '0.1.0', engine: 'embedded', createdAt: '2026-11-30T09:00:00.000Z',
  migrations: KNOWN, tables: [{ name: 'council', columns: ['id', 'slug'], rows: 1 }], ...overrides,
});
const refused = (pattern: RegExp) => (e: unknown) => e instanceof BackupRefusedError && pattern.test(e.message);

test('a header is read when it is this format and its migrations are known', () => {
  assert.deepEqual(readHeader(header(), 'b.gz', KNOWN).tables, [{ name: 'council', columns: ['id', 'slug'], rows: 1 }]);
  assert.equal(readHeader(header({ migrations: ['001_case_core.sql'] }), 'b.gz', KNOWN).migrations.length, 1, 'an older backup');
});

test('a header is refused in words that say what to do', () => {
  assert.throws(() => readHeader(undefined, 'b.gz', KNOWN), refused(/^b\.gz is not a Redress backup/));
  assert.throws(() => readHeader('reference,kind', 'b.gz', KNOWN), refused(/^b\.gz is not a Redress backup/));
  assert.throws(() => readHeader(JSON.stringify({ format: 'redress-case-history', version: 2 }), 'b.gz', KNOWN), refused(/is not a Redress backup/));
  assert.throws(() => readHeader(header({ version: 2 }), 'b.gz', KNOWN), refused(/newer Redress \(backup format 2; this one reads 1\), so restore it with that version or a later one\.$/));
  assert.throws(() => readHeader(header({ migrations: [...KNOWN, '040_future.sql'] }), 'b.gz', KNOWN), refused(/newer Redress \(its database has the change 040_future\.sql that this version does not know\), so upgrade Redress/));
  assert.throws(() => readHeader(header({ tables: [{ name: 'x; DROP TABLE council', columns: ['id'], rows: 1 }] }), 'b.gz', KNOWN), refused(/damaged header \(tables\.0\.name/));
  const twice = { name: 'council', columns: ['id'], rows: 1 };
  assert.throws(() => readHeader(header({ tables: [twice, twice] }), 'b.gz', KNOWN), refused(/council is listed twice/));
});

test('the trailer is told from rows and table starts', () => {
  const checksum = 'a'.repeat(64);
  assert.deepEqual(readTrailer(JSON.stringify({ end: true, rows: 3, checksum })), { end: true, rows: 3, checksum });
  assert.equal(readTrailer('["1","x"]'), null);
  assert.equal(readTrailer('{"table":"council"}'), null);
});

test('a target with newer migrations, or with rows, is refused', () => {
  assert.doesNotThrow(() => checkTargetSchema(KNOWN, []));
  assert.doesNotThrow(() => checkTargetSchema(KNOWN, ['001_case_core.sql']));
  assert.throws(() => checkTargetSchema(['001_case_core.sql'], KNOWN), refused(/already has changes the backup's database did not \(002_calendar\.sql\), so restore into a new, empty database/));
  assert.doesNotThrow(() => checkTargetEmpty(['schema_migration', 'web_session', 'app_secret', 'calendar_day']), 'a first start’s secret and session, a migration’s rows, do not count');
  assert.throws(() => checkTargetEmpty(['app_secret', 'audit_entry', 'contact', 'council', 'person', 'user_account']), refused(/not empty \(council and user_account have rows\), so nothing was restored: restore into a new DATA_DIR or a new PostgreSQL database/));
  assert.throws(() => checkTargetEmpty(['user_account']), refused(/not empty \(user_account has rows\)/));
});

test('tables are ordered after the tables they point at, a table pointing at itself is no obstacle, a circle is', () => {
  const order = tableOrder(['remedy', 'contact', 'council', 'org_unit', 'audit_entry'], [
    ['contact', 'council'], ['contact', 'org_unit'], ['org_unit', 'council'], ['org_unit', 'org_unit'], ['remedy', 'contact'], ['audit_entry', 'council'], ['contact', 'elsewhere'],
  ]);
  assert.deepEqual(order, ['council', 'audit_entry', 'org_unit', 'contact', 'remedy']);
  assert.throws(() => tableOrder(['a', 'b'], [['a', 'b'], ['b', 'a']]), /a, b refer to each other in a circle/);
});

test('rows of a table pointing at itself come after the rows they point at', () => {
  // [council_id, id, parent_id]: a team (4) before its service (3), before its directorate (2).
  const rows = [['1', '4', '3'], ['1', '3', '2'], ['1', '5', null], ['1', '2', null], ['1', '6', '9']] as const;
  const ordered = parentsFirst(rows, [{ columns: [0, 2], referenced: [0, 1] }]);
  assert.deepEqual(ordered.map((r) => r[1]), ['5', '2', '6', '3', '4']);
  // A circle does not hang.
  assert.equal(parentsFirst([['1', 'a', 'b'], ['1', 'b', 'a']], [{ columns: [0, 2], referenced: [0, 1] }]).length, 2);
});

test('an insert stays under PostgreSQL’s 65,535 parameters', () => {
  assert.equal(rowsPerInsert(5), 1000);
  assert.equal(rowsPerInsert(200), 300);
  assert.ok(rowsPerInsert(70_000) === 1);
});
