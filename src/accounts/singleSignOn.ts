import type { Queryable } from '../db/database.ts';
import { findAccountByEmail, findAccountByOidcSubject, membershipsOf, type Account, type MembershipSummary } from './accountRepository.ts';

/**
 * Signing in through the council's identity provider (OpenID Connect, usually Microsoft
 * Entra ID): what the provider vouched for (its verified ID token's claims) decides which
 * account signs in, or why nobody does. The web routes (src/web/staff/single-sign-on/)
 * speak the protocol; this decides.
 *
 * - An account already linked to the provider's subject (issuer + `sub`) is that account.
 * - Otherwise the person's email address finds the account an administrator made for them,
 *   and the subject is linked to it on this first sign-in, so later sign-ins no longer depend
 *   on the email (a renamed mailbox still signs in).
 * - Nobody else gets in: accounts are made by administrators, never by signing in.
 */

/** The claims of a verified ID token this needs (others are ignored). */
export interface IdentityClaims {
  sub: string;
  email?: unknown;
  email_verified?: unknown;
  /** Entra ID: the sign-in name, usually the user principal name (an email address). */
  preferred_username?: unknown;
  /** Entra ID (optional claim): the user principal name. */
  upn?: unknown;
}

export type SingleSignOnRefusal =
  /** No email-like claim at all: nothing to match an account by. */
  | 'no_email'
  /** Nobody has an account with that subject or email. */
  | 'unknown_account'
  /** The account with that email is already linked to another identity. */
  | 'linked_elsewhere'
  | 'disabled'
  | 'no_council';

export type SingleSignOnResult =
  | { ok: true; accountId: number; displayName: string; memberships: MembershipSummary[]; linkedNow: boolean }
  | { ok: false; reason: SingleSignOnRefusal };

const EMAIL = /^[^\s@]+@[^\s@]+$/;
const asEmail = (value: unknown): string | null =>
  typeof value === 'string' && value.length <= 254 && EMAIL.test(value.trim()) ? value.trim().toLowerCase() : null;

/**
 * The email address the provider vouches for: `email`, unless the provider says it is not
 * verified (`email_verified: false`); else Entra ID's `upn` or `preferred_username` when
 * they are email addresses. Entra ID sends no `email_verified`: the issuer is the council's
 * own tenant (discovery refuses any other issuer), whose administrators set these claims.
 */
export function emailFromClaims(claims: IdentityClaims): string | null {
  if (claims.email !== undefined && claims.email !== null) {
    return claims.email_verified === false || claims.email_verified === 'false' ? null : asEmail(claims.email);
  }
  return asEmail(claims.upn) ?? asEmail(claims.preferred_username);
}

/**
 * Finds the account for a verified identity and links it on first sign-in. Refuses an
 * unknown person, a disabled account, an account with no council, and an account already
 * linked to a different identity (a reused mailbox must not take over someone's account).
 * A password lock-out does not stop single sign-on: the provider checked who it is.
 */
export async function signInWithProvider(db: Queryable, issuer: string, claims: IdentityClaims): Promise<SingleSignOnResult> {
  let account: Account | null = await findAccountByOidcSubject(db, issuer, claims.sub);
  let linkedNow = false;
  if (!account) {
    const email = emailFromClaims(claims);
    if (!email) return { ok: false, reason: 'no_email' };
    account = await findAccountByEmail(db, email);
    if (!account) return { ok: false, reason: 'unknown_account' };
    if (account.disabled) return { ok: false, reason: 'disabled' };
    if (!(await linkWhenUnlinked(db, account.id, issuer, claims.sub))) return { ok: false, reason: 'linked_elsewhere' };
    linkedNow = true;
  }
  if (account.disabled) return { ok: false, reason: 'disabled' };
  const memberships = await membershipsOf(db, account.id);
  if (memberships.length === 0) return { ok: false, reason: 'no_council' };
  return { ok: true, accountId: account.id, displayName: account.displayName, memberships, linkedNow };
}

/** Links the identity only to an account not yet linked to one (in one statement: two first sign-ins cannot both link). */
async function linkWhenUnlinked(db: Queryable, accountId: number, issuer: string, subject: string): Promise<boolean> {
  const { rows } = await db.query<{ id: number }>(
    `UPDATE user_account SET oidc_issuer = $2, oidc_subject = $3
      WHERE id = $1 AND ((oidc_issuer IS NULL AND oidc_subject IS NULL) OR (oidc_issuer = $2 AND oidc_subject = $3))
     RETURNING id`,
    [accountId, issuer, subject],
  );
  return rows.length === 1;
}
