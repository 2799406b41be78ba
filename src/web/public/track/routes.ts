import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z, type ZodType } from 'zod';
import type { Services } from '../../app.ts';
import { translator } from '../../i18n.ts';
import type { FormErrors } from '../../forms.ts';
import { typedValues } from '../../forms.ts';
import { notFound } from '../../pipeline/httpProblems.ts';
import { londonDate } from '../../../domain/dates.ts';
import { publicActor } from '../../../events/actor.ts';
import { recordAccess } from '../../../events/audit.ts';
import { attachmentHeader } from '../../../casework/documents.ts';
import { dateInWords } from '../../../messages/dateInWords.ts';
import { checkTrackingLink, redeemTrackingLink, requestTrackingLink, type UsableLink } from '../../../public/tracking/trackingLinks.ts';
import type { Language } from '../../../messages/templates.ts';
import { responseLetter, trackedCase } from '../../../public/tracking/trackedCase.ts';
import { NextStageRefusedError, requestNextStage } from '../../../public/tracking/requestNextStage.ts';
import { LANGUAGE_COOKIE, languageOf, loadPublicCouncil, publicRoot, renderPublic, type PublicCouncil } from '../publicSite.ts';
import { askForLinkForm, filledHoneypot, HONEYPOT, nextStageForm, REASON_MAX } from './schema.ts';

declare module 'fastify' {
  interface Session {
    /** The complaint a resident opened a tracking link for, until when (epoch ms): never the token. */
    tracking?: { councilId: number; contactId: number; until: number };
    /** A request for the next stage being written, until the resident confirms it. */
    nextStageReasons?: { councilId: number; contactId: number; notSatisfied: string; wanted: string };
    /** The request just sent, for its confirmation page. */
    nextStageSent?: { councilId: number; contactId: number; reference: string; stage: number };
  }
}

/** How long a resident may look at their complaint after opening a link. */
export const TRACKING_MINUTES = 60;

const councilParams = z.object({ council: z.string() });
const tokenParams = z.object({ council: z.string(), token: z.string().max(100) });
const letterParams = z.object({ council: z.string(), id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

const VIEW = (name: string) => `public/track/${name}.njk`;

/**
 * Tracking a complaint (issue 9): ask for a one-time link with the reference and an email
 * address, open it and continue (the token is used, on the POST only, and dropped from the address), see the complaint in the
 * resident's language, download the reply letter, and ask for the next stage within the window.
 */
export const publicTrackRoutes = (services: Services) => async (app: FastifyInstance) => {
  const { db, clock } = services;
  const council = (request: FastifyRequest) => loadPublicCouncil(db.pool, councilParams.parse(request.params).council);
  const tr = (request: FastifyRequest, c: PublicCouncil) => translator(languageOf(request, c));

  /** Field errors in the resident's language, in the form's order, for the error summary and the fields. */
  function errorsOf(request: FastifyRequest, c: PublicCouncil, issues: { path: PropertyKey[]; message: string }[], order: string[]): FormErrors {
    const t = tr(request, c);
    const errors: Record<string, string> = {};
    for (const field of order) {
      const issue = issues.find((i) => String(i.path[0]) === field);
      if (issue) errors[field] = t(issue.message, { max: REASON_MAX });
    }
    return { errors, errorList: Object.entries(errors).map(([field, text]) => ({ text, href: `#${field}` })) };
  }
  const parse = <S extends ZodType>(schema: S, body: unknown) => schema.safeParse(body ?? {});

  /** The tracked complaint's contact, if this session opened a link for this council within the last hour. */
  function tracked(request: FastifyRequest, c: PublicCouncil): number | null {
    const t = request.session.tracking;
    return t && t.councilId === c.id && t.until > clock.now().getTime() ? t.contactId : null;
  }
  const ended = (request: FastifyRequest, reply: FastifyReply, c: PublicCouncil) =>
    renderPublic(request, reply, c, VIEW('linkProblem'), { reason: 'ended' }, 401);
  const today = () => londonDate(clock.now());
  const actor = (request: FastifyRequest) => publicActor(request.ip, String(request.id));
  // A tracked complaint's pages are the resident's alone: never kept by a browser or a proxy.
  const private_ = (reply: FastifyReply) => reply.header('cache-control', 'no-store');

  // 1. Ask for a link.
  app.get('/public/:council/track', async (request, reply) => {
    const c = await council(request);
    return renderPublic(request, reply, c, VIEW('ask'), { values: {}, errors: {}, errorList: [], honeypot: HONEYPOT });
  });

  app.post('/public/:council/track', { config: { rateLimit: { max: 10, timeWindow: '15 minutes' } } }, async (request, reply) => {
    const c = await council(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const sent = () => reply.redirect(`${publicRoot(c)}/track/sent`, 303);
    if (filledHoneypot(body)) return sent();
    const form = parse(askForLinkForm, body);
    if (!form.success) {
      const errors = errorsOf(request, c, form.error.issues, ['reference', 'email']);
      return renderPublic(request, reply, c, VIEW('ask'), { values: typedValues(body), ...errors, honeypot: HONEYPOT }, 400);
    }
    const outcome = await requestTrackingLink(db, c, form.data, languageOf(request, c), clock.now());
    request.log.info({ outcome }, 'tracking link asked for');
    // The same page whatever happened: it never says whether a reference exists or which address it holds.
    return sent();
  });

  app.get('/public/:council/track/sent', async (request, reply) => renderPublic(request, reply, await council(request), VIEW('sent')));

  // 3. The tracked complaint (registered before the token's route; a token is never "case").
  app.get('/public/:council/track/case', async (request, reply) => {
    const c = await council(request);
    const contactId = tracked(request, c);
    if (contactId === null) return ended(request, reply, c);
    const language = languageOf(request, c);
    const complaint = await trackedCase(db.pool, c.id, contactId, today(), language);
    if (!complaint) return ended(request, reply, c);
    await recordAccess(db.pool, actor(request), { councilId: c.id, action: 'view_case', contactId });
    const date = (d: string | null | undefined) => (d ? dateInWords(d, language) : '');
    return renderPublic(request, private_(reply), c, VIEW('case'), { complaint, date });
  });

  app.get('/public/:council/track/case/letter/:id', async (request, reply) => {
    const c = await council(request);
    const contactId = tracked(request, c);
    if (contactId === null) return ended(request, reply, c);
    const params = letterParams.safeParse(request.params);
    if (!params.success) throw notFound();
    const letter = await responseLetter(db.pool, c.id, contactId, params.data.id);
    if (!letter) throw notFound();
    await recordAccess(db.pool, actor(request), { councilId: c.id, action: 'download_document', contactId, detail: { numbers: { document: params.data.id } } });
    return private_(reply).type(letter.mediaType).header('content-disposition', attachmentHeader(letter.filename)).send(letter.content);
  });

  // 4. Ask for the next stage: reasons, check, confirmation.
  const REQUEST = '/public/:council/track/case/ask-again';

  /** The tracked complaint when it may be asked about again today; otherwise the page saying why not (never a 500). */
  async function askable(request: FastifyRequest, reply: FastifyReply, c: PublicCouncil) {
    const contactId = tracked(request, c);
    if (contactId === null) return { page: ended(request, reply, c) };
    const language = languageOf(request, c);
    const complaint = await trackedCase(db.pool, c.id, contactId, today(), language);
    if (!complaint) return { page: ended(request, reply, c) };
    const why = complaint.phase === 'next_stage_requested' ? 'already_asked' : !complaint.nextStage ? 'no_next_stage' : !complaint.nextStage.open ? 'window_closed' : null;
    if (why) return { page: refused(request, reply, c, why, complaint.nextStage?.closesOn ?? null) };
    return { contactId, complaint, language };
  }
  function refused(request: FastifyRequest, reply: FastifyReply, c: PublicCouncil, why: NextStageRefusedError['why'], closesOn: string | null) {
    return renderPublic(request, private_(reply), c, VIEW('refused'), { why, closesOn: closesOn ? dateInWords(closesOn, languageOf(request, c)) : '' }, 409);
  }

  app.get(REQUEST, async (request, reply) => {
    const c = await council(request);
    const a = await askable(request, reply, c);
    if ('page' in a) return a.page;
    const saved = request.session.nextStageReasons;
    const values = saved && saved.councilId === c.id && saved.contactId === a.contactId ? { notSatisfied: saved.notSatisfied, wanted: saved.wanted } : {};
    return renderPublic(request, private_(reply), c, VIEW('request'), {
      complaint: a.complaint, closesOn: a.complaint.nextStage!.closesOn ? dateInWords(a.complaint.nextStage!.closesOn, a.language) : '',
      values, errors: {}, errorList: [], max: REASON_MAX,
    });
  });

  app.post(REQUEST, async (request, reply) => {
    const c = await council(request);
    const a = await askable(request, reply, c);
    if ('page' in a) return a.page;
    const body = (request.body ?? {}) as Record<string, unknown>;
    const form = parse(nextStageForm, body);
    if (!form.success) {
      return renderPublic(request, private_(reply), c, VIEW('request'), {
        complaint: a.complaint, closesOn: a.complaint.nextStage!.closesOn ? dateInWords(a.complaint.nextStage!.closesOn, a.language) : '',
        values: typedValues(body), ...errorsOf(request, c, form.error.issues, ['notSatisfied', 'wanted']), max: REASON_MAX,
      }, 400);
    }
    request.session.nextStageReasons = { councilId: c.id, contactId: a.contactId, ...form.data };
    return reply.redirect(`${publicRoot(c)}/track/case/ask-again/check`, 303);
  });

  app.get(`${REQUEST}/check`, async (request, reply) => {
    const c = await council(request);
    const a = await askable(request, reply, c);
    if ('page' in a) return a.page;
    const saved = request.session.nextStageReasons;
    if (!saved || saved.councilId !== c.id || saved.contactId !== a.contactId) return reply.redirect(`${publicRoot(c)}/track/case/ask-again`, 303);
    return renderPublic(request, private_(reply), c, VIEW('check'), { complaint: a.complaint, answers: saved });
  });

  app.post(`${REQUEST}/check`, async (request, reply) => {
    const c = await council(request);
    const contactId = tracked(request, c);
    if (contactId === null) return ended(request, reply, c);
    const saved = request.session.nextStageReasons;
    if (!saved || saved.councilId !== c.id || saved.contactId !== contactId) return reply.redirect(`${publicRoot(c)}/track/case/ask-again`, 303);
    try {
      const { stage } = await requestNextStage(db, c.id, contactId, saved, actor(request), today());
      const complaint = await trackedCase(db.pool, c.id, contactId, today(), languageOf(request, c));
      request.session.nextStageReasons = undefined;
      request.session.nextStageSent = { councilId: c.id, contactId, reference: complaint!.reference, stage };
      return reply.redirect(`${publicRoot(c)}/track/case/ask-again/sent`, 303);
    } catch (error) {
      if (error instanceof NextStageRefusedError) return refused(request, reply, c, error.why, error.closesOn);
      throw error;
    }
  });

  app.get(`${REQUEST}/sent`, async (request, reply) => {
    const c = await council(request);
    const contactId = tracked(request, c);
    const sent = request.session.nextStageSent;
    if (contactId === null || !sent || sent.councilId !== c.id || sent.contactId !== contactId) return ended(request, reply, c);
    return renderPublic(request, private_(reply), c, VIEW('done'), { sent });
  });

  // 2. Open a link. Email scanners open every link before the resident does, so the GET only
  // looks and asks them to continue; the POST of that form uses the token, once.
  const TOKEN_ROUTE = '/public/:council/track/:token';
  const linkProblem = (request: FastifyRequest, reply: FastifyReply, c: PublicCouncil, reason: 'unknown' | 'used' | 'expired') =>
    renderPublic(request, private_(reply), c, VIEW('linkProblem'), { reason }, reason === 'unknown' ? 404 : 410);
  const linkCouncil = async (request: FastifyRequest) => {
    const params = tokenParams.safeParse(request.params);
    if (!params.success) throw notFound();
    return { c: await loadPublicCouncil(db.pool, params.data.council), token: params.data.token };
  };
  /**
   * While this browser has chosen no language, the one the link was asked for in (a link is often
   * opened on another device): for this request only, nothing is set. Returns the language taken.
   */
  const speakAsAsked = (request: FastifyRequest, c: PublicCouncil, link: UsableLink): Language | null => {
    if (!link.ok || !link.language || !c.languages.includes(link.language)) return null;
    if (c.languages.some((l) => l === request.cookies[LANGUAGE_COOKIE])) return null;
    request.cookies[LANGUAGE_COOKIE] = link.language;
    return link.language;
  };

  app.get(TOKEN_ROUTE, { config: { rateLimit: { max: 30, timeWindow: '15 minutes' } } }, async (request, reply) => {
    const { c, token } = await linkCouncil(request);
    const link = await checkTrackingLink(db, c.id, token, clock.now());
    if (!link.ok) return linkProblem(request, reply, c, link.reason);
    speakAsAsked(request, c, link);
    return renderPublic(request, private_(reply).header('x-robots-tag', 'noindex'), c, VIEW('open'), { action: `${publicRoot(c)}/track/${token}` });
  });

  app.post(TOKEN_ROUTE, { config: { rateLimit: { max: 30, timeWindow: '15 minutes' } } }, async (request, reply) => {
    const { c, token } = await linkCouncil(request);
    const now = clock.now();
    const language = speakAsAsked(request, c, await checkTrackingLink(db, c.id, token, now));
    const link = await redeemTrackingLink(db, c.id, token, now);
    if (!link.ok) return linkProblem(request, reply, c, link.reason);
    // A new session for the tracked complaint: whatever session came with the link is not trusted with it.
    await request.session.regenerate();
    request.session.tracking = { councilId: c.id, contactId: link.contactId, until: now.getTime() + TRACKING_MINUTES * 60_000 };
    // The complaint's pages in the language the link was asked for, unless this browser chose one.
    if (language) {
      reply.setCookie(LANGUAGE_COOKIE, language, {
        path: publicRoot(c), maxAge: 365 * 24 * 3600, httpOnly: true, sameSite: 'lax', secure: request.protocol === 'https',
      });
    }
    return private_(reply).redirect(`${publicRoot(c)}/track/case`, 303);
  });
};
