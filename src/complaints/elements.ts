import { inTransaction, type Database, type Queryable } from '../db/database.ts';
import { ELEMENT_OUTCOMES, type ElementOutcome } from '../domain/cases/vocabulary.ts';
import { ActionRefusedError } from './actionRefused.ts';
import type { Actor } from '../events/actor.ts';
import { writeCaseEvent } from '../events/caseEvents.ts';
import { assertVersion } from '../events/concurrency.ts';

export interface ElementFinding {
  summary: string;
  categoryId?: number | null;
  /** null while the investigation goes on. */
  outcome: ElementOutcome | null;
}

/**
 * Records the heads of complaint of a stage and the finding on each, replacing what was
 * there; the stage's outcome is then derived from them when it is answered (Wrexham's rule,
 * complaintOutcomeFromElements). One event records the change. `expectedVersion` is the
 * version of the case the officer saw (src/events/concurrency.ts).
 */
export async function recordElements(
  db: Database, councilId: number, reference: string, stage: number, elements: ElementFinding[], actor: Actor, on: string,
  options: { expectedVersion?: number } = {},
): Promise<void> {
  const problems = elements.flatMap((e, i) => [
    ...(e.summary.trim() === '' ? [`Element ${i + 1}: enter what this part of the complaint is about`] : []),
    ...(e.outcome !== null && !ELEMENT_OUTCOMES.includes(e.outcome) ? [`Element ${i + 1}: the finding must be upheld, not upheld or withdrawn`] : []),
  ]);
  if (elements.length === 0) problems.push('Enter at least one element of the complaint');
  if (problems.length > 0) throw new ActionRefusedError(problems.join('. '));
  await inTransaction(db, async (client) => {
    const { rows } = await client.query<{ id: number; contact_id: number; responded_on: string | null }>(
      `SELECT s.id, s.contact_id, s.responded_on FROM complaint_stage s JOIN contact c ON c.council_id = s.council_id AND c.id = s.contact_id
        WHERE c.council_id = $1 AND c.reference = $2 AND s.stage = $3 FOR UPDATE OF s`,
      [councilId, reference, stage],
    );
    const s = rows[0];
    if (!s) throw new ActionRefusedError(`Complaint ${reference} has no stage ${stage}.`);
    if (s.responded_on) throw new ActionRefusedError(`Stage ${stage} of ${reference} has been answered; its findings can no longer change.`);
    await assertVersion(client, councilId, s.contact_id, options.expectedVersion);
    await client.query('DELETE FROM complaint_element WHERE council_id = $1 AND stage_id = $2', [councilId, s.id]);
    for (const e of elements) {
      await client.query(
        'INSERT INTO complaint_element (council_id, stage_id, summary, category_id, outcome) VALUES ($1, $2, $3, $4, $5)',
        [councilId, s.id, e.summary.trim(), e.categoryId ?? null, e.outcome],
      );
    }
    await writeCaseEvent(client, { councilId, contactId: s.contact_id, stage, type: 'elements_recorded', on, data: { elements } }, actor);
  });
}

/** The findings recorded on a stage (empty if none). */
export async function elementOutcomes(db: Queryable, councilId: number, contactId: number, stage: number): Promise<(ElementOutcome | null)[]> {
  const { rows } = await db.query<{ outcome: ElementOutcome | null }>(
    `SELECT e.outcome FROM complaint_element e JOIN complaint_stage s ON s.council_id = e.council_id AND s.id = e.stage_id
      WHERE s.council_id = $1 AND s.contact_id = $2 AND s.stage = $3 ORDER BY e.id`,
    [councilId, contactId, stage],
  );
  return rows.map((r) => r.outcome);
}
