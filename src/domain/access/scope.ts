import type { ProcedureCode } from '../procedures/types.ts';
import { permissionsOf, type Permission, type Role } from './roles.ts';

/**
 * What one signed-in person may see in one council, resolved once per request and given to
 * every service: the repositories add `scopeFilter` to every query that returns cases, so a
 * case out of scope is refused the same way by URL, list, search, drill-down and export.
 */
export interface Scope {
  councilId: number;
  accountId: number;
  /** The staff record cases are allocated to, if they have one. */
  staffMemberId: number | null;
  roles: readonly Role[];
  permissions: ReadonlySet<Permission>;
  /** 'all', or the organisation units (directorates held and every unit under them). */
  units: 'all' | readonly number[];
  /** The directorates held (for showing and for choosing), or 'all'. */
  directorates: 'all' | readonly number[];
  /** Restricted cases (children's social care, cases marked restricted). */
  mayDisclose: boolean;
  /** Names and what people wrote; false for a report viewer. */
  mayIdentify: boolean;
}

/** Procedures whose cases are restricted whatever their marking: children's social care. */
export const RESTRICTED_PROCEDURES: readonly ProcedureCode[] = ['children_statutory'];

export interface Membership {
  councilId: number;
  accountId: number;
  staffMemberId: number | null;
  roles: readonly Role[];
  allDirectorates: boolean;
  directorates: readonly number[];
  maySeeRestricted: boolean;
}

/** The scope a membership gives, with the units under the directorates it holds. */
export function scopeOf(m: Membership, unitsUnder: (directorates: readonly number[]) => readonly number[]): Scope {
  const permissions = permissionsOf(m.roles);
  return {
    councilId: m.councilId,
    accountId: m.accountId,
    staffMemberId: m.staffMemberId,
    roles: m.roles,
    permissions,
    units: m.allDirectorates ? 'all' : unitsUnder(m.directorates),
    directorates: m.allDirectorates ? 'all' : m.directorates,
    mayDisclose: m.maySeeRestricted,
    mayIdentify: permissions.has('view_cases'),
  };
}

export function can(scope: Scope, permission: Permission): boolean {
  return scope.permissions.has(permission);
}

/** Whether one case is in scope, from its unit, procedure and marking (for a case already loaded). */
export function inScope(scope: Scope, c: { councilId: number; orgUnitId: number | null; procedureCode: string | null; restricted: boolean }): boolean {
  if (c.councilId !== scope.councilId) return false;
  if (scope.units !== 'all' && (c.orgUnitId === null || !scope.units.includes(c.orgUnitId))) return false;
  if (!scope.mayDisclose && (c.restricted || (RESTRICTED_PROCEDURES as readonly (string | null)[]).includes(c.procedureCode))) return false;
  return true;
}

/**
 * The same rule as SQL, for a query over `contact` aliased `alias`: appends its values to
 * `params` and returns the condition to AND into the WHERE clause.
 */
export function scopeFilter(scope: Scope, alias: string, params: unknown[]): string {
  params.push(scope.councilId);
  const parts = [`${alias}.council_id = $${params.length}`];
  if (scope.units !== 'all') {
    params.push(scope.units);
    parts.push(`${alias}.org_unit_id = ANY($${params.length}::bigint[])`);
  }
  if (!scope.mayDisclose) {
    params.push(RESTRICTED_PROCEDURES);
    parts.push(`NOT ${alias}.restricted AND (${alias}.procedure_code IS NULL OR ${alias}.procedure_code <> ALL($${params.length}::text[]))`);
  }
  return parts.join(' AND ');
}
