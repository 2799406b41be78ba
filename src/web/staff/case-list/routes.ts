import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Services } from '../../app.ts';
import { searchCases, CaseQueryError, type CaseQuery } from '../../../cases/caseList.ts';
import { caseFilterOptions } from '../../../casework/filterOptions.ts';
import { recordAccess, filtersUsed } from '../../../events/audit.ts';
import { londonDate } from '../../../domain/dates.ts';
import { actorOf } from '../../pipeline/context.ts';
import { requirePermission } from '../../pipeline/authentication.ts';
import { badRequest } from '../../pipeline/httpProblems.ts';
import { councilCalendar, deadlineView } from '../../deadlines.ts';
import { readForm, typedValues } from '../../forms.ts';
import { t } from '../../i18n.ts';
import { caseListForm, caseListQuery, type CaseListQuery } from './schema.ts';

const VIEW = 'staff/case-list/caseList.njk';
/** Searches kept per session (the newest); each is named in the address by a random token. */
const KEPT_SEARCHES = 20;
const FILTER_KEYS = ['kind', 'procedure', 'status', 'route', 'flag', 'stage', 'unit', 'workspace', 'officer', 'from', 'to', 'overdue', 'sort'] as const;

/**
 * Find any case: GET /cases lists cases in the person's scope with filters, sorting and keyset
 * paging; POST /cases takes the filter form, keeps any words typed in the session (never in the
 * address) and redirects to the list (Post/Redirect/Get).
 */
export const caseListRoutes = (services: Services) => async (app: FastifyInstance) => {
  app.get('/cases', { preHandler: requirePermission('view_cases') }, async (request, reply) => {
    const parsed = caseListQuery.safeParse(request.query);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw badRequest(`${issue.path.join('.') || 'the address'} ${issue.message}`);
    }
    const q = parsed.data;
    const scope = request.staff!.scope;
    const searches = request.session.searches ?? {};
    const text = q.search ? searches[q.search] : undefined;
    const forgotten = Boolean(q.search && text === undefined);
    const query: CaseQuery = {
      kind: q.kind, procedure: q.procedure, status: q.status, route: q.route, flags: q.flag,
      ...(q.stage !== undefined ? { stage: q.stage } : {}), ...(q.unit !== undefined ? { unitId: q.unit } : {}),
      ...(q.workspace !== undefined ? { workspaceId: q.workspace } : {}), ...(q.officer !== undefined ? { officerId: q.officer } : {}),
      ...(q.from ? { receivedFrom: q.from } : {}), ...(q.to ? { receivedTo: q.to } : {}), ...(q.overdue ? { overdue: true } : {}),
      ...(q.sort ? { sort: q.sort } : {}), ...(text ? { text } : {}), ...(q.after ? { after: q.after } : {}), ...(q.before ? { before: q.before } : {}),
    };
    const today = londonDate(services.clock.now());
    let page;
    try {
      page = await searchCases(services.db.pool, scope, query, today);
    } catch (error) {
      if (error instanceof CaseQueryError) throw badRequest(error.message);
      throw error;
    }
    await recordAccess(services.db.pool, actorOf(request), {
      councilId: scope.councilId, action: text ? 'search_cases' : 'list_cases',
      detail: { filters: filtersUsed({ ...q, search: text }), count: page.items.length },
    });
    const [options, calendar] = await Promise.all([
      caseFilterOptions(services.db.pool, scope),
      councilCalendar(services.db.pool, request.staff!.council.nation),
    ]);
    const link = (extra: Record<string, string | undefined>) => `/cases?${queryString(q, extra)}`;
    return reply.view(VIEW, {
      title: t('caseList.title'), nav: 'cases', q, text: text ?? '', forgotten, options,
      countText: page.total.more ? t('caseList.countMore', { count: page.total.count, formatted: page.total.count.toLocaleString('en-GB') }) : t('caseList.count', { count: page.total.count, formatted: page.total.count.toLocaleString('en-GB') }),
      items: page.items.map((item) => ({ ...item, due: item.dueOn ? deadlineView(calendar, item.dueOn, today) : null })),
      previous: page.previous ? link({ before: page.previous }) : null,
      next: page.next ? link({ after: page.next }) : null,
      sortLink: (sort: string) => link({ sort, after: undefined, before: undefined }),
      mayIdentify: scope.mayIdentify,
    });
  });

  app.post('/cases', { preHandler: requirePermission('view_cases') }, async (request, reply) => {
    const form = readForm(caseListForm, request.body);
    const values = typedValues(request.body);
    const filters: Record<string, string | string[]> = {};
    const body = (request.body ?? {}) as Record<string, unknown>;
    for (const key of FILTER_KEYS) {
      const v = body[key];
      if (typeof v === 'string' && v !== '') filters[key] = v;
      else if (Array.isArray(v)) filters[key] = v.filter((x): x is string => typeof x === 'string' && x !== '');
    }
    const text = form.ok ? form.data.text : values.text?.slice(0, 200);
    if (text) filters.search = keepSearch(request, text);
    const parsed = caseListQuery.safeParse(filters);
    if (!parsed.success) throw badRequest(`${parsed.error.issues[0]!.path.join('.')} ${parsed.error.issues[0]!.message}`);
    return reply.redirect(`/cases?${queryString(parsed.data, {})}`, 303);
  });
};

function keepSearch(request: FastifyRequest, text: string): string {
  const token = randomBytes(9).toString('base64url');
  const kept = Object.entries(request.session.searches ?? {}).slice(-(KEPT_SEARCHES - 1));
  request.session.searches = Object.fromEntries([...kept, [token, text]]);
  return token;
}

/** The list's address for these filters, with some values replaced (paging, sorting). */
function queryString(q: Partial<CaseListQuery>, extra: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...q, after: undefined, before: undefined, ...extra })) {
    if (value === undefined || value === null || value === '') continue;
    for (const one of [value].flat()) params.append(key, String(one));
  }
  return params.toString();
}

declare module 'fastify' {
  interface Session {
    /** Words typed into the case search, by the token that names them in the list's address. */
    searches?: Record<string, string>;
  }
}
