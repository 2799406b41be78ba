/**
 * "Import is all-or-nothing per run": an import interrupted half way — by an error inside
 * the run, or by the process being killed — leaves the database as it was, and the
 * database is still usable afterwards. Runs against the real database, both engines.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { csvRows } from '../support/csv.ts';
import { importCaseHistory, readCaseHistoryFolder, type ImportOptions } from '../../src/caseHistory/importCaseHistory.ts';
import { exportCaseHistory } from '../../src/caseHistory/exportCaseHistory.ts';
import { writeCaseHistoryFolder } from '../../src/demo/writeCaseHistory.ts';
import { londonDate } from '../../src/domain/dates.ts';
import type { Database } from '../../src/db/database.ts';
import { engineName, newTestCouncil, useTestDatabase } from '../support/testDatabase.ts';
import { systemActor } from '../../src/events/actor.ts';

const root = new URL('../../', import.meta.url).pathname;

/** Every row a council owns that an import can write, by table. */
async function councilRowCounts(db: Database, councilId: number): Promise<Record<string, number>> {
  const tables = ['contact', 'complaint', 'complaint_stage', 'ombudsman_case', 'org_unit', 'workspace', 'complaint_category', 'case_event', 'import_run'];
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const { rows } = await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE council_id = $1`, [councilId]);
    counts[table] = rows[0]!.n;
  }
  return counts;
}

function tempDir(t: { after: (fn: () => void) => void }, prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The data rows of an exported file. */
const exportedRows = (folder: string, file: string) => csvRows(readFileSync(join(folder, file))).slice(1);

class Interrupted extends Error {}

test(`an import interrupted inside its run leaves the council as it was (${engineName()})`, async (t) => {
  const db = await useTestDatabase();
  const today = '2026-11-24';
  const small = tempDir(t, 'redress-small-');
  const big = tempDir(t, 'redress-big-');
  await writeCaseHistoryFolder(small, { seed: 7, today, years: 2, contactsPerYear: 60 });
  // ~12,000 contacts: more than two batches of 5,000.
  const written = await writeCaseHistoryFolder(big, { seed: 11, today, years: 3, contactsPerYear: 4500 });
  assert.ok(written.contacts > 10_000, `only ${written.contacts} contacts`);

  // The council already has some history (and so an organisation the big import extends).
  const council = await newTestCouncil(db);
  const options: ImportOptions = { createOrg: true, today, actor: systemActor('test'), source: 'importInterrupted.test.ts' };
  await importCaseHistory(db, council.id, readCaseHistoryFolder(small), options);
  const before = await councilRowCounts(db, council.id);
  const exportBefore = tempDir(t, 'redress-before-');
  await exportCaseHistory(db.pool, council.id, exportBefore);

  const files = readCaseHistoryFolder(big);
  // Interrupted after the first contacts batch, and after the last Ombudsman batch (the
  // last of the case data, when contacts, complaints and stages are all written).
  const stops = [
    { where: /^contacts 5000\/\d+$/, stop: (table: string, done: number) => table === 'contacts' && done === 5000 },
    { where: /^ombudsman (\d+)\/\1$/, stop: (table: string, done: number, total: number) => table === 'ombudsman' && done === total },
  ];
  for (const { where, stop } of stops) {
    const seen: string[] = [];
    const interruption = new Interrupted('interrupted');
    await assert.rejects(
      importCaseHistory(db, council.id, files, {
        ...options,
        onBatch: (table, done, total) => {
          seen.push(`${table} ${done}/${total}`);
          if (stop(table, done, total)) throw interruption;
        },
      }),
      (error) => error === interruption,
    );
    assert.match(seen.at(-1) ?? '', where);
    assert.deepEqual(await councilRowCounts(db, council.id), before, `rows were left behind after ${seen.join(', ')}`);
  }
  const exportAfter = tempDir(t, 'redress-after-');
  await exportCaseHistory(db.pool, council.id, exportAfter);
  for (const file of ['contacts.csv', 'stages.csv', 'ombudsman.csv']) {
    assert.ok(readFileSync(join(exportAfter, file)).equals(readFileSync(join(exportBefore, file))), `${file} changed`);
  }
});

// ---------------------------------------------------------------------------------------
// A real process, killed with SIGKILL in the middle of writing.

function redress(args: string[], env: NodeJS.ProcessEnv) {
  const result = spawnSync(process.execPath, ['bin/redress.js', ...args], { cwd: root, env, encoding: 'utf8', timeout: 120_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Runs an import and SIGKILLs it as soon as it reports the first contacts batch written. */
async function importKilledMidway(args: string[], env: NodeJS.ProcessEnv): Promise<{ pid: number; stderr: string }> {
  const child = spawn(process.execPath, ['bin/redress.js', ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let stdout = '';
  child.stdout.on('data', (d) => (stdout += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const reached = await new Promise<boolean>((resolve) => {
    child.stderr.on('data', (d) => {
      stderr += d;
      if (/^writing contacts: 5000 of \d+$/m.test(stderr)) resolve(true);
    });
    void exited.then(() => resolve(false));
  });
  assert.ok(reached, `the import ended before writing its first batch:\n${stdout}\n${stderr}`);
  child.kill('SIGKILL');
  const { signal } = await exited;
  assert.equal(signal, 'SIGKILL');
  return { pid: child.pid!, stderr };
}

test(`an import killed half way leaves no contacts and the database usable (${engineName()})`, { timeout: 300_000 }, async (t) => {
  const dataDir = tempDir(t, 'redress-kill-data-');
  const folder = tempDir(t, 'redress-kill-folder-');
  // The command dates the import by the real clock, so the history ends today.
  const written = await writeCaseHistoryFolder(folder, { seed: 5, today: londonDate(new Date()), years: 3, contactsPerYear: 4500 });
  assert.ok(written.contacts > 10_000);
  // With DATABASE_URL set the commands use that server (and the kill aborts its transaction);
  // otherwise the embedded database in DATA_DIR.
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir };
  const slug = `kill-${randomUUID().slice(0, 8)}`;

  const added = redress(['council', 'add', slug, '--name', 'Killed Import Council', '--nation', 'england'], env);
  assert.equal(added.status, 0, added.stderr);

  const killed = await importKilledMidway(['import', folder, '--council', slug, '--create-org'], env);
  assert.match(killed.stderr, /writing contacts: 5000 of \d+/);
  const lockFile = join(dataDir, 'redress.lock');
  if (!process.env.DATABASE_URL) {
    // The killed process could not release its lock: the next command must take it over.
    assert.ok(existsSync(lockFile), 'no lock left behind');
    assert.equal(readFileSync(lockFile, 'utf8'), String(killed.pid));
  }

  const out = tempDir(t, 'redress-kill-export-');
  const exported = redress(['export', out, '--council', slug], env);
  assert.equal(exported.status, 0, exported.stderr);
  assert.match(exported.stdout, /contacts\.csv 0 rows, stages\.csv 0 rows, ombudsman\.csv 0 rows/);
  assert.equal(exportedRows(out, 'contacts.csv').length, 0);

  const again = redress(['import', folder, '--council', slug, '--create-org'], env);
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stdout, new RegExp(`Imported into Killed Import Council: ${written.contacts} contacts \\(${written.contacts} new, 0 changed\\)`));
  const out2 = tempDir(t, 'redress-kill-export2-');
  const exported2 = redress(['export', out2, '--council', slug], env);
  assert.equal(exported2.status, 0, exported2.stderr);
  assert.equal(exportedRows(out2, 'contacts.csv').length, written.contacts);
  assert.equal(exportedRows(out2, 'ombudsman.csv').length, written.ombudsman);
  if (!process.env.DATABASE_URL) assert.ok(!existsSync(lockFile), 'the lock was not released');
});
