import { allowedFrom, type CommandType, type ComplaintStatus } from '../cases/lifecycle.ts';
import type { ContactKind } from '../cases/vocabulary.ts';
import { mayHandleStage, type Permission } from './roles.ts';
import { can, type Scope } from './scope.ts';

/**
 * The actions a case page offers: exactly those the case's state and the person's role allow.
 * Each action has a page at /cases/<reference>/<action>; the same function guards the POST,
 * so an action hidden on the page is refused by URL too.
 */
export const CASE_ACTIONS = [
  'triage', 'allocate', 'acknowledge', 'extend', 'stop_clock', 'restart_clock', 'record_step', 'findings', 'respond',
  'request_escalation', 'decide_escalation', 'accept_at_stage_2', 'withdraw', 'reopen', 'close',
  'remedy', 'learning_action', 'note', 'document', 'link', 'link_ombudsman', 'restrict', 'enquiry_response',
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

export interface CaseForActions {
  kind: ContactKind;
  /** The complaint's status; null for contacts that are not complaints (compliments, enquiries…). */
  status: ComplaintStatus | null;
  /** The stage in hand (the latest), if any. */
  stage: { number: number; open: boolean; acknowledged: boolean; clockStopped: boolean; allocatedTo: number | null; hasStepsToRecord: boolean } | null;
  /** The procedure has a stage after the current one (or after stage 1, for starting at stage 2). */
  hasNextStage: boolean;
  /** MP/councillor enquiries: whether the response has been sent. */
  responded?: boolean;
}

const COMMAND_OF: Partial<Record<CaseAction, CommandType>> = {
  triage: 'triage', allocate: 'allocate', acknowledge: 'acknowledge', extend: 'extend', stop_clock: 'stop_clock',
  restart_clock: 'restart_clock', record_step: 'record_step', respond: 'respond', request_escalation: 'request_escalation',
  decide_escalation: 'accept_escalation', accept_at_stage_2: 'accept_at_stage_2', withdraw: 'withdraw', reopen: 'reopen', close: 'close',
};

const PERMISSION_OF: Record<CaseAction, Permission> = {
  triage: 'triage', allocate: 'allocate', acknowledge: 'handle_stage', extend: 'handle_stage', stop_clock: 'handle_stage',
  restart_clock: 'handle_stage', record_step: 'handle_stage', findings: 'handle_stage', respond: 'handle_stage',
  request_escalation: 'decide_escalation', decide_escalation: 'decide_escalation', accept_at_stage_2: 'decide_escalation',
  withdraw: 'withdraw_reopen_close', reopen: 'withdraw_reopen_close', close: 'withdraw_reopen_close',
  remedy: 'remedies_and_learning', learning_action: 'remedies_and_learning', note: 'notes_and_documents', document: 'notes_and_documents',
  link: 'link_cases', link_ombudsman: 'link_cases', restrict: 'restrict_cases', enquiry_response: 'handle_stage',
};

/** Handling a stage: for an investigating officer, only the stage allocated to them. */
const STAGE_HANDLING = new Set<CaseAction>(['acknowledge', 'extend', 'stop_clock', 'restart_clock', 'record_step', 'findings', 'respond']);

function stateAllows(action: CaseAction, c: CaseForActions): boolean {
  const stage = c.stage;
  if (c.status === null) {
    // A contact that is not a complaint: notes, documents, links; an enquiry's response.
    if (action === 'enquiry_response') return (c.kind === 'mp_enquiry' || c.kind === 'councillor_enquiry') && !c.responded;
    return ['note', 'document', 'link', 'restrict'].includes(action);
  }
  switch (action) {
    case 'note': case 'document': case 'link': case 'link_ombudsman': case 'restrict': return true;
    case 'enquiry_response': return false;
    case 'remedy': case 'learning_action': return c.status !== 'logged' && c.status !== 'triaged';
    case 'findings': return c.status === 'stage_open' && Boolean(stage?.open);
    case 'stop_clock': return c.status === 'stage_open' && Boolean(stage?.open) && !stage!.clockStopped;
    case 'restart_clock': return c.status === 'stage_open' && Boolean(stage?.clockStopped);
    case 'acknowledge': return c.status === 'stage_open' && Boolean(stage?.open) && !stage!.acknowledged;
    case 'record_step': return c.status === 'stage_open' && Boolean(stage?.hasStepsToRecord);
    case 'request_escalation': case 'accept_at_stage_2': return allowedFrom[COMMAND_OF[action]!].includes(c.status) && c.hasNextStage;
    default: {
      const command = COMMAND_OF[action];
      return command !== undefined && allowedFrom[command].includes(c.status);
    }
  }
}

export function mayTake(action: CaseAction, c: CaseForActions, scope: Scope): boolean {
  if (!can(scope, PERMISSION_OF[action])) return false;
  if (STAGE_HANDLING.has(action) && !mayHandleStage(scope.roles, scope.staffMemberId, c.stage?.allocatedTo ?? null)) return false;
  return stateAllows(action, c);
}

export function availableActions(c: CaseForActions, scope: Scope): CaseAction[] {
  return CASE_ACTIONS.filter((a) => mayTake(a, c, scope));
}

export function isCaseAction(value: string): value is CaseAction {
  return (CASE_ACTIONS as readonly string[]).includes(value);
}
