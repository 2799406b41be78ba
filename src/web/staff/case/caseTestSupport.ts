/**
 * Cases for the case page's tests, made the way the app makes them: logged (logContact), then
 * moved on through the lifecycle (actOnComplaint).
 */
import type { Database } from '../../../db/database.ts';
import { logContact } from '../../../contacts/logContact.ts';
import { actOnComplaint, type ComplaintAction } from '../../../complaints/complaintActions.ts';
import { systemActor } from '../../../events/actor.ts';
import { newTestCouncil } from '../../../../test/support/testDatabase.ts';

export const TODAY = '2025-06-02';
export const actor = systemActor('case page test');

export interface TestOrg {
  councilId: number;
  place: number;
  highways: number;
  resources: number;
  officerA: number;
}

export async function newTestOrg(db: Database, options: { nation?: 'england' | 'wales' } = {}): Promise<TestOrg> {
  const council = await newTestCouncil(db, options.nation ? { nation: options.nation } : {});
  const q = async (sql: string, params: unknown[]) => Number((await db.pool.query<{ id: number }>(sql, params)).rows[0]!.id);
  const unit = (kind: string, name: string, parent: number | null) =>
    q('INSERT INTO org_unit (council_id, kind, name, parent_id) VALUES ($1, $2, $3, $4) RETURNING id', [council.id, kind, name, parent]);
  const place = await unit('directorate', 'Place', null);
  const highways = await unit('service', 'Highways', place);
  const resources = await unit('directorate', 'Resources', null);
  const officerA = await q('INSERT INTO staff_member (council_id, name, email) VALUES ($1, $2, $3) RETURNING id', [council.id, 'Asha Patel', `asha-${council.id}@example.org`]);
  return { councilId: council.id, place, highways, resources, officerA };
}

/** A complaint about Highways, logged, triaged formal and with stage 1 opened; more actions as given. */
export async function openComplaint(
  db: Database,
  org: TestOrg,
  options: { procedure?: string; receivedOn?: string; actions?: ComplaintAction[]; complainant?: Record<string, string> } = {},
): Promise<{ reference: string; contactId: number }> {
  const receivedOn = options.receivedOn ?? '2025-05-20';
  const { id, reference } = await logContact(db, org.councilId, {
    kind: 'complaint', channel: 'email', receivedOn, procedure: options.procedure ?? 'corporate', orgUnitId: org.highways,
    summary: 'The pothole outside number 4 was reported three times and never filled.',
    complainant: options.complainant ?? { fullName: 'Priya Shah', email: 'priya@example.org', phone: '07700 900123', reasonableAdjustments: 'Large print letters, please' },
    flags: ['vulnerable_person'],
  }, actor, TODAY);
  const actions: ComplaintAction[] = [
    { type: 'triage', on: receivedOn, route: 'formal', reason: 'A service failure' },
    { type: 'open_stage', on: receivedOn },
    ...(options.actions ?? []),
  ];
  for (const action of actions) await actOnComplaint(db, org.councilId, reference, action, actor, TODAY);
  return { reference, contactId: Number(id) };
}

/** A multipart/form-data body as a browser sends one: the fields, then one file. */
export function multipartBody(fields: Record<string, string>, file: { name: string; filename: string; type: string; content: Buffer } | null) {
  const boundary = `----redress${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${file.name}"; filename="${file.filename}"\r\nContent-Type: ${file.type}\r\n\r\n`));
    parts.push(file.content, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}
