import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newTestCouncil, useTestDatabase } from '../support/testDatabase.ts';
import { systemActor } from '../../src/events/actor.ts';
import { newCase } from '../messages/caseMessagesSupport.ts';
import {
  addRecommendation, recordAssessment, recordCommentsSent, recordCompliance, recordDraftDecision, recordEnquiry, recordFinalDecision,
  recordInformationSent, requestInformation, startInvestigation,
} from '../../src/ombudsman/ombudsmanCasework.ts';
import { listOmbudsmanCases, loadOmbudsmanCase } from '../../src/ombudsman/ombudsmanCaseQueries.ts';
import { outstandingCompliance } from '../../src/ombudsman/ombudsmanCases.ts';

const db = await useTestDatabase();
const actor = systemActor('Olive Officer');
const at = (today: string) => ({ actor, today });

const events = async (councilId: number, contactId: number) => (await db.pool.query<{ type: string; occurred_on: string }>(
  `SELECT type, occurred_on FROM case_event WHERE council_id = $1 AND contact_id = $2 AND type LIKE 'ombudsman%' ORDER BY id`, [councilId, contactId])).rows.map((r) => r.type);
const summary = async (councilId: number, id: number) => (await db.pool.query(
  `SELECT decision, decided_on, path, not_investigated_reason, detailed_investigation, recommended_remedies, remedy_amount::float AS remedy_amount,
          compliance_due_on, complied_on FROM ombudsman_case WHERE council_id = $1 AND id = $2`, [councilId, id])).rows[0];
const reported = async (councilId: number, id: number) => (await db.pool.query(
  `SELECT decided_year, upheld, detailed_investigation, remedies_recommended, financial_remedy, complied_late, compliance_outstanding, council_reference
     FROM report_ombudsman WHERE council_id = $1 AND ombudsman_case_id = $2`, [councilId, id])).rows[0];

test('an LGSCO case worked step by step: each step on the complaint’s timeline, the summary the reports count kept right', async () => {
  const council = await newTestCouncil(db);
  const { reference, contactId } = await newCase(db, council.id, { receivedOn: '2024-01-10' });
  const id = await recordEnquiry(db, council.id, { body: 'lgsco', ombudsmanReference: '24 001 234', receivedOn: '2024-04-02', councilReference: reference, stages: [1] }, at('2024-04-02'));
  const request = await requestInformation(db, council.id, id, { requestedOn: '2024-04-03', what: 'The stage 1 file and response letter', dueOn: '2024-05-01' }, at('2024-04-03'));
  let list = await listOmbudsmanCases(db.pool, council.id, { tab: 'information' }, '2024-04-10');
  assert.deepEqual(list.rows.map((r) => r.id), [id]);
  assert.equal(list.counts.open, 1);
  await recordInformationSent(db, council.id, id, request, { sentOn: '2024-04-29', documentsSent: 'Stage 1 letter, case notes' }, at('2024-04-29'));
  await assert.rejects(recordInformationSent(db, council.id, id, request, { sentOn: '2024-04-29', documentsSent: 'again' }, at('2024-04-29')), /already sent on 29 April 2024/);
  await assert.rejects(recordFinalDecision(db, council.id, id, { decidedOn: '2024-05-01', findings: [{ code: 'fault_and_injustice' }] }, at('2024-05-01')), /after an investigation/);
  await startInvestigation(db, council.id, id, { startedOn: '2024-05-02' }, at('2024-05-02'));
  await assert.rejects(recordAssessment(db, council.id, id, { assessedOn: '2024-05-03', outcome: 'closed_after_initial_enquiries' }, at('2024-05-03')), /investigating/);
  await recordDraftDecision(db, council.id, id, { draftOn: '2024-06-03', commentsDueOn: '2024-06-17' }, at('2024-06-03'));
  await recordCommentsSent(db, council.id, id, { sentOn: '2024-06-14' }, at('2024-06-14'));
  await assert.rejects(recordFinalDecision(db, council.id, id, { decidedOn: '2024-07-01', findings: [{ code: 'severe_maladministration' }] }, at('2024-07-01')), /own list/);
  await assert.rejects(recordFinalDecision(db, council.id, id, { decidedOn: '2024-07-01', findings: [{ code: 'fault_and_injustice' }] }, at('2024-06-30')), /future/);
  await recordFinalDecision(db, council.id, id, { decidedOn: '2024-07-01', findings: [{ code: 'fault_and_injustice', summary: 'Delay in the EHCP' }, { code: 'no_fault' }] }, at('2024-07-01'));
  const apology = await addRecommendation(db, council.id, id, { kind: 'apology', description: 'Apologise to Ms A', dueOn: '2024-08-01' }, at('2024-07-01'));
  const payment = await addRecommendation(db, council.id, id, { kind: 'financial_redress', description: 'Pay £300 for distress', amount: 300, dueOn: '2024-08-01' }, at('2024-07-01'));
  assert.deepEqual(await outstandingCompliance(db.pool, council.id, '2024-08-05'), [{ body: 'lgsco', ombudsman_reference: '24 001 234', compliance_due_on: '2024-08-01', late: true }],
    'the reminder sweep’s summary column holds the recommendations’ due date');
  await recordCompliance(db, council.id, id, apology, { compliedOn: '2024-07-20', evidence: 'Copy of the letter' }, at('2024-07-20'));
  list = await listOmbudsmanCases(db.pool, council.id, { tab: 'late' }, '2024-08-05');
  assert.deepEqual(list.rows.map((r) => r.id), [id], 'one recommendation still owed after its date');
  const late = await recordCompliance(db, council.id, id, payment, { compliedOn: '2024-08-06', evidence: 'Payment record' }, at('2024-08-06'));
  assert.equal(late.late, true);

  assert.deepEqual(await summary(council.id, id), {
    decision: 'upheld', decided_on: '2024-07-01', path: 'investigation', not_investigated_reason: null, detailed_investigation: true,
    recommended_remedies: ['apology', 'financial_redress'], remedy_amount: 300, compliance_due_on: '2024-08-01', complied_on: '2024-08-06',
  });
  assert.deepEqual(await reported(council.id, id), {
    decided_year: '2024/25', upheld: true, detailed_investigation: true, remedies_recommended: true, financial_remedy: true, complied_late: true,
    compliance_outstanding: false, council_reference: reference,
  });
  assert.deepEqual(await events(council.id, contactId), [
    'ombudsman_case_recorded', 'ombudsman_information_requested', 'ombudsman_information_sent', 'ombudsman_investigation_started', 'ombudsman_draft_decision',
    'ombudsman_comments_sent', 'ombudsman_final_decision', 'ombudsman_recommendation_added', 'ombudsman_recommendation_added',
    'ombudsman_recommendation_complied', 'ombudsman_recommendation_complied',
  ]);
  const file = (await loadOmbudsmanCase(db.pool, council.id, id, '2024-09-01'))!;
  assert.equal(file.state, 'decided');
  assert.deepEqual(file.stages, [1]);
  assert.deepEqual(file.findings.map((f) => [f.bodyFinding, f.finding]), [['fault_and_injustice', 'upheld'], ['no_fault', 'not_upheld']]);
  assert.deepEqual(file.recommendations.map((r) => r.compliance), ['complied_on_time', 'complied_late']);
  assert.deepEqual(file.due, []);
  assert.equal(file.steps.length, 11);
  assert.equal((await listOmbudsmanCases(db.pool, council.id, { tab: 'decided', body: 'lgsco', year: '2024/25' }, '2024-09-01')).rows.length, 1);
  assert.equal((await listOmbudsmanCases(db.pool, council.id, { tab: 'decided', body: 'spso' }, '2024-09-01')).rows.length, 0);
});

test('closed at assessment in the Ombudsman’s own words; no complaint linked: audited instead', async () => {
  const council = await newTestCouncil(db);
  const id = await recordEnquiry(db, council.id, { body: 'housing_ombudsman', ombudsmanReference: '202412345', receivedOn: '2024-05-01' }, at('2024-05-02'));
  await assert.rejects(recordAssessment(db, council.id, id, { assessedOn: '2024-05-20', outcome: 'closed_after_initial_enquiries' }, at('2024-05-20')), /this Ombudsman’s outcomes/);
  await assert.rejects(recordAssessment(db, council.id, id, { assessedOn: '2024-05-20', outcome: 'not_investigated' }, at('2024-05-20')), /why the Ombudsman did not investigate/);
  await recordAssessment(db, council.id, id, { assessedOn: '2024-05-20', outcome: 'premature' }, at('2024-05-20'));
  assert.deepEqual(await summary(council.id, id), {
    decision: 'referred_back_for_local_resolution', decided_on: '2024-05-20', path: 'assessment', not_investigated_reason: 'premature', detailed_investigation: false,
    recommended_remedies: [], remedy_amount: null, compliance_due_on: null, complied_on: null,
  });
  await assert.rejects(addRecommendation(db, council.id, id, { kind: 'apology', description: 'x', dueOn: '2024-06-01' }, at('2024-05-21')), /Recommendations come with/);
  const audit = await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_entry WHERE council_id = $1 AND action = 'change_ombudsman_case'`, [council.id]);
  assert.equal(audit.rows[0]!.n, 2, 'the enquiry and the assessment');
  assert.equal((await loadOmbudsmanCase(db.pool, council.id, id, '2024-06-01'))!.state, 'closed');
});

test('an enquiry is refused for an unknown complaint, a stage it does not have, a reference already recorded, or a date before the complaint', async () => {
  const council = await newTestCouncil(db);
  const { reference } = await newCase(db, council.id, { receivedOn: '2024-01-10' });
  const enquiry = { body: 'lgsco' as const, ombudsmanReference: '24 000 001', receivedOn: '2024-03-01' };
  await assert.rejects(recordEnquiry(db, council.id, { ...enquiry, councilReference: 'NOPE-1' }, at('2024-03-01')), /no complaint NOPE-1/);
  await assert.rejects(recordEnquiry(db, council.id, { ...enquiry, councilReference: reference, stages: [2] }, at('2024-03-01')), /has no stage 2/);
  await assert.rejects(recordEnquiry(db, council.id, { ...enquiry, councilReference: reference, receivedOn: '2024-01-01' }, at('2024-03-01')), /before the complaint was received/);
  await recordEnquiry(db, council.id, { ...enquiry, councilReference: reference }, at('2024-03-01'));
  await assert.rejects(recordEnquiry(db, council.id, enquiry, at('2024-03-01')), /already recorded/);
  const other = await newTestCouncil(db);
  await assert.rejects(startInvestigation(db, other.id, 1, { startedOn: '2024-03-02' }, at('2024-03-02')), /no such Ombudsman case/, 'another council’s case is not there');
});
