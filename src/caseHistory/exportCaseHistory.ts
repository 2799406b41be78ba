import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import type { Queryable } from '../db/database.ts';
import { CASE_HISTORY_FILES, type CaseHistoryFileName } from './format.ts';

/**
 * Writes a council's case history in the format `redress import` reads, so a council can
 * take its data anywhere, and so import → export is a round trip (tested).
 */
const QUERIES: Record<CaseHistoryFileName, string> = {
  'contacts.csv': `
    SELECT c.reference, c.kind, c.received_on, c.channel, c.procedure_code AS procedure, c.route,
           op.directorate, op.service, op.team, w.name AS workspace, cat.name AS category,
           c.complainant_group, c.summary
      FROM contact c
      LEFT JOIN org_unit_path op ON op.council_id = c.council_id AND op.id = c.org_unit_id
      LEFT JOIN workspace w ON w.council_id = c.council_id AND w.id = c.workspace_id
      LEFT JOIN complaint_category cat ON cat.council_id = c.council_id AND cat.id = c.category_id
     WHERE c.council_id = $1
     ORDER BY c.reference`,
  'stages.csv': `
    SELECT c.reference, s.stage, s.requested_on, s.decision, coalesce(s.opened_on, s.decided_on) AS opened_on, s.extended_to, s.responded_on, s.outcome
      FROM complaint_stage s JOIN contact c ON c.council_id = s.council_id AND c.id = s.contact_id
     WHERE s.council_id = $1
     ORDER BY c.reference, s.stage`,
  'ombudsman.csv': `
    SELECT o.ombudsman_reference, o.body, o.received_on, c.reference AS council_reference, o.category,
           CASE o.detailed_investigation WHEN true THEN 'yes' WHEN false THEN 'no' END AS detailed_investigation,
           o.decided_on, o.decision,
           CASE o.satisfactory_remedy_by_council WHEN true THEN 'yes' WHEN false THEN 'no' END AS satisfactory_remedy_by_council,
           array_to_string(o.recommended_remedies, ';') AS remedies, o.remedy_amount, o.compliance_due_on, o.complied_on
      FROM ombudsman_case o LEFT JOIN contact c ON c.council_id = o.council_id AND c.id = o.contact_id
     WHERE o.council_id = $1
     ORDER BY o.body, o.ombudsman_reference`,
};

export async function exportCaseHistory(db: Queryable, councilId: number, folder: string): Promise<Record<CaseHistoryFileName, number>> {
  mkdirSync(folder, { recursive: true });
  const counts = {} as Record<CaseHistoryFileName, number>;
  for (const [file, sql] of Object.entries(QUERIES) as [CaseHistoryFileName, string][]) {
    const columns = CASE_HISTORY_FILES[file].columns.map((c) => c.name);
    const { rows } = await db.query<Record<string, unknown>>(sql, [councilId]);
    const records = rows.map((r) => columns.map((c) => (r[c] === null || r[c] === undefined ? '' : String(r[c]))));
    writeFileSync(join(folder, file), stringify([columns, ...records]));
    counts[file] = rows.length;
  }
  return counts;
}
