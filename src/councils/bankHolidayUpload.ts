import Papa from 'papaparse';
import type { Database } from '../db/database.ts';
import type { Actor } from '../events/actor.ts';
import { recordAccess } from '../events/audit.ts';
import { isIsoDate, type IsoDate } from '../domain/dates.ts';
import { DIVISIONS, parseGovUkBankHolidays, type Division } from '../domain/calendar/bankHolidays.ts';
import { currentCalendar } from './calendarStore.ts';
import { loadBankHolidays } from './calendarChange.ts';

/**
 * A bank-holiday list uploaded by a council's administrator (/admin/bank-holidays): GOV.UK's
 * bank-holidays.json (its list for the council's division is used) or a CSV of date,title.
 * The change is previewed — days added and removed, and how many open deadlines would move,
 * rehearsed by calendarChange.ts and rolled back — then made by the same code as
 * `redress calendar load`. A list is the whole division's: every council of it shares it (ADR 0025).
 */

export interface Holiday { date: IsoDate; title: string }
export interface ListProblem { row: number | null; message: string }

/** Most rows a list may have: GOV.UK's has about 8 a year per division. */
export const MAX_HOLIDAYS = 1000;

/** "2025-12-25" or "25/12/2025" → ISO; anything else null. Pure. */
function readDate(text: string): IsoDate | null {
  const t = text.trim();
  if (isIsoDate(t)) return t;
  const uk = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t);
  if (!uk) return null;
  const iso = `${uk[3]}-${uk[2]!.padStart(2, '0')}-${uk[1]!.padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : null;
}

/**
 * Reads an uploaded list for `division`: GOV.UK JSON (a file starting with "{"), or CSV rows of
 * date,title with an optional header row. Every problem, by row (the first row is 1). Pure.
 */
export function readHolidayList(bytes: Buffer, division: Division): { ok: true; holidays: Holiday[] } | { ok: false; problems: ListProblem[] } {
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  if (text.trim() === '') return { ok: false, problems: [{ row: null, message: 'The file is empty' }] };
  if (text.trimStart().startsWith('{')) {
    try {
      const calendar = parseGovUkBankHolidays(JSON.parse(text))[division];
      return { ok: true, holidays: [...calendar.holidays].map(([date, title]) => ({ date, title })) };
    } catch (error) {
      return { ok: false, problems: [{ row: null, message: error instanceof SyntaxError ? 'The file is not readable as JSON' : (error as Error).message }] };
    }
  }
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: 'greedy' });
  const rows = parsed.data;
  const problems: ListProblem[] = [];
  const holidays: Holiday[] = [];
  const seen = new Map<string, number>();
  const first = rows[0]?.map((c) => c.trim().toLowerCase()) ?? [];
  const hasHeader = first[0] === 'date';
  if (rows.length - (hasHeader ? 1 : 0) > MAX_HOLIDAYS) return { ok: false, problems: [{ row: null, message: `The list has more than ${MAX_HOLIDAYS} rows` }] };
  rows.forEach((cells, i) => {
    const row = i + 1;
    if (i === 0 && hasHeader) return;
    const [dateText = '', title = '', ...rest] = cells;
    const date = readDate(dateText);
    if (rest.some((c) => c.trim() !== '')) problems.push({ row, message: `Row ${row}: expected two columns, date and title` });
    else if (!date) problems.push({ row, message: `Row ${row}: "${dateText.trim()}" is not a date written YYYY-MM-DD or DD/MM/YYYY` });
    else if (title.trim() === '') problems.push({ row, message: `Row ${row}: enter the bank holiday’s name after the date` });
    else if (title.trim().length > 200) problems.push({ row, message: `Row ${row}: the name must be 200 characters or fewer` });
    else if (seen.has(date)) problems.push({ row, message: `Row ${row}: ${date} is already on row ${seen.get(date)}` });
    else {
      seen.set(date, row);
      holidays.push({ date, title: title.trim() });
    }
  });
  if (problems.length === 0 && holidays.length === 0) problems.push({ row: null, message: 'The file has no bank holidays in it' });
  return problems.length ? { ok: false, problems } : { ok: true, holidays: holidays.sort((a, b) => a.date.localeCompare(b.date)) };
}

export interface HolidayDiff {
  added: Holiday[];
  removed: Holiday[];
  renamed: { date: IsoDate; from: string; to: string }[];
}

/** What a new list changes against the one in force. Pure. */
export function diffHolidays(current: ReadonlyMap<IsoDate, string>, next: readonly Holiday[]): HolidayDiff {
  const nextMap = new Map(next.map((h) => [h.date, h.title]));
  const added = next.filter((h) => !current.has(h.date));
  const removed = [...current].filter(([date]) => !nextMap.has(date)).map(([date, title]) => ({ date, title }));
  const renamed = next.filter((h) => current.has(h.date) && current.get(h.date) !== h.title).map((h) => ({ date: h.date, from: current.get(h.date)!, to: h.title }));
  return { added, removed, renamed };
}

/** The GOV.UK shape with `division`'s list replaced and the others as they are. */
async function documentWith(db: Database, division: Division, holidays: readonly Holiday[]) {
  const doc: Record<string, { division: string; events: { title: string; date: string }[] }> = {};
  for (const d of DIVISIONS) {
    const list = d === division ? holidays : [...(await currentCalendar(db.pool, d)).holidays].map(([date, title]) => ({ date, title }));
    doc[d] = { division: d, events: list.map((h) => ({ title: h.title, date: h.date })) };
  }
  return doc;
}

export interface HolidayPreview extends HolidayDiff {
  /** Open deadlines at this council that would move. */
  movedHere: number;
  /** … and at the other councils sharing the list. */
  movedElsewhere: number;
}

/** What loading `holidays` for `division` would do, rehearsed and rolled back. */
export async function previewHolidays(db: Database, councilId: number, division: Division, holidays: readonly Holiday[], today: IsoDate, actor: Actor): Promise<HolidayPreview> {
  const diff = diffHolidays((await currentCalendar(db.pool, division)).holidays, holidays);
  const changes = await loadBankHolidays(db, await documentWith(db, division, holidays), 'preview', today, actor, { divisions: [division], rehearse: true });
  const moved = changes[0]?.movedByCouncil ?? {};
  const here = moved[councilId] ?? 0;
  const all = Object.values(moved).reduce((a, b) => a + b, 0);
  return { ...diff, movedHere: here, movedElsewhere: all - here };
}

/** Loads the list: the division's calendar changes and open deadlines move, on their cases' timelines; audited. */
export async function applyHolidays(db: Database, councilId: number, councilSlug: string, division: Division, holidays: readonly Holiday[], today: IsoDate, actor: Actor): Promise<{ movedHere: number; moved: number; changed: boolean }> {
  const changes = await loadBankHolidays(db, await documentWith(db, division, holidays), `uploaded by an administrator of ${councilSlug}`, today, actor, {
    divisions: [division],
    alsoInTransaction: async (client, made) => {
      await recordAccess(client, actor, {
        councilId, action: 'change_settings',
        detail: { codes: { setting: 'bank_holidays', division, version: made[0]?.version ?? 'unchanged' }, count: holidays.length, numbers: { deadlinesMoved: made[0]?.deadlinesMoved ?? 0, deadlinesMovedHere: made[0]?.movedByCouncil[councilId] ?? 0 } },
      });
    },
  });
  return { movedHere: changes[0]?.movedByCouncil[councilId] ?? 0, moved: changes[0]?.deadlinesMoved ?? 0, changed: changes.length > 0 };
}
