import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import nunjucks from 'nunjucks';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { t } from '../i18n.ts';
import { can } from '../../domain/access/scope.ts';
import type { Permission } from '../../domain/access/roles.ts';

const require = createRequire(import.meta.url);
// Council calendar dates ('YYYY-MM-DD') are days, not instants: formatted in UTC so no zone moves them.
const longDate = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });
const shortDate = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' });
const fromHere = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * Nunjucks with GOV.UK Frontend's and the MOJ library's macros, MOJ's filters (its timeline
 * needs mojDate), and each screen's own folder: a view is found by its path from src/web/
 * ("staff/case/case.njk") or, for the shared ones, by name ("layout.njk").
 */
export function createViews(): nunjucks.Environment {
  const env = nunjucks.configure(
    [fromHere('../views/'), fromHere('../'), fromHere('../../../node_modules/govuk-frontend/dist/'), fromHere('../../../node_modules/@ministryofjustice/frontend/')],
    { autoescape: true, throwOnUndefined: false },
  );
  const mojFilters = require('@ministryofjustice/frontend/moj/filters/all.js')() as Record<string, (...args: unknown[]) => unknown>;
  for (const [name, filter] of Object.entries(mojFilters)) env.addFilter(name, filter);
  env.addGlobal('t', t);
  // A code from the councils' vocabularies in words: label("status", "stage_open") → "Stage open".
  env.addGlobal('label', (group: string, code: string | null | undefined) => (code ? t(`vocabulary.${group}.${code}`, { defaultValue: code.replaceAll('_', ' ') }) : ''));
  env.addFilter('longDate', (iso: string | null | undefined) => (iso ? longDate.format(new Date(`${String(iso).slice(0, 10)}T00:00:00Z`)) : ''));
  env.addFilter('shortDate', (iso: string | null | undefined) => (iso ? shortDate.format(new Date(`${String(iso).slice(0, 10)}T00:00:00Z`)) : ''));
  return env;
}

/**
 * reply.view(template, context): renders a page with what every page needs — the CSP nonce
 * for the template's one inline script, a CSRF token for its forms, the signed-in person,
 * their council and what they may do (for the navigation).
 */
export async function setUpViews(app: FastifyInstance): Promise<void> {
  const views = createViews();
  app.decorateReply('view', function (this: FastifyReply, template: string, context: object = {}) {
    const request = this.request;
    return this.type('text/html; charset=utf-8').send(views.render(template, { ...pageContext(request, this), ...context }));
  });
}

function pageContext(request: FastifyRequest, reply: FastifyReply): Record<string, unknown> {
  const staff = request.staff ?? null;
  const nonce = (reply as { cspNonce?: { script: string } }).cspNonce?.script;
  return {
    cspNonce: nonce,
    // The session keeps one CSRF secret; each page gets a token made from it.
    csrfToken: request.session ? reply.generateCsrf() : "",
    staff: staff && {
      name: staff.account.displayName,
      council: staff.council,
      roles: staff.scope.roles,
      multipleCouncils: staff.councilCount > 1,
    },
    council: staff?.council ?? null,
    may: (permission: Permission) => (staff ? can(staff.scope, permission) : false),
    requestId: request.id,
  };
}

declare module 'fastify' {
  interface FastifyReply {
    view(template: string, context?: object): FastifyReply;
  }
}
