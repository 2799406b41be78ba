import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../app.ts';
import { requirePermission } from '../../pipeline/authentication.ts';
import { actorOf } from '../../pipeline/context.ts';
import { dateItems, fieldErrors, noErrors, readDate, typedValues, type FormErrors } from '../../forms.ts';
import { t } from '../../i18n.ts';
import { ContactValidationError, logContact } from '../../../contacts/logContact.ts';
import { contactChoices, suggestedProcedure, type ContactChoices, type UnitChoice } from '../../../contacts/contactChoices.ts';
import { CHANNELS } from '../../../domain/cases/vocabulary.ts';
import { londonDate } from '../../../domain/dates.ts';
import { complimentForm } from './schema.ts';

declare module 'fastify' {
  interface Session {
    /** The reference of the compliment just recorded, for the confirmation page (read once). */
    complimentRecorded?: string;
  }
}

const VIEW = 'staff/compliment/compliment.njk';
const RECORDED = 'staff/compliment/recorded.njk';
const FIELD_ORDER = ['service', 'team', 'staffNamed', 'said', 'receivedOn', 'channel'];
type Values = Record<string, string>;

const unitName = (u: Pick<UnitChoice, 'directorate' | 'service' | 'team'>) => [u.directorate, u.service, u.team].filter(Boolean).join(' › ');

/** The service list: the council's services as the public knows them ("w<id>"), then its directorates and services ("u<id>"). */
function serviceItems(choices: ContactChoices, chosen: string | undefined) {
  return [
    { value: '', text: t('compliment.chooseService') },
    ...choices.workspaces.map((w) => ({ value: `w${w.id}`, text: w.name, selected: chosen === `w${w.id}` })),
    ...choices.units.filter((u) => u.kind !== 'team').map((u) => ({ value: `u${u.id}`, text: unitName(u), selected: chosen === `u${u.id}` })),
  ];
}

/** Recording a compliment on one quick page: a contact of kind compliment, and its reference in a panel. */
export const complimentRoutes = (services: Services) => async (app: FastifyInstance) => {
  const guard = { preHandler: requirePermission('log_contact') };
  const today = () => londonDate(services.clock.now());
  const choicesFor = (request: FastifyRequest) => contactChoices(services.db.pool, request.staff!.council.id, today());

  async function page(reply: FastifyReply, request: FastifyRequest, form: FormErrors, values: Values, choices?: ContactChoices) {
    const lists = choices ?? (await choicesFor(request));
    return reply.view(VIEW, {
      title: t('compliment.title'), nav: 'log', ...form, values,
      services: serviceItems(lists, values.service),
      teams: [{ value: '', text: t('compliment.chooseTeam') }, ...lists.units.filter((u) => u.kind === 'team').map((u) => ({ value: String(u.id), text: unitName(u), selected: values.team === String(u.id) }))],
      channels: CHANNELS.map((c) => ({ value: c, text: t(`logContact.received.values.${c}`), checked: values.channel === c })),
      dateItems: dateItems(values, 'receivedOn', Boolean(form.errors.receivedOn)),
    });
  }

  app.get('/compliments/new', guard, async (request, reply) => page(reply, request, noErrors(), {}));

  app.post('/compliments/new', guard, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const values = typedValues(body);
    const choices = await choicesFor(request);
    const issues: { field: string; message: string }[] = [];
    const parsed = complimentForm.safeParse(body);
    if (!parsed.success) for (const i of parsed.error.issues) issues.push({ field: i.path.map(String).join('-') || 'form', message: i.message });
    const date = readDate(body, 'receivedOn', t('compliment.dateLabel'), { today: today(), notFuture: true });
    if (!date.ok) issues.push({ field: 'receivedOn', message: date.message });

    const service = String(body.service ?? '');
    const workspace = /^w\d+$/.test(service) ? choices.workspaces.find((w) => `w${w.id}` === service) ?? null : null;
    const unit = /^u\d+$/.test(service) ? choices.units.find((u) => `u${u.id}` === service && u.kind !== 'team') ?? null : null;
    if (!service) issues.push({ field: 'service', message: 'compliment.errors.serviceMissing' });
    else if (!workspace && !unit) issues.push({ field: 'service', message: 'compliment.errors.serviceUnknown' });
    const teamValue = String(body.team ?? '');
    const team = teamValue ? choices.units.find((u) => String(u.id) === teamValue && u.kind === 'team') ?? null : null;
    if (teamValue && !team) issues.push({ field: 'team', message: 'compliment.errors.teamUnknown' });
    else if (team && unit && !(unit.kind === 'service' ? team.service === unit.service && team.directorate === unit.directorate : team.directorate === unit.directorate)) {
      issues.push({ field: 'team', message: 'compliment.errors.teamNotInService' });
    }

    if (issues.length || !parsed.success || !date.ok) {
      issues.sort((a, b) => FIELD_ORDER.indexOf(a.field) - FIELD_ORDER.indexOf(b.field));
      return page(reply.code(400), request, withDateHref(fieldErrors(issues)), values, choices);
    }

    const f = parsed.data;
    const orgUnitId = team?.id ?? unit?.id ?? workspace?.orgUnitId ?? undefined;
    const summary = f.staffNamed ? `${f.said}\n\n${t('compliment.staffNamedLine', { names: f.staffNamed })}` : f.said;
    let reference: string;
    try {
      ({ reference } = await logContact(services.db, request.staff!.council.id, {
        kind: 'compliment', channel: f.channel, receivedOn: date.date, summary,
        orgUnitId, workspaceId: workspace?.id,
        procedure: suggestedProcedure(choices.units.find((u) => u.id === orgUnitId) ?? null, choices.procedures),
      }, actorOf(request), today()));
    } catch (error) {
      if (!(error instanceof ContactValidationError)) throw error;
      return page(reply.code(400), request, fieldErrors(error.errors.map((e) => ({ field: 'service', message: t('compliment.errors.notSaved', { reason: e.message }) }))), values, choices);
    }
    request.session.complimentRecorded = reference;
    return reply.redirect('/compliments/recorded', 303);
  });

  app.get('/compliments/recorded', guard, async (request, reply) => {
    const reference = request.session.complimentRecorded;
    if (!reference) return reply.redirect('/compliments/new', 303);
    request.session.complimentRecorded = undefined;
    return reply.view(RECORDED, { title: t('compliment.recorded.title'), nav: 'log', reference, caseHref: `/cases/${encodeURIComponent(reference)}` });
  });
};

/** The date's summary link goes to its day box. */
const withDateHref = (form: FormErrors): FormErrors => ({ ...form, errorList: form.errorList.map((e) => (e.href === '#receivedOn' ? { ...e, href: '#receivedOn-day' } : e)) });
