import { inTransaction, type Database } from '../../db/database.ts';
import { escalationWindowCloses } from '../../complaints/decideEscalation.ts';
import { applyCommand, lockComplaint } from '../../complaints/lifecycleSteps.ts';
import { currentStage } from '../../domain/cases/lifecycle.ts';
import type { IsoDate } from '../../domain/dates.ts';
import type { Actor } from '../../events/actor.ts';
import { trackedReference } from './trackedCase.ts';

/** What the resident wrote when asking for their complaint to be looked at again. */
export interface NextStageReasons {
  /** Why they are not satisfied with the answer. */
  notSatisfied: string;
  /** What they want to happen. */
  wanted: string;
}

/** Why a resident's request for the next stage cannot be made: the page says so, in their language. */
export class NextStageRefusedError extends Error {
  constructor(readonly why: 'already_asked' | 'window_closed' | 'no_next_stage', readonly closesOn: IsoDate | null = null) {
    super(`The request for the next stage cannot be made: ${why}`);
    this.name = 'NextStageRefusedError';
  }
}

/**
 * Records a resident's request for the next stage through the lifecycle ('request_escalation'),
 * in one transaction with the case row locked: refused when it was already asked for, when the
 * procedure has no further stage, or when the window to ask has closed (a late request is for
 * the team to weigh, by telephone or letter, not for the web form). What they wrote is kept on
 * the event as its reason, the way the staff timeline shows it, so the request lands in the
 * escalation requests queue with their words.
 */
export async function requestNextStage(
  db: Database, councilId: number, contactId: number, reasons: NextStageReasons, actor: Actor, today: IsoDate,
): Promise<{ stage: number }> {
  return inTransaction(db, async (client) => {
    const reference = await trackedReference(client, councilId, contactId);
    if (!reference) throw new NextStageRefusedError('no_next_stage');
    const complaint = await lockComplaint(client, councilId, reference, undefined);
    const answered = currentStage(complaint.state);
    if (complaint.state.status === 'escalation_requested') throw new NextStageRefusedError('already_asked');
    const next = answered ? complaint.procedure.stages.find((s) => s.number === answered.number + 1) : undefined;
    if (complaint.state.status !== 'responded' || !next) throw new NextStageRefusedError('no_next_stage');
    const windowClosesOn = await escalationWindowCloses(client, complaint);
    if (windowClosesOn !== null && today > windowClosesOn) throw new NextStageRefusedError('window_closed', windowClosesOn);
    // The staff screens are in English: the two answers under the questions as the resident was asked them.
    const reason = `Why they are not satisfied: ${reasons.notSatisfied.trim()}\n\nWhat they want to happen: ${reasons.wanted.trim()}`;
    await applyCommand(client, complaint, { type: 'request_escalation', on: today, windowClosesOn }, actor, today, {
      extraData: { reason },
    });
    return { stage: next.number };
  });
}
