import type { Queryable } from '../db/database.ts';
import { isRole, type Role } from '../domain/access/roles.ts';
import type { Membership } from '../domain/access/scope.ts';

export interface Account {
  id: number;
  email: string;
  displayName: string;
  passwordHash: string | null;
  failedSignIns: number;
  lockedUntil: Date | null;
  disabled: boolean;
}

interface AccountRow {
  id: number;
  email: string;
  display_name: string;
  password_hash: string | null;
  failed_sign_ins: number;
  locked_until: Date | null;
  disabled_at: Date | null;
}

const toAccount = (r: AccountRow): Account => ({
  id: r.id, email: r.email, displayName: r.display_name, passwordHash: r.password_hash,
  failedSignIns: r.failed_sign_ins, lockedUntil: r.locked_until, disabled: r.disabled_at !== null,
});

const ACCOUNT_COLUMNS = 'id, email, display_name, password_hash, failed_sign_ins, locked_until, disabled_at';

export async function findAccountByEmail(db: Queryable, email: string): Promise<Account | null> {
  const { rows } = await db.query<AccountRow>(`SELECT ${ACCOUNT_COLUMNS} FROM user_account WHERE email = $1`, [email.trim().toLowerCase()]);
  return rows[0] ? toAccount(rows[0]) : null;
}

export async function findAccount(db: Queryable, id: number): Promise<Account | null> {
  const { rows } = await db.query<AccountRow>(`SELECT ${ACCOUNT_COLUMNS} FROM user_account WHERE id = $1`, [id]);
  return rows[0] ? toAccount(rows[0]) : null;
}

export async function findAccountByOidcSubject(db: Queryable, issuer: string, subject: string): Promise<Account | null> {
  const { rows } = await db.query<AccountRow>(`SELECT ${ACCOUNT_COLUMNS} FROM user_account WHERE oidc_issuer = $1 AND oidc_subject = $2`, [issuer, subject]);
  return rows[0] ? toAccount(rows[0]) : null;
}

export async function linkOidcSubject(db: Queryable, accountId: number, issuer: string, subject: string): Promise<void> {
  await db.query('UPDATE user_account SET oidc_issuer = $2, oidc_subject = $3 WHERE id = $1', [accountId, issuer, subject]);
}

export async function saveSignInState(db: Queryable, accountId: number, failedSignIns: number, lockedUntil: Date | null): Promise<void> {
  await db.query('UPDATE user_account SET failed_sign_ins = $2, locked_until = $3 WHERE id = $1', [accountId, failedSignIns, lockedUntil]);
}

export interface NewAccount {
  email: string;
  displayName: string;
  passwordHash?: string | null;
}

export async function createAccount(db: Queryable, a: NewAccount): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    'INSERT INTO user_account (email, display_name, password_hash) VALUES ($1, $2, $3) RETURNING id',
    [a.email.trim().toLowerCase(), a.displayName, a.passwordHash ?? null],
  );
  return rows[0]!.id;
}

export interface NewMembership {
  councilId: number;
  accountId: number;
  staffMemberId?: number | null;
  roles: readonly Role[];
  allDirectorates?: boolean;
  directorates?: readonly number[];
  maySeeRestricted?: boolean;
}

export async function addMembership(db: Queryable, m: NewMembership): Promise<void> {
  await db.query(
    `INSERT INTO council_membership (council_id, account_id, staff_member_id, roles, all_directorates, may_see_restricted)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [m.councilId, m.accountId, m.staffMemberId ?? null, m.roles, m.allDirectorates ?? false, m.maySeeRestricted ?? false],
  );
  for (const unit of m.directorates ?? []) {
    await db.query('INSERT INTO membership_directorate (council_id, account_id, org_unit_id) VALUES ($1, $2, $3)', [m.councilId, m.accountId, unit]);
  }
}

export interface MembershipSummary {
  councilId: number;
  councilSlug: string;
  councilName: string;
}

/** The councils an account may work in, by name. */
export async function membershipsOf(db: Queryable, accountId: number): Promise<MembershipSummary[]> {
  const { rows } = await db.query<{ council_id: number; slug: string; name: string }>(
    `SELECT m.council_id, c.slug, c.name FROM council_membership m JOIN council c ON c.id = m.council_id
      WHERE m.account_id = $1 ORDER BY c.name`,
    [accountId],
  );
  return rows.map((r) => ({ councilId: r.council_id, councilSlug: r.slug, councilName: r.name }));
}

/** One membership with its directorates, or null when the account has none in that council. */
export async function loadMembership(db: Queryable, accountId: number, councilId: number): Promise<Membership | null> {
  const { rows } = await db.query<{ staff_member_id: number | null; roles: string[]; all_directorates: boolean; may_see_restricted: boolean; directorates: number[] | null }>(
    `SELECT m.staff_member_id, m.roles, m.all_directorates, m.may_see_restricted,
            (SELECT array_agg(d.org_unit_id ORDER BY d.org_unit_id) FROM membership_directorate d
              WHERE d.council_id = m.council_id AND d.account_id = m.account_id) AS directorates
       FROM council_membership m WHERE m.account_id = $1 AND m.council_id = $2`,
    [accountId, councilId],
  );
  const r = rows[0];
  if (!r) return null;
  return {
    councilId, accountId, staffMemberId: r.staff_member_id,
    roles: r.roles.filter(isRole), allDirectorates: r.all_directorates,
    directorates: (r.directorates ?? []).map(Number), maySeeRestricted: r.may_see_restricted,
  };
}

/**
 * Every unit at or under the given directorates (today's tree and its dated history), and
 * the units a restructure closed into them (followed back through successor_id, ADR 0024):
 * whoever holds the directorate a service moved to sees the cases received before the move.
 */
export async function unitsUnder(db: Queryable, councilId: number, directorates: readonly number[]): Promise<number[]> {
  if (directorates.length === 0) return [];
  const { rows } = await db.query<{ id: number }>(
    `WITH RECURSIVE held (id) AS (
       SELECT id FROM org_unit_directorate WHERE council_id = $1 AND directorate_id = ANY($2::bigint[])
       UNION
       SELECT d.id FROM held
         JOIN org_unit p ON p.council_id = $1 AND p.successor_id = held.id
         JOIN org_unit_directorate d ON d.council_id = $1 AND (d.id = p.id OR d.directorate_id = p.id)
     )
     SELECT id FROM held ORDER BY id`,
    [councilId, directorates],
  );
  return rows.map((r) => Number(r.id));
}

export interface StaffContextRow {
  account: { id: number; email: string; displayName: string; disabled: boolean };
  council: { id: number; slug: string; name: string; nation: string; reportingYearStarts: string; brand: { colour?: string; logoUrl?: string } };
  membership: Membership;
  councilCount: number;
}

/**
 * Everything a request needs to know about who is asking, in one query: the account, the
 * council, the membership and its directorates. Null when the account has no membership there.
 */
export async function loadStaffContext(db: Queryable, accountId: number, councilId: number): Promise<StaffContextRow | null> {
  const { rows } = await db.query<{
    email: string; display_name: string; disabled_at: Date | null; slug: string; name: string; nation: string; reporting_year_starts: string;
    brand: { colour?: string; logoUrl?: string }; staff_member_id: number | null; roles: string[]; all_directorates: boolean;
    may_see_restricted: boolean; directorates: number[] | null; council_count: number;
  }>(
    `SELECT a.email, a.display_name, a.disabled_at, c.slug, c.name, c.nation, c.reporting_year_starts, c.brand,
            m.staff_member_id, m.roles, m.all_directorates, m.may_see_restricted,
            (SELECT array_agg(d.org_unit_id ORDER BY d.org_unit_id) FROM membership_directorate d
              WHERE d.council_id = m.council_id AND d.account_id = m.account_id) AS directorates,
            (SELECT count(*)::int FROM council_membership o WHERE o.account_id = a.id) AS council_count
       FROM user_account a
       JOIN council_membership m ON m.account_id = a.id AND m.council_id = $2
       JOIN council c ON c.id = m.council_id
      WHERE a.id = $1`,
    [accountId, councilId],
  );
  const r = rows[0];
  if (!r) return null;
  return {
    account: { id: accountId, email: r.email, displayName: r.display_name, disabled: r.disabled_at !== null },
    council: { id: councilId, slug: r.slug, name: r.name, nation: r.nation, reportingYearStarts: r.reporting_year_starts, brand: r.brand },
    membership: {
      councilId, accountId, staffMemberId: r.staff_member_id === null ? null : Number(r.staff_member_id), roles: r.roles.filter(isRole),
      allDirectorates: r.all_directorates, directorates: (r.directorates ?? []).map(Number), maySeeRestricted: r.may_see_restricted,
    },
    councilCount: r.council_count,
  };
}
