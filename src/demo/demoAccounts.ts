import { inTransaction, type Database } from '../db/database.ts';
import type { Council } from '../councils/councilRepository.ts';
import type { Role } from '../domain/access/roles.ts';
import { addMembership, createAccount, findAccountByEmail } from '../accounts/accountRepository.ts';
import { hashPassword } from '../accounts/passwords.ts';

/** The demo's one password, printed in the README: for trying Redress on a laptop, never a real council. */
export const DEMO_PASSWORD = 'harrowdene-demo';

export interface DemoAccount {
  email: string;
  name: string;
  roles: Role[];
  /** Directorates by name; none = every directorate. */
  directorates?: string[];
  maySeeRestricted?: boolean;
  /** The old staff_member role column's value for the person's record. */
  staffRole: 'complaints_officer' | 'investigating_officer' | 'service_manager' | 'director' | 'administrator';
}

/** One person per role (README "Demo sign-in"). */
export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { email: 'complaints.admin@harrowdene.example', name: 'Alex Morgan', roles: ['complaints_administrator'], maySeeRestricted: true, staffRole: 'administrator' },
  { email: 'complaints.officer@harrowdene.example', name: 'Priya Shah', roles: ['complaints_officer'], staffRole: 'complaints_officer' },
  { email: 'investigating.officer@harrowdene.example', name: 'Sam Taylor', roles: ['investigating_officer'], directorates: ['Place & Environment'], staffRole: 'investigating_officer' },
  { email: 'manager@harrowdene.example', name: 'Jo Evans', roles: ['manager', 'investigating_officer'], directorates: ['Adults & Housing', 'Resources'], staffRole: 'service_manager' },
  { email: 'reports@harrowdene.example', name: 'Chris Lee', roles: ['report_viewer'], staffRole: 'director' },
  { email: 'sysadmin@harrowdene.example', name: 'Dana Price', roles: ['system_administrator'], staffRole: 'administrator' },
];

/**
 * Adds the demo's sign-in accounts to a council (each with a staff record cases can be
 * allocated to). Accounts that exist already (another demo council) are given a membership.
 * Only ever called for the demo council on the embedded start.
 */
export async function seedDemoAccounts(db: Database, council: Council, accounts: readonly DemoAccount[] = DEMO_ACCOUNTS): Promise<void> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await inTransaction(db, async (client) => {
    const { rows: units } = await client.query<{ id: number; name: string }>(
      `SELECT id, name FROM org_unit WHERE council_id = $1 AND kind = 'directorate'`, [council.id],
    );
    for (const a of accounts) {
      const staff = await client.query<{ id: number }>(
        `INSERT INTO staff_member (council_id, name, email, role) VALUES ($1, $2, $3, $4)
         ON CONFLICT (council_id, email) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
        [council.id, a.name, a.email, a.staffRole],
      );
      const accountId = (await findAccountByEmail(client, a.email))?.id ?? (await createAccount(client, { email: a.email, displayName: a.name, passwordHash }));
      await addMembership(client, {
        councilId: council.id,
        accountId,
        staffMemberId: staff.rows[0]!.id,
        roles: a.roles,
        allDirectorates: !a.directorates,
        directorates: (a.directorates ?? []).map((name) => {
          const unit = units.find((u) => u.name === name);
          if (!unit) throw new Error(`The demo council has no directorate ${name}`);
          return Number(unit.id);
        }),
        maySeeRestricted: a.maySeeRestricted ?? false,
      });
    }
  });
}
