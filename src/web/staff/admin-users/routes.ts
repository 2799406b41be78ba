import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../app.ts';
import { addMember, changeMember, findMember, listMembers, MemberChangeRefused, removeMember, type Member, type MemberProblem } from '../../../accounts/members.ts';
import { ROLES } from '../../../domain/access/roles.ts';
import { actorOf, takeFlash } from '../../pipeline/context.ts';
import { requirePermission } from '../../pipeline/authentication.ts';
import { notFound } from '../../pipeline/httpProblems.ts';
import { fieldErrors, noErrors, readForm, typedValues, type FormErrors } from '../../forms.ts';
import { t } from '../../i18n.ts';
import { accessForm, addForm, memberParams, ticked } from './schema.ts';

const when = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
const FIELD: Record<MemberProblem['field'], string> = { email: 'email', directorates: 'directorates', roles: 'roles' };
const problemErrors = (problems: MemberProblem[]): FormErrors => fieldErrors(problems.map((p) => ({ field: FIELD[p.field], message: `users.problems.${p.code}` })));

/**
 * Users (/admin/users): the council's members with their roles, directorates, last sign-in and
 * whether they are locked out; add someone, change what they may do, remove them from the
 * council (their account and history stay). Administrators only; every change audited.
 */
export const userRoutes = (services: Services) => async (app: FastifyInstance) => {
  const db = services.db;
  const guard = { preHandler: requirePermission('administer') };
  const roleName = (r: string) => t(`users.roles.${r}`);

  app.get('/admin/users', guard, async (request, reply) => {
    const members = await listMembers(db.pool, request.staff!.council.id, services.clock.now());
    const flash = takeFlash(request);
    return reply.view('staff/admin-users/list.njk', {
      title: t('users.title'), nav: 'admin', flash,
      members: members.map((m) => ({
        ...m, href: `/admin/users/${m.accountId}`, roleNames: m.roles.map(roleName).join(', '),
        directorateNames: m.allDirectorates ? t('users.allDirectorates') : m.directorates.map((d) => d.name).join(', ') || t('users.noDirectorates'),
        lastSignInText: m.lastSignIn ? when.format(m.lastSignIn) : t('users.never'),
        status: m.disabled ? t('users.status.disabled') : m.locked ? t('users.status.locked') : t('users.status.active'),
      })),
    });
  });

  /** Open directorates to choose from (and any the member holds already, closed or not). */
  async function directorateItems(councilId: number, chosen: string[], held: Member['directorates'] = []) {
    const { rows } = await db.pool.query<{ id: number; name: string }>(
      "SELECT id, name FROM org_unit WHERE council_id = $1 AND kind = 'directorate' AND valid_to IS NULL ORDER BY name", [councilId]);
    const all = [...rows.map((r) => ({ id: Number(r.id), name: r.name })), ...held.filter((h) => !rows.some((r) => Number(r.id) === h.id)).map((h) => ({ ...h, name: t('users.closedDirectorate', { name: h.name }) }))];
    return all.map((d) => ({ value: String(d.id), text: d.name, checked: chosen.includes(String(d.id)) }));
  }
  const roleItems = (chosen: string[]) => ROLES.map((r) => ({ value: r, text: roleName(r), hint: { text: t(`users.roleHints.${r}`) }, checked: chosen.includes(r) }));

  async function showForm(request: FastifyRequest, reply: FastifyReply, member: Member | null, values: Record<string, string>, chosen: { roles: string[]; directorates: string[] }, form: FormErrors, status = 200) {
    const councilId = request.staff!.council.id;
    return reply.code(status).view('staff/admin-users/form.njk', {
      title: member ? t('users.change.title', { name: member.name }) : t('users.add.title'), nav: 'admin', values, ...form,
      member, action: member ? `/admin/users/${member.accountId}` : '/admin/users/add', sso: Boolean(services.oidc),
      roles: roleItems(chosen.roles), directorates: await directorateItems(councilId, chosen.directorates, member?.directorates),
      self: member?.accountId === request.staff!.account.id,
    });
  }

  async function memberOf(request: FastifyRequest): Promise<Member> {
    const parsed = memberParams.safeParse(request.params);
    const member = parsed.success ? await findMember(db.pool, request.staff!.council.id, parsed.data.accountId, services.clock.now()) : null;
    if (!member) throw notFound('user');
    return member;
  }

  const chosenOf = (body: Record<string, unknown>) => ({ roles: ticked(body, 'roles'), directorates: ticked(body, 'directorates') });

  app.get('/admin/users/add', guard, async (request, reply) =>
    showForm(request, reply, null, { directorateScope: 'some', signIn: 'password' }, { roles: [], directorates: [] }, noErrors()));

  app.post('/admin/users/add', guard, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const values = typedValues(body);
    const read = readForm(addForm, body);
    if (!read.ok) return showForm(request, reply, null, values, chosenOf(body), read.form, 400);
    const f = read.data;
    let added: Awaited<ReturnType<typeof addMember>>;
    try {
      added = await addMember(db, request.staff!.council.id, {
        email: f.email, name: f.name, roles: f.roles, allDirectorates: f.directorateScope === 'all', directorates: f.directorates,
        maySeeRestricted: f.maySeeRestricted, singleSignOnOnly: Boolean(services.oidc) && f.signIn === 'sso',
      }, actorOf(request));
    } catch (error) {
      if (error instanceof MemberChangeRefused) return showForm(request, reply, null, values, chosenOf(body), problemErrors(error.problems), 400);
      throw error;
    }
    // The temporary password is shown once, on this page only: never stored, never in a redirect.
    reply.header('cache-control', 'no-store');
    return reply.view('staff/admin-users/added.njk', {
      title: t('users.added.title'), nav: 'admin', name: f.name, email: f.email.toLowerCase(), temporaryPassword: added.temporaryPassword,
      existing: added.temporaryPassword === null && !(Boolean(services.oidc) && f.signIn === 'sso'),
    });
  });

  app.get('/admin/users/:accountId', guard, async (request, reply) => {
    const member = await memberOf(request);
    return showForm(request, reply, member, { directorateScope: member.allDirectorates ? 'all' : 'some', maySeeRestricted: member.maySeeRestricted ? 'yes' : '' },
      { roles: member.roles, directorates: member.directorates.map((d) => String(d.id)) }, noErrors());
  });

  app.post('/admin/users/:accountId', guard, async (request, reply) => {
    const member = await memberOf(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const values = typedValues(body);
    const read = readForm(accessForm, body);
    if (!read.ok) return showForm(request, reply, member, values, chosenOf(body), read.form, 400);
    const f = read.data;
    try {
      await changeMember(db, request.staff!.council.id, member.accountId, {
        roles: f.roles, allDirectorates: f.directorateScope === 'all', directorates: f.directorates, maySeeRestricted: f.maySeeRestricted,
      }, actorOf(request));
    } catch (error) {
      if (error instanceof MemberChangeRefused) return showForm(request, reply, member, values, chosenOf(body), problemErrors(error.problems), 400);
      throw error;
    }
    request.session.flash = t('users.change.done', { name: member.name });
    return reply.redirect('/admin/users', 303);
  });

  app.get('/admin/users/:accountId/remove', guard, async (request, reply) => {
    const member = await memberOf(request);
    return reply.view('staff/admin-users/remove.njk', { title: t('users.remove.title', { name: member.name }), nav: 'admin', member, errors: {}, errorList: [] });
  });

  app.post('/admin/users/:accountId/remove', guard, async (request, reply) => {
    const member = await memberOf(request);
    try {
      await removeMember(db, request.staff!.council.id, member.accountId, actorOf(request));
    } catch (error) {
      if (error instanceof MemberChangeRefused) {
        const form = fieldErrors(error.problems.map((p) => ({ field: 'remove', message: `users.problems.${p.code}` })));
        return reply.code(400).view('staff/admin-users/remove.njk', { title: t('users.remove.title', { name: member.name }), nav: 'admin', member, ...form });
      }
      throw error;
    }
    request.session.flash = t('users.remove.done', { name: member.name });
    return reply.redirect('/admin/users', 303);
  });
};
