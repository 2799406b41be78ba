/**
 * Turns what is due (dueItems.ts) into the messages to queue today: the rules (rules.ts)
 * say which reminder each item is due, staffRecipients.ts who hears of it. Pure given its
 * inputs; every message carries a dedupe key of template, item, the rule's key (which holds
 * the due date) and recipient.
 */
import type { BankHolidayCalendar } from '../../domain/calendar/bankHolidays.ts';
import type { IsoDate } from '../../domain/dates.ts';
import { longDate } from '../../domain/cases/lifecycle.ts';
import type { NewMessage } from '../queueMessages.ts';
import type { StaffTemplate } from '../templates.ts';
import { caseLink, homeLink } from '../links.ts';
import { ombudsmanDetails, type Ombudsman } from '../ombudsmanDetails.ts';
import type { ReminderSettings } from './settings.ts';
import type { DueItems, ActionDue } from './dueItems.ts';
import type { CouncilStaff, StaffRecipient } from './staffRecipients.ts';
import { deadlineReminder, escalationReminder, managerAlert, workingDaysText, type DeadlineReminder } from './rules.ts';

/** Staff messages are in English: the Ombudsman's English name. */
const ombudsmanName = (body: string) => (body in OMBUDSMEN ? ombudsmanDetails(body as Ombudsman, 'en').name : 'Ombudsman');
const OMBUDSMEN = { lgsco: 1, housing_ombudsman: 1, psow: 1, spso: 1, nipso: 1 } satisfies Record<Ombudsman, 1>;

const STAGE_TEMPLATES: Record<DeadlineReminder['kind'], StaffTemplate> = {
  before: 'reminder_before', due_today: 'reminder_due_today', overdue: 'reminder_overdue',
};

/** "It is due in 5 working days.", "It is due today.", "It is 3 working days overdue." */
export function standing(r: DeadlineReminder): string {
  if (r.kind === 'before') return `It is due in ${workingDaysText(r.daysLeft)}.`;
  if (r.kind === 'due_today') return 'It is due today.';
  return `It is ${workingDaysText(r.daysOverdue)} overdue.`;
}

function message(
  template: StaffTemplate, item: string, ruleKey: string, to: StaffRecipient, contactId: number | null, values: Record<string, string>,
): NewMessage {
  return {
    contactId, template, channel: 'email', accountId: to.accountId, recipientName: to.name, recipientAddress: to.email, language: 'en',
    values, dedupeKey: `${template}:${item}:${ruleKey}:${to.key}`,
  };
}

const linkTo = (reference: string | null) => (reference ? caseLink(reference) : homeLink());

export function reminderMessages(
  cal: BankHolidayCalendar, today: IsoDate, settings: ReminderSettings, items: DueItems, staff: CouncilStaff,
): NewMessage[] {
  const out: NewMessage[] = [];

  for (const s of items.stages) {
    const officer = staff.officer(s.officerId!, s.officerName!, s.officerEmail!);
    const base = { reference: s.reference!, stage: String(s.stage), due_date: longDate(s.dueOn), case_link: linkTo(s.reference) };
    const due = deadlineReminder(cal, today, s.dueOn, settings);
    if (due && officer) {
      const days = due.kind === 'before' ? workingDaysText(due.daysLeft) : due.kind === 'overdue' ? workingDaysText(due.daysOverdue) : '';
      out.push(message(STAGE_TEMPLATES[due.kind], `s${s.stageId}`, due.key, officer, s.contactId, { ...base, officer_name: officer.name, days }));
    }
    const late = managerAlert(cal, today, s.dueOn, settings);
    if (late) {
      for (const manager of staff.managers(s)) {
        if (officer?.accountId != null && manager.accountId === officer.accountId) continue; // the officer is told already
        out.push(message('overdue_to_manager', `s${s.stageId}`, late.key, manager, s.contactId,
          { ...base, manager_name: manager.name, officer_name: s.officerName!, days: workingDaysText(late.daysOverdue) }));
      }
    }
  }

  for (const e of items.escalations) {
    const waiting = escalationReminder(cal, today, e.requestedOn, settings);
    if (!waiting) continue;
    for (const member of staff.team(e)) {
      out.push(message('escalation_awaiting', `s${e.stageId}`, waiting.key, member, e.contactId, {
        officer_name: member.name, reference: e.reference!, stage: String(e.stage), requested_on: longDate(e.requestedOn),
        days: workingDaysText(waiting.daysWaited), case_link: linkTo(e.reference),
      }));
    }
  }

  const actions = (rows: ActionDue[], template: 'remedy_due' | 'learning_action_due', prefix: string) => {
    for (const a of rows) {
      const due = deadlineReminder(cal, today, a.dueOn, settings);
      if (!due) continue;
      // A learning action's owner, when a member of staff, is told; else the case's officer; else the team.
      const owner = a.ownerAccountId != null ? staff.member(a.ownerAccountId, a) : null;
      const officer = a.officerId !== null ? staff.officer(a.officerId, a.officerName!, a.officerEmail!) : null;
      for (const to of owner ? [owner] : officer ? [officer] : staff.team(a)) {
        out.push(message(template, `${prefix}${a.id}`, due.key, to, a.contactId, {
          officer_name: to.name, reference: a.reference ?? 'not recorded', due_date: longDate(a.dueOn), standing: standing(due),
          case_link: linkTo(a.reference), ...(template === 'remedy_due' ? { remedy: a.description } : { action: a.description, owner: a.owner ?? '' }),
        }));
      }
    }
  };
  actions(items.remedies, 'remedy_due', 'r');
  actions(items.learningActions, 'learning_action_due', 'l');

  for (const o of items.compliance) {
    const due = deadlineReminder(cal, today, o.dueOn, settings);
    if (!due) continue;
    for (const member of staff.team(o)) {
      out.push(message('ombudsman_compliance_due', `o${o.id}`, due.key, member, o.contactId, {
        officer_name: member.name, ombudsman_name: ombudsmanName(o.body), ombudsman_reference: o.ombudsmanReference,
        reference: o.reference ?? 'not recorded', due_date: longDate(o.dueOn), standing: standing(due), case_link: linkTo(o.reference),
      }));
    }
  }
  return out;
}
