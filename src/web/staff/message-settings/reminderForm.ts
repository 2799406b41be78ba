import { reminderSettingsSchema, type ReminderSettings } from '../../../messages/reminders/settings.ts';
import { fieldErrors, type FormErrors } from '../../forms.ts';
import { t } from '../../i18n.ts';

/**
 * The reminder settings form read into ReminderSettings, with GOV.UK messages per field:
 * "5, 1" for the days before a deadline, whole numbers in range, times like 09:00.
 */
export const WEEKDAYS = [1, 2, 3, 4, 5] as const;

const text = (body: Record<string, unknown>, name: string) => (typeof body[name] === 'string' ? (body[name] as string).trim() : '');

export function readReminderForm(body: Record<string, unknown>): { ok: true; data: ReminderSettings } | { ok: false; form: FormErrors } {
  const problems: { field: string; message: string }[] = [];

  const daysText = text(body, 'daysBefore');
  const parts = daysText ? daysText.split(/[\s,]+/).filter(Boolean) : [];
  let daysBefore: number[] = [];
  if (parts.some((p) => !/^\d{1,2}$/.test(p) || Number(p) < 1 || Number(p) > 20)) problems.push({ field: 'daysBefore', message: t('messageSettings.reminders.errors.daysBefore') });
  else if (new Set(parts.map(Number)).size > 5) problems.push({ field: 'daysBefore', message: t('messageSettings.reminders.errors.daysBeforeMany') });
  else daysBefore = parts.map(Number);

  const whole = (name: string, max: number): number => {
    const value = text(body, name);
    if (!/^\d{1,3}$/.test(value) || Number(value) < 1 || Number(value) > max) {
      problems.push({ field: name, message: t(`messageSettings.reminders.errors.${name}`, { max }) });
      return 0;
    }
    return Number(value);
  };
  const overdueRepeatEvery = whole('overdueRepeatEvery', 20);
  const managerAfter = whole('managerAfter', 60);
  const overdueStopAfter = whole('overdueStopAfter', 250);
  if (managerAfter && overdueStopAfter && overdueStopAfter < managerAfter) {
    problems.push({ field: 'overdueStopAfter', message: t('messageSettings.reminders.errors.overdueStopBeforeManager', { days: managerAfter }) });
  }
  const escalationWaitDays = whole('escalationWaitDays', 20);

  const time = (name: string): string => {
    const value = text(body, name).replace('.', ':');
    const match = /^(\d{1,2}):(\d{2})$/.exec(value);
    if (!match || Number(match[1]) > 23 || Number(match[2]) > 59) {
      problems.push({ field: name, message: t(`messageSettings.reminders.errors.${name}`) });
      return '';
    }
    return `${match[1]!.padStart(2, '0')}:${match[2]}`;
  };
  const from = time('workingFrom');
  const to = time('workingTo');
  if (from && to && to <= from) problems.push({ field: 'workingTo', message: t('messageSettings.reminders.errors.workingOrder') });

  const weekday = Number(text(body, 'digestWeekday'));
  if (!(WEEKDAYS as readonly number[]).includes(weekday)) problems.push({ field: 'digestWeekday', message: t('messageSettings.reminders.errors.digestWeekday') });

  if (problems.length) return { ok: false, form: fieldErrors(problems) };
  // The domain's own schema has the last word (and orders the days, largest first).
  const parsed = reminderSettingsSchema.safeParse({
    daysBefore, overdueRepeatEvery, managerAfter, overdueStopAfter, escalationWaitDays, workingHours: { from, to }, digestWeekday: weekday,
  });
  if (!parsed.success) return { ok: false, form: fieldErrors([{ field: 'daysBefore', message: t('messageSettings.reminders.errors.daysBefore') }]) };
  return { ok: true, data: parsed.data };
}

/** The form's fields for saved settings. */
export function reminderValues(s: ReminderSettings): Record<string, string> {
  return {
    daysBefore: s.daysBefore.join(', '), overdueRepeatEvery: String(s.overdueRepeatEvery), managerAfter: String(s.managerAfter),
    overdueStopAfter: String(s.overdueStopAfter),
    escalationWaitDays: String(s.escalationWaitDays), workingFrom: s.workingHours.from, workingTo: s.workingHours.to, digestWeekday: String(s.digestWeekday),
  };
}
