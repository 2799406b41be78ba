import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../app.ts';
import { acceptOneUpload } from '../../uploads.ts';
import { loadCaseFile, type CaseFile } from '../../../casework/caseFile.ts';
import { caseDeadlines, loadCaseDetails } from '../../../casework/caseDetails.ts';
import { addCaseNote } from '../../../casework/notes.ts';
import { changePersonDetails, EmailNeededError, type PersonRole } from '../../../casework/personDetails.ts';
import { can } from '../../../domain/access/scope.ts';
import { messagesForCase } from '../../../messages/messageRepository.ts';
import {
  addCaseDocument, attachmentHeader, checkDocument, DocumentRefusedError, DOCUMENT_KINDS, listCaseDocuments, loadCaseDocument, MAX_DOCUMENT_BYTES,
} from '../../../casework/documents.ts';
import { councilCalendar } from '../../deadlines.ts';
import { availableActions, mayTake, type CaseAction } from '../../../domain/access/caseActions.ts';
import { currentStage } from '../../../domain/cases/lifecycle.ts';
import { londonDate } from '../../../domain/dates.ts';
import { recordAccess } from '../../../events/audit.ts';
import { caseTimeline } from '../../../events/caseTimeline.ts';
import { ConcurrentChangeError } from '../../../events/concurrency.ts';
import { actorOf, takeFlash } from '../../pipeline/context.ts';
import { badRequest, forbidden, notFound } from '../../pipeline/httpProblems.ts';
import { requirePermission } from '../../pipeline/authentication.ts';
import { fieldErrors, noErrors, readForm, typedValues, type FormErrors } from '../../forms.ts';
import { t } from '../../i18n.ts';
import { caseParams, casePageQuery, documentForm, documentParams, noteForm, personForm, personParams } from './schema.ts';
import { actionItems, deadlineRow, documentRow, label, longDate, statusTag, timelineItem } from './view.ts';
import { messageRow } from './messageRows.ts';
import { caseRetention } from '../../../retention/legalHold.ts';

const TIMELINE_PAGE = 25;

/**
 * The case page (/cases/<reference>): the case at a glance, every deadline with how it was
 * counted, the timeline and the actions the person may take; and two of those actions, a note
 * and a document (upload and download). See docs/staff-app.md.
 */
export const caseRoutes = (services: Services) => async (app: FastifyInstance) => {
  const db = services.db;
  const today = () => londonDate(services.clock.now());

  // Uploads only here: one file of at most 20 MB, and a few short fields (the CSRF token among them).
  await acceptOneUpload(app, { fields: 10, fieldSize: 20_000 });

  const view = requirePermission('view_cases');

  /** The case, if it is in the person's scope; otherwise the same 404 as no case at all. */
  async function caseOr404(request: FastifyRequest): Promise<CaseFile> {
    const params = caseParams.safeParse(request.params);
    if (!params.success) throw notFound('case');
    const file = await loadCaseFile(db.pool, request.staff!.scope, params.data.reference);
    if (!file) throw notFound('case');
    return file;
  }

  function mayAct(file: CaseFile, request: FastifyRequest, action: CaseAction) {
    if (!mayTake(action, file.forActions, request.staff!.scope)) throw forbidden();
  }

  app.get('/cases/:reference', { preHandler: view }, async (request, reply) => {
    const query = casePageQuery.safeParse(request.query);
    if (!query.success) throw badRequest(query.error.issues[0]?.message ?? 'the address is not one Redress can use.');
    const file = await caseOr404(request);
    const staff = request.staff!;
    const councilId = staff.council.id;
    await recordAccess(db.pool, actorOf(request), {
      councilId, action: 'view_case', contactId: file.contactId, ...(query.data.before ? { detail: { filters: ['before'] } } : {}),
    });
    const flash = takeFlash(request);

    const [details, calendar, timeline, documents, messages] = await Promise.all([
      loadCaseDetails(db.pool, councilId, file.contactId),
      councilCalendar(db.pool, staff.council.nation),
      caseTimeline(db.pool, councilId, file.contactId, { limit: TIMELINE_PAGE, ...(query.data.before ? { before: query.data.before } : {}) }),
      listCaseDocuments(db.pool, councilId, file.contactId),
      messagesForCase(db.pool, councilId, file.contactId),
    ]);
    const deadlines = caseDeadlines(file, details, calendar, today()).map(deadlineRow);
    const complaint = file.complaint;
    const stage = complaint ? currentStage(complaint.state) : null;
    const stageName = (n: number) => complaint?.procedure.stages.find((s) => s.number === n)?.name ?? t('case.stages.fallbackName', { stage: n });
    const records = new Map(details.stages.map((s) => [s.stage, s]));
    const documentIds = new Set(documents.map((d) => d.id));
    const reference = file.reference;
    const retention = await caseRetention(db.pool, councilId, file.contactId);

    return reply.view('staff/case/case.njk', {
      title: t('case.title', { reference }),
      nav: 'cases',
      flash,
      file,
      kind: label('kinds', file.kind),
      status: complaint ? statusTag(complaint.state.status) : null,
      procedure: complaint?.procedure.name ?? label('procedures', file.procedureCode),
      currentStage: stage ? stageName(stage.number) : null,
      values: {
        channel: label('channels', file.channel),
        receivedOn: longDate(file.receivedOn),
        route: label('routes', file.route),
        triagedOn: longDate(file.triagedOn),
        complainantGroup: label('complainantGroups', file.complainantGroup),
        flags: file.flags.map((f) => label('flags', f)),
        unit: [file.unit.directorate, file.unit.service, file.unit.team].filter(Boolean).join(' › '),
      },
      deadlines,
      stages: (complaint?.state.stages ?? []).map((s) => {
        const record = records.get(s.number);
        return {
          number: s.number,
          name: stageName(s.number),
          requestedOn: longDate(s.requestedOn),
          decision: s.decision ? label('decisions', s.decision) : '',
          decidedOn: longDate(s.decidedOn),
          refusalReason: s.refusalReason,
          acceptedDirectlyReason: s.acceptedDirectlyReason ?? null,
          openedOn: longDate(s.openedOn),
          acknowledgedOn: longDate(s.acknowledgedOn),
          officer: record?.officer ?? null,
          respondedOn: longDate(s.respondedOn),
          outcome: label('outcomes', s.outcome),
          extensions: s.extensions.map((e) => ({ agreedOn: longDate(e.agreedOn), to: longDate(e.to), reason: e.reason, beyondCodeReason: e.beyondCodeReason ?? null })),
          pauses: s.pauses.map((p) => ({ from: longDate(p.from), to: longDate(p.to), reason: p.reason })),
          elements: (record?.elements ?? []).map((e) => ({ summary: e.summary, category: e.category, outcome: label('elementOutcomes', e.outcome) })),
        };
      }),
      details: {
        ...details,
        remedies: details.remedies.map((r) => ({ ...r, kind: label('remedyKinds', r.kind), dueOn: longDate(r.dueOn), doneOn: longDate(r.doneOn) })),
        learningActions: details.learningActions.map((l) => ({ ...l, dueOn: longDate(l.dueOn), doneOn: longDate(l.doneOn) })),
        ombudsmanCases: details.ombudsmanCases.map((o) => ({
          ...o, body: label('ombudsmen', o.body), receivedOn: longDate(o.receivedOn), decision: label('values', o.decision), decidedOn: longDate(o.decidedOn),
          complianceDueOn: longDate(o.complianceDueOn), compliedOn: longDate(o.compliedOn),
        })),
        behaviourRestrictions: details.behaviourRestrictions.map((r) => ({ ...r, restriction: label('restrictions', r.restriction), imposedOn: longDate(r.imposedOn), reviewOn: longDate(r.reviewOn) })),
      },
      duplicateOf: file.duplicateOf,
      // Retention (issue 10): a legal hold in force, the day it was anonymised, and whether this person manages holds.
      retention: {
        hold: retention.hold ? { reason: retention.hold.reason, placed: t('retention.hold.placedBy', { name: retention.hold.placedBy, date: longDate(londonDate(retention.hold.placedAt)) }) } : null,
        anonymisedOn: retention.anonymisedAt ? longDate(londonDate(retention.anonymisedAt)) : null,
        mayManage: can(staff.scope, 'records_management'),
        href: `/cases/${encodeURIComponent(reference)}/legal-hold`,
      },
      actions: actionItems(reference, availableActions(file.forActions, staff.scope)),
      timeline: timeline.events.map((e) => timelineItem(reference, e, documentIds)),
      olderHref: timeline.nextBefore ? `/cases/${encodeURIComponent(reference)}?before=${timeline.nextBefore}#timeline` : null,
      newestHref: query.data.before ? `/cases/${encodeURIComponent(reference)}#timeline` : null,
      documents: documents.map((d) => documentRow(reference, d)),
      mayAddDocument: mayTake('document', file.forActions, staff.scope),
      // Each message's own page (delivery, trying again) is the outbox's: only for those who send messages.
      messages: messages.map((m) => messageRow(m, can(staff.scope, 'send_messages'))),
      mayChangePerson: can(staff.scope, 'log_contact'),
    });
  });

  // ---- Notes ----

  const notePage = (reply: FastifyReply, file: CaseFile, form: FormErrors, values: Record<string, string>) =>
    reply.view('staff/case/note.njk', { title: t('case.note.title'), nav: 'cases', file, ...form, values, version: values.version ?? String(file.version) });

  app.get('/cases/:reference/note', { preHandler: view }, async (request, reply) => {
    const file = await caseOr404(request);
    mayAct(file, request, 'note');
    return notePage(reply, file, noErrors(), {});
  });

  app.post('/cases/:reference/note', { preHandler: view }, async (request, reply) => {
    const file = await caseOr404(request);
    mayAct(file, request, 'note');
    const values = typedValues(request.body);
    const form = readForm(noteForm, request.body);
    if (!form.ok) {
      if (form.form.errors.version) throw badRequest('the form is missing the case’s version.');
      return notePage(reply.code(400), file, form.form, values);
    }
    try {
      await addCaseNote(db, { councilId: request.staff!.council.id, contactId: file.contactId, text: form.data.note, on: today(), expectedVersion: form.data.version }, actorOf(request));
    } catch (error) {
      if (!(error instanceof ConcurrentChangeError)) throw error;
      // Show the form again with the note as typed, and the version now current, so sending it again adds it.
      return notePage(reply.code(409), file, fieldErrors([{ field: 'note', message: error.message }]), { ...values, version: String(file.version) });
    }
    request.session.flash = t('case.note.added');
    return reply.redirect(`/cases/${encodeURIComponent(file.reference)}`, 303);
  });

  // ---- A person's details, and how they want to hear from the council ----

  /** The complaints team, who log contacts, keep the people's details. */
  const personOf = (file: CaseFile, request: FastifyRequest, role: PersonRole) => {
    if (!can(request.staff!.scope, 'log_contact')) throw forbidden();
    const person = role === 'complainant' ? file.complainant : file.representative;
    if (!person) throw notFound('person');
    return person;
  };
  const roleOf = (request: FastifyRequest): PersonRole => {
    const params = personParams.safeParse(request.params);
    if (!params.success) throw notFound('person');
    return params.data.role;
  };
  const preferenceItems = (list: readonly string[], prefix: string, chosen: string | undefined) =>
    list.map((value) => ({ value, text: t(`${prefix}.${value}`), checked: chosen === value }));
  const personPage = (reply: FastifyReply, file: CaseFile, role: PersonRole, form: FormErrors, values: Record<string, string>) =>
    reply.view('staff/case/person.njk', {
      title: t(role === 'complainant' ? 'case.personForm.title' : 'case.personForm.titleRepresentative'), nav: 'cases', file, role, ...form, values,
      version: values.version ?? String(file.version),
      languages: preferenceItems(['en', 'cy'], 'case.preferences.languages', values.language),
      contactByItems: preferenceItems(['email', 'post'], 'case.preferences.contactBy', values.contactBy),
    });

  app.get('/cases/:reference/person/:role', { preHandler: view }, async (request, reply) => {
    const role = roleOf(request);
    const file = await caseOr404(request);
    const p = personOf(file, request, role);
    return personPage(reply, file, role, noErrors(), {
      fullName: p.fullName, email: p.email ?? '', phone: p.phone ?? '', address: p.address ?? '', reasonableAdjustments: p.reasonableAdjustments ?? '',
      largePrint: p.largePrint ? 'yes' : '', language: p.language, contactBy: p.contactBy,
    });
  });

  app.post('/cases/:reference/person/:role', { preHandler: view }, async (request, reply) => {
    const role = roleOf(request);
    const file = await caseOr404(request);
    personOf(file, request, role);
    const values = typedValues(request.body);
    const form = readForm(personForm, request.body);
    if (!form.ok) {
      if (form.form.errors.version) throw badRequest('the form is missing the case’s version.');
      return personPage(reply.code(400), file, role, form.form, values);
    }
    const f = form.data;
    const orNull = (s: string) => (s === '' ? null : s);
    try {
      await changePersonDetails(db, {
        councilId: request.staff!.council.id, contactId: file.contactId, role, on: today(), expectedVersion: f.version,
        details: {
          fullName: f.fullName, email: orNull(f.email), phone: orNull(f.phone), address: orNull(f.address), reasonableAdjustments: orNull(f.reasonableAdjustments),
          language: f.language, contactBy: f.contactBy, largePrint: f.largePrint === 'yes',
        },
      }, actorOf(request));
    } catch (error) {
      if (error instanceof EmailNeededError) return personPage(reply.code(400), file, role, fieldErrors([{ field: 'email', message: 'case.personForm.errors.emailForContactBy' }]), values);
      if (!(error instanceof ConcurrentChangeError)) throw error;
      return personPage(reply.code(409), file, role, fieldErrors([{ field: 'fullName', message: error.message }]), { ...values, version: String(file.version) });
    }
    request.session.flash = t('case.personForm.changed');
    return reply.redirect(`/cases/${encodeURIComponent(file.reference)}#${role === 'complainant' ? 'person' : 'representative'}`, 303);
  });

  // ---- Documents ----

  const kindItems = (chosen: string | undefined) => DOCUMENT_KINDS.map((k) => ({ value: k, text: label('documentKinds', k), checked: k === chosen }));
  const documentPage = (reply: FastifyReply, file: CaseFile, form: FormErrors, values: Record<string, string>) =>
    reply.view('staff/case/document.njk', {
      title: t('case.document.title'), nav: 'cases', file, ...form, values, version: values.version ?? String(file.version), kinds: kindItems(values.kind),
    });

  app.get('/cases/:reference/document', { preHandler: view }, async (request, reply) => {
    const file = await caseOr404(request);
    mayAct(file, request, 'document');
    return documentPage(reply, file, noErrors(), {});
  });

  app.post('/cases/:reference/document', { preHandler: view }, async (request, reply) => {
    const file = await caseOr404(request);
    mayAct(file, request, 'document');
    const { fields, upload } = readMultipart(request.body);
    const problems: { field: string; message: string }[] = [];
    const form = readForm(documentForm, fields);
    if (!form.ok && form.form.errors.version) throw badRequest('the form is missing the case’s version.');
    if (!upload || upload.bytes.length === 0) problems.push({ field: 'document', message: upload ? 'case.document.errors.empty' : 'case.document.errors.missing' });
    else if (upload.truncated) problems.push({ field: 'document', message: t('case.document.errors.tooBig', { size: MAX_DOCUMENT_BYTES / 1024 / 1024 }) });
    else {
      try {
        checkDocument(upload.bytes);
      } catch (error) {
        if (!(error instanceof DocumentRefusedError)) throw error;
        problems.push({ field: 'document', message: error.problem === 'too_big' ? t('case.document.errors.tooBig', { size: MAX_DOCUMENT_BYTES / 1024 / 1024 }) : 'case.document.errors.type' });
      }
    }
    if (!form.ok) for (const [field, message] of Object.entries(form.form.errors)) problems.push({ field, message });
    if (problems.length > 0 || !form.ok || !upload) {
      return documentPage(reply.code(upload?.truncated ? 413 : 400), file, fieldErrors(problems), fields);
    }
    try {
      await addCaseDocument(db, {
        councilId: request.staff!.council.id, contactId: file.contactId, filename: upload.filename, kind: form.data.kind,
        description: form.data.description ?? null, bytes: upload.bytes, on: today(), expectedVersion: form.data.version,
      }, actorOf(request));
    } catch (error) {
      if (!(error instanceof ConcurrentChangeError)) throw error;
      return documentPage(reply.code(409), file, fieldErrors([{ field: 'document', message: `${error.message} ${t('case.document.errors.chooseAgain')}` }]), { ...fields, version: String(file.version) });
    }
    request.session.flash = t('case.document.added', { filename: upload.filename });
    return reply.redirect(`/cases/${encodeURIComponent(file.reference)}#documents`, 303);
  });

  app.get('/cases/:reference/documents/:id', { preHandler: view }, async (request, reply) => {
    const params = documentParams.safeParse(request.params);
    if (!params.success) throw notFound('document');
    const file = await caseOr404(request);
    const document = await loadCaseDocument(db.pool, request.staff!.council.id, file.contactId, params.data.id);
    if (!document) throw notFound('document');
    await recordAccess(db.pool, actorOf(request), {
      councilId: request.staff!.council.id, action: 'download_document', contactId: file.contactId, detail: { numbers: { documentId: document.id } },
    });
    return reply
      .header('content-type', document.mediaType)
      .header('content-disposition', attachmentHeader(document.filename))
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'no-store')
      .header('content-length', String(document.content.length))
      .send(document.content);
  });
};

/**
 * A multipart form's fields as strings (attachFieldsToBody gives { value } objects) and its
 * one file, read whole by onFile above: its name, bytes and whether it was cut at the limit.
 */
function readMultipart(body: unknown): { fields: Record<string, string>; upload: { filename: string; bytes: Buffer; truncated: boolean } | null } {
  const fields: Record<string, string> = {};
  let upload: { filename: string; bytes: Buffer; truncated: boolean } | null = null;
  if (!body || typeof body !== 'object') return { fields, upload };
  for (const [name, entry] of Object.entries(body as Record<string, unknown>)) {
    const part = (Array.isArray(entry) ? entry[0] : entry) as { type?: string; value?: unknown; filename?: string; _buf?: Buffer | null; file?: { truncated?: boolean } } | undefined;
    if (!part) continue;
    if (part.type === 'file') {
      if (name === 'document' && (part.filename || (part._buf?.length ?? 0) > 0)) {
        upload = { filename: part.filename ?? '', bytes: part._buf ?? Buffer.alloc(0), truncated: Boolean(part.file?.truncated) };
      }
    } else if (typeof part.value === 'string' && name !== '_csrf') {
      fields[name] = part.value;
    } else if (typeof entry === 'string' && name !== '_csrf') {
      fields[name] = entry;
    }
  }
  return { fields, upload };
}
