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

/**
 * A GOV.UK date input (<name>-day, <name>-month, <name>-year) read into a date, with the
 * Design System's messages: "Enter the date received", "… must include a year", "… must be
 * a real date", "… must be today or in the past".
 */
export function readDate(
  body: Record<string, unknown>,
  name: string,
  label: string,
  options: { required?: boolean; today?: string; notFuture?: boolean; notBefore?: { date: string; label: string } } = {},
): { ok: true; date: string | null } | { ok: false; message: string } {
  const part = (p: string) => String(body[`${name}-${p}`] ?? '').trim();
  const [day, month, year] = [part('day'), part('month'), part('year')];
  if (!day && !month && !year) return options.required === false ? { ok: true, date: null } : { ok: false, message: `Enter ${label}` };
  const missing = [!day && 'day', !month && 'month', !year && 'year'].filter(Boolean);
  if (missing.length) return { ok: false, message: `${capitalise(label)} must include a ${missing.join(' and ')}` };
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) return { ok: false, message: `${capitalise(label)} must be a real date` };
  const iso = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  const parsed = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== iso || Number(year) < 1990) return { ok: false, message: `${capitalise(label)} must be a real date` };
  if (options.notFuture && options.today && iso > options.today) return { ok: false, message: `${capitalise(label)} must be today or in the past` };
  if (options.notBefore && iso < options.notBefore.date) return { ok: false, message: `${capitalise(label)} must be the same as or after ${options.notBefore.label}` };
  return { ok: true, date: iso };
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The date input's items for govukDateInput, keeping what was typed. */
export function dateItems(values: Record<string, string>, name: string, hasError: boolean) {
  const cls = (w: number) => `govuk-input--width-${w}${hasError ? ' govuk-input--error' : ''}`;
  return [
    { name: 'day', label: 'Day', classes: cls(2), value: values[`${name}-day`] },
    { name: 'month', label: 'Month', classes: cls(2), value: values[`${name}-month`] },
    { name: 'year', label: 'Year', classes: cls(4), value: values[`${name}-year`] },
  ];
}
