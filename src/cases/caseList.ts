/**
 * Finding any case: the staff app's case list and search, within the user's scope, fast at a
 * million contacts (ADR 14). Keyset paging (a cursor is the last row's sort key and id, so a
 * page after it starts in the index where it points, however deep), counts bounded at 1,000,
 * and full-text search over contact.search_vector (migration 018).
 */
import type { Queryable } from '../db/database.ts';
import { scopeFilter, type Scope } from '../domain/access/scope.ts';
import type { ComplaintStatus } from '../domain/cases/lifecycle.ts';
import type { ContactFlag, ContactKind, ProcedureCodeValue, Route } from '../domain/cases/vocabulary.ts';
import { isIsoDate, type IsoDate } from '../domain/dates.ts';
import { boundedCount, boundedCountSql, type BoundedCount } from './boundedCount.ts';
import { textSearch, type TextSearch } from './textSearch.ts';

export const CASE_SORTS = ['received_newest', 'received_oldest', 'reference', 'due_soonest'] as const;
export type CaseSort = (typeof CASE_SORTS)[number];

export const DEFAULT_PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 100;

export interface CaseQuery {
  kind?: readonly ContactKind[];
  procedure?: readonly ProcedureCodeValue[];
  /** The current stage's number (the latest stage opened). */
  stage?: number;
  /** The complaint's status. */
  status?: readonly ComplaintStatus[];
  route?: readonly Route[];
  /** A directorate, service or team: cases about it or any unit under it. */
  unitId?: number;
  workspaceId?: number;
  /** The staff member handling the current stage. */
  officerId?: number;
  receivedFrom?: IsoDate;
  receivedTo?: IsoDate;
  /** Only cases whose open stage is past its response date (the extension's, if extended). */
  overdue?: boolean;
  /** Cases carrying every one of these flags. */
  flags?: readonly ContactFlag[];
  /** Words of the reference, the complainant's or representative's name, or the summary. */
  text?: string;
  /** Default received_newest. */
  sort?: CaseSort;
  /** Opaque cursors from a CasePage: the page after `after`, or before `before` (not both). */
  after?: string;
  before?: string;
  /** 1–100, default 25. */
  pageSize?: number;
}

export interface CaseListItem {
  id: number;
  reference: string;
  kind: ContactKind;
  receivedOn: IsoDate;
  procedure: ProcedureCodeValue | null;
  route: Route | null;
  /** The complaint's status; null for a contact that is not a complaint under a procedure. */
  status: ComplaintStatus | null;
  /** The current stage's number (the latest opened), or null. */
  stage: number | null;
  /** Who handles the current stage. */
  officer: string | null;
  /** The open stage's response date (extension included), or an unanswered enquiry's; null when nothing is due. */
  dueOn: IsoDate | null;
  directorate: string | null;
  service: string | null;
  team: string | null;
  /** Null unless scope.mayIdentify. */
  complainant: string | null;
  /** Null unless scope.mayIdentify. */
  summary: string | null;
}

export interface CasePage {
  /** A reference typed whole (or its number) puts that case first on the first page, before the page's own rows. */
  items: CaseListItem[];
  /** Cursors for the pages after and before this one; null at either end. */
  next: string | null;
  previous: string | null;
  /** Matching cases, counted up to 1,000. */
  total: BoundedCount;
  sort: CaseSort;
  pageSize: number;
}

/** A query the list cannot answer as asked (a 400, never a 500). */
export class CaseQueryError extends Error {
  readonly statusCode = 400;
  constructor(message: string) {
    super(message);
    this.name = 'CaseQueryError';
  }
}

/** A cursor that was not made by this list, was altered, or belongs to another sort order. */
export class BadCursorError extends CaseQueryError {
  constructor(message = 'This page link is not valid any more: go back to the first page') {
    super(message);
    this.name = 'BadCursorError';
  }
}

// ---------------------------------------------------------------------------------------
// Sort orders and cursors

/** The open stage's response date, else an unanswered enquiry's, else last. */
const DUE_KEY = `coalesce(od.due, CASE WHEN c.responded_on IS NULL THEN c.response_due_on END, 'infinity'::date)`;

interface SortOrder {
  key: string;
  cast: 'date' | 'text';
  descending: boolean;
  validKey: (key: string) => boolean;
}

const SORTS: Record<CaseSort, SortOrder> = {
  received_newest: { key: 'c.received_on', cast: 'date', descending: true, validKey: isIsoDate },
  received_oldest: { key: 'c.received_on', cast: 'date', descending: false, validKey: isIsoDate },
  reference: { key: 'c.reference', cast: 'text', descending: false, validKey: (k) => k.length > 0 && k.length <= 500 },
  due_soonest: { key: DUE_KEY, cast: 'date', descending: false, validKey: (k) => k === 'infinity' || isIsoDate(k) },
};

interface Position {
  key: string;
  id: number;
}

const CURSOR_VERSION = 1;

export function encodeCursor(sort: CaseSort, position: Position): string {
  return Buffer.from(JSON.stringify({ v: CURSOR_VERSION, s: sort, k: position.key, i: position.id })).toString('base64url');
}

export function decodeCursor(cursor: string, sort: CaseSort): Position {
  if (typeof cursor !== 'string' || cursor.length === 0 || cursor.length > 1000 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw new BadCursorError();
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new BadCursorError();
  }
  if (typeof value !== 'object' || value === null) throw new BadCursorError();
  const { v, s, k, i } = value as Record<string, unknown>;
  if (v !== CURSOR_VERSION || typeof k !== 'string' || typeof i !== 'number' || !Number.isSafeInteger(i) || i < 1) throw new BadCursorError();
  if (s !== sort) throw new BadCursorError('This page link was for the list in another order: go back to the first page');
  if (!SORTS[sort].validKey(k)) throw new BadCursorError();
  return { key: k, id: i };
}

// ---------------------------------------------------------------------------------------
// Conditions

/** A stage being handled: opened, not answered, not withdrawn (the partial indexes' predicate, word for word). */
export const OPEN_STAGE = (s: string) => `${s}.opened_on IS NOT NULL AND ${s}.responded_on IS NULL AND ${s}.outcome IS NULL`;

/** The WHERE conditions of a query over `contact c` (scope first); values appended to params. */
function conditions(scope: Scope, q: CaseQuery, today: IsoDate, params: unknown[], text: (params: unknown[]) => TextSearch | null) {
  const p = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const where = [scopeFilter(scope, 'c', params)];
  if (q.kind?.length) where.push(`c.kind = ANY(${p(q.kind)}::text[])`);
  if (q.procedure?.length) where.push(`c.procedure_code = ANY(${p(q.procedure)}::text[])`);
  if (q.route?.length) where.push(`c.route = ANY(${p(q.route)}::text[])`);
  if (q.workspaceId !== undefined) where.push(`c.workspace_id = ${p(q.workspaceId)}::bigint`);
  if (q.receivedFrom) where.push(`c.received_on >= ${p(checkedDate(q.receivedFrom, 'receivedFrom'))}::date`);
  if (q.receivedTo) where.push(`c.received_on <= ${p(checkedDate(q.receivedTo, 'receivedTo'))}::date`);
  if (q.flags?.length) where.push(`c.flags @> ${p(q.flags)}::text[]`);
  if (q.unitId !== undefined) {
    const council = p(scope.councilId);
    // Units under it, and those a restructure closed into it (successor_id, ADR 0024): a
    // directorate's list includes the cases of the units it took over.
    where.push(`c.org_unit_id IN (
      WITH RECURSIVE under (id) AS (
        SELECT id FROM org_unit WHERE council_id = ${council}::bigint AND id = ${p(q.unitId)}::bigint
        UNION
        SELECT o.id FROM org_unit o JOIN under ON o.council_id = ${council}::bigint AND (o.parent_id = under.id OR o.successor_id = under.id))
      SELECT id FROM under)`);
  }
  if (q.status?.length) {
    where.push(`EXISTS (SELECT 1 FROM complaint k WHERE k.council_id = c.council_id AND k.contact_id = c.id AND k.status = ANY(${p(q.status)}::text[]))`);
  }
  if (q.stage !== undefined || q.officerId !== undefined) {
    // The current stage: the latest opened.
    const current = [
      ...(q.stage !== undefined ? [`s.stage = ${p(q.stage)}::int`] : []),
      ...(q.officerId !== undefined ? [`s.investigating_officer_id = ${p(q.officerId)}::bigint`] : []),
    ];
    where.push(`EXISTS (SELECT 1 FROM complaint_stage s
                         WHERE s.council_id = c.council_id AND s.contact_id = c.id AND s.opened_on IS NOT NULL AND ${current.join(' AND ')}
                           AND NOT EXISTS (SELECT 1 FROM complaint_stage h WHERE h.council_id = s.council_id AND h.contact_id = s.contact_id
                                              AND h.stage > s.stage AND h.opened_on IS NOT NULL))`);
  }
  if (q.overdue) {
    where.push(`EXISTS (SELECT 1 FROM complaint_stage s WHERE s.council_id = c.council_id AND s.contact_id = c.id AND ${OPEN_STAGE('s')}
                          AND coalesce(s.extended_to, s.due_on) < ${p(checkedDate(today, 'today'))}::date)`);
  }
  const search = text(params);
  if (search) where.push(`c.search_vector @@ ${search.tsquery}`);
  return { where, search };
}

function checkedDate(value: string, field: string): string {
  if (typeof value !== 'string' || !isIsoDate(value)) throw new CaseQueryError(`${field} must be a date written YYYY-MM-DD`);
  return value;
}

// ---------------------------------------------------------------------------------------
// The list

interface PageRow {
  id: number;
  sort_key: string;
}

export async function searchCases(db: Queryable, scope: Scope, query: CaseQuery, today: IsoDate): Promise<CasePage> {
  const sortName = query.sort ?? 'received_newest';
  const sort = SORTS[sortName];
  if (!sort) throw new CaseQueryError(`The list cannot be sorted by "${String(sortName)}"`);
  if (query.after && query.before) throw new BadCursorError('Ask for the page after a cursor or before one, not both');
  if (query.stage !== undefined && !(Number.isInteger(query.stage) && query.stage >= 1 && query.stage <= 5)) throw new CaseQueryError('stage must be 1 to 5');
  const pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.trunc(query.pageSize ?? DEFAULT_PAGE_SIZE) || DEFAULT_PAGE_SIZE));
  const after = query.after ? decodeCursor(query.after, sortName) : null;
  const before = query.before ? decodeCursor(query.before, sortName) : null;
  const text = query.text ?? '';
  const searchOf = (params: unknown[]) => (text.trim() ? textSearch(text, scope.mayIdentify, params) : null);

  // A reference typed whole, or its number alone, puts that case first (and only there). Found
  // by the reference's unique index or the number's lexeme, never by walking an order.
  let pinned: number[] = [];
  const typed = text.trim();
  if (typed && textSearch(typed, scope.mayIdentify, [])) {
    const params: unknown[] = [];
    const { where } = conditions(scope, query, today, params, () => null);
    params.push([...new Set([typed, typed.toUpperCase()])]);
    const whole = `c.reference = ANY($${params.length}::text[])`;
    const digits = /^\d+$/.test(typed) ? typed.replace(/^0+(?=\d)/, '') : null;
    let number = '';
    if (digits) {
      params.push(`${digits}:A`, digits);
      number = ` OR (c.search_vector @@ to_tsquery('simple', $${params.length - 1}) AND ltrim(substring(c.reference from '(\\d+)$'), '0') = $${params.length})`;
    }
    const { rows } = await db.query<{ id: number; reference: string }>(
      `SELECT c.id, c.reference FROM contact c WHERE ${where.join(' AND ')} AND (${whole}${number}) LIMIT 10`,
      params,
    );
    pinned = rows.sort((a, b) => (a.reference < b.reference ? -1 : a.reference > b.reference ? 1 : 0)).map((r) => r.id);
  }

  const pageRows = async (position: Position | null, forward: boolean): Promise<PageRow[]> => {
    const params: unknown[] = [];
    const { where } = conditions(scope, query, today, params, searchOf);
    const descending = sort.descending === forward;
    if (position) {
      params.push(position.key, position.id);
      where.push(`(${sort.key}, c.id) ${descending ? '<' : '>'} ($${params.length - 1}::${sort.cast}, $${params.length}::bigint)`);
    }
    if (pinned.length > 0) {
      params.push(pinned);
      where.push(`c.id <> ALL($${params.length}::bigint[])`);
    }
    let from = 'contact c';
    if (sortName === 'due_soonest') {
      params.push(scope.councilId);
      from += ` LEFT JOIN (SELECT s.contact_id, min(coalesce(s.extended_to, s.due_on)) AS due FROM complaint_stage s
                            WHERE s.council_id = $${params.length}::bigint AND ${OPEN_STAGE('s')} GROUP BY s.contact_id) od
                       ON od.contact_id = c.id`;
    }
    params.push(pageSize + 1);
    const direction = descending ? 'DESC' : 'ASC';
    const { rows } = await db.query<PageRow>(
      `SELECT c.id, (${sort.key})::text AS sort_key FROM ${from}
        WHERE ${where.join(' AND ')}
        ORDER BY ${sort.key} ${direction}, c.id ${direction}
        LIMIT $${params.length}`,
      params,
    );
    return rows;
  };

  const countParams: unknown[] = [];
  const counted = conditions(scope, query, today, countParams, searchOf);
  const totalPromise = db.query<{ n: number }>(boundedCountSql(`SELECT 1 FROM contact c WHERE ${counted.where.join(' AND ')}`), countParams);

  const cursorOf = (r: PageRow) => encodeCursor(sortName, { key: r.sort_key, id: r.id });
  let rows: PageRow[];
  let next: string | null = null;
  let previous: string | null = null;
  let first = false;
  if (before) {
    const found = await pageRows(before, false);
    if (found.length > pageSize) {
      rows = found.slice(0, pageSize).reverse();
      previous = cursorOf(rows[0]!);
      next = cursorOf(rows[rows.length - 1]!);
    } else {
      // Back at the start: the first page as it is now, so pages keep their boundaries.
      first = true;
      rows = [];
    }
  } else {
    first = !after;
    rows = [];
  }
  if (!before || first) {
    const position = first ? null : after;
    const found = await pageRows(position, true);
    rows = found.slice(0, pageSize);
    if (found.length > pageSize) next = cursorOf(rows[rows.length - 1]!);
    if (!first) previous = rows.length > 0 ? cursorOf(rows[0]!) : (query.after ?? null);
  }
  const ids = [...(first ? pinned : []), ...rows.map((r) => r.id)];
  const [items, total] = await Promise.all([caseListItems(db, scope, ids), totalPromise]);
  return { items, next, previous, total: boundedCount(total.rows[0]?.n ?? 0), sort: sortName, pageSize };
}

interface ItemRow {
  id: number;
  reference: string;
  kind: ContactKind;
  received_on: string;
  procedure_code: ProcedureCodeValue | null;
  route: Route | null;
  status: ComplaintStatus | null;
  stage: number | null;
  officer: string | null;
  due_on: string | null;
  directorate: string | null;
  service: string | null;
  team: string | null;
  complainant: string | null;
  summary: string | null;
}

/** The rows of a page, in the order of `ids` (already found within scope). */
async function caseListItems(db: Queryable, scope: Scope, ids: number[]): Promise<CaseListItem[]> {
  if (ids.length === 0) return [];
  const { rows } = await db.query<ItemRow>(
    `SELECT c.id, c.reference, c.kind, c.received_on, c.procedure_code, c.route, k.status, cs.stage, sm.name AS officer,
            CASE WHEN ${OPEN_STAGE('cs')} THEN coalesce(cs.extended_to, cs.due_on)
                 WHEN c.responded_on IS NULL THEN c.response_due_on END AS due_on,
            op.directorate, op.service, op.team,
            ${scope.mayIdentify ? 'p.full_name' : 'NULL::text'} AS complainant, ${scope.mayIdentify ? 'c.summary' : 'NULL::text'} AS summary
       FROM unnest($2::bigint[]) WITH ORDINALITY AS page (id, n)
       JOIN contact c ON c.council_id = $1::bigint AND c.id = page.id
       LEFT JOIN complaint k ON k.council_id = c.council_id AND k.contact_id = c.id
       LEFT JOIN LATERAL (SELECT s.stage, s.opened_on, s.responded_on, s.outcome, s.extended_to, s.due_on, s.investigating_officer_id
                            FROM complaint_stage s
                           WHERE s.council_id = c.council_id AND s.contact_id = c.id AND s.opened_on IS NOT NULL
                           ORDER BY s.stage DESC LIMIT 1) cs ON true
       LEFT JOIN staff_member sm ON sm.council_id = c.council_id AND sm.id = cs.investigating_officer_id
       LEFT JOIN org_unit_path op ON op.council_id = c.council_id AND op.id = c.org_unit_id
       LEFT JOIN person p ON p.council_id = c.council_id AND p.id = c.complainant_id
      ORDER BY page.n`,
    [scope.councilId, ids],
  );
  return rows.map((r) => ({
    id: r.id,
    reference: r.reference,
    kind: r.kind,
    receivedOn: r.received_on,
    procedure: r.procedure_code,
    route: r.route,
    status: r.status,
    stage: r.stage,
    officer: r.officer,
    dueOn: r.due_on,
    directorate: r.directorate,
    service: r.service,
    team: r.team,
    complainant: r.complainant,
    summary: r.summary,
  }));
}
