/**
 * Cases for the messages' tests, made the way the app makes them (logContact, then the
 * complaint services), with the resident's preferences set on their person and contact.
 */
import type { Database } from '../../src/db/database.ts';
import { logContact } from '../../src/contacts/logContact.ts';
import { actOnComplaint } from '../../src/complaints/complaintActions.ts';
import { staffActor, systemActor, type Actor } from '../../src/events/actor.ts';
import { addTestStaff, type TestStaff } from '../support/staffSession.ts';

export const TODAY = '2025-06-30';

export interface Person {
  fullName: string;
  email?: string;
  address?: string;
  language?: 'en' | 'cy';
  contactBy?: 'email' | 'post';
  largePrint?: boolean;
}

export const ann: Person = { fullName: 'Ann Example', email: 'ann@example.test', address: '4 High Street, Halifax HX1 1AA' };

export async function complaintsOfficer(db: Database, councilId: number, name = 'Carys Officer'): Promise<{ staff: TestStaff; actor: Actor }> {
  const staff = await addTestStaff(db, councilId, ['complaints_officer'], { name });
  return { staff, actor: staffActor({ accountId: staff.accountId, name: staff.name, ip: '192.0.2.1' }) };
}

async function setPreferences(db: Database, councilId: number, personId: number | null, p: Person | undefined) {
  if (personId === null || !p) return;
  await db.pool.query('UPDATE person SET language = $3, contact_by = $4, large_print = $5 WHERE council_id = $1 AND id = $2',
    [councilId, personId, p.language ?? 'en', p.contactBy ?? (p.email ? 'email' : 'post'), p.largePrint ?? false]);
}

/**
 * A contact logged by the system (so its logging sends nothing), with the people's
 * preferences and the contact's language; a complaint is triaged formal and its stage 1 opened.
 */
export async function newCase(
  db: Database, councilId: number,
  options: { kind?: 'complaint' | 'compliment'; procedure?: string; complainant?: Person | null; representative?: Person; contactLanguage?: 'en' | 'cy'; receivedOn?: string } = {},
): Promise<{ reference: string; contactId: number }> {
  const kind = options.kind ?? 'complaint';
  const receivedOn = options.receivedOn ?? '2025-05-01';
  const person = (p: Person) => ({ fullName: p.fullName, ...(p.email ? { email: p.email } : {}), ...(p.address ? { address: p.address } : {}) });
  const complainant = options.complainant === undefined ? ann : options.complainant;
  const { id, reference } = await logContact(db, councilId, {
    kind, channel: 'email', receivedOn, procedure: options.procedure ?? 'corporate', summary: 'The bins were missed three weeks running',
    ...(complainant ? { complainant: person(complainant) } : {}),
    ...(options.representative ? { representative: person(options.representative) } : {}),
  }, systemActor('messages test'), TODAY);
  const contactId = Number(id);
  const ids = await db.pool.query<{ complainant_id: number | null; representative_id: number | null }>(
    'UPDATE contact SET language = $3 WHERE council_id = $1 AND id = $2 RETURNING complainant_id, representative_id',
    [councilId, contactId, options.contactLanguage ?? 'en']);
  await setPreferences(db, councilId, ids.rows[0]!.complainant_id, complainant ?? undefined);
  await setPreferences(db, councilId, ids.rows[0]!.representative_id, options.representative);
  if (kind === 'complaint') {
    const system = systemActor('messages test');
    await actOnComplaint(db, councilId, reference, { type: 'triage', on: receivedOn, route: 'formal' }, system, TODAY);
    await actOnComplaint(db, councilId, reference, { type: 'open_stage', on: receivedOn }, system, TODAY);
  }
  return { reference, contactId };
}

export interface WrittenMessage {
  template: string;
  channel: string;
  audience: string;
  account_id: number | null;
  recipient_name: string;
  recipient_address: string;
  language: string;
  large_print: boolean;
  subject: string;
  body: string;
  status: string;
  dedupe_key: string | null;
}

export async function messagesOf(db: Database, councilId: number, contactId: number): Promise<WrittenMessage[]> {
  const { rows } = await db.pool.query<WrittenMessage>(
    `SELECT template, channel, audience, account_id, recipient_name, recipient_address, language, large_print, subject, body, status, dedupe_key
       FROM message WHERE council_id = $1 AND contact_id = $2 ORDER BY id`,
    [councilId, contactId]);
  return rows.map((r) => ({ ...r, account_id: r.account_id === null ? null : Number(r.account_id) }));
}
