import { Worker } from 'node:worker_threads';
import { chmodSync, lstatSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { resolve, join } from 'node:path';
import pg from 'pg';
import { dataDirectoryError, lockDataDirectory, type DataDirectoryLock } from './dataDirectoryLock.ts';

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
  /**
   * Embedded only (tests): writes the database's files as a tarball at `path`, which
   * `openDatabase({ template })` starts from (test/support/testDatabase.ts, ADR 0009).
   */
  saveTemplate?(path: string): Promise<void>;
}

export type Queryable = Pick<pg.PoolClient, 'query'>;

const embeddedPools = new WeakSet<object>();

/**
 * Is this the embedded engine's pool: one connection to one PGlite session, which every
 * query of the process takes turns on (ADR 1). Long work on it must give the connection
 * back between its statements, or every page waits for it (ADR 15).
 */
export const isEmbeddedPool = (db: unknown): boolean => typeof db === 'object' && db !== null && embeddedPools.has(db);

// Dates stay 'YYYY-MM-DD' strings (council calendar dates, no time zone); numerics as numbers.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => Number(value));
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export interface OpenDatabaseOptions {
  /** A PostgreSQL server; when absent the embedded engine is used. */
  databaseUrl?: string | undefined;
  /** Embedded data directory; null = in memory (tests). */
  dataDir?: string | null;
  /** Embedded only (tests): a tarball from `saveTemplate` to start from instead of an empty database. */
  template?: string | null;
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  if (options.databaseUrl) return openServer(options.databaseUrl);
  return openEmbedded(options.dataDir === undefined ? resolve('data') : options.dataDir, options.template ?? null);
}

/** How long connecting to a server may take before it counts as unreachable. */
export const CONNECT_TIMEOUT_MS = 5000;

/**
 * Each new connection gives up after CONNECT_TIMEOUT_MS (an unreachable host fails in
 * seconds, not after the operating system's two minutes). Set on the client rather than the
 * pool: pg-pool applies a pool's connectionTimeoutMillis to waiting for a busy pool's free
 * client too, which under load would fail requests that only had to queue.
 */
class TimedClient extends pg.Client {
  constructor(config?: pg.ClientConfig) {
    super({ ...config, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  }
}

function openServer(url: string): Database {
  const pool = new pg.Pool({ connectionString: url, max: 10, Client: TimedClient });
  pool.on('error', () => {}); // an idle client's error is reported on its next use
  return { engine: 'server', pool, location: withoutPassword(url), close: () => pool.end() };
}

/**
 * A database URL fit to print: its password (in the user part or a `password=` parameter)
 * replaced by ***. A URL that does not parse is printed as its scheme and host only.
 */
export function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    for (const key of [...parsed.searchParams.keys()]) {
      if (/pass|secret|key/i.test(key)) parsed.searchParams.set(key, '***');
    }
    return parsed.toString().replaceAll('%2A%2A%2A', '***');
  } catch {
    // Everything up to the last @ may be a password; keep only what follows it.
    const at = url.lastIndexOf('@');
    return at < 0 ? url.replace(/(password=)[^&\s]*/gi, '$1***') : `postgres://***@${url.slice(at + 1)}`;
  }
}

/**
 * Text fit to print or show on a page: the password of DATABASE_URL (however it is
 * written) and that of any URL in it replaced by ***. pg's errors and a server's messages
 * can echo connection details; everything Redress prints about its database passes here.
 */
export function withoutSecrets(text: string, databaseUrl: string | undefined = process.env.DATABASE_URL): string {
  let out = text;
  if (databaseUrl) {
    const secrets = new Set<string>();
    try {
      const parsed = new URL(databaseUrl);
      if (parsed.password) {
        secrets.add(parsed.password);
        try { secrets.add(decodeURIComponent(parsed.password)); } catch { /* not percent-encoded */ }
      }
      for (const [key, value] of parsed.searchParams) if (/pass|secret|key/i.test(key) && value) secrets.add(value);
    } catch {
      const at = databaseUrl.lastIndexOf('@');
      const colon = databaseUrl.indexOf(':', databaseUrl.indexOf('//') + 2);
      if (at > 0 && colon > 0 && colon < at) secrets.add(databaseUrl.slice(colon + 1, at));
    }
    for (const secret of [...secrets].sort((a, b) => b.length - a.length)) out = out.split(secret).join('***');
  }
  return out
    .replace(/\b([a-z][a-z0-9+.-]*:\/\/[^:@/\s]*):[^@\s]*@/gi, '$1:***@')
    .replace(/\b(password=)[^&\s]*/gi, '$1***');
}

/**
 * The embedded database's files are its owner's alone: folders 0700, files 0600. PGlite
 * writes its files world-writable (0666, whatever the umask: its first start unpacks a
 * prepared database with those modes), so the folder is closed at open and everything in
 * it is set again when PGlite has started and when it stops. The data directory itself
 * being 0700 is what keeps others out in between.
 */
export function restrictToOwner(path: string): void {
  let stat;
  try {
    stat = lstatSync(path);
  } catch {
    return; // gone meanwhile (a temporary file PostgreSQL removed)
  }
  if (stat.isSymbolicLink()) return;
  const wanted = stat.isDirectory() ? 0o700 : 0o600;
  if ((stat.mode & 0o777) !== wanted && !(stat.isSocket() && (stat.mode & 0o077) === 0)) {
    try {
      chmodSync(path, stat.isSocket() ? 0o600 : wanted);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  if (stat.isDirectory()) {
    let names: string[] = [];
    try {
      names = readdirSync(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    for (const name of names) restrictToOwner(join(path, name));
  }
}

async function openEmbedded(dataDir: string | null, template: string | null): Promise<Database> {
  let lock: DataDirectoryLock | null = null;
  let socketPath: string | null = null;
  let pgDir: string | null = null;
  if (dataDir) {
    const dir = resolve(dataDir);
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      restrictToOwner(dir); // an existing directory's modes repaired before anything is written
      lock = lockDataDirectory(dir);
      pgDir = join(dir, 'pglite');
      mkdirSync(pgDir, { recursive: true, mode: 0o700 });
    } catch (error) {
      lock?.release();
      throw dataDirectoryError(dir, error);
    }
    socketPath = join(dir, '.s.PGSQL.5432');
    // We hold the lock, so a socket file here was left by a process that died (kill -9).
    rmSync(socketPath, { force: true });
  }
  const worker = new Worker(new URL('./embeddedServer.js', import.meta.url), {
    workerData: { dataDir: pgDir, socketPath, port: 0, template },
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
  if (dataDir) restrictToOwner(resolve(dataDir)); // what PGlite wrote as it started
  const connection = socketPath
    ? { host: resolve(dataDir as string), port: 5432 }
    : { host: address.split(':')[0], port: Number(address.split(':')[1]) };
  // One client: PGlite is one session (ADR 0001). pg-pool replaces the client after any
  // failed pool.query; the worker accepts the replacement while the old socket closes.
  const pool = new pg.Pool({ ...connection, user: 'postgres', database: 'postgres', max: 1 });
  pool.on('error', () => {});
  embeddedPools.add(pool);
  return {
    engine: 'embedded',
    pool,
    location: dataDir ? resolve(dataDir) : 'memory',
    saveTemplate: (path) => new Promise<void>((done, fail) => {
      const onMessage = (message: { type: string; message?: string }) => {
        if (message.type !== 'templateSaved') return;
        worker.off('message', onMessage);
        if (message.message) fail(new Error(`The embedded database could not be saved as a template: ${message.message}`));
        else done();
      };
      worker.on('message', onMessage);
      worker.postMessage({ type: 'saveTemplate', path });
    }),
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
      if (dataDir) restrictToOwner(resolve(dataDir)); // and what it wrote since
      lock?.release();
    },
  };
}

/** Runs `work` in one transaction: everything it writes lands together or not at all. */
export async function inTransaction<T>(db: Database, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await db.pool.connect();
  return transactionOn(client, () => work(client));
}

/** BEGIN, `work`, COMMIT on a client taken from a pool (ROLLBACK if `work` throws); the client is released either way. */
export async function transactionOn<T>(client: pg.PoolClient, work: () => Promise<T>): Promise<T> {
  try {
    await client.query('BEGIN');
    const result = await work();
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
