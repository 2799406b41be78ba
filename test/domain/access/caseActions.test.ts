import { test } from 'node:test';
import assert from 'node:assert/strict';
import { availableActions, type CaseForActions } from '../../../src/domain/access/caseActions.ts';
import { scopeOf } from '../../../src/domain/access/scope.ts';
import type { Role } from '../../../src/domain/access/roles.ts';
import { deadlineStanding } from '../../../src/domain/cases/deadlineState.ts';

const scope = (roles: Role[], staffMemberId: number | null = 7) =>
  scopeOf({ councilId: 1, accountId: 1, staffMemberId, roles, allDirectorates: true, directorates: [], maySeeRestricted: false }, () => []);

const openStage: CaseForActions = {
  kind: 'complaint', status: 'stage_open', hasNextStage: true,
  stage: { number: 1, open: true, acknowledged: false, clockStopped: false, allocatedTo: 7, hasStepsToRecord: false },
};

test('a complaints officer is offered what an open, unacknowledged stage allows, and nothing else', () => {
  const actions = availableActions(openStage, scope(['complaints_officer']));
  for (const a of ['allocate', 'acknowledge', 'extend', 'stop_clock', 'findings', 'respond', 'withdraw', 'note', 'document', 'link']) assert.ok(actions.includes(a as never), a);
  for (const a of ['triage', 'restart_clock', 'request_escalation', 'decide_escalation', 'close', 'reopen', 'restrict']) assert.ok(!actions.includes(a as never), a);
});

test('an investigating officer handles only the stage allocated to them', () => {
  assert.ok(availableActions(openStage, scope(['investigating_officer'], 7)).includes('respond'));
  assert.deepEqual(availableActions(openStage, scope(['investigating_officer'], 8)).filter((a) => a === 'respond' || a === 'extend'), []);
  assert.ok(!availableActions(openStage, scope(['investigating_officer'], 7)).includes('allocate'));
});

test('a report viewer is offered no action on a case', () => {
  assert.deepEqual(availableActions(openStage, scope(['report_viewer'])), []);
});

test('a responded complaint can be escalated or closed; a logged one triaged; an enquiry answered', () => {
  const responded: CaseForActions = { ...openStage, status: 'responded', stage: { ...openStage.stage!, open: false } };
  const actions = availableActions(responded, scope(['complaints_officer']));
  assert.ok(actions.includes('request_escalation') && actions.includes('close') && actions.includes('remedy'));
  assert.ok(!availableActions({ ...responded, hasNextStage: false }, scope(['complaints_officer'])).includes('request_escalation'));
  const logged: CaseForActions = { kind: 'complaint', status: 'logged', stage: null, hasNextStage: true };
  assert.deepEqual(availableActions(logged, scope(['complaints_officer'])).filter((a) => a === 'triage' || a === 'remedy'), ['triage']);
  const enquiry: CaseForActions = { kind: 'mp_enquiry', status: null, stage: null, hasNextStage: false, responded: false };
  assert.ok(availableActions(enquiry, scope(['complaints_officer'])).includes('enquiry_response'));
});

test('a deadline reads on track, due soon, due today, overdue or done, with working days', () => {
  // Weekdays only, for the test: working days between two dates of one week.
  const between = (a: string, b: string) => { let n = 0; for (let d = new Date(`${a}T00:00:00Z`); d < new Date(`${b}T00:00:00Z`);) { d.setUTCDate(d.getUTCDate() + 1); if (d.getUTCDay() % 6 !== 0) n++; } return n; };
  assert.deepEqual(deadlineStanding('2025-06-20', '2025-06-02', null, between), { state: 'on_track', workingDays: 14 });
  assert.deepEqual(deadlineStanding('2025-06-09', '2025-06-02', null, between), { state: 'due_soon', workingDays: 5 });
  assert.deepEqual(deadlineStanding('2025-06-02', '2025-06-02', null, between), { state: 'due_today', workingDays: 0 });
  assert.deepEqual(deadlineStanding('2025-05-30', '2025-06-02', null, between), { state: 'overdue', workingDays: -1 });
  assert.equal(deadlineStanding('2025-05-30', '2025-06-02', '2025-05-29', between).state, 'done');
});
