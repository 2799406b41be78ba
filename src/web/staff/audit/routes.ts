import type { FastifyInstance } from 'fastify';
import type { Services } from '../../app.ts';
import { auditSearch, type AuditEntry } from '../../../events/auditSearch.ts';
import { AUDIT_ACTIONS, recordAccess, filtersUsed, type AuditDetail } from '../../../events/audit.ts';
import { caseTimeline } from '../../../events/caseTimeline.ts';
import { findAccountByEmail } from '../../../accounts/accountRepository.ts';
import { actorOf } from '../../pipeline/context.ts';
import { requirePermission } from '../../pipeline/authentication.ts';
import { badRequest } from '../../pipeline/httpProblems.ts';
import { fieldErrors, readForm, typedValues } from '../../forms.ts';
import { t } from '../../i18n.ts';
import { auditForm, auditQuery } from './schema.ts';

const VIEW = 'staff/audit/audit.njk';
const when = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });

/**
 * The audit trail for administrators: every view, search, export, download and sign-in, and a
 * case's changes, searched by case, member of staff, action and dates. Searching it is audited too.
 */
export const auditRoutes = (services: Services) => async (app: FastifyInstance) => {
  app.get('/audit', { preHandler: requirePermission('view_audit') }, async (request, reply) => {
    const parsed = auditQuery.safeParse(request.query);
    if (!parsed.success) throw badRequest(`${parsed.error.issues[0]!.path.join('.')} ${parsed.error.issues[0]!.message}`);
    const q = parsed.data;
    const councilId = request.staff!.council.id;
    const db = services.db.pool;
    let contact: { id: number; reference: string } | null = null;
    if (q.reference) {
      const { rows } = await db.query<{ id: number; reference: string }>('SELECT id, reference FROM contact WHERE council_id = $1 AND reference = $2', [councilId, q.reference]);
      contact = rows[0] ? { id: Number(rows[0].id), reference: rows[0].reference } : null;
    }
    const values = { reference: q.reference ?? '', action: q.action ?? '', from: q.from ?? '', to: q.to ?? '', person: '' };
    if (q.account !== undefined) {
      const { rows } = await db.query<{ email: string }>('SELECT email FROM user_account WHERE id = $1', [q.account]);
      values.person = rows[0]?.email ?? '';
    }
    if (q.reference && !contact) {
      return reply.view(VIEW, { title: t('audit.title'), nav: 'audit', values, actions: actionItems(q.action), ...fieldErrors([{ field: 'reference', message: t('audit.noSuchCase', { reference: q.reference }) }]), entries: [] });
    }
    const page = await auditSearch(db, {
      councilId,
      ...(q.account !== undefined ? { accountId: q.account } : {}), ...(contact ? { contactId: contact.id } : {}),
      ...(q.action ? { action: q.action } : {}), ...(q.from ? { from: q.from } : {}), ...(q.to ? { to: q.to } : {}),
      ...(q.before !== undefined ? { before: q.before } : {}), limit: 50,
    });
    const changes = contact && !q.before ? (await caseTimeline(db, councilId, contact.id, { limit: 100 })).events : null;
    await recordAccess(db, actorOf(request), { councilId, action: 'search_audit', ...(contact ? { contactId: contact.id } : {}), detail: { filters: filtersUsed(q), count: page.entries.length } });
    const references = await referencesOf(page.entries, councilId);
    const next = page.nextBefore ? `/audit?${new URLSearchParams(Object.entries({ ...q, before: String(page.nextBefore) }).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)]))}` : null;
    return reply.view(VIEW, {
      title: t('audit.title'), nav: 'audit', values, actions: actionItems(q.action), errors: {}, errorList: [], next,
      entries: page.entries.map((e) => ({
        when: when.format(e.at), who: e.actor, what: t(`audit.actions.${e.action}`), reference: e.contactId ? references.get(e.contactId) ?? '' : '',
        where: e.origin, detail: describe(e.detail),
      })),
      changes: changes && { reference: contact!.reference, events: changes.map((e) => ({ when: when.format(e.recordedAt), on: e.on, type: e.type.replaceAll('_', ' '), stage: e.stage, who: e.actor, where: e.origin ?? '' })) },
    });
  });

  /** The search form: an email becomes the account's number, so no email goes in the address. */
  app.post('/audit', { preHandler: requirePermission('view_audit') }, async (request, reply) => {
    const form = readForm(auditForm, request.body);
    if (!form.ok) return reply.code(400).view(VIEW, { title: t('audit.title'), nav: 'audit', values: typedValues(request.body), actions: actionItems(undefined), ...form.form, entries: [] });
    const params = new URLSearchParams();
    for (const key of ['reference', 'action', 'from', 'to'] as const) if (form.data[key]) params.set(key, form.data[key]!);
    if (form.data.person) {
      const account = await findAccountByEmail(services.db.pool, form.data.person);
      if (!account) {
        return reply.code(400).view(VIEW, { title: t('audit.title'), nav: 'audit', values: typedValues(request.body), actions: actionItems(form.data.action), ...fieldErrors([{ field: 'person', message: t('audit.noSuchPerson') }]), entries: [] });
      }
      params.set('account', String(account.id));
    }
    const parsed = auditQuery.safeParse(Object.fromEntries(params));
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return reply.code(400).view(VIEW, { title: t('audit.title'), nav: 'audit', values: typedValues(request.body), actions: actionItems(form.data.action), ...fieldErrors([{ field: String(issue.path[0]), message: `${t(`audit.filter.${String(issue.path[0])}`, { defaultValue: String(issue.path[0]) })} ${issue.message}` }]), entries: [] });
    }
    return reply.redirect(`/audit?${params}`, 303);
  });

  async function referencesOf(entries: AuditEntry[], councilId: number): Promise<Map<number, string>> {
    const ids = [...new Set(entries.map((e) => e.contactId).filter((id): id is number => id !== null))];
    if (ids.length === 0) return new Map();
    const { rows } = await services.db.pool.query<{ id: number; reference: string }>('SELECT id, reference FROM contact WHERE council_id = $1 AND id = ANY($2::bigint[])', [councilId, ids]);
    return new Map(rows.map((r) => [Number(r.id), r.reference]));
  }
};

function actionItems(selected: string | undefined) {
  return [{ value: '', text: t('audit.filter.anyAction') }, ...AUDIT_ACTIONS.map((a) => ({ value: a, text: t(`audit.actions.${a}`), selected: a === selected }))];
}

function describe(detail: AuditDetail): string {
  const parts: string[] = [];
  if (detail.filters?.length) parts.push(t('audit.detail.filters', { list: detail.filters.join(', ') }));
  if (detail.count !== undefined) parts.push(t('audit.detail.count', { count: detail.count }));
  for (const [k, v] of Object.entries(detail.codes ?? {})) parts.push(`${k}: ${v}`);
  for (const [k, v] of Object.entries(detail.numbers ?? {})) parts.push(`${k}: ${v}`);
  return parts.join('; ');
}
