import type { Database, Queryable } from '../db/database.ts';
import type { Actor } from '../events/actor.ts';
import { recordAccess } from '../events/audit.ts';
import type { IsoDate } from '../domain/dates.ts';
import { FORMAT_FILE, V2_FILES } from './format.ts';
import { importCaseHistory, type CaseHistoryFiles, type ImportSummary } from './importCaseHistory.ts';
import { DEFAULT_MAX_FILE_BYTES } from './parseCsv.ts';
import { ImportRejectedError, type ImportProblem } from './problems.ts';

/**
 * A case history imported by upload (/admin/import): the files are checked and the import
 * rehearsed (written, counted, rolled back) so the preview shows what "Import" will do; they
 * are then held in the database for the confirm step, never uploaded twice, and removed once
 * imported or cancelled. The import itself is the command line's: all or nothing, the same
 * problems by file, row and column.
 */

export interface UploadedFile {
  filename: string;
  content: Buffer;
  /** Cut at the size limit by the upload. */
  truncated: boolean;
}

const KNOWN: readonly string[] = [FORMAT_FILE, ...V2_FILES];

/**
 * Names the uploaded files as a folder would: by their own names (contacts.csv, stages.csv,
 * format.json…); one CSV file under another name is the contacts file. Anything else is a problem.
 */
export function filesFromUpload(uploaded: UploadedFile[], maxFileBytes = DEFAULT_MAX_FILE_BYTES): { files: CaseHistoryFiles; problems: ImportProblem[] } {
  const files: CaseHistoryFiles = {};
  const problems: ImportProblem[] = [];
  const whole = (f: UploadedFile) => f.filename.replace(/^.*[\\/]/, '').trim();
  for (const file of uploaded) {
    let name = whole(file).toLowerCase();
    if (!KNOWN.includes(name) && uploaded.length === 1 && name.endsWith('.csv')) name = 'contacts.csv';
    if (!KNOWN.includes(name)) {
      problems.push({ file: whole(file), row: null, column: null, value: null, expected: `a file named one of ${KNOWN.join(', ')}` });
      continue;
    }
    if (files[name as keyof CaseHistoryFiles]) {
      problems.push({ file: name, row: null, column: null, value: null, expected: 'one file of this name; it was chosen twice' });
      continue;
    }
    if (file.truncated || file.content.length > maxFileBytes) {
      problems.push({ file: name, row: null, column: null, value: null, expected: `a file of at most ${Math.floor(maxFileBytes / (1024 * 1024))} MB` });
      continue;
    }
    files[name as keyof CaseHistoryFiles] = file.content;
  }
  return { files, problems };
}

export interface UploadOptions {
  createOrg: boolean;
  today: IsoDate;
  actor: Actor;
}

const rejected = (error: unknown): ImportProblem[] => {
  if (error instanceof ImportRejectedError) return error.problems;
  throw error;
};

/**
 * Checks and rehearses an upload; when it would import, holds it for `accountId` (replacing
 * anything that person held before) and returns its id with the counts.
 */
export async function holdUpload(
  db: Database, councilId: number, accountId: number, uploaded: UploadedFile[], options: UploadOptions, now: Date,
): Promise<{ ok: true; id: number; summary: ImportSummary } | { ok: false; problems: ImportProblem[] }> {
  const { files, problems } = filesFromUpload(uploaded);
  if (problems.length > 0) return { ok: false, problems };
  let summary: ImportSummary;
  try {
    summary = await importCaseHistory(db, councilId, files, { ...options, source: 'upload', rehearse: true });
  } catch (error) {
    return { ok: false, problems: rejected(error) };
  }
  const client = await db.pool.connect();
  try {
    await client.query('BEGIN');
    // One held upload a person; anyone's left a day unconfirmed is dropped too.
    await client.query('DELETE FROM pending_import WHERE council_id = $1 AND (account_id = $2 OR uploaded_at < $3)', [councilId, accountId, new Date(now.getTime() - 86_400_000)]);
    const { rows } = await client.query<{ id: string }>(
      'INSERT INTO pending_import (council_id, account_id, create_org, summary, uploaded_at) VALUES ($1, $2, $3, $4, $5) RETURNING id',
      [councilId, accountId, options.createOrg, JSON.stringify(summary), now],
    );
    const id = Number(rows[0]!.id);
    for (const [name, content] of Object.entries(files)) {
      await client.query('INSERT INTO pending_import_file (council_id, pending_import_id, name, content) VALUES ($1, $2, $3, $4)', [councilId, id, name, content]);
    }
    await client.query('COMMIT');
    return { ok: true, id, summary };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

export interface HeldUpload {
  id: number;
  createOrg: boolean;
  summary: ImportSummary;
  fileNames: string[];
  uploadedAt: Date;
}

/** The upload `accountId` holds under `id`; null if there is none (imported, cancelled, another person's). */
export async function heldUpload(db: Queryable, councilId: number, accountId: number, id: number): Promise<HeldUpload | null> {
  const { rows } = await db.query<{ create_org: boolean; summary: ImportSummary; uploaded_at: Date; names: string[] | null }>(
    `SELECT p.create_org, p.summary, p.uploaded_at,
            (SELECT array_agg(f.name ORDER BY f.name) FROM pending_import_file f WHERE f.council_id = p.council_id AND f.pending_import_id = p.id) AS names
       FROM pending_import p WHERE p.council_id = $1 AND p.id = $2 AND p.account_id = $3`,
    [councilId, id, accountId],
  );
  const r = rows[0];
  return r ? { id, createOrg: r.create_org, summary: r.summary, fileNames: r.names ?? [], uploadedAt: r.uploaded_at } : null;
}

/** Removes a held upload (cancelled). */
export async function forgetUpload(db: Queryable, councilId: number, accountId: number, id: number): Promise<void> {
  await db.query('DELETE FROM pending_import WHERE council_id = $1 AND id = $2 AND account_id = $3', [councilId, id, accountId]);
}

/**
 * Imports a held upload: all or nothing, audited, the held files removed in the same
 * transaction. If the council's cases changed since the preview so that it no longer imports,
 * the problems are returned and the upload is removed (upload it again to see a fresh preview).
 */
export async function importHeldUpload(
  db: Database, councilId: number, accountId: number, id: number, options: { today: IsoDate; actor: Actor },
): Promise<{ ok: true; summary: ImportSummary } | { ok: false; problems: ImportProblem[] } | null> {
  const held = await db.pool.query<{ create_org: boolean }>('SELECT create_org FROM pending_import WHERE council_id = $1 AND id = $2 AND account_id = $3', [councilId, id, accountId]);
  if (!held.rows[0]) return null;
  const { rows } = await db.pool.query<{ name: string; content: Buffer }>(
    'SELECT name, content FROM pending_import_file WHERE council_id = $1 AND pending_import_id = $2', [councilId, id]);
  const files: CaseHistoryFiles = Object.fromEntries(rows.map((r) => [r.name, Buffer.from(r.content)]));
  try {
    const summary = await importCaseHistory(db, councilId, files, {
      createOrg: held.rows[0].create_org, today: options.today, actor: options.actor, source: 'upload',
      alsoInTransaction: async (client, s) => {
        const removed = await client.query('DELETE FROM pending_import WHERE council_id = $1 AND id = $2 AND account_id = $3', [councilId, id, accountId]);
        // Confirmed twice at once: the second finds nothing held and writes nothing.
        if (removed.rowCount !== 1) throw new AlreadyImported();
        await recordAccess(client, options.actor, {
          councilId, action: 'import_case_history',
          detail: {
            count: s.contacts,
            numbers: { contactsCreated: s.contactsCreated, contactsUpdated: s.contactsUpdated, stages: s.stages, ombudsmanCases: s.ombudsmanCases, organisationUnitsCreated: s.organisationUnitsCreated },
            codes: { source: 'upload' },
          },
        });
      },
    });
    return { ok: true, summary };
  } catch (error) {
    if (error instanceof AlreadyImported) return null;
    const problems = rejected(error);
    await forgetUpload(db.pool, councilId, accountId, id);
    return { ok: false, problems };
  }
}

class AlreadyImported extends Error {}
