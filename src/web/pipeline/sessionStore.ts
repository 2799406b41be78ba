import { createHash } from 'node:crypto';
import type { Session } from 'fastify';
import type { Queryable } from '../../db/database.ts';
import type { Clock } from '../../config.ts';

export interface SessionTimeouts {
  /** Signed out after this long without a request. */
  idleMinutes: number;
  /** Signed out this long after signing in, however busy. */
  absoluteHours: number;
}

export const DEFAULT_TIMEOUTS: SessionTimeouts = { idleMinutes: 30, absoluteHours: 12 };

/** How long a resident's form waits idle (a complaint can take a while to write). */
export const RESIDENT_IDLE_MINUTES = 120;

/** The row's key: a hash of the cookie's id, so the table alone cannot be used to take over a session. */
const key = (sessionId: string) => createHash('sha256').update(sessionId).digest('base64url');

type Callback = (error?: unknown) => void;

/**
 * Sessions kept in PostgreSQL (the web_session table) for @fastify/session. Reading a session
 * also moves its idle timeout on, in the same statement; a session past either timeout, or
 * revoked (signed out everywhere, account disabled), is not found and so is refused.
 * Times come from the injected clock, so tests can move past a timeout.
 */
export class PgSessionStore {
  constructor(
    private readonly db: Queryable,
    private readonly clock: Clock,
    private readonly timeouts: SessionTimeouts = DEFAULT_TIMEOUTS,
  ) {}

  private idleExpiry(): Date {
    return new Date(this.clock.now().getTime() + this.timeouts.idleMinutes * 60_000);
  }

  /**
   * A session with nobody signed in (a resident writing a complaint on the public pages, which
   * can take a while) waits longer before it times out: RESIDENT_IDLE_MINUTES, never less than
   * staff's. It holds only a form's answers, never an account.
   */
  private residentIdleExpiry(): Date {
    return new Date(this.clock.now().getTime() + Math.max(RESIDENT_IDLE_MINUTES, this.timeouts.idleMinutes) * 60_000);
  }

  get(sessionId: string, callback: (error: unknown, session?: Session | null) => void): void {
    const now = this.clock.now();
    const oldestStart = new Date(now.getTime() - this.timeouts.absoluteHours * 3_600_000);
    this.db
      .query<{ data: Session }>(
        `UPDATE web_session SET expires_at = CASE WHEN account_id IS NULL THEN $5::timestamptz ELSE $2::timestamptz END
          WHERE id = $1 AND revoked_at IS NULL AND expires_at > $3 AND created_at > $4
          RETURNING data`,
        [key(sessionId), this.idleExpiry(), now, oldestStart, this.residentIdleExpiry()],
      )
      .then(({ rows }) => callback(null, rows[0]?.data ?? null), (error) => callback(error));
  }

  set(sessionId: string, session: Session, callback: Callback): void {
    const accountId = (session as { accountId?: number }).accountId ?? null;
    this.db
      .query(
        `INSERT INTO web_session (id, account_id, data, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (id) DO UPDATE SET account_id = EXCLUDED.account_id, data = EXCLUDED.data, expires_at = EXCLUDED.expires_at
         WHERE web_session.revoked_at IS NULL`,
        [key(sessionId), accountId, JSON.stringify(session), this.clock.now(), accountId === null ? this.residentIdleExpiry() : this.idleExpiry()],
      )
      .then(() => callback(), (error) => callback(error));
  }

  destroy(sessionId: string, callback: Callback): void {
    this.db.query('DELETE FROM web_session WHERE id = $1', [key(sessionId)]).then(() => callback(), (error) => callback(error));
  }
}

/** Signs a person out everywhere: every session of theirs is refused from now on. */
export async function revokeSessions(db: Queryable, accountId: number, at: Date): Promise<number> {
  const { rowCount } = await db.query('UPDATE web_session SET revoked_at = $2 WHERE account_id = $1 AND revoked_at IS NULL', [accountId, at]);
  return rowCount ?? 0;
}

/** Removes sessions long past their timeout (run now and then; an expired one is refused anyway). */
export async function deleteExpiredSessions(db: Queryable, now: Date): Promise<number> {
  const { rowCount } = await db.query('DELETE FROM web_session WHERE expires_at < $1', [now]);
  return rowCount ?? 0;
}
