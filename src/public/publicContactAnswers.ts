import type { ComplainantGroup } from '../domain/cases/vocabulary.ts';
import type { Language } from '../messages/templates.ts';

/** What a resident can send through the council's public pages. */
export const PUBLIC_CONTACT_KINDS = ['complaint', 'compliment', 'comment'] as const;
export type PublicContactKind = (typeof PUBLIC_CONTACT_KINDS)[number];

/** Whom a resident may say they act for (a subset of the complainant groups, in residents' words on the page). */
export const ON_BEHALF_RELATIONSHIPS = ['relative', 'parent', 'carer', 'advocate', 'professional', 'other'] as const satisfies readonly ComplainantGroup[];
export type OnBehalfRelationship = (typeof ON_BEHALF_RELATIONSHIPS)[number];

/** A resident's answers, confirmed on check your answers: everything submitPublicContact needs. */
export interface PublicContactAnswers {
  kind: PublicContactKind;
  /** The language of the pages they used: the contact's language, and theirs. */
  language: Language;
  /** A complaint made for someone else, who agrees to it (without their agreement the form stops). */
  onBehalfOf: { fullName: string; relationship: OnBehalfRelationship } | null;
  /** The service as residents name it (a workspace offered to residents); null for "I'm not sure". */
  workspaceId: number | null;
  /** What happened (complaint, compliment) or the comment. */
  what: string;
  /** What would put it right (complaint only; '' otherwise). */
  putRight: string;
  /** The resident's own details; null when they gave none (a compliment or comment may be anonymous). */
  you: { fullName: string; email: string; phone: string; address: string } | null;
  /** How they want to hear from the council; null to follow their details (email when they gave one). */
  contactBy: 'email' | 'post' | null;
  adjustments: { largePrint: boolean; details: string } | null;
}

/**
 * The contact's summary as the complaints team reads it: the resident's own words, what they
 * want done, and — for a complaint made for someone else — that the resident said the person
 * agrees (the consent question on the form; without a yes the form does not go on). Pure.
 */
export function publicContactSummary(a: Pick<PublicContactAnswers, 'kind' | 'what' | 'putRight' | 'onBehalfOf'>): string {
  const parts = [a.what.trim()];
  if (a.kind === 'complaint' && a.putRight.trim()) parts.push(`What would put it right:\n${a.putRight.trim()}`);
  if (a.onBehalfOf) {
    parts.push(`Made on behalf of ${a.onBehalfOf.fullName} (${a.onBehalfOf.relationship}). Consent: the person making the complaint confirmed on the web form that ${a.onBehalfOf.fullName} agrees to them acting for them.`);
  }
  return parts.join('\n\n');
}
