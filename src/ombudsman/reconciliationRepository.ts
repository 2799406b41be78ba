import { inTransaction, type Database, type Queryable } from '../db/database.ts';
import { recordAccess } from '../events/audit.ts';
import type { Actor } from '../events/actor.ts';
import type { PublishedCompliance } from './figuresFiles.ts';
import {
  benchmark, compareMeasures, complianceOf, countOurMeasures, guessOwnAuthority, reconcileCases, tallyCases,
  type AuthorityFigures, type Benchmark, type CaseLine, type CaseStanding, type MeasureLine,
} from './reconciliation.ts';

/** Reading what reconciliation.ts compares: our Ombudsman cases (report_ombudsman) and the published data (032). */

export interface Reconciliation {
  measures: MeasureLine[];
  cases: CaseLine[];
  tally: Record<CaseStanding, number>;
  /** Whether the Ombudsman's figures / list of decisions for the body and year were loaded at all. */
  figuresLoaded: boolean;
  decisionsLoaded: boolean;
}

const MATCH = (column: string) => `upper(regexp_replace(${column}, '\\s', '', 'g'))`;

export async function reconciliationFor(db: Queryable, councilId: number, body: string, year: string): Promise<Reconciliation> {
  const [figures, published, ourCases] = await Promise.all([
    db.query<{ measure: string; value: number }>(
      'SELECT measure, value::float8 AS value FROM ombudsman_published_figure WHERE council_id = $1 AND body = $2 AND year = $3', [councilId, body, year]),
    // The Ombudsman's cases decided that year, and any of ours decided that year it lists under another.
    db.query<{ reference: string; decided_on: string; decided_year: string; category: string | null; decision: string; compliance: PublishedCompliance | null }>(
      `SELECT d.ombudsman_reference AS reference, to_char(d.decided_on, 'YYYY-MM-DD') AS decided_on,
              reporting_year(d.decided_on, k.reporting_year_starts) AS decided_year, d.category, d.decision, d.compliance
         FROM ombudsman_published_decision d JOIN council k ON k.id = d.council_id
        WHERE d.council_id = $1 AND d.body = $2
          AND (reporting_year(d.decided_on, k.reporting_year_starts) = $3
               OR d.match_reference IN (SELECT ${MATCH('o.reference')} FROM report_ombudsman o WHERE o.council_id = $1 AND o.body = $2 AND o.decided_year = $3))`,
      [councilId, body, year]),
    db.query<{ id: string; reference: string; year: string; decided_year: string | null; decision: string | null; detailed_investigation: boolean; upheld: boolean | null;
      satisfactory_remedy_by_council: boolean; compliance_due_on: string | null; complied_on: string | null }>(
      `SELECT o.ombudsman_case_id AS id, o.reference, o.year, o.decided_year, o.decision, o.detailed_investigation, o.upheld, o.satisfactory_remedy_by_council,
              to_char(o.compliance_due_on, 'YYYY-MM-DD') AS compliance_due_on, to_char(o.complied_on, 'YYYY-MM-DD') AS complied_on
         FROM report_ombudsman o
        WHERE o.council_id = $1 AND o.body = $2
          AND (o.year = $3 OR o.decided_year = $3
               OR ${MATCH('o.reference')} IN (SELECT d.match_reference FROM ombudsman_published_decision d JOIN council k ON k.id = d.council_id
                                               WHERE d.council_id = $1 AND d.body = $2 AND reporting_year(d.decided_on, k.reporting_year_starts) = $3))`,
      [councilId, body, year]),
  ]);
  const ours = countOurMeasures(ourCases.rows.map((c) => ({
    receivedYear: c.year, decidedYear: c.decided_year, decision: c.decision, detailedInvestigation: c.detailed_investigation, upheld: c.upheld === true,
    satisfactoryRemedyByCouncil: c.satisfactory_remedy_by_council,
    complianceDue: c.compliance_due_on !== null, complied: c.complied_on !== null,
  })), year);
  const cases = reconcileCases(year,
    ourCases.rows.map((c) => ({
      id: Number(c.id), reference: c.reference, decidedYear: c.decided_year, decision: c.decision,
      compliance: complianceOf({ complianceDueOn: c.compliance_due_on, compliedOn: c.complied_on }),
    })),
    published.rows.map((d) => ({ reference: d.reference, decidedOn: d.decided_on, decidedYear: d.decided_year, category: d.category, decision: d.decision, compliance: d.compliance })));
  const { rows: loaded } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM ombudsman_published_decision d JOIN council k ON k.id = d.council_id
      WHERE d.council_id = $1 AND d.body = $2 AND reporting_year(d.decided_on, k.reporting_year_starts) = $3`, [councilId, body, year]);
  return {
    measures: compareMeasures(ours, Object.fromEntries(figures.rows.map((f) => [f.measure, f.value]))),
    cases, tally: tallyCases(cases), figuresLoaded: figures.rows.length > 0, decisionsLoaded: loaded[0]!.n > 0,
  };
}

/** The years there is anything to reconcile or compare for a body, newest first. */
export async function yearsWithFigures(db: Queryable, councilId: number, body: string): Promise<string[]> {
  const { rows } = await db.query<{ year: string }>(
    `SELECT year FROM ombudsman_published_figure WHERE council_id = $1 AND body = $2
     UNION SELECT year FROM ombudsman_benchmark_figure WHERE council_id = $1 AND body = $2
     UNION SELECT reporting_year(d.decided_on, k.reporting_year_starts) FROM ombudsman_published_decision d JOIN council k ON k.id = d.council_id
            WHERE d.council_id = $1 AND d.body = $2
     UNION SELECT decided_year FROM report_ombudsman WHERE council_id = $1 AND body = $2 AND decided_year IS NOT NULL
     ORDER BY year DESC`, [councilId, body]);
  return rows.map((r) => r.year);
}

export interface ComparisonGroup { id: number; name: string; members: string[] }

export async function comparisonGroups(db: Queryable, councilId: number): Promise<ComparisonGroup[]> {
  const { rows } = await db.query<{ id: string; name: string; members: string[] | null }>(
    `SELECT g.id, g.name, array_agg(m.authority_code ORDER BY m.authority_code) FILTER (WHERE m.authority_code IS NOT NULL) AS members
       FROM ombudsman_comparison_group g
       LEFT JOIN ombudsman_comparison_member m ON m.council_id = g.council_id AND m.group_id = g.id
      WHERE g.council_id = $1 GROUP BY g.id, g.name ORDER BY g.name`, [councilId]);
  return rows.map((r) => ({ id: Number(r.id), name: r.name, members: r.members ?? [] }));
}

/** Every authority in the loaded benchmarking data (any body or year), by name, with the name it was last loaded under. */
export async function knownAuthorities(db: Queryable, councilId: number): Promise<{ code: string; name: string }[]> {
  const { rows } = await db.query<{ code: string; name: string }>(
    `SELECT DISTINCT ON (authority_code) authority_code AS code, authority_name AS name
       FROM ombudsman_benchmark_figure WHERE council_id = $1 ORDER BY authority_code, loaded_at DESC, year DESC`, [councilId]);
  return rows.sort((a, b) => a.name.localeCompare(b.name));
}

/** Which authority the council is in the published data: as chosen, else guessed from its name. */
export async function ownAuthority(db: Queryable, councilId: number, authorities: { code: string; name: string }[]): Promise<{ code: string | null; chosen: boolean }> {
  const { rows } = await db.query<{ code: string | null; name: string }>('SELECT ombudsman_authority_code AS code, name FROM council WHERE id = $1', [councilId]);
  const council = rows[0]!;
  if (council.code) return { code: council.code, chosen: true };
  return { code: guessOwnAuthority(council.name, authorities), chosen: false };
}

export interface BenchmarkPage {
  groups: ComparisonGroup[];
  group: ComparisonGroup | null;
  authorities: { code: string; name: string }[];
  own: { code: string | null; chosen: boolean };
  result: Benchmark | null;
}

/** The council beside a comparison group (the first by name unless one is chosen) for a body and year. */
export async function benchmarkFor(db: Queryable, councilId: number, body: string, year: string, groupId: number | null): Promise<BenchmarkPage> {
  const [groups, authorities] = await Promise.all([comparisonGroups(db, councilId), knownAuthorities(db, councilId)]);
  const own = await ownAuthority(db, councilId, authorities);
  const group = (groupId === null ? groups[0] : groups.find((g) => g.id === groupId)) ?? null;
  const { rows } = await db.query<{ code: string; name: string; measure: string; value: number }>(
    `SELECT authority_code AS code, authority_name AS name, measure, value::float8 AS value
       FROM ombudsman_benchmark_figure WHERE council_id = $1 AND body = $2 AND year = $3`, [councilId, body, year]);
  const byCode = new Map<string, AuthorityFigures & { measures: Record<string, number> }>();
  for (const r of rows) {
    const a = byCode.get(r.code) ?? { code: r.code, name: r.name, measures: {} };
    a.measures[r.measure] = r.value;
    byCode.set(r.code, a);
  }
  const result = rows.length === 0 ? null : benchmark([...byCode.values()], group?.members ?? [], own.code);
  return { groups, group, authorities, own, result };
}

export class ComparisonGroupError extends Error {
  constructor(readonly field: 'name' | 'members', readonly problem: 'name_taken' | 'unknown_member') {
    super(`${field}: ${problem}`);
    this.name = 'ComparisonGroupError';
  }
}

/** Saves a named comparison group (new, or replacing one of the council's by id), audited. */
export async function saveComparisonGroup(db: Database, councilId: number, group: { id: number | null; name: string; members: string[] }, actor: Actor): Promise<number> {
  return inTransaction(db, async (client) => {
    const known = new Set((await knownAuthorities(client, councilId)).map((a) => a.code));
    if (group.members.some((m) => !known.has(m))) throw new ComparisonGroupError('members', 'unknown_member');
    const { rows: taken } = await client.query('SELECT 1 FROM ombudsman_comparison_group WHERE council_id = $1 AND lower(name) = lower($2) AND id IS DISTINCT FROM $3',
      [councilId, group.name, group.id]);
    if (taken.length > 0) throw new ComparisonGroupError('name', 'name_taken');
    let id = group.id;
    if (id === null) {
      const { rows } = await client.query<{ id: string }>('INSERT INTO ombudsman_comparison_group (council_id, name) VALUES ($1, $2) RETURNING id', [councilId, group.name]);
      id = Number(rows[0]!.id);
    } else {
      const { rowCount } = await client.query('UPDATE ombudsman_comparison_group SET name = $3 WHERE council_id = $1 AND id = $2', [councilId, id, group.name]);
      if (rowCount === 0) throw new ComparisonGroupError('name', 'unknown_member');
      await client.query('DELETE FROM ombudsman_comparison_member WHERE council_id = $1 AND group_id = $2', [councilId, id]);
    }
    await client.query(
      'INSERT INTO ombudsman_comparison_member (council_id, group_id, authority_code) SELECT $1, $2, m FROM unnest($3::text[]) AS m',
      [councilId, id, [...new Set(group.members)]]);
    await recordAccess(client, actor, { councilId, action: 'change_settings', detail: { count: group.members.length, numbers: { groupId: id }, codes: { setting: 'ombudsman_comparison_group' } } });
    return id;
  });
}

export async function deleteComparisonGroup(db: Database, councilId: number, id: number, actor: Actor): Promise<boolean> {
  return inTransaction(db, async (client) => {
    const { rowCount } = await client.query('DELETE FROM ombudsman_comparison_group WHERE council_id = $1 AND id = $2', [councilId, id]);
    if (!rowCount) return false;
    await recordAccess(client, actor, { councilId, action: 'change_settings', detail: { numbers: { groupId: id }, codes: { setting: 'ombudsman_comparison_group_deleted' } } });
    return true;
  });
}

/** Records which authority in the published data is the council, audited. */
export async function chooseOwnAuthority(db: Database, councilId: number, code: string, actor: Actor): Promise<boolean> {
  return inTransaction(db, async (client) => {
    const known = new Set((await knownAuthorities(client, councilId)).map((a) => a.code));
    if (!known.has(code)) return false;
    await client.query('UPDATE council SET ombudsman_authority_code = $2 WHERE id = $1', [councilId, code]);
    await recordAccess(client, actor, { councilId, action: 'change_settings', detail: { codes: { setting: 'ombudsman_own_authority', authority: code } } });
    return true;
  });
}
