import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  OMBUDSMAN_WORDS, assessmentOf, complianceState, decisionOfFindings, dueNext, ombudsmanState, recommendationSummary, stepRefusal, stepsAllowed,
} from '../../../src/domain/ombudsman/casework.ts';
import { OMBUDSMAN_BODIES, OMBUDSMAN_DECISIONS } from '../../../src/domain/cases/vocabulary.ts';

const facts = (over = {}) => ({ decision: null, path: 'enquiry', investigationStartedOn: null, draftDecisionOn: null, draftCommentsSentOn: null, ...over });

test('a case’s state follows from its steps; one recorded in one go reads as decided or closed', () => {
  assert.equal(ombudsmanState(facts()), 'received');
  assert.equal(ombudsmanState(facts({ investigationStartedOn: '2024-05-01', path: 'investigation' })), 'investigation');
  assert.equal(ombudsmanState(facts({ investigationStartedOn: '2024-05-01', draftDecisionOn: '2024-06-01' })), 'draft_decision');
  assert.equal(ombudsmanState(facts({ decision: 'upheld', path: 'investigation' })), 'decided');
  assert.equal(ombudsmanState(facts({ decision: 'closed_after_initial_enquiries', path: 'assessment' })), 'closed');
  assert.equal(ombudsmanState(facts({ decision: 'upheld', path: null })), 'decided', 'an imported decision without a path');
});

test('the steps allowed from each state, and why the others are refused', () => {
  assert.deepEqual(stepsAllowed('received'), ['request_information', 'assess', 'start_investigation']);
  assert.deepEqual(stepsAllowed('investigation'), ['request_information', 'draft_decision', 'final_decision']);
  assert.deepEqual(stepsAllowed('draft_decision'), ['request_information', 'send_comments', 'final_decision']);
  assert.deepEqual(stepsAllowed('draft_decision', { draftCommentsSentOn: '2024-06-10' }), ['request_information', 'final_decision']);
  assert.deepEqual(stepsAllowed('decided'), ['add_recommendation']);
  assert.deepEqual(stepsAllowed('closed'), []);
  assert.match(stepRefusal('received', 'final_decision')!, /after an investigation/);
  assert.match(stepRefusal('received', 'draft_decision')!, /after an investigation/);
  assert.match(stepRefusal('decided', 'assess')!, /already made its final decision/);
  assert.match(stepRefusal('closed', 'add_recommendation')!, /Recommendations come with the Ombudsman’s final decision/);
  assert.match(stepRefusal('draft_decision', 'send_comments', { draftCommentsSentOn: '2024-06-10' })!, /already recorded/);
  assert.equal(stepRefusal('decided', 'send_information'), null, 'information asked for earlier can still be sent');
});

test('each Ombudsman’s own words map onto the decisions the reports count', () => {
  for (const body of OMBUDSMAN_BODIES) {
    const words = OMBUDSMAN_WORDS[body];
    assert.ok(words.assessments.length && words.findings.length, body);
    for (const w of [...words.assessments, ...words.findings]) assert.ok((OMBUDSMAN_DECISIONS as readonly string[]).includes(w.decision), `${body} ${w.code}`);
    assert.ok(words.findings.some((f) => f.decision === 'not_upheld' || f.decision === 'no_maladministration'), `${body} can find no fault`);
  }
  assert.equal(decisionOfFindings('lgsco', ['fault_and_injustice']), 'upheld');
  assert.equal(decisionOfFindings('lgsco', ['fault_no_injustice', 'no_fault']), 'upheld', 'fault found on one part upholds the case');
  assert.equal(decisionOfFindings('lgsco', ['no_fault']), 'not_upheld');
  assert.equal(decisionOfFindings('housing_ombudsman', ['service_failure', 'severe_maladministration', 'no_maladministration']), 'severe_maladministration');
  assert.equal(decisionOfFindings('housing_ombudsman', ['fault_and_injustice']), null, 'not the Housing Ombudsman’s words');
  assert.equal(decisionOfFindings('spso', ['upheld', 'not_upheld']), 'upheld');
  assert.deepEqual(assessmentOf('lgsco', 'referred_back_premature'), { code: 'referred_back_premature', decision: 'referred_back_for_local_resolution', reason: 'premature' });
  assert.equal(assessmentOf('lgsco', 'not_investigated')!.reasonRequired, true);
  assert.equal(assessmentOf('lgsco', 'outside_jurisdiction'), null);
});

test('compliance: due, late, complied on time or late; the case’s summary from its recommendations', () => {
  assert.equal(complianceState({ dueOn: '2024-08-01', compliedOn: null }, '2024-08-01'), 'due');
  assert.equal(complianceState({ dueOn: '2024-08-01', compliedOn: null }, '2024-08-02'), 'late');
  assert.equal(complianceState({ dueOn: '2024-08-01', compliedOn: '2024-08-01' }, '2024-09-01'), 'complied_on_time');
  assert.equal(complianceState({ dueOn: '2024-08-01', compliedOn: '2024-08-05' }, '2024-09-01'), 'complied_late');
  assert.equal(recommendationSummary([]), null);
  const recs = [
    { kind: 'apology', amount: null, dueOn: '2024-08-01', compliedOn: '2024-07-20' },
    { kind: 'financial_redress', amount: 300, dueOn: '2024-09-01', compliedOn: null },
    { kind: 'financial_redress', amount: 50.5, dueOn: '2024-08-15', compliedOn: '2024-08-20' },
  ];
  assert.deepEqual(recommendationSummary(recs), { recommendedRemedies: ['apology', 'financial_redress'], remedyAmount: 350.5, complianceDueOn: '2024-09-01', compliedOn: null });
  recs[1]!.compliedOn = '2024-08-30';
  assert.equal(recommendationSummary(recs)!.compliedOn, '2024-08-30', 'complied when the last one was');
});

test('what is due next, soonest first, late ones marked', () => {
  const due = dueNext({
    state: 'draft_decision', draftCommentsDueOn: '2024-06-20', draftCommentsSentOn: null,
    informationRequests: [{ id: 1, dueOn: '2024-06-10', sentOn: null }, { id: 2, dueOn: '2024-05-01', sentOn: '2024-04-30' }],
    recommendations: [],
  }, '2024-06-15');
  assert.deepEqual(due, [
    { what: 'information', id: 1, dueOn: '2024-06-10', late: true },
    { what: 'comments', id: null, dueOn: '2024-06-20', late: false },
  ]);
});
