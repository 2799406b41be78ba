import type { Queryable } from '../../db/database.ts';
import { escalationWindowCloses } from '../../complaints/decideEscalation.ts';
import { loadComplaint } from '../../complaints/complaintStore.ts';
import { stageDueNow } from '../../complaints/lifecycleSteps.ts';
import type { IsoDate } from '../../domain/dates.ts';
import { ombudsmanDetails, type OmbudsmanDetails } from '../../messages/ombudsmanDetails.ts';
import type { Language } from '../../messages/templates.ts';
import { whereItIs, type WhereItIs } from './trackingState.ts';

/** A response letter the resident may download. */
export interface LetterToDownload {
  id: number;
  filename: string;
  sizeBytes: number;
}

/** A complaint as its resident sees it on the tracking page: facts only, the page says them in their language. */
export interface TrackedCase extends WhereItIs {
  reference: string;
  receivedOn: IsoDate;
  /** While a stage is open: the date we aim to answer by (the original one), and the new date agreed, if any. */
  due: { original: IsoDate | null; agreed: IsoDate | null } | null;
  letters: LetterToDownload[];
  ombudsmanDetails: OmbudsmanDetails;
}

/** The reference of a tracked contact (a complaint of this council), or null. */
export async function trackedReference(db: Queryable, councilId: number, contactId: number): Promise<string | null> {
  const { rows } = await db.query<{ reference: string }>(
    `SELECT c.reference FROM contact c JOIN complaint k ON k.council_id = c.council_id AND k.contact_id = c.id
      WHERE c.council_id = $1 AND c.id = $2 AND c.kind = 'complaint'`,
    [councilId, contactId],
  );
  return rows[0]?.reference ?? null;
}

/**
 * The tracked complaint as it stands today; null when the contact is not (or no longer) a
 * complaint of this council. The escalation window is counted as the staff screens count it
 * (escalationWindowCloses); the Ombudsman is the procedure's.
 */
export async function trackedCase(db: Queryable, councilId: number, contactId: number, today: IsoDate, language: Language): Promise<TrackedCase | null> {
  const reference = await trackedReference(db, councilId, contactId);
  const complaint = reference ? await loadComplaint(db, councilId, reference) : null;
  if (!reference || !complaint) return null;
  const windowClosesOn = await escalationWindowCloses(db, complaint);
  const where = whereItIs(complaint.state, complaint.procedure, windowClosesOn, today);
  let due: TrackedCase['due'] = null;
  if (where.phase === 'investigating') {
    const now = await stageDueNow(db, complaint, today);
    if (now) due = { original: now.originalDue, agreed: now.currentDue !== now.originalDue ? now.currentDue : null };
  }
  const letters = await responseLetters(db, councilId, contactId);
  return {
    ...where, reference, receivedOn: complaint.state.receivedOn, due, letters, ombudsmanDetails: ombudsmanDetails(complaint.procedure.ombudsman, language),
  };
}

/** The case's response letters, newest first: the only documents a resident is given. */
export async function responseLetters(db: Queryable, councilId: number, contactId: number): Promise<LetterToDownload[]> {
  const { rows } = await db.query<{ id: number; filename: string; size_bytes: number }>(
    `SELECT id, filename, size_bytes FROM case_document WHERE council_id = $1 AND contact_id = $2 AND kind = 'response_letter' ORDER BY id DESC`,
    [councilId, contactId],
  );
  return rows.map((r) => ({ id: Number(r.id), filename: r.filename, sizeBytes: r.size_bytes }));
}

/** One response letter of the tracked case, with its content; null for any other document or case. */
export async function responseLetter(db: Queryable, councilId: number, contactId: number, id: number): Promise<{ filename: string; mediaType: string; content: Buffer } | null> {
  const { rows } = await db.query<{ filename: string; media_type: string; content: Buffer }>(
    `SELECT filename, media_type, content FROM case_document WHERE council_id = $1 AND contact_id = $2 AND id = $3 AND kind = 'response_letter'`,
    [councilId, contactId, id],
  );
  const r = rows[0];
  return r ? { filename: r.filename, mediaType: r.media_type, content: r.content } : null;
}
