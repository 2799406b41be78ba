import { createHash } from 'node:crypto';
import type { Queryable } from '../db/database.ts';
import type { IsoDate } from '../domain/dates.ts';
import type { Actor } from '../events/actor.ts';
import { writeCaseEvent } from '../events/caseEvents.ts';
import { assertVersion, withinTransaction, type Transactable } from '../events/concurrency.ts';

/**
 * Documents on a case: kept in the database (case_document, migration 019), never on the web
 * server's disk. A file's type is found by reading its first bytes, never from its name or
 * from what the browser said, and only the types on the allow-list below are kept. Adding a
 * document writes a `document_added` event in the same transaction. Any service can attach a
 * document through `addCaseDocument` (a response letter, say), inside its own transaction.
 */

export const DOCUMENT_KINDS = ['letter_to_complainant', 'response_letter', 'evidence', 'email', 'other'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];
export const isDocumentKind = (value: unknown): value is DocumentKind => (DOCUMENT_KINDS as readonly unknown[]).includes(value);

/** 20 MB: a long letter with scanned enclosures fits; a video does not. */
export const MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;
export const MAX_DESCRIPTION_LENGTH = 1000;

/** The types Redress keeps, as found by sniffing (key → the media type stored and served). */
export const ALLOWED_DOCUMENT_TYPES = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  doc: 'application/msword',
  odt: 'application/vnd.oasis.opendocument.text',
  txt: 'text/plain; charset=utf-8',
  eml: 'message/rfc822',
  msg: 'application/vnd.ms-outlook',
  jpeg: 'image/jpeg',
  png: 'image/png',
  heic: 'image/heic',
} as const;
export type DocumentType = keyof typeof ALLOWED_DOCUMENT_TYPES;

export interface SniffedType {
  type: DocumentType;
  mediaType: string;
}

const startsWith = (bytes: Uint8Array, signature: readonly number[], at = 0) =>
  bytes.length >= at + signature.length && signature.every((b, i) => bytes[at + i] === b);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));
/** Whether `needle` occurs in the first `within` bytes (a zip's entry names, an OLE directory). */
const contains = (bytes: Uint8Array, needle: Buffer, within = bytes.length) => Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(within, bytes.length)).includes(needle);
const utf16 = (s: string) => Buffer.from(s, 'utf16le');

const ZIP = ascii('PK\u0003\u0004');
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const HEIC_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1']);
const EMAIL_HEADERS = /^(from|to|subject|date|received|message-id|mime-version|return-path|delivered-to|cc|reply-to|x-[a-z0-9-]+|content-type):/i;

/**
 * The document's type from its bytes, or null when it is not one Redress keeps. Plain text
 * must be UTF-8 with no control characters (other than tab, line breaks and form feed) and
 * must not be a web page or script; text that opens with email headers is an email.
 */
export function sniffDocumentType(bytes: Uint8Array): SniffedType | null {
  const found = (type: DocumentType): SniffedType => ({ type, mediaType: ALLOWED_DOCUMENT_TYPES[type] });
  if (bytes.length === 0) return null;
  if (startsWith(bytes, ascii('%PDF-'))) return found('pdf');
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return found('jpeg');
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return found('png');
  if (startsWith(bytes, ascii('ftyp'), 4) && HEIC_BRANDS.has(Buffer.from(bytes.subarray(8, 12)).toString('latin1'))) return found('heic');
  if (startsWith(bytes, ZIP)) {
    // An OpenDocument file starts with an uncompressed "mimetype" entry naming its type.
    if (startsWith(bytes, ascii('mimetypeapplication/vnd.oasis.opendocument.text'), 30)) return found('odt');
    // A Word document holds word/document.xml; the entry names are plain in each local header.
    if (contains(bytes, Buffer.from('[Content_Types].xml')) && contains(bytes, Buffer.from('word/'))) return found('docx');
    return null;
  }
  if (startsWith(bytes, OLE)) {
    // A compound file's directory names its streams in UTF-16: Word's, or Outlook's message properties.
    if (contains(bytes, utf16('__substg1.0_'))) return found('msg');
    if (contains(bytes, utf16('WordDocument'))) return found('doc');
    return null;
  }
  const text = plainText(bytes);
  if (text === null) return null;
  const head = text.replace(/^\uFEFF/, '').trimStart().slice(0, 512).toLowerCase();
  if (/^<(!doctype|html|head|body|script|svg|\?xml|iframe)/.test(head)) return null;
  const firstLines = text.replace(/^\uFEFF/, '').split(/\r?\n/, 8);
  const headerLines = firstLines.filter((l) => EMAIL_HEADERS.test(l)).length;
  if (EMAIL_HEADERS.test(firstLines[0] ?? '') && headerLines >= 2) return found('eml');
  return found('txt');
}

/** The text of a UTF-8 file with no control characters but tab, line feed, carriage return and form feed; else null. */
function plainText(bytes: Uint8Array): string | null {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(text) ? null : text;
}

/** A name safe to store and to send back: no folders, no control characters, at most 200 characters. */
export function cleanFilename(name: string, type: DocumentType): string {
  // eslint-disable-next-line no-control-regex
  const base = (name.split(/[\\/]/).pop() ?? '').replace(/[\u0000-\u001f\u007f"]/g, '').trim().slice(-200);
  return base === '' || base === '.' || base === '..' ? `document.${type === 'jpeg' ? 'jpg' : type}` : base;
}

export type DocumentProblem = 'empty' | 'too_big' | 'type';

/** A document Redress will not keep: empty, too big, or not of an allowed type. */
export class DocumentRefusedError extends Error {
  constructor(readonly problem: DocumentProblem) {
    super(problem === 'too_big' ? `The file must be smaller than ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB`
      : problem === 'empty' ? 'The file is empty' : 'The file must be a PDF, Word document, OpenDocument text, plain text, email, JPEG, PNG or HEIC image');
    this.name = 'DocumentRefusedError';
  }
}

/** Checks a file before anything is written: its size and its type by content. */
export function checkDocument(bytes: Uint8Array): SniffedType {
  if (bytes.length === 0) throw new DocumentRefusedError('empty');
  if (bytes.length > MAX_DOCUMENT_BYTES) throw new DocumentRefusedError('too_big');
  const sniffed = sniffDocumentType(bytes);
  if (!sniffed) throw new DocumentRefusedError('type');
  return sniffed;
}

export interface NewCaseDocument {
  councilId: number;
  contactId: number;
  filename: string;
  kind: DocumentKind;
  description?: string | null;
  bytes: Uint8Array;
  /** The date it was added (the event's date). */
  on: IsoDate;
  /** The case version the officer's form was drawn from; absent for a caller that has checked it already. */
  expectedVersion?: number;
  /** The stage it belongs to, if any (a response letter). */
  stage?: number | null;
}

export interface CaseDocumentSummary {
  id: number;
  filename: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
  kind: DocumentKind;
  description: string | null;
  uploadedBy: string;
  uploadedAt: Date;
}

/**
 * Adds a document to a case and writes its `document_added` event, in one transaction: its
 * own on a database or pool, or the caller's when given a client already in one. Refuses
 * (DocumentRefusedError) an empty, too big or disallowed file before anything is written,
 * and a stale version with ConcurrentChangeError. Returns the document's id and the case's
 * new version.
 */
export async function addCaseDocument(db: Transactable, input: NewCaseDocument, actor: Actor): Promise<{ id: number; version: number; mediaType: string }> {
  const sniffed = checkDocument(input.bytes);
  if (!isDocumentKind(input.kind)) throw new Error(`"${String(input.kind)}" is not a kind of document`);
  const description = input.description?.trim() ? input.description.trim().slice(0, MAX_DESCRIPTION_LENGTH) : null;
  const filename = cleanFilename(input.filename, sniffed.type);
  const sha256 = createHash('sha256').update(input.bytes).digest('hex');
  return withinTransaction(db, async (client: Queryable) => {
    await assertVersion(client, input.councilId, input.contactId, input.expectedVersion);
    const { rows } = await client.query<{ id: number }>(
      `INSERT INTO case_document (council_id, contact_id, filename, media_type, size_bytes, sha256, kind, description, content,
                                  uploaded_by_account_id, uploaded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
      [input.councilId, input.contactId, filename, sniffed.mediaType, input.bytes.length, sha256, input.kind, description,
        Buffer.from(input.bytes.buffer, input.bytes.byteOffset, input.bytes.length), actor.accountId, actor.name],
    );
    const id = Number(rows[0]!.id);
    const { version } = await writeCaseEvent(client, {
      councilId: input.councilId, contactId: input.contactId, stage: input.stage ?? null, type: 'document_added', on: input.on,
      data: { documentId: id, filename, kind: input.kind, description, mediaType: sniffed.mediaType, sizeBytes: input.bytes.length, sha256 },
    }, actor);
    return { id, version, mediaType: sniffed.mediaType };
  });
}

interface DocumentRow {
  id: number; filename: string; media_type: string; size_bytes: number; sha256: string; kind: DocumentKind; description: string | null;
  uploaded_by: string; uploaded_at: Date;
}
const summary = (r: DocumentRow): CaseDocumentSummary => ({
  id: Number(r.id), filename: r.filename, mediaType: r.media_type, sizeBytes: r.size_bytes, sha256: r.sha256, kind: r.kind,
  description: r.description, uploadedBy: r.uploaded_by, uploadedAt: r.uploaded_at,
});
const COLUMNS = 'id, filename, media_type, size_bytes, sha256, kind, description, uploaded_by, uploaded_at';

/** A case's documents, newest first, without their content. */
export async function listCaseDocuments(db: Queryable, councilId: number, contactId: number): Promise<CaseDocumentSummary[]> {
  const { rows } = await db.query<DocumentRow>(
    `SELECT ${COLUMNS} FROM case_document WHERE council_id = $1 AND contact_id = $2 ORDER BY id DESC`,
    [councilId, contactId],
  );
  return rows.map(summary);
}

/**
 * One document of one case with its content; null when that case has no such document. The
 * caller has checked the case is in the person's scope (loadCaseFile).
 */
export async function loadCaseDocument(db: Queryable, councilId: number, contactId: number, id: number): Promise<(CaseDocumentSummary & { content: Buffer }) | null> {
  const { rows } = await db.query<DocumentRow & { content: Buffer }>(
    `SELECT ${COLUMNS}, content FROM case_document WHERE council_id = $1 AND contact_id = $2 AND id = $3`,
    [councilId, contactId, id],
  );
  const r = rows[0];
  return r ? { ...summary(r), content: r.content } : null;
}

/**
 * A Content-Disposition header that makes the browser save the file under its name: an
 * ASCII fallback and the UTF-8 name (RFC 6266 / 5987).
 */
export function attachmentHeader(filename: string): string {
  // eslint-disable-next-line no-control-regex
  const fallback = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
