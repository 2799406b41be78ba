import type { Language } from './templates.ts';

/** A person on a case as their messages need them (person table). */
export interface PersonToWrite {
  fullName: string;
  email: string | null;
  address: string | null;
  language: Language;
  contactBy: 'email' | 'post';
  largePrint: boolean;
}

/** Whom a resident's message goes to, how, and in which language. */
export interface ResidentRecipient {
  name: string;
  channel: 'email' | 'letter';
  /** The email address; for a letter the postal address, or '' when none is held (the team finds one before posting). */
  address: string;
  language: Language;
  largePrint: boolean;
}

/**
 * The resident a case's messages go to: the named contact (a representative) when there is
 * one, else the complainant; null when the case names neither (an anonymous complaint: there
 * is no one to write to). Welsh when the contact was made in Welsh or the person asked for
 * it. A letter when the person asked for post or has no email; a letter with no address is
 * still written, so the complaints team sees it waiting to post and finds the address. Pure.
 */
export function residentRecipient(
  contactLanguage: Language, complainant: PersonToWrite | null, representative: PersonToWrite | null,
): ResidentRecipient | null {
  const person = representative ?? complainant;
  if (!person) return null;
  const language: Language = contactLanguage === 'cy' || person.language === 'cy' ? 'cy' : 'en';
  const email = person.email?.trim() || null;
  const base = { name: person.fullName, language, largePrint: person.largePrint };
  if (person.contactBy === 'post' || email === null) return { ...base, channel: 'letter', address: person.address?.trim() ?? '' };
  return { ...base, channel: 'email', address: email };
}
