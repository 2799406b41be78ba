import type { Queryable } from '../db/database.ts';
import { currentCalendar } from '../councils/calendarStore.ts';
import { divisionOf } from '../domain/calendar/bankHolidays.ts';
import { escalationDeadline } from '../domain/calendar/deadlines.ts';
import type { Actor } from '../events/actor.ts';
import type { CaseEvent, CaseEventType } from '../events/caseEvents.ts';
import { caseForMessages, officerForMessages, type CaseForMessages } from './caseMessageValues.ts';
import { dateInWords } from './dateInWords.ts';
import { caseLink } from './links.ts';
import { nextSteps, type AfterResponse } from './nextSteps.ts';
import { ombudsmanDetails, whichOmbudsman, type OmbudsmanDetails } from './ombudsmanDetails.ts';
import { queueMessages, type NewMessage } from './queueMessages.ts';
import type { MessageValues } from './render.ts';
import { residentRecipient } from './residentRecipient.ts';
import { loadCouncilStaff } from './reminders/staffRecipients.ts';
import { RESTRICTED_PROCEDURES } from '../domain/access/scope.ts';
import type { Language, ResidentTemplate } from './templates.ts';
import { shippedPhrase } from './wording.ts';

/** The events that tell someone something; every other event sends nothing. */
const TELLING: ReadonlySet<CaseEventType> = new Set<CaseEventType>([
  'logged', 'acknowledged', 'extended', 'responded', 'escalation_accepted', 'escalation_refused', 'allocated',
]);

/** Staff on the web, and (issue 9) residents through the public web; never imports, seeds or the command line. */
export function actorSendsMessages(actor: Actor): boolean {
  return actor.accountId !== null || actor.origin.startsWith('public');
}

/**
 * The messages a case event causes (issue 8): to the resident (acknowledgement, extension,
 * response, escalation accepted or refused, compliment thanks) and to staff (allocation),
 * queued with the event's own client, in its transaction, after the change is saved — so the
 * case is read as it now stands. Only what staff and residents do sends anything: imports,
 * the demo seed and the command line (system actors) send nothing. Each message's dedupe key
 * names the event (`event:<id>:<template>`), so one event never makes two; `eventId` is the
 * event's id when the writer has it, else the case's newest event, which is this one (the
 * writer holds the case's row until commit).
 */
export async function queueMessagesForEvent(client: Queryable, event: CaseEvent, actor: Actor, eventId?: number): Promise<void> {
  if (!actorSendsMessages(actor) || !TELLING.has(event.type)) return;
  const facts = await caseForMessages(client, event.councilId, event.contactId, event.stage ?? null);
  if (!facts) return;
  const id = eventId ?? facts.latestEventId;
  const message = event.type === 'allocated'
    ? await allocationMessage(client, event, actor, facts)
    : await residentMessage(client, event, facts, actor);
  const messages: NewMessage[] = message ? [{ ...message, dedupeKey: `event:${id}:${message.template}` }] : [];
  // A contact made on the public pages: the complaints team is told it is there (issue 9).
  if (event.type === 'logged' && fromPublicWeb(actor)) {
    for (const m of await newWebContactMessages(client, event, facts)) messages.push({ ...m, dedupeKey: `event:${id}:new_web_contact:${m.key}` });
  }
  if (messages.length > 0) await queueMessages(client, event.councilId, messages, new Date());
}

const fromPublicWeb = (actor: Actor) => actor.accountId === null && actor.origin.startsWith('public');

type Data = Record<string, unknown>;
const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value.trim() : null);

async function residentMessage(client: Queryable, event: CaseEvent, facts: CaseForMessages, actor: Actor): Promise<NewMessage | null> {
  const template = residentTemplateFor(event, facts, actor);
  if (!template) return null;
  const to = residentRecipient(facts.language, facts.complainant, facts.representative);
  if (!to) return null;
  const values = await residentValues(client, template, event, facts, to.name, to.language);
  return {
    contactId: event.contactId, template, channel: to.channel, recipientName: to.name, recipientAddress: to.address,
    language: to.language, largePrint: to.largePrint, values,
  };
}

function residentTemplateFor(event: CaseEvent, facts: CaseForMessages, actor: Actor): ResidentTemplate | null {
  switch (event.type) {
    // A compliment is thanked whoever logs it; a complaint or comment sent on the public pages is confirmed with its reference.
    case 'logged': return facts.kind === 'compliment' ? 'compliment_thanks'
      : fromPublicWeb(actor) && (facts.kind === 'complaint' || facts.kind === 'comment') ? 'contact_received' : null;
    case 'acknowledged': return 'acknowledgement';
    case 'extended': return 'extension';
    case 'responded': return 'response_sent';
    case 'escalation_accepted': return 'escalation_accepted';
    case 'escalation_refused': return 'escalation_refused';
    default: return null;
  }
}

/**
 * Every value the case offers, not only those the shipped wording uses: a council's own
 * wording may name any of them (the Ombudsman in an acknowledgement, say).
 */
async function residentValues(
  client: Queryable, template: ResidentTemplate, event: CaseEvent, facts: CaseForMessages, name: string, language: Language,
): Promise<MessageValues> {
  const data = (event.data ?? {}) as Data;
  const values: Record<string, string> = { name, reference: facts.reference, council_name: facts.councilName };
  const ombudsman = ombudsmanDetails(facts.procedure?.ombudsman ?? whichOmbudsman(facts.nation, facts.procedureCode), language);
  Object.assign(values, { ombudsman_name: ombudsman.name, ombudsman_website: ombudsman.website, ombudsman_phone: ombudsman.phone });
  if (facts.stage) {
    values.stage = String(facts.stage.number);
    // An extension's event carries its date; otherwise the stage's due date as saved.
    const due = template === 'extension' ? text(data.to) ?? facts.stage.due : facts.stage.due;
    values.due_date = due ? dateInWords(due, language) : shippedPhrase('phrases.due_date_agreed', language);
  }
  // The forms require a reason; one missing must not stop the officer's action.
  if (template === 'extension' || template === 'escalation_refused') {
    values.reason = text(data.reason) ?? shippedPhrase('phrases.reason_not_recorded', language);
  }
  if (template === 'contact_received') {
    values.what_you_sent = shippedPhrase(`phrases.received_${facts.kind}`, language);
    values.what_happens_next = shippedPhrase(`phrases.received_next_${facts.kind}`, language);
  }
  if (template === 'response_sent') {
    values.next_steps = nextSteps(await afterResponse(client, facts, ombudsman, language), facts.reference, language);
  }
  return values;
}

async function afterResponse(
  client: Queryable, facts: CaseForMessages, ombudsman: OmbudsmanDetails, language: Language,
): Promise<AfterResponse> {
  const { procedure, stage } = facts;
  const next = stage && procedure?.stages.find((s) => s.number === stage.number + 1);
  if (!stage || !procedure || !next) return { to: 'ombudsman', ombudsman };
  let askBy: string | null = null;
  if (stage.respondedOn) {
    const calendar = await currentCalendar(client, divisionOf(facts.nation));
    // The date of the events is not recorded: the receipt stands in, as actOnComplaint counts it.
    const closes = escalationDeadline(calendar, procedure, stage.number, stage.respondedOn, facts.receivedOn);
    if (closes) askBy = dateInWords(closes, language);
  }
  return { to: 'next_stage', stage: next.number, askBy };
}

/** The allocation message to the investigating officer, unless they allocated the case to themselves. */
async function allocationMessage(client: Queryable, event: CaseEvent, actor: Actor, facts: CaseForMessages): Promise<NewMessage | null> {
  const staffMemberId = Number((event.data as Data | undefined)?.officer);
  if (!Number.isInteger(staffMemberId) || staffMemberId <= 0) return null;
  const officer = await officerForMessages(client, event.councilId, staffMemberId);
  if (!officer || (officer.accountId !== null && officer.accountId === actor.accountId)) return null;
  const due = facts.stage?.due;
  return {
    contactId: event.contactId, template: 'allocation', channel: 'email', accountId: officer.accountId,
    recipientName: officer.name, recipientAddress: officer.email, language: 'en',
    values: {
      officer_name: officer.name, reference: facts.reference, stage: String(facts.stage?.number ?? event.stage ?? ''),
      due_date: due ? dateInWords(due, 'en') : shippedPhrase('phrases.due_date_agreed_staff', 'en'),
      case_link: caseLink(facts.reference), council_name: facts.councilName,
    },
  };
}

/**
 * To the complaints team (complaints officers and administrators) who may see the case — its
 * directorate, and a restricted one only to those allowed — that a resident sent it on the
 * public pages, with the link to it.
 */
async function newWebContactMessages(client: Queryable, event: CaseEvent, facts: CaseForMessages): Promise<(NewMessage & { key: string })[]> {
  const { rows } = await client.query<{ directorate_id: string | null; restricted: boolean; service: string | null }>(
    `SELECT d.directorate_id, (c.restricted OR coalesce(c.procedure_code = ANY($3::text[]), false)) AS restricted, w.name AS service
       FROM contact c
       LEFT JOIN org_unit_directorate d ON d.council_id = c.council_id AND d.id = c.org_unit_id
       LEFT JOIN workspace w ON w.council_id = c.council_id AND w.id = c.workspace_id
      WHERE c.council_id = $1 AND c.id = $2`,
    [event.councilId, event.contactId, RESTRICTED_PROCEDURES],
  );
  const row = rows[0];
  if (!row) return [];
  const staff = await loadCouncilStaff(client, event.councilId);
  const team = staff.team({ directorateId: row.directorate_id === null ? null : Number(row.directorate_id), restricted: row.restricted });
  return team.map((member) => ({
    key: member.key, contactId: event.contactId, template: 'new_web_contact' as const, channel: 'email' as const, accountId: member.accountId,
    recipientName: member.name, recipientAddress: member.email, language: 'en' as const,
    values: {
      name: member.name, kind: facts.kind, reference: facts.reference, service: row.service ?? shippedPhrase('phrases.service_not_chosen_staff', 'en'),
      case_link: caseLink(facts.reference), council_name: facts.councilName,
    },
  }));
}
