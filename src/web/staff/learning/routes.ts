import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../app.ts';
import { londonDate, type IsoDate } from '../../../domain/dates.ts';
import { isLearningStatus, newActionRefusals, nextStatuses, type LearningStanding } from '../../../domain/learning/actionPlan.ts';
import { filtersUsed, recordAccess } from '../../../events/audit.ts';
import {
  addLearningAction, changeLearningAction, directoratesInScope, documentChoices, learningAction, learningActionHistory, learningPlan, LearningChangeRefused,
  listThemes, mayManageThemes, ownerChoices, planYears, saveTheme, themesAcrossComplaints, unitChoices,
  type LearningChange, type PlanAction, type PlanFilters,
} from '../../../learning/learningPlan.ts';
import { actorOf, takeFlash } from '../../pipeline/context.ts';
import { requirePermission } from '../../pipeline/authentication.ts';
import { badRequest, forbidden, notFound } from '../../pipeline/httpProblems.ts';
import { dateItems, fieldErrors, noErrors, readDate, typedValues, type FormErrors } from '../../forms.ts';
import { t } from '../../i18n.ts';
import { longDate } from '../case/view.ts';
import { actionParams, formParams, planQuery, STATUS_FILTERS, themeForm } from './schema.ts';

const TAG_CLASSES: Record<LearningStanding, string> = {
  overdue: 'govuk-tag--red', planned: 'govuk-tag--blue', in_progress: 'govuk-tag--light-blue', done: 'govuk-tag--green', not_going_ahead: 'govuk-tag--grey',
};
const tag = (s: LearningStanding) => ({ text: t(`learning.status.${s}`), classes: TAG_CLASSES[s] });
const ID = /^\d{1,15}$/;
const MAX_TEXT = 5000;

/** An action as the plan's table and the action's page show it. */
function actionView(a: PlanAction) {
  return {
    id: a.id, href: `/learning/${a.id}`, description: a.description, lesson: a.lesson, owner: a.ownerName,
    due: a.dueOn ? longDate(a.dueOn) : t('learning.noDate'), done: longDate(a.doneOn), tag: tag(a.standing), status: a.status,
    reason: a.statusReason, evidence: a.evidence, evidenceDocumentId: a.evidenceDocumentId,
    reference: a.reference, caseHref: a.reference ? `/cases/${encodeURIComponent(a.reference)}` : null, ombudsmanReference: a.ombudsmanReference,
    directorate: a.directorate ?? t('learning.noDirectorate'), service: a.service, themeIds: a.themeIds,
  };
}

/** Date input values (dueOn-day…) from an ISO date, to fill a form. */
function dateValues(name: string, iso: IsoDate | null): Record<string, string> {
  if (!iso) return {};
  return { [`${name}-day`]: String(Number(iso.slice(8, 10))), [`${name}-month`]: String(Number(iso.slice(5, 7))), [`${name}-year`]: iso.slice(0, 4) };
}

/**
 * Learning as an action plan (/learning): every open learning action by directorate with
 * filters and counts, a directorate's plan on its own (printable), themes across complaints,
 * one action with its forms, and the council's list of themes. Seen within the viewer's
 * scope (a manager sees their directorates' plan); changed by those with remedies and
 * learning; every view and change recorded.
 */
export const learningRoutes = (services: Services) => async (app: FastifyInstance) => {
  const db = services.db;
  const view = { preHandler: requirePermission('view_cases') };
  const edit = { preHandler: requirePermission('remedies_and_learning') };
  const today = () => londonDate(services.clock.now());
  const tabs = (request: FastifyRequest, active: 'plan' | 'themes' | 'manage') => [
    { text: t('learning.tabs.plan'), href: '/learning', active: active === 'plan' },
    { text: t('learning.tabs.themes'), href: '/learning/themes', active: active === 'themes' },
    ...(mayManageThemes(request.staff!.scope) ? [{ text: t('learning.tabs.manage'), href: '/learning/themes/manage', active: active === 'manage' }] : []),
  ];

  async function showPlan(request: FastifyRequest, reply: FastifyReply, directorateId?: number) {
    const parsed = planQuery.safeParse(request.query);
    if (!parsed.success) throw badRequest(`${parsed.error.issues[0]!.path.join('.')} ${parsed.error.issues[0]!.message}`);
    const q = parsed.data;
    const scope = request.staff!.scope;
    const [directorates, themes, years] = await Promise.all([directoratesInScope(db.pool, scope), listThemes(db.pool, scope.councilId), planYears(db.pool, scope)]);
    const fixed = directorateId === undefined ? null : directorates.find((d) => d.id === directorateId);
    if (fixed === undefined) throw notFound('directorate');
    const filters: PlanFilters = { directorateId: fixed?.id ?? q.directorate, status: q.status, themeId: q.theme, year: q.year };
    const plan = await learningPlan(db.pool, scope, filters, today());
    await recordAccess(db.pool, actorOf(request), {
      councilId: scope.councilId, action: 'view_learning_plan',
      detail: { filters: filtersUsed({ ...q, directorate: filters.directorateId }), count: plan.actions.length },
    });
    const groups: { id: number | null; name: string; href: string | null; actions: ReturnType<typeof actionView>[] }[] = [];
    for (const a of plan.actions) {
      let group = groups.find((g) => g.id === a.directorateId);
      if (!group) groups.push((group = { id: a.directorateId, name: a.directorate ?? t('learning.noDirectorate'), href: a.directorateId ? `/learning/directorates/${a.directorateId}` : null, actions: [] }));
      group.actions.push(actionView(a));
    }
    const option = (value: string | number, text: string, selected: unknown) => ({ value: String(value), text, selected: String(selected ?? '') === String(value) });
    const any = { value: '', text: t('learning.filters.any') };
    return reply.view('staff/learning/plan.njk', {
      title: fixed ? t('learning.directoratePlan', { name: fixed.name }) : t('learning.title'), nav: 'learning',
      tabs: fixed ? null : tabs(request, 'plan'), directoratePage: Boolean(fixed),
      mayAdd: !fixed && scope.permissions.has('remedies_and_learning'),
      action: fixed ? `/learning/directorates/${fixed.id}` : '/learning',
      groups, truncated: plan.truncated, limit: plan.actions.length,
      counts: (['overdue', 'planned', 'in_progress', 'done', 'not_going_ahead'] as const).map((s) => ({ tag: tag(s), count: plan.counts[s] })),
      filters: {
        directorate: fixed ? null : [any, ...directorates.map((d) => option(d.id, d.name, q.directorate))],
        status: STATUS_FILTERS.map((s) => option(s, s === 'open' || s === 'all' ? t(`learning.statusFilter.${s}`) : t(`learning.status.${s}`), q.status ?? 'open')),
        theme: [any, ...themes.map((th) => option(th.id, th.name, q.theme))],
        year: [any, ...years.map((y) => option(y, y, q.year))],
      },
    });
  }

  app.get('/learning', view, (request, reply) => showPlan(request, reply));

  app.get('/learning/directorates/:id', view, async (request, reply) => {
    const parsed = actionParams.safeParse(request.params);
    if (!parsed.success) throw notFound('directorate');
    return showPlan(request, reply, parsed.data.id);
  });

  app.get('/learning/themes', view, async (request, reply) => {
    const scope = request.staff!.scope;
    const across = await themesAcrossComplaints(db.pool, scope);
    await recordAccess(db.pool, actorOf(request), { councilId: scope.councilId, action: 'view_learning_plan', detail: { codes: { page: 'themes' } } });
    const rows = across.themes.filter((th) => Object.keys(th.years).length > 0 || !th.retired).map((th) => ({
      name: th.retired ? `${th.name} ${t('learning.themes.retired')}` : th.name,
      cells: across.years.map((y) => {
        const cell = th.years[y] ?? { complaints: 0, actions: 0 };
        return { ...cell, href: cell.actions ? `/learning?${new URLSearchParams({ theme: String(th.id), year: y, status: 'all' })}` : null };
      }),
    }));
    return reply.view('staff/learning/themes.njk', { title: t('learning.themes.title'), nav: 'learning', tabs: tabs(request, 'themes'), years: across.years, rows });
  });

  async function showManage(request: FastifyRequest, reply: FastifyReply, form: FormErrors, values: Record<string, string>, status = 200) {
    const themes = await listThemes(db.pool, request.staff!.scope.councilId);
    return reply.code(status).view('staff/learning/manage.njk', {
      title: t('learning.manage.title'), nav: 'learning', tabs: tabs(request, 'manage'), flash: takeFlash(request), themes, values, ...form,
    });
  }

  app.get('/learning/themes/manage', view, async (request, reply) => {
    if (!mayManageThemes(request.staff!.scope)) throw forbidden();
    return showManage(request, reply, noErrors(), {});
  });

  app.post('/learning/themes/manage', edit, async (request, reply) => {
    const scope = request.staff!.scope;
    if (!mayManageThemes(scope)) throw forbidden();
    const body = (request.body ?? {}) as Record<string, unknown>;
    const parsed = themeForm.safeParse(body);
    if (!parsed.success) throw badRequest('That is not a change to the list of themes.');
    const f = parsed.data;
    const field = f.action === 'rename' ? `name-${f.id}` : 'name';
    try {
      if (f.action === 'add') await saveTheme(db, scope, { kind: 'add', name: f.name ?? '' }, actorOf(request));
      else if (f.id === undefined) throw badRequest('Which theme?');
      else if (f.action === 'rename') await saveTheme(db, scope, { kind: 'rename', id: f.id, name: f.name ?? '' }, actorOf(request));
      else await saveTheme(db, scope, { kind: f.action, id: f.id }, actorOf(request));
    } catch (error) {
      if (!(error instanceof LearningChangeRefused)) throw error;
      const values = typedValues(body);
      if (f.action === 'rename') values[field] = f.name ?? '';
      return showManage(request, reply, fieldErrors(error.refusals.map((r) => ({ field, message: r.message }))), values, 400);
    }
    request.session.flash = t('learning.manage.saved');
    return reply.redirect('/learning/themes/manage', 303);
  });

  /** The form for a council-wide action (from no single complaint), empty or with what was typed and what is wrong. */
  async function showNew(request: FastifyRequest, reply: FastifyReply, values: Record<string, string>, chosenThemes: string[], form: FormErrors, status = 200) {
    const scope = request.staff!.scope;
    const [owners, themes, units] = await Promise.all([ownerChoices(db.pool, scope.councilId), listThemes(db.pool, scope.councilId), unitChoices(db.pool, scope)]);
    return reply.code(status).view('staff/learning/new.njk', {
      title: t('learning.new.title'), nav: 'learning', ...form, values,
      units: [{ value: '', text: t('learning.new.chooseUnit') }, ...units.map((u) => ({ value: String(u.id), text: u.name, selected: values.unit === String(u.id) }))],
      owners: [{ value: '', text: t('learning.forms.owner.choose') }, ...owners.map((o) => ({ value: String(o.accountId), text: o.name, selected: values.owner === String(o.accountId) }))],
      dueOnItems: dateItems(values, 'dueOn', Boolean(form.errors.dueOn)),
      themeItems: themes.filter((th) => !th.retired).map((th) => ({ value: String(th.id), text: th.name, checked: chosenThemes.includes(String(th.id)) })),
    });
  }

  app.get('/learning/new', edit, (request, reply) => showNew(request, reply, {}, [], noErrors()));

  app.post('/learning/new', edit, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const values = typedValues(body);
    const str = (name: string) => (typeof body[name] === 'string' ? (body[name] as string) : '');
    const idOf = (name: string) => (ID.test(str(name)) ? Number(str(name)) : null);
    const chosen = ([] as unknown[]).concat(body.themes ?? []).filter((v): v is string => typeof v === 'string' && ID.test(v));
    const problems: { field: string; message: string }[] = [];
    const due = readDate(body, 'dueOn', t('learning.forms.due.dueOnLabel'), { required: false });
    if (!due.ok) problems.push({ field: 'dueOn', message: due.message });
    const input = {
      lesson: str('lesson'), description: str('description'), unitId: idOf('unit'), ownerAccountId: idOf('owner'), ownerName: str('ownerName'),
      dueOn: due.ok ? due.date : null, themeIds: chosen.map(Number),
    };
    try {
      // The rules' own checks come first so the summary lists every problem at once.
      const refused = newActionRefusals(input);
      if (problems.length || refused.length) throw new LearningChangeRefused([...refused, ...problems]);
      const id = await addLearningAction(db, request.staff!.scope, input, actorOf(request), today());
      request.session.flash = t('learning.new.saved');
      return reply.redirect(`/learning/${id}`, 303);
    } catch (error) {
      if (!(error instanceof LearningChangeRefused)) throw error;
      const order = ['lesson', 'description', 'unit', 'owner', 'dueOn', 'themes'];
      const list = [...error.refusals].sort((a, b) => order.indexOf(a.field) - order.indexOf(b.field));
      return showNew(request, reply, values, chosen, fieldErrors(list), 400);
    }
  });

  async function showAction(request: FastifyRequest, reply: FastifyReply, a: PlanAction, values: Record<string, string>, form: FormErrors, status = 200) {
    const scope = request.staff!.scope;
    const [history, owners, documents, themes, units] = await Promise.all([
      learningActionHistory(db.pool, scope.councilId, a), ownerChoices(db.pool, scope.councilId), documentChoices(db.pool, scope.councilId, a.contactId),
      listThemes(db.pool, scope.councilId), unitChoices(db.pool, scope),
    ]);
    const chosen = (name: string) => new Set(([] as string[]).concat(values[name] ?? []));
    const themeValues = values.themes !== undefined ? chosen('themes') : new Set(a.themeIds.map(String));
    const may = scope.permissions.has('remedies_and_learning');
    return reply.code(status).view('staff/learning/action.njk', {
      title: t('learning.action.title'), nav: 'learning', flash: takeFlash(request), ...form, values, mayChange: may,
      action: actionView(a),
      themeNames: themes.filter((th) => a.themeIds.includes(th.id)).map((th) => th.name),
      document: documents.find((d) => d.id === a.evidenceDocumentId)?.filename ?? null,
      history: history.map((h) => ({
        on: longDate(h.on), actor: h.actor,
        text: t(`learning.history.${h.change}`, { status: h.status ? t(`learning.status.${h.status}`) : '', defaultValue: h.change }),
      })),
      // The date and evidence only where done is a choice; the reason only where stopping is.
      offersDone: nextStatuses(a.status).includes('done'), offersStop: nextStatuses(a.status).includes('not_going_ahead'),
      statusItems: nextStatuses(a.status).map((s) => ({ value: s, text: t(`learning.status.${s}`), checked: values.status === s })),
      completedOnItems: dateItems(values, 'completedOn', Boolean(form.errors.completedOn)),
      dueOnItems: dateItems(values, 'dueOn', Boolean(form.errors.dueOn)),
      owners: [{ value: '', text: t('learning.forms.owner.choose') }, ...owners.map((o) => ({ value: String(o.accountId), text: o.name, selected: values.owner === String(o.accountId) }))],
      documents: [{ value: '', text: t('learning.forms.evidence.noDocument') }, ...documents.map((d) => ({ value: String(d.id), text: d.filename, selected: values.evidenceDocument === String(d.id) }))],
      doneDocuments: [{ value: '', text: t('learning.forms.evidence.noDocument') }, ...documents.map((d) => ({ value: String(d.id), text: d.filename, selected: values.doneDocument === String(d.id) }))],
      themeItems: themes.filter((th) => !th.retired || a.themeIds.includes(th.id)).map((th) => ({ value: String(th.id), text: th.name, checked: themeValues.has(String(th.id)) })),
      units: units.map((u) => ({ value: String(u.id), text: u.name, selected: values.unit === String(u.id) })),
    });
  }

  /** What the action's forms show before anything is typed: what the action holds now. */
  const currentValues = (a: PlanAction): Record<string, string> => ({
    ...dateValues('dueOn', a.dueOn), owner: a.ownerAccountId ? String(a.ownerAccountId) : '', evidence: a.evidence ?? '',
    evidenceDocument: a.evidenceDocumentId ? String(a.evidenceDocumentId) : '', unit: a.unitId ? String(a.unitId) : '', lesson: a.lesson ?? '',
  });

  async function load(request: FastifyRequest, id: number): Promise<PlanAction> {
    const a = await learningAction(db.pool, request.staff!.scope, id, today());
    if (!a) throw notFound('learning action');
    return a;
  }

  app.get('/learning/:id', view, async (request, reply) => {
    const parsed = actionParams.safeParse(request.params);
    if (!parsed.success) throw notFound('learning action');
    const a = await load(request, parsed.data.id);
    await recordAccess(db.pool, actorOf(request), {
      councilId: request.staff!.scope.councilId, action: 'view_learning_plan',
      contactId: a.contactId, detail: { numbers: { learningAction: a.id } },
    });
    return showAction(request, reply, a, currentValues(a), noErrors());
  });

  app.post('/learning/:id/:form', edit, async (request, reply) => {
    const parsed = formParams.safeParse(request.params);
    if (!parsed.success) throw notFound('learning action');
    const { id, form } = parsed.data;
    const a = await load(request, id);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const values = { ...currentValues(a), ...typedValues(body) };
    const problems: { field: string; message: string }[] = [];
    const text = (name: string) => {
      const v = typeof body[name] === 'string' ? (body[name] as string).trim() : '';
      if (v.length > MAX_TEXT) problems.push({ field: name, message: `This must be ${MAX_TEXT} characters or fewer` });
      return v || null;
    };
    const idOf = (name: string) => (typeof body[name] === 'string' && ID.test(body[name] as string) ? Number(body[name]) : null);
    let change: LearningChange | null = null;
    switch (form) {
      case 'status': {
        const to = typeof body.status === 'string' && isLearningStatus(body.status) ? body.status : null;
        if (!to) { problems.push({ field: 'status', message: 'learning.errors.status' }); break; }
        let completedOn: IsoDate | null = null;
        if (to === 'done') {
          const read = readDate(body, 'completedOn', t('learning.forms.status.completedOnLabel'), { today: today(), notFuture: true });
          if (read.ok) completedOn = read.date; else problems.push({ field: 'completedOn', message: read.message });
        }
        change = { kind: 'status', to, completedOn, reason: to === 'not_going_ahead' ? text('reason') : null,
          evidence: to === 'done' ? text('doneEvidence') : null, evidenceDocumentId: to === 'done' ? idOf('doneDocument') : null };
        break;
      }
      case 'evidence': change = { kind: 'evidence', evidence: text('evidence'), evidenceDocumentId: idOf('evidenceDocument') }; break;
      case 'owner': {
        const owner = idOf('owner');
        if (owner === null) problems.push({ field: 'owner', message: 'learning.errors.owner' }); else change = { kind: 'owner', ownerAccountId: owner };
        break;
      }
      case 'due': {
        const read = readDate(body, 'dueOn', t('learning.forms.due.dueOnLabel'), { required: false });
        if (read.ok) change = { kind: 'due', dueOn: read.date }; else problems.push({ field: 'dueOn', message: read.message });
        break;
      }
      case 'themes': {
        const chosen = ([] as unknown[]).concat(body.themes ?? []).filter((v): v is string => typeof v === 'string' && ID.test(v)).map(Number);
        values.themes = chosen.map(String) as unknown as string;
        change = { kind: 'themes', themeIds: [...new Set(chosen)] };
        break;
      }
      case 'unit': {
        const unit = idOf('unit');
        if (unit === null) problems.push({ field: 'unit', message: 'Choose a directorate or service you work in' }); else change = { kind: 'unit', orgUnitId: unit };
        break;
      }
      case 'lesson': change = { kind: 'lesson', lesson: text('lesson') }; break;
    }
    if (problems.length || !change) return showAction(request, reply, a, values, fieldErrors(problems), 400);
    try {
      if (!(await changeLearningAction(db, request.staff!.scope, id, change, actorOf(request), today()))) throw notFound('learning action');
    } catch (error) {
      if (!(error instanceof LearningChangeRefused)) throw error;
      // The rules name the status form's fields by what they are; the form names its evidence apart from the evidence form's.
      const field = (f: string) => (form === 'status' && f === 'evidence' ? 'doneEvidence' : f === 'form' ? 'status' : f);
      return showAction(request, reply, a, values, fieldErrors(error.refusals.map((r) => ({ field: field(r.field), message: r.message }))), 400);
    }
    request.session.flash = t('learning.action.saved');
    return reply.redirect(`/learning/${id}`, 303);
  });
};
