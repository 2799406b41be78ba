import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifySession from '@fastify/session';
import type { Database, Queryable } from '../../db/database.ts';
import type { Clock } from '../../config.ts';
import { PgSessionStore, type SessionTimeouts } from './sessionStore.ts';

export const SESSION_COOKIE = 'redress.sid';

/**
 * The secret that signs session cookies: SESSION_SECRET when set, else one made once and kept
 * in the database, so every instance on the database and every restart accept the same cookies.
 */
async function sessionSecret(db: Queryable, configured: string | undefined): Promise<string> {
  if (configured) return configured;
  await db.query(`INSERT INTO app_secret (name, value) VALUES ('session', $1) ON CONFLICT (name) DO NOTHING`, [randomBytes(48).toString('base64url')]);
  const { rows } = await db.query<{ value: string }>(`SELECT value FROM app_secret WHERE name = 'session'`);
  return rows[0]!.value;
}

export interface SessionSettings {
  secret?: string | undefined;
  timeouts: SessionTimeouts;
  /** Secure cookies (HTTPS only); 'auto' follows the request's protocol (behind a proxy, set trustProxy). */
  secureCookies: boolean | 'auto';
}

/** Server-side sessions in PostgreSQL (sessionStore.ts); the cookie holds only a signed id. */
export async function setUpSession(app: FastifyInstance, db: Database, clock: Clock, settings: SessionSettings): Promise<void> {
  await app.register(fastifyCookie);
  await app.register(fastifySession, {
    secret: await sessionSecret(db.pool, settings.secret),
    cookieName: SESSION_COOKIE,
    store: new PgSessionStore(db.pool, clock, settings.timeouts),
    saveUninitialized: false,
    // The store moves the idle timeout on as it reads; the cookie lasts as long as the browser.
    rolling: false,
    cookie: { httpOnly: true, sameSite: 'lax', secure: settings.secureCookies, path: '/' },
  });
}
