import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodType } from 'zod';
import type { Services } from '../../app.ts';
import { requirePermission } from '../../pipeline/authentication.ts';
import { actorOf } from '../../pipeline/context.ts';
import { badRequest } from '../../pipeline/httpProblems.ts';
import { dateItems, fieldErrors, noErrors, readDate, typedValues, type FormErrors } from '../../forms.ts';
import { t } from '../../i18n.ts';
import { ContactValidationError, logContact } from '../../../contacts/logContact.ts';
import { contactChoices, enquiryDueOn, suggestedProcedure, type ContactChoices, type UnitChoice } from '../../../contacts/contactChoices.ts';
import { openCasesForPerson, restrictionsForPerson, type PersonMatch } from '../../../contacts/openCasesForPerson.ts';
import { CHANNELS, COMPLAINANT_GROUPS, CONTACT_KINDS, type ProcedureCodeValue } from '../../../domain/cases/vocabulary.ts';
import { londonDate } from '../../../domain/dates.ts';
import {
  aboutForm, adjustmentsForm, channelForm, kindForm, pageQuery, personForm, representativeForm, restrictionForm, summaryForm,
  defaultContactBy, type LogContactDraft, type Preferences,
} from './schema.ts';

declare module 'fastify' {
  interface Session {
    /** A contact being logged: the answers so far (personal data, so only ever server-side). */
    logContactDraft?: LogContactDraft;
  }
}

const BASE = '/contacts/new';
const CHECK = `${BASE}/check`;
const VIEWS = 'staff/log-contact';

type PageKey = 'kind' | 'received' | 'person' | 'representative' | 'adjustments' | 'restriction' | 'about' | 'summary';
type Values = Record<string, string>;
type Issue = { field: string; message: string };
type Read = { ok: true; draft: LogContactDraft } | { ok: false; issues: Issue[] };

interface Ctx {
  services: Services;
  request: FastifyRequest;
  draft: LogContactDraft;
  today: string;
  choices: () => Promise<ContactChoices>;
}

/** One question page: when it applies, whether it is answered, its values, how its form is read, and what else its view needs. */
interface Page {
  key: PageKey;
  path: string;
  applies: (d: LogContactDraft) => boolean;
  done: (d: LogContactDraft) => boolean;
  values: (d: LogContactDraft) => Values;
  read: (body: Record<string, unknown>, c: Ctx) => Promise<Read>;
  view: (values: Values, errors: Record<string, string>, c: Ctx) => Promise<Record<string, unknown>>;
}

const always = () => true;
const named = (d: LogContactDraft) => d.person?.anonymous !== true;

/** zod issues as the form's field errors (a path "a.b" is the field "a-b"). */
function issuesOf(schema: ZodType, body: unknown): { data: unknown; issues: Issue[] } {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return { data: parsed.data, issues: [] };
  return { data: null, issues: parsed.error.issues.map((i) => ({ field: i.path.map(String).join('-') || 'form', message: i.message })) };
}

const dateValues = (name: string, iso: string | null | undefined): Values => {
  if (!iso) return {};
  const [y, m, d] = iso.split('-');
  return { [`${name}-day`]: String(Number(d)), [`${name}-month`]: String(Number(m)), [`${name}-year`]: y! };
};

const radioItems = (list: readonly string[], prefix: string, chosen: string | undefined) =>
  list.map((value) => ({ value, text: t(`${prefix}.${value}`), checked: chosen === value }));

/** The language and channel questions' radios (complainant and representative): English unless chosen; no channel chosen means the default. */
const preferenceItems = (language: string | undefined, contactBy: string | undefined) => ({
  languages: radioItems(['en', 'cy'], 'logContact.preferences.languages', language || 'en'),
  contactByItems: radioItems(['email', 'post'], 'logContact.preferences.contactByValues', contactBy),
});

/** "English, by email": a person's choices on check your answers. */
const preferencesAnswer = (p: Partial<Preferences>, email: string) =>
  t('logContact.preferences.answer', {
    language: t(`logContact.preferences.languages.${p.language ?? 'en'}`),
    contactBy: t(`logContact.preferences.contactByAnswers.${p.contactBy ?? defaultContactBy(email)}`),
  });

const unitName = (u: Pick<UnitChoice, 'directorate' | 'service' | 'team'>) => [u.directorate, u.service, u.team].filter(Boolean).join(' › ');

const PAGES: Page[] = [
  {
    key: 'kind', path: BASE, applies: always, done: (d) => Boolean(d.kind),
    values: (d): Values => ({ kind: d.kind ?? '' }),
    read: async (body, c) => {
      const { data, issues } = issuesOf(kindForm, body);
      return issues.length ? { ok: false, issues } : { ok: true, draft: { ...c.draft, kind: (data as { kind: LogContactDraft['kind'] }).kind } };
    },
    view: async (values, _errors, c) => ({ kinds: radioItems(CONTACT_KINDS, 'logContact.kind.values', values.kind), hasDraft: Object.keys(c.draft).length > 0 }),
  },
  {
    key: 'received', path: `${BASE}/received`, applies: always, done: (d) => Boolean(d.received),
    values: (d): Values => ({ channel: d.received?.channel ?? '', ...dateValues('receivedOn', d.received?.on) }),
    read: async (body, c) => {
      const { data, issues } = issuesOf(channelForm, body);
      const date = readDate(body, 'receivedOn', t('logContact.received.dateLabel'), { today: c.today, notFuture: true });
      if (!date.ok) issues.push({ field: 'receivedOn', message: date.message });
      if (issues.length || !date.ok) return { ok: false, issues };
      return { ok: true, draft: { ...c.draft, received: { channel: (data as { channel: (typeof CHANNELS)[number] }).channel, on: date.date! } } };
    },
    view: async (values, errors) => ({
      channels: radioItems(CHANNELS, 'logContact.received.values', values.channel),
      dateItems: dateItems(values, 'receivedOn', Boolean(errors.receivedOn)),
    }),
  },
  {
    key: 'person', path: `${BASE}/person`, applies: always, done: (d) => Boolean(d.person),
    values: (d): Values => (d.person ? {
      anonymous: d.person.anonymous ? 'yes' : '', fullName: d.person.fullName, email: d.person.email, phone: d.person.phone, address: d.person.address,
      language: d.person.language ?? 'en', contactBy: d.person.contactBy ?? '',
    } : {}),
    read: async (body, c) => {
      const { data, issues } = issuesOf(personForm, body);
      if (issues.length) return { ok: false, issues };
      const p = data as { anonymous?: 'yes'; fullName: string; email: string; phone: string; address: string } & { language: Preferences['language']; contactBy?: Preferences['contactBy'] };
      const draft: LogContactDraft = {
        ...c.draft,
        person: {
          anonymous: p.anonymous === 'yes', fullName: p.fullName, email: p.email, phone: p.phone, address: p.address,
          language: p.language, contactBy: p.contactBy ?? defaultContactBy(p.email),
        },
      };
      if (p.anonymous === 'yes') {
        delete draft.adjustments;
        delete draft.restriction;
      }
      return { ok: true, draft };
    },
    view: async (values) => preferenceItems(values.language, values.contactBy),
  },
  {
    key: 'representative', path: `${BASE}/representative`, applies: always, done: (d) => Boolean(d.representative),
    values: (d): Values => {
      const r = d.representative;
      return r ? {
        hasRepresentative: r.has ? 'yes' : 'no', repFullName: r.fullName, repEmail: r.email, repPhone: r.phone, repAddress: r.address, relationship: r.relationship ?? '',
        repLanguage: r.language ?? 'en', repContactBy: r.has ? r.contactBy ?? '' : '', repLargePrint: r.largePrint ? 'yes' : '',
      } : {};
    },
    read: async (body, c) => {
      const { data, issues } = issuesOf(representativeForm, body);
      if (issues.length) return { ok: false, issues };
      const r = data as {
        hasRepresentative: 'yes' | 'no'; repFullName: string; repEmail: string; repPhone: string; repAddress: string; relationship: '' | (typeof COMPLAINANT_GROUPS)[number];
        repLanguage: Preferences['language']; repContactBy?: Preferences['contactBy']; repLargePrint?: 'yes';
      };
      const has = r.hasRepresentative === 'yes';
      return {
        ok: true,
        draft: {
          ...c.draft,
          representative: has
            ? {
              has, fullName: r.repFullName, email: r.repEmail, phone: r.repPhone, address: r.repAddress, relationship: r.relationship || null,
              language: r.repLanguage, contactBy: r.repContactBy ?? defaultContactBy(r.repEmail), largePrint: r.repLargePrint === 'yes',
            }
            : { has, fullName: '', email: '', phone: '', address: '', relationship: null },
        },
      };
    },
    view: async (values) => ({
      ...preferenceItems(values.repLanguage, values.repContactBy),
      relationships: [{ value: '', text: t('logContact.representative.choose') }, ...COMPLAINANT_GROUPS.map((g) => ({ value: g, text: t(`logContact.representative.groups.${g}`), selected: values.relationship === g }))],
    }),
  },
  {
    key: 'adjustments', path: `${BASE}/adjustments`, applies: named, done: (d) => Boolean(d.adjustments),
    values: (d): Values => (d.adjustments ? { hasAdjustments: d.adjustments.has ? 'yes' : 'no', adjustments: d.adjustments.details, largePrint: d.adjustments.largePrint ? 'yes' : '' } : {}),
    read: async (body, c) => {
      const { data, issues } = issuesOf(adjustmentsForm, body);
      if (issues.length) return { ok: false, issues };
      const a = data as { hasAdjustments: 'yes' | 'no'; adjustments: string; largePrint?: 'yes' };
      const has = a.hasAdjustments === 'yes';
      return { ok: true, draft: { ...c.draft, adjustments: { has, details: has ? a.adjustments : '', largePrint: has && a.largePrint === 'yes' } } };
    },
    view: async () => ({}),
  },
  {
    key: 'restriction', path: `${BASE}/restriction`, applies: named, done: (d) => Boolean(d.restriction),
    values: (d): Values => (d.restriction ? { hasRestriction: d.restriction.has ? 'yes' : 'no', restriction: d.restriction.details, ...dateValues('reviewOn', d.restriction.reviewOn) } : {}),
    read: async (body, c) => {
      const { data, issues } = issuesOf(restrictionForm, body);
      const has = body.hasRestriction === 'yes';
      const review = has ? readDate(body, 'reviewOn', t('logContact.restriction.reviewLabel')) : ({ ok: true, date: null } as const);
      if (!review.ok) issues.push({ field: 'reviewOn', message: review.message });
      if (issues.length || !review.ok) return { ok: false, issues };
      const r = data as { hasRestriction: 'yes' | 'no'; restriction: string };
      return { ok: true, draft: { ...c.draft, restriction: has ? { has, details: r.restriction, reviewOn: review.date } : { has: false, details: '', reviewOn: null } } };
    },
    view: async (values, errors, c) => ({
      dateItems: dateItems(values, 'reviewOn', Boolean(errors.reviewOn)),
      known: await knownRestrictions(c),
    }),
  },
  {
    key: 'about', path: `${BASE}/about`, applies: always, done: (d) => Boolean(d.about),
    values: (d): Values => (d.about ? {
      workspace: d.about.workspaceId ? String(d.about.workspaceId) : '', orgUnit: d.about.orgUnitId ? String(d.about.orgUnitId) : '',
      category: d.about.categoryId ? String(d.about.categoryId) : '', procedure: d.about.procedure,
    } : { procedure: 'auto' }),
    read: async (body, c) => {
      const { data, issues } = issuesOf(aboutForm, body);
      if (issues.length) return { ok: false, issues };
      const a = data as { workspace: string; orgUnit: string; category: string; procedure: string };
      const choices = await c.choices();
      const find = <T extends { id: number }>(list: T[], value: string) => (value ? list.find((x) => String(x.id) === value) ?? null : null);
      const workspace = find(choices.workspaces, a.workspace);
      const unit = find(choices.units, a.orgUnit);
      const category = find(choices.categories, a.category);
      if (a.workspace && !workspace) issues.push({ field: 'workspace', message: 'logContact.errors.workspaceUnknown' });
      if (a.orgUnit && !unit) issues.push({ field: 'orgUnit', message: 'logContact.errors.unitUnknown' });
      if (!a.workspace && !a.orgUnit) issues.push({ field: 'workspace', message: 'logContact.errors.serviceMissing' });
      if (a.category && !category) issues.push({ field: 'category', message: 'logContact.errors.categoryUnknown' });
      const procedure = a.procedure === 'auto' ? 'auto' : choices.procedures.find((p) => p === a.procedure);
      if (!procedure) issues.push({ field: 'procedure', message: 'logContact.errors.procedureUnknown' });
      if (issues.length || !procedure) return { ok: false, issues };
      return { ok: true, draft: { ...c.draft, about: { workspaceId: workspace?.id ?? null, orgUnitId: unit?.id ?? null, categoryId: category?.id ?? null, procedure } } };
    },
    view: async (values, _errors, c) => {
      const choices = await c.choices();
      return {
        workspaces: [{ value: '', text: t('logContact.about.chooseWorkspace') }, ...choices.workspaces.map((w) => ({ value: String(w.id), text: w.name, selected: values.workspace === String(w.id) }))],
        units: [{ value: '', text: t('logContact.about.chooseUnit') }, ...choices.units.map((u) => ({ value: String(u.id), text: unitName(u), selected: values.orgUnit === String(u.id) }))],
        categories: [{ value: '', text: t('logContact.about.chooseCategory') }, ...choices.categories.map((k) => ({ value: String(k.id), text: k.name, selected: values.category === String(k.id) }))],
        procedures: [
          { value: 'auto', text: t('logContact.about.procedureAuto'), hint: { text: t('logContact.about.procedureAutoHint') }, checked: !values.procedure || values.procedure === 'auto' },
          { divider: t('logContact.or') },
          ...radioItems(choices.procedures, 'logContact.about.procedures', values.procedure),
        ],
      };
    },
  },
  {
    key: 'summary', path: `${BASE}/summary`, applies: always, done: (d) => typeof d.summary === 'string',
    values: (d): Values => ({ summary: d.summary ?? '' }),
    read: async (body, c) => {
      const { data, issues } = issuesOf(summaryForm, body);
      return issues.length ? { ok: false, issues } : { ok: true, draft: { ...c.draft, summary: (data as { summary: string }).summary } };
    },
    view: async () => ({}),
  },
];

const DATE_FIELDS = new Set(['receivedOn', 'reviewOn']);

/** Field errors in page order; a date's summary link goes to its day box. */
function formErrors(issues: Issue[]): FormErrors {
  const form = fieldErrors(issues);
  return { errors: form.errors, errorList: form.errorList.map((e) => (DATE_FIELDS.has(e.href.slice(1)) ? { ...e, href: `${e.href}-day` } : e)) };
}

const firstMissing = (d: LogContactDraft) => PAGES.find((p) => p.applies(d) && !p.done(d)) ?? null;
const indexOf = (page: Page) => PAGES.indexOf(page);
const nextPage = (page: Page, d: LogContactDraft) => PAGES.slice(indexOf(page) + 1).find((p) => p.applies(d)) ?? null;
const previousPage = (page: Page, d: LogContactDraft) => PAGES.slice(0, indexOf(page)).reverse().find((p) => p.applies(d)) ?? null;
const withFrom = (path: string, fromCheck: boolean) => (fromCheck ? `${path}?from=check` : path);

function fromCheckOf(request: FastifyRequest): boolean {
  const query = pageQuery.safeParse(request.query ?? {});
  if (!query.success) throw badRequest('the page it was opened from is not one Redress knows.');
  return query.data.from === 'check';
}

async function knownRestrictions(c: Ctx) {
  const p = c.draft.person;
  if (!p || p.anonymous) return [];
  const found = await restrictionsForPerson(c.services.db.pool, c.request.staff!.scope, personMatch(p));
  return found.map((r) => (r.reviewOn ? t('logContact.restriction.knownItem', { restriction: r.restriction, reviewOn: longDate(r.reviewOn) }) : t('logContact.restriction.knownItemNoDate', { restriction: r.restriction })));
}

const personMatch = (p: NonNullable<LogContactDraft['person']>): PersonMatch => ({ fullName: p.fullName, email: p.email, phone: p.phone });

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

const longDateFormat = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });
const longDate = (iso: string) => longDateFormat.format(new Date(`${iso}T00:00:00Z`));

/**
 * Logging a contact from any channel: one question a page, the answers kept in the session,
 * check your answers, and only then the case is written (src/contacts/logContact.ts).
 */
export const logContactRoutes = (services: Services) => async (app: FastifyInstance) => {
  const guard = { preHandler: requirePermission('log_contact') };

  const ctxOf = (request: FastifyRequest): Ctx => {
    let choices: Promise<ContactChoices> | null = null;
    const today = londonDate(services.clock.now());
    return {
      services, request, today, draft: request.session.logContactDraft ?? {},
      choices: () => (choices ??= contactChoices(services.db.pool, request.staff!.council.id, today)),
    };
  };

  async function render(reply: FastifyReply, page: Page, c: Ctx, form: FormErrors, values: Values, fromCheck: boolean) {
    const previous = previousPage(page, c.draft);
    return reply.view(`${VIEWS}/${page.key}.njk`, {
      title: t(`logContact.${page.key}.title`), nav: 'log', ...form, values,
      action: withFrom(page.path, fromCheck),
      backHref: fromCheck ? CHECK : previous ? previous.path : '/',
      ...(await page.view(values, form.errors, c)),
    });
  }

  for (const page of PAGES) {
    app.get(page.path, guard, async (request, reply) => {
      const fromCheck = fromCheckOf(request);
      const c = ctxOf(request);
      const missing = firstMissing(c.draft);
      if (missing && indexOf(missing) < indexOf(page)) return reply.redirect(missing.path, 303);
      if (!page.applies(c.draft)) return reply.redirect(nextPage(page, c.draft)?.path ?? CHECK, 303);
      return render(reply, page, c, noErrors(), page.values(c.draft), fromCheck);
    });

    app.post(page.path, guard, async (request, reply) => {
      const fromCheck = fromCheckOf(request);
      const c = ctxOf(request);
      const missing = firstMissing(c.draft);
      if (missing && indexOf(missing) < indexOf(page)) return reply.redirect(missing.path, 303);
      const body = (request.body ?? {}) as Record<string, unknown>;
      const result = await page.read(body, c);
      if (!result.ok) return render(reply.code(400), page, c, formErrors(result.issues), typedValues(body), fromCheck);
      request.session.logContactDraft = result.draft;
      // From check-your-answers, back there, unless the change makes a question newly apply (anonymous → named).
      const stillMissing = firstMissing(result.draft);
      if (fromCheck) return reply.redirect(stillMissing ? withFrom(stillMissing.path, true) : CHECK, 303);
      return reply.redirect(nextPage(page, result.draft)?.path ?? CHECK, 303);
    });
  }

  app.post(`${BASE}/start-again`, guard, async (request, reply) => {
    request.session.logContactDraft = undefined;
    return reply.redirect(BASE, 303);
  });

  app.get(CHECK, guard, async (request, reply) => {
    const c = ctxOf(request);
    const missing = firstMissing(c.draft);
    if (missing) return reply.redirect(missing.path, 303);
    return reply.view(`${VIEWS}/check.njk`, await checkPage(c, noErrors()));
  });

  app.post(CHECK, guard, async (request, reply) => {
    const c = ctxOf(request);
    const missing = firstMissing(c.draft);
    if (missing) return reply.redirect(missing.path, 303);
    let reference: string;
    try {
      ({ reference } = await logContact(services.db, request.staff!.council.id, await contactInput(c), actorOf(request), c.today));
    } catch (error) {
      if (!(error instanceof ContactValidationError)) throw error;
      const form = fieldErrors(error.errors.map((e) => ({ field: 'confirm', message: t('logContact.errors.notSaved', { reason: e.message }) })));
      return reply.code(400).view(`${VIEWS}/check.njk`, await checkPage(c, form));
    }
    request.session.logContactDraft = undefined;
    request.session.flash = t('logContact.flash', { reference });
    return reply.redirect(`/cases/${encodeURIComponent(reference)}`, 303);
  });
};

/** The procedure the contact will be logged under: the one chosen, or the service's. */
async function resolvedProcedure(c: Ctx): Promise<ProcedureCodeValue> {
  const about = c.draft.about!;
  if (about.procedure !== 'auto') return about.procedure;
  const choices = await c.choices();
  const unitId = about.orgUnitId ?? choices.workspaces.find((w) => w.id === about.workspaceId)?.orgUnitId ?? null;
  return suggestedProcedure(choices.units.find((u) => u.id === unitId) ?? null, choices.procedures);
}

/** The draft as logContact takes it. */
async function contactInput(c: Ctx) {
  const d = c.draft as Required<LogContactDraft>;
  const choices = await c.choices();
  const workspace = choices.workspaces.find((w) => w.id === d.about.workspaceId) ?? null;
  const optional = (s: string) => (s ? s : undefined);
  const named = !d.person.anonymous;
  return {
    kind: d.kind,
    channel: d.received.channel,
    receivedOn: d.received.on,
    procedure: await resolvedProcedure(c),
    orgUnitId: d.about.orgUnitId ?? workspace?.orgUnitId ?? undefined,
    workspaceId: d.about.workspaceId ?? undefined,
    categoryId: d.about.categoryId ?? undefined,
    complainantGroup: d.representative.has ? d.representative.relationship ?? undefined : undefined,
    summary: d.summary,
    complainant: named ? {
      fullName: d.person.fullName, email: optional(d.person.email), phone: optional(d.person.phone), address: optional(d.person.address),
      reasonableAdjustments: d.adjustments?.has ? d.adjustments.details : undefined,
      contactRestriction: d.restriction?.has ? d.restriction.details : undefined,
      contactRestrictionReviewOn: d.restriction?.has ? d.restriction.reviewOn ?? undefined : undefined,
      language: d.person.language ?? 'en', contactBy: d.person.contactBy ?? defaultContactBy(d.person.email),
      largePrint: Boolean(d.adjustments?.has && d.adjustments.largePrint),
    } : undefined,
    representative: d.representative.has ? {
      fullName: d.representative.fullName, email: optional(d.representative.email), phone: optional(d.representative.phone), address: optional(d.representative.address),
      language: d.representative.language ?? 'en', contactBy: d.representative.contactBy ?? defaultContactBy(d.representative.email),
      largePrint: Boolean(d.representative.largePrint),
    } : undefined,
    flags: named && d.restriction?.has ? ['unreasonable_behaviour'] : [],
  };
}

/** Check your answers: every answer with a Change link, the enquiry's due date, and warnings about the person's open cases. */
async function checkPage(c: Ctx, form: FormErrors) {
  const d = c.draft as Required<LogContactDraft>;
  const choices = await c.choices();
  const change = (key: PageKey, what: string) => ({
    items: [{ href: withFrom(PAGES.find((p) => p.key === key)!.path, true), text: t('logContact.change'), visuallyHiddenText: what.toLowerCase() }],
  });
  // Several lines (an address, contact details) as lines: escaped here, joined with <br>.
  const row = (label: string, text: string, key: PageKey) => ({
    key: { text: label }, value: { html: (text || t('logContact.notGiven')).split('\n').map(escapeHtml).join('<br>') }, actions: change(key, label),
  });
  const lines = (...parts: string[]) => parts.filter(Boolean).join('\n');

  const enquiry = d.kind === 'mp_enquiry' || d.kind === 'councillor_enquiry';
  const dueOn = enquiry ? await enquiryDueOn(c.services.db.pool, c.request.staff!.council.id, d.received.on) : null;
  const contactRows = [
    row(t('logContact.check.kind'), t(`logContact.kind.values.${d.kind}`), 'kind'),
    row(t('logContact.check.channel'), t(`logContact.received.values.${d.received.channel}`), 'received'),
    row(t('logContact.check.receivedOn'), longDate(d.received.on), 'received'),
    ...(dueOn ? [{ key: { text: t('logContact.check.dueOn') }, value: { text: t('logContact.check.dueOnHint', { date: longDate(dueOn) }) } }] : []),
  ];

  const p = d.person;
  const r = d.representative;
  const personRows = [
    row(t('logContact.check.name'), p.anonymous ? t('logContact.person.anonymousAnswer') : p.fullName, 'person'),
    ...(p.anonymous ? [] : [
      row(t('logContact.check.contactDetails'), lines(p.email, p.phone, p.address), 'person'),
      row(t('logContact.check.preferences'), preferencesAnswer(p, p.email), 'person'),
    ]),
    row(t('logContact.check.representative'), r.has ? lines(
      r.fullName, r.relationship ? t(`logContact.representative.groups.${r.relationship}`) : '', r.email, r.phone, r.address,
      preferencesAnswer(r, r.email), r.largePrint ? t('logContact.preferences.largePrint') : '',
    ) : t('logContact.no'), 'representative'),
    ...(p.anonymous ? [] : [
      row(t('logContact.check.adjustments'), d.adjustments.has
        ? lines(d.adjustments.largePrint ? t('logContact.preferences.largePrint') : '', d.adjustments.details)
        : t('logContact.no'), 'adjustments'),
      row(t('logContact.check.restriction'), d.restriction.has
        ? (d.restriction.reviewOn ? t('logContact.check.restrictionReview', { restriction: d.restriction.details, reviewOn: longDate(d.restriction.reviewOn) }) : d.restriction.details)
        : t('logContact.no'), 'restriction'),
    ]),
  ];

  const workspace = choices.workspaces.find((w) => w.id === d.about.workspaceId);
  const unit = choices.units.find((u) => u.id === d.about.orgUnitId);
  const category = choices.categories.find((k) => k.id === d.about.categoryId);
  const aboutRows = [
    row(t('logContact.check.service'), workspace?.name ?? '', 'about'),
    row(t('logContact.check.orgUnit'), unit ? unitName(unit) : '', 'about'),
    row(t('logContact.check.category'), category?.name ?? '', 'about'),
    row(t('logContact.check.procedure'), t(`logContact.about.procedures.${await resolvedProcedure(c)}`), 'about'),
    row(t('logContact.check.summary'), d.summary, 'summary'),
  ];

  const duplicates = p.anonymous ? [] : await openCasesForPerson(c.services.db.pool, c.request.staff!.scope, personMatch(p));
  return {
    title: t('logContact.check.title'), nav: 'log', ...form,
    backHref: PAGES.find((x) => x.key === 'summary')!.path,
    contactRows, personRows, aboutRows,
    duplicates: duplicates.map((x) => ({ reference: x.reference, href: `/cases/${encodeURIComponent(x.reference)}`, kind: t(`logContact.kind.values.${x.kind}`), receivedOn: longDate(x.receivedOn) })),
    known: await knownRestrictions(c),
  };
}
