import { createHash, randomBytes } from 'node:crypto';
import { inTransaction, type Database } from '../../db/database.ts';
import { linkBase } from '../../messages/links.ts';
import { queueMessages } from '../../messages/queueMessages.ts';
import type { Language } from '../../messages/templates.ts';

/**
 * One-time links that let a resident track a complaint without a password (issue 9): asked
 * for with the complaint's reference and an email address the case holds, sent to that
 * address, stored only as the SHA-256 of their token, used once, short-lived.
 */

/** How long a link works: long enough to open an email, short enough that a forwarded one soon dies. */
export const LINK_MINUTES = 30;
/** Links sent for one complaint in the last hour at most: nobody can fill a resident's inbox by asking again and again. */
export const LINKS_PER_HOUR = 5;

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** A token as it appears in a link: 32 random bytes, base64url (43 characters). */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export type LinkRequestOutcome = 'sent' | 'no_match' | 'too_many';

/**
 * Sends a tracking link when the reference names a complaint of this council whose
 * complainant or named representative has this email address (any case of letters); the link
 * row and its message are written in one transaction. The outcome is for tests and logs only:
 * the resident is shown the same page whatever it is, so the page never tells anyone whether a
 * reference exists or which address it holds. A restricted case's own complainant may still
 * track it: restriction limits which staff see a case, not its own complainant.
 */
export async function requestTrackingLink(
  db: Database, council: { id: number; slug: string; name: string }, asked: { reference: string; email: string }, language: Language, now: Date,
): Promise<LinkRequestOutcome> {
  const reference = asked.reference.trim();
  const email = asked.email.trim().toLowerCase();
  if (!reference || !email) return 'no_match';
  return inTransaction(db, async (client) => {
    // The reference as typed, or in capitals (references are written in capitals): both use the unique index.
    const { rows } = await client.query<{ contact_id: number; reference: string; people: { name: string; email: string | null }[] }>(
      `SELECT c.id AS contact_id, c.reference,
              json_build_array(json_build_object('name', cp.full_name, 'email', cp.email),
                               json_build_object('name', rp.full_name, 'email', rp.email)) AS people
         FROM contact c
         JOIN complaint k ON k.council_id = c.council_id AND k.contact_id = c.id
         LEFT JOIN person cp ON cp.council_id = c.council_id AND cp.id = c.complainant_id
         LEFT JOIN person rp ON rp.council_id = c.council_id AND rp.id = c.representative_id
        WHERE c.council_id = $1 AND c.reference = ANY($2::text[]) AND c.kind = 'complaint'
        FOR UPDATE OF c`,
      [council.id, [...new Set([reference, reference.toUpperCase()])]],
    );
    const found = rows[0];
    const person = found?.people.find((p) => p.email !== null && p.email.trim().toLowerCase() === email);
    if (!found || !person) return 'no_match';
    const contactId = Number(found.contact_id);
    const recent = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM tracking_link WHERE council_id = $1 AND contact_id = $2 AND created_at > $3::timestamptz - interval '1 hour'`,
      [council.id, contactId, now],
    );
    if (recent.rows[0]!.n >= LINKS_PER_HOUR) return 'too_many';

    const token = randomBytes(32).toString('base64url');
    const tokenSha256 = hashToken(token);
    await client.query(
      `INSERT INTO tracking_link (token_sha256, council_id, contact_id, created_at, expires_at)
       VALUES ($1, $2, $3, $4::timestamptz, $4::timestamptz + make_interval(mins => $5))`,
      [tokenSha256, council.id, contactId, now, LINK_MINUTES],
    );
    await queueMessages(client, council.id, [{
      contactId, template: 'tracking_link', channel: 'email', recipientName: person.name, recipientAddress: person.email!.trim(), language,
      values: {
        name: person.name, reference: found.reference, council_name: council.name, minutes: String(LINK_MINUTES),
        link: `${linkBase()}/public/${council.slug}/track/${token}`,
      },
      dedupeKey: `tracking:${tokenSha256}`,
    }], now);
    return 'sent';
  });
}

export type LinkProblem = { ok: false; reason: 'unknown' | 'used' | 'expired' };
export type RedeemedLink = { ok: true; contactId: number } | LinkProblem;
/** A link that still works, and the language it was asked for in (null if its message is gone). */
export type UsableLink = { ok: true; language: Language | null } | LinkProblem;

/**
 * Whether a link still works, changing nothing. Email security scanners (Safe Links, Mimecast,
 * Proofpoint) open every link in an email before its reader does, so opening a link only looks:
 * the resident's own "Continue" (redeemTrackingLink) uses it.
 */
export async function checkTrackingLink(db: Database, councilId: number, token: string, now: Date): Promise<UsableLink> {
  if (!TOKEN_PATTERN.test(token)) return { ok: false, reason: 'unknown' };
  const sha = hashToken(token);
  const { rows } = await db.pool.query<{ used_at: Date | null; expires_at: Date; language: Language | null }>(
    `SELECT l.used_at, l.expires_at, m.language
       FROM tracking_link l
       LEFT JOIN message m ON m.council_id = l.council_id AND m.dedupe_key = 'tracking:' || l.token_sha256
      WHERE l.token_sha256 = $1 AND l.council_id = $2`,
    [sha, councilId],
  );
  const link = rows[0];
  if (!link) return { ok: false, reason: 'unknown' };
  if (link.used_at) return { ok: false, reason: 'used' };
  if (link.expires_at.getTime() <= now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, language: link.language };
}

/**
 * Uses a link: valid, unused and unexpired, it is marked used (in the same statement, so two
 * clicks at once cannot both succeed) and names the contact it tracks; otherwise says why not.
 */
export async function redeemTrackingLink(db: Database, councilId: number, token: string, now: Date): Promise<RedeemedLink> {
  if (!TOKEN_PATTERN.test(token)) return { ok: false, reason: 'unknown' };
  const used = await db.pool.query<{ contact_id: number }>(
    `UPDATE tracking_link SET used_at = $3 WHERE token_sha256 = $1 AND council_id = $2 AND used_at IS NULL AND expires_at > $3
     RETURNING contact_id`,
    [hashToken(token), councilId, now],
  );
  if (used.rows[0]) return { ok: true, contactId: Number(used.rows[0].contact_id) };
  const why = await checkTrackingLink(db, councilId, token, now);
  // Used or expired a moment ago by another click: whichever it is now.
  return why.ok ? { ok: false, reason: 'used' } : why;
}
