import type { Database, Queryable } from '../db/database.ts';
import { inTransaction } from '../db/database.ts';
import type { Actor } from '../events/actor.ts';
import { recordAccess } from '../events/audit.ts';
import type { IsoDate } from '../domain/dates.ts';
import { normaliseCell, normaliseName, textProblem } from '../caseHistory/text.ts';

/**
 * A council's complaint categories (/admin/categories): added, renamed, given a Welsh name,
 * retired (no longer offered for new cases; the cases that have one keep it and show its name)
 * and brought back. One never used may be deleted; one in use never is. Every change audited.
 */

export const CATEGORY_NAME_MAX = 100;

export interface Category {
  id: number;
  name: string;
  nameCy: string | null;
  retiredOn: IsoDate | null;
  /** Contacts and complaint elements that have it. */
  uses: number;
}

/** Problems with a category's names, by field ('name', 'nameCy'); the names written one way. Pure. */
export function checkCategoryNames(
  input: { name: string; nameCy: string },
  others: readonly { name: string }[],
): { ok: true; name: string; nameCy: string | null } | { ok: false; problems: { field: 'name' | 'nameCy'; message: string }[] } {
  const problems: { field: 'name' | 'nameCy'; message: string }[] = [];
  const name = normaliseName(normaliseCell(input.name));
  const nameCy = normaliseName(normaliseCell(input.nameCy));
  if (!name) problems.push({ field: 'name', message: 'adminCategories.errors.nameMissing' });
  else if (name.length > CATEGORY_NAME_MAX) problems.push({ field: 'name', message: 'adminCategories.errors.nameTooLong' });
  else if (textProblem(name, { multiline: false, maxLength: CATEGORY_NAME_MAX })) problems.push({ field: 'name', message: 'adminCategories.errors.nameCharacters' });
  else if (others.some((o) => o.name.toLocaleLowerCase('en-GB') === name.toLocaleLowerCase('en-GB'))) problems.push({ field: 'name', message: 'adminCategories.errors.nameTaken' });
  if (nameCy.length > CATEGORY_NAME_MAX) problems.push({ field: 'nameCy', message: 'adminCategories.errors.nameTooLong' });
  else if (nameCy && textProblem(nameCy, { multiline: false, maxLength: CATEGORY_NAME_MAX })) problems.push({ field: 'nameCy', message: 'adminCategories.errors.nameCharacters' });
  return problems.length ? { ok: false, problems } : { ok: true, name, nameCy: nameCy || null };
}

export async function listCategories(db: Queryable, councilId: number): Promise<Category[]> {
  const { rows } = await db.query<{ id: string; name: string; name_cy: string | null; retired_on: IsoDate | null; uses: number }>(
    `SELECT k.id, k.name, k.name_cy, k.retired_on::text AS retired_on,
            ((SELECT count(*) FROM contact c WHERE c.council_id = k.council_id AND c.category_id = k.id)
             + (SELECT count(*) FROM complaint_element e WHERE e.council_id = k.council_id AND e.category_id = k.id))::int AS uses
       FROM complaint_category k WHERE k.council_id = $1
      ORDER BY k.retired_on IS NOT NULL, lower(k.name)`,
    [councilId],
  );
  return rows.map((r) => ({ id: Number(r.id), name: r.name, nameCy: r.name_cy, retiredOn: r.retired_on, uses: r.uses }));
}

export async function findCategory(db: Queryable, councilId: number, id: number): Promise<Category | null> {
  return (await listCategories(db, councilId)).find((c) => c.id === id) ?? null;
}

const audit = (client: Queryable, actor: Actor, councilId: number, change: string, id: number) =>
  recordAccess(client, actor, { councilId, action: 'change_settings', detail: { codes: { setting: 'complaint_category', change }, numbers: { category: id } } });

type Saved = { ok: true; id: number } | { ok: false; problems: { field: 'name' | 'nameCy'; message: string }[] };

/** Adds a category, or says why not (a name missing, too long, or the council has it already). */
export async function addCategory(db: Database, actor: Actor, councilId: number, input: { name: string; nameCy: string }): Promise<Saved> {
  return inTransaction(db, async (client) => {
    // One change to the list at a time, so two people adding the same name get one each way round.
    await client.query('SELECT id FROM council WHERE id = $1 FOR UPDATE', [councilId]);
    const checked = checkCategoryNames(input, await listCategories(client, councilId));
    if (!checked.ok) return checked;
    const { rows } = await client.query<{ id: string }>('INSERT INTO complaint_category (council_id, name, name_cy) VALUES ($1, $2, $3) RETURNING id', [councilId, checked.name, checked.nameCy]);
    const id = Number(rows[0]!.id);
    await audit(client, actor, councilId, 'add', id);
    return { ok: true, id };
  });
}

/** Renames a category (and its Welsh name): every case that has it shows the new name; the audit trail keeps that it changed. */
export async function renameCategory(db: Database, actor: Actor, councilId: number, id: number, input: { name: string; nameCy: string }): Promise<Saved | null> {
  return inTransaction(db, async (client) => {
    await client.query('SELECT id FROM council WHERE id = $1 FOR UPDATE', [councilId]);
    const all = await listCategories(client, councilId);
    if (!all.some((c) => c.id === id)) return null;
    const checked = checkCategoryNames(input, all.filter((c) => c.id !== id));
    if (!checked.ok) return checked;
    await client.query('UPDATE complaint_category SET name = $3, name_cy = $4 WHERE council_id = $1 AND id = $2', [councilId, id, checked.name, checked.nameCy]);
    await audit(client, actor, councilId, 'rename', id);
    return { ok: true, id };
  });
}

/** Retires a category from `on` (no longer offered), or brings it back; false if there is none. */
export async function retireCategory(db: Database, actor: Actor, councilId: number, id: number, on: IsoDate | null): Promise<boolean> {
  return inTransaction(db, async (client) => {
    const { rowCount } = await client.query('UPDATE complaint_category SET retired_on = $3 WHERE council_id = $1 AND id = $2', [councilId, id, on]);
    if (rowCount !== 1) return false;
    await audit(client, actor, councilId, on ? 'retire' : 'restore', id);
    return true;
  });
}

/** Deletes a category no case has ever had; one in use is refused ('in_use': retire it instead). */
export async function deleteCategory(db: Database, actor: Actor, councilId: number, id: number): Promise<'deleted' | 'in_use' | null> {
  return inTransaction(db, async (client) => {
    const found = await client.query('SELECT id FROM complaint_category WHERE council_id = $1 AND id = $2 FOR UPDATE', [councilId, id]);
    if (!found.rows[0]) return null;
    const category = await findCategory(client, councilId, id);
    if (category!.uses > 0) return 'in_use';
    await client.query('DELETE FROM complaint_category WHERE council_id = $1 AND id = $2', [councilId, id]);
    await audit(client, actor, councilId, 'delete', id);
    return 'deleted';
  });
}
