import type { IsoDate } from '../domain/dates.ts';
import type { Language } from './templates.ts';

const MONTHS: Record<Language, readonly string[]> = {
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
  cy: ['Ionawr', 'Chwefror', 'Mawrth', 'Ebrill', 'Mai', 'Mehefin', 'Gorffennaf', 'Awst', 'Medi', 'Hydref', 'Tachwedd', 'Rhagfyr'],
};

/** A date as a message says it, in its language: "3 December 2026", "3 Rhagfyr 2026". Pure. */
export function dateInWords(date: IsoDate, language: Language): string {
  const [year, month, day] = date.split('-').map(Number);
  if (!year || !month || !day || month > 12) throw new Error(`"${date}" is not a date`);
  return `${day} ${MONTHS[language][month - 1]} ${year}`;
}
