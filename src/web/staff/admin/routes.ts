import type { FastifyInstance } from 'fastify';
import type { Services } from '../../app.ts';
import { forbidden } from '../../pipeline/httpProblems.ts';
import { t } from '../../i18n.ts';
import { sectionsFor } from './sections.ts';

/** /admin: the administration home, a list of the sections the viewer may open (sections.ts). */
export const adminRoutes = (_services: Services) => async (app: FastifyInstance) => {
  app.get('/admin', async (request, reply) => {
    const sections = request.staff ? sectionsFor(request.staff.scope.permissions) : [];
    // Administration is for those who may open at least one of its sections.
    if (!request.staff || !sections.some((s) => s.permission === 'administer' || s.permission === 'records_management')) throw forbidden();
    return reply.view('staff/admin/home.njk', {
      title: t('admin.title'), nav: 'admin',
      sections: sections.map((s) => ({ href: s.href, title: t(`admin.sections.${s.key}.title`), description: t(`admin.sections.${s.key}.description`) })),
    });
  });
};
