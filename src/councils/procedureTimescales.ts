import type { Database, Queryable } from '../db/database.ts';
import { inTransaction } from '../db/database.ts';
import type { Actor } from '../events/actor.ts';
import { recordAccess } from '../events/audit.ts';
import type { IsoDate } from '../domain/dates.ts';
import type { ProcedureDefinition } from '../domain/procedures/types.ts';
import { changeTimescales, type TimescaleProblem } from '../domain/procedures/timescaleLimits.ts';
import { adoptProcedure } from './councilRepository.ts';

/**
 * A council's adopted procedures and their timescales (/admin/procedures). A change adopts a
 * new version of the council's copy from the day it is made: complaints already open keep the
 * version they were opened under (and their deadlines); new ones get the new timescales.
 */

export interface AdoptedProcedure {
  id: number;
  code: string;
  definition: ProcedureDefinition;
  adoptedOn: IsoDate;
  /** Earlier versions of this kind of complaint's procedure, now retired. */
  earlierVersions: number;
}

export async function adoptedProcedures(db: Queryable, councilId: number): Promise<AdoptedProcedure[]> {
  const { rows } = await db.query<{ id: string; code: string; definition: ProcedureDefinition; adopted_on: IsoDate; earlier: number }>(
    `SELECT p.id, p.code, p.definition, p.adopted_on::text AS adopted_on,
            (SELECT count(*)::int FROM council_procedure o WHERE o.council_id = p.council_id AND o.code = p.code AND o.retired_on IS NOT NULL) AS earlier
       FROM council_procedure p WHERE p.council_id = $1 AND p.retired_on IS NULL ORDER BY p.code`,
    [councilId],
  );
  return rows.map((r) => ({ id: Number(r.id), code: r.code, definition: r.definition, adoptedOn: r.adopted_on, earlierVersions: r.earlier }));
}

export async function adoptedProcedure(db: Queryable, councilId: number, id: number): Promise<AdoptedProcedure | null> {
  return (await adoptedProcedures(db, councilId)).find((p) => p.id === id) ?? null;
}

export type TimescaleChange =
  | { ok: true; id: number; changed: boolean }
  | { ok: false; problems: TimescaleProblem[] }
  /** Someone else changed it first: this version is no longer in force. */
  | { ok: false; superseded: true };

/** Changes an adopted procedure's timescales within the rules, as a new version from `today`; audited. */
export async function changeProcedureTimescales(
  db: Database, actor: Actor, councilId: number, id: number, typed: Readonly<Record<string, unknown>>, today: IsoDate,
): Promise<TimescaleChange | null> {
  return inTransaction(db, async (client) => {
    await client.query('SELECT id FROM council WHERE id = $1 FOR UPDATE', [councilId]);
    const { rows } = await client.query<{ code: string; definition: ProcedureDefinition; retired_on: string | null }>(
      'SELECT code, definition, retired_on FROM council_procedure WHERE council_id = $1 AND id = $2', [councilId, id]);
    const current = rows[0];
    if (!current) return null;
    if (current.retired_on !== null) return { ok: false, superseded: true };
    const result = changeTimescales(current.definition, typed);
    if (!result.ok) return result;
    if (!result.changed) return { ok: true, id, changed: false };
    await adoptProcedure(client, councilId, current.code as ProcedureDefinition['code'], result.definition, today);
    const added = await client.query<{ id: string }>('SELECT id FROM council_procedure WHERE council_id = $1 AND code = $2 AND retired_on IS NULL', [councilId, current.code]);
    const newId = Number(added.rows[0]!.id);
    await recordAccess(client, actor, {
      councilId, action: 'change_settings',
      detail: { codes: { setting: 'procedure_timescales', procedure: current.code, catalogue: result.definition.key }, numbers: { retired: id, adopted: newId } },
    });
    return { ok: true, id: newId, changed: true };
  });
}
