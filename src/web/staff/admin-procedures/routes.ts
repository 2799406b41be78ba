import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../app.ts';
import { londonDate } from '../../../domain/dates.ts';
import { ruleKey, timescaleRules, type TimescaleProblem } from '../../../domain/procedures/timescaleLimits.ts';
import { adoptedProcedure, adoptedProcedures, changeProcedureTimescales, type AdoptedProcedure } from '../../../councils/procedureTimescales.ts';
import { actorOf, takeFlash } from '../../pipeline/context.ts';
import { requirePermission } from '../../pipeline/authentication.ts';
import { notFound } from '../../pipeline/httpProblems.ts';
import { fieldErrors, noErrors, typedValues, type FormErrors } from '../../forms.ts';
import { t } from '../../i18n.ts';
import { procedureParams } from './schema.ts';
import { limitText, ruleLabel, timescaleText } from './view.ts';

/**
 * Procedures (/admin/procedures): each adopted procedure's stages and timescales with what the
 * rules allow; changing them adopts a new version from today (open cases keep theirs).
 */
export const adminProcedureRoutes = (services: Services) => async (app: FastifyInstance) => {
  const db = services.db;
  const guard = { preHandler: requirePermission('administer') };
  const today = () => londonDate(services.clock.now());
  const idOf = (request: FastifyRequest) => {
    const parsed = procedureParams.safeParse(request.params);
    if (!parsed.success) throw notFound('procedure');
    return parsed.data.id;
  };

  const described = (p: AdoptedProcedure) => {
    const { source, rules } = timescaleRules(p.definition);
    return {
      id: p.id, name: p.definition.name, code: t(`adminProcedures.codes.${p.code}`), adoptedOn: p.adoptedOn, earlierVersions: p.earlierVersions,
      source, catalogueSource: p.definition.source, href: `/admin/procedures/${p.id}`,
      rows: rules.map((r) => ({ key: ruleKey(r), stage: r.stageName, what: ruleLabel(r), now: timescaleText(r.current), limit: limitText(r), fixed: r.max === null, unit: t(`adminProcedures.unitNames.${r.current.unit}`) })),
    };
  };

  app.get('/admin/procedures', guard, async (request, reply) => {
    const procedures = await adoptedProcedures(db.pool, request.staff!.council.id);
    return reply.view('staff/admin-procedures/procedures.njk', {
      title: t('adminProcedures.title'), nav: 'admin', flash: takeFlash(request), procedures: procedures.map(described),
    });
  });

  const problemText = (p: TimescaleProblem) => {
    const where = { stage: p.rule.stageName, label: ruleLabel(p.rule).toLocaleLowerCase('en-GB') };
    if (p.problem === 'not_whole') return t('adminProcedures.errors.notWhole', { ...where, unit: t(`adminProcedures.unitNames.${p.rule.current.unit}`) });
    return t(p.rule.byRule ? 'adminProcedures.errors.tooLong' : 'adminProcedures.errors.tooLongOwn', { ...where, most: timescaleText({ amount: p.rule.max!, unit: p.rule.current.unit }) });
  };

  const showChange = (reply: FastifyReply, p: AdoptedProcedure, values: Record<string, string>, form: FormErrors, status = 200) =>
    reply.code(status).view('staff/admin-procedures/change.njk', { title: t('adminProcedures.change.title'), nav: 'admin', procedure: described(p), values, ...form });

  async function procedureOr404(request: FastifyRequest) {
    const p = await adoptedProcedure(db.pool, request.staff!.council.id, idOf(request));
    if (!p) throw notFound('procedure');
    return p;
  }

  app.get('/admin/procedures/:id', guard, async (request, reply) => {
    const p = await procedureOr404(request);
    const values = Object.fromEntries(timescaleRules(p.definition).rules.map((r) => [ruleKey(r), String(r.current.amount)]));
    return showChange(reply, p, values, noErrors());
  });

  app.post('/admin/procedures/:id', guard, async (request, reply) => {
    const id = idOf(request);
    const councilId = request.staff!.council.id;
    const body = (request.body ?? {}) as Record<string, unknown>;
    const result = await changeProcedureTimescales(db, actorOf(request), councilId, id, body, today());
    if (!result) throw notFound('procedure');
    if (!result.ok) {
      if ('superseded' in result) {
        request.session.flash = t('adminProcedures.superseded');
        return reply.redirect('/admin/procedures', 303);
      }
      return showChange(reply, await procedureOr404(request), typedValues(body), fieldErrors(result.problems.map((p) => ({ field: p.key, message: problemText(p) }))), 400);
    }
    request.session.flash = result.changed ? t('adminProcedures.changed', { date: today() }) : t('adminProcedures.unchanged');
    return reply.redirect('/admin/procedures', 303);
  });
};
