import type { ZodError, ZodType, output } from 'zod';
import { t } from './i18n.ts';

/**
 * The one shape of a form's errors, as GOV.UK's error summary and each field's error message
 * take it: `errors` by field name for the fields, `errorList` in page order for the summary.
 * Messages are catalogue keys ("signIn.errors.emailMissing") or already-written sentences.
 */
export interface FormErrors {
  errors: Record<string, string>;
  errorList: { text: string; href: string }[];
}

export const noErrors = (): FormErrors => ({ errors: {}, errorList: [] });

/** A message key is looked up; a sentence (it has a space) is shown as it is. */
const words = (message: string) => (/\s/.test(message) ? message : t(message));

export function fieldErrors(list: { field: string; message: string }[]): FormErrors {
  const errors: Record<string, string> = {};
  for (const { field, message } of list) errors[field] ??= words(message);
  return { errors, errorList: Object.entries(errors).map(([field, text]) => ({ text, href: `#${field}` })) };
}

export function zodErrors(error: ZodError): FormErrors {
  return fieldErrors(error.issues.map((i) => ({ field: i.path.map(String).join('-') || 'form', message: i.message })));
}

/** Parses a form: the data, or the errors to show with what was typed. */
export function readForm<S extends ZodType>(schema: S, body: unknown): { ok: true; data: output<S> } | { ok: false; form: FormErrors } {
  const parsed = schema.safeParse(body ?? {});
  return parsed.success ? { ok: true, data: parsed.data } : { ok: false, form: zodErrors(parsed.error) };
}

/** Keeps what was typed for the page shown again (never a password). */
export function typedValues(body: unknown): Record<string, string> {
  const values: Record<string, string> = {};
  if (body && typeof body === 'object') {
    for (const [k, v] of Object.entries(body)) if (typeof v === 'string' && k !== '_csrf' && !/password/i.test(k)) values[k] = v;
  }
  return values;
}
