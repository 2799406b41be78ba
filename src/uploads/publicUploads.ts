import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from '../db/database.ts';
import { withinTransaction } from '../events/concurrency.ts';
import type { Actor } from '../events/actor.ts';
import { addCaseDocument, ALLOWED_DOCUMENT_TYPES, cleanFilename, sniffDocumentType, type DocumentType } from '../casework/documents.ts';
import { ScannerUnavailableError, type VirusScanner } from './virusScan.ts';

/**
 * Files a resident attaches on the public form (issue 9). Nothing a resident sends is written
 * until it has been checked: its size, its type read from its bytes (never from its name),
 * and a clean answer from ClamAV. Then it is held against the form's session (public_upload)
 * until the resident confirms — it becomes a case document on the new contact — or abandons
 * the form, and a sweep removes it.
 */

/** The types a resident may attach: letters and photos. Saved emails (.eml, .msg) are left to staff: they carry attachments of any type inside. */
const PUBLIC_TYPES = ['pdf', 'docx', 'doc', 'odt', 'txt', 'jpeg', 'png', 'heic'] as const satisfies readonly DocumentType[];

export const PUBLIC_UPLOAD_LIMITS = {
  /** 10 MB: a phone photo or a scanned letter fits; public_upload's own limit. */
  maxBytes: 10 * 1024 * 1024,
  /** Files per form. */
  maxFiles: 5,
  /** Media types, as sniffed and stored (plain text is "text/plain; charset=utf-8"). */
  allowed: PUBLIC_TYPES.map((t) => ALLOWED_DOCUMENT_TYPES[t]) as readonly string[],
} as const;

/**
 * The file input's `accept` attribute: lets the resident's file picker show the right files.
 * Only a hint — the type is still decided from the bytes.
 */
export const PUBLIC_UPLOAD_ACCEPT = '.pdf,.docx,.doc,.odt,.txt,.jpg,.jpeg,.png,.heic,application/pdf,image/jpeg,image/png,image/heic';

export interface HeldUpload {
  id: string;
  filename: string;
  sizeBytes: number;
  mediaType: string;
}

export type HoldRefusal = 'too_big' | 'empty' | 'type_not_allowed' | 'virus' | 'too_many' | 'scanner_unavailable';
export type HoldResult = { ok: true; upload: HeldUpload } | { ok: false; reason: HoldRefusal };

/** The checks that need no database or scanner, in the order a resident would want to hear them: a type they may attach, given the bytes. */
export function checkPublicFile(content: Buffer): { ok: true; type: DocumentType; mediaType: string } | { ok: false; reason: 'empty' | 'too_big' | 'type_not_allowed' } {
  if (content.length === 0) return { ok: false, reason: 'empty' };
  if (content.length > PUBLIC_UPLOAD_LIMITS.maxBytes) return { ok: false, reason: 'too_big' };
  const sniffed = sniffDocumentType(content);
  if (!sniffed || !(PUBLIC_TYPES as readonly string[]).includes(sniffed.type)) return { ok: false, reason: 'type_not_allowed' };
  return { ok: true, ...sniffed };
}

const heldCount = async (db: Queryable, councilId: number, sessionId: string) =>
  Number((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM public_upload WHERE council_id = $1 AND session_id = $2', [councilId, sessionId])).rows[0]!.n);

/**
 * Checks size, type (sniffed from the bytes), the number already held, then has ClamAV scan
 * the file, and holds it against the form's session. A scanner that fails or times out
 * refuses the file ('scanner_unavailable'): it is never held unscanned. `db` is a pool (the hold is
 * its own short transaction) or a client the caller holds.
 */
export async function holdPublicUpload(
  db: Queryable, scanner: VirusScanner, input: { councilId: number; sessionId: string; filename: string; content: Buffer }, now: Date,
): Promise<HoldResult> {
  const checked = checkPublicFile(input.content);
  if (!checked.ok) return checked;
  if (await heldCount(db, input.councilId, input.sessionId) >= PUBLIC_UPLOAD_LIMITS.maxFiles) return { ok: false, reason: 'too_many' };
  try {
    const result = await scanner.scan(input.content);
    if (!result.clean) return { ok: false, reason: 'virus' };
  } catch (e) {
    if (e instanceof ScannerUnavailableError) return { ok: false, reason: 'scanner_unavailable' };
    throw e;
  }
  const upload: HeldUpload = {
    id: randomBytes(16).toString('hex'), filename: cleanFilename(input.filename, checked.type), sizeBytes: input.content.length, mediaType: checked.mediaType,
  };
  // The count again after the scan, under a lock on this form: two files sent at once must not make six.
  // Held after the form's last file even when `now` ties with it, so the list keeps the order they came in.
  const rowCount = await withinTransaction(db, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`public_upload:${input.councilId}:${input.sessionId}`]);
    const { rowCount: inserted } = await client.query(
      `INSERT INTO public_upload (id, council_id, session_id, filename, media_type, size_bytes, sha256, content, created_at)
       SELECT $1, $2, $3, $4, $5, $6, $7, $8, GREATEST($9::timestamptz, held.last + interval '1 millisecond')
         FROM (SELECT count(*) AS n, max(created_at) AS last FROM public_upload WHERE council_id = $2 AND session_id = $3) held
        WHERE held.n < $10`,
      [upload.id, input.councilId, input.sessionId, upload.filename, upload.mediaType, upload.sizeBytes,
        createHash('sha256').update(input.content).digest('hex'), input.content, now, PUBLIC_UPLOAD_LIMITS.maxFiles],
    );
    return inserted;
  });
  return rowCount === 1 ? { ok: true, upload } : { ok: false, reason: 'too_many' };
}

interface HeldRow { id: string; filename: string; size_bytes: number; media_type: string }
const held = (r: HeldRow): HeldUpload => ({ id: r.id, filename: r.filename, sizeBytes: Number(r.size_bytes), mediaType: r.media_type });

/** The files held for a form, in the order they were added, without their content. */
export async function heldUploads(db: Queryable, councilId: number, sessionId: string): Promise<HeldUpload[]> {
  const { rows } = await db.query<HeldRow>(
    'SELECT id, filename, size_bytes, media_type FROM public_upload WHERE council_id = $1 AND session_id = $2 ORDER BY created_at, id',
    [councilId, sessionId],
  );
  return rows.map(held);
}

/** Removes one held file of this form (the resident took it off); false when the form holds no such file. */
export async function removeHeldUpload(db: Queryable, councilId: number, sessionId: string, id: string): Promise<boolean> {
  const { rowCount } = await db.query('DELETE FROM public_upload WHERE council_id = $1 AND session_id = $2 AND id = $3', [councilId, sessionId, id]);
  return rowCount === 1;
}

/**
 * On confirmation, inside the caller's transaction (the one that logs the contact): each held
 * file becomes an 'evidence' case document on the new contact with its document_added event
 * (addCaseDocument, on the caller's client), dated the day the contact was received, and the
 * held rows are deleted. Returns how many were attached.
 */
export async function attachHeldUploads(client: Queryable, councilId: number, sessionId: string, contactId: number, actor: Actor): Promise<number> {
  const { rows } = await client.query<HeldRow & { content: Buffer; created_at: Date }>(
    `DELETE FROM public_upload WHERE council_id = $1 AND session_id = $2
     RETURNING id, filename, size_bytes, media_type, content, created_at`,
    [councilId, sessionId],
  );
  if (rows.length === 0) return 0;
  const contact = (await client.query<{ received_on: string }>('SELECT received_on::text AS received_on FROM contact WHERE council_id = $1 AND id = $2', [councilId, contactId])).rows[0];
  if (!contact) throw new Error(`There is no contact ${contactId} to attach the resident's files to`);
  const inOrder = [...rows].sort((a, b) => new Date(a.created_at).getTime() - new Date(b.created_at).getTime() || a.id.localeCompare(b.id));
  for (const r of inOrder) {
    await addCaseDocument(client, {
      councilId, contactId, filename: r.filename, kind: 'evidence', description: 'Sent with the online form', bytes: r.content, on: contact.received_on,
    }, actor);
  }
  return rows.length;
}

/** Removes files held for forms never confirmed (held before `olderThan`); returns how many. */
export async function removeAbandonedUploads(db: Queryable, olderThan: Date): Promise<number> {
  const { rowCount } = await db.query('DELETE FROM public_upload WHERE created_at < $1', [olderThan]);
  return rowCount ?? 0;
}
