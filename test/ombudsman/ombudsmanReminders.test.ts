import { test } from 'node:test';
import assert from 'node:assert/strict';
import { engineName, newTestCouncil, useTestDatabase } from '../support/testDatabase.ts';
import { addTestStaff } from '../support/staffSession.ts';
import { newCase } from '../messages/caseMessagesSupport.ts';
import { systemActor } from '../../src/events/actor.ts';
import { sweepReminders } from '../../src/messages/reminders/sweep.ts';
import {
  addRecommendation, recordCompliance, recordEnquiry, recordFinalDecision, startInvestigation,
} from '../../src/ombudsman/ombudsmanCasework.ts';

/** Ombudsman compliance is reminded per recommendation: each date its own reminder, none once complied. */

const db = await useTestDatabase();
const at = (today: string) => ({ actor: systemActor('Olive Officer'), today });

const reminders = async (councilId: number) => (await db.pool.query<{ dedupe_key: string; subject: string }>(
  `SELECT dedupe_key, subject FROM message WHERE council_id = $1 AND template = 'ombudsman_compliance_due' ORDER BY id`, [councilId])).rows;

test(`each recommendation's compliance date is reminded, not only the case's latest (${engineName()})`, async () => {
  const council = await newTestCouncil(db);
  await addTestStaff(db, council.id, ['complaints_officer'], { name: 'Tess Team' });
  const { reference } = await newCase(db, council.id, { receivedOn: '2025-06-01' });
  const id = await recordEnquiry(db, council.id, { body: 'lgsco', ombudsmanReference: '26 000 111', receivedOn: '2026-09-01', councilReference: reference }, at('2026-09-01'));
  await startInvestigation(db, council.id, id, { startedOn: '2026-09-10' }, at('2026-09-10'));
  await recordFinalDecision(db, council.id, id, { decidedOn: '2026-12-01', findings: [{ code: 'fault_and_injustice' }] }, at('2026-12-01'));
  const apology = await addRecommendation(db, council.id, id, { kind: 'apology', description: 'Apologise', dueOn: '2027-01-12' }, at('2026-12-01'));
  await addRecommendation(db, council.id, id, { kind: 'procedure_change', description: 'Review the procedure', dueOn: '2027-03-01' }, at('2026-12-01'));

  await sweepReminders(db, new Date('2027-01-12T10:00:00Z'), { councilIds: [council.id] });
  const first = await reminders(council.id);
  assert.ok(first.length > 0, 'the apology due today is reminded though the case’s latest date is March');
  assert.ok(first.every((m) => m.dedupe_key.includes('2027-01-12')));
  await recordCompliance(db, council.id, id, apology, { compliedOn: '2027-01-12', evidence: 'Letter' }, at('2027-01-12'));
  await sweepReminders(db, new Date('2027-01-13T10:00:00Z'), { councilIds: [council.id] });
  assert.equal((await reminders(council.id)).length, first.length, 'complied: no overdue reminder');
  await sweepReminders(db, new Date('2027-03-01T10:00:00Z'), { councilIds: [council.id] });
  const later = (await reminders(council.id)).slice(first.length);
  assert.ok(later.length > 0 && later.every((m) => m.dedupe_key.includes('2027-03-01')), 'the later recommendation in its turn');
});
