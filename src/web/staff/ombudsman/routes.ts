import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../app.ts';
import { recordAccess, filtersUsed } from '../../../events/audit.ts';
import { can } from '../../../domain/access/scope.ts';
import { londonDate, type IsoDate } from '../../../domain/dates.ts';
import { OMBUDSMAN_BODIES, REMEDY_KINDS, type OmbudsmanBody } from '../../../domain/cases/vocabulary.ts';
import {
  NOT_INVESTIGATED_REASONS, OMBUDSMAN_WORDS, assessmentOf, decisionOfFindings, stepRefusal, stepsAllowed, type OmbudsmanStep,
} from '../../../domain/ombudsman/casework.ts';
import { ActionRefusedError } from '../../../complaints/actionRefused.ts';
import { listCaseDocuments } from '../../../casework/documents.ts';
import {
  addRecommendation, recordAssessment, recordCommentsSent, recordCompliance, recordDraftDecision, recordEnquiry, recordFinalDecision,
  recordInformationSent, requestInformation, startInvestigation, type StepContext,
} from '../../../ombudsman/ombudsmanCasework.ts';
import { listOmbudsmanCases, loadOmbudsmanCase, ombudsmanYears, OMBUDSMAN_TABS, type OmbudsmanCaseFile } from '../../../ombudsman/ombudsmanCaseQueries.ts';
import { actorOf, takeFlash } from '../../pipeline/context.ts';
import { requirePermission } from '../../pipeline/authentication.ts';
import { badRequest, forbidden, notFound } from '../../pipeline/httpProblems.ts';
import { fieldErrors, noErrors, typedValues, type FormErrors } from '../../forms.ts';
import { t } from '../../i18n.ts';
import { dateValues, Problems, type Read } from '../case-action/actionPage.ts';
import { parsePounds } from '../case-decisions/view.ts';
import { caseParams, COMPLAINT_REFERENCE, listQuery, recommendationParams, requestParams } from './schema.ts';
import { caseView, listRow, stepPath, type Field } from './view.ts';

const K = (key: string) => `ombudsman.${key}`;
const VIEW = (name: string) => `staff/ombudsman/${name}.njk`;
const today = (services: Services) => londonDate(services.clock.now());

/** Who may see Ombudsman cases: those who work them, and those who drill into the report's figures. */
async function mayView(request: FastifyRequest) {
  const scope = request.staff?.scope;
  if (!scope || !(can(scope, 'ombudsman_cases') || can(scope, 'drill_down'))) throw forbidden();
}

interface StepPageContext {
  request: FastifyRequest;
  kase: OmbudsmanCaseFile;
  today: IsoDate;
  /** The request for information or recommendation the page is about, by its number. */
  itemId: number | null;
}

/** One step's page: GET the form, POST it (Post/Redirect/Get to the case), refusals and bad input shown on the form. */
interface StepPage<T> {
  /** The address after /ombudsman/:id/. */
  path: string;
  step: OmbudsmanStep;
  title: string;
  submit: string;
  /** Where a refusal from the service is shown. */
  refusalField: string;
  params?: typeof requestParams | typeof recommendationParams;
  /** The item the page is about, checked to be on the case (404 otherwise). */
  item?: (c: StepPageContext) => boolean;
  facts?: (c: StepPageContext) => { key: { text: string }; value: { text: string } }[];
  fields: (c: StepPageContext, values: Record<string, string>, body: Record<string, unknown>) => Promise<Field[]> | Field[];
  defaults: (c: StepPageContext) => Record<string, string>;
  read: (body: Record<string, unknown>, c: StepPageContext) => Promise<Read<T>> | Read<T>;
  run: (data: T, c: StepPageContext, ctx: StepContext) => Promise<string>;
}

const dateField = (name: string, legend: string): Field => ({ type: 'date', name, legend: t(K(legend)) });
const textArea = (name: string, label: string, hint?: string): Field => ({ type: 'textarea', name, label: t(K(label)), hint: hint ? t(K(hint)) : undefined });
const chosen = (body: Record<string, unknown>, name: string): string[] => {
  const v = body[name];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : [];
};

export const ombudsmanRoutes = (services: Services) => async (app: FastifyInstance) => {
  const db = services.db;
  const act = { preHandler: requirePermission('ombudsman_cases') };

  // ---- The list ----

  app.get('/ombudsman', { preHandler: mayView }, async (request, reply) => {
    const query = listQuery.safeParse(request.query ?? {});
    if (!query.success) throw badRequest('the filters are not ones this page offers.');
    const councilId = request.staff!.council.id;
    const filters = query.data;
    const [list, years] = await Promise.all([listOmbudsmanCases(db.pool, councilId, filters, today(services)), ombudsmanYears(db.pool, councilId)]);
    await recordAccess(db.pool, actorOf(request), {
      councilId, action: 'list_ombudsman_cases', detail: { filters: filtersUsed({ body: filters.body, year: filters.year }), count: list.rows.length, codes: { tab: filters.tab } },
    });
    const href = (tab: string) => `/ombudsman?${new URLSearchParams({ tab, ...(filters.body ? { body: filters.body } : {}), ...(filters.year ? { year: filters.year } : {}) })}`;
    return reply.view(VIEW('list'), {
      title: t(K('title')), nav: 'ombudsman', flash: takeFlash(request),
      tab: filters.tab, tabName: t(K(`tabs.${filters.tab}`)), count: list.counts[filters.tab],
      tabs: OMBUDSMAN_TABS.map((tab) => ({ text: t(K('tabs.withCount'), { name: t(K(`tabs.${tab}`)), count: list.counts[tab] }), href: href(tab), active: tab === filters.tab })),
      bodies: [{ value: '', text: t(K('filters.anyBody')) }, ...OMBUDSMAN_BODIES.map((b) => ({ value: b, text: t(K(`bodies.${b}`)), selected: b === filters.body }))],
      years: [{ value: '', text: t(K('filters.anyYear')) }, ...years.map((y) => ({ value: y, text: y, selected: y === filters.year }))],
      rows: list.rows.map(listRow),
      mayAct: can(request.staff!.scope, 'ombudsman_cases'),
    });
  });

  // ---- A new enquiry ----

  const bodyItems = (values: Record<string, string>) => OMBUDSMAN_BODIES.map((b) => ({ value: b, text: t(K(`bodies.${b}`)), checked: values.body === b }));
  const newFields = (values: Record<string, string>, body: Record<string, unknown>): Field[] => [
    { type: 'radios', name: 'body', legend: t(K('new.bodyLegend')), items: bodyItems(values) },
    { type: 'input', name: 'ombudsmanReference', label: t(K('new.referenceLabel')), classes: 'govuk-input--width-20' },
    dateField('receivedOn', 'new.receivedLegend'),
    { type: 'input', name: 'councilReference', label: t(K('new.complaintLabel')), hint: t(K('new.complaintHint')), classes: 'govuk-input--width-20' },
    { type: 'checkboxes', name: 'stages', legend: t(K('new.stagesLegend')),
      items: [1, 2, 3].map((s) => ({ value: String(s), text: t(K('new.stage'), { stage: s }), checked: chosen(body, 'stages').includes(String(s)) })) },
  ];
  const renderNew = (reply: FastifyReply, values: Record<string, string>, body: Record<string, unknown>, form: FormErrors, status = 200) =>
    reply.code(status).view(VIEW('step'), {
      title: t(K('new.title')), nav: 'ombudsman', caption: t(K('title')), values, ...form, fields: newFields(values, body),
      formAction: '/ombudsman/new', submitText: t(K('new.submit')), cancelHref: '/ombudsman',
    });

  app.get('/ombudsman/new', act, async (request, reply) => {
    const councilReference = typeof (request.query as Record<string, unknown>)?.complaint === 'string' ? (request.query as Record<string, string>).complaint! : '';
    const values = { ...dateValues('receivedOn', today(services)), ...(COMPLAINT_REFERENCE.test(councilReference) ? { councilReference } : {}) };
    return renderNew(reply, values, {}, noErrors());
  });

  app.post('/ombudsman/new', act, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const values = typedValues(body);
    const p = new Problems();
    const ombudsman = p.choice(body, 'body', OMBUDSMAN_BODIES, K('new.errors.body'));
    const ombudsmanReference = p.text(body, 'ombudsmanReference', { required: K('new.errors.reference'), max: 100 });
    const receivedOn = p.date(body, 'receivedOn', 'the date the enquiry was received', { today: today(services), notFuture: true });
    const councilReference = p.text(body, 'councilReference', { max: 40 });
    if (councilReference && !COMPLAINT_REFERENCE.test(councilReference)) p.add('councilReference', K('new.errors.complaint'));
    const stages = chosen(body, 'stages').filter((s) => /^[1-3]$/.test(s)).map(Number);
    const read = p.result(() => ({ body: ombudsman!, ombudsmanReference, receivedOn: receivedOn!, councilReference: councilReference || null, stages }));
    if (!read.ok) return renderNew(reply, values, body, read.form, 400);
    try {
      const id = await recordEnquiry(db, request.staff!.council.id, read.data, { actor: actorOf(request), today: today(services) });
      request.session.flash = t(K('new.done'), { reference: read.data.ombudsmanReference });
      return reply.redirect(`/ombudsman/${id}`, 303);
    } catch (error) {
      if (!(error instanceof ActionRefusedError)) throw error;
      const field = /complaint|stage/i.test(error.message) ? 'councilReference' : /date|before/i.test(error.message) ? 'receivedOn' : 'ombudsmanReference';
      return renderNew(reply, values, body, fieldErrors([{ field, message: error.message }]), 400);
    }
  });

  // ---- One case ----

  async function loadCase(request: FastifyRequest, id: number): Promise<OmbudsmanCaseFile> {
    const kase = await loadOmbudsmanCase(db.pool, request.staff!.council.id, id, today(services));
    if (!kase) throw notFound('Ombudsman case');
    return kase;
  }

  app.get('/ombudsman/:id', { preHandler: mayView }, async (request, reply) => {
    const params = caseParams.safeParse(request.params);
    if (!params.success) throw notFound('Ombudsman case');
    const kase = await loadCase(request, params.data.id);
    await recordAccess(db.pool, actorOf(request), {
      councilId: request.staff!.council.id, action: 'view_ombudsman_case', contactId: kase.contactId, detail: { numbers: { ombudsmanCase: kase.id } },
    });
    const mayAct = can(request.staff!.scope, 'ombudsman_cases');
    return reply.view(VIEW('case'), {
      nav: 'ombudsman', flash: takeFlash(request), mayAct,
      ...caseView(kase),
      actions: mayAct ? stepsAllowed(kase.state, kase).map((s) => ({ text: t(K(`actions.${s}`)), href: `/ombudsman/${kase.id}/${stepPath[s]}` })) : [],
    });
  });

  // ---- The steps ----

  function register<T>(page: StepPage<T>) {
    const url = `/ombudsman/:id/${page.path}`;
    async function load(request: FastifyRequest): Promise<StepPageContext> {
      const parsed = (page.params ?? caseParams).safeParse(request.params);
      if (!parsed.success) throw notFound('Ombudsman case');
      const data = parsed.data as { id: number; requestId?: number; recommendationId?: number };
      const kase = await loadCase(request, data.id);
      const c = { request, kase, today: today(services), itemId: data.requestId ?? data.recommendationId ?? null };
      if (page.item && !page.item(c)) throw notFound();
      return c;
    }
    async function render(reply: FastifyReply, c: StepPageContext, values: Record<string, string>, body: Record<string, unknown>, form: FormErrors, status = 200) {
      const refusal = stepRefusal(c.kase.state, page.step, c.kase);
      return reply.code(status).view(VIEW('step'), {
        title: t(K(page.title)), nav: 'ombudsman', caption: t(K('case.title'), { body: t(K(`shortBodies.${c.kase.body}`)), reference: c.kase.reference }),
        refusal, facts: page.facts ? page.facts(c) : [], values, ...form, fields: await page.fields(c, values, body),
        formAction: `/ombudsman/${c.kase.id}/${page.path.replace(/:\w+/, String(c.itemId))}`, submitText: t(K(page.submit)), cancelHref: `/ombudsman/${c.kase.id}`,
      });
    }
    app.get(url, act, async (request, reply) => {
      const c = await load(request);
      return render(reply, c, page.defaults(c), {}, noErrors());
    });
    app.post(url, act, async (request, reply) => {
      const c = await load(request);
      const body = (request.body ?? {}) as Record<string, unknown>;
      const values = typedValues(body);
      const read = await page.read(body, c);
      if (!read.ok) return render(reply, c, values, body, read.form, 400);
      try {
        request.session.flash = await page.run(read.data, c, { actor: actorOf(request), today: c.today });
        return reply.redirect(`/ombudsman/${c.kase.id}`, 303);
      } catch (error) {
        if (!(error instanceof ActionRefusedError)) throw error;
        return render(reply, c, values, body, fieldErrors([{ field: page.refusalField, message: error.message }]), 400);
      }
    });
  }

  const councilOf = (c: StepPageContext) => c.request.staff!.council.id;
  const onDate = (name: string, label: string) => (body: Record<string, unknown>, c: StepPageContext) => {
    const p = new Problems();
    const on = p.date(body, name, label, { today: c.today, notFuture: true });
    return p.result(() => on!);
  };

  register({
    path: 'request-information', step: 'request_information', title: 'requestInformation.title', submit: 'requestInformation.submit', refusalField: 'requestedOn',
    fields: () => [dateField('requestedOn', 'requestInformation.requestedLegend'), textArea('what', 'requestInformation.whatLabel'), dateField('dueOn', 'requestInformation.dueLegend')],
    defaults: (c) => dateValues('requestedOn', c.today),
    read: (body, c) => {
      const p = new Problems();
      const requestedOn = p.date(body, 'requestedOn', 'the date the Ombudsman asked', { today: c.today, notFuture: true });
      const what = p.text(body, 'what', { required: K('requestInformation.errors.what'), max: 2000 });
      const dueOn = p.date(body, 'dueOn', 'the date the information is due', requestedOn ? { notBefore: { date: requestedOn, label: 'the date the Ombudsman asked' } } : {});
      return p.result(() => ({ requestedOn: requestedOn!, what, dueOn: dueOn! }));
    },
    run: async (d, c, ctx) => {
      await requestInformation(db, councilOf(c), c.kase.id, d, ctx);
      return t(K('requestInformation.done'));
    },
  });

  register({
    path: 'information/:requestId', params: requestParams, step: 'send_information', title: 'sendInformation.title', submit: 'sendInformation.submit', refusalField: 'sentOn',
    item: (c) => c.kase.informationRequests.some((r) => r.id === c.itemId),
    facts: (c) => {
      const r = c.kase.informationRequests.find((x) => x.id === c.itemId)!;
      return [
        { key: { text: t(K('case.asked')) }, value: { text: r.what } },
        { key: { text: t(K('case.dueOn')) }, value: { text: caseDate(r.dueOn) } },
      ];
    },
    fields: () => [dateField('sentOn', 'sendInformation.sentLegend'), textArea('documentsSent', 'sendInformation.documentsLabel', 'sendInformation.documentsHint')],
    defaults: (c) => dateValues('sentOn', c.today),
    read: (body, c) => {
      const p = new Problems();
      const sentOn = p.date(body, 'sentOn', 'the date the information was sent', { today: c.today, notFuture: true });
      const documentsSent = p.text(body, 'documentsSent', { required: K('sendInformation.errors.documents'), max: 2000 });
      return p.result(() => ({ sentOn: sentOn!, documentsSent }));
    },
    run: async (d, c, ctx) => {
      await recordInformationSent(db, councilOf(c), c.kase.id, c.itemId!, d, ctx);
      return t(K('sendInformation.done'));
    },
  });

  register({
    path: 'assessment', step: 'assess', title: 'assess.title', submit: 'assess.submit', refusalField: 'outcome',
    fields: (c, values) => [
      { type: 'radios', name: 'outcome', legend: t(K('assess.outcomeLegend')), hint: t(K('assess.outcomeHint')),
        items: OMBUDSMAN_WORDS[c.kase.body].assessments.map((a) => ({ value: a.code, text: t(K(`assessments.${c.kase.body}.${a.code}`)), checked: values.outcome === a.code })) },
      { type: 'select', name: 'reason', label: t(K('assess.reasonLabel')), hint: t(K('assess.reasonHint')),
        items: [{ value: '', text: t(K('assess.noReason')) }, ...NOT_INVESTIGATED_REASONS.map((r) => ({ value: r, text: t(K(`reasons.${r}`)), selected: values.reason === r }))] },
      dateField('assessedOn', 'assess.dateLegend'),
    ],
    defaults: (c) => dateValues('assessedOn', c.today),
    read: (body, c) => {
      const p = new Problems();
      const outcome = p.choice(body, 'outcome', OMBUDSMAN_WORDS[c.kase.body].assessments.map((a) => a.code), K('assess.errors.outcome'));
      const reasonTyped = typeof body.reason === 'string' && body.reason !== '' ? body.reason : null;
      const reason = reasonTyped === null ? null : p.choice(body, 'reason', NOT_INVESTIGATED_REASONS, K('assess.errors.reason'));
      if (outcome && assessmentOf(c.kase.body, outcome)?.reasonRequired && !reasonTyped) p.add('reason', K('assess.errors.reason'));
      const assessedOn = p.date(body, 'assessedOn', 'the date the Ombudsman decided', { today: c.today, notFuture: true });
      return p.result(() => ({ outcome: outcome!, reason, assessedOn: assessedOn! }));
    },
    run: async (d, c, ctx) => {
      await recordAssessment(db, councilOf(c), c.kase.id, d, ctx);
      return t(K('assess.done'));
    },
  });

  register({
    path: 'investigation', step: 'start_investigation', title: 'investigation.title', submit: 'investigation.submit', refusalField: 'startedOn',
    fields: () => [dateField('startedOn', 'investigation.dateLegend')],
    defaults: (c) => dateValues('startedOn', c.today),
    read: onDate('startedOn', 'the date the investigation started'),
    run: async (startedOn, c, ctx) => {
      await startInvestigation(db, councilOf(c), c.kase.id, { startedOn }, ctx);
      return t(K('investigation.done'));
    },
  });

  register({
    path: 'draft-decision', step: 'draft_decision', title: 'draftDecision.title', submit: 'draftDecision.submit', refusalField: 'draftOn',
    fields: () => [dateField('draftOn', 'draftDecision.dateLegend'), dateField('commentsDueOn', 'draftDecision.commentsLegend')],
    defaults: (c) => dateValues('draftOn', c.today),
    read: (body, c) => {
      const p = new Problems();
      const draftOn = p.date(body, 'draftOn', 'the date of the draft decision', { today: c.today, notFuture: true });
      const commentsDueOn = p.date(body, 'commentsDueOn', 'the date comments are due', draftOn ? { notBefore: { date: draftOn, label: 'the draft decision' } } : {});
      return p.result(() => ({ draftOn: draftOn!, commentsDueOn: commentsDueOn! }));
    },
    run: async (d, c, ctx) => {
      await recordDraftDecision(db, councilOf(c), c.kase.id, d, ctx);
      return t(K('draftDecision.done'));
    },
  });

  register({
    path: 'comments', step: 'send_comments', title: 'comments.title', submit: 'comments.submit', refusalField: 'sentOn',
    fields: () => [dateField('sentOn', 'comments.dateLegend')],
    defaults: (c) => dateValues('sentOn', c.today),
    read: onDate('sentOn', 'the date the comments were sent'),
    run: async (sentOn, c, ctx) => {
      await recordCommentsSent(db, councilOf(c), c.kase.id, { sentOn }, ctx);
      return t(K('comments.done'));
    },
  });

  register({
    path: 'final-decision', step: 'final_decision', title: 'finalDecision.title', submit: 'finalDecision.submit', refusalField: 'findings',
    fields: (c, values, body) => [
      dateField('decidedOn', 'finalDecision.dateLegend'),
      { type: 'checkboxes', name: 'findings', legend: t(K('finalDecision.findingsLegend')), hint: t(K('finalDecision.findingsHint')),
        items: OMBUDSMAN_WORDS[c.kase.body].findings.map((f) => ({ value: f.code, text: t(K(`findings.${c.kase.body}.${f.code}`)), checked: chosen(body, 'findings').includes(f.code) })) },
      { type: 'checkboxes', name: 'remedied', legend: t(K('finalDecision.remediedLegend')),
        items: [{ value: 'yes', text: t(K('finalDecision.remedied')), checked: values.remedied === 'yes' }] },
    ],
    defaults: (c) => dateValues('decidedOn', c.today),
    read: (body, c) => {
      const p = new Problems();
      const decidedOn = p.date(body, 'decidedOn', 'the date of the final decision', { today: c.today, notFuture: true });
      const allowed = OMBUDSMAN_WORDS[c.kase.body].findings.map((f) => f.code);
      const findings = chosen(body, 'findings').filter((f) => allowed.includes(f));
      if (!findings.length) p.add('findings', K('finalDecision.errors.findings'));
      return p.result(() => ({ decidedOn: decidedOn!, findings: findings.map((code) => ({ code })), satisfactoryRemedyByCouncil: body.remedied === 'yes' }));
    },
    run: async (d, c, ctx) => {
      await recordFinalDecision(db, councilOf(c), c.kase.id, d, ctx);
      const decision = decisionOfFindings(c.kase.body, d.findings.map((f) => f.code))!;
      return t(K('finalDecision.done'), { decision: t(K(`decisions.${decision}`)) });
    },
  });

  register({
    path: 'recommendation', step: 'add_recommendation', title: 'recommendation.title', submit: 'recommendation.submit', refusalField: 'kind',
    fields: (_c, values) => [
      { type: 'radios', name: 'kind', legend: t(K('recommendation.kindLegend')),
        items: REMEDY_KINDS.map((k) => ({ value: k, text: t(`case.remedyKinds.${k}`), checked: values.kind === k })) },
      textArea('description', 'recommendation.descriptionLabel'),
      { type: 'input', name: 'amount', label: t(K('recommendation.amountLabel')), hint: t(K('recommendation.amountHint')), prefix: '£', classes: 'govuk-input--width-10', inputmode: 'decimal' },
      dateField('dueOn', 'recommendation.dueLegend'),
    ],
    defaults: () => ({}),
    read: (body, c) => {
      const p = new Problems();
      const kind = p.choice(body, 'kind', REMEDY_KINDS, K('recommendation.errors.kind'));
      const description = p.text(body, 'description', { required: K('recommendation.errors.description'), max: 2000 });
      const typed = p.text(body, 'amount', { max: 20 });
      const amount = typed ? parsePounds(typed) : null;
      if (typed && amount === null) p.add('amount', K('recommendation.errors.amount'));
      const dueOn = p.date(body, 'dueOn', 'the date the council must comply', c.kase.decidedOn ? { notBefore: { date: c.kase.decidedOn, label: 'the final decision' } } : {});
      return p.result(() => ({ kind: kind!, description, amount, dueOn: dueOn! }));
    },
    run: async (d, c, ctx) => {
      await addRecommendation(db, councilOf(c), c.kase.id, d, ctx);
      return t(K('recommendation.done'));
    },
  });

  const documentsOf = async (c: StepPageContext) => (c.kase.contactId === null ? [] : listCaseDocuments(db.pool, councilOf(c), c.kase.contactId));
  register({
    path: 'recommendations/:recommendationId', params: recommendationParams, step: 'record_compliance', title: 'compliance.title', submit: 'compliance.submit', refusalField: 'compliedOn',
    item: (c) => c.kase.recommendations.some((r) => r.id === c.itemId),
    facts: (c) => {
      const r = c.kase.recommendations.find((x) => x.id === c.itemId)!;
      return [
        { key: { text: t(K('case.what')) }, value: { text: r.description } },
        { key: { text: t(K('case.complianceDue')) }, value: { text: caseDate(r.dueOn) } },
      ];
    },
    fields: async (c, values) => {
      const documents = await documentsOf(c);
      return [
        dateField('compliedOn', 'compliance.dateLegend'),
        textArea('evidence', 'compliance.evidenceLabel'),
        ...(documents.length ? [{
          type: 'select' as const, name: 'documentId', label: t(K('compliance.documentLabel')),
          items: [{ value: '', text: t(K('compliance.noDocument')) }, ...documents.map((d) => ({ value: String(d.id), text: d.filename, selected: values.documentId === String(d.id) }))],
        }] : []),
      ];
    },
    defaults: (c) => dateValues('compliedOn', c.today),
    read: async (body, c) => {
      const p = new Problems();
      const compliedOn = p.date(body, 'compliedOn', 'the date the council complied', { today: c.today, notFuture: true });
      const evidence = p.text(body, 'evidence', { required: K('compliance.errors.evidence'), max: 2000 });
      let documentId: number | null = null;
      if (typeof body.documentId === 'string' && body.documentId !== '') {
        const documents = await documentsOf(c);
        documentId = documents.find((d) => String(d.id) === body.documentId)?.id ?? null;
        if (documentId === null) p.add('documentId', K('compliance.errors.document'));
      }
      return p.result(() => ({ compliedOn: compliedOn!, evidence, documentId }));
    },
    run: async (d, c, ctx) => {
      const { late } = await recordCompliance(db, councilOf(c), c.kase.id, c.itemId!, d, ctx);
      return t(K(late ? 'compliance.doneLate' : 'compliance.doneOnTime'));
    },
  });
};

const caseDate = (iso: IsoDate) => new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(`${iso}T00:00:00Z`));

export type { OmbudsmanBody };
