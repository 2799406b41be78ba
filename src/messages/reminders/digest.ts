/**
 * The weekly digest (issue 8): on the council's digest day (or the next working day of that
 * week when it is a bank holiday), each officer gets the open stages allocated to them and
 * each manager the open stages of each directorate they hold. Keys are per ISO week, so it
 * goes once a week; a digest day the sweep missed is caught up later that week, unless the
 * week's digest already went.
 */
import type { Queryable } from '../../db/database.ts';
import type { BankHolidayCalendar } from '../../domain/calendar/bankHolidays.ts';
import type { IsoDate } from '../../domain/dates.ts';
import { longDate } from '../../domain/cases/lifecycle.ts';
import { RESTRICTED_PROCEDURES } from '../../domain/access/scope.ts';
import type { NewMessage } from '../queueMessages.ts';
import { homeLink, linkBase } from '../links.ts';
import type { ReminderSettings } from './settings.ts';
import type { CouncilStaff } from './staffRecipients.ts';
import { digestDay, isoWeek } from './rules.ts';

/** Lines listed in one digest; the rest are counted ("and 12 more"). */
export const DIGEST_LINES = 50;

export interface OpenStage {
  reference: string;
  stage: number;
  dueOn: IsoDate | null;
  officerId: number | null;
  officerName: string | null;
  officerEmail: string | null;
  directorateId: number | null;
  directorateName: string | null;
  restricted: boolean;
}

/** Today is the week's digest day, or a later day of the week whose digest the sweep missed. */
export function digestMayGo(cal: BankHolidayCalendar, today: IsoDate, settings: Pick<ReminderSettings, 'digestWeekday'>): 'day' | 'catch_up' | null {
  const day = digestDay(cal, today, settings);
  if (day === null || today < day) return null;
  return today === day ? 'day' : 'catch_up';
}

/** "* HBC-24-0001 – stage 1, due 5 January 2027 (overdue)" lines, at most DIGEST_LINES, then "and N more". */
export function digestList(stages: readonly OpenStage[], today: IsoDate, withOfficer: boolean): string {
  const line = (s: OpenStage) => {
    const due = s.dueOn ? `due ${longDate(s.dueOn)}${s.dueOn < today ? ' (overdue)' : ''}` : 'no due date';
    const who = withOfficer ? `, ${s.officerName ?? 'not allocated'}` : '';
    return `* ${s.reference} – stage ${s.stage}, ${due}${who}`;
  };
  const shown = stages.slice(0, DIGEST_LINES).map(line).join('\n');
  const more = stages.length - DIGEST_LINES;
  return more > 0 ? `${shown}\n\nand ${more} more` : shown;
}

/** Every open stage of the council, soonest due first: one query. */
export async function openStages(db: Queryable, councilId: number): Promise<OpenStage[]> {
  const { rows } = await db.query<OpenStage & { officerId: string | null; directorateId: string | null }>(
    `SELECT c.reference, s.stage, coalesce(s.extended_to, s.due_on)::text AS "dueOn",
            o.id AS "officerId", o.name AS "officerName", o.email AS "officerEmail",
            d.directorate_id AS "directorateId", u.name AS "directorateName",
            (c.restricted OR coalesce(c.procedure_code = ANY($2::text[]), false)) AS restricted
       FROM complaint_stage s
       JOIN complaint k ON k.council_id = s.council_id AND k.contact_id = s.contact_id AND k.status = 'stage_open'
       JOIN contact c ON c.council_id = s.council_id AND c.id = s.contact_id
       LEFT JOIN staff_member o ON o.council_id = s.council_id AND o.id = s.investigating_officer_id
       LEFT JOIN org_unit_directorate d ON d.council_id = c.council_id AND d.id = c.org_unit_id
       LEFT JOIN org_unit u ON u.council_id = d.council_id AND u.id = d.directorate_id
      WHERE s.council_id = $1 AND s.opened_on IS NOT NULL AND s.responded_on IS NULL AND s.outcome IS NULL
      ORDER BY coalesce(s.extended_to, s.due_on) NULLS LAST, c.reference`,
    [councilId, RESTRICTED_PROCEDURES],
  );
  return rows.map((r) => ({
    ...r, officerId: r.officerId === null ? null : Number(r.officerId), directorateId: r.directorateId === null ? null : Number(r.directorateId),
  }));
}

/** The week's digests, officers' and managers', from the open stages. Pure. */
export function digestMessages(today: IsoDate, stages: readonly OpenStage[], staff: CouncilStaff): NewMessage[] {
  const week = isoWeek(today);
  const out: NewMessage[] = [];
  const byOfficer = new Map<number, OpenStage[]>();
  for (const s of stages) if (s.officerId !== null) byOfficer.set(s.officerId, [...(byOfficer.get(s.officerId) ?? []), s]);
  for (const [officerId, mine] of byOfficer) {
    const to = staff.officer(officerId, mine[0]!.officerName!, mine[0]!.officerEmail!);
    if (!to) continue;
    out.push({
      contactId: null, template: 'digest_officer', channel: 'email', accountId: to.accountId, recipientName: to.name, recipientAddress: to.email,
      language: 'en', dedupeKey: `digest_officer:${week}:${to.key}`,
      values: { name: to.name, count: String(mine.length), items: digestList(mine, today, false), link: homeLink() },
    });
  }
  const directorates = new Map<number, { name: string; stages: OpenStage[] }>();
  for (const s of stages) {
    if (s.directorateId === null) continue;
    const d = directorates.get(s.directorateId) ?? { name: s.directorateName ?? '', stages: [] };
    d.stages.push(s);
    directorates.set(s.directorateId, d);
  }
  for (const manager of staff.allManagers()) {
    for (const [id, d] of directorates) {
      if (!manager.allDirectorates && !manager.directorates.includes(id)) continue;
      const visible = d.stages.filter((s) => !s.restricted || manager.maySeeRestricted);
      if (visible.length === 0) continue;
      const overdue = visible.filter((s) => s.dueOn !== null && s.dueOn < today).length;
      out.push({
        contactId: null, template: 'digest_directorate', channel: 'email', accountId: manager.accountId, recipientName: manager.name,
        recipientAddress: manager.email, language: 'en', dedupeKey: `digest_directorate:${week}:d${id}:${manager.key}`,
        values: {
          name: manager.name, directorate: d.name, count: String(visible.length), overdue: String(overdue),
          items: digestList(visible, today, true), link: `${linkBase()}/cases`,
        },
      });
    }
  }
  return out;
}
