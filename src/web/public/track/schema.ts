import { z } from 'zod';

/**
 * The tracking pages' forms. Messages are keys of publicTrack.json, said in the resident's
 * language by the route. Every field has a size limit; the email rule is the staff screens'
 * (zod's email, as newContactSchema checks it).
 */
export const REFERENCE_MAX = 40;
export const EMAIL_MAX = 254;
/** What a resident writes for each answer of a request for the next stage (the staff form's reason allows 5,000 in all). */
export const REASON_MAX = 2500;

const K = 'publicTrack.';

export const askForLinkForm = z.object({
  reference: z.string().trim()
    .min(1, `${K}ask.errors.referenceMissing`)
    .max(REFERENCE_MAX, `${K}ask.errors.referenceTooLong`)
    .regex(/^[A-Za-z0-9/-]+$/, `${K}ask.errors.referenceInvalid`),
  email: z.string().trim()
    .min(1, `${K}ask.errors.emailMissing`)
    .max(EMAIL_MAX, `${K}ask.errors.emailTooLong`)
    .email(`${K}ask.errors.emailInvalid`),
});

export const nextStageForm = z.object({
  notSatisfied: z.string().trim().min(1, `${K}request.errors.notSatisfiedMissing`).max(REASON_MAX, `${K}request.errors.notSatisfiedTooLong`),
  wanted: z.string().trim().min(1, `${K}request.errors.wantedMissing`).max(REASON_MAX, `${K}request.errors.wantedTooLong`),
});

/** The honeypot: a field hidden from people; a form that fills it in is a robot's, and nothing is done. */
export const HONEYPOT = 'website';
export const filledHoneypot = (body: Record<string, unknown>) => typeof body[HONEYPOT] === 'string' && body[HONEYPOT].trim() !== '';
