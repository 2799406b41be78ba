import type { Queryable } from '../db/database.ts';
import type { Scope } from '../domain/access/scope.ts';

export interface StaffChoice {
  id: number;
  name: string;
  /** The directorate they work in (their own unit's, else the first their membership holds); null = council-wide. */
  directorate: string | null;
}

/**
 * The council's staff a stage can be allocated to: those whose membership holds the
 * investigating officer or manager role, in the directorates the person allocating may see
 * (by their own unit or the directorates of their membership; council-wide people always),
 * ordered by directorate then name.
 */
export async function allocatableStaff(db: Queryable, scope: Scope): Promise<StaffChoice[]> {
  const params: unknown[] = [scope.councilId];
  let inScope = 'true';
  if (scope.units !== 'all') {
    params.push(scope.units);
    inScope = `(m.all_directorates OR s.org_unit_id = ANY($2::bigint[])
                OR EXISTS (SELECT 1 FROM membership_directorate d WHERE d.council_id = m.council_id AND d.account_id = m.account_id
                             AND d.org_unit_id = ANY($2::bigint[])))`;
  }
  const { rows } = await db.query<{ id: number; name: string; directorate: string | null }>(
    `SELECT DISTINCT s.id, s.name,
            coalesce(u.directorate, (SELECT min(p.directorate) FROM membership_directorate d
                                       JOIN org_unit_path p ON p.council_id = d.council_id AND p.id = d.org_unit_id
                                      WHERE d.council_id = m.council_id AND d.account_id = m.account_id)) AS directorate
       FROM staff_member s
       JOIN council_membership m ON m.council_id = s.council_id AND m.staff_member_id = s.id
       LEFT JOIN org_unit_path u ON u.council_id = s.council_id AND u.id = s.org_unit_id
      WHERE s.council_id = $1 AND m.roles && ARRAY['investigating_officer', 'manager']::text[] AND ${inScope}`,
    params,
  );
  return rows
    .map((r) => ({ id: Number(r.id), name: r.name, directorate: r.directorate }))
    .sort((a, b) => (a.directorate ?? '\uffff').localeCompare(b.directorate ?? '\uffff') || a.name.localeCompare(b.name) || a.id - b.id);
}

/** A member of staff's name, for "allocated to …" (null when there is no such person in the council). */
export async function staffName(db: Queryable, councilId: number, id: number): Promise<string | null> {
  const { rows } = await db.query<{ name: string }>('SELECT name FROM staff_member WHERE council_id = $1 AND id = $2', [councilId, id]);
  return rows[0]?.name ?? null;
}
