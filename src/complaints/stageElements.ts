import type { Queryable } from '../db/database.ts';
import type { ElementOutcome } from '../domain/cases/vocabulary.ts';

export interface StageElement {
  summary: string;
  categoryId: number | null;
  category: string | null;
  outcome: ElementOutcome | null;
}

/** The heads of complaint recorded on one stage of a case, in the order recorded (see elements.ts). */
export async function stageElements(db: Queryable, councilId: number, contactId: number, stage: number): Promise<StageElement[]> {
  const { rows } = await db.query<{ summary: string; category_id: number | null; category: string | null; outcome: ElementOutcome | null }>(
    `SELECT e.summary, e.category_id, k.name AS category, e.outcome
       FROM complaint_element e
       JOIN complaint_stage s ON s.council_id = e.council_id AND s.id = e.stage_id
       LEFT JOIN complaint_category k ON k.council_id = e.council_id AND k.id = e.category_id
      WHERE s.council_id = $1 AND s.contact_id = $2 AND s.stage = $3 ORDER BY e.id`,
    [councilId, contactId, stage],
  );
  return rows.map((r) => ({ summary: r.summary, categoryId: r.category_id === null ? null : Number(r.category_id), category: r.category, outcome: r.outcome }));
}

/** The council's complaint categories, for choosing an element's. */
export async function complaintCategories(db: Queryable, councilId: number): Promise<{ id: number; name: string }[]> {
  const { rows } = await db.query<{ id: number; name: string }>('SELECT id, name FROM complaint_category WHERE council_id = $1 ORDER BY name', [councilId]);
  return rows.map((r) => ({ id: Number(r.id), name: r.name }));
}
