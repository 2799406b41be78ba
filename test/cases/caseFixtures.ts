/**
 * A small council for the case-list and work-queue tests, written with plain SQL the way the
 * app writes it (person first, then the contact that names them), so the search triggers see
 * what they will see in use.
 */
import type { Database } from '../../src/db/database.ts';
import type { Scope } from '../../src/domain/access/scope.ts';
import { permissionsOf, type Role } from '../../src/domain/access/roles.ts';
import { newTestCouncil } from '../support/testDatabase.ts';

export interface Org {
  councilId: number;
  place: number;
  highways: number;
  roadRepairs: number;
  parking: number;
  resources: number;
  revenues: number;
  councilTax: number;
  children: number;
  roadsWorkspace: number;
  officerA: number;
  officerB: number;
  /** Every unit under Place (for a scope holding that directorate). */
  placeUnits: number[];
}

export async function newOrg(db: Database): Promise<Org> {
  const council = await newTestCouncil(db);
  const q = async (sql: string, params: unknown[]) => (await db.pool.query<{ id: number }>(sql, params)).rows[0]!.id;
  const unit = (kind: string, name: string, parent: number | null) =>
    q('INSERT INTO org_unit (council_id, kind, name, parent_id) VALUES ($1, $2, $3, $4) RETURNING id', [council.id, kind, name, parent]);
  const place = await unit('directorate', 'Place', null);
  const highways = await unit('service', 'Highways', place);
  const roadRepairs = await unit('team', 'Road Repairs', highways);
  const parking = await unit('service', 'Parking', place);
  const resources = await unit('directorate', 'Resources', null);
  const revenues = await unit('service', 'Revenues', resources);
  const councilTax = await unit('team', 'Council Tax', revenues);
  const children = await unit('directorate', 'Children', null);
  const roadsWorkspace = await q('INSERT INTO workspace (council_id, name, org_unit_id) VALUES ($1, $2, $3) RETURNING id', [council.id, 'Roads', highways]);
  const staff = (name: string) =>
    q('INSERT INTO staff_member (council_id, name, email) VALUES ($1, $2, $3) RETURNING id', [council.id, name, `${name.replace(/\W/g, '').toLowerCase()}@example.org`]);
  return {
    councilId: council.id, place, highways, roadRepairs, parking, resources, revenues, councilTax, children, roadsWorkspace,
    officerA: await staff('Asha Patel'), officerB: await staff('Ben Okafor'),
    placeUnits: [place, highways, roadRepairs, parking],
  };
}

export function scopeFor(org: Org, options: { roles?: Role[]; units?: 'all' | number[]; mayDisclose?: boolean; staffMemberId?: number | null } = {}): Scope {
  const roles = options.roles ?? ['complaints_officer'];
  const permissions = permissionsOf(roles);
  const units = options.units ?? 'all';
  return {
    councilId: org.councilId,
    accountId: 1,
    staffMemberId: options.staffMemberId ?? null,
    roles,
    permissions,
    units,
    directorates: units === 'all' ? 'all' : [org.place],
    mayDisclose: options.mayDisclose ?? false,
    mayIdentify: permissions.has('view_cases'),
  };
}

export interface StageSpec {
  stage: number;
  openedOn?: string | null;
  dueOn?: string | null;
  extendedTo?: string | null;
  respondedOn?: string | null;
  outcome?: string | null;
  officerId?: number | null;
  requestedOn?: string | null;
  decision?: string | null;
}

export interface CaseSpec {
  reference: string;
  kind?: string;
  receivedOn: string;
  procedure?: string | null;
  route?: string | null;
  unitId?: number | null;
  workspaceId?: number | null;
  summary?: string;
  complainant?: string;
  representative?: string;
  flags?: string[];
  restricted?: boolean;
  /** A complaint record with this status. */
  status?: string;
  stages?: StageSpec[];
}

export async function addCase(db: Database, org: Org, spec: CaseSpec): Promise<number> {
  const c = org.councilId;
  const person = async (name: string | undefined) =>
    name ? (await db.pool.query<{ id: number }>('INSERT INTO person (council_id, full_name) VALUES ($1, $2) RETURNING id', [c, name])).rows[0]!.id : null;
  const complainantId = await person(spec.complainant);
  const representativeId = await person(spec.representative);
  const kind = spec.kind ?? 'complaint';
  const procedure = spec.procedure === undefined ? 'corporate' : spec.procedure;
  const { rows } = await db.pool.query<{ id: number }>(
    `INSERT INTO contact (council_id, reference, kind, received_on, procedure_code, route, org_unit_id, workspace_id, summary,
                          complainant_id, representative_id, flags, restricted)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
    [c, spec.reference, kind, spec.receivedOn, procedure, spec.route ?? null, spec.unitId === undefined ? org.roadRepairs : spec.unitId,
      spec.workspaceId ?? null, spec.summary ?? 'Something went wrong', complainantId, representativeId, spec.flags ?? [], spec.restricted ?? false],
  );
  const id = rows[0]!.id;
  if (spec.status) {
    await db.pool.query(
      `INSERT INTO complaint (council_id, contact_id, procedure_id, status)
       SELECT $1, $2, id, $3 FROM council_procedure WHERE council_id = $1 AND code = $4 AND retired_on IS NULL`,
      [c, id, spec.status, procedure ?? 'corporate'],
    );
    for (const s of spec.stages ?? []) {
      await db.pool.query(
        `INSERT INTO complaint_stage (council_id, contact_id, stage, opened_on, due_on, extended_to, responded_on, outcome,
                                      investigating_officer_id, requested_on, decision)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [c, id, s.stage, s.openedOn === undefined ? spec.receivedOn : s.openedOn, s.dueOn ?? null, s.extendedTo ?? null, s.respondedOn ?? null,
          s.outcome ?? null, s.officerId ?? null, s.requestedOn ?? null, s.decision ?? null],
      );
    }
  }
  return id;
}

/** A deterministic pseudo-random sequence (mulberry32). */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
