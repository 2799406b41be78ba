import { inTransaction, type Database, type Queryable } from '../db/database.ts';
import { divisionOf, type Nation } from '../domain/calendar/bankHolidays.ts';
import type { BankHolidayCalendar } from '../domain/calendar/bankHolidays.ts';
import { scopeFilter, type Scope } from '../domain/access/scope.ts';
import type { IsoDate } from '../domain/dates.ts';
import { currentCalendar } from '../councils/calendarStore.ts';
import { recordAccess } from '../events/audit.ts';
import type { Actor } from '../events/actor.ts';
import { computeMeasures, stageSummaries, yearBounds, type MeasureResult, type StageRecord, type StageSummary } from './measures.ts';
import { CODES, findProvision, type CodeKey, type MeasureKey } from './provisions.ts';

/**
 * The self-assessment's reads and writes: the stages a code's figures count (with scope for
 * the cases behind a figure), the council's evidence per provision, the governing body's
 * response. SQL stays here; the rules are in measures.ts and provisions.ts.
 */

export const COMPLIANCE = ['yes', 'partly', 'no'] as const;
export type Compliance = (typeof COMPLIANCE)[number];

export interface ProvisionEntry {
  provision: string;
  compliance: Compliance | null;
  evidence: string | null;
  actions: string | null;
  updatedAt: string;
  updatedBy: string;
}

export interface GoverningBodyResponse {
  governingBody: string | null;
  response: string | null;
  respondedOn: IsoDate | null;
}

export interface CouncilOfAssessment {
  id: number;
  slug: string;
  name: string;
  nation: Nation;
  reportingYearStarts: string;
}

export async function councilOf(db: Queryable, councilId: number): Promise<CouncilOfAssessment> {
  const { rows } = await db.query<{ id: number; slug: string; name: string; nation: Nation; reporting_year_starts: string }>(
    'SELECT id, slug, name, nation, reporting_year_starts FROM council WHERE id = $1', [councilId]);
  const r = rows[0]!;
  return { id: r.id, slug: r.slug, name: r.name, nation: r.nation, reportingYearStarts: r.reporting_year_starts };
}

/** The reporting year a date falls in ('2024/25'). */
export function reportingYearOf(date: IsoDate, starts: string): string {
  const y = Number(date.slice(0, 4));
  const first = date.slice(5) >= starts ? y : y - 1;
  return `${first}/${String((first + 1) % 100).padStart(2, '0')}`;
}

/**
 * The stages of the code's complaints (formal or urgent, not duplicates) that started in the
 * year: stage 1 at the complaint's receipt, later stages at their request. With a scope, only
 * the cases it may see (the cases behind a figure); without, the whole council (the figures).
 */
export async function loadStageRecords(db: Queryable, councilId: number, code: CodeKey, year: string, starts: string, scope?: Scope): Promise<StageRecord[]> {
  const bounds = yearBounds(year, starts);
  const params: unknown[] = [councilId, CODES[code].procedureCodes, bounds.from, bounds.to];
  const scoped = scope ? ` AND ${scopeFilter(scope, 'c', params)}` : '';
  const { rows } = await db.query<{
    contact_id: number; reference: string; stage: number; received_on: string; requested_on: string | null; decision: 'accepted' | 'refused' | null;
    opened_on: string | null; acknowledged_on: string | null; responded_on: string | null; due_on: string | null; extended_to: string[] | null;
    outcome: string | null; withdrawn: boolean;
  }>(
    `SELECT c.id AS contact_id, c.reference, s.stage, c.received_on, s.requested_on, s.decision, s.opened_on, s.acknowledged_on,
            s.responded_on, s.due_on, s.outcome, k.status = 'withdrawn' AS withdrawn,
            (SELECT array_agg(e.extended_to::text ORDER BY e.agreed_on, e.id) FROM stage_extension e
              WHERE e.council_id = s.council_id AND e.stage_id = s.id) AS extended_to
       FROM complaint_stage s
       JOIN contact c ON c.council_id = s.council_id AND c.id = s.contact_id
       JOIN complaint k ON k.council_id = s.council_id AND k.contact_id = s.contact_id
      WHERE s.council_id = $1 AND c.kind = 'complaint' AND c.route IN ('formal', 'urgent') AND c.duplicate_of_id IS NULL
        AND c.procedure_code = ANY($2::text[])
        AND (CASE WHEN s.stage = 1 THEN c.received_on ELSE coalesce(s.requested_on, s.opened_on) END) BETWEEN $3::date AND $4::date${scoped}
      ORDER BY c.reference, s.stage`,
    params,
  );
  return rows.map((r) => ({
    contactId: r.contact_id, reference: r.reference, stage: r.stage, receivedOn: r.received_on, requestedOn: r.requested_on, decision: r.decision,
    openedOn: r.opened_on, acknowledgedOn: r.acknowledged_on, respondedOn: r.responded_on, dueOn: r.due_on, extendedTo: r.extended_to ?? [],
    outcome: r.outcome, withdrawn: r.withdrawn,
  }));
}

export async function calendarOf(db: Queryable, nation: Nation): Promise<BankHolidayCalendar> {
  return currentCalendar(db, divisionOf(nation));
}

export interface Figures {
  measures: Record<MeasureKey, MeasureResult>;
  stages: StageSummary[];
}

/** The code's figures for the year, over the council's cases (or those in `scope`). */
export async function figuresOf(db: Queryable, council: CouncilOfAssessment, code: CodeKey, year: string, today: IsoDate, scope?: Scope): Promise<Figures> {
  const [rows, cal] = await Promise.all([
    loadStageRecords(db, council.id, code, year, council.reportingYearStarts, scope),
    calendarOf(db, council.nation),
  ]);
  const bounds = yearBounds(year, council.reportingYearStarts);
  return { measures: computeMeasures(rows, cal, bounds, today), stages: stageSummaries(rows, cal, bounds) };
}

export async function provisionEntries(db: Queryable, councilId: number, year: string, code: CodeKey): Promise<Map<string, ProvisionEntry>> {
  const { rows } = await db.query<{ provision: string; compliance: Compliance | null; evidence: string | null; actions: string | null; updated_at: Date; updated_by: string }>(
    'SELECT provision, compliance, evidence, actions, updated_at, updated_by FROM self_assessment_provision WHERE council_id = $1 AND year = $2 AND code = $3',
    [councilId, year, code]);
  return new Map(rows.map((r) => [r.provision, {
    provision: r.provision, compliance: r.compliance, evidence: r.evidence, actions: r.actions, updatedAt: new Date(r.updated_at).toISOString(), updatedBy: r.updated_by,
  }]));
}

export async function governingBodyResponse(db: Queryable, councilId: number, year: string, code: CodeKey): Promise<GoverningBodyResponse | null> {
  const { rows } = await db.query<{ governing_body: string | null; response: string | null; responded_on: string | null }>(
    'SELECT governing_body, response, responded_on FROM self_assessment_response WHERE council_id = $1 AND year = $2 AND code = $3', [councilId, year, code]);
  const r = rows[0];
  return r ? { governingBody: r.governing_body, response: r.response, respondedOn: r.responded_on } : null;
}

const blankToNull = (s: string | null | undefined) => (s && s.trim() !== '' ? s.trim() : null);

/** Saves the council's view of one provision, audited in the same transaction. */
export async function saveProvision(
  db: Database, councilId: number, year: string, code: CodeKey, provision: string,
  entry: { compliance: Compliance | null; evidence: string | null; actions: string | null }, actor: Actor,
): Promise<void> {
  if (!findProvision(code, provision)) throw new RangeError(`The ${CODES[code].name} has no provision ${provision}`);
  await inTransaction(db, async (client) => {
    await client.query(
      `INSERT INTO self_assessment_provision (council_id, year, code, provision, compliance, evidence, actions, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (council_id, year, code, provision) DO UPDATE
         SET compliance = EXCLUDED.compliance, evidence = EXCLUDED.evidence, actions = EXCLUDED.actions, updated_at = now(), updated_by = EXCLUDED.updated_by`,
      [councilId, year, code, provision, entry.compliance, blankToNull(entry.evidence), blankToNull(entry.actions), actor.name]);
    await recordAccess(client, actor, { councilId, action: 'change_settings', detail: { codes: { setting: 'self_assessment', code, year, provision } } });
  });
}

/** Saves the governing body's response to the year's report, audited in the same transaction. */
export async function saveGoverningBodyResponse(db: Database, councilId: number, year: string, code: CodeKey, response: GoverningBodyResponse, actor: Actor): Promise<void> {
  await inTransaction(db, async (client) => {
    await client.query(
      `INSERT INTO self_assessment_response (council_id, year, code, governing_body, response, responded_on, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (council_id, year, code) DO UPDATE
         SET governing_body = EXCLUDED.governing_body, response = EXCLUDED.response, responded_on = EXCLUDED.responded_on, updated_at = now(), updated_by = EXCLUDED.updated_by`,
      [councilId, year, code, blankToNull(response.governingBody), blankToNull(response.response), response.respondedOn, actor.name]);
    await recordAccess(client, actor, { councilId, action: 'change_settings', detail: { codes: { setting: 'self_assessment_response', code, year } } });
  });
}
