/**
 * The complaint lifecycle as a pure state machine: `decide(state, command, procedure)`
 * either refuses the command with a reason a complaints officer understands, or returns the
 * next state and the event to store. No I/O and no clock: every date arrives in the
 * command, and any deadline that needs working days (the current due date, the latest
 * extension allowed, the end of the escalation window) is computed by the caller with the
 * council's calendar and passed in, so this module never depends on bank holidays.
 *
 * State is plain JSON and treated as immutable: `decide` never changes its input, so a
 * refused command leaves the caller's state exactly as it was.
 *
 * Triage decides what happens to a contact:
 * - formal / urgent → `triaged`, waiting for stage 1 to be opened (normally dated the day
 *   the contact was received, which may be before triage);
 * - withdrawn → `withdrawn`;
 * - any other route (informal, service request, …) → `closed` at once: those contacts are
 *   resolved or redirected without the procedure, and only formal/urgent count as
 *   complaints, so nothing further is tracked here. Reopening such a contact returns it to
 *   `logged` with no route, because it is the triage decision that is being revisited.
 */
import type { IsoDate } from '../dates.ts';
import { isIsoDate } from '../dates.ts';
import type { ProcedureDefinition, StageDefinition } from '../procedures/types.ts';
import type { EscalationDecision, Route, StageOutcome } from './vocabulary.ts';
import { isComplaintRoute, isRoute, isStageOutcome } from './vocabulary.ts';

export const COMPLAINT_STATUSES = [
  'logged',
  'triaged',
  'stage_open',
  'responded',
  'escalation_requested',
  'closed',
  'withdrawn',
] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];

export interface Extension {
  /** The new due date agreed with the complainant. */
  to: IsoDate;
  reason: string;
  agreedOn: IsoDate;
  /**
   * Beyond the procedure's longest extension, allowed only with a good reason (the Complaint
   * Handling Code's 10 / 20 working days): the good reason recorded. Absent otherwise.
   */
  beyondCodeReason?: string;
}

/** A step inside a stage done on a date (the Welsh discussion, the review panel meeting). */
export interface StepRecord {
  key: string;
  on: IsoDate;
}

/** A period with the response clock stopped (e.g. waiting for the complainant's information). */
export interface Pause {
  from: IsoDate;
  /** null = the clock is still stopped. */
  to: IsoDate | null;
  reason: string;
}

export interface StageState {
  /** 1, 2, 3 … consecutively, matching the procedure's stage numbers. */
  number: number;
  /** Stage 2+: when the complainant asked for this stage. Stage 1: null. */
  requestedOn: IsoDate | null;
  /** Stage 2+: the decision on the request; null while undecided, and on stage 1. */
  decision: EscalationDecision | null;
  decidedOn: IsoDate | null;
  refusalReason: string | null;
  /** When the stage (and its clock) started; null while requested, or when refused. */
  openedOn: IsoDate | null;
  acknowledgedOn: IsoDate | null;
  investigatingOfficer: string | null;
  extensions: readonly Extension[];
  pauses: readonly Pause[];
  respondedOn: IsoDate | null;
  /** Steps of the stage done so far, in the order recorded; absent = none. */
  steps?: readonly StepRecord[];
  /**
   * Why the complaint was accepted straight at this stage without the earlier one (stage 2
   * only); absent or null for a stage reached the usual way.
   */
  acceptedDirectlyReason?: string | null;
  /**
   * Set with `respondedOn` by a response. The one exception: a stage open when the complaint
   * is withdrawn gets `withdrawn` with no response date, as the case-history CSV records it.
   */
  outcome: StageOutcome | null;
}

export interface ComplaintState {
  status: ComplaintStatus;
  /** null until triaged (and again after a triage decision is reopened). */
  route: Route | null;
  receivedOn: IsoDate;
  triagedOn: IsoDate | null;
  stages: readonly StageState[];
  closedOn: IsoDate | null;
  withdrawnOn: IsoDate | null;
}

export type Command =
  | { type: 'triage'; route: Route; reason?: string; on: IsoDate }
  /** Opens stage 1 of a contact triaged as a formal or urgent complaint. */
  | { type: 'open_stage'; on: IsoDate }
  /**
   * Accepts a formal or urgent complaint straight at stage 2, without a stage 1 (the Code
   * allows it; the Welsh procedure lets the complainant ask for it; complex cases). The
   * request is dated `requestedOn`, or the day the complaint was received.
   */
  | { type: 'accept_at_stage_2'; on: IsoDate; reason: string; requestedOn?: IsoDate }
  /** Records a step of the open stage with its own deadline (e.g. 'panel', 'discussion'). */
  | { type: 'record_step'; on: IsoDate; step: string }
  | { type: 'acknowledge'; on: IsoDate }
  | { type: 'allocate'; officer: string; on: IsoDate }
  | {
      type: 'extend';
      to: IsoDate;
      reason: string;
      agreedOn: IsoDate;
      /** The latest due date the procedure allows for this stage; null = no extension allowed. */
      latestAllowed: IsoDate | null;
      /** The due date before this extension (original, or the last extension). */
      currentDue: IsoDate;
      /** Where the procedure allows going beyond its longest extension with good reason: that reason. */
      goodReason?: string;
    }
  | { type: 'stop_clock'; on: IsoDate; reason: string }
  | { type: 'restart_clock'; on: IsoDate }
  | { type: 'respond'; on: IsoDate; outcome: StageOutcome }
  | {
      type: 'request_escalation';
      on: IsoDate;
      /** Last day of the procedure's escalation window, if the caller computed it; a later request is still recorded, flagged late. */
      windowClosesOn?: IsoDate | null;
    }
  | { type: 'accept_escalation'; on: IsoDate }
  | { type: 'refuse_escalation'; on: IsoDate; reason: string }
  | { type: 'close'; on: IsoDate }
  | { type: 'withdraw'; on: IsoDate; reason?: string }
  | { type: 'reopen'; on: IsoDate; reason: string };

export type CommandType = Command['type'];

export const COMMAND_TYPES = [
  'triage',
  'open_stage',
  'accept_at_stage_2',
  'record_step',
  'acknowledge',
  'allocate',
  'extend',
  'stop_clock',
  'restart_clock',
  'respond',
  'request_escalation',
  'accept_escalation',
  'refuse_escalation',
  'close',
  'withdraw',
  'reopen',
] as const satisfies readonly CommandType[];
// Fails to compile if a command type is missing from COMMAND_TYPES.
const everyCommandListed: [Exclude<CommandType, (typeof COMMAND_TYPES)[number]>] extends [never] ? true : never = true;
void everyCommandListed;

export type LifecycleEventType =
  | 'triaged'
  | 'stage_opened'
  | 'accepted_at_stage_2'
  | 'step_recorded'
  | 'acknowledged'
  | 'allocated'
  | 'extended'
  | 'clock_stopped'
  | 'clock_restarted'
  | 'responded'
  | 'escalation_requested'
  | 'escalation_accepted'
  | 'escalation_refused'
  | 'closed'
  | 'withdrawn'
  | 'reopened';

/** What happened, for the case history; the caller stores it with who and when, in the same transaction as the state. */
export interface LifecycleEvent {
  type: LifecycleEventType;
  /** The stage it happened to; null for events about the contact as a whole before any stage. */
  stage: number | null;
  on: IsoDate;
  data: Record<string, unknown>;
}

export type Decision =
  | { ok: true; state: ComplaintState; event: LifecycleEvent }
  | { ok: false; reason: string };

// ---------------------------------------------------------------------------------------
// The transition table: data, so the diagram and the status checks cannot disagree.

export interface Transition {
  command: CommandType;
  from: ComplaintStatus;
  to: ComplaintStatus;
  /** The condition that picks this edge when a command has several. */
  when?: string;
}

const ACTIVE: readonly ComplaintStatus[] = ['logged', 'triaged', 'stage_open', 'responded', 'escalation_requested'];

export const transitionTable: readonly Transition[] = [
  ...(['logged', 'triaged'] as const).flatMap((from): Transition[] => [
    { command: 'triage', from, to: 'triaged', when: 'formal or urgent' },
    { command: 'triage', from, to: 'closed', when: 'other routes' },
    { command: 'triage', from, to: 'withdrawn', when: 'route withdrawn' },
  ]),
  { command: 'open_stage', from: 'triaged', to: 'stage_open', when: 'stage 1' },
  { command: 'accept_at_stage_2', from: 'triaged', to: 'stage_open', when: 'procedure has a stage 2' },
  { command: 'acknowledge', from: 'stage_open', to: 'stage_open' },
  { command: 'allocate', from: 'stage_open', to: 'stage_open' },
  { command: 'extend', from: 'stage_open', to: 'stage_open' },
  { command: 'stop_clock', from: 'stage_open', to: 'stage_open' },
  { command: 'restart_clock', from: 'stage_open', to: 'stage_open' },
  { command: 'record_step', from: 'stage_open', to: 'stage_open' },
  { command: 'respond', from: 'stage_open', to: 'responded' },
  { command: 'request_escalation', from: 'responded', to: 'escalation_requested', when: 'procedure has a next stage' },
  { command: 'accept_escalation', from: 'escalation_requested', to: 'stage_open', when: 'next stage opens' },
  { command: 'refuse_escalation', from: 'escalation_requested', to: 'closed' },
  { command: 'close', from: 'responded', to: 'closed' },
  ...ACTIVE.map((from): Transition => ({ command: 'withdraw', from, to: 'withdrawn' })),
  { command: 'reopen', from: 'closed', to: 'logged', when: 'closed at triage' },
  { command: 'reopen', from: 'closed', to: 'responded', when: 'closed after a response' },
  { command: 'reopen', from: 'closed', to: 'escalation_requested', when: 'escalation refused' },
  ...ACTIVE.map((to): Transition => ({ command: 'reopen', from: 'withdrawn', to, when: 'status before withdrawal' })),
];

/** The statuses each command may be given in, derived from the table. */
export const allowedFrom: Readonly<Record<CommandType, readonly ComplaintStatus[]>> = Object.fromEntries(
  COMMAND_TYPES.map((type) => [type, [...new Set(transitionTable.filter((t) => t.command === type).map((t) => t.from))]]),
) as unknown as Record<CommandType, readonly ComplaintStatus[]>;

/** The lifecycle as Mermaid `stateDiagram-v2` text, generated from `transitionTable`. */
export function lifecycleDiagram(): string {
  const edges = new Map<string, string[]>();
  for (const t of transitionTable) {
    const key = `${t.from} --> ${t.to}`;
    const label = t.when ? `${t.command} (${t.when})` : t.command;
    const labels = edges.get(key) ?? [];
    if (!labels.includes(label)) labels.push(label);
    edges.set(key, labels);
  }
  const lines = ['stateDiagram-v2', '    [*] --> logged'];
  for (const [key, labels] of edges) lines.push(`    ${key} : ${labels.join(', ')}`);
  return lines.join('\n') + '\n';
}

// ---------------------------------------------------------------------------------------

export function initialComplaintState(receivedOn: IsoDate): ComplaintState {
  return { status: 'logged', route: null, receivedOn, triagedOn: null, stages: [], closedOn: null, withdrawnOn: null };
}

/** The latest stage the complaint reached (including a requested or refused one); null before stage 1. */
export function currentStage(state: ComplaintState): StageState | null {
  return state.stages.at(-1) ?? null;
}

/** True while the stage's response clock is stopped. */
export function isClockStopped(stage: StageState): boolean {
  return stage.pauses.at(-1)?.to === null;
}

/**
 * The status reopening returns to. Derived from the stages rather than stored, so it also
 * works for states built by the case-history import.
 */
export function statusOnReopen(state: ComplaintState): ComplaintStatus | null {
  const stage = currentStage(state);
  if (state.status === 'closed') {
    if (!stage) return 'logged';
    return stage.decision === 'refused' ? 'escalation_requested' : 'responded';
  }
  if (state.status === 'withdrawn') {
    if (!stage) return isComplaintRoute(state.route) ? 'triaged' : 'logged';
    if (stage.openedOn === null) return 'escalation_requested';
    return stage.respondedOn === null ? 'stage_open' : 'responded';
  }
  return null;
}

const OMBUDSMAN_NAMES: Record<ProcedureDefinition['ombudsman'], string> = {
  lgsco: 'Local Government and Social Care Ombudsman',
  housing_ombudsman: 'Housing Ombudsman',
  psow: 'Public Services Ombudsman for Wales',
  spso: 'Scottish Public Services Ombudsman',
  nipso: 'Northern Ireland Public Services Ombudsman',
};

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** "12 March 2024": how dates appear in refusal messages. */
export function longDate(date: IsoDate): string {
  return `${Number(date.slice(8, 10))} ${MONTHS[Number(date.slice(5, 7)) - 1]} ${date.slice(0, 4)}`;
}

// ---------------------------------------------------------------------------------------

function refuse(reason: string): Decision {
  return { ok: false, reason };
}

function stageDefinition(procedure: ProcedureDefinition, number: number): StageDefinition | undefined {
  return procedure.stages.find((s) => s.number === number);
}

function replaceLastStage(state: ComplaintState, changes: Partial<StageState>): readonly StageState[] {
  const stage = currentStage(state);
  if (!stage) throw new Error('replaceLastStage: no stage');
  return [...state.stages.slice(0, -1), { ...stage, ...changes }];
}

function maxDate(dates: readonly (IsoDate | null | undefined)[]): IsoDate {
  let max = '';
  for (const d of dates) if (d && d > max) max = d;
  return max;
}

/** The latest date already recorded on the case; closing or withdrawing cannot predate it. */
function latestRecordedDate(state: ComplaintState): IsoDate {
  return maxDate([
    state.receivedOn,
    state.triagedOn,
    ...state.stages.flatMap((s) => [
      s.requestedOn,
      s.decidedOn,
      s.openedOn,
      s.acknowledgedOn,
      s.respondedOn,
      ...s.extensions.map((e) => e.agreedOn),
      ...s.pauses.flatMap((p) => [p.from, p.to]),
    ]),
  ]);
}

function describeStatus(state: ComplaintState): string {
  const stage = currentStage(state);
  switch (state.status) {
    case 'logged':
      return 'waiting to be triaged';
    case 'triaged':
      return `triaged as ${state.route === 'urgent' ? 'an urgent' : 'a formal'} complaint, with stage 1 not yet opened`;
    case 'stage_open':
      return `at stage ${stage?.number}, open since ${longDate(stage?.openedOn ?? '')}`;
    case 'responded':
      return `at stage ${stage?.number}, answered on ${longDate(stage?.respondedOn ?? '')}`;
    case 'escalation_requested':
      return `waiting for a decision on the request for stage ${stage?.number} made on ${longDate(stage?.requestedOn ?? '')}`;
    case 'closed':
      return `closed on ${longDate(state.closedOn ?? '')}`;
    case 'withdrawn':
      return `withdrawn on ${longDate(state.withdrawnOn ?? '')}`;
  }
}

const STAGE_VERBS: Partial<Record<CommandType, string>> = {
  acknowledge: 'acknowledge',
  allocate: 'allocate an investigating officer to',
  extend: 'extend',
  stop_clock: 'stop the clock on',
  restart_clock: 'restart the clock on',
  respond: 'answer',
  record_step: 'record a step of',
};

/** Why `command` cannot be given in the current status, in the officer's terms. */
function wrongStatusReason(state: ComplaintState, command: Command, procedure: ProcedureDefinition): string {
  const stage = currentStage(state);
  const n = stage?.number ?? 0;
  if (command.type !== 'reopen') {
    if (state.status === 'closed') return `This case was closed on ${longDate(state.closedOn ?? '')}; reopen it first`;
    if (state.status === 'withdrawn') return `This case was withdrawn on ${longDate(state.withdrawnOn ?? '')}; reopen it first`;
  }
  const now = describeStatus(state);
  switch (command.type) {
    case 'triage':
      return `The route can no longer be changed: stage ${state.stages[0]?.number ?? 1} opened on ${longDate(state.stages[0]?.openedOn ?? '')}`;
    case 'open_stage':
    case 'accept_at_stage_2':
      if (state.status === 'logged')
        return `Triage the contact first: only a formal or urgent complaint opens stage ${command.type === 'open_stage' ? 1 : 2}`;
      return `Stage ${state.stages[0]?.number ?? 1} has already been opened; later stages open when an escalation request is accepted (the case is ${now})`;
    case 'respond':
      if (state.status === 'responded') {
        const next = stageDefinition(procedure, n + 1)
          ? 'record an escalation request instead'
          : 'it is the last stage of this procedure';
        return `Stage ${n} has already been answered on ${longDate(stage?.respondedOn ?? '')}; ${next}`;
      }
      if (state.status === 'escalation_requested')
        return `Stage ${n} has been requested but not accepted; accept the request before recording a response`;
      return `There is no open stage to answer: the case is ${now}`;
    case 'acknowledge':
    case 'allocate':
    case 'extend':
    case 'stop_clock':
    case 'restart_clock':
    case 'record_step':
      return `There is no open stage to ${STAGE_VERBS[command.type]}: the case is ${now}`;
    case 'request_escalation':
      if (state.status === 'stage_open')
        return `Stage ${n} has not been answered yet; the next stage can only be requested after the response`;
      if (state.status === 'escalation_requested')
        return `Stage ${n} was already requested on ${longDate(stage?.requestedOn ?? '')}; accept or refuse that request`;
      return `Only a complaint whose stage has been answered can be escalated: the case is ${now}`;
    case 'accept_escalation':
    case 'refuse_escalation':
      return `No escalation request is waiting for a decision: the case is ${now}`;
    case 'close':
      if (state.status === 'stage_open')
        return `Stage ${n} is still open; record the response first (outcome "no written response" if none was sent), or record a withdrawal`;
      if (state.status === 'escalation_requested')
        return `Stage ${n} has been requested; refuse the request to close the case, or accept it`;
      if (state.status === 'logged')
        return 'Triage the contact instead: choosing a route other than formal or urgent closes it';
      return 'Stage 1 has not been opened; record a withdrawal, or triage the contact again to a route other than formal or urgent';
    case 'withdraw':
      return `This case cannot be withdrawn: it is ${now}`;
    case 'reopen':
      return `Only a closed or withdrawn case can be reopened: this one is ${now}`;
  }
}

function badDate(value: unknown, what: string): string | null {
  return typeof value === 'string' && isIsoDate(value)
    ? null
    : `The ${what} "${String(value)}" is not a real date; write it as YYYY-MM-DD`;
}

function blank(value: unknown): boolean {
  return typeof value !== 'string' || value.trim() === '';
}

/** Checks a command's fields, which may come straight from a form or an import. */
function commandProblem(command: Command): string | null {
  if (!command || !(COMMAND_TYPES as readonly string[]).includes(command.type))
    return `Unknown action "${String((command as { type?: unknown } | null)?.type)}"`;
  if (command.type === 'extend') {
    return (
      badDate(command.agreedOn, 'date agreed') ??
      badDate(command.to, 'new due date') ??
      badDate(command.currentDue, 'current due date') ??
      (command.latestAllowed === null ? null : badDate(command.latestAllowed, 'latest date allowed')) ??
      (blank(command.reason) ? 'Give the reason for the extension' : null) ??
      (command.goodReason !== undefined && typeof command.goodReason !== 'string' ? 'The good reason must be text' : null)
    );
  }
  const dateProblem = badDate(command.on, 'date');
  if (dateProblem) return dateProblem;
  switch (command.type) {
    case 'triage':
      return isRoute(command.route) ? null : `"${String(command.route)}" is not a route`;
    case 'allocate':
      return blank(command.officer) ? 'Name the investigating officer' : null;
    case 'stop_clock':
      return blank(command.reason) ? 'Give the reason for stopping the clock' : null;
    case 'respond':
      return isStageOutcome(command.outcome) ? null : `"${String(command.outcome)}" is not an outcome`;
    case 'request_escalation':
      return command.windowClosesOn == null ? null : badDate(command.windowClosesOn, 'end of the escalation window');
    case 'refuse_escalation':
      return blank(command.reason) ? 'Give the reason the escalation is refused' : null;
    case 'accept_at_stage_2':
      if (blank(command.reason)) return 'Give the reason the complaint is accepted straight at stage 2';
      return command.requestedOn === undefined ? null : badDate(command.requestedOn, 'date stage 2 was asked for');
    case 'record_step':
      return blank(command.step) ? 'Say which step of the stage was done' : null;
    case 'reopen':
      return blank(command.reason) ? 'Give the reason for reopening the case' : null;
    default:
      return null;
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A stage with nothing recorded yet but what is given. */
function newStage(number: number, given: Partial<StageState>): StageState {
  return {
    number, requestedOn: null, decision: null, decidedOn: null, refusalReason: null, openedOn: null, acknowledgedOn: null,
    investigatingOfficer: null, extensions: [], pauses: [], respondedOn: null, outcome: null, ...given,
  };
}

/**
 * Applies `command` to `state` under `procedure`. Returns the new state and the event to
 * record, or a refusal saying why; the input state is never modified.
 */
export function decide(state: ComplaintState, command: Command, procedure: ProcedureDefinition): Decision {
  const problem = commandProblem(command);
  if (problem) return refuse(problem);
  if (!allowedFrom[command.type].includes(state.status)) return refuse(wrongStatusReason(state, command, procedure));

  // Nothing on a case can predate its receipt (extend carries its date as agreedOn).
  const on = command.type === 'extend' ? command.agreedOn : command.on;
  if (on < state.receivedOn) return refuse(`Dates cannot be before the contact was received on ${longDate(state.receivedOn)}`);

  const stage = currentStage(state);
  const n = stage?.number ?? null;
  const ok = (next: ComplaintState, type: LifecycleEventType, data: Record<string, unknown> = {}, eventStage = n): Decision => ({
    ok: true,
    state: next,
    event: { type, stage: eventStage, on, data },
  });
  // Dates within a stage cannot come before it opened.
  const beforeOpened = (date: IsoDate): string | null =>
    stage?.openedOn && date < stage.openedOn ? `Dates cannot be before the stage opened on ${longDate(stage.openedOn)}` : null;

  switch (command.type) {
    case 'triage': {
      const base = { ...state, route: command.route, triagedOn: command.on };
      const data = { route: command.route, previousRoute: state.route, reason: command.reason ?? null };
      if (isComplaintRoute(command.route)) return ok({ ...base, status: 'triaged' }, 'triaged', data);
      if (command.route === 'withdrawn') return ok({ ...base, status: 'withdrawn', withdrawnOn: command.on }, 'triaged', data);
      return ok({ ...base, status: 'closed', closedOn: command.on }, 'triaged', data);
    }

    case 'open_stage': {
      if (!stageDefinition(procedure, 1)) return refuse(`The procedure "${procedure.name}" has no stage 1`);
      const first = newStage(1, { openedOn: command.on });
      return ok({ ...state, status: 'stage_open', stages: [first] }, 'stage_opened', {}, 1);
    }

    case 'accept_at_stage_2': {
      // Only stage 2: a stage 3 (a children's review panel) still needs its stage 2.
      if (!stageDefinition(procedure, 2))
        return refuse(`The procedure "${procedure.name}" has no stage 2; open stage 1 instead`);
      const requestedOn = command.requestedOn ?? state.receivedOn;
      if (requestedOn < state.receivedOn)
        return refuse(`Stage 2 cannot have been asked for before the complaint was received on ${longDate(state.receivedOn)}`);
      if (requestedOn > command.on)
        return refuse(`Stage 2 cannot be accepted on ${longDate(command.on)}, before it was asked for on ${longDate(requestedOn)}`);
      const reason = command.reason.trim();
      const second = newStage(2, {
        requestedOn, decision: 'accepted', decidedOn: command.on, openedOn: command.on, acceptedDirectlyReason: reason,
      });
      return ok({ ...state, status: 'stage_open', stages: [second] }, 'accepted_at_stage_2', { reason, requestedOn }, 2);
    }

    case 'record_step': {
      const steps = (n === null ? undefined : stageDefinition(procedure, n))?.steps ?? [];
      const step = steps.find((s) => s.key === command.step);
      if (!step) {
        const known = steps.map((s) => `"${s.key}" (${s.name})`).join(', ');
        return refuse(`Stage ${n} of this procedure has no step "${command.step}"${known ? `; its steps are ${known}` : ''}`);
      }
      const done = stage?.steps ?? [];
      const already = done.find((s) => s.key === step.key);
      if (already) return refuse(`${capitalise(step.name)} was already recorded on ${longDate(already.on)}`);
      const early = beforeOpened(command.on);
      if (early) return refuse(early);
      if (step.from.startsWith('step:')) {
        const previous = steps.find((s) => `step:${s.key}` === step.from);
        const previousOn = done.find((s) => `step:${s.key}` === step.from)?.on;
        if (previous && !previousOn) return refuse(`Record ${previous.name} first`);
        if (previous && previousOn && command.on < previousOn)
          return refuse(`${capitalise(step.name)} cannot be before ${previous.name} on ${longDate(previousOn)}`);
      }
      const record: StepRecord = { key: step.key, on: command.on };
      return ok({ ...state, stages: replaceLastStage(state, { steps: [...done, record] }) }, 'step_recorded', { step: step.key, name: step.name });
    }

    case 'acknowledge': {
      if (stage?.acknowledgedOn) return refuse(`Stage ${n} was already acknowledged on ${longDate(stage.acknowledgedOn)}`);
      const early = beforeOpened(command.on);
      if (early) return refuse(early);
      return ok({ ...state, stages: replaceLastStage(state, { acknowledgedOn: command.on }) }, 'acknowledged');
    }

    case 'allocate': {
      const early = beforeOpened(command.on);
      if (early) return refuse(early);
      const officer = command.officer.trim();
      return ok({ ...state, stages: replaceLastStage(state, { investigatingOfficer: officer }) }, 'allocated', {
        officer,
        previousOfficer: stage?.investigatingOfficer ?? null,
      });
    }

    case 'extend': {
      const { to, agreedOn, currentDue, latestAllowed } = command;
      const definition = n === null ? undefined : stageDefinition(procedure, n);
      const beyondMax = definition?.beyondMaxExtension ?? 'refused';
      // 'agreed': any later date agreed before the current one passes (adults' statutory).
      if (beyondMax !== 'agreed' && (!definition?.maxExtension || latestAllowed === null))
        return refuse(`Stage ${n} of this procedure does not allow an extension`);
      const early = beforeOpened(agreedOn);
      if (early) return refuse(early);
      if (agreedOn > currentDue)
        return refuse(
          `An extension must be agreed on or before the current due date, ${longDate(currentDue)}; this one was agreed on ${longDate(agreedOn)}`,
        );
      const previous = stage?.extensions.at(-1)?.to;
      if (to <= currentDue || (previous !== undefined && to <= previous))
        return refuse(`The new due date must be after the current due date, ${longDate(maxDate([currentDue, previous]))}`);
      const beyond = beyondMax !== 'agreed' && latestAllowed !== null && to > latestAllowed;
      if (beyond && beyondMax === 'refused')
        return refuse(
          `An extension cannot go beyond ${longDate(latestAllowed)}, the longest extension stage ${n} allows; ${longDate(to)} is too late`,
        );
      if (beyond && blank(command.goodReason))
        return refuse(
          `${longDate(to)} is beyond ${longDate(latestAllowed)}, the longest extension stage ${n} allows without good reason; record the good reason to go beyond it`,
        );
      const extension: Extension = { to, reason: command.reason.trim(), agreedOn };
      if (beyond) extension.beyondCodeReason = command.goodReason!.trim();
      return ok({ ...state, stages: replaceLastStage(state, { extensions: [...(stage?.extensions ?? []), extension] }) }, 'extended', {
        ...extension,
        previousDue: currentDue,
        latestAllowed,
      });
    }

    case 'stop_clock': {
      if (stage && isClockStopped(stage))
        return refuse(`The clock has been stopped since ${longDate(stage.pauses.at(-1)?.from ?? '')}; restart it first`);
      const early = beforeOpened(command.on);
      if (early) return refuse(early);
      const lastRestart = stage?.pauses.at(-1)?.to;
      if (lastRestart && command.on < lastRestart)
        return refuse(`The clock cannot be stopped before it was last restarted on ${longDate(lastRestart)}`);
      const pause: Pause = { from: command.on, to: null, reason: command.reason.trim() };
      return ok({ ...state, stages: replaceLastStage(state, { pauses: [...(stage?.pauses ?? []), pause] }) }, 'clock_stopped', {
        reason: pause.reason,
      });
    }

    case 'restart_clock': {
      const pause = stage?.pauses.at(-1);
      if (!stage || !pause || pause.to !== null) return refuse(`The clock on stage ${n} is not stopped`);
      if (command.on < pause.from) return refuse(`The clock cannot be restarted before it was stopped on ${longDate(pause.from)}`);
      const pauses = [...stage.pauses.slice(0, -1), { ...pause, to: command.on }];
      return ok({ ...state, stages: replaceLastStage(state, { pauses }) }, 'clock_restarted', { stoppedOn: pause.from });
    }

    case 'respond': {
      if (stage && isClockStopped(stage)) return refuse('Cannot respond while the clock is stopped; restart it first');
      if (command.outcome === 'withdrawn')
        return refuse('To record that the complainant withdrew, record a withdrawal rather than a response');
      const early = beforeOpened(command.on);
      if (early) return refuse(early);
      const lastRestart = stage?.pauses.at(-1)?.to;
      if (lastRestart && command.on < lastRestart)
        return refuse(`A response cannot be dated before the clock was restarted on ${longDate(lastRestart)}`);
      return ok(
        { ...state, status: 'responded', stages: replaceLastStage(state, { respondedOn: command.on, outcome: command.outcome }) },
        'responded',
        { outcome: command.outcome },
      );
    }

    case 'request_escalation': {
      const next = (n ?? 0) + 1;
      if (!stageDefinition(procedure, next))
        return refuse(
          `This procedure has no stage ${next}: stage ${n} is its last stage. The complainant may take the complaint to the ${OMBUDSMAN_NAMES[procedure.ombudsman]}`,
        );
      if (stage?.respondedOn && command.on < stage.respondedOn)
        return refuse(`The next stage cannot be requested before stage ${n} was answered on ${longDate(stage.respondedOn)}`);
      // Councils decide whether to accept a late request, so it is recorded and flagged, not refused.
      const windowClosesOn = command.windowClosesOn ?? null;
      const hasWindow = n !== null && stageDefinition(procedure, n)?.escalationWindow != null;
      const late = windowClosesOn !== null ? command.on > windowClosesOn : hasWindow ? null : false;
      const requested = newStage(next, { requestedOn: command.on });
      return ok(
        { ...state, status: 'escalation_requested', stages: [...state.stages, requested] },
        'escalation_requested',
        { late, windowClosesOn },
        next,
      );
    }

    case 'accept_escalation':
    case 'refuse_escalation': {
      if (stage?.requestedOn && command.on < stage.requestedOn)
        return refuse(`A decision cannot be dated before stage ${n} was requested on ${longDate(stage.requestedOn)}`);
      if (command.type === 'accept_escalation') {
        const stages = replaceLastStage(state, { decision: 'accepted', decidedOn: command.on, openedOn: command.on });
        return ok({ ...state, status: 'stage_open', stages }, 'escalation_accepted');
      }
      const reason = command.reason.trim();
      const stages = replaceLastStage(state, { decision: 'refused', decidedOn: command.on, refusalReason: reason });
      return ok({ ...state, status: 'closed', closedOn: command.on, stages }, 'escalation_refused', { reason });
    }

    case 'close':
    case 'withdraw': {
      const latest = latestRecordedDate(state);
      if (command.on < latest)
        return refuse(
          `A ${command.type === 'close' ? 'closure' : 'withdrawal'} cannot be dated before ${longDate(latest)}, the latest date already recorded on this case`,
        );
      if (command.type === 'close') return ok({ ...state, status: 'closed', closedOn: command.on }, 'closed');
      const next: ComplaintState = { ...state, status: 'withdrawn', withdrawnOn: command.on };
      // Record it the way the case-history CSV does: a contact withdrawn before triage has
      // route "withdrawn"; an unanswered stage gets outcome "withdrawn" with no response date.
      if (state.status === 'logged') next.route = 'withdrawn';
      if (state.status === 'stage_open') next.stages = replaceLastStage(state, { outcome: 'withdrawn' });
      return ok(next, 'withdrawn', { reason: command.reason ?? null, statusBefore: state.status });
    }

    case 'reopen': {
      const endedOn = state.status === 'closed' ? state.closedOn : state.withdrawnOn;
      if (endedOn && command.on < endedOn)
        return refuse(`A case cannot be reopened before it was ${state.status} on ${longDate(endedOn)}`);
      const to = statusOnReopen(state) ?? 'logged';
      const next: ComplaintState = { ...state, status: to, closedOn: null, withdrawnOn: null };
      if (to === 'logged') {
        next.route = null;
        next.triagedOn = null;
      }
      if (to === 'escalation_requested')
        next.stages = replaceLastStage(state, { decision: null, decidedOn: null, refusalReason: null });
      if (to === 'stage_open' && stage?.outcome === 'withdrawn')
        next.stages = replaceLastStage(state, { outcome: null });
      return ok(next, 'reopened', { reason: command.reason.trim(), from: state.status, to });
    }
  }
}

/**
 * Everything wrong with a state, in words; [] when it is consistent. Used by the property
 * tests, and useful to check a state built by an import before storing it.
 */
export function complaintStateProblems(state: ComplaintState, procedure: ProcedureDefinition): string[] {
  const problems: string[] = [];
  const { stages, status } = state;
  const last = stages.at(-1);
  // A complaint may start at stage 2 (accepted straight there), never later.
  const first = stages[0]?.number ?? 1;
  if (first > 2) problems.push(`the first stage is stage ${first}: only stage 2 can be reached without the stage before it`);
  if (first === 2 && stages[0]!.decision !== 'accepted') problems.push('stage 2 without a stage 1 was not accepted');
  stages.forEach((s, i) => {
    const label = `stage ${s.number}`;
    if (s.number !== first + i) problems.push(`stages are not numbered consecutively (${label} at position ${i + 1})`);
    if (!stageDefinition(procedure, s.number)) problems.push(`the procedure has no ${label}`);
    if (s.number === 1 && (s.requestedOn !== null || s.decision !== null)) problems.push('stage 1 has an escalation request');
    if (s.number > 1 && s.requestedOn === null) problems.push(`${label} has no request date`);
    if (s.number > 1 && s.decision === 'accepted' && s.openedOn !== s.decidedOn) problems.push(`${label} did not open when accepted`);
    if (s.decision !== 'accepted' && s.number > 1 && s.openedOn !== null) problems.push(`${label} opened without being accepted`);
    if (s !== last && (s.respondedOn === null || s.openedOn === null)) problems.push(`${label} is not the latest yet was never answered`);
    if (s.respondedOn !== null && (s.openedOn === null || s.respondedOn < s.openedOn)) problems.push(`${label} answered before it opened`);
    if (s.acknowledgedOn !== null && (s.openedOn === null || s.acknowledgedOn < s.openedOn))
      problems.push(`${label} acknowledged before it opened`);
    if ((s.respondedOn === null) !== (s.outcome === null) && !(status === 'withdrawn' && s === last && s.outcome === 'withdrawn'))
      problems.push(`${label} has a response date without an outcome, or the reverse`);
    s.pauses.forEach((p, j) => {
      if (s.openedOn === null || p.from < s.openedOn) problems.push(`${label} clock stopped before it opened`);
      if (p.to !== null && p.to < p.from) problems.push(`${label} clock restarted before it stopped`);
      if (p.to === null && j !== s.pauses.length - 1) problems.push(`${label} has two stopped clocks`);
      const prev = s.pauses[j - 1];
      if (prev?.to && p.from < prev.to) problems.push(`${label} pauses overlap`);
    });
    if (s.respondedOn !== null && isClockStopped(s)) problems.push(`${label} answered with the clock stopped`);
  });
  const open = stages.filter((s) => s.openedOn !== null && s.respondedOn === null);
  if (open.length > 1) problems.push('more than one stage is open');
  if (stages.length > 0 && !isComplaintRoute(state.route)) problems.push('a stage was opened on a contact that is not a complaint');
  if ((status === 'closed') !== (state.closedOn !== null)) problems.push('closure date does not match the status');
  if ((status === 'withdrawn') !== (state.withdrawnOn !== null)) problems.push('withdrawal date does not match the status');
  const expect = (condition: boolean, what: string) => {
    if (!condition) problems.push(`status ${status} but ${what}`);
  };
  switch (status) {
    case 'logged':
      expect(state.route === null && stages.length === 0, 'a route or stages are recorded');
      break;
    case 'triaged':
      expect(isComplaintRoute(state.route) && stages.length === 0, 'not a complaint waiting for stage 1');
      break;
    case 'stage_open':
      expect(!!last && last.openedOn !== null && last.respondedOn === null, 'the latest stage is not open');
      break;
    case 'responded':
      expect(!!last && last.respondedOn !== null, 'the latest stage is not answered');
      break;
    case 'escalation_requested':
      expect(!!last && last.number > 1 && last.decision === null && last.openedOn === null, 'no undecided request');
      break;
    case 'closed':
      expect(
        last ? last.respondedOn !== null || last.decision === 'refused' : !isComplaintRoute(state.route),
        'closed without a response, a refusal or a non-complaint route',
      );
      break;
    case 'withdrawn':
      break;
  }
  return problems;
}
