import { placeholdersIn, unknownPlaceholders, type RenderedMessage } from '../../../messages/render.ts';
import { languagesOf, type Language, type TemplateKey } from '../../../messages/templates.ts';
import { shippedWording } from '../../../messages/wording.ts';
import { fieldErrors, type FormErrors } from '../../forms.ts';
import { t } from '../../i18n.ts';

/**
 * A council's wording of one message, as the settings form sends it: whether it is sent, and
 * a subject and body per language. Checked before anything is saved: both filled in, within
 * length, and every ((placeholder)) one that Redress's own wording of the message uses (so a
 * message can always be filled: render.ts refuses a placeholder with no value).
 */
export const SUBJECT_MAX = 150;
export const BODY_MAX = 5000;

export interface WordingChoice {
  on: boolean;
  wording: Partial<Record<Language, RenderedMessage>>;
}

/** Redress's wording in a language; English while a Welsh wording is not yet written. */
export function shippedOrEnglish(template: TemplateKey, language: Language): RenderedMessage {
  try {
    return shippedWording(template, language);
  } catch {
    return shippedWording(template, 'en');
  }
}

/** The placeholders a council's wording may use: those of Redress's wording in that language. */
export function allowedPlaceholders(template: TemplateKey, language: Language): string[] {
  const shipped = shippedOrEnglish(template, language);
  return placeholdersIn(`${shipped.subject}\n${shipped.body}`);
}

const field = (part: 'subject' | 'body', language: Language) => `${part}-${language}`;
const text = (body: Record<string, unknown>, name: string) => (typeof body[name] === 'string' ? (body[name] as string).replace(/\r\n/g, '\n').trim() : '');

export function readWordingForm(template: TemplateKey, body: Record<string, unknown>): { ok: true; data: WordingChoice } | { ok: false; form: FormErrors } {
  const problems: { field: string; message: string }[] = [];
  const on = body.on === 'yes' ? true : body.on === 'no' ? false : null;
  if (on === null) problems.push({ field: 'on', message: t('messageSettings.errors.onMissing') });
  const wording: WordingChoice['wording'] = {};
  for (const language of languagesOf(template)) {
    const allowed = allowedPlaceholders(template, language);
    const lang = t(`messages.language.${language}`);
    const written: Record<'subject' | 'body', string> = { subject: '', body: '' };
    for (const part of ['subject', 'body'] as const) {
      const name = field(part, language);
      const value = text(body, name);
      const max = part === 'subject' ? SUBJECT_MAX : BODY_MAX;
      const what = t(`messageSettings.errors.${part}`, { language: lang });
      written[part] = value;
      if (!value) problems.push({ field: name, message: t('messageSettings.errors.missing', { what }) });
      else if (value.length > max) problems.push({ field: name, message: t('messageSettings.errors.tooLong', { what, max }) });
      else if (part === 'subject' && value.includes('\n')) problems.push({ field: name, message: t('messageSettings.errors.oneLine', { what }) });
      else {
        const unknown = unknownPlaceholders(value, allowed);
        if (unknown.length) {
          problems.push({ field: name, message: t('messageSettings.errors.unknownPlaceholder', {
            what, count: unknown.length, names: unknown.map((n) => `((${n}))`).join(', '), allowed: allowed.map((n) => `((${n}))`).join(', '),
          }) });
        } else if (/\(\(|\)\)/.test(value.replace(/\(\([a-z_]+\)\)/g, ''))) {
          problems.push({ field: name, message: t('messageSettings.errors.badPlaceholder', { what }) });
        }
      }
    }
    wording[language] = written;
  }
  return problems.length ? { ok: false, form: fieldErrors(problems) } : { ok: true, data: { on: on!, wording } };
}

/** The form's fields for a wording: subject-en, body-en, … */
export function wordingValues(wording: Partial<Record<Language, RenderedMessage>>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [language, w] of Object.entries(wording)) {
    values[field('subject', language as Language)] = w.subject;
    values[field('body', language as Language)] = w.body;
  }
  return values;
}

/** Whether a council's wording is just Redress's (then nothing is stored, and later improvements reach it). */
export const sameAsShipped = (template: TemplateKey, language: Language, w: RenderedMessage) => {
  const shipped = shippedOrEnglish(template, language);
  return shipped.subject.trim() === w.subject && shipped.body.trim() === w.body;
};
