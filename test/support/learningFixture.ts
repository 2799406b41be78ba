import { randomUUID } from 'node:crypto';
import type { Database } from '../../src/db/database.ts';
import { scopeOf, type Scope } from '../../src/domain/access/scope.ts';
import type { Role } from '../../src/domain/access/roles.ts';
import { newTestCouncil } from './testDatabase.ts';

/**
 * A council with two directorates (Place, with its Waste service; People) and complaints in
 * each, for the learning action plan's tests: add actions and themes to it as a test needs.
 */
export async function learningCouncil(db: Database) {
  const council = await newTestCouncil(db);
  const unit = async (kind: string, name: string, parent: number | null) => Number((await db.pool.query<{ id: string }>(
    'INSERT INTO org_unit (council_id, kind, name, parent_id) VALUES ($1, $2, $3, $4) RETURNING id', [council.id, kind, name, parent])).rows[0]!.id);
  const place = await unit('directorate', 'Place', null);
  const waste = await unit('service', 'Waste', place);
  const people = await unit('directorate', 'People', null);
  const complaint = async (orgUnitId: number, receivedOn = '2024-05-01', options: { restricted?: boolean } = {}) => {
    const reference = `L-${randomUUID().slice(0, 8)}`;
    const id = Number((await db.pool.query<{ id: string }>(
      `INSERT INTO contact (council_id, reference, kind, channel, received_on, procedure_code, route, org_unit_id, summary, restricted)
       VALUES ($1, $2, 'complaint', 'email', $3, 'corporate', 'formal', $4, 'Bins missed', $5) RETURNING id`,
      [council.id, reference, receivedOn, orgUnitId, options.restricted ?? false])).rows[0]!.id);
    return { id, reference };
  };
  const action = async (contactId: number | null, values: { description?: string; owner?: string; dueOn?: string | null; doneOn?: string | null; status?: string; orgUnitId?: number | null; lesson?: string } = {}) =>
    Number((await db.pool.query<{ id: string }>(
      `INSERT INTO learning_action (council_id, contact_id, description, owner, due_on, done_on, status, org_unit_id, lesson)
       VALUES ($1, $2, $3, $4, $5, $6, $7, coalesce($8, (SELECT org_unit_id FROM contact WHERE council_id = $1 AND id = $2)), $9) RETURNING id`,
      [council.id, contactId, values.description ?? 'Remind crews to report missed bins', values.owner ?? 'Head of Waste', values.dueOn === undefined ? '2025-07-01' : values.dueOn,
        values.doneOn ?? null, values.status ?? 'planned', values.orgUnitId ?? null, values.lesson ?? null])).rows[0]!.id);
  const theme = async (name: string) => Number((await db.pool.query<{ id: string }>(
    'INSERT INTO learning_theme (council_id, name) VALUES ($1, $2) RETURNING id', [council.id, name])).rows[0]!.id);
  const tag = async (actionId: number, themeId: number) => {
    await db.pool.query('INSERT INTO learning_action_theme (council_id, learning_action_id, theme_id) VALUES ($1, $2, $3)', [council.id, actionId, themeId]);
  };
  const unitsUnder = (directorates: readonly number[]) => directorates.flatMap((d) => (d === place ? [place, waste] : [d]));
  const scope = (roles: Role[], directorates?: number[], accountId = 0): Scope => scopeOf({
    councilId: council.id, accountId, staffMemberId: null, roles, allDirectorates: !directorates, directorates: directorates ?? [], maySeeRestricted: false,
  }, unitsUnder);
  return { council, place, waste, people, complaint, action, theme, tag, scope };
}
