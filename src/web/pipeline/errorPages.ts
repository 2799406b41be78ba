import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Queryable } from '../../db/database.ts';
import { HttpProblem } from './httpProblems.ts';
import { t } from '../i18n.ts';
import { renderPublicProblem, type PublicProblem } from '../public/site/problemPage.ts';

/** Browsers get pages; monitors and scripts asking for JSON get JSON with the same reason. */
const wantsJson = (request: FastifyRequest) => {
  const accept = request.headers.accept ?? '';
  return request.url.startsWith('/api/') || (accept.includes('application/json') && !accept.includes('text/html'));
};

/** A problem as the staff pages word it, and which of the residents' problems it is on a public page. */
interface Page { title: string; body: string; extra?: string; resident: PublicProblem }

async function send(db: Queryable, request: FastifyRequest, reply: FastifyReply, status: number, page: Page) {
  reply.code(status);
  if (wantsJson(request)) return reply.type('application/json').send({ error: page.title, reason: page.body });
  // Under /public/<council>/ a resident sees the council's own page, in their language.
  const shown = await renderPublicProblem(db, request, reply, page.resident, status);
  if (shown) return shown;
  return reply.view('error.njk', { title: page.title, problem: page });
}

const notFoundPage = (): Page => ({ title: t('errors.notFound.title'), body: t('errors.notFound.body'), resident: 'notFound' });
const tooManyPage = (): Page => ({ title: t('errors.tooMany.title'), body: t('errors.tooMany.body'), resident: 'tooMany' });

/**
 * GOV.UK-style error pages: not found, a bad address (400), no access (403), a CSRF failure,
 * too many attempts, and "Sorry, there is a problem" for anything unexpected — logged with
 * the request id, never a stack trace or a database message on the page. On a council's
 * public pages the same problems are shown to residents in their words and language.
 */
export function setUpErrorPages(app: FastifyInstance, db: Queryable): void {

  app.setErrorHandler(async (error: FastifyError | HttpProblem, request, reply) => {
    const show = (status: number, page: Page) => send(db, request, reply, status, page);
    if (error instanceof HttpProblem) {
      switch (error.status) {
        case 400: return show(400, { title: t('errors.badRequest.title'), body: t('errors.badRequest.body', { reason: error.message }), extra: t('errors.badRequest.back'), resident: 'badRequest' });
        case 403: return show(403, { title: t('errors.forbidden.title'), body: t('errors.forbidden.body'), resident: 'badRequest' });
        case 404: return show(404, notFoundPage());
        case 409: return show(409, { title: t('errors.conflict.title'), body: error.message, resident: 'badRequest' });
        case 429: return show(429, tooManyPage());
        default: return show(error.status, { title: t('errors.badRequest.title'), body: error.message, resident: 'badRequest' });
      }
    }
    const code = (error as FastifyError).code;
    if (code === 'FST_CSRF_INVALID_TOKEN' || code === 'FST_CSRF_MISSING_SECRET') {
      return show(403, { title: t('errors.csrf.title'), body: t('errors.csrf.body'), resident: 'csrf' });
    }
    const status = (error as FastifyError).statusCode;
    if (status === 429) return show(429, tooManyPage());
    if (status && status >= 400 && status < 500) {
      // Fastify's own refusals (a body too large, a malformed form or JSON, a bad URL).
      return show(status, { title: t('errors.badRequest.title'), body: t('errors.badRequest.body', { reason: publicReason(error as FastifyError) }), resident: 'badRequest' });
    }
    request.log.error({ err: error }, 'request failed');
    return show(500, { title: t('errors.serverError.title'), body: t('errors.serverError.body'), extra: t('errors.serverError.reference', { requestId: request.id }), resident: 'serverError' });
  });
}

/** Fastify's client-error messages are safe to show (they name limits and formats, not data). */
function publicReason(error: FastifyError): string {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE': return 'what was sent is too large.';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE': return 'what was sent is not a form.';
    default: return 'it is not in a form Redress understands.';
  }
}

/**
 * The not-found page, for every address nothing answers. Set on the pages' context (src/web/app.ts),
 * after its session and sign-in steps, so someone signed in sees it with their council's
 * header and navigation (and a resident, under /public/<council>/, the council's public
 * page in their language); the assets' context reads no session.
 */
export function setUpNotFoundPage(app: FastifyInstance, db: Queryable): void {
  app.setNotFoundHandler((request, reply) => send(db, request, reply, 404, notFoundPage()));
}
