// @ts-check
/**
 * Runs PGlite (embedded PostgreSQL in WebAssembly) in a worker thread and serves it on a
 * Unix socket with the PostgreSQL wire protocol. Why a worker: a PGlite query runs
 * synchronously in WebAssembly and would block the whole Node process (no request served
 * meanwhile). Why a socket: the app then talks to both engines with the same `pg` driver.
 * Plain JavaScript so the worker starts without a TypeScript loader.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/** @type {{ dataDir: string | null, socketPath: string | null, port: number }} */
const options = workerData;

async function main() {
  const db = await PGlite.create(options.dataDir ?? 'memory://');
  // One connection at a time: PGlite is a single session, and the server's multiplexer
  // can interleave two clients' extended-protocol messages. The pool on the other side
  // is sized to 1, so requests queue there instead.
  /** @type {any} */
  const serverOptions = { db, maxConnections: 1 };
  if (options.socketPath) serverOptions.path = options.socketPath;
  else { serverOptions.host = '127.0.0.1'; serverOptions.port = options.port; }
  const server = new PGLiteSocketServer(serverOptions);
  await server.start();
  const address = server.getServerConn();
  parentPort?.postMessage({ type: 'ready', address });
  parentPort?.on('message', async (message) => {
    if (message?.type !== 'close') return;
    await server.stop();
    await db.close();
    parentPort?.postMessage({ type: 'closed' });
  });
}

main().catch((error) => {
  parentPort?.postMessage({ type: 'error', message: error instanceof Error ? error.stack ?? error.message : String(error) });
});
