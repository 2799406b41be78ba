import { fill } from './render.ts';
import type { OmbudsmanDetails } from './ombudsmanDetails.ts';
import type { Language } from './templates.ts';
import { shippedPhrase } from './wording.ts';

/** Where a complaint can go after a stage's response: the next stage, or the Ombudsman after the last. */
export type AfterResponse =
  | { to: 'next_stage'; stage: number; askBy: string | null }
  | { to: 'ombudsman'; ombudsman: OmbudsmanDetails };

/**
 * The ((next_steps)) of a response message, in its language: how to ask for the next stage
 * (and by when, where the procedure has a window), or the Ombudsman's details. Pure.
 */
export function nextSteps(after: AfterResponse, reference: string, language: Language): string {
  if (after.to === 'ombudsman') {
    return fill(shippedPhrase('phrases.next_steps_ombudsman', language), {
      ombudsman_name: after.ombudsman.name, ombudsman_website: after.ombudsman.website, ombudsman_phone: after.ombudsman.phone,
    });
  }
  const phrase = after.askBy === null ? 'phrases.next_steps_escalate' : 'phrases.next_steps_escalate_by';
  return fill(shippedPhrase(phrase, language), { next_stage: String(after.stage), reference, ...(after.askBy ? { ask_by: after.askBy } : {}) });
}
