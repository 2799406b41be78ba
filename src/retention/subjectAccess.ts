import type { Queryable } from '../db/database.ts';
import { recordAccess } from '../events/audit.ts';
import type { Actor } from '../events/actor.ts';
import { zip, type ZipEntry } from './zip.ts';

/**
 * A subject-access request: everything Redress holds about one person, as a ZIP of one JSON
 * file (their details; each case they are complainant or representative on, with its
 * stages, extensions, pauses, heads of complaint, remedies, learning actions, Ombudsman
 * cases and findings, restrictions, timeline and the messages sent on it) and the case's
 * documents as files. Rows are exported whole (to_jsonb), so a column added later is in the
 * export without anyone remembering to add it here. The records manager reviews it (third
 * parties' data, exemptions) before it is sent: Redress does not redact.
 */

export interface PersonMatch {
  id: number;
  fullName: string;
  email: string | null;
  postcodeHint: string | null;
  cases: number;
}

const MAX_MATCHES = 50;

/** People whose name contains the words typed, or whose email is the one typed; anonymised people are not found. */
export async function findPeople(db: Queryable, councilId: number, search: { name?: string; email?: string }): Promise<PersonMatch[]> {
  const name = search.name?.trim() ?? '';
  const email = search.email?.trim().toLowerCase() ?? '';
  if (!name && !email) return [];
  const { rows } = await db.query<PersonMatch>(
    `SELECT p.id, p.full_name AS "fullName", p.email, substring(p.address from '[A-Z]{1,2}[0-9][0-9A-Z]? ?[0-9][A-Z]{2}') AS "postcodeHint",
            (SELECT count(*)::int FROM contact c WHERE c.council_id = p.council_id AND p.id IN (c.complainant_id, c.representative_id)) AS cases
       FROM person p
      WHERE p.council_id = $1 AND p.anonymised_at IS NULL
        AND (($2 <> '' AND p.full_name ILIKE '%' || replace(replace(replace($2, '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%')
          OR ($3 <> '' AND lower(p.email) = $3))
      ORDER BY p.full_name, p.id
      LIMIT ${MAX_MATCHES}`,
    [councilId, name, email],
  );
  return rows;
}

export async function personName(db: Queryable, councilId: number, personId: number): Promise<string | null> {
  const { rows } = await db.query<{ full_name: string }>('SELECT full_name FROM person WHERE council_id = $1 AND id = $2 AND anonymised_at IS NULL', [councilId, personId]);
  return rows[0]?.full_name ?? null;
}

type Row = Record<string, unknown>;

async function rowsOf(db: Queryable, sql: string, params: unknown[]): Promise<Row[]> {
  return (await db.query<{ row: Row }>(sql, params)).rows.map((r) => r.row);
}

export interface SubjectAccessExport {
  fileName: string;
  zip: Buffer;
  cases: number;
  documents: number;
}

/** The export for one person, audited ('subject_access_export', with the person's id and counts). Null when there is no such person. */
export async function subjectAccessExport(db: Queryable, councilId: number, personId: number, actor: Actor, now: Date): Promise<SubjectAccessExport | null> {
  const [person] = await rowsOf(db, 'SELECT to_jsonb(p) AS row FROM person p WHERE council_id = $1 AND id = $2 AND anonymised_at IS NULL', [councilId, personId]);
  if (!person) return null;
  const p = [councilId, personId];
  const contacts = await rowsOf(
    db,
    `SELECT to_jsonb(c) || jsonb_build_object('roles', array_remove(ARRAY[CASE WHEN c.complainant_id = $2 THEN 'complainant' END,
                                                                       CASE WHEN c.representative_id = $2 THEN 'representative' END], NULL)) AS row
       FROM contact c WHERE c.council_id = $1 AND (c.complainant_id = $2 OR c.representative_id = $2) ORDER BY c.received_on, c.id`,
    p,
  );
  const documents: ZipEntry[] = [];
  const cases = [];
  for (const contact of contacts) {
    const k = [councilId, contact.id];
    const stages = await rowsOf(db, 'SELECT to_jsonb(s) AS row FROM complaint_stage s WHERE council_id = $1 AND contact_id = $2 ORDER BY stage', k);
    const byStage = 'SELECT id FROM complaint_stage WHERE council_id = $1 AND contact_id = $2';
    const ombudsman = 'SELECT id FROM ombudsman_case WHERE council_id = $1 AND contact_id = $2';
    const docs = await db.query<{ id: number; filename: string; content: Buffer; row: Row }>(
      `SELECT id, filename, content, to_jsonb(d) - 'content' AS row FROM case_document d WHERE council_id = $1 AND contact_id = $2 ORDER BY id`,
      k,
    );
    const files = docs.rows.map((d) => {
      const path = `documents/${contact.reference}/${d.id}-${d.filename.replace(/[/\\]/g, '_')}`;
      documents.push({ name: path, data: d.content });
      return { ...d.row, file: path };
    });
    cases.push({
      ...contact,
      complaint: (await rowsOf(db, 'SELECT to_jsonb(x) AS row FROM complaint x WHERE council_id = $1 AND contact_id = $2', k))[0] ?? null,
      stages,
      extensions: await rowsOf(db, `SELECT to_jsonb(x) AS row FROM stage_extension x WHERE council_id = $1 AND stage_id IN (${byStage}) ORDER BY id`, k),
      pauses: await rowsOf(db, `SELECT to_jsonb(x) AS row FROM stage_pause x WHERE council_id = $1 AND stage_id IN (${byStage}) ORDER BY id`, k),
      elements: await rowsOf(db, `SELECT to_jsonb(x) AS row FROM complaint_element x WHERE council_id = $1 AND stage_id IN (${byStage}) ORDER BY id`, k),
      remedies: await rowsOf(db, `SELECT to_jsonb(x) AS row FROM remedy x WHERE council_id = $1 AND (contact_id = $2 OR ombudsman_case_id IN (${ombudsman})) ORDER BY id`, k),
      learningActions: await rowsOf(db, `SELECT to_jsonb(x) AS row FROM learning_action x WHERE council_id = $1 AND (contact_id = $2 OR ombudsman_case_id IN (${ombudsman})) ORDER BY id`, k),
      ombudsmanCases: await rowsOf(db, `SELECT to_jsonb(x) || jsonb_build_object('findings', coalesce((SELECT jsonb_agg(to_jsonb(f) ORDER BY f.id) FROM ombudsman_finding f WHERE f.council_id = x.council_id AND f.ombudsman_case_id = x.id), '[]')) AS row FROM ombudsman_case x WHERE council_id = $1 AND contact_id = $2 ORDER BY id`, k),
      restrictions: await rowsOf(db, 'SELECT to_jsonb(x) AS row FROM behaviour_restriction x WHERE council_id = $1 AND contact_id = $2 ORDER BY id', k),
      events: await rowsOf(db, 'SELECT to_jsonb(x) AS row FROM case_event x WHERE council_id = $1 AND contact_id = $2 ORDER BY id', k),
      messages: await rowsOf(db, "SELECT to_jsonb(x) AS row FROM message x WHERE council_id = $1 AND contact_id = $2 AND audience = 'resident' ORDER BY id", k),
      documents: files,
    });
  }
  const restrictionsOnPerson = await rowsOf(db, 'SELECT to_jsonb(x) AS row FROM behaviour_restriction x WHERE council_id = $1 AND person_id = $2 ORDER BY id', p);
  const report = { exportedAt: now.toISOString(), exportedBy: actor.name, person, restrictions: restrictionsOnPerson, cases };
  const archive = zip([{ name: 'subject-access.json', data: Buffer.from(`${JSON.stringify(report, null, 2)}\n`, 'utf8') }, ...documents], now);
  await recordAccess(db, actor, {
    councilId, action: 'subject_access_export',
    detail: { numbers: { person: personId, cases: cases.length, documents: documents.length } },
  });
  return { fileName: `subject-access-${personId}-${now.toISOString().slice(0, 10)}.zip`, zip: archive, cases: cases.length, documents: documents.length };
}
