import { inTransaction, type Database, type Queryable } from '../db/database.ts';
import { suggestedProcedure } from '../contacts/contactChoices.ts';
import { logContactWith, type NewContact } from '../contacts/logContact.ts';
import type { ProcedureCodeValue } from '../domain/cases/vocabulary.ts';
import type { IsoDate } from '../domain/dates.ts';
import type { Actor } from '../events/actor.ts';
import { attachHeldUploads } from '../uploads/publicUploads.ts';
import { publicContactSummary, type PublicContactAnswers } from './publicContactAnswers.ts';

/**
 * A resident's confirmed answers become a contact, in one transaction: logged through the web
 * form today, about the service they chose (and the team behind it), in the language of the
 * pages they used, with the files they attached as case documents. The logged event (by the
 * public actor) queues the resident's confirmation and tells the complaints team
 * (src/messages/caseMessages.ts). A complaint arrives awaiting triage.
 */
export async function submitPublicContact(
  db: Database, councilId: number, answers: PublicContactAnswers, uploads: { sessionId: string } | null, actor: Actor, today: IsoDate,
  submissionKey: string, now: Date,
): Promise<{ id: number; reference: string; attachments: number }> {
  return inTransaction(db, async (client) => {
    // The first confirmation of a form claims its key; the same form confirmed again
    // (elsewhere, or a moment ago) waits here for that one to commit, then answers with its
    // contact: one form, one contact.
    const claimed = await client.query(
      `INSERT INTO public_submission (council_id, submission_key, created_at) VALUES ($1, $2, $3)
       ON CONFLICT (council_id, submission_key) DO NOTHING`, [councilId, submissionKey, now]);
    if (claimed.rowCount === 0) {
      const earlier = await client.query<{ id: number; reference: string }>(
        `SELECT c.id, c.reference FROM public_submission s JOIN contact c ON c.council_id = s.council_id AND c.id = s.contact_id
          WHERE s.council_id = $1 AND s.submission_key = $2`, [councilId, submissionKey]);
      if (earlier.rows[0]) return { ...earlier.rows[0], attachments: 0 };
    }
    const service = answers.workspaceId === null ? null : await offeredService(client, councilId, answers.workspaceId);
    const procedure = answers.kind === 'complaint' ? await procedureFor(client, councilId, service?.orgUnitId ?? null) : undefined;
    const contact = await logContactWith(client, councilId, publicContactInput(answers, service, procedure, today), actor, today);
    const attachments = uploads && answers.kind === 'complaint' ? await attachHeldUploads(client, councilId, uploads.sessionId, contact.id, actor) : 0;
    await client.query('UPDATE public_submission SET contact_id = $3 WHERE council_id = $1 AND submission_key = $2', [councilId, submissionKey, contact.id]);
    return { ...contact, attachments };
  });
}

/**
 * The answers as logContact takes them (the staff screens' rules, newContactSchema, apply
 * again). The resident is the complainant, or — making a complaint for someone else — the
 * representative, with the person they act for as the complainant (a name only: everything
 * is sent to the representative).
 */
export function publicContactInput(
  a: PublicContactAnswers, service: { id: number; orgUnitId: number | null } | null, procedure: ProcedureCodeValue | undefined, today: IsoDate,
): NewContact {
  const optional = (s: string | undefined) => (s?.trim() ? s.trim() : undefined);
  const resident = a.you && a.you.fullName.trim() ? {
    fullName: a.you.fullName, email: optional(a.you.email), phone: optional(a.you.phone), address: optional(a.you.address),
    language: a.language, contactBy: a.contactBy ?? undefined,
    largePrint: Boolean(a.adjustments?.largePrint), reasonableAdjustments: optional(a.adjustments?.details),
  } : undefined;
  return {
    kind: a.kind,
    channel: 'web_form',
    receivedOn: today,
    procedure,
    workspaceId: service?.id,
    orgUnitId: service?.orgUnitId ?? undefined,
    complainantGroup: a.onBehalfOf ? a.onBehalfOf.relationship : undefined,
    summary: publicContactSummary(a),
    complainant: a.onBehalfOf ? { fullName: a.onBehalfOf.fullName, language: a.language, contactBy: 'post' } : resident,
    representative: a.onBehalfOf ? resident : undefined,
    language: a.language,
  };
}

/** The workspace, if it is still offered to residents (a service withdrawn while the form was open counts as "not sure"). */
async function offeredService(db: Queryable, councilId: number, workspaceId: number): Promise<{ id: number; orgUnitId: number | null } | null> {
  const { rows } = await db.query<{ id: string; org_unit_id: string | null }>(
    'SELECT id, org_unit_id FROM workspace WHERE council_id = $1 AND id = $2 AND offered_to_residents', [councilId, workspaceId]);
  const row = rows[0];
  return row ? { id: Number(row.id), orgUnitId: row.org_unit_id === null ? null : Number(row.org_unit_id) } : null;
}

/** The procedure the service's team suggests (as the staff screens' "decide from the service"), among those the council has adopted. */
async function procedureFor(db: Queryable, councilId: number, orgUnitId: number | null): Promise<ProcedureCodeValue> {
  const unit = orgUnitId === null ? null : (await db.query<{ directorate: string; service: string | null; team: string | null }>(
    'SELECT directorate, service, team FROM org_unit_path WHERE council_id = $1 AND id = $2', [councilId, orgUnitId])).rows[0] ?? null;
  const adopted = await db.query<{ code: ProcedureCodeValue }>('SELECT code FROM council_procedure WHERE council_id = $1 AND retired_on IS NULL', [councilId]);
  return suggestedProcedure(unit, adopted.rows.map((r) => r.code));
}
