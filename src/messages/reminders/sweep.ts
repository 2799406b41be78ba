import { inTransaction, type Database, type Queryable } from '../../db/database.ts';
import { divisionOf, type BankHolidayCalendar, type Division, type Nation } from '../../domain/calendar/bankHolidays.ts';
import { currentCalendar } from '../../councils/calendarStore.ts';
import { queueMessages, type NewMessage } from '../queueMessages.ts';
import { councilWording } from '../wording.ts';
import { reminderSettingsOf } from './settings.ts';
import { councilTime, inWorkingHours } from './workingHours.ts';
import { escalationFloor, reminderFloor, reminderHorizon } from './rules.ts';
import { dueItems } from './dueItems.ts';
import { loadCouncilStaff } from './staffRecipients.ts';
import { reminderMessages } from './reminderMessages.ts';
import { digestMayGo, digestMessages, openStages } from './digest.ts';

/** Messages written per transaction: each batch gives the (embedded) connection back to the pages. */
const BATCH = 500;

/**
 * Finds every reminder due now, for every council, and queues it (issue 8). Safe to run at
 * any moment, as often as wanted, by several processes at once: each reminder has a dedupe
 * key, so it is queued once. Does nothing outside a council's working hours, and nothing on
 * its weekends and bank holidays. `councilIds` limits it to some councils (tests sharing a
 * database sweep only their own).
 */
export async function sweepReminders(db: Database, now: Date, options: { councilIds?: readonly number[] } = {}): Promise<{ queued: number }> {
  const { rows: councils } = await db.pool.query<{ id: string; nation: Nation; reminder_settings: unknown }>(
    'SELECT id, nation, reminder_settings FROM council WHERE $1::bigint[] IS NULL OR id = ANY($1::bigint[]) ORDER BY id',
    [options.councilIds ?? null]);
  const calendars = new Map<Division, Promise<BankHolidayCalendar>>();
  let queued = 0;
  for (const council of councils) {
    const division = divisionOf(council.nation);
    if (!calendars.has(division)) calendars.set(division, currentCalendar(db.pool, division));
    queued += await sweepCouncil(db, Number(council.id), await calendars.get(division)!, reminderSettingsOf(council.reminder_settings), now);
  }
  return { queued };
}

async function sweepCouncil(
  db: Database, councilId: number, cal: BankHolidayCalendar, settings: ReturnType<typeof reminderSettingsOf>, now: Date,
): Promise<number> {
  if (!inWorkingHours(cal, settings, now)) return 0;
  const today = councilTime(now).date;
  const digest = digestMayGo(cal, today, settings);
  const [items, staff, stages] = await Promise.all([
    dueItems(db.pool, councilId, {
      floor: reminderFloor(cal, today, settings), horizon: reminderHorizon(cal, today, settings), escalationFloor: escalationFloor(cal, today, settings),
    }),
    loadCouncilStaff(db.pool, councilId),
    digest ? openStages(db.pool, councilId) : Promise.resolve([]),
  ]);
  const reminders = reminderMessages(cal, today, settings, items, staff);
  const digests = digest ? digestMessages(today, stages, staff) : [];
  const sent = await alreadyQueued(db.pool, councilId, [...reminders, ...digests]);
  // A missed digest day is caught up later in the week only if none of the week's digests went.
  const digestsToGo = digest === 'catch_up' && digests.some((m) => sent.has(m.dedupeKey!)) ? [] : digests;
  const fresh = [...reminders, ...digestsToGo].filter((m) => !sent.has(m.dedupeKey!))
    // One order for every sweep, so two sweeps at once take the keys' locks in the same order.
    .sort((a, b) => (a.dedupeKey! < b.dedupeKey! ? -1 : 1));

  let queued = 0;
  if (fresh.length > 0) {
    const wording = await councilWording(db.pool, councilId);
    for (let i = 0; i < fresh.length; i += BATCH) {
      const batch = fresh.slice(i, i + BATCH);
      queued += (await inTransaction(db, (client) => queueMessages(client, councilId, batch, now, wording))).ids.length;
    }
  }
  await db.pool.query(
    `INSERT INTO reminder_sweep (council_id, swept_at, queued) VALUES ($1, $2, $3)
     ON CONFLICT (council_id) DO UPDATE SET swept_at = EXCLUDED.swept_at, queued = EXCLUDED.queued`,
    [councilId, now, queued],
  );
  return queued;
}

/** The keys among these already written: skipped before rendering, so a sweep that finds nothing new costs one lookup. */
async function alreadyQueued(db: Queryable, councilId: number, messages: readonly NewMessage[]): Promise<Set<string>> {
  if (messages.length === 0) return new Set();
  const { rows } = await db.query<{ dedupe_key: string }>(
    'SELECT dedupe_key FROM message WHERE council_id = $1 AND dedupe_key = ANY($2::text[])',
    [councilId, messages.map((m) => m.dedupeKey)],
  );
  return new Set(rows.map((r) => r.dedupe_key));
}
