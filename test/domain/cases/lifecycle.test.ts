import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  allowedFrom,
  COMMAND_TYPES,
  complaintStateProblems,
  currentStage,
  decide,
  initialComplaintState,
  lifecycleDiagram,
  longDate,
  statusOnReopen,
  transitionTable,
} from '../../../src/domain/cases/lifecycle.ts';
import type { Command, CommandType, ComplaintState, ComplaintStatus, Decision, LifecycleEvent } from '../../../src/domain/cases/lifecycle.ts';
import { addDays } from '../../../src/domain/dates.ts';
import type { ProcedureDefinition, StageDefinition } from '../../../src/domain/procedures/types.ts';
import { COMPLAINT_ROUTES, ROUTES, STAGE_OUTCOMES } from '../../../src/domain/cases/vocabulary.ts';

// Small procedures written out here so these tests do not depend on the catalogue.
function stage(number: number, overrides: Partial<StageDefinition> = {}): StageDefinition {
  return {
    number,
    name: `Stage ${number}`,
    acknowledge: { amount: 3, unit: 'working_days' },
    respond: { amount: 10, unit: 'working_days' },
    respondFrom: 'receipt',
    maxExtension: { amount: 10, unit: 'working_days' },
    outerLimit: null,
    escalationWindow: { amount: 20, unit: 'working_days' },
    ...overrides,
  };
}

const threeStage: ProcedureDefinition = {
  key: 'test-children',
  code: 'children_statutory',
  name: "Children's statutory (test)",
  source: 'test',
  ombudsman: 'lgsco',
  stages: [
    stage(1),
    stage(2, { respond: { amount: 25, unit: 'working_days' }, maxExtension: { amount: 40, unit: 'working_days' } }),
    stage(3, {
      respond: { amount: 15, unit: 'working_days' }, respondFrom: 'step:panel_report', maxExtension: null, escalationWindow: null,
      steps: [
        { key: 'panel', name: 'the review panel meeting', within: { amount: 30, unit: 'working_days' }, from: 'request' },
        { key: 'panel_report', name: "the panel's report", within: { amount: 5, unit: 'working_days' }, from: 'step:panel' },
      ],
    }),
  ],
};

const twoStage: ProcedureDefinition = {
  key: 'test-corporate',
  code: 'corporate',
  name: 'Corporate (test)',
  source: 'test',
  ombudsman: 'lgsco',
  stages: [stage(1, { beyondMaxExtension: 'with_good_reason' }), stage(2, { maxExtension: null, escalationWindow: null })],
};

const RECEIVED = '2024-03-01';

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** Applies commands that must all succeed; returns the final state and the events. */
function run(commands: Command[], procedure = threeStage, start = initialComplaintState(RECEIVED)) {
  let state = start;
  const events: LifecycleEvent[] = [];
  for (const command of commands) {
    const result = decide(deepFreeze(state), command, procedure);
    if (!result.ok) assert.fail(`${command.type} refused: ${result.reason}`);
    assert.deepEqual(complaintStateProblems(result.state, procedure), [], `after ${command.type}`);
    state = result.state;
    events.push(result.event);
  }
  return { state, events };
}

/** Asserts the command is refused with a reason matching `expected`, and the state is untouched. */
function assertRefused(state: ComplaintState, command: Command, expected: string | RegExp, procedure = threeStage) {
  const before = structuredClone(state);
  const result: Decision = decide(deepFreeze(state), command, procedure);
  assert.equal(result.ok, false, `${command.type} should have been refused`);
  if (result.ok) return;
  if (typeof expected === 'string') assert.equal(result.reason, expected);
  else assert.match(result.reason, expected);
  assert.deepEqual(state, before);
}

const formalTriage: Command[] = [
  { type: 'triage', route: 'formal', on: '2024-03-04' },
  { type: 'open_stage', on: RECEIVED },
];
const stageOneAnswered: Command[] = [...formalTriage, { type: 'respond', on: '2024-03-12', outcome: 'not_upheld' }];

describe('complaint lifecycle: happy path', () => {
  it('runs a complaint through all three stages of a procedure', () => {
    const { state, events } = run([
      { type: 'triage', route: 'formal', reason: 'about the service, not a first request', on: '2024-03-04' },
      { type: 'open_stage', on: RECEIVED },
      { type: 'acknowledge', on: '2024-03-05' },
      { type: 'allocate', officer: '  Jo Bloggs ', on: '2024-03-05' },
      { type: 'stop_clock', on: '2024-03-06', reason: 'waiting for photographs' },
      { type: 'restart_clock', on: '2024-03-08' },
      {
        type: 'extend',
        to: '2024-03-22',
        reason: 'manager on leave',
        agreedOn: '2024-03-11',
        currentDue: '2024-03-15',
        latestAllowed: '2024-03-29',
      },
      { type: 'respond', on: '2024-03-20', outcome: 'partially_upheld' },
      { type: 'request_escalation', on: '2024-04-02', windowClosesOn: '2024-04-18' },
      { type: 'accept_escalation', on: '2024-04-03' },
      { type: 'acknowledge', on: '2024-04-04' },
      { type: 'allocate', officer: 'Independent Investigator', on: '2024-04-05' },
      { type: 'respond', on: '2024-05-01', outcome: 'not_upheld' },
      { type: 'request_escalation', on: '2024-06-10', windowClosesOn: '2024-05-30' },
      { type: 'accept_escalation', on: '2024-06-11' },
      { type: 'respond', on: '2024-07-01', outcome: 'upheld' },
      { type: 'close', on: '2024-07-02' },
    ]);

    assert.deepEqual(
      events.map((e) => `${e.type}:${e.stage}`),
      [
        'triaged:null',
        'stage_opened:1',
        'acknowledged:1',
        'allocated:1',
        'clock_stopped:1',
        'clock_restarted:1',
        'extended:1',
        'responded:1',
        'escalation_requested:2',
        'escalation_accepted:2',
        'acknowledged:2',
        'allocated:2',
        'responded:2',
        'escalation_requested:3',
        'escalation_accepted:3',
        'responded:3',
        'closed:3',
      ],
    );
    assert.equal(state.status, 'closed');
    assert.equal(state.closedOn, '2024-07-02');
    assert.equal(state.route, 'formal');
    assert.deepEqual(
      state.stages.map((s) => [s.number, s.requestedOn, s.decision, s.openedOn, s.respondedOn, s.outcome]),
      [
        [1, null, null, '2024-03-01', '2024-03-20', 'partially_upheld'],
        [2, '2024-04-02', 'accepted', '2024-04-03', '2024-05-01', 'not_upheld'],
        [3, '2024-06-10', 'accepted', '2024-06-11', '2024-07-01', 'upheld'],
      ],
    );
    const first = state.stages[0];
    assert.equal(first?.investigatingOfficer, 'Jo Bloggs');
    assert.deepEqual(first?.pauses, [{ from: '2024-03-06', to: '2024-03-08', reason: 'waiting for photographs' }]);
    assert.deepEqual(first?.extensions, [{ to: '2024-03-22', reason: 'manager on leave', agreedOn: '2024-03-11' }]);
    assert.equal(currentStage(state)?.number, 3);

    // Escalation requests inside and outside the window are both recorded; the late one is flagged.
    assert.deepEqual(events[8]?.data, { late: false, windowClosesOn: '2024-04-18' });
    assert.deepEqual(events[13]?.data, { late: true, windowClosesOn: '2024-05-30' });
    assert.deepEqual(events[3]?.data, { officer: 'Jo Bloggs', previousOfficer: null });
  });

  it('urgent complaints follow the same procedure', () => {
    const { state } = run([
      { type: 'triage', route: 'urgent', on: RECEIVED },
      { type: 'open_stage', on: RECEIVED },
    ]);
    assert.equal(state.status, 'stage_open');
    assert.equal(state.route, 'urgent');
  });

  it('marks an escalation request late as unknown when the window applies but was not computed', () => {
    const { events } = run([...stageOneAnswered, { type: 'request_escalation', on: '2024-03-13' }]);
    assert.deepEqual(events.at(-1)?.data, { late: null, windowClosesOn: null });
  });

  it('allows reallocation and a second extension within the limit', () => {
    const { state, events } = run([
      ...formalTriage,
      { type: 'allocate', officer: 'A', on: '2024-03-04' },
      { type: 'allocate', officer: 'B', on: '2024-03-06' },
      { type: 'extend', to: '2024-03-20', reason: 'r1', agreedOn: '2024-03-10', currentDue: '2024-03-15', latestAllowed: '2024-03-29' },
      { type: 'extend', to: '2024-03-29', reason: 'r2', agreedOn: '2024-03-19', currentDue: '2024-03-20', latestAllowed: '2024-03-29' },
    ]);
    assert.equal(currentStage(state)?.investigatingOfficer, 'B');
    assert.deepEqual(events[3]?.data, { officer: 'B', previousOfficer: 'A' });
    assert.equal(currentStage(state)?.extensions.length, 2);
  });
});

describe('complaint lifecycle: triage routes', () => {
  for (const route of ['informal', 'service_request', 'early_resolution', 'alternative_path', 'not_eligible'] as const) {
    it(`closes a contact triaged as ${route} without opening a stage`, () => {
      const { state, events } = run([{ type: 'triage', route, reason: 'missed bin, first report', on: '2024-03-02' }]);
      assert.equal(state.status, 'closed');
      assert.equal(state.closedOn, '2024-03-02');
      assert.equal(state.route, route);
      assert.deepEqual(state.stages, []);
      assert.deepEqual(events[0]?.data, { route, previousRoute: null, reason: 'missed bin, first report' });
    });
  }

  it('records a contact triaged as withdrawn as withdrawn', () => {
    const { state } = run([{ type: 'triage', route: 'withdrawn', on: '2024-03-02' }]);
    assert.equal(state.status, 'withdrawn');
    assert.equal(state.withdrawnOn, '2024-03-02');
  });

  it('lets the route be changed before stage 1 opens', () => {
    const { state, events } = run([
      { type: 'triage', route: 'formal', on: '2024-03-02' },
      { type: 'triage', route: 'service_request', on: '2024-03-03' },
    ]);
    assert.equal(state.status, 'closed');
    assert.equal(events[1]?.data['previousRoute'], 'formal');
  });

  it('reopening a contact closed at triage returns it to be triaged again', () => {
    const { state } = run([
      { type: 'triage', route: 'service_request', on: '2024-03-02' },
      { type: 'reopen', on: '2024-03-05', reason: 'resident says the bin was missed three times' },
      { type: 'triage', route: 'formal', on: '2024-03-05' },
      { type: 'open_stage', on: RECEIVED },
    ]);
    assert.equal(state.status, 'stage_open');
    assert.equal(state.route, 'formal');
  });
});

describe('complaint lifecycle: refused commands say why', () => {
  const at = (commands: Command[], procedure = threeStage) => run(commands, procedure).state;

  it('refuses a second response to a stage', () => {
    assertRefused(
      at(stageOneAnswered),
      { type: 'respond', on: '2024-03-14', outcome: 'upheld' },
      'Stage 1 has already been answered on 12 March 2024; record an escalation request instead',
    );
  });

  it('refuses a second response to the last stage, saying it is the last', () => {
    const state = at(
      [...stageOneAnswered, { type: 'request_escalation', on: '2024-03-13' }, { type: 'accept_escalation', on: '2024-03-13' }, { type: 'respond', on: '2024-04-01', outcome: 'upheld' }],
      twoStage,
    );
    assertRefused(
      state,
      { type: 'respond', on: '2024-04-02', outcome: 'upheld' },
      'Stage 2 has already been answered on 1 April 2024; it is the last stage of this procedure',
      twoStage,
    );
  });

  it('refuses an escalation beyond the last stage, pointing to the Ombudsman', () => {
    const state = at(
      [...stageOneAnswered, { type: 'request_escalation', on: '2024-03-13' }, { type: 'accept_escalation', on: '2024-03-13' }, { type: 'respond', on: '2024-04-01', outcome: 'upheld' }],
      twoStage,
    );
    assertRefused(
      state,
      { type: 'request_escalation', on: '2024-04-05' },
      'This procedure has no stage 3: stage 2 is its last stage. The complainant may take the complaint to the Local Government and Social Care Ombudsman',
      twoStage,
    );
  });

  it('refuses an extension beyond the longest the stage allows', () => {
    assertRefused(
      at(formalTriage),
      { type: 'extend', to: '2024-05-16', reason: 'complex', agreedOn: '2024-03-10', currentDue: '2024-03-15', latestAllowed: '2024-05-15' },
      'An extension cannot go beyond 15 May 2024, the longest extension stage 1 allows; 16 May 2024 is too late',
    );
  });

  it('refuses an extension agreed after the due date', () => {
    assertRefused(
      at(formalTriage),
      { type: 'extend', to: '2024-03-22', reason: 'complex', agreedOn: '2024-03-18', currentDue: '2024-03-15', latestAllowed: '2024-03-29' },
      'An extension must be agreed on or before the current due date, 15 March 2024; this one was agreed on 18 March 2024',
    );
  });

  it('refuses an extension that does not move the due date later', () => {
    assertRefused(
      at(formalTriage),
      { type: 'extend', to: '2024-03-15', reason: 'complex', agreedOn: '2024-03-10', currentDue: '2024-03-15', latestAllowed: '2024-03-29' },
      'The new due date must be after the current due date, 15 March 2024',
    );
  });

  it('refuses an extension where the procedure allows none', () => {
    const state = at([...stageOneAnswered, { type: 'request_escalation', on: '2024-03-13' }, { type: 'accept_escalation', on: '2024-03-14' }], twoStage);
    assertRefused(
      state,
      { type: 'extend', to: '2024-04-22', reason: 'complex', agreedOn: '2024-03-20', currentDue: '2024-04-15', latestAllowed: '2024-05-01' },
      'Stage 2 of this procedure does not allow an extension',
      twoStage,
    );
    assertRefused(
      at(formalTriage),
      { type: 'extend', to: '2024-03-22', reason: 'complex', agreedOn: '2024-03-10', currentDue: '2024-03-15', latestAllowed: null },
      'Stage 1 of this procedure does not allow an extension',
    );
  });

  it('refuses a response while the clock is stopped', () => {
    assertRefused(
      at([...formalTriage, { type: 'stop_clock', on: '2024-03-05', reason: 'waiting for information' }]),
      { type: 'respond', on: '2024-03-12', outcome: 'upheld' },
      'Cannot respond while the clock is stopped; restart it first',
    );
  });

  it('refuses dates before the stage opened', () => {
    const state = at([{ type: 'triage', route: 'formal', on: '2024-03-04' }, { type: 'open_stage', on: '2024-03-04' }]);
    const message = 'Dates cannot be before the stage opened on 4 March 2024';
    assertRefused(state, { type: 'respond', on: '2024-03-02', outcome: 'upheld' }, message);
    assertRefused(state, { type: 'acknowledge', on: '2024-03-03' }, message);
    assertRefused(state, { type: 'stop_clock', on: '2024-03-03', reason: 'x' }, message);
  });

  it('refuses dates before the contact was received', () => {
    assertRefused(initialComplaintState(RECEIVED), { type: 'triage', route: 'formal', on: '2024-02-28' }, 'Dates cannot be before the contact was received on 1 March 2024');
  });

  it('refuses a response dated inside a pause that has ended', () => {
    assertRefused(
      at([...formalTriage, { type: 'stop_clock', on: '2024-03-05', reason: 'x' }, { type: 'restart_clock', on: '2024-03-11' }]),
      { type: 'respond', on: '2024-03-08', outcome: 'upheld' },
      'A response cannot be dated before the clock was restarted on 11 March 2024',
    );
  });

  it('refuses stopping a stopped clock and restarting a running one', () => {
    const stopped = at([...formalTriage, { type: 'stop_clock', on: '2024-03-05', reason: 'x' }]);
    assertRefused(stopped, { type: 'stop_clock', on: '2024-03-06', reason: 'y' }, 'The clock has been stopped since 5 March 2024; restart it first');
    assertRefused(stopped, { type: 'restart_clock', on: '2024-03-04' }, 'The clock cannot be restarted before it was stopped on 5 March 2024');
    assertRefused(at(formalTriage), { type: 'restart_clock', on: '2024-03-06' }, 'The clock on stage 1 is not stopped');
  });

  it('refuses a second acknowledgement', () => {
    assertRefused(at([...formalTriage, { type: 'acknowledge', on: '2024-03-04' }]), { type: 'acknowledge', on: '2024-03-05' }, 'Stage 1 was already acknowledged on 4 March 2024');
  });

  it('refuses to open a stage before triage, or a second stage 1', () => {
    assertRefused(initialComplaintState(RECEIVED), { type: 'open_stage', on: RECEIVED }, 'Triage the contact first: only a formal or urgent complaint opens stage 1');
    assertRefused(at(formalTriage), { type: 'open_stage', on: RECEIVED }, /^Stage 1 has already been opened; later stages open when an escalation request is accepted/);
  });

  it('refuses a route change once stage 1 has opened', () => {
    assertRefused(at(formalTriage), { type: 'triage', route: 'service_request', on: '2024-03-05' }, 'The route can no longer be changed: stage 1 opened on 1 March 2024');
  });

  it('refuses escalation before the response, and a second request', () => {
    assertRefused(at(formalTriage), { type: 'request_escalation', on: '2024-03-05' }, 'Stage 1 has not been answered yet; the next stage can only be requested after the response');
    assertRefused(
      at([...stageOneAnswered, { type: 'request_escalation', on: '2024-03-13' }]),
      { type: 'request_escalation', on: '2024-03-14' },
      'Stage 2 was already requested on 13 March 2024; accept or refuse that request',
    );
    assertRefused(at(stageOneAnswered), { type: 'request_escalation', on: '2024-03-11' }, 'The next stage cannot be requested before stage 1 was answered on 12 March 2024');
  });

  it('refuses a decision with no request waiting, or dated before the request', () => {
    assertRefused(at(stageOneAnswered), { type: 'accept_escalation', on: '2024-03-13' }, 'No escalation request is waiting for a decision: the case is at stage 1, answered on 12 March 2024');
    assertRefused(
      at([...stageOneAnswered, { type: 'request_escalation', on: '2024-03-13' }]),
      { type: 'refuse_escalation', on: '2024-03-12', reason: 'x' },
      'A decision cannot be dated before stage 2 was requested on 13 March 2024',
    );
  });

  it('refuses a response to a stage that has been requested but not accepted', () => {
    assertRefused(
      at([...stageOneAnswered, { type: 'request_escalation', on: '2024-03-13' }]),
      { type: 'respond', on: '2024-03-20', outcome: 'upheld' },
      'Stage 2 has been requested but not accepted; accept the request before recording a response',
    );
  });

  it('refuses to close an open stage', () => {
    assertRefused(at(formalTriage), { type: 'close', on: '2024-03-05' }, /^Stage 1 is still open; record the response first/);
    assertRefused(at(stageOneAnswered), { type: 'close', on: '2024-03-11' }, 'A closure cannot be dated before 12 March 2024, the latest date already recorded on this case');
  });

  it('refuses anything but reopening on a closed or withdrawn case', () => {
    const closed = at([...stageOneAnswered, { type: 'close', on: '2024-03-15' }]);
    assertRefused(closed, { type: 'request_escalation', on: '2024-03-20' }, 'This case was closed on 15 March 2024; reopen it first');
    assertRefused(closed, { type: 'withdraw', on: '2024-03-20' }, 'This case was closed on 15 March 2024; reopen it first');
    const withdrawn = at([...formalTriage, { type: 'withdraw', on: '2024-03-05' }]);
    assertRefused(withdrawn, { type: 'respond', on: '2024-03-20', outcome: 'upheld' }, 'This case was withdrawn on 5 March 2024; reopen it first');
    assertRefused(at(formalTriage), { type: 'reopen', on: '2024-03-20', reason: 'x' }, 'Only a closed or withdrawn case can be reopened: this one is at stage 1, open since 1 March 2024');
    assertRefused(closed, { type: 'reopen', on: '2024-03-14', reason: 'x' }, 'A case cannot be reopened before it was closed on 15 March 2024');
  });

  it('refuses recording a withdrawal as a response outcome', () => {
    assertRefused(at(formalTriage), { type: 'respond', on: '2024-03-05', outcome: 'withdrawn' }, 'To record that the complainant withdrew, record a withdrawal rather than a response');
  });

  it('refuses commands with missing or malformed fields', () => {
    const open = at(formalTriage);
    assertRefused(open, { type: 'respond', on: '2024-02-30', outcome: 'upheld' }, 'The date "2024-02-30" is not a real date; write it as YYYY-MM-DD');
    assertRefused(open, { type: 'allocate', officer: '  ', on: '2024-03-05' }, 'Name the investigating officer');
    assertRefused(open, { type: 'stop_clock', on: '2024-03-05', reason: '' }, 'Give the reason for stopping the clock');
    assertRefused(open, { type: 'respond', on: '2024-03-05', outcome: 'sort_of' as never }, '"sort_of" is not an outcome');
    assertRefused(initialComplaintState(RECEIVED), { type: 'triage', route: 'complaint' as never, on: RECEIVED }, '"complaint" is not a route');
    assertRefused(open, { type: 'escalate' } as never, 'Unknown action "escalate"');
    assertRefused(open, { type: 'extend', to: '2024-03-20', reason: ' ', agreedOn: '2024-03-05', currentDue: '2024-03-15', latestAllowed: '2024-03-29' }, 'Give the reason for the extension');
  });
});

describe('complaint lifecycle: refusal, withdrawal and reopening', () => {
  it('a refused escalation closes the case and is recorded on the requested stage', () => {
    const { state, events } = run([
      ...stageOneAnswered,
      { type: 'request_escalation', on: '2024-03-20' },
      { type: 'refuse_escalation', on: '2024-03-22', reason: ' no new issues raised ' },
    ]);
    assert.equal(state.status, 'closed');
    assert.equal(state.closedOn, '2024-03-22');
    assert.deepEqual(
      [currentStage(state)?.number, currentStage(state)?.decision, currentStage(state)?.decidedOn, currentStage(state)?.refusalReason, currentStage(state)?.openedOn],
      [2, 'refused', '2024-03-22', 'no new issues raised', null],
    );
    assert.deepEqual(events.at(-1), { type: 'escalation_refused', stage: 2, on: '2024-03-22', data: { reason: 'no new issues raised' } });
  });

  it('reopening a refused escalation puts the request back for a decision', () => {
    const { state } = run([
      ...stageOneAnswered,
      { type: 'request_escalation', on: '2024-03-20' },
      { type: 'refuse_escalation', on: '2024-03-22', reason: 'no new issues' },
      { type: 'reopen', on: '2024-03-25', reason: 'refusal reconsidered' },
    ]);
    assert.equal(state.status, 'escalation_requested');
    assert.equal(state.closedOn, null);
    assert.deepEqual([currentStage(state)?.decision, currentStage(state)?.refusalReason], [null, null]);
    const accepted = run([{ type: 'accept_escalation', on: '2024-03-25' }], threeStage, state).state;
    assert.equal(accepted.status, 'stage_open');
  });

  it('withdrawing an open stage records it withdrawn; reopening restores the open stage', () => {
    const withdrawn = run([
      ...formalTriage,
      { type: 'stop_clock', on: '2024-03-04', reason: 'x' },
      { type: 'withdraw', on: '2024-03-06', reason: 'resolved with the service' },
    ]);
    assert.equal(withdrawn.state.status, 'withdrawn');
    assert.equal(currentStage(withdrawn.state)?.outcome, 'withdrawn');
    assert.equal(currentStage(withdrawn.state)?.respondedOn, null);
    assert.deepEqual(withdrawn.events.at(-1)?.data, { reason: 'resolved with the service', statusBefore: 'stage_open' });
    assert.equal(statusOnReopen(withdrawn.state), 'stage_open');

    const reopened = run([{ type: 'reopen', on: '2024-03-08', reason: 'complainant changed their mind' }], threeStage, withdrawn.state);
    assert.equal(reopened.state.status, 'stage_open');
    assert.equal(reopened.state.withdrawnOn, null);
    assert.equal(currentStage(reopened.state)?.outcome, null);
    // The clock is still stopped, as it was when withdrawn.
    assertRefused(reopened.state, { type: 'respond', on: '2024-03-09', outcome: 'upheld' }, 'Cannot respond while the clock is stopped; restart it first');
    assert.deepEqual(reopened.events[0]?.data, { reason: 'complainant changed their mind', from: 'withdrawn', to: 'stage_open' });
  });

  it('reopening returns to the status before withdrawal, whatever it was', () => {
    const cases: [Command[], string][] = [
      [[], 'logged'],
      [[{ type: 'triage', route: 'formal', on: RECEIVED }], 'triaged'],
      [stageOneAnswered, 'responded'],
      [[...stageOneAnswered, { type: 'request_escalation', on: '2024-03-13' }], 'escalation_requested'],
    ];
    for (const [before, status] of cases) {
      const { state } = run([...before, { type: 'withdraw', on: '2024-03-20' }, { type: 'reopen', on: '2024-03-21', reason: 'x' }]);
      assert.equal(state.status, status);
      assert.equal(state.withdrawnOn, null);
    }
  });

  it('a contact withdrawn before triage has route withdrawn, cleared on reopening', () => {
    const { state } = run([{ type: 'withdraw', on: '2024-03-02' }]);
    assert.equal(state.route, 'withdrawn');
    const reopened = run([{ type: 'reopen', on: '2024-03-03', reason: 'x' }], threeStage, state).state;
    assert.deepEqual(reopened, initialComplaintState(RECEIVED));
  });

  it('reopening a closed case returns to the answered stage, from which escalation can be requested', () => {
    const { state } = run([
      ...stageOneAnswered,
      { type: 'close', on: '2024-03-13' },
      { type: 'reopen', on: '2024-03-20', reason: 'complainant asked for stage 2 within the window' },
      { type: 'request_escalation', on: '2024-03-20' },
    ]);
    assert.equal(state.status, 'escalation_requested');
  });

  it('a withdrawal cannot predate what is already recorded', () => {
    const { state } = run(stageOneAnswered);
    assertRefused(state, { type: 'withdraw', on: '2024-03-10' }, 'A withdrawal cannot be dated before 12 March 2024, the latest date already recorded on this case');
  });
});

describe('complaint lifecycle: transition table and diagram', () => {
  it('lists every command, each allowed from at least one status', () => {
    for (const type of COMMAND_TYPES) assert.ok(allowedFrom[type].length > 0, type);
    assert.deepEqual(allowedFrom.respond, ['stage_open']);
    assert.deepEqual(allowedFrom.reopen, ['closed', 'withdrawn']);
  });

  it('draws the lifecycle as a Mermaid state diagram', () => {
    const diagram = lifecycleDiagram();
    assert.match(diagram, /^stateDiagram-v2\n/);
    assert.match(diagram, /\n {4}stage_open --> responded : respond\n/);
    assert.match(diagram, /\n {4}escalation_requested --> closed : refuse_escalation\n/);
    assert.match(diagram, /\n {4}stage_open --> stage_open : acknowledge, allocate, extend, stop_clock, restart_clock, record_step\n/);
    assert.match(diagram, /\n {4}triaged --> stage_open : open_stage \(stage 1\), accept_at_stage_2 \(procedure has a stage 2\)\n/);
    // One line per distinct edge, plus the header and the start.
    const edges = new Set(transitionTable.map((t) => `${t.from}->${t.to}`));
    assert.equal(diagram.trim().split('\n').length, edges.size + 2);
  });

  it('formats dates the way officers write them', () => {
    assert.equal(longDate('2024-03-12'), '12 March 2024');
    assert.equal(longDate('2024-12-01'), '1 December 2024');
  });
});

// ---------------------------------------------------------------------------------------
// Property: any sequence of commands, legal or not, keeps the state valid; refusals change nothing.

const BASE = '2024-03-01';

type Maker = (today: string) => Command;

/** One generator per command, each relative to a moving "today" so most dates are plausible and some go backwards. */
const makers: { [K in CommandType]: fc.Arbitrary<Maker> } = {
  // Weighted towards the complaint routes so sequences get past triage.
  triage: fc
    .oneof({ weight: 3, arbitrary: fc.constantFrom(...COMPLAINT_ROUTES) }, { weight: 1, arbitrary: fc.constantFrom(...ROUTES) })
    .map((route) => (on) => ({ type: 'triage', route, on })),
  open_stage: fc.constant((on) => ({ type: 'open_stage', on })),
  accept_at_stage_2: fc
    .option(fc.integer({ min: -400, max: 3 }))
    .map((r) => (on) => ({ type: 'accept_at_stage_2', on, reason: 'complex', ...(r === null ? {} : { requestedOn: addDays(on, r) }) })),
  record_step: fc.constantFrom('panel', 'panel_report', 'discussion').map((step) => (on) => ({ type: 'record_step', on, step })),
  acknowledge: fc.constant((on) => ({ type: 'acknowledge', on })),
  allocate: fc.constantFrom('A', 'B').map((officer) => (on) => ({ type: 'allocate', officer, on })),
  extend: fc
    .record({
      due: fc.integer({ min: -3, max: 10 }), to: fc.integer({ min: -2, max: 15 }), limit: fc.option(fc.integer({ min: 0, max: 15 })),
      goodReason: fc.option(fc.constant('a second opinion from an engineer')),
    })
    .map(({ due, to, limit, goodReason }) => (on) => {
      const currentDue = addDays(on, due);
      return {
        type: 'extend',
        agreedOn: on,
        currentDue,
        to: addDays(currentDue, to),
        latestAllowed: limit === null ? null : addDays(currentDue, limit),
        reason: 'agreed',
        ...(goodReason === null ? {} : { goodReason }),
      };
    }),
  stop_clock: fc.constant((on) => ({ type: 'stop_clock', on, reason: 'waiting' })),
  restart_clock: fc.constant((on) => ({ type: 'restart_clock', on })),
  respond: fc.constantFrom(...STAGE_OUTCOMES).map((outcome) => (on) => ({ type: 'respond', on, outcome })),
  request_escalation: fc
    .option(fc.integer({ min: -5, max: 5 }))
    .map((w) => (on) => ({ type: 'request_escalation', on, windowClosesOn: w === null ? null : addDays(on, w) })),
  accept_escalation: fc.constant((on) => ({ type: 'accept_escalation', on })),
  refuse_escalation: fc.constant((on) => ({ type: 'refuse_escalation', on, reason: 'out of time' })),
  close: fc.constant((on) => ({ type: 'close', on })),
  withdraw: fc.constant((on) => ({ type: 'withdraw', on })),
  reopen: fc.constant((on) => ({ type: 'reopen', on, reason: 'reconsidered' })),
};

const commandArb = fc.oneof(...Object.values(makers));

/**
 * A step moves "today" and offers one candidate of every command; half the time it picks
 * among those the table allows from the current status (so sequences reach the last stage),
 * otherwise any command at all (so illegal ones are exercised too).
 */
const stepsArb = fc.array(
  fc.record({ delta: fc.integer({ min: -2, max: 6 }), candidates: fc.record(makers), legalOnly: fc.boolean(), pick: fc.nat() }),
  { maxLength: 80, size: 'max' },
);

function chooseCommand(step: { delta: number; candidates: Record<CommandType, Maker>; legalOnly: boolean; pick: number }, status: ComplaintStatus, today: string): Command {
  const types = step.legalOnly ? COMMAND_TYPES.filter((t) => allowedFrom[t].includes(status)) : [...COMMAND_TYPES];
  const type = types[step.pick % types.length] ?? 'close';
  return step.candidates[type](today);
}

describe('complaint lifecycle: properties', () => {
  for (const procedure of [threeStage, twoStage]) {
    it(`random command sequences never produce an invalid state (${procedure.key})`, () => {
      let deepest = 0;
      fc.assert(
        fc.property(stepsArb, (steps) => {
          let state = initialComplaintState(BASE);
          let today = BASE;
          for (const step of steps) {
            today = addDays(today, step.delta);
            const command = chooseCommand(step, state.status, today);
            const snapshot = structuredClone(state);
            const result = decide(deepFreeze(state), command, procedure);
            assert.deepEqual(state, snapshot, 'decide changed its input');
            if (!result.ok) {
              assert.ok(result.reason.length > 0);
              continue;
            }
            const problems = complaintStateProblems(result.state, procedure);
            assert.deepEqual(problems, [], `${command.type} from ${state.status}`);
            const edge = transitionTable.some((t) => t.command === command.type && t.from === state.status && t.to === result.state.status);
            assert.ok(edge, `${command.type}: ${state.status} -> ${result.state.status} is not in the transition table`);
            assert.equal(result.event.on, command.type === 'extend' ? command.agreedOn : command.on);
            state = result.state;
            deepest = Math.max(deepest, state.stages.length);
          }
        }),
        { numRuns: 500 },
      );
      // Guard against a generator that never gets past stage 1.
      assert.equal(deepest, procedure.stages.length);
    });
  }

  it('a command refused from a status is refused from every state with that status', () => {
    // Status checks come from the table alone: commands not allowed from a status are always refused.
    fc.assert(
      fc.property(stepsArb, commandArb, (steps, make) => {
        let state = initialComplaintState(BASE);
        let today = BASE;
        for (const step of steps) {
          today = addDays(today, step.delta);
          const r = decide(state, chooseCommand(step, state.status, today), threeStage);
          if (r.ok) state = r.state;
        }
        const command = make(today);
        if (!allowedFrom[command.type].includes(state.status)) assert.equal(decide(state, command, threeStage).ok, false);
      }),
      { numRuns: 200 },
    );
  });
});

describe('complaint lifecycle: starting at stage 2, steps, extensions beyond the limit', () => {
  const triaged = run([{ type: 'triage', route: 'formal', on: '2024-03-04' }]).state;
  const oneStage: ProcedureDefinition = { ...twoStage, key: 'test-adults', name: 'Adults (test)', stages: [stage(1, { escalationWindow: null })] };

  it('accepts a complaint straight at stage 2, asked for on receipt unless said otherwise, as one event', () => {
    const { state, events } = run([
      { type: 'triage', route: 'formal', on: '2024-03-04' },
      { type: 'accept_at_stage_2', on: '2024-03-05', reason: 'Complex: several services' },
    ]);
    assert.equal(state.status, 'stage_open');
    assert.deepEqual(state.stages.map((s) => [s.number, s.requestedOn, s.decision, s.openedOn, s.acceptedDirectlyReason]), [
      [2, RECEIVED, 'accepted', '2024-03-05', 'Complex: several services'],
    ]);
    assert.deepEqual(events.at(-1), { type: 'accepted_at_stage_2', stage: 2, on: '2024-03-05', data: { reason: 'Complex: several services', requestedOn: RECEIVED } });
    // It goes on like any stage 2: answered, then stage 3 asked for and accepted.
    const later = run([
      { type: 'respond', on: '2024-03-20', outcome: 'not_upheld' },
      { type: 'request_escalation', on: '2024-03-25' },
      { type: 'accept_escalation', on: '2024-03-26' },
    ], threeStage, state).state;
    assert.deepEqual(later.stages.map((s) => s.number), [2, 3]);
  });

  it('refuses it where the procedure has no stage 2, without a reason, or with a request dated outside the case', () => {
    assertRefused(triaged, { type: 'accept_at_stage_2', on: '2024-03-05', reason: 'complex' }, 'The procedure "Adults (test)" has no stage 2; open stage 1 instead', oneStage);
    assertRefused(triaged, { type: 'accept_at_stage_2', on: '2024-03-05', reason: ' ' }, 'Give the reason the complaint is accepted straight at stage 2');
    assertRefused(triaged, { type: 'accept_at_stage_2', on: '2024-03-05', reason: 'x', requestedOn: '2024-02-01' }, /cannot have been asked for before the complaint was received on 1 March 2024/);
    assertRefused(triaged, { type: 'accept_at_stage_2', on: '2024-03-05', reason: 'x', requestedOn: '2024-03-06' }, /before it was asked for on 6 March 2024/);
    assertRefused(initialComplaintState(RECEIVED), { type: 'accept_at_stage_2', on: '2024-03-05', reason: 'x' }, 'Triage the contact first: only a formal or urgent complaint opens stage 2');
  });

  it('a stage 3 still needs its stage 2: a state starting at stage 3 is invalid', () => {
    const direct = run([{ type: 'triage', route: 'formal', on: '2024-03-04' }, { type: 'accept_at_stage_2', on: '2024-03-05', reason: 'x' }]).state;
    const skipped: ComplaintState = { ...direct, stages: [{ ...direct.stages[0]!, number: 3 }] };
    assert.ok(complaintStateProblems(skipped, threeStage).some((p) => /only stage 2 can be reached without the stage before it/.test(p)));
  });

  it('records the steps of a stage in order, once each', () => {
    const atStage3 = run([
      ...formalTriage,
      { type: 'respond', on: '2024-03-10', outcome: 'not_upheld' },
      { type: 'request_escalation', on: '2024-03-11' },
      { type: 'accept_escalation', on: '2024-03-12' },
      { type: 'respond', on: '2024-04-10', outcome: 'not_upheld' },
      { type: 'request_escalation', on: '2024-04-11' },
      { type: 'accept_escalation', on: '2024-04-12' },
    ]).state;
    assertRefused(atStage3, { type: 'record_step', on: '2024-05-01', step: 'panel_report' }, 'Record the review panel meeting first');
    assertRefused(atStage3, { type: 'record_step', on: '2024-05-01', step: 'hearing' }, /has no step "hearing"; its steps are "panel" \(the review panel meeting\), "panel_report"/);
    const { state, events } = run([{ type: 'record_step', on: '2024-05-01', step: 'panel' }], threeStage, atStage3);
    assert.deepEqual(events[0], { type: 'step_recorded', stage: 3, on: '2024-05-01', data: { step: 'panel', name: 'the review panel meeting' } });
    assertRefused(state, { type: 'record_step', on: '2024-05-02', step: 'panel' }, 'The review panel meeting was already recorded on 1 May 2024');
    assertRefused(state, { type: 'record_step', on: '2024-04-30', step: 'panel_report' }, "The panel's report cannot be before the review panel meeting on 1 May 2024");
    assert.deepEqual(run([{ type: 'record_step', on: '2024-05-03', step: 'panel_report' }], threeStage, state).state.stages[2]!.steps, [
      { key: 'panel', on: '2024-05-01' },
      { key: 'panel_report', on: '2024-05-03' },
    ]);
  });

  it('an extension beyond the longest allowed needs a good reason where the procedure allows it, and is marked', () => {
    const open = run(formalTriage, twoStage).state;
    const extend = (goodReason?: string): Command => ({
      type: 'extend', agreedOn: '2024-03-10', currentDue: '2024-03-15', latestAllowed: '2024-03-29', to: '2024-04-12', reason: 'survey',
      ...(goodReason === undefined ? {} : { goodReason }),
    });
    assertRefused(open, extend(), '12 April 2024 is beyond 29 March 2024, the longest extension stage 1 allows without good reason; record the good reason to go beyond it', twoStage);
    const { state, events } = run([extend('Structural survey needed')], twoStage, open);
    assert.deepEqual(state.stages[0]!.extensions, [{ to: '2024-04-12', reason: 'survey', agreedOn: '2024-03-10', beyondCodeReason: 'Structural survey needed' }]);
    assert.equal(events[0]!.data.beyondCodeReason, 'Structural survey needed');
    // Where the limit is statutory it stays refused, good reason or not.
    const children = run(formalTriage).state;
    assertRefused(children, extend('Structural survey needed'), /cannot go beyond 29 March 2024, the longest extension stage 1 allows/);
  });

  it('an "agreed" procedure allows any later date agreed before the current one passes', () => {
    const agreed: ProcedureDefinition = { ...oneStage, stages: [stage(1, { escalationWindow: null, maxExtension: null, beyondMaxExtension: 'agreed' })] };
    const open = run(formalTriage, agreed).state;
    const extend = (agreedOn: string): Command => ({ type: 'extend', agreedOn, currentDue: '2024-09-01', latestAllowed: null, to: '2025-01-31', reason: 'agreed' });
    assert.equal(run([extend('2024-08-30')], agreed, open).state.stages[0]!.extensions.length, 1);
    assertRefused(open, extend('2024-09-02'), /must be agreed on or before the current due date, 1 September 2024/, agreed);
  });
});
