/**
 * Learning as an action plan (issue 10): the plan of learning actions by directorate, one
 * action with its history, changes to it, and themes across complaints. Every read is within
 * the reader's scope (the unit the action belongs to, or its complaint's; restricted cases
 * only for those who may see them). A change to an action linked to a complaint is a case
 * event on that complaint; a change to one that is not is an audit entry. Either way it is
 * written in the same transaction as the change.
 */
import type { Queryable } from '../db/database.ts';
import type { IsoDate } from '../domain/dates.ts';
import { can, RESTRICTED_PROCEDURES, type Scope } from '../domain/access/scope.ts';
import {
  isOpen, LEARNING_STANDINGS, learningStanding, newActionRefusals, statusChangeRefusals, themeSummary,
  type NewAction,
  type LearningStanding, type LearningStatus, type Refusal, type ThemeYear,
} from '../domain/learning/actionPlan.ts';
import type { Actor } from '../events/actor.ts';
import { recordAccess } from '../events/audit.ts';
import { writeCaseEvent } from '../events/caseEvents.ts';
import { withinTransaction, type Transactable } from '../events/concurrency.ts';

/** A change refused, with what is wrong by field, for the form to show. */
export class LearningChangeRefused extends Error {
  constructor(readonly refusals: Refusal[] | { field: string; message: string }[]) {
    super(refusals.map((r) => r.message).join('. '));
  }
}

export interface PlanAction {
  id: number;
  description: string;
  lesson: string | null;
  /** The owner's name: their account's when known, else the text recorded. */
  ownerName: string;
  ownerAccountId: number | null;
  dueOn: IsoDate | null;
  doneOn: IsoDate | null;
  status: LearningStatus;
  standing: LearningStanding;
  statusReason: string | null;
  evidence: string | null;
  evidenceDocumentId: number | null;
  /** The complaint it came from (or the Ombudsman case's complaint). */
  contactId: number | null;
  reference: string | null;
  ombudsmanReference: string | null;
  unitId: number | null;
  directorateId: number | null;
  directorate: string | null;
  service: string | null;
  year: string | null;
  themeIds: number[];
}

/** Which actions the plan shows: `open` (planned or in progress, the default), a standing, or `all`. */
export type PlanStatusFilter = 'open' | 'all' | LearningStanding;

export interface PlanFilters {
  directorateId?: number;
  status?: PlanStatusFilter;
  themeId?: number;
  year?: string;
}

/** At most this many actions on one page of the plan. */
export const PLAN_LIMIT = 1000;

const UNIT = 'coalesce(l.org_unit_id, c.org_unit_id)';
// An action from no complaint is in the year it was agreed (migration 033).
const YEAR = 'reporting_year(coalesce(c.received_on, o.received_on, l.agreed_on, l.due_on), k.reporting_year_starts)';
const STANDING = `CASE WHEN l.status IN ('planned', 'in_progress') AND l.due_on < $2::date THEN 'overdue' ELSE l.status END`;

/** The actions the scope may see, with $1 the council (and $2 today, where STANDING is used); the caller adds conditions. */
function actionsSql(scope: Scope, params: unknown[]): { from: string; where: string[] } {
  const where = ['l.council_id = $1'];
  if (scope.units !== 'all') {
    params.push(scope.units);
    where.push(`${UNIT} = ANY($${params.length}::bigint[])`);
  }
  if (!scope.mayDisclose) {
    params.push(RESTRICTED_PROCEDURES);
    where.push(`(c.id IS NULL OR (NOT c.restricted AND (c.procedure_code IS NULL OR c.procedure_code <> ALL($${params.length}::text[]))))`);
  }
  return {
    from: `learning_action l
      JOIN council k ON k.id = l.council_id
      LEFT JOIN ombudsman_case o ON o.council_id = l.council_id AND o.id = l.ombudsman_case_id
      LEFT JOIN contact c ON c.council_id = l.council_id AND c.id = coalesce(l.contact_id, o.contact_id)
      LEFT JOIN org_unit_directorate d ON d.council_id = l.council_id AND d.id = ${UNIT}
      LEFT JOIN org_unit_path up ON up.council_id = l.council_id AND up.id = ${UNIT}
      LEFT JOIN user_account a ON a.id = l.owner_account_id`,
    where,
  };
}

const COLUMNS = `l.id, l.description, l.lesson, coalesce(a.display_name, l.owner) AS owner_name, l.owner_account_id,
  l.due_on::text AS due_on, l.done_on::text AS done_on, l.status, ${STANDING} AS standing, l.status_reason, l.evidence, l.evidence_document_id,
  c.id AS contact_id, c.reference, o.ombudsman_reference, ${UNIT} AS unit_id, d.directorate_id, up.directorate, up.service, ${YEAR} AS year,
  coalesce((SELECT array_agg(lt.theme_id ORDER BY lt.theme_id) FROM learning_action_theme lt
             WHERE lt.council_id = l.council_id AND lt.learning_action_id = l.id), '{}') AS theme_ids`;

interface ActionRow {
  id: string; description: string; lesson: string | null; owner_name: string; owner_account_id: string | null;
  due_on: string | null; done_on: string | null; status: LearningStatus; standing: LearningStanding; status_reason: string | null;
  evidence: string | null; evidence_document_id: string | null; contact_id: string | null; reference: string | null;
  ombudsman_reference: string | null; unit_id: string | null; directorate_id: string | null; directorate: string | null;
  service: string | null; year: string | null; theme_ids: (string | number)[];
}

const num = (v: string | number | null) => (v === null ? null : Number(v));

function toAction(r: ActionRow): PlanAction {
  return {
    id: Number(r.id), description: r.description, lesson: r.lesson, ownerName: r.owner_name, ownerAccountId: num(r.owner_account_id),
    dueOn: r.due_on, doneOn: r.done_on, status: r.status, standing: r.standing, statusReason: r.status_reason, evidence: r.evidence,
    evidenceDocumentId: num(r.evidence_document_id), contactId: num(r.contact_id), reference: r.reference, ombudsmanReference: r.ombudsman_reference,
    unitId: num(r.unit_id), directorateId: num(r.directorate_id), directorate: r.directorate, service: r.service, year: r.year,
    themeIds: r.theme_ids.map(Number),
  };
}

function filterSql(filters: PlanFilters, params: unknown[], where: string[], withStatus: boolean) {
  if (filters.directorateId !== undefined) { params.push(filters.directorateId); where.push(`d.directorate_id = $${params.length}`); }
  if (filters.themeId !== undefined) {
    params.push(filters.themeId);
    where.push(`EXISTS (SELECT 1 FROM learning_action_theme lt WHERE lt.council_id = l.council_id AND lt.learning_action_id = l.id AND lt.theme_id = $${params.length})`);
  }
  if (filters.year !== undefined) { params.push(filters.year); where.push(`${YEAR} = $${params.length}`); }
  if (!withStatus) return;
  const status = filters.status ?? 'open';
  if (status === 'open') where.push(`l.status IN ('planned', 'in_progress')`);
  else if (status !== 'all') { params.push(status); where.push(`${STANDING} = $${params.length}`); }
}

export interface Plan {
  actions: PlanAction[];
  /** By standing, over every status (the other filters apply). */
  counts: Record<LearningStanding, number>;
  /** True when more actions matched than a page shows. */
  truncated: boolean;
}

/** The plan: the actions matching the filters, ordered by directorate then due date, with counts by standing. */
export async function learningPlan(db: Queryable, scope: Scope, filters: PlanFilters, today: IsoDate): Promise<Plan> {
  const params: unknown[] = [scope.councilId, today];
  const { from, where } = actionsSql(scope, params);
  const countWhere = [...where];
  const countParams = [...params];
  filterSql(filters, params, where, true);
  filterSql(filters, countParams, countWhere, false);
  const [list, counted] = await Promise.all([
    db.query<ActionRow>(
      `SELECT ${COLUMNS} FROM ${from} WHERE ${where.join(' AND ')}
        ORDER BY up.directorate NULLS LAST, d.directorate_id, l.due_on NULLS LAST, l.id LIMIT ${PLAN_LIMIT + 1}`, params),
    db.query<{ standing: LearningStanding; n: number }>(
      `SELECT ${STANDING} AS standing, count(*)::int AS n FROM ${from} WHERE ${countWhere.join(' AND ')} GROUP BY 1`, countParams),
  ]);
  const counts = Object.fromEntries(LEARNING_STANDINGS.map((s) => [s, 0])) as Record<LearningStanding, number>;
  for (const r of counted.rows) counts[r.standing] = r.n;
  return { actions: list.rows.slice(0, PLAN_LIMIT).map(toAction), counts, truncated: list.rows.length > PLAN_LIMIT };
}

/** One action, or null when there is none or it is out of the scope's sight (answer both with not found). */
export async function learningAction(db: Queryable, scope: Scope, id: number, today: IsoDate): Promise<PlanAction | null> {
  const params: unknown[] = [scope.councilId, today];
  const { from, where } = actionsSql(scope, params);
  params.push(id);
  const { rows } = await db.query<ActionRow>(`SELECT ${COLUMNS} FROM ${from} WHERE ${where.join(' AND ')} AND l.id = $${params.length}`, params);
  return rows[0] ? toAction(rows[0]) : null;
}

export interface HistoryEntry {
  on: IsoDate;
  at: string;
  actor: string;
  /** What changed: agreed, status, evidence, owner, due, themes, unit, lesson, done (from the case page). */
  change: string;
  /** The status it moved to, for a status change. */
  status: string | null;
}

/** What happened to one action, oldest first: its complaint's events about it, and audit entries where it has no complaint. */
export async function learningActionHistory(db: Queryable, councilId: number, action: PlanAction): Promise<HistoryEntry[]> {
  const { rows } = await db.query<{ on: string; at: Date; actor: string; change: string; status: string | null }>(
    `SELECT occurred_on::text AS on, recorded_at AS at, actor,
            CASE type WHEN 'learning_action_done' THEN 'done' ELSE coalesce(data->>'change', 'agreed') END AS change, data->>'to' AS status
       FROM case_event
      WHERE council_id = $1 AND contact_id = $2 AND type IN ('learning_action_done', 'learning_action_updated')
        AND data->>'learningActionId' = $3::text
     UNION ALL
     SELECT (at AT TIME ZONE 'Europe/London')::date::text, at, actor, detail->'codes'->>'change', detail->'codes'->>'status'
       FROM audit_entry
      WHERE council_id = $1 AND action = 'change_learning_action' AND detail->'numbers'->>'learningAction' = $3::text
     ORDER BY 2`,
    [councilId, action.contactId, action.id],
  );
  return rows.map((r) => ({ on: r.on, at: new Date(r.at).toISOString(), actor: r.actor, change: r.change, status: r.status }));
}

export type LearningChange =
  | { kind: 'status'; to: LearningStatus; completedOn?: IsoDate | null; reason?: string | null; evidence?: string | null; evidenceDocumentId?: number | null }
  | { kind: 'evidence'; evidence: string | null; evidenceDocumentId: number | null }
  | { kind: 'owner'; ownerAccountId: number }
  | { kind: 'due'; dueOn: IsoDate | null }
  | { kind: 'themes'; themeIds: number[] }
  | { kind: 'unit'; orgUnitId: number }
  | { kind: 'lesson'; lesson: string | null };

/**
 * Changes one action: refused (LearningChangeRefused, by field) when the rules say no;
 * otherwise written with its case event or audit entry in one transaction. Returns false
 * when the action is not there for this scope.
 */
export async function changeLearningAction(
  db: Transactable, scope: Scope, id: number, change: LearningChange, actor: Actor, today: IsoDate,
): Promise<boolean> {
  if (!can(scope, 'remedies_and_learning')) throw new LearningChangeRefused([{ field: 'form', message: 'You cannot change learning actions' }]);
  return withinTransaction(db, async (client) => {
    const action = await learningAction(client, scope, id, today);
    if (!action) return false;
    await client.query('SELECT 1 FROM learning_action WHERE council_id = $1 AND id = $2 FOR UPDATE', [scope.councilId, id]);
    const set = await applied(client, scope, action, change, today);
    const assignments = Object.keys(set).map((column, i) => `${column} = $${i + 3}`);
    if (assignments.length) {
      await client.query(`UPDATE learning_action SET ${assignments.join(', ')} WHERE council_id = $1 AND id = $2`, [scope.councilId, id, ...Object.values(set)]);
    }
    if (change.kind === 'themes') {
      await client.query('DELETE FROM learning_action_theme WHERE council_id = $1 AND learning_action_id = $2', [scope.councilId, id]);
      await client.query(
        'INSERT INTO learning_action_theme (council_id, learning_action_id, theme_id) SELECT $1, $2, unnest($3::bigint[])', [scope.councilId, id, change.themeIds]);
    }
    const status = change.kind === 'status' ? change.to : null;
    if (action.contactId !== null) {
      const data = { learningActionId: id, change: change.kind, ...(status ? { from: action.status, to: status } : {}), ...describe(change) };
      await writeCaseEvent(client, { councilId: scope.councilId, contactId: action.contactId, type: 'learning_action_updated', on: today, data }, actor);
    } else {
      await recordAccess(client, actor, {
        councilId: scope.councilId, action: 'change_learning_action',
        detail: { numbers: { learningAction: id }, codes: { change: change.kind, ...(status ? { status } : {}) } },
      });
    }
    return true;
  });
}

/** What a change says on the case's timeline (the words the officer wrote are the case's, as on any case event). */
function describe(change: LearningChange): object {
  switch (change.kind) {
    case 'status': return { completedOn: change.completedOn ?? null, reason: change.reason ?? null, evidence: change.evidence ?? null };
    case 'evidence': return { evidence: change.evidence, evidenceDocumentId: change.evidenceDocumentId };
    case 'owner': return { ownerAccountId: change.ownerAccountId };
    case 'due': return { dueOn: change.dueOn };
    case 'themes': return { themeIds: change.themeIds };
    case 'unit': return { orgUnitId: change.orgUnitId };
    case 'lesson': return { lesson: change.lesson };
  }
}

/** The columns a change sets, once the rules and the council's own lists allow it. */
async function applied(client: Queryable, scope: Scope, action: PlanAction, change: LearningChange, today: IsoDate): Promise<Record<string, unknown>> {
  const refuse = (field: string, message: string): never => { throw new LearningChangeRefused([{ field, message }]); };
  const document = async (documentId: number | null | undefined, field: string) => {
    if (documentId == null) return;
    const ok = action.contactId !== null && (await client.query(
      'SELECT 1 FROM case_document WHERE council_id = $1 AND contact_id = $2 AND id = $3', [scope.councilId, action.contactId, documentId])).rows.length > 0;
    if (!ok) refuse(field, 'Choose a document of this action’s case');
  };
  switch (change.kind) {
    case 'status': {
      const refusals = statusChangeRefusals(action.status, change, today);
      if (refusals.length) throw new LearningChangeRefused(refusals);
      await document(change.evidenceDocumentId, 'evidence');
      if (change.to === 'done') {
        return { status: 'done', done_on: change.completedOn, status_reason: null,
          evidence: change.evidence?.trim() || action.evidence, evidence_document_id: change.evidenceDocumentId ?? action.evidenceDocumentId };
      }
      return { status: change.to, done_on: null, status_reason: change.to === 'not_going_ahead' ? change.reason!.trim() : null };
    }
    case 'evidence':
      await document(change.evidenceDocumentId, 'evidenceDocument');
      if (action.status === 'done' && !change.evidence?.trim() && change.evidenceDocumentId === null) refuse('evidence', 'A done action keeps its evidence: enter it, or choose a document');
      return { evidence: change.evidence?.trim() || null, evidence_document_id: change.evidenceDocumentId };
    case 'owner': {
      const owner = await client.query<{ display_name: string }>(
        `SELECT a.display_name FROM council_membership m JOIN user_account a ON a.id = m.account_id
          WHERE m.council_id = $1 AND m.account_id = $2 AND a.disabled_at IS NULL`, [scope.councilId, change.ownerAccountId]);
      if (!owner.rows[0]) refuse('owner', 'Choose the member of staff who owns the action');
      // The owner's name is kept as text too, as the case history import and export read it.
      return { owner_account_id: change.ownerAccountId, owner: owner.rows[0]!.display_name };
    }
    case 'due':
      if (isOpen(action.status) && change.dueOn === null) refuse('dueOn', 'Enter the date the action is due by');
      return { due_on: change.dueOn };
    case 'themes': {
      const known = await client.query<{ id: string }>('SELECT id FROM learning_theme WHERE council_id = $1 AND id = ANY($2::bigint[])', [scope.councilId, change.themeIds]);
      if (known.rows.length !== new Set(change.themeIds).size) refuse('themes', 'Choose themes from the council’s list');
      return {};
    }
    case 'unit': {
      const unit = await client.query('SELECT 1 FROM org_unit WHERE council_id = $1 AND id = $2', [scope.councilId, change.orgUnitId]);
      if (!unit.rows[0] || (scope.units !== 'all' && !scope.units.includes(change.orgUnitId))) refuse('unit', 'Choose a directorate or service you work in');
      return { org_unit_id: change.orgUnitId };
    }
    case 'lesson':
      return { lesson: change.lesson?.trim() || null };
  }
}

export interface OwnerChoice { accountId: number; name: string }

/** Who can own an action: the council's staff with an active account (not report viewers only). */
export async function ownerChoices(db: Queryable, councilId: number): Promise<OwnerChoice[]> {
  const { rows } = await db.query<{ account_id: string; display_name: string }>(
    `SELECT m.account_id, a.display_name FROM council_membership m JOIN user_account a ON a.id = m.account_id
      WHERE m.council_id = $1 AND a.disabled_at IS NULL
        AND m.roles && ARRAY['complaints_administrator', 'complaints_officer', 'investigating_officer', 'manager']::text[]
      ORDER BY a.display_name, m.account_id`, [councilId]);
  return rows.map((r) => ({ accountId: Number(r.account_id), name: r.display_name }));
}

export interface DocumentChoice { id: number; filename: string }

/** The documents of an action's case, to point the evidence at. */
export async function documentChoices(db: Queryable, councilId: number, contactId: number | null): Promise<DocumentChoice[]> {
  if (contactId === null) return [];
  const { rows } = await db.query<{ id: string; filename: string }>(
    'SELECT id, filename FROM case_document WHERE council_id = $1 AND contact_id = $2 ORDER BY id', [councilId, contactId]);
  return rows.map((r) => ({ id: Number(r.id), filename: r.filename }));
}

export interface DirectorateChoice { id: number; name: string }

/** The directorates the scope holds (every one for the complaints team), by name. */
export async function directoratesInScope(db: Queryable, scope: Scope): Promise<DirectorateChoice[]> {
  const params: unknown[] = [scope.councilId];
  let only = '';
  if (scope.directorates !== 'all') { params.push(scope.directorates); only = 'AND id = ANY($2::bigint[])'; }
  const { rows } = await db.query<{ id: string; name: string }>(
    `SELECT id, name FROM org_unit WHERE council_id = $1 AND kind = 'directorate' AND valid_to IS NULL ${only} ORDER BY name, id`, params);
  return rows.map((r) => ({ id: Number(r.id), name: r.name }));
}

/** The units an action can belong to: directorates and services in scope, each service under its directorate's name. */
export async function unitChoices(db: Queryable, scope: Scope): Promise<{ id: number; name: string }[]> {
  const params: unknown[] = [scope.councilId];
  let only = '';
  if (scope.units !== 'all') { params.push(scope.units); only = 'AND u.id = ANY($2::bigint[])'; }
  const { rows } = await db.query<{ id: string; directorate: string; service: string | null }>(
    `SELECT u.id, p.directorate, p.service FROM org_unit u JOIN org_unit_path p ON p.council_id = u.council_id AND p.id = u.id
      WHERE u.council_id = $1 AND u.kind IN ('directorate', 'service') AND u.valid_to IS NULL ${only}
      ORDER BY p.directorate, p.service NULLS FIRST, u.id`, params);
  return rows.map((r) => ({ id: Number(r.id), name: r.service ? `${r.directorate}: ${r.service}` : r.directorate }));
}

/** The reporting years the scope's actions come from, newest first. */
export async function planYears(db: Queryable, scope: Scope): Promise<string[]> {
  const params: unknown[] = [scope.councilId];
  const { from, where } = actionsSql(scope, params);
  const { rows } = await db.query<{ year: string }>(
    `SELECT DISTINCT ${YEAR} AS year FROM ${from} WHERE ${where.join(' AND ')} AND ${YEAR} IS NOT NULL ORDER BY 1 DESC`, params);
  return rows.map((r) => r.year);
}

export interface ThemeAcross { id: number; name: string; retired: boolean; years: Record<string, { complaints: number; actions: number }> }

/** Themes across complaints: for each of the council's themes, how many complaints and actions in each year (the scope's). */
export async function themesAcrossComplaints(db: Queryable, scope: Scope): Promise<{ years: string[]; themes: ThemeAcross[] }> {
  const params: unknown[] = [scope.councilId];
  const { from, where } = actionsSql(scope, params);
  const [actions, themes] = await Promise.all([
    db.query<{ id: string; contact_id: string | null; year: string | null; theme_ids: string[] }>(
      `SELECT l.id, c.id AS contact_id, ${YEAR} AS year,
              (SELECT array_agg(lt.theme_id) FROM learning_action_theme lt WHERE lt.council_id = l.council_id AND lt.learning_action_id = l.id) AS theme_ids
         FROM ${from} WHERE ${where.join(' AND ')}
          AND EXISTS (SELECT 1 FROM learning_action_theme lt WHERE lt.council_id = l.council_id AND lt.learning_action_id = l.id)`, params),
    listThemes(db, scope.councilId),
  ]);
  const summary: ThemeYear[] = themeSummary(actions.rows.filter((r) => r.year !== null).map((r) => ({
    actionId: Number(r.id), contactId: num(r.contact_id), year: r.year!, themeIds: r.theme_ids.map(Number),
  })));
  const years = [...new Set(summary.map((s) => s.year))].sort();
  return {
    years,
    themes: themes.map((t) => ({
      ...t,
      years: Object.fromEntries(summary.filter((s) => s.themeId === t.id).map((s) => [s.year, { complaints: s.complaints, actions: s.actions }])),
    })),
  };
}

export interface Theme { id: number; name: string; retired: boolean }

export async function listThemes(db: Queryable, councilId: number): Promise<Theme[]> {
  const { rows } = await db.query<{ id: string; name: string; retired: boolean }>(
    'SELECT id, name, retired FROM learning_theme WHERE council_id = $1 ORDER BY retired, lower(name), id', [councilId]);
  return rows.map((r) => ({ id: Number(r.id), name: r.name, retired: r.retired }));
}

/**
 * Who keeps the council's list of themes: the complaints team, i.e. those with remedies and
 * learning who see every directorate. A manager of one directorate uses the list, and does
 * not change it for everyone.
 */
export function mayManageThemes(scope: Scope): boolean {
  return can(scope, 'remedies_and_learning') && scope.directorates === 'all';
}

/** Adds a theme, renames one, or retires or restores one; each audited as a change of settings. */
export async function saveTheme(
  db: Transactable, scope: Scope, change: { kind: 'add'; name: string } | { kind: 'rename'; id: number; name: string } | { kind: 'retire' | 'restore'; id: number }, actor: Actor,
): Promise<void> {
  if (!mayManageThemes(scope)) throw new LearningChangeRefused([{ field: 'name', message: 'Only the complaints team changes the list of themes' }]);
  if (change.kind === 'add' || change.kind === 'rename') {
    const name = change.name.trim();
    if (!name) throw new LearningChangeRefused([{ field: 'name', message: 'Enter the name of the theme' }]);
    if (name.length > 100) throw new LearningChangeRefused([{ field: 'name', message: 'The name of the theme must be 100 characters or fewer' }]);
  }
  await withinTransaction(db, async (client) => {
    const name = 'name' in change ? change.name.trim() : '';
    if (change.kind === 'add' || change.kind === 'rename') {
      const same = await client.query('SELECT 1 FROM learning_theme WHERE council_id = $1 AND lower(name) = lower($2) AND id <> $3',
        [scope.councilId, name, change.kind === 'rename' ? change.id : 0]);
      if (same.rows.length) throw new LearningChangeRefused([{ field: 'name', message: 'There is already a theme with that name' }]);
    }
    let id: number;
    if (change.kind === 'add') {
      id = Number((await client.query<{ id: string }>('INSERT INTO learning_theme (council_id, name) VALUES ($1, $2) RETURNING id', [scope.councilId, name])).rows[0]!.id);
    } else {
      const sql = change.kind === 'rename' ? 'UPDATE learning_theme SET name = $3 WHERE council_id = $1 AND id = $2'
        : 'UPDATE learning_theme SET retired = $3 WHERE council_id = $1 AND id = $2';
      const result = await client.query(sql, [scope.councilId, change.id, change.kind === 'rename' ? name : change.kind === 'retire']);
      if (result.rowCount === 0) throw new LearningChangeRefused([{ field: 'name', message: 'There is no such theme' }]);
      id = change.id;
    }
    await recordAccess(client, actor, { councilId: scope.councilId, action: 'change_settings', detail: { numbers: { theme: id }, codes: { setting: 'learning_themes', change: change.kind } } });
  });
}

/**
 * Adds a council-wide action (from no single complaint) to the plan of a unit the scope
 * holds, agreed today: refused by field when something is missing or not the council's;
 * audited, as there is no complaint to write an event on. Returns its id.
 */
export async function addLearningAction(
  db: Transactable, scope: Scope, input: NewAction & { themeIds: number[] }, actor: Actor, today: IsoDate,
): Promise<number> {
  if (!can(scope, 'remedies_and_learning')) throw new LearningChangeRefused([{ field: 'description', message: 'You cannot add learning actions' }]);
  const refusals: { field: string; message: string }[] = [...newActionRefusals(input)];
  return withinTransaction(db, async (client) => {
    if (input.unitId !== null) {
      const open = await client.query(
        "SELECT 1 FROM org_unit WHERE council_id = $1 AND id = $2 AND kind IN ('directorate', 'service') AND valid_to IS NULL", [scope.councilId, input.unitId]);
      if (!open.rows[0] || (scope.units !== 'all' && !scope.units.includes(input.unitId))) refusals.push({ field: 'unit', message: 'Choose a directorate or service you work in' });
    }
    let owner = input.ownerName.trim();
    if (input.ownerAccountId !== null) {
      const staff = (await ownerChoices(client, scope.councilId)).find((o) => o.accountId === input.ownerAccountId);
      if (!staff) refusals.push({ field: 'owner', message: 'Choose a member of staff of the council' });
      else owner = staff.name;
    }
    const themes = [...new Set(input.themeIds)];
    const known = await client.query('SELECT 1 FROM learning_theme WHERE council_id = $1 AND id = ANY($2::bigint[]) AND NOT retired', [scope.councilId, themes]);
    if (known.rows.length !== themes.length) refusals.push({ field: 'themes', message: 'Choose themes from the council’s list' });
    if (refusals.length) throw new LearningChangeRefused(refusals);
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO learning_action (council_id, description, lesson, owner, owner_account_id, org_unit_id, due_on, agreed_on)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [scope.councilId, input.description.trim(), input.lesson.trim(), owner, input.ownerAccountId, input.unitId, input.dueOn, today]);
    const id = Number(rows[0]!.id);
    await client.query('INSERT INTO learning_action_theme (council_id, learning_action_id, theme_id) SELECT $1, $2, unnest($3::bigint[])', [scope.councilId, id, themes]);
    await recordAccess(client, actor, {
      councilId: scope.councilId, action: 'change_learning_action', detail: { numbers: { learningAction: id }, codes: { change: 'agreed' } },
    });
    return id;
  });
}
