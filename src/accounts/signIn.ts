import type { Queryable } from '../db/database.ts';
import { afterFailure, isLocked, LOCK_MINUTES } from '../domain/access/lockOut.ts';
import { findAccountByEmail, membershipsOf, saveSignInState, type MembershipSummary } from './accountRepository.ts';
import { passwordMatches, spendDecoyVerify } from './passwords.ts';

export type SignInResult =
  | { ok: true; accountId: number; displayName: string; memberships: MembershipSummary[] }
  | { ok: false; reason: 'wrong' }
  | { ok: false; reason: 'locked'; minutes: number }
  | { ok: false; reason: 'no_council' };

/**
 * Checks an email and password. A wrong email, a wrong password and an account that signs in
 * only through the council's identity provider all read as "wrong" and take the same time.
 * Five wrong passwords in a row lock the account for a quarter of an hour.
 */
export async function signInWithPassword(db: Queryable, email: string, password: string, now: Date): Promise<SignInResult> {
  const account = await findAccountByEmail(db, email);
  if (!account || account.disabled || !account.passwordHash) {
    await spendDecoyVerify(password);
    return { ok: false, reason: 'wrong' };
  }
  const state = { failedSignIns: account.failedSignIns, lockedUntil: account.lockedUntil };
  if (isLocked(state, now)) {
    await spendDecoyVerify(password);
    return { ok: false, reason: 'locked', minutes: Math.ceil((state.lockedUntil!.getTime() - now.getTime()) / 60_000) };
  }
  if (!(await passwordMatches(account.passwordHash, password))) {
    const next = afterFailure(state, now);
    await saveSignInState(db, account.id, next.failedSignIns, next.lockedUntil);
    return isLocked(next, now) ? { ok: false, reason: 'locked', minutes: LOCK_MINUTES } : { ok: false, reason: 'wrong' };
  }
  if (account.failedSignIns > 0 || account.lockedUntil) await saveSignInState(db, account.id, 0, null);
  const memberships = await membershipsOf(db, account.id);
  if (memberships.length === 0) return { ok: false, reason: 'no_council' };
  return { ok: true, accountId: account.id, displayName: account.displayName, memberships };
}
