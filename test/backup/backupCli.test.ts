/**
 * `redress backup` and `redress restore` as a person runs them: exit status 0, 1 or 2 and
 * one sentence. The embedded database in temporary DATA_DIRs, or the PostgreSQL server when
 * DATABASE_URL is set (the restore then goes into a database made here).
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { lockDataDirectory } from '../../src/db/dataDirectoryLock.ts';
import { engineName, prepareDataDirectory } from '../support/testDatabase.ts';

const root = new URL('../../', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'redress-backup-cli-'));
after(() => rmSync(work, { recursive: true, force: true }));
const serverUrl = process.env.DATABASE_URL;

function redress(args: string[], env: NodeJS.ProcessEnv) {
  const result = spawnSync(process.execPath, ['bin/redress.js', ...args], { cwd: root, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 240_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * Where a command's database is: a DATA_DIR (an empty database, as a new install's, made from a
 * template rather than by initdb), or on a server a database of its own.
 */
async function newDatabase(name: string): Promise<NodeJS.ProcessEnv> {
  if (!serverUrl) {
    await prepareDataDirectory(join(work, name), 'empty');
    return { DATA_DIR: join(work, name), DATABASE_URL: '' };
  }
  const database = `redress_cli_${name}_${randomUUID().replaceAll('-', '').slice(0, 8)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  await admin.end();
  after(async () => {
    const c = new pg.Client({ connectionString: serverUrl });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await c.end();
  });
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return { DATABASE_URL: url.toString() };
}

test(`redress backup, then redress restore into a new database, gives back the councils (${engineName()})`, async () => {
  const from = await newDatabase('from');
  const slug = `cli-${randomUUID().slice(0, 6)}`;
  assert.equal(redress(['council', 'add', slug, '--name', 'Backup Borough Council', '--nation', 'wales'], from).status, 0);
  const file = join(work, 'first.backup.gz');
  const backup = redress(['backup', file], from);
  assert.equal(backup.status, 0, backup.stderr);
  assert.match(backup.stdout, /^Backed up the (embedded|server) database .* to .*first\.backup\.gz: [\d,]+ rows of \d+ tables/);

  const again = redress(['backup', file], from);
  assert.equal(again.status, 1);
  assert.match(again.stderr, /already there, so give the backup a new file name/);

  const to = await newDatabase('to');
  const restore = redress(['restore', file], to);
  assert.equal(restore.status, 0, restore.stderr);
  assert.match(restore.stdout, /^Restored .*first\.backup\.gz \(backed up .*\) into the (embedded|server) database .*: [\d,]+ rows, checked/);
  const councils = redress(['councils'], to);
  assert.match(councils.stdout, new RegExp(`${slug}\\tBackup Borough Council\\twales`));

  const twice = redress(['restore', file], to);
  assert.equal(twice.status, 1);
  assert.match(twice.stderr, /^The database to restore into is not empty \(.*council.*\), so nothing was restored/);
  assert.equal(twice.stderr.trim().split('\n').length, 1, 'one sentence');
});

test('mistakes: no file, a file that is not there, not a backup', async () => {
  const env = await newDatabase('mistakes');
  const none = redress(['backup'], env);
  assert.equal(none.status, 2);
  assert.match(none.stderr, /Usage: redress backup <file>/);
  const missing = redress(['restore', join(work, 'nowhere.gz')], env);
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /^Could not find .*nowhere\.gz because there is no such file or folder\./);
  const notBackup = join(work, 'contacts.csv');
  writeFileSync(notBackup, 'reference,kind\n');
  const wrong = redress(['restore', notBackup], env);
  assert.equal(wrong.status, 1);
  assert.match(wrong.stderr, /contacts\.csv is not a whole Redress backup \(it is not a complete gzip file\), so nothing was restored\./);
});

test('backup while another process holds the embedded database says to stop it or use a server', async (t) => {
  if (serverUrl) {
    t.skip('about the embedded data directory; DATABASE_URL is set, so the server is in use');
    return;
  }
  const dataDir = join(work, 'held');
  const empty = redress(['backup', join(work, 'x.gz')], { DATA_DIR: dataDir, DATABASE_URL: '' });
  assert.equal(empty.status, 1);
  assert.match(empty.stderr, /There is no Redress database in .*held to back up/);
  mkdirSync(join(dataDir, 'pglite'), { recursive: true }); // as `redress start` leaves it
  const lock = lockDataDirectory(dataDir);
  try {
    const held = redress(['backup', join(work, 'held.gz')], { DATA_DIR: dataDir, DATABASE_URL: '' });
    assert.equal(held.status, 1);
    assert.match(held.stderr, new RegExp(`open in another Redress process \\(pid ${process.pid}\\), so stop it \\(redress start\\) while the backup runs, or run Redress on a PostgreSQL server`));
  } finally {
    lock.release();
  }
});
