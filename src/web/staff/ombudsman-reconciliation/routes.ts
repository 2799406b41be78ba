import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodType, output } from 'zod';
import type { Services } from '../../app.ts';
import type { Permission } from '../../../domain/access/roles.ts';
import { can } from '../../../domain/access/scope.ts';
import { OMBUDSMAN_BODIES } from '../../../domain/cases/vocabulary.ts';
import { recordAccess } from '../../../events/audit.ts';
import { PublishedFiguresError } from '../../../ombudsman/publishedFigures.ts';
import { confirmFiguresUpload, discardFiguresUpload, heldFiguresUpload, holdFiguresUpload, loadedFigures, type FiguresSummary } from '../../../ombudsman/figuresLoader.ts';
import { isPercentMeasure } from '../../../ombudsman/reconciliation.ts';
import {
  benchmarkFor, chooseOwnAuthority, comparisonGroups, ComparisonGroupError, deleteComparisonGroup, knownAuthorities, reconciliationFor,
  saveComparisonGroup, yearsWithFigures,
} from '../../../ombudsman/reconciliationRepository.ts';
import { reportingYearOf } from '../../reportQuery.ts';
import { londonDate } from '../../../domain/dates.ts';
import { actorOf, takeFlash } from '../../pipeline/context.ts';
import { badRequest, forbidden, notFound } from '../../pipeline/httpProblems.ts';
import { fieldErrors, noErrors, readForm, type FormErrors } from '../../forms.ts';
import { acceptOneUpload } from '../../uploads.ts';
import { styleNonce, withStyleNonce } from '../../pipeline/securityHeaders.ts';
import { chartSvg } from '../../../reports/render/charts.ts';
import { chartForPage, REPORT_CSS } from '../../../reports/render/html.ts';
import type { ReportTable } from '../../../reports/shape.ts';
import type { Benchmark } from '../../../ombudsman/reconciliation.ts';
import { t } from '../../i18n.ts';
import { benchmarkingQuery, groupForm, groupParams, ownForm, reconciliationQuery, uploadParams } from './schema.ts';

/**
 * The Ombudsman's published data beside the council's own (issue 10): loading its files
 * (/ombudsman/figures: upload, check every row, confirm), the annual letter reconciled measure
 * by measure and case by case (/ombudsman/reconciliation), and the council's uphold and
 * compliance rates beside a comparison group's (/ombudsman/benchmarking).
 */

/** The largest file taken: the LGSCO's decisions for every authority in a year are well under this. */
const MAX_FILE_BYTES = 5 * 1024 * 1024;

const anyOf = (...permissions: Permission[]) => ({
  preHandler: async (request: FastifyRequest) => {
    if (!request.staff || !permissions.some((p) => can(request.staff!.scope, p))) throw forbidden();
  },
});

function parsed<S extends ZodType>(schema: S, input: unknown): output<S> {
  const result = schema.safeParse(input ?? {});
  if (!result.success) throw badRequest(`${result.error.issues[0]!.path.join('.')} ${result.error.issues[0]!.message}`);
  return result.data;
}

/** A multipart form's one file (read whole by acceptOneUpload) and whether it was cut at the limit. */
function uploadedFile(body: unknown): { filename: string; bytes: Buffer; truncated: boolean } | null {
  const entry = (body as Record<string, unknown> | undefined)?.file;
  const part = (Array.isArray(entry) ? entry[0] : entry) as { type?: string; filename?: string; _buf?: Buffer | null; file?: { truncated?: boolean } } | undefined;
  if (!part || part.type !== 'file' || (!part.filename && (part._buf?.length ?? 0) === 0)) return null;
  return { filename: part.filename ?? '', bytes: part._buf ?? Buffer.alloc(0), truncated: Boolean(part.file?.truncated) };
}

const bodyName = (body: string) => t(`vocabulary.ombudsmanBody.${body}`);
const decisionName = (d: string | null) => (d ? t(`vocabulary.ombudsmanDecision.${d}`) : t('ombudsmanReconciliation.cases.notDecided'));
/** Our record's compliance (none: no remedy fell due), or the Ombudsman's (blank: it did not say). */
const complianceName = (c: string | null, none = 'none') => t(`ombudsmanReconciliation.compliance.${c ?? none}`);
const figure = (value: number | null, percent: boolean) => (value === null ? '–' : `${value.toLocaleString('en-GB', { maximumFractionDigits: 1 })}${percent ? '%' : ''}`);
const signed = (value: number | null, percent: boolean) => (value === null ? '–' : value > 0 ? `+${figure(value, percent)}` : figure(value, percent));

export const ombudsmanReconciliationRoutes = (services: Services) => async (app: FastifyInstance) => {
  const db = services.db;
  const loading = anyOf('ombudsman_cases', 'administer');
  const viewing = anyOf('drill_down', 'ombudsman_cases');
  await acceptOneUpload(app, { fields: 2, fieldSize: 200 });

  const today = () => londonDate(services.clock.now());
  /** The year shown when none is asked for: the newest with anything in it, else the current one. */
  async function yearOf(request: FastifyRequest, body: string, asked: string | undefined): Promise<{ year: string; years: string[] }> {
    const years = await yearsWithFigures(db.pool, request.staff!.council.id, body);
    const year = asked ?? years[0] ?? reportingYearOf(today(), '04-01');
    return { year, years: years.includes(year) ? years : [year, ...years].sort().reverse() };
  }
  const bodyItems = (selected: string) => OMBUDSMAN_BODIES.map((b) => ({ value: b, text: bodyName(b), selected: b === selected }));
  const yearItems = (years: string[], selected: string) => years.map((y) => ({ value: y, text: y, selected: y === selected }));

  // Loading the published data.

  const FIGURES = 'staff/ombudsman-reconciliation/figures.njk';
  const showFigures = async (request: FastifyRequest, reply: FastifyReply, form: FormErrors, problems: string[] = [], status = 200) => {
    const loaded = (await loadedFigures(db.pool, request.staff!.council.id)).map((l) => ({
      kind: t(`ombudsmanReconciliation.figures.kinds.${l.kind}`), body: bodyName(l.body), year: l.year,
      rows: l.kind === 'benchmark' ? t('ombudsmanReconciliation.figures.councils', { count: l.authorities }) : String(l.rows),
    }));
    return reply.code(status).view(FIGURES, { title: t('ombudsmanReconciliation.figures.title'), nav: 'ombudsman', flash: takeFlash(request), ...form, problems, loaded });
  };

  app.get('/ombudsman/figures', loading, async (request, reply) => showFigures(request, reply, noErrors()));

  app.post('/ombudsman/figures', loading, async (request, reply) => {
    const file = uploadedFile(request.body);
    const refuse = (message: string, problems: string[] = []) => showFigures(request, reply, fieldErrors([{ field: 'file', message }]), problems, 400);
    if (!file) return refuse('ombudsmanReconciliation.figures.errors.noFile');
    if (file.truncated || file.bytes.length > MAX_FILE_BYTES) return refuse('ombudsmanReconciliation.figures.errors.tooBig');
    const text = file.bytes.toString('utf8');
    if (text.includes('\u0000') || text.includes('\uFFFD')) return refuse('ombudsmanReconciliation.figures.errors.notText');
    try {
      const held = await holdFiguresUpload(db, request.staff!.council.id, file.filename.split(/[\\/]/).pop()!.slice(0, 200) || 'upload.csv', text);
      return reply.redirect(`/ombudsman/figures/${held.id}`, 303);
    } catch (error) {
      if (!(error instanceof PublishedFiguresError)) throw error;
      return refuse(t('ombudsmanReconciliation.figures.errors.problems', { count: error.problems.length }), error.problems);
    }
  });

  const summaryView = (s: FiguresSummary) => ({
    kind: t(`ombudsmanReconciliation.figures.kinds.${s.kind}`),
    rows: s.rows,
    covers: s.covers.map((c) => ({ body: bodyName(c.body), year: c.year, rows: c.rows, authorities: c.authorities })),
    benchmark: s.kind === 'benchmark',
    sampleHead: t(`ombudsmanReconciliation.figures.sample.${s.kind}`).split('|'),
    sample: s.sample,
  });

  app.get('/ombudsman/figures/:id', loading, async (request, reply) => {
    const { id } = parsed(uploadParams, request.params);
    const held = await heldFiguresUpload(db.pool, request.staff!.council.id, id);
    if (!held) throw notFound('upload');
    return reply.view('staff/ombudsman-reconciliation/check.njk', {
      title: t('ombudsmanReconciliation.check.title'), nav: 'ombudsman', id, filename: held.filename, summary: summaryView(held.summary),
    });
  });

  app.post('/ombudsman/figures/:id/confirm', loading, async (request, reply) => {
    const { id } = parsed(uploadParams, request.params);
    const loaded = await confirmFiguresUpload(db, request.staff!.council.id, id, actorOf(request));
    if (!loaded) throw notFound('upload');
    request.session.flash = t('ombudsmanReconciliation.figures.loaded', { count: loaded.rows, kind: t(`ombudsmanReconciliation.figures.kinds.${loaded.kind}`) });
    return reply.redirect('/ombudsman/figures', 303);
  });

  app.post('/ombudsman/figures/:id/discard', loading, async (request, reply) => {
    const { id } = parsed(uploadParams, request.params);
    await discardFiguresUpload(db.pool, request.staff!.council.id, id);
    request.session.flash = t('ombudsmanReconciliation.figures.discarded');
    return reply.redirect('/ombudsman/figures', 303);
  });

  // The letter reconciled.

  app.get('/ombudsman/reconciliation', viewing, async (request, reply) => {
    const q = parsed(reconciliationQuery, request.query);
    const councilId = request.staff!.council.id;
    const { year, years } = await yearOf(request, q.body, q.year);
    const r = await reconciliationFor(db.pool, councilId, q.body, year);
    await recordAccess(db.pool, actorOf(request), { councilId, action: 'run_report', detail: { codes: { report: 'ombudsman_reconciliation', body: q.body, year } } });
    const differences = r.cases.filter((c) => c.standing !== 'agree');
    return reply.view('staff/ombudsman-reconciliation/reconciliation.njk', {
      title: t('ombudsmanReconciliation.title'), nav: 'ombudsman', body: bodyName(q.body), year,
      bodies: bodyItems(q.body), years: yearItems(years, year),
      figuresLoaded: r.figuresLoaded, decisionsLoaded: r.decisionsLoaded, mayLoad: can(request.staff!.scope, 'ombudsman_cases') || can(request.staff!.scope, 'administer'),
      measures: r.measures.map((m) => ({
        name: t(`ombudsmanReconciliation.measures.${m.measure}`),
        ours: figure(m.ours, isPercentMeasure(m.measure)), theirs: figure(m.theirs, isPercentMeasure(m.measure)),
        difference: signed(m.difference, isPercentMeasure(m.measure)), differs: m.difference !== null && m.difference !== 0,
      })),
      tally: r.tally,
      cases: differences.map((c) => ({
        reference: c.reference,
        href: c.ours ? `/ombudsman/${c.ours.id}` : null,
        standing: t(`ombudsmanReconciliation.cases.standing.${c.standing}`),
        what: c.differences.map((d) => t(`ombudsmanReconciliation.cases.difference.${d}`)).join(', '),
        ours: c.ours ? `${decisionName(c.ours.decision)}${c.ours.decidedYear ? ` (${c.ours.decidedYear})` : ''}; ${complianceName(c.ours.compliance)}` : t('ombudsmanReconciliation.cases.notInOurs'),
        theirs: c.theirs ? `${decisionName(c.theirs.decision)} (${c.theirs.decidedYear}); ${complianceName(c.theirs.compliance, 'notGiven')}` : t('ombudsmanReconciliation.cases.notInTheirs'),
      })),
    });
  });

  // Benchmarking.

  app.get('/ombudsman/benchmarking', viewing, async (request, reply) => {
    const q = parsed(benchmarkingQuery, request.query);
    const councilId = request.staff!.council.id;
    const { year, years } = await yearOf(request, q.body, q.year);
    const page = await benchmarkFor(db.pool, councilId, q.body, year, q.group ?? null);
    if (q.group !== undefined && !page.group) throw notFound('comparison group');
    await recordAccess(db.pool, actorOf(request), { councilId, action: 'run_report', detail: { codes: { report: 'ombudsman_benchmarking', body: q.body, year } } });
    const nameOf = new Map(page.authorities.map((a) => [a.code, a.name]));
    const mayChange = can(request.staff!.scope, 'ombudsman_cases') || can(request.staff!.scope, 'administer');
    return reply.view('staff/ombudsman-reconciliation/benchmarking.njk', {
      title: t('ombudsmanReconciliation.benchmarking.title'), nav: 'ombudsman', flash: takeFlash(request), year, body: bodyName(q.body),
      bodies: bodyItems(q.body), years: yearItems(years, year), mayChange,
      groups: page.groups.map((g) => ({ value: String(g.id), text: g.name, selected: g.id === page.group?.id, id: g.id, members: g.members.length })),
      group: page.group,
      own: page.own.code ? { name: nameOf.get(page.own.code) ?? page.own.code, chosen: page.own.chosen } : null,
      authorities: page.authorities.map((a) => ({ value: a.code, text: a.name, selected: a.code === page.own.code })),
      lines: page.result?.lines.map((l) => ({
        name: l.name, own: l.own, detailed: figure(l.detailedInvestigations, false), upheld: figure(l.upheld, false),
        upholdRate: figure(l.upholdRate, true), complianceRate: figure(l.complianceRate, true),
        upholdBar: Math.round(l.upholdRate ?? 0), complianceBar: Math.round(l.complianceRate ?? 0),
      })) ?? [],
      average: page.result && page.group ? { upholdRate: figure(page.result.average.upholdRate, true), complianceRate: figure(page.result.average.complianceRate, true) } : null,
      missing: (page.result?.missing ?? []).map((c) => nameOf.get(c) ?? c),
      loaded: page.result !== null,
      chart: page.result && page.group ? withStyleNonce(chartForPage(chartSvg(benchmarkTable(page.result, `${bodyName(q.body)}, ${year}: ${page.group.name}`))) ?? '', styleNonce(reply)) || null : null,
      reportCss: REPORT_CSS, styleNonce: styleNonce(reply),
    });
  });

  app.post('/ombudsman/benchmarking/own', loading, async (request, reply) => {
    const form = ownForm.safeParse(request.body ?? {});
    if (!form.success || !(await chooseOwnAuthority(db, request.staff!.council.id, form.data.authority, actorOf(request)))) throw badRequest('authority unknown');
    request.session.flash = t('ombudsmanReconciliation.benchmarking.ownSaved');
    return reply.redirect('/ombudsman/benchmarking', 303);
  });

  const GROUP = 'staff/ombudsman-reconciliation/group.njk';
  async function showGroup(request: FastifyRequest, reply: FastifyReply, id: number | null, values: { name: string; members: string[] }, form: FormErrors, status = 200) {
    const authorities = await knownAuthorities(db.pool, request.staff!.council.id);
    return reply.code(status).view(GROUP, {
      title: t(id === null ? 'ombudsmanReconciliation.groups.newTitle' : 'ombudsmanReconciliation.groups.editTitle'), nav: 'ombudsman', ...form,
      action: id === null ? '/ombudsman/benchmarking/groups' : `/ombudsman/benchmarking/groups/${id}`, id, name: values.name,
      members: authorities.map((a) => ({ value: a.code, text: a.name, checked: values.members.includes(a.code) })),
    });
  }
  async function groupOr404(request: FastifyRequest) {
    const { id } = parsed(groupParams, request.params);
    const group = (await comparisonGroups(db.pool, request.staff!.council.id)).find((g) => g.id === id);
    if (!group) throw notFound('comparison group');
    return group;
  }
  async function saveGroup(request: FastifyRequest, reply: FastifyReply, id: number | null) {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const typed = { name: typeof body.name === 'string' ? body.name : '', members: [body.members ?? []].flat().filter((m): m is string => typeof m === 'string') };
    const read = readForm(groupForm, body);
    if (!read.ok) return showGroup(request, reply, id, typed, read.form, 400);
    try {
      const saved = await saveComparisonGroup(db, request.staff!.council.id, { id, ...read.data }, actorOf(request));
      request.session.flash = t('ombudsmanReconciliation.groups.saved', { name: read.data.name });
      return reply.redirect(`/ombudsman/benchmarking?group=${saved}`, 303);
    } catch (error) {
      if (!(error instanceof ComparisonGroupError)) throw error;
      return showGroup(request, reply, id, typed, fieldErrors([{ field: error.field, message: `ombudsmanReconciliation.groups.errors.${error.problem}` }]), 400);
    }
  }

  app.get('/ombudsman/benchmarking/groups/new', loading, async (request, reply) => showGroup(request, reply, null, { name: '', members: [] }, noErrors()));
  app.post('/ombudsman/benchmarking/groups', loading, async (request, reply) => saveGroup(request, reply, null));
  app.get('/ombudsman/benchmarking/groups/:id', loading, async (request, reply) => {
    const group = await groupOr404(request);
    return showGroup(request, reply, group.id, group, noErrors());
  });
  app.post('/ombudsman/benchmarking/groups/:id', loading, async (request, reply) => saveGroup(request, reply, (await groupOr404(request)).id));
  app.post('/ombudsman/benchmarking/groups/:id/delete', loading, async (request, reply) => {
    const group = await groupOr404(request);
    await deleteComparisonGroup(db, request.staff!.council.id, group.id, actorOf(request));
    request.session.flash = t('ombudsmanReconciliation.groups.deleted', { name: group.name });
    return reply.redirect('/ombudsman/benchmarking', 303);
  });
};

/** The benchmarking table as the report engine's table, for its grouped bar chart (the page's table carries every figure). */
function benchmarkTable(result: Benchmark, title: string): ReportTable {
  const rows = result.lines.map((l) => ({
    key: l.code, label: l.own ? `${l.name} ${t('ombudsmanReconciliation.benchmarking.yours')}` : l.name, cells: [l.upholdRate, l.complianceRate],
  }));
  rows.push({ key: 'average', label: t('ombudsmanReconciliation.benchmarking.average'), cells: [result.average.upholdRate, result.average.complianceRate] });
  return {
    key: 'ombudsman.benchmarking', title, definition: '', unit: 'percent', decimals: 0, rowHeader: t('ombudsmanReconciliation.benchmarking.council'),
    columns: [
      { key: 'uphold_rate', label: t('ombudsmanReconciliation.benchmarking.upholdRate'), unit: 'percent' },
      { key: 'compliance_rate', label: t('ombudsmanReconciliation.benchmarking.complianceRate'), unit: 'percent' },
    ],
    rows, total: null, chart: 'grouped_bar',
  };
}
