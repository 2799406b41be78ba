import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { openDatabase } from '../../src/db/database.ts';
import { lockDataDirectory, DataDirectoryLockedError } from '../../src/db/dataDirectoryLock.ts';

// Both hazards are about the embedded engine (../shared/ARCHITECTURE.md measured them).
const skip = process.env.DATABASE_URL ? 'about the embedded database only' : false;
const writer = new URL('../support/writeRowsProcess.ts', import.meta.url).pathname;

test('a long query on the embedded database does not stop the process serving others', { skip }, async () => {
  const db = await openDatabase({ dataDir: null });
  try {
    let turns = 0;
    let finished = false;
    const spin = () => {
      if (finished) return;
      turns++;
      setImmediate(spin);
    };
    spin();
    const timer = new Promise<number>((resolve) => setTimeout(() => resolve(turns), 20));
    await db.pool.query('SELECT count(*) FROM generate_series(1, 3000000)');
    finished = true;
    // The timer set before the query fired while the query was still running, and the
    // event loop kept turning the whole time: PGlite runs in its own thread.
    const turnsWhenTimerFired = await timer;
    assert.ok(turnsWhenTimerFired > 10, `the event loop turned only ${turnsWhenTimerFired} times`);
    assert.ok(turns > turnsWhenTimerFired);
  } finally {
    await db.close();
  }
});

test('a second process cannot open a data directory in use, so no write is lost', { skip }, async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'redress-lock-'));
  try {
    // The first process writes 150 rows and keeps the directory open for a moment.
    const first = spawn(process.execPath, ['--import', 'tsx', writer, dataDir, 'first', '150'], { env: { ...process.env, HOLD_MS: '3000' } });
    let firstOut = '';
    first.stdout.on('data', (d) => (firstOut += d));
    while (!firstOut.includes('"ok"')) await once(first.stdout, 'data');
    assert.match(firstOut, /"ok":true/);
    // The second is refused with a message naming the holder, and writes nothing.
    const second = spawnSync(process.execPath, ['--import', 'tsx', writer, dataDir, 'second', '150'], { encoding: 'utf8' });
    assert.equal(second.status, 1);
    const refusal = JSON.parse(second.stdout.trim());
    assert.equal(refusal.name, 'DataDirectoryLockedError');
    assert.match(refusal.message, new RegExp(`pid ${first.pid}`));
    await once(first, 'exit');
    const db = await openDatabase({ dataDir });
    const { rows } = await db.pool.query<{ label: string; n: number }>('SELECT label, count(*)::int AS n FROM hazard_probe GROUP BY label');
    await db.close();
    assert.deepEqual(rows, [{ label: 'first', n: 150 }]);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('a lock left by a process that died is taken over', { skip }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'redress-lock-'));
  try {
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    writeFileSync(join(dataDir, 'redress.lock'), dead.stdout);
    const lock = lockDataDirectory(dataDir);
    assert.throws(() => lockDataDirectory(dataDir), DataDirectoryLockedError);
    lock.release();
    lockDataDirectory(dataDir).release();
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
