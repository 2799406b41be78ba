import type { FastifyInstance } from 'fastify';
import type { Services } from '../../app.ts';
import { actOnComplaint } from '../../../complaints/complaintActions.ts';
import { ActionRefusedError } from '../../../complaints/actionRefused.ts';
import {
  acceptAtStage2, decideEscalation, escalationWindowCloses, LateEscalationError, previousHandler, requestEscalation,
} from '../../../complaints/decideEscalation.ts';
import { addLearningAction, addRemedy } from '../../../complaints/remedies.ts';
import { markLearningActionDone, markRemedyDone, openLearningActions, openRemedies } from '../../../complaints/remedyDone.ts';
import { allocatableStaff, staffName, type StaffChoice } from '../../../complaints/staffList.ts';
import { loadCaseFile } from '../../../casework/caseFile.ts';
import { loadCaseDetails } from '../../../casework/caseDetails.ts';
import { setRestriction } from '../../../casework/restriction.ts';
import { linkContacts } from '../../../contacts/linkContacts.ts';
import { recordEnquiryResponse } from '../../../contacts/enquiryResponse.ts';
import { linkOmbudsmanCase } from '../../../ombudsman/linkOmbudsmanCase.ts';
import { currentStage, longDate } from '../../../domain/cases/lifecycle.ts';
import { OMBUDSMAN_BODIES, REMEDY_KINDS, type OmbudsmanBody } from '../../../domain/cases/vocabulary.ts';
import type { IsoDate } from '../../../domain/dates.ts';
import { t } from '../../i18n.ts';
import { dateText, dateValues, Problems, registerActionPage, stageLabel, type PageContext } from '../case-action/actionPage.ts';
import { defaultOmbudsman, ombudsmanDetails, parsePounds, pounds } from './view.ts';

const VIEW = (name: string) => `staff/case-decisions/${name}.njk`;
const K = (key: string) => `caseDecisions.${key}`;
const row = (key: string, value: string) => ({ key: { text: t(K(key)) }, value: { text: value } });
const todayValues = (...names: string[]) => (c: PageContext) => Object.assign({}, ...names.map((n) => dateValues(n, c.today))) as Record<string, string>;
const REFERENCE = /^[A-Za-z0-9][A-Za-z0-9-]{0,39}$/;
const ID = /^\d{1,18}$/;

/** The stage the complaint is at, its number and name. */
function stageOf(c: PageContext) {
  const complaint = c.caseFile.complaint;
  const stage = complaint && currentStage(complaint.state);
  if (!complaint || !stage) return null;
  return { stage, name: complaint.procedure.stages.find((s) => s.number === stage.number)?.name ?? '' };
}

/** Where the complainant can go next: the Ombudsman of the case's procedure, else of the council's nation. */
const ombudsmanOf = (c: PageContext): OmbudsmanBody =>
  c.caseFile.complaint?.procedure.ombudsman ?? defaultOmbudsman(c.request.staff!.council.nation, c.caseFile.procedureCode);

/** The officers a stage can be given to, each marked if they handled the stage before. */
function officerItems(officers: StaffChoice[], previous: { stage: number; officer: number | null } | null, chosen: string | undefined) {
  return [
    { value: '', text: t(K('officer.choose')) },
    ...officers.map((o) => ({
      value: String(o.id),
      text: [o.name, o.directorate ? `(${o.directorate})` : '', previous && previous.officer === o.id ? t(K('officer.handled'), { stage: previous.stage }) : '']
        .filter(Boolean).join(' '),
      selected: chosen === String(o.id),
    })),
  ];
}

/** Reads the officer chosen from those offered: the officer, or null with the problem recorded (unless optional and none chosen). */
async function readOfficer(p: Problems, body: Record<string, unknown>, c: PageContext, required: boolean): Promise<StaffChoice | null> {
  const raw = typeof body.officer === 'string' ? body.officer : '';
  if (!raw && !required) return null;
  const officer = ID.test(raw) ? (await allocatableStaff(c.services.db.pool, c.scope)).find((o) => o.id === Number(raw)) : undefined;
  if (!officer) p.add('officer', K('officer.errors.choose'));
  return officer ?? null;
}

/** The case actions beyond handling a stage: escalation, stage 2 straight away, withdraw, reopen, close, remedies, learning, links, the Ombudsman, restriction, enquiry responses. */
export const caseDecisionRoutes = (services: Services) => async (app: FastifyInstance) => {
  const db = services.db;

  // ---- The next stage: the complainant's request, then the council's decision ----

  const windowOf = (c: PageContext) => (c.caseFile.complaint ? escalationWindowCloses(db.pool, c.caseFile.complaint) : Promise.resolve(null));

  registerActionPage(app, services, {
    action: 'request_escalation', path: 'request_escalation', view: VIEW('requestEscalation'), title: K('requestEscalation.title'),
    refusalField: (message) => (/tick the box/i.test(message) ? 'considerLate' : 'on'),
    context: async (c) => {
      const s = stageOf(c);
      const window = await windowOf(c);
      return {
        nextStage: (s?.stage.number ?? 1) + 1,
        window: window ? longDate(window) : null,
        ombudsman: ombudsmanDetails(ombudsmanOf(c)),
        facts: s ? [
          row('facts.stage', stageLabel(s.stage.number, s.name)),
          row('facts.answeredOn', dateText(s.stage.respondedOn)),
          row('facts.outcome', s.stage.outcome ? t(`stageActions.outcomes.${s.stage.outcome}`) : dateText(null)),
          row('facts.windowCloses', window ? longDate(window) : t(K('facts.noWindow'))),
        ] : [],
      };
    },
    defaults: todayValues('on'),
    read: (body, c) => {
      const p = new Problems();
      const on = p.date(body, 'on', t(K('requestEscalation.dateLabel')), { today: c.today, notFuture: true });
      const reason = p.text(body, 'reason', { required: K('requestEscalation.errors.reason'), max: 5000 });
      return p.result(() => ({ on: on!, reason, considerLate: body.considerLate === 'yes' }));
    },
    run: async (d, c) => {
      const next = (stageOf(c)?.stage.number ?? 1) + 1;
      try {
        const result = await requestEscalation(db, c.scope.councilId, c.caseFile.reference, d, c.actor, c.today, { expectedVersion: c.expectedVersion });
        return t(K(result.late ? 'requestEscalation.doneLate' : 'requestEscalation.done'), { stage: next, date: longDate(d.on) });
      } catch (error) {
        if (!(error instanceof LateEscalationError)) throw error;
        const o = ombudsmanDetails(error.ombudsman);
        throw new ActionRefusedError(t(K('requestEscalation.errors.late'), {
          stage: error.nextStage, window: longDate(error.windowClosesOn), date: longDate(d.on), ombudsman: o.name, website: o.website, phone: o.phone,
        }));
      }
    },
  });

  type Decision = { decision: 'accept' | 'refuse'; officer: StaffChoice | null; on: IsoDate; reason: string };
  registerActionPage<Decision>(app, services, {
    action: 'decide_escalation', path: 'decide_escalation', view: VIEW('decideEscalation'), title: K('decideEscalation.title'),
    refusalField: (message, d) => (/investigating officer/i.test(message) ? 'officer' : d.decision === 'refuse' && /reason/i.test(message) ? 'reason' : 'on'),
    context: async (c) => {
      const s = stageOf(c);
      const previous = c.caseFile.complaint ? previousHandler(c.caseFile.complaint.state) : null;
      const handler = previous?.officer != null ? await staffName(db.pool, c.scope.councilId, previous.officer) : null;
      return {
        stageNumber: s?.stage.number ?? 2,
        officers: await allocatableStaff(db.pool, c.scope),
        previous,
        ombudsman: ombudsmanDetails(ombudsmanOf(c)),
        facts: s ? [
          row('facts.requested', stageLabel(s.stage.number, s.name)),
          row('facts.requestedOn', dateText(s.stage.requestedOn)),
          ...(previous ? [row('facts.previousHandler', handler ? t(K('facts.handledStage'), { name: handler, stage: previous.stage }) : t(K('facts.nobody')))] : []),
        ] : [],
      };
    },
    defaults: todayValues('on'),
    read: async (body, c) => {
      const p = new Problems();
      const decision = p.choice(body, 'decision', ['accept', 'refuse'] as const, K('decideEscalation.errors.decision'));
      const officer = decision === 'accept' ? await readOfficer(p, body, c, true) : null;
      const previous = c.caseFile.complaint ? previousHandler(c.caseFile.complaint.state) : null;
      if (officer && previous && previous.officer === officer.id) p.add('officer', t(K('decideEscalation.errors.sameOfficer'), { stage: previous.stage }));
      const on = p.date(body, 'on', t(K('decideEscalation.dateLabel')), { today: c.today, notFuture: true });
      const reason = p.text(body, 'reason', { required: decision === 'refuse' ? K('decideEscalation.errors.reason') : undefined, max: 5000 });
      return p.result(() => ({ decision: decision!, officer, on: on!, reason }));
    },
    run: async (d, c) => {
      const stage = stageOf(c)?.stage.number ?? 2;
      const options = { expectedVersion: c.expectedVersion };
      if (d.decision === 'refuse') {
        await decideEscalation(db, c.scope.councilId, c.caseFile.reference, { decision: 'refuse', on: d.on, reason: d.reason }, c.actor, c.today, options);
        return t(K('decideEscalation.doneRefused'), { stage, ombudsman: ombudsmanDetails(ombudsmanOf(c)).name });
      }
      await decideEscalation(db, c.scope.councilId, c.caseFile.reference, { decision: 'accept', on: d.on, reason: d.reason, officerId: d.officer!.id }, c.actor, c.today, options);
      return t(K('decideEscalation.doneAccepted'), { stage, name: d.officer!.name });
    },
  });

  registerActionPage(app, services, {
    action: 'accept_at_stage_2', path: 'accept_at_stage_2', view: VIEW('acceptAtStage2'), title: K('acceptAtStage2.title'),
    refusalField: (message) => (/asked for/i.test(message) ? 'requestedOn' : /officer/i.test(message) ? 'officer' : 'on'),
    context: async (c) => ({
      officers: await allocatableStaff(db.pool, c.scope),
      facts: [row('facts.received', longDate(c.caseFile.receivedOn)), row('facts.summary', c.caseFile.summary ?? '')],
    }),
    defaults: (c) => ({ ...dateValues('requestedOn', c.caseFile.receivedOn), ...dateValues('on', c.today) }),
    read: async (body, c) => {
      const p = new Problems();
      const reason = p.text(body, 'reason', { required: K('acceptAtStage2.errors.reason'), max: 5000 });
      const requestedOn = p.date(body, 'requestedOn', t(K('acceptAtStage2.requestedLabel')), { today: c.today, notFuture: true });
      const on = p.date(body, 'on', t(K('acceptAtStage2.dateLabel')), { today: c.today, notFuture: true });
      const officer = await readOfficer(p, body, c, false);
      return p.result(() => ({ reason, requestedOn: requestedOn!, on: on!, officer }));
    },
    run: async (d, c) => {
      await acceptAtStage2(db, c.scope.councilId, c.caseFile.reference, {
        on: d.on, reason: d.reason, requestedOn: d.requestedOn, officerId: d.officer?.id ?? null,
      }, c.actor, c.today, { expectedVersion: c.expectedVersion });
      return d.officer ? t(K('acceptAtStage2.doneAllocated'), { name: d.officer.name }) : t(K('acceptAtStage2.done'));
    },
  });

  // ---- Withdraw, reopen, close ----

  const statusFacts = (c: PageContext) => {
    const s = stageOf(c);
    return [
      row('facts.received', longDate(c.caseFile.receivedOn)),
      ...(s ? [row('facts.stage', stageLabel(s.stage.number, s.name))] : []),
      row('facts.status', c.caseFile.complaint ? t(`caseDecisions.statuses.${c.caseFile.complaint.state.status}`) : ''),
    ];
  };

  for (const action of ['withdraw', 'reopen'] as const) {
    registerActionPage(app, services, {
      action, path: action, view: VIEW('reasonAndDate'), title: K(`${action}.title`), refusalField: 'on',
      context: async (c) => ({ words: action, facts: statusFacts(c) }),
      defaults: todayValues('on'),
      read: (body, c) => {
        const p = new Problems();
        const reason = p.text(body, 'reason', { required: K(`${action}.errors.reason`), max: 5000 });
        const on = p.date(body, 'on', t(K(`${action}.dateLabel`)), { today: c.today, notFuture: true });
        return p.result(() => ({ reason, on: on! }));
      },
      run: async (d, c) => {
        const result = await actOnComplaint(db, c.scope.councilId, c.caseFile.reference, { type: action, on: d.on, reason: d.reason }, c.actor, c.today, {
          expectedVersion: c.expectedVersion,
        });
        return t(K(`${action}.done`), { date: longDate(d.on), status: t(`caseDecisions.statuses.${result.state.status}`).toLowerCase() });
      },
    });
  }

  registerActionPage(app, services, {
    action: 'close', path: 'close', view: VIEW('close'), title: K('close.title'), refusalField: 'on',
    context: async (c) => {
      const [remedies, learning] = await Promise.all([
        openRemedies(db.pool, c.scope.councilId, c.caseFile.contactId), openLearningActions(db.pool, c.scope.councilId, c.caseFile.contactId),
      ]);
      return { openRemedies: remedies.length, openLearning: learning.length, facts: statusFacts(c) };
    },
    defaults: todayValues('on'),
    read: (body, c) => {
      const p = new Problems();
      const on = p.date(body, 'on', t(K('close.dateLabel')), { today: c.today, notFuture: true });
      return p.result(() => ({ on: on! }));
    },
    run: async (d, c) => {
      await actOnComplaint(db, c.scope.councilId, c.caseFile.reference, { type: 'close', on: d.on }, c.actor, c.today, { expectedVersion: c.expectedVersion });
      return t(K('close.done'), { date: longDate(d.on) });
    },
  });

  // ---- Remedies: add one; mark one done ----

  const remedyContext = async (c: PageContext) => {
    const remedies = await openRemedies(db.pool, c.scope.councilId, c.caseFile.contactId);
    const base = `/cases/${encodeURIComponent(c.caseFile.reference)}/remedy`;
    return {
      kinds: REMEDY_KINDS, addAction: base, doneAction: `${base}/done`,
      open: remedies.map((r) => ({ ...r, kindText: t(`caseDecisions.remedyKinds.${r.kind}`), amountText: r.amount === null ? null : pounds(r.amount), dueText: dateText(r.dueOn) })),
    };
  };

  registerActionPage(app, services, {
    action: 'remedy', path: 'remedy', view: VIEW('remedy'), title: K('remedy.title'), refusalField: 'kind',
    context: remedyContext,
    read: (body, c) => {
      const p = new Problems();
      const kind = p.choice(body, 'kind', REMEDY_KINDS, K('remedy.errors.kind'));
      const description = p.text(body, 'description', { required: K('remedy.errors.description'), max: 5000 });
      const rawAmount = typeof body.amount === 'string' ? body.amount.trim() : '';
      let amount: number | null = null;
      if (rawAmount) {
        amount = parsePounds(rawAmount);
        if (amount === null) p.add('amount', K('remedy.errors.amountFormat'));
      } else if (kind === 'financial_redress') p.add('amount', K('remedy.errors.amount'));
      const doneOn = p.date(body, 'doneOn', t(K('remedy.doneLabel')), { required: false, today: c.today, notFuture: true });
      const dueOn = p.date(body, 'dueOn', t(K('remedy.dueLabel')), { required: doneOn === null });
      return p.result(() => ({ kind: kind!, description, amount, dueOn, doneOn }));
    },
    run: async (d, c) => {
      await addRemedy(db, c.scope.councilId, c.caseFile.reference, {
        kind: d.kind, description: d.description, ...(d.amount !== null ? { amount: d.amount } : {}),
        ...(d.dueOn ? { dueOn: d.dueOn } : {}), ...(d.doneOn ? { doneOn: d.doneOn } : {}),
      }, c.actor, c.today, { expectedVersion: c.expectedVersion });
      const kind = t(`caseDecisions.remedyKinds.${d.kind}`);
      return d.amount !== null ? t(K('remedy.doneWithAmount'), { kind, amount: pounds(d.amount) }) : t(K('remedy.done'), { kind });
    },
  });

  registerActionPage<{ id: number; kind: string; on: IsoDate }>(app, services, {
    action: 'remedy', path: 'remedy', postPath: 'remedy/done', postOnly: true, view: VIEW('remedy'), title: K('remedy.title'),
    refusalField: (_message, d) => `done-${d.id}`,
    context: remedyContext,
    read: async (body, c) => {
      const p = new Problems();
      const open = await openRemedies(db.pool, c.scope.councilId, c.caseFile.contactId);
      const id = typeof body.remedy === 'string' && ID.test(body.remedy) ? Number(body.remedy) : null;
      const remedy = open.find((r) => r.id === id);
      if (!remedy) p.add('remedy', K('remedy.errors.noSuchRemedy'));
      const on = remedy ? p.date(body, `done-${remedy.id}`, t(K('remedy.markDoneLabel')), { today: c.today, notFuture: true }) : null;
      return p.result(() => ({ id: remedy!.id, kind: remedy!.kind, on: on! }));
    },
    run: async (d, c) => {
      await markRemedyDone(db, c.scope.councilId, c.caseFile.contactId, d.id, d.on, c.actor, { expectedVersion: c.expectedVersion });
      return t(K('remedy.markedDone'), { kind: t(`caseDecisions.remedyKinds.${d.kind}`), date: longDate(d.on) });
    },
  });

  // ---- Learning actions: add one; mark one done with the evidence ----

  const learningContext = async (c: PageContext) => {
    const actions = await openLearningActions(db.pool, c.scope.councilId, c.caseFile.contactId);
    const base = `/cases/${encodeURIComponent(c.caseFile.reference)}/learning_action`;
    return { addAction: base, doneAction: `${base}/done`, open: actions.map((a) => ({ ...a, dueText: dateText(a.dueOn) })) };
  };

  registerActionPage(app, services, {
    action: 'learning_action', path: 'learning_action', view: VIEW('learningAction'), title: K('learningAction.title'), refusalField: 'description',
    context: learningContext,
    read: (body) => {
      const p = new Problems();
      const description = p.text(body, 'description', { required: K('learningAction.errors.description'), max: 5000 });
      const owner = p.text(body, 'owner', { required: K('learningAction.errors.owner'), max: 200 });
      const dueOn = p.date(body, 'dueOn', t(K('learningAction.dueLabel')), {});
      return p.result(() => ({ description, owner, dueOn: dueOn! }));
    },
    run: async (d, c) => {
      await addLearningAction(db, c.scope.councilId, c.caseFile.reference, d, c.actor, c.today, { expectedVersion: c.expectedVersion });
      return t(K('learningAction.done'), { owner: d.owner, date: longDate(d.dueOn) });
    },
  });

  registerActionPage<{ id: number; evidence: string; on: IsoDate }>(app, services, {
    action: 'learning_action', path: 'learning_action', postPath: 'learning_action/done', postOnly: true, view: VIEW('learningAction'),
    title: K('learningAction.title'), refusalField: (_message, d) => `evidence-${d.id}`,
    context: learningContext,
    read: async (body, c) => {
      const p = new Problems();
      const open = await openLearningActions(db.pool, c.scope.councilId, c.caseFile.contactId);
      const id = typeof body.learningAction === 'string' && ID.test(body.learningAction) ? Number(body.learningAction) : null;
      const action = open.find((a) => a.id === id);
      if (!action) p.add('learningAction', K('learningAction.errors.noSuchAction'));
      const evidence = action ? p.text(body, `evidence-${action.id}`, { required: K('learningAction.errors.evidence'), max: 5000 }) : '';
      const on = action ? p.date(body, `done-${action.id}`, t(K('learningAction.markDoneLabel')), { today: c.today, notFuture: true }) : null;
      return p.result(() => ({ id: action!.id, evidence, on: on! }));
    },
    run: async (d, c) => {
      await markLearningActionDone(db, c.scope.councilId, c.caseFile.contactId, d.id, { on: d.on, evidence: d.evidence }, c.actor, {
        expectedVersion: c.expectedVersion,
      });
      return t(K('learningAction.markedDone'), { date: longDate(d.on) });
    },
  });

  // ---- Links: another case, the Ombudsman ----

  registerActionPage(app, services, {
    action: 'link', path: 'link', view: VIEW('link'), title: K('link.title'),
    refusalField: (message) => (/merge|duplicate/i.test(message) ? 'kind' : 'other'),
    context: async (c) => {
      const details = await loadCaseDetails(db.pool, c.scope.councilId, c.caseFile.contactId);
      return { links: details.links, duplicateOf: c.caseFile.duplicateOf };
    },
    read: async (body, c) => {
      const p = new Problems();
      const other = p.text(body, 'other', { required: K('link.errors.other'), max: 40 }).toUpperCase();
      if (other && other === c.caseFile.reference.toUpperCase()) p.add('other', K('link.errors.self'));
      else if (other) {
        // Out of scope reads as not there: the other case's existence is not disclosed.
        const found = REFERENCE.test(other) ? await loadCaseFile(db.pool, c.scope, other) : null;
        if (!found) p.add('other', t(K('link.errors.noCase'), { reference: other }));
      }
      const kind = p.choice(body, 'kind', ['linked', 'duplicate'] as const, K('link.errors.kind'));
      return p.result(() => ({ other, kind: kind! }));
    },
    run: async (d, c) => {
      await linkContacts(db, c.scope.councilId, c.caseFile.reference, d.other, d.kind, c.actor, c.today, { expectedVersion: c.expectedVersion });
      return t(K(d.kind === 'duplicate' ? 'link.doneMerged' : 'link.done'), { reference: d.other });
    },
  });

  registerActionPage(app, services, {
    action: 'link_ombudsman', path: 'link_ombudsman', view: VIEW('linkOmbudsman'), title: K('linkOmbudsman.title'),
    refusalField: 'ombudsmanReference',
    context: async () => ({ bodies: OMBUDSMAN_BODIES.map((b) => ({ value: b, text: ombudsmanDetails(b).name })) }),
    defaults: (c) => ({ body: ombudsmanOf(c), ...dateValues('receivedOn', c.today) }),
    read: (body, c) => {
      const p = new Problems();
      const ombudsman = p.choice(body, 'body', OMBUDSMAN_BODIES, K('linkOmbudsman.errors.body'));
      const ombudsmanReference = p.text(body, 'ombudsmanReference', { required: K('linkOmbudsman.errors.reference'), max: 100 });
      const receivedOn = p.date(body, 'receivedOn', t(K('linkOmbudsman.dateLabel')), {
        today: c.today, notFuture: true, notBefore: { date: c.caseFile.receivedOn, label: t(K('linkOmbudsman.receivedLabel'), { date: longDate(c.caseFile.receivedOn) }) },
      });
      return p.result(() => ({ body: ombudsman!, ombudsmanReference, receivedOn: receivedOn! }));
    },
    run: async (d, c) => {
      await linkOmbudsmanCase(db, c.scope.councilId, { id: c.caseFile.contactId, reference: c.caseFile.reference }, d, c.actor, d.receivedOn, {
        expectedVersion: c.expectedVersion,
      });
      return t(K('linkOmbudsman.done'), { ombudsman: ombudsmanDetails(d.body).name, reference: d.ombudsmanReference });
    },
  });

  // ---- Restriction ----

  registerActionPage(app, services, {
    action: 'restrict', path: 'restrict', view: VIEW('restrict'), title: K('restrict.title'), refusalField: 'reason',
    context: async (c) => ({
      restricted: c.caseFile.restricted, byProcedure: c.caseFile.procedureCode === 'children_statutory', maySeeRestricted: c.scope.mayDisclose,
      title: t(K(c.caseFile.restricted ? 'restrict.titleLift' : 'restrict.title')),
    }),
    read: (body, c) => {
      const p = new Problems();
      const to = p.choice(body, 'to', ['restricted', 'unrestricted'] as const, K('restrict.errors.to'));
      if (to && (to === 'restricted') === c.caseFile.restricted) p.add('to', K(c.caseFile.restricted ? 'restrict.errors.already' : 'restrict.errors.notRestricted'));
      const reason = p.text(body, 'reason', { required: K('restrict.errors.reason'), max: 5000 });
      return p.result(() => ({ restricted: to === 'restricted', reason }));
    },
    run: async (d, c) => {
      await setRestriction(db, c.scope.councilId, c.caseFile.contactId, { restricted: d.restricted, reason: d.reason, on: c.today }, c.actor, {
        expectedVersion: c.expectedVersion,
      });
      return t(K(d.restricted ? 'restrict.doneRestricted' : 'restrict.doneLifted'));
    },
  });

  // ---- An MP's or councillor's enquiry: the response sent ----

  registerActionPage(app, services, {
    action: 'enquiry_response', path: 'enquiry_response', view: VIEW('enquiryResponse'), title: K('enquiryResponse.title'), refusalField: 'on',
    context: async (c) => ({
      facts: [
        row('facts.kind', t(`caseDecisions.kinds.${c.caseFile.kind}`)),
        row('facts.received', longDate(c.caseFile.receivedOn)),
        row('facts.responseTarget', dateText(c.caseFile.responseDueOn)),
      ],
    }),
    defaults: todayValues('on'),
    read: (body, c) => {
      const p = new Problems();
      const on = p.date(body, 'on', t(K('enquiryResponse.dateLabel')), {
        today: c.today, notFuture: true, notBefore: { date: c.caseFile.receivedOn, label: t(K('enquiryResponse.receivedLabel'), { date: longDate(c.caseFile.receivedOn) }) },
      });
      return p.result(() => ({ on: on! as IsoDate }));
    },
    run: async (d, c) => {
      const result = await recordEnquiryResponse(db, c.scope.councilId, c.caseFile.contactId, d.on, c.actor, { expectedVersion: c.expectedVersion });
      const words = result.withinTarget === null ? 'enquiryResponse.done' : result.withinTarget ? 'enquiryResponse.doneInTime' : 'enquiryResponse.doneLate';
      return t(K(words), { date: longDate(d.on), target: result.responseDueOn ? longDate(result.responseDueOn) : '' });
    },
  });
};
