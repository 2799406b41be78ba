import type { FastifyInstance } from 'fastify';
import { checkDocument, DocumentRefusedError, MAX_DOCUMENT_BYTES } from '../../../casework/documents.ts';
import type { Services } from '../../app.ts';
import { acceptOneUpload } from '../../uploads.ts';
import { actOnComplaint } from '../../../complaints/complaintActions.ts';
import { triageAndOpen } from '../../../complaints/triageAndOpen.ts';
import { allocateOfficer } from '../../../complaints/allocateOfficer.ts';
import { allocatableStaff, staffName } from '../../../complaints/staffList.ts';
import { respondWithLetter } from '../../../complaints/respondWithLetter.ts';
import { recordElements, type ElementFinding } from '../../../complaints/elements.ts';
import { complaintCategories, stageElements } from '../../../complaints/stageElements.ts';
import { stageDueNow } from '../../../complaints/lifecycleSteps.ts';
import { complaintOutcomeFromElements } from '../../../domain/cases/outcomes.ts';
import { currentStage, isClockStopped, longDate } from '../../../domain/cases/lifecycle.ts';
import {
  ALTERNATIVE_PATH_REASONS, ELEMENT_OUTCOMES, ROUTES, STAGE_OUTCOMES, isComplaintRoute, type ElementOutcome, type ProcedureCodeValue,
} from '../../../domain/cases/vocabulary.ts';
import { t } from '../../i18n.ts';
import { dateText, dateValues, Problems, registerActionPage, stageLabel, type PageContext, type RunContext } from '../case-action/actionPage.ts';

const VIEW = (name: string) => `staff/stage-actions/${name}.njk`;
/** Outcomes an officer may choose for a response (withdrawal is recorded as a withdrawal; the rest are legacy records). */
const CHOOSABLE_OUTCOMES = STAGE_OUTCOMES.filter((o) => o !== 'withdrawn' && o !== 'not_known');
const FINDINGS = [...ELEMENT_OUTCOMES, 'undecided'] as const;

const row = (key: string, value: string) => ({ key: { text: t(key) }, value: { text: value } });

/** The stage in hand: its number and name, when it opened, who has it. */
async function stageFacts(c: PageContext) {
  const complaint = c.caseFile.complaint;
  const stage = complaint && currentStage(complaint.state);
  if (!complaint || !stage) return [];
  const name = complaint.procedure.stages.find((s) => s.number === stage.number)?.name ?? '';
  const officer = stage.investigatingOfficer === null ? null : await staffName(c.services.db.pool, c.scope.councilId, Number(stage.investigatingOfficer));
  const rows = [
    row('stageActions.facts.stage', stageLabel(stage.number, name)),
    row('stageActions.facts.openedOn', dateText(stage.openedOn)),
    row('stageActions.facts.allocatedTo', officer ?? t('stageActions.facts.nobody')),
  ];
  const pause = stage.pauses.at(-1);
  if (isClockStopped(stage) && pause) {
    rows.push(row('stageActions.facts.clockStoppedSince', longDate(pause.from)), row('stageActions.facts.clockStoppedReason', pause.reason));
  }
  return rows;
}

const dueNow = (c: PageContext) => (c.caseFile.complaint ? stageDueNow(c.services.db.pool, c.caseFile.complaint, c.today) : Promise.resolve(null));
const stageNumber = (c: PageContext) => (c.caseFile.complaint && currentStage(c.caseFile.complaint.state)?.number) || 1;
const todayValues = (name: string) => (c: PageContext) => dateValues(name, c.today);

async function councilProcedureCodes(c: PageContext): Promise<ProcedureCodeValue[]> {
  const { rows } = await c.services.db.pool.query<{ code: ProcedureCodeValue }>(
    'SELECT code FROM council_procedure WHERE council_id = $1 AND retired_on IS NULL ORDER BY id', [c.scope.councilId]);
  return rows.map((r) => r.code);
}

/** The actions that handle a stage: triage, allocate, acknowledge, extend, stop and restart the clock, steps, findings, respond (docs/staff-app.md). */
export const stageActionRoutes = (services: Services) => async (app: FastifyInstance) => {
  const db = services.db;

  // The response letter is uploaded with the response (as the case page's document upload is).
  await acceptOneUpload(app, { fields: 12, fieldSize: 200_000 });

  registerActionPage(app, services, {
    action: 'triage', path: 'triage', view: VIEW('triage'), title: 'stageActions.triage.title', refusalField: 'route',
    context: async (c) => ({
      routes: ROUTES, alternativeReasons: ALTERNATIVE_PATH_REASONS, procedures: await councilProcedureCodes(c),
      stage2Allowed: c.caseFile.forActions.hasNextStage,
      facts: [
        row('stageActions.facts.received', longDate(c.caseFile.receivedOn)),
        row('stageActions.facts.procedure', c.caseFile.procedureCode ? t(`stageActions.procedures.${c.caseFile.procedureCode}`) : t('stageActions.facts.none')),
        row('stageActions.facts.summary', c.caseFile.summary ?? ''),
      ],
    }),
    defaults: (c) => ({ ...dateValues('on', c.today), procedure: c.caseFile.procedureCode ?? '', route: c.caseFile.route ?? '' }),
    read: async (body, c) => {
      const p = new Problems();
      const route = p.choice(body, 'route', ROUTES, 'stageActions.triage.errors.route');
      const alternativeReason = route === 'alternative_path'
        ? p.choice(body, 'alternativeReason', ALTERNATIVE_PATH_REASONS, 'stageActions.triage.errors.alternativeReason') : null;
      const reason = p.text(body, 'reason', { required: route && !isComplaintRoute(route) ? 'stageActions.triage.errors.reason' : undefined });
      const procedure = p.choice(body, 'procedure', await councilProcedureCodes(c), 'stageActions.triage.errors.procedure');
      const on = p.date(body, 'on', t('stageActions.triage.dateLabel'), { today: c.today, notFuture: true });
      const startAtStage2 = route === 'formal' && body.startAtStage2 === 'yes' && c.caseFile.forActions.hasNextStage;
      return p.result(() => ({ route: route!, alternativeReason, reason, procedure: procedure!, on: on!, startAtStage2 }));
    },
    run: async (d, c) => {
      await triageAndOpen(db, c.scope.councilId, c.caseFile.reference, {
        on: d.on, route: d.route, reason: d.reason, procedureCode: d.procedure, ...(d.alternativeReason ? { alternativePathReason: d.alternativeReason } : {}),
        startAtStage2: d.startAtStage2,
      }, c.actor, c.today, { expectedVersion: c.expectedVersion });
      const route = t(`stageActions.routes.${d.route}`);
      if (d.startAtStage2) return t('stageActions.triage.doneStage2');
      return isComplaintRoute(d.route) ? t('stageActions.triage.doneOpened', { route: route.toLowerCase() }) : t('stageActions.triage.done', { route });
    },
  });

  registerActionPage(app, services, {
    action: 'allocate', path: 'allocate', view: VIEW('allocate'), title: 'stageActions.allocate.title', refusalField: 'officer',
    context: async (c) => {
      const officers = await allocatableStaff(db.pool, c.scope);
      const groups: { directorate: string | null; officers: typeof officers }[] = [];
      for (const o of officers) {
        const last = groups.at(-1);
        if (last && last.directorate === o.directorate) last.officers.push(o);
        else groups.push({ directorate: o.directorate, officers: [o] });
      }
      const allocated = c.caseFile.forActions.stage?.allocatedTo ?? null;
      return { officers, officerGroups: groups, facts: await stageFacts(c), ...(allocated !== null ? { title: t('stageActions.allocate.titleAgain') } : {}) };
    },
    read: async (body, c) => {
      const p = new Problems();
      const offered = await allocatableStaff(db.pool, c.scope);
      const id = typeof body.officer === 'string' && /^\d{1,18}$/.test(body.officer) ? Number(body.officer) : null;
      const officer = offered.find((o) => o.id === id);
      if (!officer) p.add('officer', 'stageActions.allocate.errors.officer');
      else if (officer.id === c.caseFile.forActions.stage?.allocatedTo) p.add('officer', t('stageActions.allocate.errors.same', { name: officer.name }));
      const note = p.text(body, 'note', { max: 2000 });
      return p.result(() => ({ officer: officer!, note }));
    },
    run: async (d, c) => {
      await allocateOfficer(db, c.scope.councilId, c.caseFile.reference, { on: c.today, staffMemberId: d.officer.id, note: d.note }, c.actor, c.today, {
        expectedVersion: c.expectedVersion,
      });
      return t('stageActions.allocate.done', { name: d.officer.name });
    },
  });

  registerActionPage(app, services, {
    action: 'acknowledge', path: 'acknowledge', view: VIEW('acknowledge'), title: 'stageActions.acknowledge.title', refusalField: 'on',
    context: async (c) => {
      const due = await dueNow(c);
      return { facts: [...(await stageFacts(c)), row('stageActions.facts.acknowledgementDue', dateText(due?.acknowledgementDue))] };
    },
    defaults: todayValues('on'),
    read: (body, c) => {
      const p = new Problems();
      const on = p.date(body, 'on', t('stageActions.acknowledge.dateLabel'), { today: c.today, notFuture: true });
      return p.result(() => ({ on: on! }));
    },
    run: async (d, c) => {
      await actOnComplaint(db, c.scope.councilId, c.caseFile.reference, { type: 'acknowledge', on: d.on }, c.actor, c.today, { expectedVersion: c.expectedVersion });
      return t('stageActions.acknowledge.done', { date: longDate(d.on) });
    },
  });

  registerActionPage(app, services, {
    action: 'extend', path: 'extend', view: VIEW('extend'), title: 'stageActions.extend.title',
    refusalField: (message) => (/good reason/.test(message) ? 'goodReason' : /agreed/.test(message) ? 'agreedOn' : 'to'),
    context: async (c) => {
      const due = await dueNow(c);
      const facts = [...(await stageFacts(c)), row('stageActions.facts.originalDue', dateText(due?.originalDue)), row('stageActions.facts.currentDue', dateText(due?.currentDue))];
      if (due?.beyondMax === 'agreed') facts.push(row('stageActions.facts.latestAllowed', t('stageActions.facts.noLimit')));
      else facts.push(row('stageActions.facts.latestAllowed', due?.latestAllowed ? longDate(due.latestAllowed) : t('stageActions.facts.noExtension')));
      const current = dateText(due?.currentDue);
      const latestText = due?.latestAllowed ? longDate(due.latestAllowed) : '';
      return {
        facts, latestText, goodReasonAllowed: due?.beyondMax === 'with_good_reason' && Boolean(due.latestAllowed),
        toHint: latestText && due?.beyondMax !== 'agreed' ? t('stageActions.extend.toHintLimit', { current, latest: latestText }) : t('stageActions.extend.toHint', { current }),
      };
    },
    defaults: todayValues('agreedOn'),
    read: async (body, c) => {
      const p = new Problems();
      const due = await dueNow(c);
      const to = p.date(body, 'to', t('stageActions.extend.toLabel'), {});
      if (!due?.currentDue) p.add('to', 'stageActions.extend.errors.noDue');
      else if (to && to <= due.currentDue) p.add('to', t('stageActions.extend.errors.notAfter', { current: longDate(due.currentDue) }));
      const agreedOn = p.date(body, 'agreedOn', t('stageActions.extend.agreedLabel'), { today: c.today, notFuture: true });
      const reason = p.text(body, 'reason', { required: 'stageActions.extend.errors.reason', max: 2000 });
      const goodReason = p.text(body, 'goodReason', { max: 2000 });
      return p.result(() => ({ to: to!, agreedOn: agreedOn!, reason, goodReason }));
    },
    run: async (d, c) => {
      await actOnComplaint(db, c.scope.councilId, c.caseFile.reference, {
        type: 'extend', on: d.agreedOn, to: d.to, reason: d.reason, ...(d.goodReason ? { goodReason: d.goodReason } : {}),
      }, c.actor, c.today, { expectedVersion: c.expectedVersion });
      return t('stageActions.extend.done', { date: longDate(d.to) });
    },
  });

  registerActionPage(app, services, {
    action: 'stop_clock', path: 'stop_clock', view: VIEW('stopClock'), title: 'stageActions.stopClock.title', refusalField: 'on',
    context: async (c) => ({ facts: [...(await stageFacts(c)), row('stageActions.facts.currentDue', dateText((await dueNow(c))?.currentDue))] }),
    defaults: todayValues('on'),
    read: (body, c) => {
      const p = new Problems();
      const reason = p.text(body, 'reason', { required: 'stageActions.stopClock.errors.reason', max: 2000 });
      const on = p.date(body, 'on', t('stageActions.stopClock.dateLabel'), { today: c.today, notFuture: true });
      return p.result(() => ({ reason, on: on! }));
    },
    run: async (d, c) => {
      await actOnComplaint(db, c.scope.councilId, c.caseFile.reference, { type: 'stop_clock', on: d.on, reason: d.reason }, c.actor, c.today, { expectedVersion: c.expectedVersion });
      return t('stageActions.stopClock.done', { date: longDate(d.on) });
    },
  });

  registerActionPage(app, services, {
    action: 'restart_clock', path: 'restart_clock', view: VIEW('restartClock'), title: 'stageActions.restartClock.title', refusalField: 'on',
    context: async (c) => ({ facts: await stageFacts(c) }),
    defaults: todayValues('on'),
    read: (body, c) => {
      const p = new Problems();
      const on = p.date(body, 'on', t('stageActions.restartClock.dateLabel'), { today: c.today, notFuture: true });
      return p.result(() => ({ on: on! }));
    },
    run: async (d, c) => {
      await actOnComplaint(db, c.scope.councilId, c.caseFile.reference, { type: 'restart_clock', on: d.on }, c.actor, c.today, { expectedVersion: c.expectedVersion });
      return t('stageActions.restartClock.done', { date: longDate(d.on) });
    },
  });

  /** The steps of the stage still to do, with their deadlines. */
  const stepsToDo = (c: PageContext) => {
    const complaint = c.caseFile.complaint;
    const stage = complaint && currentStage(complaint.state);
    if (!complaint || !stage) return [];
    const done = new Set((stage.steps ?? []).map((s) => s.key));
    return (complaint.procedure.stages.find((s) => s.number === stage.number)?.steps ?? []).filter((s) => !done.has(s.key));
  };
  registerActionPage(app, services, {
    action: 'record_step', path: 'record_step', view: VIEW('recordStep'), title: 'stageActions.recordStep.title', refusalField: 'step',
    context: async (c) => ({ facts: await stageFacts(c), steps: stepsToDo(c).map((s) => ({ key: s.key, name: s.name })) }),
    defaults: todayValues('on'),
    read: (body, c) => {
      const p = new Problems();
      const steps = stepsToDo(c);
      const step = p.choice(body, 'step', steps.map((s) => s.key), 'stageActions.recordStep.errors.step');
      const on = p.date(body, 'on', t('stageActions.recordStep.dateLabel'), { today: c.today, notFuture: true });
      return p.result(() => ({ step: steps.find((s) => s.key === step)!, on: on! }));
    },
    run: async (d, c) => {
      await actOnComplaint(db, c.scope.councilId, c.caseFile.reference, { type: 'record_step', on: d.on, step: d.step.key }, c.actor, c.today, { expectedVersion: c.expectedVersion });
      return t('stageActions.recordStep.done', { step: d.step.name, date: longDate(d.on) });
    },
  });

  // Findings: one page, two forms (the findings on the parts recorded; a part added).
  const elementsOf = (c: PageContext) => stageElements(db.pool, c.scope.councilId, c.caseFile.contactId, stageNumber(c));
  const derived = (outcomes: (ElementOutcome | null)[]) =>
    outcomes.length > 0 && !outcomes.includes(null) ? complaintOutcomeFromElements(outcomes as ElementOutcome[]) : null;
  const findingsContext = async (c: PageContext) => {
    const elements = await elementsOf(c);
    const base = `/cases/${encodeURIComponent(c.caseFile.reference)}/findings`;
    return {
      elements, elementOutcomes: FINDINGS, categories: await complaintCategories(db.pool, c.scope.councilId), stageNumber: stageNumber(c),
      derivedOutcome: derived(elements.map((e) => e.outcome)), findingsAction: base, addAction: `${base}/add`, facts: await stageFacts(c),
    };
  };
  const saveElements = (c: RunContext, elements: ElementFinding[]) =>
    recordElements(db, c.scope.councilId, c.caseFile.reference, stageNumber(c), elements, c.actor, c.today, { expectedVersion: c.expectedVersion });

  registerActionPage(app, services, {
    action: 'findings', path: 'findings', view: VIEW('findings'), title: 'stageActions.findings.title', refusalField: 'finding-0',
    context: findingsContext,
    read: async (body, c) => {
      const p = new Problems();
      const elements = await elementsOf(c);
      if (elements.length === 0) p.add('summary', 'stageActions.findings.errors.noElements');
      const findings = elements.map((_, i) => p.choice(body, `finding-${i}`, FINDINGS, 'stageActions.findings.errors.finding'));
      return p.result(() => elements.map((e, i) => ({ summary: e.summary, categoryId: e.categoryId, outcome: findings[i] === 'undecided' ? null : (findings[i] as ElementOutcome) })));
    },
    run: async (elements, c) => {
      await saveElements(c, elements);
      return t('stageActions.findings.saved');
    },
  });

  registerActionPage(app, services, {
    action: 'findings', path: 'findings', postPath: 'findings/add', postOnly: true, view: VIEW('findings'), title: 'stageActions.findings.title', refusalField: 'summary',
    context: findingsContext,
    read: async (body, c) => {
      const p = new Problems();
      const summary = p.text(body, 'summary', { required: 'stageActions.findings.errors.summary', max: 2000 });
      const categories = await complaintCategories(db.pool, c.scope.councilId);
      const categoryId = typeof body.category === 'string' && body.category !== '' ? categories.find((k) => String(k.id) === body.category)?.id ?? -1 : null;
      if (categoryId === -1) p.add('category', 'stageActions.findings.errors.category');
      const elements = await elementsOf(c);
      return p.result(() => [...elements.map((e) => ({ summary: e.summary, categoryId: e.categoryId, outcome: e.outcome })), { summary, categoryId, outcome: null }]);
    },
    run: async (elements, c) => {
      await saveElements(c, elements);
      return t('stageActions.findings.added');
    },
  });

  registerActionPage(app, services, {
    action: 'respond', path: 'respond', view: VIEW('respond'), title: 'stageActions.respond.title',
    refusalField: (message) => (/outcome|finding/i.test(message) ? 'outcome' : 'on'),
    context: async (c) => {
      const elements = await elementsOf(c);
      const due = await dueNow(c);
      return {
        elements, derivedOutcome: derived(elements.map((e) => e.outcome)), outcomes: CHOOSABLE_OUTCOMES,
        facts: [...(await stageFacts(c)), row('stageActions.facts.currentDue', dateText(due?.currentDue))],
      };
    },
    defaults: todayValues('on'),
    read: async (body, c) => {
      const p = new Problems();
      const on = p.date(body, 'on', t('stageActions.respond.dateLabel'), { today: c.today, notFuture: true });
      const hasElements = (await elementsOf(c)).length > 0;
      const outcome = hasElements ? null : p.choice(body, 'outcome', CHOOSABLE_OUTCOMES, 'stageActions.respond.errors.outcome');
      const letter = p.text(body, 'letter', { max: 100_000 });
      const file = c.upload;
      if (file?.truncated) p.add('letterFile', t('stageActions.respond.errors.tooBig', { size: MAX_DOCUMENT_BYTES / 1024 / 1024 }));
      else if (file && file.bytes.length === 0) p.add('letterFile', 'stageActions.respond.errors.emptyFile');
      else if (file) {
        try {
          checkDocument(file.bytes);
        } catch (error) {
          if (!(error instanceof DocumentRefusedError)) throw error;
          p.add('letterFile', 'stageActions.respond.errors.fileType');
        }
      }
      return p.result(() => ({ on: on!, outcome, letter, letterFile: file && !file.truncated ? { filename: file.filename, bytes: file.bytes } : null }));
    },
    run: async (d, c) => {
      const result = await respondWithLetter(db, c.scope.councilId, c.caseFile.reference, {
        on: d.on, ...(d.outcome ? { outcome: d.outcome } : {}), ...(d.letter ? { letter: d.letter } : {}), ...(d.letterFile ? { letterFile: d.letterFile } : {}),
      }, c.actor, c.today, { expectedVersion: c.expectedVersion });
      return t('stageActions.respond.done', { stage: stageNumber(c), outcome: t(`stageActions.outcomes.${result.outcome}`).toLowerCase() });
    },
  });
};
