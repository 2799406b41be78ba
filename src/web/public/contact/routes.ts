import { createHash, randomInt } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TFunction } from 'i18next';
import { z, type ZodType } from 'zod';
import type { Services } from '../../app.ts';
import { typedValues } from '../../forms.ts';
import { translator, type Language } from '../../i18n.ts';
import { badRequest } from '../../pipeline/httpProblems.ts';
import { loadPublicCouncil, languageOf, publicRoot, renderPublic, type PublicCouncil } from '../publicSite.ts';
import { londonDate } from '../../../domain/dates.ts';
import { publicActor } from '../../../events/actor.ts';
import { ContactValidationError } from '../../../contacts/logContact.ts';
import { PUBLIC_CONTACT_KINDS, ON_BEHALF_RELATIONSHIPS, type PublicContactAnswers, type PublicContactKind } from '../../../public/publicContactAnswers.ts';
import { servicesOffered, type OfferedService } from '../../../public/servicesOffered.ts';
import { submitPublicContact } from '../../../public/submitPublicContact.ts';
import { heldUploads, type HeldUpload } from '../../../uploads/publicUploads.ts';
import { Journey, type PageKey } from './journey.ts';
import {
  adjustmentsForm, consentForm, contactByForm, detailsForm, honeypotFilled, LIMITS, pageQuery, putRightForm, serviceForm, whatForm, whoForm,
  type PublicContactDraft,
} from './schema.ts';
import { attachmentRoutes } from './attachments.ts';

declare module 'fastify' {
  interface Session {
    /** Residents' forms in progress, by council and kind ("12:complaint"): personal data, so only ever server-side. */
    publicContact?: Record<string, PublicContactDraft>;
    /** The last form each sent, for its confirmation page (and a second confirm, which sends nothing). */
    publicContactSent?: Record<string, { reference: string; email: string | null }>;
  }
}

export type Values = Record<string, string>;
type Issue = { field: string; message: string };
type Read = { ok: true; draft: PublicContactDraft } | { ok: false; issues: Issue[] };

/** One form being filled in: the council, the resident's language, the journey and the answers so far. */
export interface Ctx {
  services: Services;
  request: FastifyRequest;
  council: PublicCouncil;
  language: Language;
  t: TFunction;
  journey: Journey;
  kind: PublicContactKind;
  key: string;
  draft: PublicContactDraft;
  offered: () => Promise<OfferedService[]>;
}

const councilParams = z.object({ council: z.string() });
/** Question pages: generous (a person goes back and forth); sending: ten an hour from one address. */
export const QUESTION_LIMIT = { max: 300, timeWindow: '1 hour' };
export const SUBMIT_LIMIT = { max: 10, timeWindow: '1 hour' };

/** zod issues as the form's field errors (a path "a.b" is the field "a-b"). */
function issuesOf(schema: ZodType, body: unknown): { data: unknown; issues: Issue[] } {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return { data: parsed.data, issues: [] };
  return { data: null, issues: parsed.error.issues.map((i) => ({ field: i.path.map(String).join('-') || 'form', message: i.message })) };
}

/** The form's errors in the resident's language: by field (with the hidden "Error:" in their language), and in order for the summary. */
export function errorsIn(t: TFunction, issues: Issue[]) {
  const errors: Record<string, { text: string; visuallyHiddenText: string }> = {};
  for (const { field, message } of issues) errors[field] ??= { text: t(message), visuallyHiddenText: t('publicContact.errorPrefix') };
  return { errors, errorList: Object.entries(errors).map(([field, e]) => ({ text: e.text, href: `#${field}` })) };
}
const noErrors = () => ({ errors: {}, errorList: [] });

/** GOV.UK's character count in the resident's language (its words are set per component; the counts by plural form, Welsh has six). */
export const characterCountWords = (t: TFunction) => {
  const pluralForms = (which: 'under' | 'over') => t(`publicContact.characterCount.${which}`, { returnObjects: true });
  return {
    textareaDescriptionText: t('publicContact.characterCount.description'),
    charactersUnderLimitText: pluralForms('under'),
    charactersAtLimitText: t('publicContact.characterCount.atLimit'),
    charactersOverLimitText: pluralForms('over'),
  };
};

const radios = (t: TFunction, list: readonly string[], prefix: string, chosen: string | undefined) =>
  list.map((value) => ({ value, text: t(`${prefix}.${value}`), checked: chosen === value }));

/** One question page: its values from the answers, how its form is read, and what else its view needs. */
interface Page {
  values: (d: PublicContactDraft) => Values;
  read: (body: Record<string, unknown>, c: Ctx) => Promise<Read>;
  view: (values: Values, c: Ctx) => Promise<Record<string, unknown>>;
}

const PAGES: Record<Exclude<PageKey, 'attachments'>, Page> = {
  who: {
    values: (d): Values => (d.who ? { who: d.who.forSomeoneElse ? 'someoneElse' : 'myself', theirName: d.who.theirName, relationship: d.who.relationship ?? '' } : {}),
    read: async (body, c) => {
      const { data, issues } = issuesOf(whoForm, body);
      if (issues.length) return { ok: false, issues };
      const v = data as z.output<typeof whoForm>;
      const forSomeoneElse = v.who === 'someoneElse';
      const draft: PublicContactDraft = { ...c.draft, who: { forSomeoneElse, theirName: forSomeoneElse ? v.theirName : '', relationship: forSomeoneElse && v.relationship ? v.relationship : null } };
      // A new person to act for must say again that they agree.
      if (!forSomeoneElse || c.draft.who?.theirName !== v.theirName) delete draft.consent;
      return { ok: true, draft };
    },
    view: async (values, c) => ({
      relationships: [
        { value: '', text: c.t('publicContact.who.chooseRelationship') },
        ...ON_BEHALF_RELATIONSHIPS.map((r) => ({ value: r, text: c.t(`publicContact.who.relationships.${r}`), selected: values.relationship === r })),
      ],
    }),
  },
  consent: {
    values: (d): Values => (d.consent === undefined ? {} : { consent: d.consent ? 'yes' : 'no' }),
    read: async (body, c) => {
      const { data, issues } = issuesOf(consentForm, body);
      return issues.length ? { ok: false, issues } : { ok: true, draft: { ...c.draft, consent: (data as { consent: string }).consent === 'yes' } };
    },
    view: async (_values, c) => ({ theirName: c.draft.who?.theirName ?? '' }),
  },
  service: {
    values: (d): Values => (d.service ? { service: d.service.workspaceId === null ? 'notSure' : String(d.service.workspaceId) } : {}),
    read: async (body, c) => {
      const { data, issues } = issuesOf(serviceForm, body);
      if (issues.length) return { ok: false, issues };
      const chosen = (data as { service: string }).service;
      if (chosen === 'notSure') return { ok: true, draft: { ...c.draft, service: { workspaceId: null } } };
      const found = (await c.offered()).find((s) => String(s.id) === chosen);
      if (!found) return { ok: false, issues: [{ field: 'service', message: 'publicContact.errors.serviceMissing' }] };
      return { ok: true, draft: { ...c.draft, service: { workspaceId: found.id } } };
    },
    view: async (values, c) => {
      const offered = await c.offered();
      return {
        services: [
          ...offered.map((s) => ({ value: String(s.id), text: s.name, checked: values.service === String(s.id) })),
          ...(offered.length ? [{ divider: c.t('publicContact.or') }] : []),
          { value: 'notSure', text: c.t('publicContact.service.notSure'), checked: values.service === 'notSure' },
        ],
      };
    },
  },
  what: {
    values: (d): Values => ({ what: d.what ?? '' }),
    read: async (body, c) => {
      const { data, issues } = issuesOf(whatForm(c.kind), body);
      return issues.length ? { ok: false, issues } : { ok: true, draft: { ...c.draft, what: (data as { what: string }).what } };
    },
    view: async () => ({ maxLength: LIMITS.what }),
  },
  putRight: {
    values: (d): Values => ({ putRight: d.putRight ?? '' }),
    read: async (body, c) => {
      const { data, issues } = issuesOf(putRightForm, body);
      return issues.length ? { ok: false, issues } : { ok: true, draft: { ...c.draft, putRight: (data as { putRight: string }).putRight } };
    },
    view: async () => ({ maxLength: LIMITS.putRight }),
  },
  details: {
    values: (d): Values => ({ ...(d.details ?? {}) }),
    read: async (body, c) => {
      const { data, issues } = issuesOf(detailsForm(c.kind), body);
      if (issues.length) return { ok: false, issues };
      const v = data as z.output<ReturnType<typeof detailsForm>>;
      const draft: PublicContactDraft = { ...c.draft, details: { fullName: v.fullName, email: v.email, phone: v.phone, address: v.address } };
      // A way of contact chosen before no longer possible is asked again.
      if ((draft.contactBy === 'email' && !v.email) || (draft.contactBy === 'post' && !v.address)) delete draft.contactBy;
      return { ok: true, draft };
    },
    view: async () => ({ limits: LIMITS }),
  },
  contactBy: {
    values: (d): Values => ({ contactBy: d.contactBy ?? '' }),
    read: async (body, c) => {
      const { data, issues } = issuesOf(contactByForm, body);
      if (issues.length) return { ok: false, issues };
      const contactBy = (data as { contactBy: 'email' | 'post' }).contactBy;
      if (contactBy === 'email' && !c.draft.details?.email) return { ok: false, issues: [{ field: 'contactBy', message: 'publicContact.errors.contactByNoEmail' }] };
      if (contactBy === 'post' && !c.draft.details?.address) return { ok: false, issues: [{ field: 'contactBy', message: 'publicContact.errors.contactByNoAddress' }] };
      return { ok: true, draft: { ...c.draft, contactBy } };
    },
    view: async (values, c) => ({
      contactByItems: [
        { value: 'email', text: c.t('publicContact.contactBy.email'), checked: values.contactBy === 'email',
          hint: { text: c.draft.details?.email ? c.t('publicContact.contactBy.emailHint', { email: c.draft.details.email }) : c.t('publicContact.contactBy.noEmailHint') } },
        { value: 'post', text: c.t('publicContact.contactBy.post'), checked: values.contactBy === 'post',
          hint: { text: c.draft.details?.address ? c.t('publicContact.contactBy.postHint') : c.t('publicContact.contactBy.noAddressHint') } },
      ],
    }),
  },
  adjustments: {
    values: (d): Values => (d.adjustments ? { hasAdjustments: d.adjustments.has ? 'yes' : 'no', largePrint: d.adjustments.largePrint ? 'yes' : '', adjustments: d.adjustments.details } : {}),
    read: async (body, c) => {
      const { data, issues } = issuesOf(adjustmentsForm, body);
      if (issues.length) return { ok: false, issues };
      const v = data as z.output<typeof adjustmentsForm>;
      const has = v.hasAdjustments === 'yes';
      return { ok: true, draft: { ...c.draft, adjustments: { has, largePrint: has && v.largePrint === 'yes', details: has ? v.adjustments : '' } } };
    },
    view: async () => ({ maxLength: LIMITS.adjustments }),
  },
};

const VIEWS: Record<PageKey, string> = {
  who: 'who', consent: 'consent', service: 'service', what: 'text', putRight: 'text', attachments: 'attachments', details: 'details', contactBy: 'contactBy', adjustments: 'adjustments',
};

/** A plausible reference for a robot that filled the honeypot: nothing is written, and it looks as if it worked. */
function pretendReference(council: PublicCouncil, today: string): string {
  return `${council.slug.replace(/[^a-z]/g, '').slice(0, 3).toUpperCase()}${today.slice(2, 4)}-${String(randomInt(1, 999999)).padStart(6, '0')}`;
}

/** One confirmation at a time per form: a double click or a resubmitted page waits for the first, then finds its answers gone. */
const inFlight = new Map<string, Promise<void>>();
async function oneAtATime<T>(key: string, work: () => Promise<T>): Promise<T> {
  const before = inFlight.get(key) ?? Promise.resolve();
  let release!: () => void;
  const mine = before.then(() => new Promise<void>((resolve) => { release = resolve; }));
  inFlight.set(key, mine);
  await before;
  try {
    return await work();
  } finally {
    release();
    if (inFlight.get(key) === mine) inFlight.delete(key);
  }
}

/**
 * A resident's complaint, compliment or comment on the council's public pages (issue 9): one
 * question a page, the answers kept in the session, check your answers, and only then the
 * contact is written (src/public/submitPublicContact.ts); the confirmation shows its reference.
 * Every form has a CSRF token and a honeypot; posting is rate limited by address.
 */
export const publicContactRoutes = (services: Services) => async (app: FastifyInstance) => {
  const { db } = services;
  const scanner = services.virusScanner ?? null;
  const questionLimit = { config: { rateLimit: QUESTION_LIMIT } };

  const ctxOf = async (request: FastifyRequest, kind: PublicContactKind): Promise<Ctx> => {
    const council = await loadPublicCouncil(db.pool, councilParams.parse(request.params).council);
    const language = languageOf(request, council);
    const key = `${council.id}:${kind}`;
    let offered: Promise<OfferedService[]> | null = null;
    return {
      services, request, council, language, t: translator(language), kind, key,
      journey: new Journey(kind, publicRoot(council), { attachments: scanner !== null }),
      draft: request.session.publicContact?.[key] ?? {},
      offered: () => (offered ??= servicesOffered(db.pool, council.id, language)),
    };
  };

  const save = (c: Ctx, draft: PublicContactDraft | undefined) => {
    const all = { ...(c.request.session.publicContact ?? {}) };
    if (draft) all[c.key] = draft;
    else delete all[c.key];
    c.request.session.publicContact = all;
  };

  const fromCheckOf = (request: FastifyRequest) => {
    const q = pageQuery.safeParse(request.query);
    if (!q.success) throw badRequest('The page address is not one of ours.');
    return q.data.from === 'check';
  };
  const withFrom = (path: string, fromCheck: boolean) => (fromCheck ? `${path}?from=check` : path);

  /** A robot filled the honeypot: forget its answers and show it a confirmation, writing nothing. */
  const pretendSent = (c: Ctx, reply: FastifyReply) => {
    save(c, undefined);
    c.request.session.publicContactSent = { ...(c.request.session.publicContactSent ?? {}), [c.key]: { reference: pretendReference(c.council, londonDate(services.clock.now())), email: null } };
    return reply.redirect(c.journey.confirmation, 303);
  };

  const common = (c: Ctx, page: string) => ({
    kind: c.kind, caption: c.t(`publicContact.${c.kind}.caption`), title: c.t(`publicContact.${c.kind}.${page}.title`, { defaultValue: c.t(`publicContact.${page}.title`) }),
  });

  async function render(reply: FastifyReply, key: PageKey, c: Ctx, form: ReturnType<typeof errorsIn>, values: Values, fromCheck: boolean, status = 200, extra: Record<string, unknown> = {}) {
    const previous = c.journey.previous(key, c.draft);
    return renderPublic(c.request, reply, c.council, `public/contact/${VIEWS[key]}.njk`, {
      ...common(c, key), page: key, ...form, values,
      action: withFrom(c.journey.path(key), fromCheck),
      backHref: fromCheck ? c.journey.check : previous ? c.journey.path(previous) : c.journey.root,
      characterCount: characterCountWords(c.t),
      ...(key === 'attachments' ? {} : await PAGES[key].view(values, c)),
      ...extra,
    }, status);
  }

  /** Where to go after a page is answered: back to check your answers if it came from there (unless a question newly applies), else the next question. */
  const onwards = (c: Ctx, key: PageKey, draft: PublicContactDraft, fromCheck: boolean) => {
    const missing = c.journey.firstMissing(draft);
    if (key === 'consent' && draft.consent === false) return `${c.journey.base}/consent-needed`;
    if (fromCheck) return missing ? withFrom(c.journey.path(missing), true) : c.journey.check;
    const next = c.journey.next(key, draft);
    return next ? c.journey.path(next) : c.journey.check;
  };

  for (const kind of PUBLIC_CONTACT_KINDS) {
    const journey = new Journey(kind, '/public/:council', { attachments: scanner !== null });

    for (const key of journey.pages) {
      if (key === 'attachments') continue;
      const page = PAGES[key];
      const path = journey.path(key);

      app.get(path, async (request, reply) => {
        const fromCheck = fromCheckOf(request);
        const c = await ctxOf(request, kind);
        const ahead = c.journey.ahead(key, c.draft);
        if (ahead) return reply.redirect(c.journey.path(ahead), 303);
        if (!c.journey.applies(key, c.draft)) {
          const next = c.journey.next(key, c.draft);
          return reply.redirect(next ? c.journey.path(next) : c.journey.check, 303);
        }
        return render(reply, key, c, noErrors(), page.values(c.draft), fromCheck);
      });

      app.post(path, questionLimit, async (request, reply) => {
        const fromCheck = fromCheckOf(request);
        const c = await ctxOf(request, kind);
        const body = (request.body ?? {}) as Record<string, unknown>;
        if (honeypotFilled(body)) return pretendSent(c, reply);
        const ahead = c.journey.ahead(key, c.draft);
        if (ahead) return reply.redirect(c.journey.path(ahead), 303);
        const result = await page.read(body, c);
        if (!result.ok) return render(reply, key, c, errorsIn(c.t, result.issues), typedValues(body), fromCheck, 400);
        save(c, result.draft);
        return reply.redirect(onwards(c, key, result.draft, fromCheck), 303);
      });
    }

    if (kind === 'complaint') {
      // Without their agreement the form stops here: it says why, and how to go on.
      app.get(`${journey.base}/consent-needed`, async (request, reply) => {
        const c = await ctxOf(request, kind);
        if (c.draft.consent !== false) return reply.redirect(c.journey.path(c.journey.firstMissing(c.draft) ?? 'who'), 303);
        return renderPublic(request, reply, c.council, 'public/contact/consentNeeded.njk', {
          ...common(c, 'consentNeeded'), theirName: c.draft.who?.theirName ?? '', backHref: c.journey.path('consent'),
          consentHref: c.journey.path('consent'), whoHref: c.journey.path('who'),
        });
      });
      if (scanner) {
        await app.register(attachmentRoutes({ services, scanner, journey, ctxOf, save, render, onwards, pretendSent, withFrom, fromCheckOf }));
      }
    }

    app.get(journey.check, async (request, reply) => {
      const c = await ctxOf(request, kind);
      const missing = c.journey.firstMissing(c.draft);
      if (missing) return reply.redirect(c.journey.path(missing), 303);
      return renderPublic(request, reply, c.council, 'public/contact/check.njk', await checkPage(c, noErrors()));
    });

    app.post(journey.check, { config: { rateLimit: SUBMIT_LIMIT } }, async (request, reply) => {
      const first = await ctxOf(request, kind);
      if (honeypotFilled(request.body)) return pretendSent(first, reply);
      return oneAtATime(`${request.session.sessionId}:${first.key}`, async () => {
        // A confirmation sent a moment ago (a double click) has taken the answers: read them afresh.
        await request.session.reload();
        const c = await ctxOf(request, kind);
        const missing = c.journey.firstMissing(c.draft);
        if (missing) {
          const sent = request.session.publicContactSent?.[c.key];
          return reply.redirect(sent && Object.keys(c.draft).length === 0 ? c.journey.confirmation : c.journey.path(missing), 303);
        }
        const today = londonDate(services.clock.now());
        let sent: { reference: string };
        try {
          // The form's identity: this session, this journey, these answers (one form, one contact, on any instance).
          const submissionKey = createHash('sha256').update(`${request.session.sessionId}\0${c.key}\0${JSON.stringify(c.draft)}`).digest('hex');
          sent = await submitPublicContact(db, c.council.id, answersOf(c), c.draft.uploadKey ? { sessionId: c.draft.uploadKey } : null,
            publicActor(request.ip, request.id), today, submissionKey, services.clock.now());
        } catch (error) {
          if (!(error instanceof ContactValidationError)) throw error;
          request.log.warn({ err: error }, 'a public form the pages accepted was refused by logContact');
          return renderPublic(request, reply, c.council, 'public/contact/check.njk',
            await checkPage(c, errorsIn(c.t, [{ field: 'confirm', message: 'publicContact.errors.notSent' }])), 400);
        }
        save(c, undefined);
        const email = c.draft.details?.email && (c.draft.contactBy ?? 'email') === 'email' ? c.draft.details.email : null;
        request.session.publicContactSent = { ...(request.session.publicContactSent ?? {}), [c.key]: { reference: sent.reference, email } };
        await request.session.save();
        return reply.redirect(c.journey.confirmation, 303);
      });
    });

    app.get(journey.confirmation, async (request, reply) => {
      const c = await ctxOf(request, kind);
      const sent = request.session.publicContactSent?.[c.key];
      if (!sent) return reply.redirect(c.journey.base, 303);
      return renderPublic(request, reply, c.council, 'public/contact/confirmation.njk', {
        ...common(c, 'confirmation'), reference: sent.reference, email: sent.email, trackHref: `${c.journey.root}/track`,
      });
    });
  }
};

/** The confirmed answers as the service takes them. */
function answersOf(c: Ctx): PublicContactAnswers {
  const d = c.draft;
  const you = d.details && d.details.fullName ? d.details : null;
  return {
    kind: c.kind,
    language: c.language,
    onBehalfOf: d.who?.forSomeoneElse && d.who.relationship ? { fullName: d.who.theirName, relationship: d.who.relationship } : null,
    workspaceId: d.service?.workspaceId ?? null,
    what: d.what ?? '',
    putRight: c.kind === 'complaint' ? d.putRight ?? '' : '',
    you,
    contactBy: you ? d.contactBy ?? (you.email ? 'email' : 'post') : null,
    adjustments: d.adjustments?.has ? { largePrint: d.adjustments.largePrint, details: d.adjustments.details } : null,
  };
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** Check your answers: every answer with a Change link. */
async function checkPage(c: Ctx, form: ReturnType<typeof errorsIn>) {
  const d = c.draft;
  const { t, journey } = c;
  const rows: Record<string, unknown>[] = [];
  const row = (key: PageKey, label: string, text: string) => rows.push({
    key: { text: label },
    value: { html: (text || t('publicContact.notGiven')).split('\n').map(escapeHtml).join('<br>') },
    actions: { items: [{ href: `${journey.path(key)}?from=check`, text: t('publicContact.change'), visuallyHiddenText: label.toLowerCase() }] },
  });
  const lines = (...parts: (string | undefined)[]) => parts.filter(Boolean).join('\n');
  for (const key of journey.pages) {
    if (!journey.applies(key, d)) continue;
    switch (key) {
      case 'who':
        row(key, t('publicContact.check.who'), d.who?.forSomeoneElse
          ? t('publicContact.check.someoneElse', { name: d.who.theirName, relationship: t(`publicContact.who.relationships.${d.who.relationship}`) })
          : t('publicContact.who.myself'));
        break;
      case 'consent':
        row(key, t('publicContact.check.consent'), t('publicContact.check.consentGiven', { name: d.who?.theirName ?? '' }));
        break;
      case 'service': {
        const chosen = d.service?.workspaceId ?? null;
        const name = chosen === null ? t('publicContact.service.notSure') : (await c.offered()).find((s) => s.id === chosen)?.name ?? t('publicContact.service.notSure');
        row(key, t('publicContact.check.service'), name);
        break;
      }
      case 'what': row(key, t(`publicContact.${c.kind}.what.title`), d.what ?? ''); break;
      case 'putRight': row(key, t('publicContact.putRight.title'), d.putRight ?? ''); break;
      case 'attachments': {
        const files: HeldUpload[] = d.uploadKey ? await heldUploads(c.services.db.pool, c.council.id, d.uploadKey) : [];
        row(key, t('publicContact.check.attachments'), files.length ? files.map((f) => f.filename).join('\n') : t('publicContact.check.noAttachments'));
        break;
      }
      case 'details': {
        const p = d.details;
        row(key, t('publicContact.check.name'), p?.fullName ?? '');
        row(key, t('publicContact.check.contactDetails'), lines(p?.email, p?.phone, p?.address));
        break;
      }
      case 'contactBy': row(key, t('publicContact.check.contactBy'), t(`publicContact.contactBy.${d.contactBy}`) + '\n' + t(`publicContact.contactBy.inLanguage.${c.language}`)); break;
      case 'adjustments':
        row(key, t('publicContact.check.adjustments'), d.adjustments?.has
          ? lines(d.adjustments.largePrint ? t('publicContact.adjustments.largePrint') : '', d.adjustments.details)
          : t('publicContact.check.noAdjustments'));
        break;
    }
  }
  const last = [...journey.pages].reverse().find((k) => journey.applies(k, d))!;
  return {
    ...form, kind: c.kind, caption: c.t(`publicContact.${c.kind}.caption`), title: t('publicContact.check.title'),
    rows, backHref: journey.path(last), action: journey.check, declaration: t(`publicContact.${c.kind}.declaration`),
    sendLabel: t(`publicContact.${c.kind}.send`),
  };
}

