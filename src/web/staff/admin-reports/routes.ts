import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../app.ts';
import { loadLayout, PRESETS } from '../../../reports/layout.ts';
import { SECTION_TITLES } from '../../../reports/reportCatalogue.ts';
import { formValues, LEVELS, saveReportForm, savedReportSettings, SECTIONS, type ReportForm } from '../../../councils/reportSettingsForm.ts';
import { actorOf, takeFlash } from '../../pipeline/context.ts';
import { requirePermission } from '../../pipeline/authentication.ts';
import { fieldErrors, noErrors, typedValues, type FormErrors } from '../../forms.ts';
import { t } from '../../i18n.ts';

/**
 * Report settings (/admin/reports): the council's report layout and the settings `redress
 * council set` can set for reports, with a link to run the report with them. Saved with an audit entry.
 */
export const adminReportRoutes = (services: Services) => async (app: FastifyInstance) => {
  const db = services.db;
  const guard = { preHandler: requirePermission('administer') };
  const presetNames = new Map(PRESETS.map((p) => [p, loadLayout(p).name]));

  const show = async (request: FastifyRequest, reply: FastifyReply, values: ReportForm, form: FormErrors, status = 200) => {
    const flash = takeFlash(request);
    const saved = await savedReportSettings(db.pool, request.staff!.council.id);
    const layouts: { value: string; text: string; hint: { text: string } | undefined; checked: boolean }[] = PRESETS.map((p) => ({ value: p, text: presetNames.get(p) ?? p, hint: p === 'standard' ? { text: t('adminReports.standardHint') } : undefined, checked: values.layout === p }));
    if (typeof saved.layout === 'object') layouts.unshift({ value: 'own', text: t('adminReports.ownLayout', { name: saved.layout.name }), hint: { text: t('adminReports.ownHint') }, checked: values.layout === 'own' });
    return reply.code(status).view('staff/admin-reports/reports.njk', {
      title: t('adminReports.title'), nav: 'admin', flash, values, ...form, layouts,
      levels: LEVELS.map((l) => ({ value: l, text: t(`adminReports.levels.${l}`), checked: values.level === l })),
      sections: SECTIONS.map((s) => ({ value: s, text: SECTION_TITLES[s], checked: values.sections.includes(s) })),
    });
  };

  app.get('/admin/reports', guard, async (request, reply) => show(request, reply, formValues(await savedReportSettings(db.pool, request.staff!.council.id)), noErrors()));

  app.post('/admin/reports', guard, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const result = await saveReportForm(db, actorOf(request), request.staff!.council.id, body);
    if (!result.ok) {
      const typed = typedValues(body);
      const sections = [body.sections].flat().filter((s): s is string => typeof s === 'string');
      const values: ReportForm = { layout: typed.layout ?? '', level: typed.level ?? '', comparisonYears: typed.comparisonYears ?? '', suppressBelow: typed.suppressBelow ?? '', topServices: typed.topServices ?? '', sections };
      return show(request, reply, values, fieldErrors(result.problems), 400);
    }
    request.session.flash = t('adminReports.saved');
    return reply.redirect('/admin/reports', 303);
  });
};
