import { randomBytes } from 'node:crypto';
import { inTransaction, type Database, type Queryable } from '../db/database.ts';
import { isRole, ROLES, type Role } from '../domain/access/roles.ts';
import { recordAccess } from '../events/audit.ts';
import type { Actor } from '../events/actor.ts';
import { addMembership, createAccount, findAccountByEmail } from './accountRepository.ts';
import { hashPassword } from './passwords.ts';
import { administers, lockOutProblem, type LockOutProblem } from './memberRules.ts';

/**
 * A council's members as its administrators manage them (/admin/users): who may sign in, in
 * which roles and directorates. Removing someone ends their membership of this council only:
 * their account, and every case event and audit entry naming them, stay. Every change is
 * audited ('change_account').
 */
export interface Member {
  accountId: number;
  name: string;
  email: string;
  roles: Role[];
  allDirectorates: boolean;
  directorates: { id: number; name: string }[];
  maySeeRestricted: boolean;
  lastSignIn: Date | null;
  locked: boolean;
  disabled: boolean;
  /** Signs in only through the council's identity provider (no password). */
  singleSignOnOnly: boolean;
}

export interface MemberAccess {
  roles: Role[];
  allDirectorates: boolean;
  directorates: number[];
  maySeeRestricted: boolean;
}

export type MemberProblem =
  | { field: 'email'; code: 'already_member' }
  | { field: 'directorates'; code: 'directorate_unknown' | 'directorates_missing' }
  | { field: 'roles'; code: LockOutProblem };

export class MemberChangeRefused extends Error {
  constructor(readonly problems: MemberProblem[]) {
    super(`The change cannot be made: ${problems.map((p) => p.code).join(', ')}`);
    this.name = 'MemberChangeRefused';
  }
}

export async function listMembers(db: Queryable, councilId: number, now: Date): Promise<Member[]> {
  const { rows } = await db.query<{
    account_id: number; display_name: string; email: string; roles: string[]; all_directorates: boolean; may_see_restricted: boolean;
    directorates: { id: number; name: string }[] | null; last_sign_in: Date | null; locked_until: Date | null; disabled_at: Date | null; password_hash: string | null;
  }>(
    `SELECT m.account_id, a.display_name, a.email, m.roles, m.all_directorates, m.may_see_restricted,
            a.locked_until, a.disabled_at, a.password_hash,
            (SELECT json_agg(json_build_object('id', u.id, 'name', u.name) ORDER BY u.name) FROM membership_directorate d
               JOIN org_unit u ON u.council_id = d.council_id AND u.id = d.org_unit_id
              WHERE d.council_id = m.council_id AND d.account_id = m.account_id) AS directorates,
            -- Newest first along audit_entry_account: a busy member's latest sign-in is among their latest entries.
            (SELECT e.at FROM audit_entry e WHERE e.account_id = m.account_id AND e.action = 'sign_in' ORDER BY e.id DESC LIMIT 1) AS last_sign_in
       FROM council_membership m JOIN user_account a ON a.id = m.account_id
      WHERE m.council_id = $1
      ORDER BY a.display_name, a.email`,
    [councilId],
  );
  return rows.map((r) => ({
    accountId: Number(r.account_id), name: r.display_name, email: r.email, roles: r.roles.filter(isRole),
    allDirectorates: r.all_directorates, maySeeRestricted: r.may_see_restricted,
    directorates: (r.directorates ?? []).map((d) => ({ id: Number(d.id), name: d.name })),
    lastSignIn: r.last_sign_in === null ? null : new Date(r.last_sign_in), locked: r.locked_until !== null && new Date(r.locked_until) > now,
    disabled: r.disabled_at !== null, singleSignOnOnly: r.password_hash === null,
  }));
}

export async function findMember(db: Queryable, councilId: number, accountId: number, now: Date): Promise<Member | null> {
  return (await listMembers(db, councilId, now)).find((m) => m.accountId === accountId) ?? null;
}

/** Roles once each, in the order of the roles list (as they are shown). */
const inOrder = (roles: readonly Role[]): Role[] => ROLES.filter((r) => roles.includes(r));

/** The directorates a member may hold: those open now. */
async function checkDirectorates(db: Queryable, councilId: number, access: MemberAccess): Promise<MemberProblem[]> {
  if (access.allDirectorates) return [];
  if (access.directorates.length === 0) return [{ field: 'directorates', code: 'directorates_missing' }];
  const { rows } = await db.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM org_unit WHERE council_id = $1 AND kind = 'directorate' AND id = ANY($2::bigint[])", [councilId, access.directorates]);
  return rows[0]!.n === new Set(access.directorates).size ? [] : [{ field: 'directorates', code: 'directorate_unknown' }];
}

async function writeDirectorates(db: Queryable, councilId: number, accountId: number, access: MemberAccess) {
  await db.query('DELETE FROM membership_directorate WHERE council_id = $1 AND account_id = $2', [councilId, accountId]);
  if (access.allDirectorates) return;
  for (const id of new Set(access.directorates)) {
    await db.query('INSERT INTO membership_directorate (council_id, account_id, org_unit_id) VALUES ($1, $2, $3)', [councilId, accountId, id]);
  }
}

/** A temporary password: 20 letters and digits, shown once to the administrator who made it. */
export const temporaryPassword = () => randomBytes(15).toString('base64url').replace(/[-_]/g, 'x').slice(0, 20);

/**
 * Adds someone to the council. A new account gets a temporary password (returned, shown
 * once) unless they sign in only through the council's identity provider; someone who
 * already has an account (a shared service working for several councils) keeps theirs.
 * Each member also gets the staff record cases are allocated to.
 */
export async function addMember(
  db: Database, councilId: number, m: { email: string; name: string; singleSignOnOnly: boolean } & MemberAccess, actor: Actor,
): Promise<{ accountId: number; temporaryPassword: string | null }> {
  const email = m.email.trim().toLowerCase();
  const password = m.singleSignOnOnly ? null : temporaryPassword();
  const passwordHash = password ? await hashPassword(password) : null;
  return inTransaction(db, async (client) => {
    const existing = await findAccountByEmail(client, email);
    const problems = await checkDirectorates(client, councilId, m);
    if (existing) {
      const member = await client.query('SELECT 1 FROM council_membership WHERE council_id = $1 AND account_id = $2', [councilId, existing.id]);
      if (member.rows.length > 0) problems.unshift({ field: 'email', code: 'already_member' });
    }
    if (problems.length > 0) throw new MemberChangeRefused(problems);
    const accountId = existing?.id ?? (await createAccount(client, { email, displayName: m.name.trim(), passwordHash }));
    const staff = await client.query<{ id: number }>(
      `INSERT INTO staff_member (council_id, name, email) VALUES ($1, $2, $3)
       ON CONFLICT (council_id, email) DO UPDATE SET name = staff_member.name RETURNING id`,
      [councilId, existing?.displayName ?? m.name.trim(), email]);
    await addMembership(client, {
      councilId, accountId, staffMemberId: Number(staff.rows[0]!.id), roles: inOrder(m.roles),
      allDirectorates: m.allDirectorates, directorates: m.allDirectorates ? [] : [...new Set(m.directorates)], maySeeRestricted: m.maySeeRestricted,
    });
    await recordAccess(client, actor, { councilId, action: 'change_account', detail: { codes: { change: 'add_member', account: existing ? 'existing' : 'new' }, numbers: { account: accountId } } });
    return { accountId, temporaryPassword: existing ? null : password };
  });
}

async function lockOut(client: Queryable, councilId: number, actor: Actor, accountId: number, roles: readonly Role[] | null): Promise<MemberProblem | null> {
  const { rows } = await client.query<{ account_id: number; roles: string[] }>(
    'SELECT account_id, roles FROM council_membership WHERE council_id = $1 FOR UPDATE', [councilId]);
  const target = rows.find((r) => Number(r.account_id) === accountId);
  if (!target) return null;
  const problem = lockOutProblem({
    actorAccountId: actor.accountId ?? -1, targetAccountId: accountId, roles,
    currentRoles: target.roles.filter(isRole), administrators: rows.filter((r) => administers(r.roles.filter(isRole))).length,
  });
  return problem ? { field: 'roles', code: problem } : null;
}

/** Changes a member's roles and directorates; false when they are not a member. */
export async function changeMember(db: Database, councilId: number, accountId: number, access: MemberAccess, actor: Actor): Promise<boolean> {
  return inTransaction(db, async (client) => {
    const problems = await checkDirectorates(client, councilId, access);
    const locked = await lockOut(client, councilId, actor, accountId, access.roles);
    if (locked) problems.unshift(locked);
    if (problems.length > 0) throw new MemberChangeRefused(problems);
    const { rowCount } = await client.query(
      'UPDATE council_membership SET roles = $3, all_directorates = $4, may_see_restricted = $5 WHERE council_id = $1 AND account_id = $2',
      [councilId, accountId, inOrder(access.roles), access.allDirectorates, access.maySeeRestricted]);
    if (rowCount === 0) return false;
    await writeDirectorates(client, councilId, accountId, access);
    await recordAccess(client, actor, { councilId, action: 'change_account', detail: { codes: { change: 'change_member' }, numbers: { account: accountId, roles: access.roles.length } } });
    return true;
  });
}

/** Ends someone's membership of the council (their account and history stay); false when they were not a member. */
export async function removeMember(db: Database, councilId: number, accountId: number, actor: Actor): Promise<boolean> {
  return inTransaction(db, async (client) => {
    const locked = await lockOut(client, councilId, actor, accountId, null);
    if (locked) throw new MemberChangeRefused([locked]);
    const { rowCount } = await client.query('DELETE FROM council_membership WHERE council_id = $1 AND account_id = $2', [councilId, accountId]);
    if (rowCount === 0) return false;
    await recordAccess(client, actor, { councilId, action: 'change_account', detail: { codes: { change: 'remove_member' }, numbers: { account: accountId } } });
    return true;
  });
}
