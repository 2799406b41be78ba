import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import type { Queryable } from '../db/database.ts';
import { filesOf, FORMAT_FILE, V1_FILES, V2_FILES, type CaseHistoryFileName, type FileSpec, type FormatVersion } from './format.ts';
import { guardFormula } from './text.ts';

/**
 * Writes a council's case history in the format `redress import` reads, so a council can
 * take its data anywhere, and so import → export is a round trip (tested).
 */
const yesNo = (column: string) => `CASE ${column} WHEN true THEN 'yes' WHEN false THEN 'no' END`;

// Each query has every column of version 2; a version 1 export writes only version 1's.
const QUERIES: Record<CaseHistoryFileName, string> = {
  'contacts.csv': `
    SELECT c.reference, c.kind, c.received_on, c.channel, c.procedure_code AS procedure, c.route,
           op.directorate, op.service, op.team, w.name AS workspace, cat.name AS category,
           c.complainant_group, c.summary,
           c.intermediary, c.addressed_to, ${yesNo('c.commissioned_provider')} AS commissioned_provider, c.compliment_source,
           array_to_string(c.flags, ';') AS flags
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
           array_to_string(o.recommended_remedies, ';') AS remedies, o.remedy_amount, o.compliance_due_on, o.complied_on,
           o.path, o.not_investigated_reason
      FROM ombudsman_case o LEFT JOIN contact c ON c.council_id = o.council_id AND c.id = o.contact_id
     WHERE o.council_id = $1
     ORDER BY o.body, o.ombudsman_reference`,
  'elements.csv': `
    SELECT c.reference, s.stage, e.summary, cat.name AS category, e.outcome AS finding
      FROM complaint_element e
      JOIN complaint_stage s ON s.council_id = e.council_id AND s.id = e.stage_id
      JOIN contact c ON c.council_id = s.council_id AND c.id = s.contact_id
      LEFT JOIN complaint_category cat ON cat.council_id = e.council_id AND cat.id = e.category_id
     WHERE e.council_id = $1
     ORDER BY c.reference, s.stage, e.id`,
  'remedies.csv': `
    SELECT c.reference, r.stage, r.kind, r.description, r.amount, r.due_on, r.done_on
      FROM remedy r JOIN contact c ON c.council_id = r.council_id AND c.id = r.contact_id
     WHERE r.council_id = $1 AND r.ombudsman_case_id IS NULL
     ORDER BY c.reference, r.stage NULLS FIRST, r.id`,
  'learning_actions.csv': `
    SELECT c.reference, a.stage, a.description, a.owner, a.due_on, a.done_on
      FROM learning_action a JOIN contact c ON c.council_id = a.council_id AND c.id = a.contact_id
     WHERE a.council_id = $1 AND a.ombudsman_case_id IS NULL
     ORDER BY c.reference, a.stage NULLS FIRST, a.id`,
  'ombudsman_findings.csv': `
    SELECT o.ombudsman_reference, o.body, f.finding, f.summary
      FROM ombudsman_finding f JOIN ombudsman_case o ON o.council_id = f.council_id AND o.id = f.ombudsman_case_id
     WHERE f.council_id = $1
     ORDER BY o.body, o.ombudsman_reference, f.id`,
  // A set per contact: sorted by name, byte by byte, so every engine writes the same order.
  'services.csv': `
    SELECT c.reference, op.directorate, op.service, op.team
      FROM contact_org_unit u
      JOIN contact c ON c.council_id = u.council_id AND c.id = u.contact_id
      JOIN org_unit_path op ON op.council_id = u.council_id AND op.id = u.org_unit_id
     WHERE u.council_id = $1
     ORDER BY c.reference, op.directorate COLLATE "C", op.service COLLATE "C" NULLS FIRST, op.team COLLATE "C" NULLS FIRST`,
  'restrictions.csv': `
    SELECT c.reference, r.restriction, r.imposed_on, r.review_on, r.lifted_on, r.reason
      FROM behaviour_restriction r JOIN contact c ON c.council_id = r.council_id AND c.id = r.contact_id
     WHERE r.council_id = $1
     ORDER BY c.reference, r.imposed_on, r.id`,
};

/** The declaration a version 2 folder starts with. */
export const FORMAT_DECLARATION = `${JSON.stringify({ format: 'redress-case-history', version: 2 })}\n`;

/** Writing the export failed (a full disk, no permission); what was in the folder before is untouched. */
export class ExportFailedError extends Error {
  constructor(folder: string, cause: NodeJS.ErrnoException) {
    const why = cause.code === 'ENOSPC' ? 'the disk is full'
      : cause.code === 'EACCES' || cause.code === 'EPERM' ? 'permission was refused'
      : cause.code === 'EROFS' ? 'the disk is read-only'
      : cause.code === 'ENOTDIR' || cause.code === 'EEXIST' ? 'that path is a file, not a folder'
      : (cause.message || String(cause)).replace(/[.\s]+$/, '');
    super(`Nothing was exported to ${folder} because ${why}, and any files already there are as they were.`);
    this.name = 'ExportFailedError';
  }
}

export interface ExportOptions {
  /** The format version to write (default 2, which carries everything Redress holds). */
  version?: FormatVersion;
  /** Writes one whole file; tests replace it to fail as a full disk does, half way. */
  writeFile?: (path: string, data: string) => void;
}

/** Writes every byte to disk before the file is renamed into place. */
function writeDurably(path: string, data: string) {
  const fd = openSync(path, 'wx');
  try {
    writeFileSync(fd, data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes each file to a temporary name beside it and renames it into place only when every
 * file has been written, so a full disk or a kill half way never leaves half a file (a
 * rename is atomic). Text cells are guarded against running as spreadsheet formulas, in a
 * way `redress import` reads back (text.ts).
 */
export async function exportCaseHistory(db: Queryable, councilId: number, folder: string, options: ExportOptions = {}): Promise<Partial<Record<CaseHistoryFileName, number>>> {
  const counts: Partial<Record<CaseHistoryFileName, number>> = {};
  const contents: [string, string][] = [];
  const version = options.version ?? 2;
  for (const [file, spec] of Object.entries(filesOf(version)) as [CaseHistoryFileName, FileSpec][]) {
    const sql = QUERIES[file];
    const columns = spec.columns;
    const { rows } = await db.query<Record<string, unknown>>(sql, [councilId]);
    const records = rows.map((r) =>
      columns.map((c) => {
        const value = r[c.name];
        if (value === null || value === undefined) return '';
        return c.type.kind === 'text' ? guardFormula(String(value)) : String(value);
      }));
    contents.push([file, stringify([columns.map((c) => c.name), ...records])]);
    counts[file] = rows.length;
  }
  if (version === 2) contents.unshift([FORMAT_FILE, FORMAT_DECLARATION]);
  const write = options.writeFile ?? writeDurably;
  const temporary: string[] = [];
  try {
    mkdirSync(folder, { recursive: true });
    for (const [file, data] of contents) {
      const path = join(folder, `.${file}.${process.pid}.${randomUUID().slice(0, 8)}.partial`);
      temporary.push(path);
      write(path, data);
    }
    contents.forEach(([file], i) => renameSync(temporary[i]!, join(folder, file)));
    // A version 1 export over a version 2 one leaves no version 2 files to contradict it.
    if (version === 1) for (const file of [FORMAT_FILE, ...V2_FILES.slice(V1_FILES.length)]) rmSync(join(folder, file), { force: true });
  } catch (error) {
    for (const path of temporary) rmSync(path, { force: true });
    throw new ExportFailedError(folder, error as NodeJS.ErrnoException);
  }
  return counts;
}
