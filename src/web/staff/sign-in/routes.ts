import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../app.ts';
import { signInWithPassword } from '../../../accounts/signIn.ts';
import { membershipsOf } from '../../../accounts/accountRepository.ts';
import { fieldErrors, noErrors, readForm, typedValues, type FormErrors } from '../../forms.ts';
import { t } from '../../i18n.ts';
import { chooseCouncilForm, signInForm } from './schema.ts';
import { recordAccess } from '../../../events/audit.ts';
import { staffActor, systemActor } from '../../../events/actor.ts';

const VIEW = 'staff/sign-in/signIn.njk';
const CHOOSE = 'staff/sign-in/chooseCouncil.njk';

/** Signing in with an email and password (and choosing a council when there are several), and signing out. */
export const signInRoutes = (services: Services) => async (app: FastifyInstance) => {
  const oidc = Boolean(services.oidc);
  const page = (reply: FastifyReply, form: FormErrors, values: Record<string, string>, notice?: string) =>
    reply.view(VIEW, { title: t('signIn.title'), ...form, values, oidc, notice });

  app.get<{ Querystring: { from?: string } }>('/sign-in', async (request, reply) => {
    if (request.staff) return reply.redirect('/', 303);
    const notice = request.query.from === 'signed-out' ? t('signIn.signedOut') : request.query.from === 'timed-out' ? t('signIn.timedOut') : undefined;
    return page(reply, noErrors(), {}, notice);
  });

  app.post('/sign-in', { config: { rateLimit: { max: 20, timeWindow: '5 minutes' } } }, async (request, reply) => {
    const form = readForm(signInForm, request.body);
    const values = typedValues(request.body);
    if (!form.ok) return page(reply.code(400), form.form, values);
    const result = await signInWithPassword(services.db.pool, form.data.email, form.data.password, services.clock.now());
    if (!result.ok) {
      await recordAccess(services.db.pool, { ...systemActor('someone signing in', `web ${request.ip}`), requestId: String(request.id) }, {
        councilId: null, action: 'sign_in_failed', detail: { codes: { reason: result.reason } },
      });
      const message = result.reason === 'locked' ? t('signIn.errors.locked', { minutes: result.minutes })
        : result.reason === 'no_council' ? t('signIn.errors.noCouncil') : t('signIn.errors.wrong');
      return page(reply.code(400), fieldErrors([{ field: 'email', message }]), values);
    }
    return startStaffSession(services, request, reply, result.accountId, result.displayName, result.memberships.map((m) => m.councilId));
  });

  app.get('/sign-in/council', async (request, reply) => {
    const accountId = request.session.accountId;
    if (!accountId) return reply.redirect('/sign-in', 303);
    return reply.view(CHOOSE, { title: t('chooseCouncil.title'), ...noErrors(), councils: await councilItems(accountId, request.session.councilId) });
  });

  app.post('/sign-in/council', async (request, reply) => {
    const accountId = request.session.accountId;
    if (!accountId) return reply.redirect('/sign-in', 303);
    const form = readForm(chooseCouncilForm, request.body);
    const memberships = await membershipsOf(services.db.pool, accountId);
    const chosen = form.ok ? memberships.find((m) => String(m.councilId) === form.data.council) : undefined;
    if (!chosen) {
      return reply.code(400).view(CHOOSE, { title: t('chooseCouncil.title'), ...fieldErrors([{ field: 'council', message: 'chooseCouncil.error' }]), councils: await councilItems(accountId, null) });
    }
    request.session.councilId = chosen.councilId;
    return reply.redirect(takeReturnTo(request), 303);
  });

  app.post('/sign-out', async (request, reply) => {
    if (request.staff) {
      await recordAccess(services.db.pool, staffActor({ accountId: request.staff.account.id, name: request.staff.account.displayName, ip: request.ip, requestId: String(request.id) }), {
        councilId: request.staff.council.id, action: 'sign_out',
      });
    }
    await request.session.destroy();
    return reply.redirect('/sign-in?from=signed-out', 303);
  });

  async function councilItems(accountId: number, current: number | null | undefined) {
    return (await membershipsOf(services.db.pool, accountId)).map((m) => ({ value: String(m.councilId), text: m.councilName, checked: m.councilId === current }));
  }

};


/**
 * Starts a signed-in session, for a password or single sign-on: a new session id (no
 * fixation), the account, and the council when there is only one.
 */
export async function startStaffSession(services: Services, request: FastifyRequest, reply: FastifyReply, accountId: number, name: string, councils: number[]) {
  const returnTo = request.session.returnTo;
  await request.session.regenerate();
  request.session.accountId = accountId;
  if (returnTo) request.session.returnTo = returnTo;
  await recordAccess(services.db.pool, staffActor({ accountId, name, ip: request.ip, requestId: String(request.id) }), {
    councilId: councils.length === 1 ? councils[0]! : null, action: 'sign_in',
  });
  if (councils.length === 1) {
    request.session.councilId = councils[0]!;
    return reply.redirect(takeReturnTo(request), 303);
  }
  return reply.redirect('/sign-in/council', 303);
}

/** Where to go after signing in: the page they were sent from, if it is a path on this site. */
function takeReturnTo(request: FastifyRequest): string {
  const to = request.session.returnTo;
  request.session.returnTo = undefined;
  return to && /^\/(?!\/)[\w\-./]*$/.test(to) && !to.startsWith('/sign-') ? to : '/';
}
