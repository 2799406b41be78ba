import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../src/db/database.ts';
import { embeddedPassOnly } from '../support/testDatabase.ts';

/** Everything under `dir` (itself included) that grants any permission to group or others. */
function openToOthers(dir: string): string[] {
  const found: string[] = [];
  const walk = (path: string) => {
    const stat = lstatSync(path);
    if (!stat.isSymbolicLink() && (stat.mode & 0o077) !== 0) found.push(`${(stat.mode & 0o777).toString(8)} ${path}`);
    if (stat.isDirectory()) for (const name of readdirSync(path)) walk(join(path, name));
  };
  walk(dir);
  return found;
}

// The embedded engine's files, whichever engine the rest of the suite runs on.
test('the embedded database keeps its files to its owner: folders 0700, files 0600', { skip: embeddedPassOnly() }, async () => {
  const parent = mkdtempSync(join(tmpdir(), 'redress-perms-'));
  const dataDir = join(parent, 'data');
  try {
    const db = await openDatabase({ dataDir });
    try {
      assert.deepEqual(openToOthers(dataDir), [], 'while it is open');
      await db.pool.query('CREATE TABLE probe (id int PRIMARY KEY, label text)');
      await db.pool.query("INSERT INTO probe SELECT g, 'row ' || g FROM generate_series(1, 2000) g");
      await db.pool.query('CREATE INDEX ON probe (label)');
    } finally {
      await db.close();
    }
    assert.deepEqual(openToOthers(dataDir), [], 'after it is closed');
  } finally {
    rmSync(parent, { recursive: true, force: true });
  }
});

test('an existing data directory open to others is closed when it is opened', { skip: embeddedPassOnly() }, async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'redress-perms-'));
  try {
    chmodSync(dataDir, 0o777);
    mkdirSync(join(dataDir, 'left-behind'), { mode: 0o777 });
    writeFileSync(join(dataDir, 'left-behind', 'notes.txt'), 'x', { mode: 0o666 });
    chmodSync(join(dataDir, 'left-behind'), 0o777);
    chmodSync(join(dataDir, 'left-behind', 'notes.txt'), 0o666);
    const db = await openDatabase({ dataDir });
    try {
      assert.deepEqual(openToOthers(dataDir), []);
      assert.equal((await db.pool.query('SELECT 1 AS one')).rows[0].one, 1);
    } finally {
      await db.close();
    }
    assert.deepEqual(openToOthers(dataDir), []);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
