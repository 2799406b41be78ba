/**
 * `redress start` as a person runs it, when it cannot start: it exits non-zero within
 * seconds with one sentence saying what is wrong and what to do, never hangs, and never
 * prints a database password. And on a PostgreSQL server it never adds the demo council.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { lockDataDirectory } from '../../src/db/dataDirectoryLock.ts';
import { CONNECT_TIMEOUT_MS } from '../../src/db/database.ts';
import { NO_COUNCIL_ON_SERVER } from '../../src/cli/start.ts';
import { embeddedPassOnly } from '../support/testDatabase.ts';

const root = new URL('../../', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'redress-start-'));
chmodSync(work, 0o755); // a child running as another user (below) must reach its folders
after(() => rmSync(work, { recursive: true, force: true }));
const PASSWORD = 's3cret-pw';
// Starting the command (tsx compiling the app) takes a few seconds, and far more on a busy
// machine: measured here by loading what `redress start` loads (the command line and the web
// app; `--help` no longer loads the app). A start that fails must take at most that and a few
// seconds more — it must not hang.
const loadStarted = performance.now();
spawnSync(process.execPath, ['--import', 'tsx', '--eval', "await import('./src/cli/main.ts'); await import('./src/cli/start.ts');"], { cwd: root, encoding: 'utf8' });
const STARTUP_ALLOWANCE_MS = 2 * (performance.now() - loadStarted) + 5_000;

interface Run { status: number | null; output: string; ms: number }

/** Runs `redress start` until it exits (or `until` matches its output, then stops it). */
function start(env: NodeJS.ProcessEnv, options: { uid?: number; gid?: number; until?: RegExp; timeoutMs?: number } = {}): Promise<Run & { child: ReturnType<typeof spawn> }> {
  const started = performance.now();
  const child = spawn(process.execPath, ['bin/redress.js', 'start'], {
    cwd: root,
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', DATABASE_URL: '', ...env },
    ...(options.uid === undefined ? {} : { uid: options.uid, gid: options.gid }),
  });
  let output = '';
  return new Promise((resolveRun, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`redress start was still running after ${options.timeoutMs ?? 60_000} ms:\n${output}`));
    }, options.timeoutMs ?? 60_000);
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      if (options.until?.test(output)) {
        clearTimeout(timer);
        resolveRun({ status: null, output, ms: performance.now() - started, child });
      }
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('exit', (status) => {
      clearTimeout(timer);
      resolveRun({ status, output, ms: performance.now() - started, child });
    });
  });
}

/** Exit 1, soon, with exactly one line: `sentence`; and no password anywhere in what it printed. */
function assertRefused(run: Run, sentence: string | RegExp, withinMs = STARTUP_ALLOWANCE_MS) {
  assert.equal(run.status, 1, run.output);
  assert.ok(run.ms < withinMs, `it took ${Math.round(run.ms)} ms to give up`);
  const lines = run.output.trim().split('\n');
  assert.equal(lines.length, 1, run.output);
  if (typeof sentence === 'string') assert.equal(lines[0], sentence);
  else assert.match(lines[0]!, sentence);
  assert.ok(!run.output.includes(PASSWORD), `the password was printed: ${run.output}`);
}

/** A TCP server for the duration of a test, answering each connection with `onConnection`. */
async function fakeServer(t: { after: (fn: () => unknown) => void }, onConnection: (socket: Socket) => void): Promise<number> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    onConnection(socket);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  t.after(() => {
    for (const s of sockets) s.destroy();
    server.close();
  });
  return (server.address() as AddressInfo).port;
}

/** A PostgreSQL ErrorResponse message. */
function errorResponse(code: string, message: string): Buffer {
  const fields = Buffer.concat([
    ...[['S', 'FATAL'], ['V', 'FATAL'], ['C', code], ['M', message]].map(([k, v]) => Buffer.from(`${k}${v}\0`)),
    Buffer.from([0]),
  ]);
  const head = Buffer.alloc(5);
  head.write('E');
  head.writeInt32BE(fields.length + 4, 1);
  return Buffer.concat([head, fields]);
}

test('a port already in use: exit 1 at once, saying so and what to do', { skip: embeddedPassOnly() }, async (t) => {
  const port = await fakeServer(t, (socket) => socket.end());
  const run = await start({ PORT: String(port), DATA_DIR: join(work, 'port') });
  assertRefused(run, `Port ${port} is already in use by another program; stop it or set PORT to another port.`);
});

test('a PostgreSQL server that refuses connections: exit 1, no password printed', { skip: embeddedPassOnly() }, async () => {
  const run = await start({ DATABASE_URL: `postgres://postgres:${PASSWORD}@127.0.0.1:1/x` });
  assertRefused(run, 'Could not reach the PostgreSQL server at 127.0.0.1:1 (nothing is listening there); check that it is running and that DATABASE_URL is right.');
});

test('a server that never answers: exit 1 after the connection timeout, not the system’s two minutes', { skip: embeddedPassOnly() }, async (t) => {
  const port = await fakeServer(t, () => {}); // accepts, then says nothing
  const run = await start({ DATABASE_URL: `postgres://postgres:${PASSWORD}@127.0.0.1:${port}/x` });
  assertRefused(run, `Could not reach the PostgreSQL server named by DATABASE_URL (it did not answer within ${CONNECT_TIMEOUT_MS / 1000} seconds); check that it is running and that DATABASE_URL is right.`,
    CONNECT_TIMEOUT_MS + STARTUP_ALLOWANCE_MS);
});

test('a wrong password: exit 1 saying the login was refused, and the password is not printed even when the server echoes it', { skip: embeddedPassOnly() }, async (t) => {
  // A server that asks for the password in clear and refuses it, quoting it back.
  const port = await fakeServer(t, (socket) => {
    let buffered = Buffer.alloc(0);
    let asked = false;
    socket.on('data', (chunk) => {
      buffered = Buffer.concat([buffered, chunk]);
      if (!asked) {
        asked = true;
        buffered = Buffer.alloc(0);
        socket.write(Buffer.from([0x52, 0, 0, 0, 8, 0, 0, 0, 3])); // AuthenticationCleartextPassword
        return;
      }
      if (buffered[0] !== 0x70 || buffered.length < 5 || buffered.length < buffered.readInt32BE(1) + 1) return;
      const given = buffered.subarray(5, buffered.readInt32BE(1)).toString().replace(/\0$/, '');
      socket.end(errorResponse('28P01', `password authentication failed for user "postgres" (given "${given}")`));
    });
  });
  const run = await start({ DATABASE_URL: `postgres://postgres:${PASSWORD}@127.0.0.1:${port}/x` });
  assertRefused(run, /^The PostgreSQL server refused the login in DATABASE_URL: password authentication failed for user "postgres" \(given "\*\*\*"\); correct the user or password there\.$/);
});

test('a database that does not exist: exit 1, create it or correct DATABASE_URL', async (t) => {
  const port = await fakeServer(t, (socket) => socket.once('data', () => socket.end(errorResponse('3D000', 'database "nowhere" does not exist'))));
  assertRefused(await start({ DATABASE_URL: `postgres://postgres:${PASSWORD}@127.0.0.1:${port}/nowhere` }),
    'The PostgreSQL server says: database "nowhere" does not exist; create it first or correct DATABASE_URL.');
  if (!process.env.DATABASE_URL) return;
  const url = new URL(process.env.DATABASE_URL);
  url.password = PASSWORD;
  url.pathname = '/no_such_database_redress';
  assertRefused(await start({ DATABASE_URL: url.href }),
    'The PostgreSQL server says: database "no_such_database_redress" does not exist; create it first or correct DATABASE_URL.');
});

test('a data directory another process holds: exit 1 naming it', { skip: embeddedPassOnly() }, async () => {
  const dataDir = join(work, 'locked');
  const lock = lockDataDirectory(dataDir);
  try {
    assertRefused(await start({ DATA_DIR: dataDir }),
      `The database in ${dataDir} is already open in another Redress process (pid ${process.pid}), so stop that process first, because two processes on one embedded database lose data.`);
  } finally {
    lock.release();
  }
});

test('a data directory this user may not write: exit 1, set DATA_DIR or give the user the folder', { skip: embeddedPassOnly() }, async () => {
  const parent = join(work, 'not-writable');
  mkdirSync(parent);
  const dataDir = join(parent, 'data');
  let run;
  if (process.getuid?.() === 0) {
    // root may write anywhere: run the command as nobody, in a folder root keeps.
    chmodSync(parent, 0o755);
    run = await start({ DATA_DIR: dataDir, HOME: work }, { uid: 65534, gid: 65534 });
  } else {
    chmodSync(parent, 0o500);
    run = await start({ DATA_DIR: dataDir });
    chmodSync(parent, 0o700);
  }
  assertRefused(run, `Redress may not write to its data directory ${dataDir}, so set DATA_DIR to a folder this user can write to, or give this user that folder.`);
});

test('on an empty PostgreSQL server database, start adds no demo council and says how to add one; no password on its pages', { skip: process.env.DATABASE_URL ? false : 'needs DATABASE_URL' }, async () => {
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  const name = `redress_empty_${randomUUID().slice(0, 8)}`;
  await admin.query(`CREATE DATABASE ${name}`);
  try {
    // The CI server trusts local logins, so any password gets in: it must still be printed nowhere.
    const url = new URL(process.env.DATABASE_URL!);
    url.password = PASSWORD;
    url.pathname = `/${name}`;
    const run = await start({ DATABASE_URL: url.href }, { until: /Redress is running on http:\/\/localhost:\d+/, timeoutMs: 90_000 });
    try {
      assert.equal(run.status, null, run.output);
      assert.ok(run.output.includes(NO_COUNCIL_ON_SERVER), run.output);
      assert.doesNotMatch(run.output, /adding a demo council|Added Harrowdene/i);
      assert.ok(!run.output.includes(PASSWORD), run.output);
      const port = /Redress is running on http:\/\/localhost:(\d+)/.exec(run.output)?.[1];
      assert.ok(port && port !== '0', run.output);
      const json = await (await fetch(`http://127.0.0.1:${port}/health`)).text();
      const html = await (await fetch(`http://127.0.0.1:${port}/health`, { headers: { accept: 'text/html' } })).text();
      assert.equal(JSON.parse(json).councils, 0);
      assert.ok(!json.includes(PASSWORD) && !html.includes(PASSWORD), 'a health page shows the password');
    } finally {
      run.child.kill('SIGTERM');
      await new Promise((done) => (run.child.exitCode === null ? run.child.once('exit', done) : done(null)));
    }
    const db = new pg.Client({ connectionString: url.href });
    await db.connect();
    const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM council');
    await db.end();
    assert.equal(rows[0]!.n, 0);
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.end();
  }
});
