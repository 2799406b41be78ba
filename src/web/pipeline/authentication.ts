import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../../db/database.ts';
import { loadStaffContext, unitsUnder } from '../../accounts/accountRepository.ts';
import { can, scopeOf } from '../../domain/access/scope.ts';
import type { Permission } from '../../domain/access/roles.ts';
import type { Nation } from '../../domain/calendar/bankHolidays.ts';
import { forbidden } from './httpProblems.ts';

/** Pages anyone may reach (assets are served before sessions, src/web/app.ts): signing in, the health check, the public pages. */
const PUBLIC_PAGES = ['/sign-in', '/sign-out', '/health', '/public'];
const isPublic = (path: string) => PUBLIC_PAGES.some((p) => path === p || path.startsWith(`${p}/`));

const DEFAULT_COLOUR = '#1d70b8';

/**
 * Sign-in required everywhere but the public paths. The session names an account and a
 * council; this step loads the membership and resolves the person's scope once, into
 * request.staff, for every service the request calls. A disabled account or a membership
 * taken away ends the session at the next request.
 */
export function setUpAuthentication(app: FastifyInstance, db: Database): void {
  app.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?')[0]!;
    const session = request.session;
    if (session?.accountId && session.councilId) {
      const row = await loadStaffContext(db.pool, session.accountId, session.councilId);
      if (!row || row.account.disabled || row.membership.roles.length === 0) {
        await session.destroy();
      } else {
        const units = row.membership.allDirectorates ? [] : await unitsUnder(db.pool, row.council.id, row.membership.directorates);
        request.staff = {
          account: { id: row.account.id, email: row.account.email, displayName: row.account.displayName },
          council: {
            id: row.council.id, slug: row.council.slug, name: row.council.name, nation: row.council.nation as Nation,
            reportingYearStarts: row.council.reportingYearStarts,
            brand: { colour: validColour(row.council.brand.colour) ?? DEFAULT_COLOUR, logoUrl: row.council.brand.logoUrl ?? null },
          },
          scope: scopeOf(row.membership, () => units),
          councilCount: row.councilCount,
        };
      }
    }
    if (request.staff || isPublic(path)) return;
    return redirectToSignIn(request, reply);
  });
}

function redirectToSignIn(request: FastifyRequest, reply: FastifyReply) {
  // Only a page is worth coming back to; the path, never the query (it may hold filters typed in).
  if (request.method === 'GET' && request.session) request.session.returnTo = request.url.split('?')[0];
  return reply.redirect('/sign-in', 303);
}

const validColour = (c: unknown) => (typeof c === 'string' && /^#[0-9a-fA-F]{6}$/.test(c) ? c : null);

/** A route's guard: the person's roles must carry the permission (403 page otherwise). */
export function requirePermission(permission: Permission) {
  return async (request: FastifyRequest) => {
    if (!request.staff || !can(request.staff.scope, permission)) throw forbidden();
  };
}
