import { permissionsOf, type Role } from '../domain/access/roles.ts';

/**
 * Lock-out rules for changing a council's members (pure): an administrator cannot take away
 * their own right to administer, nor remove themselves, and nobody may take the right from the
 * council's last administrator — otherwise no one could put it back.
 */
export type LockOutProblem = 'own_administer' | 'remove_self' | 'last_administrator';

export interface MemberChange {
  /** Who is making the change. */
  actorAccountId: number;
  /** Whose membership changes. */
  targetAccountId: number;
  /** The roles they will hold, or null when they are removed from the council. */
  roles: readonly Role[] | null;
  /** The target's roles now. */
  currentRoles: readonly Role[];
  /** How many members of the council may administer it now (the target included if they may). */
  administrators: number;
}

export const administers = (roles: readonly Role[]) => permissionsOf(roles).has('administer');

export function lockOutProblem(c: MemberChange): LockOutProblem | null {
  const self = c.actorAccountId === c.targetAccountId;
  if (self && c.roles === null) return 'remove_self';
  const losesAdminister = administers(c.currentRoles) && (c.roles === null || !administers(c.roles));
  if (!losesAdminister) return null;
  if (self) return 'own_administer';
  if (c.administrators <= 1) return 'last_administrator';
  return null;
}
