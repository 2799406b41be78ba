import { Worker } from 'node:worker_threads';
import { mkdirSync, rmSync } from 'node:fs';
import { resolve, join } from 'node:path';
import pg from 'pg';
import { lockDataDirectory, type DataDirectoryLock } from './dataDirectoryLock.ts';

/**
 * One handle on the database, whichever engine is under it. Both engines are reached
 * through the `pg` driver so every query, migration and report is the same SQL.
 */
export interface Database {
  readonly engine: 'embedded' | 'server';
  readonly pool: pg.Pool;
  /** Where it is: the data directory, "memory", or the server URL without password. */
  readonly location: string;
  close(): Promise<void>;
}

export type Queryable = Pick<pg.PoolClient, 'query'>;

// Dates stay 'YYYY-MM-DD' strings (council calendar dates, no time zone); numerics as numbers.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => Number(value));
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export interface OpenDatabaseOptions {
  /** A PostgreSQL server; when absent the embedded engine is used. */
  databaseUrl?: string | undefined;
  /** Embedded data directory; null = in memory (tests). */
  dataDir?: string | null;
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  if (options.databaseUrl) return openServer(options.databaseUrl);
  return openEmbedded(options.dataDir === undefined ? resolve('data') : options.dataDir);
}

function openServer(url: string): Database {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  pool.on('error', () => {}); // an idle client's error is reported on its next use
  const location = url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
  return { engine: 'server', pool, location, close: () => pool.end() };
}

async function openEmbedded(dataDir: string | null): Promise<Database> {
  let lock: DataDirectoryLock | null = null;
  let socketPath: string | null = null;
  let pgDir: string | null = null;
  if (dataDir) {
    const dir = resolve(dataDir);
    lock = lockDataDirectory(dir);
    pgDir = join(dir, 'pglite');
    mkdirSync(pgDir, { recursive: true });
    socketPath = join(dir, '.s.PGSQL.5432');
    // We hold the lock, so a socket file here was left by a process that died (kill -9).
    rmSync(socketPath, { force: true });
  }
  const worker = new Worker(new URL('./embeddedServer.js', import.meta.url), {
    workerData: { dataDir: pgDir, socketPath, port: 0 },
  });
  let address: string;
  try {
    address = await new Promise<string>((resolveReady, reject) => {
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`The embedded database stopped during start (exit ${code})`)));
      worker.on('message', (message: { type: string; address?: string; message?: string }) => {
        if (message.type === 'ready' && message.address) resolveReady(message.address);
        if (message.type === 'error') reject(new Error(`The embedded database could not start: ${message.message}`));
      });
    });
  } catch (error) {
    await worker.terminate();
    lock?.release();
    throw error;
  }
  worker.removeAllListeners('exit');
  const connection = socketPath
    ? { host: resolve(dataDir as string), port: 5432 }
    : { host: address.split(':')[0], port: Number(address.split(':')[1]) };
  // One client: PGlite is one session (ADR 0001). pg-pool replaces the client after any
  // failed pool.query; the worker accepts the replacement while the old socket closes.
  const pool = new pg.Pool({ ...connection, user: 'postgres', database: 'postgres', max: 1 });
  pool.on('error', () => {});
  return {
    engine: 'embedded',
    pool,
    location: dataDir ? resolve(dataDir) : 'memory',
    async close() {
      await pool.end();
      await new Promise<void>((done) => {
        const timer = setTimeout(done, 5000);
        worker.on('message', (message: { type: string }) => {
          if (message.type === 'closed') {
            clearTimeout(timer);
            done();
          }
        });
        worker.postMessage({ type: 'close' });
      });
      await worker.terminate();
      lock?.release();
    },
  };
}

/** Runs `work` in one transaction: everything it writes lands together or not at all. */
export async function inTransaction<T>(db: Database, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await db.pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
