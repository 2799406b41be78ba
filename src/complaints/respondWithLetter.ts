import { inTransaction, type Database } from '../db/database.ts';
import { currentStage, type ComplaintState } from '../domain/cases/lifecycle.ts';
import { complaintOutcomeFromElements } from '../domain/cases/outcomes.ts';
import type { ElementOutcome, StageOutcome } from '../domain/cases/vocabulary.ts';
import type { IsoDate } from '../domain/dates.ts';
import type { Actor } from '../events/actor.ts';
import { ActionRefusedError } from './actionRefused.ts';
import { elementOutcomes } from './elements.ts';
import { applyCommand, lockComplaint } from './lifecycleSteps.ts';
import { addCaseDocument } from '../casework/documents.ts';

export interface StageResponse {
  on: IsoDate;
  /** Chosen when the stage has no elements; with elements, the outcome follows their findings and this must be absent. */
  outcome?: StageOutcome;
  /** The response letter as written (until letters are uploaded as documents), kept on the response's event. */
  letter?: string;
  /** The response letter as a file: kept as the case's 'response_letter' document, on the stage. */
  letterFile?: { filename: string; bytes: Uint8Array };
}

/**
 * Records a stage's response in one transaction, with one event: the outcome follows the
 * findings on the stage's elements when there are any (complaintOutcomeFromElements), or is
 * the one chosen; the letter's text, when given, is kept on the 'responded' event, and an
 * uploaded letter is added as the stage's 'response_letter' document (its own
 * 'document_added' event, in the same transaction).
 */
export async function respondWithLetter(
  db: Database, councilId: number, reference: string, response: StageResponse, actor: Actor, today: IsoDate,
  options: { expectedVersion?: number } = {},
): Promise<{ state: ComplaintState; version: number; outcome: StageOutcome }> {
  return inTransaction(db, async (client) => {
    const complaint = await lockComplaint(client, councilId, reference, options.expectedVersion);
    const stage = currentStage(complaint.state);
    const findings = stage ? await elementOutcomes(client, councilId, complaint.contactId, stage.number) : [];
    let outcome = response.outcome;
    if (findings.length > 0) {
      if (findings.includes(null)) throw new ActionRefusedError('Record a finding on every element of the complaint before the response.');
      outcome = complaintOutcomeFromElements(findings as ElementOutcome[]);
    }
    if (!outcome) throw new ActionRefusedError('Select the outcome of the complaint.');
    const letter = response.letter?.trim();
    const result = await applyCommand(client, complaint, { type: 'respond', on: response.on, outcome }, actor, today, {
      extraData: { outcomeFrom: findings.length > 0 ? 'findings' : 'chosen', ...(letter ? { letter } : {}) },
    });
    let version = result.version;
    if (response.letterFile) {
      // In the same transaction: the response and its letter land together, or neither does.
      ({ version } = await addCaseDocument(client, {
        councilId, contactId: complaint.contactId, filename: response.letterFile.filename, kind: 'response_letter', bytes: response.letterFile.bytes,
        on: response.on, stage: result.event.stage,
      }, actor));
    }
    return { state: result.state, version, outcome };
  });
}
