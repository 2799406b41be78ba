import { currentStage, isClockStopped, type ComplaintState } from '../../domain/cases/lifecycle.ts';
import type { StageOutcome } from '../../domain/cases/vocabulary.ts';
import type { IsoDate } from '../../domain/dates.ts';
import type { ProcedureDefinition } from '../../domain/procedures/types.ts';

/**
 * Where a complaint is, as its resident should see it (issue 9): what is happening now, the
 * answer so far, whether they may ask for the next stage and until when, and whether it is
 * time to tell them about the Ombudsman. Pure: the page turns it into words in their language.
 * Nothing about staff is here: no officer, no notes, no reasons written for the team.
 */
export type TrackedPhase =
  /** Received; the team is deciding how to handle it. */
  | 'received'
  /** A stage is open: being looked into. */
  | 'investigating'
  /** A stage has been answered. */
  | 'responded'
  /** They asked for the next stage; the council is deciding. */
  | 'next_stage_requested'
  /** The council decided not to look at it again. */
  | 'next_stage_refused'
  | 'closed'
  | 'withdrawn';

export interface NextStageChance {
  /** The stage they may ask for. */
  stage: number;
  /** The last day to ask; null when the procedure sets no limit. */
  closesOn: IsoDate | null;
  /** Still time to ask today. */
  open: boolean;
}

export interface WhereItIs {
  phase: TrackedPhase;
  /** The stage in hand (the one open, answered, asked for or refused); null before any. */
  stage: number | null;
  /** The clock is stopped while the council waits for something. */
  paused: boolean;
  /** The latest answered stage: when, and what we found. */
  answer: { stage: number; on: IsoDate; outcome: StageOutcome | null } | null;
  /** When the next stage was asked for (phase next_stage_requested or next_stage_refused). */
  requestedOn: IsoDate | null;
  /** After an answer: the next stage to ask for, if the procedure has one and it may still be asked for. */
  nextStage: NextStageChance | null;
  /** Tell them about the Ombudsman: the council's procedure is over for them. */
  ombudsman: boolean;
  /** When it was closed or withdrawn. */
  endedOn: IsoDate | null;
}

export function whereItIs(state: ComplaintState, procedure: ProcedureDefinition, windowClosesOn: IsoDate | null, today: IsoDate): WhereItIs {
  const stage = currentStage(state);
  const answered = [...state.stages].reverse().find((s) => s.respondedOn !== null) ?? null;
  const answer = answered ? { stage: answered.number, on: answered.respondedOn!, outcome: answered.outcome } : null;
  const further = answered ? procedure.stages.find((s) => s.number === answered.number + 1) ?? null : null;
  const refused = stage?.decision === 'refused';
  const phase: TrackedPhase = (() => {
    switch (state.status) {
      case 'logged': case 'triaged': return 'received';
      case 'stage_open': return 'investigating';
      case 'responded': return 'responded';
      case 'escalation_requested': return 'next_stage_requested';
      case 'closed': return refused ? 'next_stage_refused' : 'closed';
      case 'withdrawn': return 'withdrawn';
    }
  })();
  const nextStage = phase === 'responded' && further
    ? { stage: further.number, closesOn: windowClosesOn, open: windowClosesOn === null || today <= windowClosesOn }
    : null;
  const ombudsman = phase === 'next_stage_refused'
    || (answer !== null && (phase === 'responded' || phase === 'closed') && (nextStage === null || !nextStage.open));
  return {
    phase,
    stage: stage?.number ?? null,
    paused: phase === 'investigating' && stage !== null && isClockStopped(stage),
    answer,
    requestedOn: phase === 'next_stage_requested' || phase === 'next_stage_refused' ? stage?.requestedOn ?? null : null,
    nextStage,
    ombudsman,
    endedOn: state.status === 'closed' ? state.closedOn : state.status === 'withdrawn' ? state.withdrawnOn : null,
  };
}
