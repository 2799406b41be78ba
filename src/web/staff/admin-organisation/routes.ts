import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../app.ts';
import { changeOrganisation, organisationChanges, organisationUnits, OrganisationChangeRefused } from '../../../councils/organisation.ts';
import { isOpenOn, treeOn, type OrganisationChange, type OrgUnit, type Problem, type TreeNode } from '../../../councils/organisationRules.ts';
import { londonDate } from '../../../domain/dates.ts';
import { actorOf, takeFlash } from '../../pipeline/context.ts';
import { requirePermission } from '../../pipeline/authentication.ts';
import { notFound } from '../../pipeline/httpProblems.ts';
import { dateItems, fieldErrors, noErrors, readDate, readForm, typedValues, type FormErrors } from '../../forms.ts';
import { t } from '../../i18n.ts';
import { addForm, changeForm, treeQuery, unitParams } from './schema.ts';

const when = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });

/** Which form field each kind of problem belongs to. */
const FIELD: Record<Problem['field'], string> = { unit: 'change', name: 'name', parent: 'parentId', into: 'intoId', from: 'from' };
const longDate = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });
const problemErrors = (problems: Problem[]): FormErrors =>
  fieldErrors(problems.map((p) => {
    const values = { ...p.values, ...(p.values?.date ? { date: longDate.format(new Date(`${p.values.date}T00:00:00Z`)) } : {}) };
    return { field: FIELD[p.field], message: t(`organisation.problems.${p.code}`, values) };
  }));

/** "Housing › Repairs": a unit with the units above it, as lists and pickers name it. */
function pathOf(units: readonly OrgUnit[], unit: OrgUnit): string {
  const parent = unit.parentId === null ? null : units.find((u) => u.id === unit.parentId);
  return parent ? `${pathOf(units, parent)} › ${unit.name}` : unit.name;
}

/**
 * The organisation (/admin/organisation): the tree as it stood on a date, and dated changes to
 * it — add a unit, rename, move, merge, close — each from a date, so past reports keep the
 * shape they had (src/councils/organisation.ts, ADR 0024). Administrators only.
 */
export const organisationRoutes = (services: Services) => async (app: FastifyInstance) => {
  const db = services.db;
  const guard = { preHandler: requirePermission('administer') };
  const today = () => londonDate(services.clock.now());

  app.get('/admin/organisation', guard, async (request, reply) => {
    const councilId = request.staff!.council.id;
    const query = treeQuery.safeParse(request.query);
    const asked = query.success ? query.data : {};
    const values: Record<string, string> = Object.fromEntries(Object.entries(asked).filter(([, v]) => v !== undefined)) as Record<string, string>;
    let on = today();
    let form = noErrors();
    if (query.success && (asked['on-day'] || asked['on-month'] || asked['on-year'])) {
      const read = readDate(values, 'on', 'the date', {});
      if (read.ok && read.date) on = read.date;
      else if (!read.ok) form = fieldErrors([{ field: 'on', message: read.message }]);
    }
    const [units, changes] = await Promise.all([organisationUnits(db.pool, councilId), organisationChanges(db.pool, councilId, 30)]);
    const node = (n: TreeNode): unknown => ({
      id: n.unit.id, name: n.unit.name, kind: t(`organisation.kinds.${n.unit.kind}`),
      since: n.unit.validFrom > '1900-01-01' ? n.unit.validFrom : null, until: n.unit.validTo,
      changeable: n.unit.validTo === null, children: n.children.map(node),
    });
    return reply.code(form.errorList.length ? 400 : 200).view('staff/admin-organisation/tree.njk', {
      title: t('organisation.title'), nav: 'admin', flash: takeFlash(request), ...form,
      on, isToday: on === today(), tree: treeOn(units, on).map(node), onItems: dateItems(values, 'on', Boolean(form.errors.on)), values,
      changes: changes.map((c) => ({
        from: c.effectiveFrom, what: t(`organisation.history.${c.change}`, c.detail), who: c.actor, when: when.format(c.changedAt),
      })),
    });
  });

  /** Units a new unit may sit under from today: open directorates and services. */
  const parentChoices = (units: readonly OrgUnit[], kinds: OrgUnit['kind'][], except: number | null = null) =>
    units.filter((u) => u.validTo === null && kinds.includes(u.kind) && u.id !== except)
      .map((u) => ({ id: u.id, text: pathOf(units, u) }))
      .sort((a, b) => a.text.localeCompare(b.text, 'en-GB'));

  async function showAdd(request: FastifyRequest, reply: FastifyReply, values: Record<string, string>, form: FormErrors, status = 200) {
    const units = await organisationUnits(db.pool, request.staff!.council.id);
    const parents = parentChoices(units, ['directorate', 'service']);
    return reply.code(status).view('staff/admin-organisation/add.njk', {
      title: t('organisation.add.title'), nav: 'admin', values, ...form,
      parents: [{ value: '', text: t('organisation.add.noParent') }, ...parents.map((p) => ({ value: String(p.id), text: p.text, selected: values.parentId === String(p.id) }))],
      fromItems: dateItems(values, 'from', Boolean(form.errors.from)),
    });
  }

  app.get('/admin/organisation/add', guard, async (request, reply) => showAdd(request, reply, {}, noErrors()));

  app.post('/admin/organisation/add', guard, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const values = typedValues(body);
    const read = readForm(addForm, body);
    const from = readDate(body, 'from', 'the date it starts');
    if (!read.ok || !from.ok) {
      const errors = [...(read.ok ? [] : read.form.errorList.map((e) => ({ field: e.href.slice(1), message: e.text }))), ...(from.ok ? [] : [{ field: 'from', message: from.message }])];
      return showAdd(request, reply, values, fieldErrors(errors), 400);
    }
    const change: OrganisationChange = { change: 'add', name: read.data.name, parentId: read.data.parentId, from: from.date! };
    try {
      await changeOrganisation(db, request.staff!.council.id, change, actorOf(request), today());
    } catch (error) {
      if (error instanceof OrganisationChangeRefused) return showAdd(request, reply, values, problemErrors(error.problems), 400);
      throw error;
    }
    request.session.flash = t('organisation.add.done', { name: read.data.name });
    return reply.redirect('/admin/organisation', 303);
  });

  async function showChange(request: FastifyRequest, reply: FastifyReply, unitId: number, values: Record<string, string>, form: FormErrors, status = 200) {
    const units = await organisationUnits(db.pool, request.staff!.council.id);
    const unit = units.find((u) => u.id === unitId);
    if (!unit) throw notFound('unit');
    const parentKind = unit.kind === 'team' ? 'service' : 'directorate';
    const options = (list: { id: number; text: string }[], field: string) =>
      [{ value: '', text: t('organisation.change.choose') }, ...list.map((p) => ({ value: String(p.id), text: p.text, selected: values[field] === String(p.id) }))];
    return reply.code(status).view('staff/admin-organisation/change.njk', {
      title: t('organisation.change.title', { name: unit.name }), nav: 'admin', values, ...form,
      unit: { id: unit.id, name: unit.name, path: pathOf(units, unit), kind: t(`organisation.kinds.${unit.kind}`), kindCode: unit.kind,
        since: unit.validFrom > '1900-01-01' ? unit.validFrom : null, until: unit.validTo, open: unit.validTo === null && isOpenOn(unit, unit.validFrom) },
      children: units.filter((u) => u.parentId === unit.id && u.validTo === null).map((u) => u.name).sort(),
      parents: options(parentChoices(units, [parentKind]).filter((p) => p.id !== unit.parentId), 'parentId'),
      intos: options(parentChoices(units, [unit.kind], unit.id), 'intoId'),
      fromItems: dateItems(values, 'from', Boolean(form.errors.from)),
    });
  }

  const unitIdOf = (request: FastifyRequest) => {
    const parsed = unitParams.safeParse(request.params);
    if (!parsed.success) throw notFound('unit');
    return parsed.data.id;
  };

  app.get('/admin/organisation/units/:id', guard, async (request, reply) => showChange(request, reply, unitIdOf(request), {}, noErrors()));

  app.post('/admin/organisation/units/:id', guard, async (request, reply) => {
    const unitId = unitIdOf(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const values = typedValues(body);
    const read = readForm(changeForm, body);
    const from = readDate(body, 'from', 'the date the change takes effect');
    if (!read.ok || !from.ok) {
      const errors = [...(read.ok ? [] : read.form.errorList.map((e) => ({ field: e.href.slice(1), message: e.text }))), ...(from.ok ? [] : [{ field: 'from', message: from.message }])];
      return showChange(request, reply, unitId, values, fieldErrors(errors), 400);
    }
    const f = read.data;
    const on = from.date!;
    const change: OrganisationChange =
      f.change === 'rename' ? { change: 'rename', unitId, name: f.name, from: on }
        : f.change === 'move' ? { change: 'move', unitId, parentId: f.parentId, from: on }
          : f.change === 'merge' ? { change: 'merge', unitId, intoId: f.intoId, from: on }
            : { change: 'close', unitId, from: on };
    try {
      await changeOrganisation(db, request.staff!.council.id, change, actorOf(request), today());
    } catch (error) {
      if (error instanceof OrganisationChangeRefused) return showChange(request, reply, unitId, values, problemErrors(error.problems), 400);
      throw error;
    }
    request.session.flash = t(`organisation.change.done.${f.change}`);
    return reply.redirect('/admin/organisation', 303);
  });
};
