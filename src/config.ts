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
  };
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
