import type { Queryable } from '../db/database.ts';
import { currentCalendar } from '../councils/calendarStore.ts';
import { divisionOf, type Nation } from '../domain/calendar/bankHolidays.ts';
import { computeDue } from '../domain/calendar/deadlines.ts';
import { PROCEDURE_CODES, type ProcedureCodeValue } from '../domain/cases/vocabulary.ts';
import type { IsoDate } from '../domain/dates.ts';
import type { Timescale } from '../domain/procedures/types.ts';

export interface WorkspaceChoice { id: number; name: string; orgUnitId: number | null }
export interface UnitChoice { id: number; kind: 'directorate' | 'service' | 'team'; directorate: string; service: string | null; team: string | null }
export interface CategoryChoice { id: number; name: string }

/** What a contact can be about in one council: its services as the public knows them, its units, categories and procedures in force. */
export interface ContactChoices {
  workspaces: WorkspaceChoice[];
  /** Units in force on the day, directorate first and each followed by what is under it. */
  units: UnitChoice[];
  categories: CategoryChoice[];
  procedures: ProcedureCodeValue[];
}

export async function contactChoices(db: Queryable, councilId: number, today: IsoDate): Promise<ContactChoices> {
  const [workspaces, units, categories, procedures] = await Promise.all([
    db.query<{ id: string; name: string; org_unit_id: string | null }>('SELECT id, name, org_unit_id FROM workspace WHERE council_id = $1 ORDER BY name', [councilId]),
    db.query<{ id: string; kind: UnitChoice['kind']; directorate: string; service: string | null; team: string | null }>(
      `SELECT u.id, u.kind, p.directorate, p.service, p.team
         FROM org_unit u JOIN org_unit_path p ON p.council_id = u.council_id AND p.id = u.id
        WHERE u.council_id = $1 AND u.valid_from <= $2 AND (u.valid_to IS NULL OR u.valid_to >= $2)
        ORDER BY p.directorate, coalesce(p.service, ''), coalesce(p.team, '')`,
      [councilId, today],
    ),
    db.query<{ id: string; name: string }>('SELECT id, name FROM complaint_category WHERE council_id = $1 AND retired_on IS NULL ORDER BY name', [councilId]),
    db.query<{ code: ProcedureCodeValue }>('SELECT code FROM council_procedure WHERE council_id = $1 AND retired_on IS NULL', [councilId]),
  ]);
  const adopted = new Set(procedures.rows.map((r) => r.code));
  return {
    workspaces: workspaces.rows.map((w) => ({ id: Number(w.id), name: w.name, orgUnitId: w.org_unit_id === null ? null : Number(w.org_unit_id) })),
    units: units.rows.map((u) => ({ id: Number(u.id), kind: u.kind, directorate: u.directorate, service: u.service, team: u.team })),
    categories: categories.rows.map((c) => ({ id: Number(c.id), name: c.name })),
    procedures: PROCEDURE_CODES.filter((p) => adopted.has(p)),
  };
}

/**
 * The procedure a contact about this unit most likely falls under, from the names of the
 * unit's directorate, service and team (children's or adults' social care, housing, public
 * health), when the council has adopted it; otherwise corporate.
 */
export function suggestedProcedure(unit: Pick<UnitChoice, 'directorate' | 'service' | 'team'> | null, adopted: readonly ProcedureCodeValue[]): ProcedureCodeValue {
  const names = unit ? [unit.directorate, unit.service, unit.team].filter(Boolean).join(' / ').toLowerCase() : '';
  const care = /social (care|work)|safeguard|protection|looked after|in care|fostering|adoption|disabilit/.test(names);
  const guess: ProcedureCodeValue | null =
    /child|young people|famil/.test(names) && care ? 'children_statutory'
    : /adult/.test(names) && care ? 'adults_statutory'
    : /public health/.test(names) ? 'public_health'
    : /housing|tenan|landlord/.test(names) ? 'housing'
    : null;
  return guess && adopted.includes(guess) ? guess : 'corporate';
}

/** The response date an MP or councillor enquiry received on this day would get (as logContact sets it). */
export async function enquiryDueOn(db: Queryable, councilId: number, receivedOn: IsoDate): Promise<IsoDate | null> {
  const { rows } = await db.query<{ nation: Nation; enquiry_target: Timescale }>('SELECT nation, enquiry_target FROM council WHERE id = $1', [councilId]);
  const council = rows[0];
  if (!council) return null;
  return computeDue(await currentCalendar(db, divisionOf(council.nation)), council.enquiry_target, receivedOn, 'received').due;
}
