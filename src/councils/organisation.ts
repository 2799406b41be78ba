import { inTransaction, type Database, type Queryable } from '../db/database.ts';
import type { IsoDate } from '../domain/dates.ts';
import { recordAccess } from '../events/audit.ts';
import type { Actor } from '../events/actor.ts';
import { planChange, type OrganisationChange, type OrgUnit, type Problem, type UnitRef } from './organisationRules.ts';

/**
 * A council's organisation tree and its dated restructures (rules in organisationRules.ts,
 * ADR 0024). Cases keep the unit they were received in: a restructure closes units and opens
 * their successors, and staff who hold a successor's directorate see the closed units' cases
 * (accountRepository.unitsUnder follows successors back). Every change is one transaction
 * with its history row (org_unit_change) and an audit entry.
 */

interface UnitRow { id: number; kind: OrgUnit['kind']; name: string; parent_id: number | null; valid_from: string; valid_to: string | null; successor_id: number | null }

const toUnit = (r: UnitRow): OrgUnit => ({
  id: Number(r.id), kind: r.kind, name: r.name, parentId: r.parent_id === null ? null : Number(r.parent_id),
  validFrom: r.valid_from, validTo: r.valid_to, successorId: r.successor_id === null ? null : Number(r.successor_id),
});

/** Every unit the council has had, open or closed. */
export async function organisationUnits(db: Queryable, councilId: number, options: { lock?: boolean } = {}): Promise<OrgUnit[]> {
  const { rows } = await db.query<UnitRow>(
    `SELECT id, kind, name, parent_id, valid_from, valid_to, successor_id FROM org_unit WHERE council_id = $1 ORDER BY id${options.lock ? ' FOR UPDATE' : ''}`,
    [councilId],
  );
  return rows.map(toUnit);
}

export class OrganisationChangeRefused extends Error {
  constructor(readonly problems: Problem[]) {
    super(`The organisation change cannot be made: ${problems.map((p) => `${p.field} ${p.code}`).join(', ')}`);
    this.name = 'OrganisationChangeRefused';
  }
}

export interface OrganisationChangeRecord {
  id: number;
  change: OrganisationChange['change'];
  effectiveFrom: IsoDate;
  unitId: number;
  detail: { unit: string; name?: string; parent?: string; into?: string };
  actor: string;
  changedAt: Date;
}

/**
 * Makes one dated change, or throws OrganisationChangeRefused with the problems by field.
 * `today` decides whether workspaces follow now: a change taking effect later leaves them
 * until an administrator maps them (new contacts before the date still go to the old unit).
 */
export async function changeOrganisation(db: Database, councilId: number, change: OrganisationChange, actor: Actor, today: IsoDate): Promise<{ unitId: number }> {
  return inTransaction(db, async (client) => {
    // Locks the council's units: two administrators' changes are made one after the other, each checked against the other's result.
    const units = await organisationUnits(client, councilId, { lock: true });
    const planned = planChange(units, change);
    if (!planned.ok) throw new OrganisationChangeRefused(planned.problems);
    const ids = new Map<string, number>();
    const idOf = (r: UnitRef) => ('id' in r ? r.id : ids.get(r.key)!);
    for (const o of planned.plan.open) {
      const { rows } = await client.query<{ id: number }>(
        'INSERT INTO org_unit (council_id, kind, name, parent_id, valid_from) VALUES ($1, $2, $3, $4, $5) RETURNING id',
        [councilId, o.kind, o.name, o.parent ? idOf(o.parent) : null, o.validFrom],
      );
      ids.set(o.key, Number(rows[0]!.id));
    }
    for (const c of planned.plan.close) {
      const successorId = c.successor ? idOf(c.successor) : null;
      await client.query('UPDATE org_unit SET valid_to = $3, successor_id = $4 WHERE council_id = $1 AND id = $2', [councilId, c.id, c.validTo, successorId]);
      const closed = units.find((u) => u.id === c.id)!;
      // Staff who held a closed directorate hold its successor too (and keep the old one, for its cases' reminders).
      if (closed.kind === 'directorate' && successorId !== null) {
        await client.query(
          `INSERT INTO membership_directorate (council_id, account_id, org_unit_id)
           SELECT council_id, account_id, $3 FROM membership_directorate WHERE council_id = $1 AND org_unit_id = $2
           ON CONFLICT DO NOTHING`,
          [councilId, c.id, successorId],
        );
      }
      if (change.from <= today) {
        await client.query('UPDATE workspace SET org_unit_id = $3 WHERE council_id = $1 AND org_unit_id = $2', [councilId, c.id, successorId]);
      }
    }
    const unitId = change.change === 'add' ? ids.get(planned.plan.open[0]!.key)! : change.unitId;
    const nameOf = (id: number) => units.find((u) => u.id === id)?.name;
    const detail = {
      unit: change.change === 'add' ? change.name.trim() : nameOf(change.unitId)!,
      ...(change.change === 'rename' ? { name: change.name.trim() } : {}),
      ...((change.change === 'move' || change.change === 'add') && change.parentId !== null ? { parent: nameOf(change.parentId) } : {}),
      ...(change.change === 'merge' ? { into: nameOf(change.intoId) } : {}),
    };
    await client.query(
      `INSERT INTO org_unit_change (council_id, change, effective_from, org_unit_id, detail, account_id, actor)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [councilId, change.change, change.from, unitId, JSON.stringify(detail), actor.accountId, actor.name],
    );
    await recordAccess(client, actor, {
      councilId, action: 'change_settings',
      detail: { codes: { setting: 'organisation', change: change.change, from: change.from }, numbers: { unit: unitId }, count: planned.plan.open.length + planned.plan.close.length },
    });
    return { unitId };
  });
}

/** The organisation's changes, newest first. */
export async function organisationChanges(db: Queryable, councilId: number, limit = 50): Promise<OrganisationChangeRecord[]> {
  const { rows } = await db.query<{ id: number; change: OrganisationChange['change']; effective_from: string; org_unit_id: number; detail: OrganisationChangeRecord['detail']; actor: string; changed_at: Date }>(
    `SELECT id, change, effective_from, org_unit_id, detail, actor, changed_at FROM org_unit_change
      WHERE council_id = $1 ORDER BY changed_at DESC, id DESC LIMIT $2`,
    [councilId, limit],
  );
  return rows.map((r) => ({ id: Number(r.id), change: r.change, effectiveFrom: r.effective_from, unitId: Number(r.org_unit_id), detail: r.detail, actor: r.actor, changedAt: r.changed_at }));
}
