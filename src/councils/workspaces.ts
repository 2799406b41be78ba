import { inTransaction, type Database, type Queryable } from '../db/database.ts';
import { recordAccess } from '../events/audit.ts';
import type { Actor } from '../events/actor.ts';

/**
 * Workspaces: the services residents choose from ("Bins and recycling"), their Welsh names,
 * whether the public form offers them, and the organisation unit each goes to. A workspace is
 * mapped to a unit open today; a restructure moves the mapping to the successor (organisation.ts).
 */
export interface Workspace {
  id: number;
  name: string;
  welsh: string | null;
  offered: boolean;
  orgUnitId: number | null;
}

export interface WorkspaceChange {
  name: string;
  welsh: string | null;
  offered: boolean;
  orgUnitId: number | null;
}

export type WorkspaceProblem = { field: 'name'; code: 'name_taken' } | { field: 'orgUnitId'; code: 'unit_closed' };

export class WorkspaceRefused extends Error {
  constructor(readonly problems: WorkspaceProblem[]) {
    super(`The workspace cannot be saved: ${problems.map((p) => p.code).join(', ')}`);
    this.name = 'WorkspaceRefused';
  }
}

interface Row { id: number; name: string; name_cy: string | null; offered_to_residents: boolean; org_unit_id: number | null }
const toWorkspace = (r: Row): Workspace => ({
  id: Number(r.id), name: r.name, welsh: r.name_cy, offered: r.offered_to_residents, orgUnitId: r.org_unit_id === null ? null : Number(r.org_unit_id),
});

export async function listWorkspaces(db: Queryable, councilId: number): Promise<Workspace[]> {
  const { rows } = await db.query<Row>('SELECT id, name, name_cy, offered_to_residents, org_unit_id FROM workspace WHERE council_id = $1 ORDER BY name', [councilId]);
  return rows.map(toWorkspace);
}

export async function findWorkspace(db: Queryable, councilId: number, id: number): Promise<Workspace | null> {
  const { rows } = await db.query<Row>('SELECT id, name, name_cy, offered_to_residents, org_unit_id FROM workspace WHERE council_id = $1 AND id = $2', [councilId, id]);
  return rows[0] ? toWorkspace(rows[0]) : null;
}

/** Adds a workspace (id null) or changes one, with its audit entry; refused with the problems by field. */
export async function saveWorkspace(db: Database, councilId: number, id: number | null, w: WorkspaceChange, actor: Actor): Promise<number> {
  return inTransaction(db, async (client) => {
    const problems: WorkspaceProblem[] = [];
    const clash = await client.query('SELECT 1 FROM workspace WHERE council_id = $1 AND lower(name) = lower($2) AND id IS DISTINCT FROM $3', [councilId, w.name, id]);
    if (clash.rows.length > 0) problems.push({ field: 'name', code: 'name_taken' });
    if (w.orgUnitId !== null) {
      const unit = await client.query('SELECT 1 FROM org_unit WHERE council_id = $1 AND id = $2 AND valid_to IS NULL', [councilId, w.orgUnitId]);
      if (unit.rows.length === 0) problems.push({ field: 'orgUnitId', code: 'unit_closed' });
    }
    if (problems.length > 0) throw new WorkspaceRefused(problems);
    let saved: number;
    if (id === null) {
      const { rows } = await client.query<{ id: number }>(
        'INSERT INTO workspace (council_id, name, name_cy, offered_to_residents, org_unit_id) VALUES ($1, $2, $3, $4, $5) RETURNING id',
        [councilId, w.name, w.welsh, w.offered, w.orgUnitId]);
      saved = Number(rows[0]!.id);
    } else {
      const { rowCount } = await client.query(
        'UPDATE workspace SET name = $3, name_cy = $4, offered_to_residents = $5, org_unit_id = $6 WHERE council_id = $1 AND id = $2',
        [councilId, id, w.name, w.welsh, w.offered, w.orgUnitId]);
      if (rowCount === 0) throw new Error(`There is no workspace ${id}`);
      saved = id;
    }
    await recordAccess(client, actor, { councilId, action: 'change_settings', detail: { codes: { setting: 'workspace', change: id === null ? 'add' : 'edit' }, numbers: { workspace: saved } } });
    return saved;
  });
}
