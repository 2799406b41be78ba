import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../app.ts';
import { londonDate } from '../../../domain/dates.ts';
import { addCategory, deleteCategory, findCategory, listCategories, renameCategory, retireCategory, type Category } from '../../../councils/categories.ts';
import { actorOf, takeFlash } from '../../pipeline/context.ts';
import { requirePermission } from '../../pipeline/authentication.ts';
import { notFound } from '../../pipeline/httpProblems.ts';
import { fieldErrors, noErrors, typedValues, type FormErrors } from '../../forms.ts';
import { t } from '../../i18n.ts';
import { categoryForm, categoryParams } from './schema.ts';

/**
 * Complaint categories (/admin/categories): the list, add one, change one's names, retire one
 * (or bring it back), delete one never used. Each change one service call, audited there.
 */
export const adminCategoryRoutes = (services: Services) => async (app: FastifyInstance) => {
  const db = services.db;
  const guard = { preHandler: requirePermission('administer') };
  const idOf = (request: FastifyRequest) => {
    const parsed = categoryParams.safeParse(request.params);
    if (!parsed.success) throw notFound('category');
    return parsed.data.id;
  };

  app.get('/admin/categories', guard, async (request, reply) => {
    const categories = await listCategories(db.pool, request.staff!.council.id);
    return reply.view('staff/admin-categories/categories.njk', {
      title: t('adminCategories.title'), nav: 'admin', flash: takeFlash(request),
      categories: categories.map((c) => ({ ...c, href: `/admin/categories/${c.id}`, status: c.retiredOn ? t('adminCategories.retired') : t('adminCategories.inUse') })),
    });
  });

  const showNew = (reply: FastifyReply, values: Record<string, string>, form: FormErrors, status = 200) =>
    reply.code(status).view('staff/admin-categories/new.njk', { title: t('adminCategories.add.title'), nav: 'admin', values, ...form });

  app.get('/admin/categories/new', guard, async (_request, reply) => showNew(reply, {}, noErrors()));

  app.post('/admin/categories', guard, async (request, reply) => {
    const form = categoryForm.parse(request.body ?? {});
    const saved = await addCategory(db, actorOf(request), request.staff!.council.id, form);
    if (!saved.ok) return showNew(reply, typedValues(request.body), fieldErrors(saved.problems), 400);
    request.session.flash = t('adminCategories.added', { name: form.name.trim() });
    return reply.redirect('/admin/categories', 303);
  });

  const showChange = (reply: FastifyReply, category: Category, values: Record<string, string>, form: FormErrors, status = 200) =>
    reply.code(status).view('staff/admin-categories/change.njk', {
      title: t('adminCategories.change.title'), nav: 'admin', category, values, ...form,
      usesText: t('adminCategories.change.uses', { count: category.uses }),
    });

  async function categoryOr404(request: FastifyRequest) {
    const category = await findCategory(db.pool, request.staff!.council.id, idOf(request));
    if (!category) throw notFound('category');
    return category;
  }

  app.get('/admin/categories/:id', guard, async (request, reply) => {
    const category = await categoryOr404(request);
    return showChange(reply, category, { name: category.name, nameCy: category.nameCy ?? '' }, noErrors());
  });

  app.post('/admin/categories/:id', guard, async (request, reply) => {
    const id = idOf(request);
    const form = categoryForm.parse(request.body ?? {});
    const saved = await renameCategory(db, actorOf(request), request.staff!.council.id, id, form);
    if (!saved) throw notFound('category');
    if (!saved.ok) return showChange(reply, await categoryOr404(request), typedValues(request.body), fieldErrors(saved.problems), 400);
    request.session.flash = t('adminCategories.renamed', { name: form.name.trim() });
    return reply.redirect('/admin/categories', 303);
  });

  for (const [action, flashKey] of [['retire', 'adminCategories.retiredDone'], ['restore', 'adminCategories.restored']] as const) {
    app.post(`/admin/categories/:id/${action}`, guard, async (request, reply) => {
      const category = await categoryOr404(request);
      const on = action === 'retire' ? londonDate(services.clock.now()) : null;
      await retireCategory(db, actorOf(request), request.staff!.council.id, category.id, on);
      request.session.flash = t(flashKey, { name: category.name });
      return reply.redirect('/admin/categories', 303);
    });
  }

  app.post('/admin/categories/:id/delete', guard, async (request, reply) => {
    const category = await categoryOr404(request);
    const result = await deleteCategory(db, actorOf(request), request.staff!.council.id, category.id);
    if (!result) throw notFound('category');
    if (result === 'in_use') {
      return showChange(reply, category, { name: category.name, nameCy: category.nameCy ?? '' },
        fieldErrors([{ field: 'delete', message: t('adminCategories.errors.inUse', { count: category.uses }) }]), 409);
    }
    request.session.flash = t('adminCategories.deleted', { name: category.name });
    return reply.redirect('/admin/categories', 303);
  });
};
