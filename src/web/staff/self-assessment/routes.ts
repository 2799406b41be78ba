import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodType, output } from 'zod';
import type { Services } from '../../app.ts';
import { recordAccess } from '../../../events/audit.ts';
import { can } from '../../../domain/access/scope.ts';
import { londonDate } from '../../../domain/dates.ts';
import { PdfUnavailableError } from '../../../reports/render/pdf.ts';
import { standing, type MeasureResult } from '../../../selfAssessment/measures.ts';
import { buildPerformanceReport, type PerformanceReport } from '../../../selfAssessment/performanceReport.ts';
import { CODES, findProvision, provisionOfMeasure, type CodeKey, type MeasureKey } from '../../../selfAssessment/provisions.ts';
import { renderPerformanceHtml } from '../../../selfAssessment/render/html.ts';
import { renderPerformanceJson } from '../../../selfAssessment/render/json.ts';
import {
  councilOf, figuresOf, governingBodyResponse, provisionEntries, reportingYearOf, saveGoverningBodyResponse, saveProvision,
} from '../../../selfAssessment/selfAssessment.ts';
import { actorOf, takeFlash } from '../../pipeline/context.ts';
import { requirePermission } from '../../pipeline/authentication.ts';
import { badRequest, notFound } from '../../pipeline/httpProblems.ts';
import { dateItems, fieldErrors, noErrors, readDate, readForm, typedValues, type FormErrors } from '../../forms.ts';
import { t } from '../../i18n.ts';
import { assessmentQuery, measureParams, provisionForm, provisionParams, reportParams, responseForm } from './schema.ts';

/**
 * The Complaint Handling Code self-assessment (/self-assessment): every provision of the
 * chosen code by section, with the council's evidence and, where the case records decide it,
 * the figure and whether it meets the Code; the cases behind a figure; writing the evidence
 * and the governing body's response (self_assessment); and the annual complaints performance
 * and service improvement report in HTML, Word, PDF and JSON. Figures need view_reports, the
 * cases behind them drill_down (and only cases in the person's scope are listed).
 */
export const selfAssessmentRoutes = (services: Services) => async (app: FastifyInstance) => {
  const db = services.db;
  const mayView = { preHandler: requirePermission('view_reports') };
  const mayDrill = { preHandler: requirePermission('drill_down') };
  const mayWrite = { preHandler: requirePermission('self_assessment') };
  const today = () => londonDate(services.clock.now());

  function parse<S extends ZodType>(schema: S, value: unknown, notFoundWhat?: string): output<S> {
    const parsed = schema.safeParse(value ?? {});
    if (parsed.success) return parsed.data;
    if (notFoundWhat) throw notFound(notFoundWhat);
    const issue = parsed.error.issues[0]!;
    throw badRequest(`${issue.path.join('.')} ${issue.message}`);
  }

  /** The year and code asked for: by default the last full reporting year and the LGSCO's code. */
  async function which(request: FastifyRequest) {
    const q = parse(assessmentQuery, request.query);
    const council = await councilOf(db.pool, request.staff!.council.id);
    const current = reportingYearOf(today(), council.reportingYearStarts);
    const lastFull = `${Number(current.slice(0, 4)) - 1}/${current.slice(2, 4)}`;
    const year = q.year ?? lastFull;
    const code: CodeKey = q.code ?? 'lgsco';
    const years = Array.from({ length: 6 }, (_, i) => Number(current.slice(0, 4)) - 5 + i).map((y) => `${y}/${String((y + 1) % 100).padStart(2, '0')}`);
    if (!years.includes(year)) years.unshift(year);
    const query = new URLSearchParams({ year, code }).toString();
    return { council, year, code, years, query };
  }


  const TAG = { met: 'govuk-tag--green', not_met: 'govuk-tag--red', none: 'govuk-tag--grey' } as const;
  const figureView = (m: MeasureResult, query: string, mayDrillDown: boolean) => {
    const s = standing(m);
    return {
      key: m.key,
      name: t(`selfAssessment.measures.${m.key}`),
      text: m.applicable === 0
        ? t('selfAssessment.figure.none')
        : t('selfAssessment.figure.text', { met: m.met, applicable: m.applicable, percent: m.percent!.toFixed(1), target: m.target }),
      pending: m.pending > 0 ? t('selfAssessment.figure.pending', { count: m.pending }) : null,
      tag: { text: t(`selfAssessment.standing.${s}`), classes: TAG[s] },
      href: mayDrillDown && m.applicable > 0 ? `/self-assessment/measures/${m.key}?${query}` : null,
      linkText: t('selfAssessment.figure.cases', { count: m.applicable }),
    };
  };

  app.get('/self-assessment', mayView, async (request, reply) => {
    const { council, year, code, years, query } = await which(request);
    const [figures, entries, response] = await Promise.all([
      figuresOf(db.pool, council, code, year, today()),
      provisionEntries(db.pool, council.id, year, code),
      governingBodyResponse(db.pool, council.id, year, code),
    ]);
    const scope = request.staff!.scope;
    const mayWriteIt = can(scope, 'self_assessment');
    const sections = CODES[code].sections.map((s) => ({
      heading: `${s.number}. ${s.heading}`,
      provisions: s.provisions.map((p) => {
        const e = entries.get(p.number);
        return {
          number: p.number, id: `provision-${p.number.replace('.', '-')}`, requirement: p.requirement,
          unchecked: p.checked === false,
          compliance: e?.compliance ? t(`selfAssessment.compliance.${e.compliance}`) : t('selfAssessment.notAssessed'),
          evidence: e?.evidence ?? null, actions: e?.actions ?? null,
          figures: (p.measures ?? []).map((k) => figureView(figures.measures[k], query, can(scope, 'drill_down'))),
          editHref: mayWriteIt ? `/self-assessment/provisions/${p.number}?${query}` : null,
        };
      }),
    }));
    const assessed = [...entries.values()].filter((e) => e.compliance).length;
    return reply.view('staff/self-assessment/overview.njk', {
      title: t('selfAssessment.title'), nav: 'selfAssessment', flash: takeFlash(request),
      year, code, codeName: CODES[code].name, codeSource: CODES[code].source,
      years: years.map((y) => ({ value: y, text: y, selected: y === year })),
      codes: Object.values(CODES).map((c) => ({ value: c.key, text: c.name, selected: c.key === code })),
      assessed: t('selfAssessment.assessedCount', { assessed, count: sections.reduce((n, s) => n + s.provisions.length, 0) }),
      sections,
      downloads: (['html', 'docx', 'pdf', 'json'] as const).map((f) => ({ href: `/self-assessment/report.${f}?${query}`, text: t(`selfAssessment.downloads.${f}`) })),
      response: response?.response ? response : null,
      responseHref: mayWriteIt ? `/self-assessment/response?${query}` : null,
    });
  });

  app.get('/self-assessment/measures/:key', mayDrill, async (request, reply) => {
    const { key } = parse(measureParams, request.params, 'figure');
    const { council, year, code, query } = await which(request);
    const scope = request.staff!.scope;
    const { measures } = await figuresOf(db.pool, council, code, year, today(), scope);
    const m = measures[key as MeasureKey];
    await recordAccess(db.pool, actorOf(request), { councilId: council.id, action: 'drill_down', detail: { count: m.cases.length, codes: { measure: key, year, code } } });
    const provision = provisionOfMeasure(code, key);
    return reply.view('staff/self-assessment/measure.njk', {
      title: t(`selfAssessment.measures.${key}`), nav: 'selfAssessment', year, codeName: CODES[code].name,
      provision: provision ? t('selfAssessment.provisionNumber', { number: provision.number }) : null,
      back: `/self-assessment?${query}`,
      figure: figureView(m, query, false),
      mayOpenCases: can(scope, 'view_cases'),
      cases: m.cases.map((c) => ({
        reference: c.reference,
        tag: { text: t(c.met ? 'selfAssessment.standing.met' : 'selfAssessment.standing.not_met'), classes: c.met ? TAG.met : TAG.not_met },
        workingDays: c.workingDays === null ? t('selfAssessment.notDone') : String(c.workingDays),
        on: c.on ?? '',
      })),
    });
  });

  // ---- one provision's evidence ----
  const PROVISION = 'staff/self-assessment/provision.njk';
  async function showProvision(request: FastifyRequest, reply: FastifyReply, values: Record<string, string>, form: FormErrors, status = 200) {
    const { number } = parse(provisionParams, request.params, 'provision');
    const { year, code, query } = await which(request);
    const found = findProvision(code, number);
    if (!found) throw notFound('provision');
    return reply.code(status).view(PROVISION, {
      title: t('selfAssessment.provision.title', { number }), nav: 'selfAssessment', ...form, values,
      year, codeName: CODES[code].name, section: `${found.section.number}. ${found.section.heading}`, requirement: found.provision.requirement,
      unchecked: found.provision.checked === false,
      measures: (found.provision.measures ?? []).map((k) => t(`selfAssessment.measures.${k}`)),
      action: `/self-assessment/provisions/${number}?${query}`, back: `/self-assessment?${query}#provision-${number.replace('.', '-')}`,
      complianceItems: (['yes', 'partly', 'no'] as const).map((c) => ({ value: c, text: t(`selfAssessment.compliance.${c}`), checked: values.compliance === c })),
    });
  }

  app.get('/self-assessment/provisions/:number', mayWrite, async (request, reply) => {
    const { number } = parse(provisionParams, request.params, 'provision');
    const { council, year, code } = await which(request);
    const e = (await provisionEntries(db.pool, council.id, year, code)).get(number);
    return showProvision(request, reply, { compliance: e?.compliance ?? '', evidence: e?.evidence ?? '', actions: e?.actions ?? '' }, noErrors());
  });

  app.post('/self-assessment/provisions/:number', mayWrite, async (request, reply) => {
    const { number } = parse(provisionParams, request.params, 'provision');
    const { council, year, code, query } = await which(request);
    if (!findProvision(code, number)) throw notFound('provision');
    const read = readForm(provisionForm, request.body);
    if (!read.ok) return showProvision(request, reply, typedValues(request.body), read.form, 400);
    await saveProvision(db, council.id, year, code, number, { compliance: read.data.compliance ?? null, evidence: read.data.evidence, actions: read.data.actions }, actorOf(request));
    request.session.flash = t('selfAssessment.provision.saved', { number });
    return reply.redirect(`/self-assessment?${query}#provision-${number.replace('.', '-')}`, 303);
  });

  // ---- the governing body's response ----
  const RESPONSE = 'staff/self-assessment/response.njk';
  async function showResponse(request: FastifyRequest, reply: FastifyReply, values: Record<string, string>, form: FormErrors, status = 200) {
    const { year, code, query } = await which(request);
    return reply.code(status).view(RESPONSE, {
      title: t('selfAssessment.response.title'), nav: 'selfAssessment', ...form, values, year, codeName: CODES[code].name,
      action: `/self-assessment/response?${query}`, back: `/self-assessment?${query}`,
      dateItems: dateItems(values, 'respondedOn', Boolean(form.errors.respondedOn)),
    });
  }

  app.get('/self-assessment/response', mayWrite, async (request, reply) => {
    const { council, year, code } = await which(request);
    const r = await governingBodyResponse(db.pool, council.id, year, code);
    const [y, m, d] = r?.respondedOn?.split('-') ?? [];
    return showResponse(request, reply, {
      governingBody: r?.governingBody ?? '', response: r?.response ?? '',
      'respondedOn-day': d ? String(Number(d)) : '', 'respondedOn-month': m ? String(Number(m)) : '', 'respondedOn-year': y ?? '',
    }, noErrors());
  });

  app.post('/self-assessment/response', mayWrite, async (request, reply) => {
    const { council, year, code, query } = await which(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const read = readForm(responseForm, body);
    const date = readDate(body, 'respondedOn', t('selfAssessment.response.dateLabel'), { required: false, today: today(), notFuture: true });
    const problems = [
      ...(read.ok ? [] : read.form.errorList.map((e) => ({ field: e.href.slice(1), message: e.text }))),
      ...(date.ok ? [] : [{ field: 'respondedOn', message: date.message }]),
    ];
    if (!read.ok || !date.ok) return showResponse(request, reply, typedValues(body), fieldErrors(problems), 400);
    await saveGoverningBodyResponse(db, council.id, year, code, { ...read.data, respondedOn: date.date }, actorOf(request));
    request.session.flash = t('selfAssessment.response.saved');
    return reply.redirect(`/self-assessment?${query}`, 303);
  });

  // ---- the annual complaints performance and service improvement report ----
  const FORMATS = {
    html: { type: 'text/html; charset=utf-8', render: async (r: PerformanceReport) => renderPerformanceHtml(r, { standalone: true }) },
    docx: { type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', render: async (r: PerformanceReport) => (await import('../../../selfAssessment/render/docx.ts')).renderPerformanceDocx(r) },
    pdf: { type: 'application/pdf', render: async (r: PerformanceReport) => (await import('../../../selfAssessment/render/pdf.ts')).renderPerformancePdf(r) },
    json: { type: 'application/json; charset=utf-8', render: async (r: PerformanceReport) => renderPerformanceJson(r) },
  } as const;

  app.get('/self-assessment/report.:format', mayView, async (request, reply) => {
    const { format } = parse(reportParams, request.params, 'format');
    const { council, year, code } = await which(request);
    const report = await buildPerformanceReport(db.pool, council.id, code, year, today());
    await recordAccess(db.pool, actorOf(request), { councilId: council.id, action: 'run_report', detail: { codes: { report: 'complaint_performance', year, code, format } } });
    try {
      const body = await FORMATS[format].render(report);
      const name = `${council.slug}-complaint-performance-report-${year.replace('/', '-')}.${format}`;
      return reply.type(FORMATS[format].type).header('content-disposition', `attachment; filename="${name}"`).send(body);
    } catch (error) {
      if (!(error instanceof PdfUnavailableError)) throw error;
      return reply.code(503).view('problem.njk', { title: t('selfAssessment.pdfUnavailable'), nav: 'selfAssessment', heading: t('selfAssessment.pdfUnavailable'), problems: [{ field: '', text: error.message }], errors: [] });
    }
  });
};
