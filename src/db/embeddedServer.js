// @ts-check
/**
 * Runs PGlite (embedded PostgreSQL in WebAssembly) in a worker thread and serves it on a
 * Unix socket with the PostgreSQL wire protocol. Why a worker: a PGlite query runs
 * synchronously in WebAssembly and would block the whole Node process (no request served
 * meanwhile). Why a socket: the app then talks to both engines with the same `pg` driver.
 * Plain JavaScript so the worker starts without a TypeScript loader.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/** @type {{ dataDir: string | null, socketPath: string | null, port: number, template?: string | null }} */
const options = workerData;

/** The pool's one client, and the one it is replacing (see below). */
const CONNECTION_LIMIT = 2;

async function main() {
  // A template (a tarball of a data directory, tests only: test/support/testDatabase.ts)
  // starts the database from those files instead of running initdb (ADR 0009).
  const db = options.template
    ? await PGlite.create(options.dataDir ?? 'memory://', { loadDataDir: new Blob([readFileSync(options.template)]) })
    : await PGlite.create(options.dataDir ?? 'memory://');
  // One *live* connection at a time: PGlite is a single session, and the server's
  // multiplexer can interleave two clients' extended-protocol messages, so the pool on the
  // other side holds one client and requests queue there. But the server must also accept
  // that client's successor while the previous socket is still closing: pg-pool discards a
  // client whenever a `pool.query` fails (any SQL error) and connects a new one at once,
  // before this thread has seen the old socket close. With a limit of 1, Node's
  // net.Server (`maxConnections`) drops the new socket on accept, and the query after an
  // error failed with "Connection terminated unexpectedly" / ECONNRESET. Hence 2: one live
  // client plus the one being closed. (ADR 0001, "Errors".)
  /** @type {any} */
  const serverOptions = { db, maxConnections: CONNECTION_LIMIT };
  if (options.socketPath) serverOptions.path = options.socketPath;
  else { serverOptions.host = '127.0.0.1'; serverOptions.port = options.port; }
  const server = new PGLiteSocketServer(serverOptions);
  await server.start();
  const address = server.getServerConn();
  parentPort?.postMessage({ type: 'ready', address });
  parentPort?.on('message', async (message) => {
    if (message?.type === 'saveTemplate') {
      // Written beside its final name then renamed, so no reader ever sees half a file.
      try {
        await db.exec('CHECKPOINT'); // everything committed is in the files: loading them has next to no WAL to replay
        const tarball = await db.dumpDataDir('none'); // uncompressed: quicker to load than gzip (ADR 0009)
        const temporary = `${message.path}.${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.tmp`;
        try {
          writeFileSync(temporary, Buffer.from(await tarball.arrayBuffer()));
          renameSync(temporary, message.path);
        } finally {
          rmSync(temporary, { force: true });
        }
        parentPort?.postMessage({ type: 'templateSaved' });
      } catch (error) {
        parentPort?.postMessage({ type: 'templateSaved', message: error instanceof Error ? error.message : String(error) });
      }
      return;
    }
    if (message?.type !== 'close') return;
    await server.stop();
    await db.close();
    parentPort?.postMessage({ type: 'closed' });
  });
}

main().catch((error) => {
  parentPort?.postMessage({ type: 'error', message: error instanceof Error ? error.stack ?? error.message : String(error) });
});
