import { z } from 'zod';
import type { Queryable } from '../../db/database.ts';

/**
 * When reminders go, per council (council.reminder_settings; empty = these defaults). Counted
 * in the council's working days; sent only within working hours on working days.
 */
export interface ReminderSettings {
  /** Working days before a deadline to remind the officer: each 1–20, largest first. Default 5 and 1. */
  daysBefore: number[];
  /** Once overdue, the reminder repeats every this many working days. Default 5. */
  overdueRepeatEvery: number;
  /** Working days overdue before the officer's manager is told. Default 5. */
  managerAfter: number;
  /**
   * Working days overdue after which an item is reminded no more: 1–250, default 60 (about three
   * months). Years of imported history hold open items long past due that nobody marked done;
   * they stay in the work queues and the weekly digest, but the sweep neither reads nor reminds them.
   */
  overdueStopAfter: number;
  /** Working days a request for the next stage may wait for a decision before the team is reminded. Default 2. */
  escalationWaitDays: number;
  /** Working hours, council time (Europe/London), "HH:MM". Default 09:00 to 17:00. */
  workingHours: { from: string; to: string };
  /** The weekly digest's day: 1 Monday … 5 Friday (the next working day if that is a bank holiday). Default 1. */
  digestWeekday: number;
}

export const DEFAULT_REMINDER_SETTINGS: ReminderSettings = {
  daysBefore: [5, 1], overdueRepeatEvery: 5, managerAfter: 5, overdueStopAfter: 60, escalationWaitDays: 2,
  workingHours: { from: '09:00', to: '17:00' }, digestWeekday: 1,
};

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time like 09:00');

export const reminderSettingsSchema = z.object({
  daysBefore: z.array(z.number().int().min(1).max(20)).max(5)
    .transform((days) => [...new Set(days)].sort((a, b) => b - a)),
  overdueRepeatEvery: z.number().int().min(1).max(20),
  managerAfter: z.number().int().min(1).max(60),
  overdueStopAfter: z.number().int().min(1).max(250),
  escalationWaitDays: z.number().int().min(1).max(20),
  workingHours: z.object({ from: time, to: time }).refine((h) => h.from < h.to, 'working hours must end after they start'),
  digestWeekday: z.number().int().min(1).max(5),
}).strict()
  // Reminders stopping before the manager's alert would mean no manager is ever told.
  .refine((s) => s.overdueStopAfter >= s.managerAfter, { message: 'reminders must not stop before the manager is told', path: ['overdueStopAfter'] });

/**
 * The council's settings over the defaults: a field missing from stored settings (saved before
 * it existed) takes its default; stored settings that no longer validate fall back to the defaults.
 */
export function reminderSettingsOf(stored: unknown): ReminderSettings {
  const merged = { ...DEFAULT_REMINDER_SETTINGS, ...(stored && typeof stored === 'object' ? stored : {}) };
  const parsed = reminderSettingsSchema.safeParse(merged);
  return parsed.success ? parsed.data : DEFAULT_REMINDER_SETTINGS;
}

export async function loadReminderSettings(db: Queryable, councilId: number): Promise<ReminderSettings> {
  const { rows } = await db.query<{ reminder_settings: unknown }>('SELECT reminder_settings FROM council WHERE id = $1', [councilId]);
  return reminderSettingsOf(rows[0]?.reminder_settings);
}

/** Saves settings already checked with reminderSettingsSchema. */
export async function saveReminderSettings(db: Queryable, councilId: number, settings: ReminderSettings): Promise<void> {
  await db.query('UPDATE council SET reminder_settings = $2 WHERE id = $1', [councilId, JSON.stringify(settings)]);
}
