/**
 * Who a council's staff reminders go to, read once per sweep: the complaints team, the
 * managers and the accounts linked to staff records. A manager or team member is told
 * about a case only when it is in their scope (its directorate, and restricted cases only
 * to those who may see them), so the link in the message opens for them.
 */
import type { Queryable } from '../../db/database.ts';

export interface StaffRecipient {
  /** The sign-in account, when there is one (the message's account_id). */
  accountId: number | null;
  name: string;
  email: string;
  /** Names the recipient in a dedupe key: 'a12' (an account) or 'sm7' (a staff record). */
  key: string;
}

interface Member extends StaffRecipient {
  accountId: number;
  staffMemberId: number | null;
  roles: string[];
  allDirectorates: boolean;
  directorates: number[];
  maySeeRestricted: boolean;
  disabled: boolean;
}

export interface CaseScope {
  directorateId: number | null;
  restricted: boolean;
}

export interface CouncilStaff {
  /** An investigating officer: their staff record's address, with their account when linked; null when every account they had is disabled. */
  officer(staffMemberId: number, name: string, email: string): StaffRecipient | null;
  /** A member of staff by their account (a learning action's owner): null when disabled, not of the council, or the case is restricted from them. */
  member(accountId: number, c: CaseScope): StaffRecipient | null;
  /** Complaints officers and administrators who may see the case. */
  team(c: CaseScope): StaffRecipient[];
  /** Managers whose directorates hold the case (all_directorates or membership_directorate). */
  managers(c: CaseScope): StaffRecipient[];
  /** Every active manager, with what they cover (for the directorate digest). */
  allManagers(): (StaffRecipient & { allDirectorates: boolean; directorates: number[]; maySeeRestricted: boolean })[];
}

const TEAM_ROLES = ['complaints_officer', 'complaints_administrator'];

export async function loadCouncilStaff(db: Queryable, councilId: number): Promise<CouncilStaff> {
  const { rows } = await db.query<{
    account_id: string; email: string; display_name: string; staff_member_id: string | null; roles: string[];
    all_directorates: boolean; may_see_restricted: boolean; disabled: boolean; directorates: string[];
  }>(
    `SELECT m.account_id, a.email, a.display_name, m.staff_member_id, m.roles, m.all_directorates, m.may_see_restricted,
            a.disabled_at IS NOT NULL AS disabled,
            coalesce((SELECT array_agg(md.org_unit_id) FROM membership_directorate md
                       WHERE md.council_id = m.council_id AND md.account_id = m.account_id), '{}') AS directorates
       FROM council_membership m JOIN user_account a ON a.id = m.account_id
      WHERE m.council_id = $1
      ORDER BY m.account_id`,
    [councilId],
  );
  const members: Member[] = rows.map((r) => ({
    accountId: Number(r.account_id), name: r.display_name, email: r.email, key: `a${r.account_id}`,
    staffMemberId: r.staff_member_id === null ? null : Number(r.staff_member_id), roles: r.roles,
    allDirectorates: r.all_directorates, directorates: r.directorates.map(Number), maySeeRestricted: r.may_see_restricted, disabled: r.disabled,
  }));
  const active = members.filter((m) => !m.disabled);
  const covers = (m: Member, c: CaseScope) =>
    (m.allDirectorates || (c.directorateId !== null && m.directorates.includes(c.directorateId))) && (!c.restricted || m.maySeeRestricted);
  const recipient = (m: Member): StaffRecipient => ({ accountId: m.accountId, name: m.name, email: m.email, key: m.key });
  return {
    officer(staffMemberId, name, email) {
      const linked = members.filter((m) => m.staffMemberId === staffMemberId);
      const account = linked.find((m) => !m.disabled);
      if (linked.length > 0 && !account) return null;
      return { accountId: account?.accountId ?? null, name, email, key: `sm${staffMemberId}` };
    },
    member(accountId, c) {
      const m = active.find((x) => x.accountId === accountId);
      return m && (!c.restricted || m.maySeeRestricted) ? recipient(m) : null;
    },
    team: (c) => active.filter((m) => m.roles.some((r) => TEAM_ROLES.includes(r)) && covers(m, c)).map(recipient),
    managers: (c) => active.filter((m) => m.roles.includes('manager') && covers(m, c)).map(recipient),
    allManagers: () => active.filter((m) => m.roles.includes('manager'))
      .map((m) => ({ ...recipient(m), allDirectorates: m.allDirectorates, directorates: m.directorates, maySeeRestricted: m.maySeeRestricted })),
  };
}
