import type { Queryable } from '../db/database.ts';
import type { Scope } from '../domain/access/scope.ts';

export interface UnitOption { id: number; kind: 'directorate' | 'service' | 'team'; name: string; directorate: string }
export interface NamedOption { id: number; name: string }

/**
 * What the case list's filters offer a person: the organisation units within their scope
 * (today's tree), the council's workspaces, and the staff who handle stages.
 */
export async function caseFilterOptions(db: Queryable, scope: Scope): Promise<{ units: UnitOption[]; workspaces: NamedOption[]; officers: NamedOption[] }> {
  const units = await db.query<{ id: number; kind: UnitOption['kind']; name: string; directorate: string }>(
    `SELECT u.id, u.kind, u.name, p.directorate
       FROM org_unit u JOIN org_unit_path p ON p.council_id = u.council_id AND p.id = u.id
      WHERE u.council_id = $1 AND u.valid_to IS NULL AND ($2::bigint[] IS NULL OR u.id = ANY($2::bigint[]))
      ORDER BY p.directorate, p.service NULLS FIRST, p.team NULLS FIRST`,
    [scope.councilId, scope.units === 'all' ? null : scope.units],
  );
  const workspaces = await db.query<NamedOption>('SELECT id, name FROM workspace WHERE council_id = $1 ORDER BY name', [scope.councilId]);
  const officers = await db.query<NamedOption>(
    `SELECT s.id, s.name FROM staff_member s
      WHERE s.council_id = $1 AND (s.role IN ('investigating_officer', 'service_manager', 'complaints_officer')
        OR EXISTS (SELECT 1 FROM council_membership m WHERE m.council_id = s.council_id AND m.staff_member_id = s.id
                    AND m.roles && ARRAY['investigating_officer', 'manager', 'complaints_officer']::text[]))
      ORDER BY s.name LIMIT 500`,
    [scope.councilId],
  );
  const num = <T extends { id: number }>(rows: T[]) => rows.map((r) => ({ ...r, id: Number(r.id) }));
  return { units: num(units.rows), workspaces: num(workspaces.rows), officers: num(officers.rows) };
}
