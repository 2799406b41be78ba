import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HttpProblem } from './httpProblems.ts';
import { t } from '../i18n.ts';

/** Browsers get pages; monitors and scripts asking for JSON get JSON with the same reason. */
const wantsJson = (request: FastifyRequest) => {
  const accept = request.headers.accept ?? '';
  return request.url.startsWith('/api/') || (accept.includes('application/json') && !accept.includes('text/html'));
};

function send(request: FastifyRequest, reply: FastifyReply, status: number, page: { title: string; body: string; extra?: string }) {
  reply.code(status);
  if (wantsJson(request)) return reply.type('application/json').send({ error: page.title, reason: page.body });
  return reply.view('error.njk', { title: page.title, problem: page });
}

/**
 * GOV.UK-style error pages: not found, a bad address (400), no access (403), a CSRF failure,
 * too many attempts, and "Sorry, there is a problem" for anything unexpected — logged with
 * the request id, never a stack trace or a database message on the page.
 */
export function setUpErrorPages(app: FastifyInstance): void {

  app.setErrorHandler((error: FastifyError | HttpProblem, request, reply) => {
    if (error instanceof HttpProblem) {
      switch (error.status) {
        case 400: return send(request, reply, 400, { title: t('errors.badRequest.title'), body: t('errors.badRequest.body', { reason: error.message }), extra: t('errors.badRequest.back') });
        case 403: return send(request, reply, 403, { title: t('errors.forbidden.title'), body: t('errors.forbidden.body') });
        case 404: return send(request, reply, 404, { title: t('errors.notFound.title'), body: t('errors.notFound.body') });
        case 409: return send(request, reply, 409, { title: t('errors.conflict.title'), body: error.message });
        case 429: return send(request, reply, 429, { title: t('errors.tooMany.title'), body: t('errors.tooMany.body') });
        default: return send(request, reply, error.status, { title: t('errors.badRequest.title'), body: error.message });
      }
    }
    const code = (error as FastifyError).code;
    if (code === 'FST_CSRF_INVALID_TOKEN' || code === 'FST_CSRF_MISSING_SECRET') {
      return send(request, reply, 403, { title: t('errors.csrf.title'), body: t('errors.csrf.body') });
    }
    const status = (error as FastifyError).statusCode;
    if (status === 429) return send(request, reply, 429, { title: t('errors.tooMany.title'), body: t('errors.tooMany.body') });
    if (status && status >= 400 && status < 500) {
      // Fastify's own refusals (a body too large, a malformed form or JSON, a bad URL).
      return send(request, reply, status, { title: t('errors.badRequest.title'), body: t('errors.badRequest.body', { reason: publicReason(error as FastifyError) }) });
    }
    request.log.error({ err: error }, 'request failed');
    return send(request, reply, 500, { title: t('errors.serverError.title'), body: t('errors.serverError.body'), extra: t('errors.serverError.reference', { requestId: request.id }) });
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
 * header and navigation; the assets' context reads no session.
 */
export function setUpNotFoundPage(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) => send(request, reply, 404, { title: t('errors.notFound.title'), body: t('errors.notFound.body') }));
}
