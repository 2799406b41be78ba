/**
 * Backup → restore into an empty database of the same engine gives back the same council:
 * the case-history export byte for byte, every year's annual report, the case pages'
 * content, the audit trail, the documents' bytes, every row of the council's tables; and
 * Redress goes on from there (new ids past the restored ones, waiting messages queued).
 * Runs on the engine DATABASE_URL chooses, like every test file (ADR 0009); on a server the
 * restore goes into a database of its own, made and dropped here.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { openDatabase, type Database, type Queryable } from '../../src/db/database.ts';
import { backupDatabase } from '../../src/backup/backup.ts';
import { restoreDatabase } from '../../src/backup/restore.ts';
import { BackupRefusedError } from '../../src/backup/format.ts';
import { seedDemoCouncil } from '../../src/demo/seedDemo.ts';
import { exportCaseHistory } from '../../src/caseHistory/exportCaseHistory.ts';
import { buildAnnualReport } from '../../src/reports/annualReport.ts';
import { reportOptionsFor } from '../../src/reports/reportSettings.ts';
import { yearsWithData } from '../../src/reports/reportYear.ts';
import { loadCaseFile } from '../../src/casework/caseFile.ts';
import { addCaseDocument, listCaseDocuments, loadCaseDocument } from '../../src/casework/documents.ts';
import { recordAccess } from '../../src/events/audit.ts';
import { systemActor } from '../../src/events/actor.ts';
import { JOB_SCHEMA } from '../../src/messages/jobQueue.ts';
import { migrate, migrationNames } from '../../src/db/migrate.ts';
import type { Scope } from '../../src/domain/access/scope.ts';
import type { Council } from '../../src/councils/councilRepository.ts';
import { embeddedDatabaseFrom, engineName, migratedTemplatePath, useTestDatabase } from '../support/testDatabase.ts';

const TODAY = '2026-11-30';
const source = await useTestDatabase();
const work = mkdtempSync(join(tmpdir(), 'redress-backup-'));
after(() => rmSync(work, { recursive: true, force: true }));

/** A new, empty database of the engine under test, dropped when the file ends. */
async function emptyDatabase(): Promise<Database> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const db = await embeddedDatabaseFrom('empty', null); // as a new install's, without initdb's seconds
    after(() => db.close());
    return db;
  }
  const name = `redress_restore_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  await source.pool.query(`CREATE DATABASE ${name}`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  const db = await openDatabase({ databaseUrl: target.toString() });
  after(async () => {
    await db.close();
    await source.pool.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });
  return db;
}

const everything = (councilId: number): Scope => ({
  councilId, accountId: 0, staffMemberId: null, roles: [], permissions: new Set(), units: 'all', directorates: 'all', mayDisclose: true, mayIdentify: true,
});

/** Every row of the council's own tables, as text, in a fixed order: equal only when the data is. */
async function councilRows(db: Queryable, councilId: number): Promise<Record<string, string[]>> {
  const { rows: tables } = await db.query<{ table: string }>(
    `SELECT c.table_name AS table FROM information_schema.columns c JOIN information_schema.tables t USING (table_schema, table_name)
      WHERE c.table_schema = 'public' AND c.column_name = 'council_id' AND t.table_type = 'BASE TABLE' ORDER BY 1`,
  );
  const out: Record<string, string[]> = {};
  for (const { table } of tables) {
    const { rows } = await db.query<{ row: string }>(`SELECT t::text AS row FROM public."${table}" t WHERE council_id = $1 ORDER BY 1`, [councilId]);
    out[table] = rows.map((r) => r.row);
  }
  return out;
}

async function exported(db: Queryable, councilId: number, name: string): Promise<Record<string, string>> {
  const folder = join(work, name);
  await exportCaseHistory(db, councilId, folder);
  return Object.fromEntries(readdirSync(folder).sort().map((f) => [f, readFileSync(join(folder, f), 'utf8')]));
}

async function reports(db: Queryable, councilId: number): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const year of await yearsWithData(db, councilId)) {
    out[year] = JSON.stringify(await buildAnnualReport(db, councilId, await reportOptionsFor(db, councilId, year), TODAY));
  }
  return out;
}

const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n', 'latin1'), randomBytes(300_000), Buffer.from('\n%%EOF\n')]);
let council: Council;
let file: string;
let contactIds: number[];

before(async () => {
  council = (await seedDemoCouncil(source, TODAY, 60, { slug: `backup-${randomUUID().slice(0, 8)}` }))!;
  const { rows } = await source.pool.query<{ id: number }>('SELECT id FROM contact WHERE council_id = $1 ORDER BY id LIMIT 3', [council.id]);
  contactIds = rows.map((r) => Number(r.id));
  const officer = systemActor('backup test');
  await addCaseDocument(source, { councilId: council.id, contactId: contactIds[0]!, filename: 'response.pdf', kind: 'response_letter', bytes: PDF, on: TODAY }, officer);
  await addCaseDocument(source, { councilId: council.id, contactId: contactIds[1]!, filename: "O'Brien – evidence.pdf", kind: 'evidence', description: 'Ffotograff – “photo”\n2nd line', bytes: PDF.subarray(0, 2000), on: TODAY }, officer);
  await recordAccess(source.pool, officer, { councilId: council.id, action: 'view_case', contactId: contactIds[0]! });
  await recordAccess(source.pool, officer, { councilId: council.id, action: 'run_report', detail: { codes: { year: '2024/25' }, count: 3 } });
  // One delivered, one waiting: the waiting one is queued again after a restore.
  for (const [status, sent] of [['sent', 'now()'], ['queued', 'NULL']] as const) {
    await source.pool.query(
      `INSERT INTO message (council_id, contact_id, template, audience, channel, recipient_name, recipient_address, language, subject, body, status, queued_at, sent_at)
       VALUES ($1, $2, 'acknowledgement', 'resident', 'email', 'Siân O''Neill', 'sian@example.test', 'cy', 'Diolch', 'Line one\nLine two', $3, now(), ${sent})`,
      [council.id, contactIds[0], status],
    );
  }
  file = join(work, 'redress.backup.gz');
});

test(`backup then restore into an empty database gives back the same council (${engineName()})`, async () => {
  const started = performance.now();
  const backup = await backupDatabase(source, file);
  const backupMs = performance.now() - started;
  assert.equal(statSync(file).mode & 0o777, 0o600, 'the backup is its owner’s alone');
  assert.ok(backup.tables.some((t) => t.name === 'case_document' && t.rows >= 2));
  assert.ok(!backup.tables.some((t) => t.name === 'web_session' || t.name === 'schema_migration'), 'sessions and the migration list are not rows of the backup');

  const target = await emptyDatabase();
  const restoring = performance.now();
  const restored = await restoreDatabase(target, file);
  const restoreMs = performance.now() - restoring;
  assert.equal(restored.rows, backup.rows);
  assert.ok(restored.deliveriesQueued >= 1);
  console.log(`# ${engineName()}: ${backup.rows} rows, ${(backup.bytes / 1024).toFixed(0)} KiB; backup ${backupMs.toFixed(0)} ms, restore ${restoreMs.toFixed(0)} ms`);

  assert.deepEqual(await exported(target.pool, council.id, 'after'), await exported(source.pool, council.id, 'before'), 'the case-history export, byte for byte');
  const reportsBefore = await reports(source.pool, council.id);
  assert.ok(Object.keys(reportsBefore).length >= 3);
  assert.deepEqual(await reports(target.pool, council.id), reportsBefore, 'every year’s annual report');
  const { rows: references } = await source.pool.query<{ reference: string }>('SELECT reference FROM contact WHERE council_id = $1 AND id = ANY($2)', [council.id, contactIds]);
  for (const { reference } of references) {
    assert.deepEqual(await loadCaseFile(target.pool, everything(council.id), reference), await loadCaseFile(source.pool, everything(council.id), reference), `the case file of ${reference}`);
  }
  for (const contactId of contactIds.slice(0, 2)) {
    const documents = await listCaseDocuments(target.pool, council.id, contactId);
    assert.deepEqual(documents, await listCaseDocuments(source.pool, council.id, contactId));
    for (const d of documents) {
      assert.deepEqual((await loadCaseDocument(target.pool, council.id, contactId, d.id))!.content, (await loadCaseDocument(source.pool, council.id, contactId, d.id))!.content, 'the document’s bytes');
    }
  }
  const audit = 'SELECT count(*)::int AS n FROM audit_entry WHERE council_id = $1';
  assert.deepEqual((await target.pool.query(audit, [council.id])).rows, (await source.pool.query(audit, [council.id])).rows);
  assert.deepEqual(await councilRows(target.pool, council.id), await councilRows(source.pool, council.id), 'every row of the council’s tables');

  // Redress goes on: a new document gets an id past the restored ones; the waiting message has a delivery job.
  const added = await addCaseDocument(target, { councilId: council.id, contactId: contactIds[2]!, filename: 'later.pdf', kind: 'other', bytes: PDF.subarray(0, 100), on: TODAY }, systemActor('backup test'));
  // Compared with the restored rows, not the source's: on a shared server other files add documents to the source meanwhile.
  const { rows: [highest] } = await target.pool.query<{ id: number }>('SELECT max(id)::int AS id FROM case_document WHERE id <> $1', [added.id]);
  assert.ok(added.id > highest!.id, `the new document's id ${added.id} is past the restored ones' ${highest!.id}`);
  const { rows: jobs } = await target.pool.query(`SELECT data FROM ${JOB_SCHEMA}.job WHERE data->>'councilId' = $1`, [String(council.id)]);
  assert.equal(jobs.length, 1, 'a delivery job for the waiting message');

  // The same file again, into the now full database: refused, and nothing changes.
  await assert.rejects(restoreDatabase(target, file), (e: Error) => e instanceof BackupRefusedError && /is not empty/.test(e.message));
});

test('a damaged or cut short backup is refused and the new database stays empty', async () => {
  if (!statSync(file, { throwIfNoEntry: false })) await backupDatabase(source, file);
  const text = gunzipSync(readFileSync(file)).toString('utf8');
  const cut = join(work, 'cut.gz');
  writeFileSync(cut, gzipSync(text.slice(0, Math.floor(text.length * 0.8))));
  const changed = join(work, 'changed.gz');
  writeFileSync(changed, gzipSync(text.replace('Line one', 'Line 0ne')));
  const notGzip = join(work, 'not.gz');
  writeFileSync(notGzip, 'reference,kind\n');
  const half = join(work, 'half.gz');
  const bytes = readFileSync(file);
  writeFileSync(half, bytes.subarray(0, Math.floor(bytes.length / 2)));

  const target = await emptyDatabase();
  await assert.rejects(restoreDatabase(target, cut), /cut short/);
  await assert.rejects(restoreDatabase(target, changed), /checksum does not match/);
  await assert.rejects(restoreDatabase(target, notGzip), /not a whole Redress backup/);
  await assert.rejects(restoreDatabase(target, half), /not a whole Redress backup|cut short/);
  const { rows } = await target.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM council');
  assert.equal(rows[0]!.n, 0, 'nothing was restored');
  // …and the good file still restores into it, its rows replacing what a first start wrote.
  await target.pool.query(`INSERT INTO app_secret (name, value) VALUES ('first-start', 'not the backup''s')`);
  await restoreDatabase(target, file);
  const secrets = 'SELECT name, value FROM app_secret ORDER BY name';
  assert.deepEqual((await target.pool.query(secrets)).rows, (await source.pool.query(secrets)).rows);
  assert.deepEqual((await target.pool.query('SELECT slug FROM council WHERE id = $1', [council.id])).rows, [{ slug: council.slug }]);
});

test('a backup never writes over a file', async () => {
  const existing = join(work, 'existing.gz');
  writeFileSync(existing, 'keep me');
  await assert.rejects(backupDatabase(source, existing), /already there/);
  assert.equal(readFileSync(existing, 'utf8'), 'keep me');
  await assert.rejects(backupDatabase(source, join(work, 'no-such-folder', 'b.gz')), { code: 'ENOENT' });
});

test('a backup from an older Redress is restored at its own schema, then brought up to date', async () => {
  const all = migrationNames();
  const older = await emptyDatabase();
  await migrate(older, { only: all.slice(0, -1) });
  await older.pool.query(`INSERT INTO council (slug, name, nation) VALUES ('older', 'Older Council', 'scotland')`);
  const olderFile = join(work, 'older.gz');
  await backupDatabase(older, olderFile);
  const target = await emptyDatabase();
  const restored = await restoreDatabase(target, olderFile);
  assert.deepEqual(restored.migrationsAfter, [all.at(-1)], 'the one migration the backup lacked, applied after its rows');
  assert.deepEqual((await target.pool.query('SELECT slug, nation FROM council')).rows, [{ slug: 'older', nation: 'scotland' }]);
  assert.deepEqual((await target.pool.query('SELECT name FROM schema_migration ORDER BY name')).rows.map((r) => r.name), all);
  // And a database already past the backup's schema is refused before anything is written.
  await assert.rejects(restoreDatabase(await emptyDatabaseMigrated(), olderFile), /already has changes the backup's database did not \(/);
});

test('a backup of one engine restores into the other (a council moving from the embedded database to a server)', async (t) => {
  if (!process.env.DATABASE_URL) {
    t.skip('needs both engines: DATABASE_URL names the server');
    return;
  }
  if (!statSync(file, { throwIfNoEntry: false })) await backupDatabase(source, file);
  const embedded = await embeddedDatabaseFrom('empty', null);
  after(() => embedded.close());
  await restoreDatabase(embedded, file);
  assert.deepEqual(await exported(embedded.pool, council.id, 'embedded'), await exported(source.pool, council.id, 'server'), 'the case-history export, byte for byte');
  assert.deepEqual(await reports(embedded.pool, council.id), await reports(source.pool, council.id), 'every year’s annual report');
  // …and back: the embedded database's backup restores into a new server database.
  const back = join(work, 'from-embedded.gz');
  await backupDatabase(embedded, back);
  const server = await emptyDatabase();
  await restoreDatabase(server, back);
  assert.deepEqual(await exported(server.pool, council.id, 'server-again'), await exported(source.pool, council.id, 'server-first'));
});

/** An empty database already at this version's schema (the embedded one from the tests' migrated template). */
async function emptyDatabaseMigrated(): Promise<Database> {
  if (!process.env.DATABASE_URL) {
    const db = await openDatabase({ dataDir: null, template: migratedTemplatePath() });
    after(() => db.close());
    return db;
  }
  const db = await emptyDatabase();
  await migrate(db);
  return db;
}
