/**
 * Sign-in lock-out: after MAX_FAILURES wrong passwords in a row an account is locked for
 * LOCK_MINUTES; a correct password while locked is refused too, and says nothing more than a
 * wrong one would (no way to tell which emails have accounts).
 */
export const MAX_FAILURES = 5;
export const LOCK_MINUTES = 15;

export interface SignInState {
  failedSignIns: number;
  lockedUntil: Date | null;
}

export function isLocked(state: SignInState, now: Date): boolean {
  return state.lockedUntil !== null && state.lockedUntil > now;
}

/** The state after a failed attempt: locked when it reaches the limit. */
export function afterFailure(state: SignInState, now: Date): SignInState {
  const failed = (isLocked(state, now) ? state.failedSignIns : state.lockedUntil ? 0 : state.failedSignIns) + 1;
  return failed >= MAX_FAILURES
    ? { failedSignIns: failed, lockedUntil: new Date(now.getTime() + LOCK_MINUTES * 60_000) }
    : { failedSignIns: failed, lockedUntil: state.lockedUntil && state.lockedUntil > now ? state.lockedUntil : null };
}
