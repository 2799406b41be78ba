import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../app.ts';
import { inTransaction } from '../../../db/database.ts';
import { loadCaseFile, type CaseFile } from '../../../casework/caseFile.ts';
import { can } from '../../../domain/access/scope.ts';
import { londonDate } from '../../../domain/dates.ts';
import { recordAccess } from '../../../events/audit.ts';
import { ConcurrentChangeError } from '../../../events/concurrency.ts';
import { runRetention } from '../../../retention/anonymise.ts';
import { legalHoldOf, LegalHoldError, liftLegalHold, placeLegalHold } from '../../../retention/legalHold.ts';
import { lastRuns, loadAutomatic, loadPolicy, retentionFacts, saveAutomatic, savePolicy } from '../../../retention/retentionStore.ts';
import { dueSummary, RECORD_KINDS } from '../../../retention/rules.ts';
import { findPeople, subjectAccessExport } from '../../../retention/subjectAccess.ts';
import { actorOf, takeFlash } from '../../pipeline/context.ts';
import { requirePermission } from '../../pipeline/authentication.ts';
import { notFound } from '../../pipeline/httpProblems.ts';
import { fieldErrors, noErrors, readForm, typedValues, type FormErrors } from '../../forms.ts';
import { t } from '../../i18n.ts';
import { longDate } from '../../../domain/cases/lifecycle.ts';
import { caseParams, exportForm, holdForm, liftForm, readPolicyForm, searchForm } from './schema.ts';

/**
 * Records management (issue 10, ADR 26): retention periods and what is due
 * (/admin/retention), running it with a confirmation, a case's legal hold
 * (/cases/<reference>/legal-hold) and the subject-access export (/admin/subject-access:
 * names and emails only ever in a POST body, never in an address).
 */
export const retentionRoutes = (services: Services) => async (app: FastifyInstance) => {
  const db = services.db;
  const records = { preHandler: requirePermission('records_management') };
  const administer = { preHandler: requirePermission('administer') };
  const today = () => londonDate(services.clock.now());

  async function dueNow(councilId: number) {
    const policy = await loadPolicy(db.pool, councilId);
    const summary = dueSummary(await retentionFacts(db.pool, councilId), policy, today());
    return { policy, ...summary, total: summary.dueIds.length };
  }

  app.get('/admin/retention', records, async (request, reply) => {
    const councilId = request.staff!.council.id;
    const [{ policy, due, held, total }, runs, automatic] = await Promise.all([dueNow(councilId), lastRuns(db.pool, councilId), loadAutomatic(db.pool, councilId)]);
    return reply.view('staff/retention/retention.njk', {
      title: t('retention.title'), nav: 'admin', flash: takeFlash(request),
      mayChangePolicy: can(request.staff!.scope, 'administer'),
      kinds: RECORD_KINDS.map((kind) => ({ kind, name: t(`retention.kinds.${kind}`), years: policy[kind], due: due[kind], held: held[kind] })),
      automatic, total, heldTotal: Object.values(held).reduce((a, b) => a + b, 0),
      runs: runs.map((r) => ({ ...r, startedAt: r.startedAt.toISOString() })),
    });
  });

  async function showPolicy(reply: FastifyReply, values: Record<string, string>, form: FormErrors, status = 200) {
    return reply.code(status).view('staff/retention/policy.njk', {
      title: t('retention.policy.title'), nav: 'admin', values, ...form,
      kinds: RECORD_KINDS.map((kind) => ({ kind, name: t(`retention.kinds.${kind}`) })),
    });
  }

  app.get('/admin/retention/policy', administer, async (request, reply) => {
    const policy = await loadPolicy(db.pool, request.staff!.council.id);
    const automatic = await loadAutomatic(db.pool, request.staff!.council.id);
    return showPolicy(reply, { ...Object.fromEntries(RECORD_KINDS.map((k) => [k, String(policy[k])])), automatic: automatic ? 'yes' : 'no' }, noErrors());
  });

  app.post('/admin/retention/policy', administer, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const read = readPolicyForm(body);
    if (!read.ok) return showPolicy(reply, typedValues(body), read.form, 400);
    const councilId = request.staff!.council.id;
    const changed = await inTransaction(db, async (client) => {
      const periods = await savePolicy(client, councilId, read.data, actorOf(request), services.clock.now());
      return (await saveAutomatic(client, councilId, read.automatic, actorOf(request))) || periods.length > 0;
    });
    request.session.flash = t(changed ? 'retention.policy.saved' : 'retention.policy.unchanged');
    return reply.redirect('/admin/retention', 303);
  });

  app.get('/admin/retention/run', records, async (request, reply) => {
    const { total } = await dueNow(request.staff!.council.id);
    return reply.view('staff/retention/run.njk', { title: t('retention.run.title'), nav: 'admin', total });
  });

  app.post('/admin/retention/run', records, async (request, reply) => {
    const run = await runRetention(db, request.staff!.council.id, { today: today(), now: services.clock.now(), actor: actorOf(request) });
    request.session.flash = run.due === 0 ? t('retention.run.nothing') : t('retention.run.done', { count: run.anonymised });
    return reply.redirect('/admin/retention', 303);
  });

  // A case's legal hold: records management, on a case the person may see.
  async function caseOr404(request: FastifyRequest): Promise<CaseFile> {
    const params = caseParams.safeParse(request.params);
    if (!params.success) throw notFound('case');
    const file = await loadCaseFile(db.pool, request.staff!.scope, params.data.reference);
    if (!file) throw notFound('case');
    return file;
  }

  async function showHold(request: FastifyRequest, reply: FastifyReply, file: CaseFile, values: Record<string, string>, form: FormErrors, status = 200) {
    const councilId = request.staff!.council.id;
    const hold = await legalHoldOf(db.pool, councilId, file.contactId);
    const { rows } = await db.pool.query<{ version: number }>('SELECT version FROM contact WHERE council_id = $1 AND id = $2', [councilId, file.contactId]);
    return reply.code(status).view('staff/retention/hold.njk', {
      title: t('retention.hold.title'), nav: 'cases', file, values, ...form,
      version: values.version ?? String(rows[0]?.version ?? file.version),
      hold: hold ? { reason: hold.reason, placed: t('retention.hold.placedBy', { name: hold.placedBy, date: longDate(londonDate(hold.placedAt)) }) } : null,
    });
  }

  app.get('/cases/:reference/legal-hold', records, async (request, reply) => showHold(request, reply, await caseOr404(request), {}, noErrors()));

  async function changeHold(request: FastifyRequest, reply: FastifyReply, lift: boolean) {
    const file = await caseOr404(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const values = typedValues(body);
    const read = lift ? readForm(liftForm, body) : readForm(holdForm, body);
    if (!read.ok) return showHold(request, reply, file, values, read.form, 400);
    const councilId = request.staff!.council.id;
    const common = { councilId, contactId: file.contactId, on: today(), now: services.clock.now(), ...(read.data.version !== undefined ? { expectedVersion: read.data.version } : {}) };
    try {
      if (lift) await liftLegalHold(db, common, actorOf(request));
      else await placeLegalHold(db, { ...common, reason: (read.data as { reason: string }).reason }, actorOf(request));
    } catch (error) {
      if (error instanceof LegalHoldError) return showHold(request, reply, file, values, fieldErrors([{ field: lift ? 'lift' : 'reason', message: `retention.hold.errors.${error.code}` }]), 409);
      if (error instanceof ConcurrentChangeError) {
        const { version: _, ...typed } = values;
        return showHold(request, reply, file, typed, fieldErrors([{ field: lift ? 'lift' : 'reason', message: 'retention.hold.errors.changed' }]), 409);
      }
      throw error;
    }
    request.session.flash = t(lift ? 'retention.hold.lifted' : 'retention.hold.placed');
    return reply.redirect(`/cases/${encodeURIComponent(file.reference)}`, 303);
  }

  app.post('/cases/:reference/legal-hold', records, (request, reply) => changeHold(request, reply, false));
  app.post('/cases/:reference/legal-hold/lift', records, (request, reply) => changeHold(request, reply, true));

  // Subject access: search by POST, choose, download.
  async function showSearch(reply: FastifyReply, values: Record<string, string>, form: FormErrors, people: Awaited<ReturnType<typeof findPeople>> | null, status = 200) {
    return reply.code(status).view('staff/retention/subjectAccess.njk', {
      title: t('retention.subjectAccess.title'), nav: 'admin', values, ...form,
      people: people?.map((p) => ({ value: String(p.id), text: p.fullName, hint: { text: [p.email, p.postcodeHint, t('retention.subjectAccess.cases', { count: p.cases })].filter(Boolean).join(' · ') } })) ?? null,
    });
  }

  app.get('/admin/subject-access', records, async (_request, reply) => showSearch(reply, {}, noErrors(), null));

  app.post('/admin/subject-access', records, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const values = typedValues(body);
    const read = readForm(searchForm, body);
    if (!read.ok) return showSearch(reply, values, read.form, null, 400);
    const councilId = request.staff!.council.id;
    const people = await findPeople(db.pool, councilId, read.data);
    await recordAccess(db.pool, actorOf(request), {
      councilId, action: 'search_cases', detail: { filters: [read.data.name && 'name', read.data.email && 'email'].filter((f): f is string => !!f), count: people.length, codes: { purpose: 'subject_access' } },
    });
    return showSearch(reply, values, noErrors(), people);
  });

  app.post('/admin/subject-access/export', records, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const read = readForm(exportForm, body);
    if (!read.ok) return showSearch(reply, typedValues(body), read.form, null, 400);
    const exported = await subjectAccessExport(db.pool, request.staff!.council.id, read.data.person, actorOf(request), services.clock.now());
    if (!exported) throw notFound('person');
    return reply
      .header('content-type', 'application/zip')
      .header('content-disposition', `attachment; filename="${exported.fileName}"`)
      .header('cache-control', 'no-store')
      .header('content-length', String(exported.zip.length))
      .send(exported.zip);
  });
};
