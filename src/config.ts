import { resolve } from 'node:path';

/** Everything Redress reads from its environment, read and checked once at start. */
export interface Config {
  /** PostgreSQL server; unset = the embedded database in dataDir. */
  databaseUrl: string | undefined;
  dataDir: string;
  port: number;
  host: string;
  /** Single sign-on through the council's identity provider; unset = email and password only. */
  oidc?: OidcConfig | undefined;
  /** LOG_LEVEL: pino's level (info by default; silent, error, warn, debug). */
  logLevel: string;
  /** SESSION_SECRET: signs session cookies; unset = one made once and kept in the database. */
  sessionSecret: string | undefined;
  /** SESSION_IDLE_MINUTES (30) and SESSION_MAX_HOURS (12): when a session times out. */
  sessionIdleMinutes: number;
  sessionMaxHours: number;
  /** TRUST_PROXY=true behind a reverse proxy that terminates HTTPS (cookies are then Secure). */
  trustProxy: boolean;
}

/** OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_BASE_URL: all four, or none. */
export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** This app's address as the provider sees it (the redirect URI is <baseUrl>/sign-in/oidc/callback). */
  baseUrl: string;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, not ${JSON.stringify(env.PORT)}`);
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: resolve(env.DATA_DIR ?? 'data'),
    port,
    host: env.HOST ?? '127.0.0.1',
    oidc: readOidcConfig(env),
    logLevel: oneOf('LOG_LEVEL', env.LOG_LEVEL ?? 'info', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
    sessionSecret: readSecret(env.SESSION_SECRET),
    sessionIdleMinutes: wholeNumber('SESSION_IDLE_MINUTES', env.SESSION_IDLE_MINUTES, 30, 5, 24 * 60),
    sessionMaxHours: wholeNumber('SESSION_MAX_HOURS', env.SESSION_MAX_HOURS, 12, 1, 24 * 7),
    trustProxy: oneOf('TRUST_PROXY', env.TRUST_PROXY ?? 'false', ['true', 'false']) === 'true',
  };
}

function oneOf(name: string, value: string, allowed: string[]): string {
  if (!allowed.includes(value)) throw new Error(`${name} must be one of ${allowed.join(', ')}, not ${JSON.stringify(value)}`);
  return value;
}

function wholeNumber(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be a whole number from ${min} to ${max}, not ${JSON.stringify(value)}`);
  return n;
}

function readSecret(value: string | undefined): string | undefined {
  if (!value) return undefined;
  if (value.length < 32) throw new Error('SESSION_SECRET must be at least 32 characters long');
  return value;
}

function readOidcConfig(env: NodeJS.ProcessEnv): OidcConfig | undefined {
  const names = ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_BASE_URL'] as const;
  const missing = names.filter((n) => !env[n]);
  if (missing.length === names.length) return undefined;
  if (missing.length > 0) throw new Error(`Single sign-on needs all of ${names.join(', ')}: ${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} not set`);
  for (const name of ['OIDC_ISSUER', 'OIDC_BASE_URL'] as const) {
    let url: URL;
    try { url = new URL(env[name]!); } catch { throw new Error(`${name} must be a web address, like https://login.microsoftonline.com/<tenant id>/v2.0`); }
    const local = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) throw new Error(`${name} must be an https:// address`);
  }
  return { issuer: env.OIDC_ISSUER!, clientId: env.OIDC_CLIENT_ID!, clientSecret: env.OIDC_CLIENT_SECRET!, baseUrl: env.OIDC_BASE_URL!.replace(/\/+$/, '') };
}

/** The clock is injected wherever "today" matters, so tests can fix it. */
export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };
