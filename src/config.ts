import { resolve } from 'node:path';

/** Everything Redress reads from its environment, read and checked once at start. */
export interface Config {
  /** PostgreSQL server; unset = the embedded database in dataDir. */
  databaseUrl: string | undefined;
  dataDir: string;
  port: number;
  host: string;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, not ${JSON.stringify(env.PORT)}`);
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: resolve(env.DATA_DIR ?? 'data'),
    port,
    host: env.HOST ?? '127.0.0.1',
  };
}

/** The clock is injected wherever "today" matters, so tests can fix it. */
export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };
