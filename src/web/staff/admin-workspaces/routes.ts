import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../app.ts';
import { findWorkspace, listWorkspaces, saveWorkspace, WorkspaceRefused, type Workspace } from '../../../councils/workspaces.ts';
import { organisationUnits } from '../../../councils/organisation.ts';
import type { OrgUnit } from '../../../councils/organisationRules.ts';
import { actorOf, takeFlash } from '../../pipeline/context.ts';
import { requirePermission } from '../../pipeline/authentication.ts';
import { notFound } from '../../pipeline/httpProblems.ts';
import { fieldErrors, noErrors, readForm, typedValues, type FormErrors } from '../../forms.ts';
import { t } from '../../i18n.ts';
import { workspaceForm, workspaceParams } from './schema.ts';

function pathOf(units: readonly OrgUnit[], unit: OrgUnit): string {
  const parent = unit.parentId === null ? null : units.find((u) => u.id === unit.parentId);
  return parent ? `${pathOf(units, parent)} › ${unit.name}` : unit.name;
}

/** Workspaces (/admin/workspaces): list, add and change, each change audited. Administrators only. */
export const workspaceRoutes = (services: Services) => async (app: FastifyInstance) => {
  const db = services.db;
  const guard = { preHandler: requirePermission('administer') };

  app.get('/admin/workspaces', guard, async (request, reply) => {
    const councilId = request.staff!.council.id;
    const [workspaces, units] = await Promise.all([listWorkspaces(db.pool, councilId), organisationUnits(db.pool, councilId)]);
    const flash = takeFlash(request);
    return reply.view('staff/admin-workspaces/list.njk', {
      title: t('workspaces.title'), nav: 'admin', flash,
      workspaces: workspaces.map((w) => {
        const unit = units.find((u) => u.id === w.orgUnitId);
        return { ...w, unit: unit ? pathOf(units, unit) : t('workspaces.notMapped'), href: `/admin/workspaces/${w.id}` };
      }),
    });
  });

  async function showForm(request: FastifyRequest, reply: FastifyReply, workspace: Workspace | null, values: Record<string, string>, form: FormErrors, status = 200) {
    const units = await organisationUnits(db.pool, request.staff!.council.id);
    const open = units.filter((u) => u.validTo === null).map((u) => ({ value: String(u.id), text: pathOf(units, u) })).sort((a, b) => a.text.localeCompare(b.text, 'en-GB'));
    return reply.code(status).view('staff/admin-workspaces/form.njk', {
      title: workspace ? t('workspaces.edit.title', { name: workspace.name }) : t('workspaces.add.title'), nav: 'admin', values, ...form,
      heading: workspace ? t('workspaces.edit.heading', { name: workspace.name }) : t('workspaces.add.heading'),
      action: workspace ? `/admin/workspaces/${workspace.id}` : '/admin/workspaces/add',
      units: [{ value: '', text: t('workspaces.noUnit') }, ...open.map((u) => ({ ...u, selected: values.orgUnitId === u.value }))],
    });
  }

  const valuesOf = (w: Workspace) => ({ name: w.name, welsh: w.welsh ?? '', offered: w.offered ? 'yes' : 'no', orgUnitId: w.orgUnitId === null ? '' : String(w.orgUnitId) });

  async function workspaceOf(request: FastifyRequest): Promise<Workspace> {
    const parsed = workspaceParams.safeParse(request.params);
    const workspace = parsed.success ? await findWorkspace(db.pool, request.staff!.council.id, parsed.data.id) : null;
    if (!workspace) throw notFound('workspace');
    return workspace;
  }

  async function save(request: FastifyRequest, reply: FastifyReply, workspace: Workspace | null) {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const values = typedValues(body);
    const read = readForm(workspaceForm, body);
    if (!read.ok) return showForm(request, reply, workspace, values, read.form, 400);
    try {
      await saveWorkspace(db, request.staff!.council.id, workspace?.id ?? null, read.data, actorOf(request));
    } catch (error) {
      if (error instanceof WorkspaceRefused) {
        return showForm(request, reply, workspace, values, fieldErrors(error.problems.map((p) => ({ field: p.field, message: t(`workspaces.problems.${p.code}`, { name: read.data.name }) }))), 400);
      }
      throw error;
    }
    request.session.flash = t('workspaces.saved', { name: read.data.name });
    return reply.redirect('/admin/workspaces', 303);
  }

  app.get('/admin/workspaces/add', guard, async (request, reply) => showForm(request, reply, null, { offered: 'yes' }, noErrors()));
  app.post('/admin/workspaces/add', guard, async (request, reply) => save(request, reply, null));
  app.get('/admin/workspaces/:id', guard, async (request, reply) => {
    const workspace = await workspaceOf(request);
    return showForm(request, reply, workspace, valuesOf(workspace), noErrors());
  });
  app.post('/admin/workspaces/:id', guard, async (request, reply) => save(request, reply, await workspaceOf(request)));
};
