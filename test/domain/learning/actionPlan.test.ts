import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  learningStanding, nextStatuses, standingCounts, statusChangeRefusals, themeSummary, LEARNING_STATUSES,
} from '../../../src/domain/learning/actionPlan.ts';

const today = '2025-06-02';

test('an action moves planned → in progress → done, may stop going ahead, and a done one may be reopened', () => {
  assert.deepEqual(nextStatuses('planned'), ['in_progress', 'done', 'not_going_ahead']);
  assert.deepEqual(nextStatuses('done'), ['in_progress']);
  assert.deepEqual(nextStatuses('not_going_ahead'), ['planned', 'in_progress']);
  for (const s of LEARNING_STATUSES) assert.ok(!nextStatuses(s).includes(s), `${s} does not move to itself`);
  assert.deepEqual(statusChangeRefusals('planned', { to: 'in_progress' }, today), []);
  assert.deepEqual(statusChangeRefusals('done', { to: 'not_going_ahead', reason: 'x' }, today).map((r) => r.field), ['status']);
  assert.match(statusChangeRefusals('in_progress', { to: 'in_progress' }, today)[0]!.message, /already in progress/);
});

test('done needs its completed date, not in the future, and evidence in words or a document', () => {
  const refusals = statusChangeRefusals('in_progress', { to: 'done' }, today);
  assert.deepEqual(refusals.map((r) => r.field), ['completedOn', 'evidence']);
  assert.deepEqual(statusChangeRefusals('in_progress', { to: 'done', completedOn: '2025-06-03', evidence: 'Trained' }, today).map((r) => r.field), ['completedOn']);
  assert.deepEqual(statusChangeRefusals('in_progress', { to: 'done', completedOn: today, evidence: '  ' }, today).map((r) => r.field), ['evidence']);
  assert.deepEqual(statusChangeRefusals('planned', { to: 'done', completedOn: today, evidenceDocumentId: 4 }, today), []);
});

test('not going ahead needs the reason why', () => {
  assert.deepEqual(statusChangeRefusals('planned', { to: 'not_going_ahead', reason: '' }, today).map((r) => r.field), ['reason']);
  assert.deepEqual(statusChangeRefusals('planned', { to: 'not_going_ahead', reason: 'Service decommissioned' }, today), []);
});

test('an open action is overdue the day after its date; done and stopped ones never are', () => {
  assert.equal(learningStanding('planned', '2025-06-01', today), 'overdue');
  assert.equal(learningStanding('in_progress', '2025-06-01', today), 'overdue');
  assert.equal(learningStanding('in_progress', today, today), 'in_progress', 'due today is not yet overdue');
  assert.equal(learningStanding('planned', null, today), 'planned', 'no date, never overdue');
  assert.equal(learningStanding('done', '2025-01-01', today), 'done');
  assert.equal(learningStanding('not_going_ahead', '2025-01-01', today), 'not_going_ahead');
  assert.deepEqual(standingCounts(['overdue', 'done', 'overdue']), { overdue: 2, planned: 0, in_progress: 0, done: 1, not_going_ahead: 0 });
});

test('themes across complaints: complaints counted once per theme and year, actions each, an action under each of its themes', () => {
  const summary = themeSummary([
    { actionId: 1, contactId: 10, year: '2023/24', themeIds: [1, 2] },
    { actionId: 2, contactId: 10, year: '2023/24', themeIds: [1] },
    { actionId: 3, contactId: 11, year: '2023/24', themeIds: [1] },
    { actionId: 4, contactId: 12, year: '2024/25', themeIds: [1, 1] },
    { actionId: 5, contactId: null, year: '2024/25', themeIds: [2] },
    { actionId: 6, contactId: 13, year: '2024/25', themeIds: [] },
  ]);
  assert.deepEqual(summary, [
    { themeId: 1, year: '2023/24', complaints: 2, actions: 3 },
    { themeId: 1, year: '2024/25', complaints: 1, actions: 1 },
    { themeId: 2, year: '2023/24', complaints: 1, actions: 1 },
    { themeId: 2, year: '2024/25', complaints: 0, actions: 1 },
  ]);
});
