import { readFileSync } from 'node:fs';
import { inTransaction, type Database, type Queryable } from '../db/database.ts';
import { recordAccess } from '../events/audit.ts';
import type { Actor } from '../events/actor.ts';
import { PublishedFiguresError, storeCouncilFigures } from './publishedFigures.ts';
import { matchReference, parseFiguresFile, reportingYearOfDay, type BenchmarkFigure, type FiguresKind, type ParsedFigures, type PublishedDecision } from './figuresFiles.ts';

/**
 * Loading the Ombudsman's published data, any of the three kinds (figuresFiles.ts): all or
 * nothing, one transaction; what a file covers (a body and year of figures, the years of
 * decisions) is replaced whole, so loading a corrected file again is safe. On the web a file
 * is first held (ombudsman_figures_upload) and shown for checking; confirming loads it.
 */

/** What a file holds, for the check page and the command's answer. */
export interface FiguresSummary {
  kind: FiguresKind;
  rows: number;
  /** One line per body and year: how many rows (and, for benchmarking, authorities). */
  covers: { body: string; year: string; rows: number; authorities: number }[];
  /** Up to 20 rows, to eyeball before confirming. */
  sample: string[][];
}

const SAMPLE = 20;

export function summariseFigures(parsed: ParsedFigures, reportingYearStarts: string): FiguresSummary {
  const covers = new Map<string, { body: string; year: string; rows: number; codes: Set<string> }>();
  const add = (body: string, year: string, code: string) => {
    const key = `${body} ${year}`;
    const c = covers.get(key) ?? { body, year, rows: 0, codes: new Set<string>() };
    c.rows += 1;
    c.codes.add(code);
    covers.set(key, c);
  };
  let sample: string[][];
  if (parsed.kind === 'council') {
    parsed.rows.forEach((r) => add(r.body, r.year, ''));
    sample = parsed.rows.slice(0, SAMPLE).map((r) => [r.body, r.year, r.measure, String(r.value)]);
  } else if (parsed.kind === 'benchmark') {
    parsed.rows.forEach((r) => add(r.body, r.year, r.authorityCode));
    sample = parsed.rows.slice(0, SAMPLE).map((r) => [r.authorityName, r.body, r.year, r.measure, String(r.value)]);
  } else {
    parsed.rows.forEach((r) => add(r.body, reportingYearOfDay(r.decidedOn, reportingYearStarts), r.reference));
    sample = parsed.rows.slice(0, SAMPLE).map((r) => [r.reference, r.body, r.decidedOn, r.decision, r.compliance ?? '']);
  }
  return {
    kind: parsed.kind, rows: parsed.rows.length, sample,
    covers: [...covers.values()].sort((a, b) => a.body.localeCompare(b.body) || a.year.localeCompare(b.year))
      .map((c) => ({ body: c.body, year: c.year, rows: c.rows, authorities: parsed.kind === 'benchmark' ? c.codes.size : 0 })),
  };
}

async function reportingYearStartsOf(client: Queryable, councilId: number): Promise<string> {
  const { rows } = await client.query<{ starts: string }>('SELECT reporting_year_starts AS starts FROM council WHERE id = $1', [councilId]);
  return rows[0]?.starts ?? '04-01';
}

async function storeBenchmark(client: Queryable, councilId: number, figures: BenchmarkFigure[], source: string): Promise<void> {
  const bodyYears = new Map(figures.map((f) => [`${f.body} ${f.year}`, [f.body, f.year] as const]));
  for (const [body, year] of bodyYears.values()) {
    await client.query('DELETE FROM ombudsman_benchmark_figure WHERE council_id = $1 AND body = $2 AND year = $3', [councilId, body, year]);
  }
  // One statement for the whole file: the LGSCO's data has every authority in England.
  await client.query(
    `INSERT INTO ombudsman_benchmark_figure (council_id, body, year, authority_code, authority_name, measure, value, source)
     SELECT $1, f.body, f.year, f.code, f.name, f.measure, f.value, $2
       FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::numeric[]) AS f (body, year, code, name, measure, value)`,
    [councilId, source, figures.map((f) => f.body), figures.map((f) => f.year), figures.map((f) => f.authorityCode),
      figures.map((f) => f.authorityName), figures.map((f) => f.measure), figures.map((f) => f.value)]);
}

async function storeDecisions(client: Queryable, councilId: number, decisions: PublishedDecision[], source: string): Promise<void> {
  const starts = await reportingYearStartsOf(client, councilId);
  const bodyYears = new Map(decisions.map((d) => {
    const year = reportingYearOfDay(d.decidedOn, starts);
    return [`${d.body} ${year}`, [d.body, year] as const];
  }));
  for (const [body, year] of bodyYears.values()) {
    await client.query(
      `DELETE FROM ombudsman_published_decision d USING council k
        WHERE d.council_id = $1 AND k.id = d.council_id AND d.body = $2 AND reporting_year(d.decided_on, k.reporting_year_starts) = $3`,
      [councilId, body, year]);
  }
  // A case listed before under another year (its decision date corrected) moves to this file's.
  await client.query(
    `DELETE FROM ombudsman_published_decision d USING unnest($2::text[], $3::text[]) AS f (body, ref)
      WHERE d.council_id = $1 AND d.body = f.body AND d.match_reference = f.ref`,
    [councilId, decisions.map((d) => d.body), decisions.map((d) => matchReference(d.reference))]);
  await client.query(
    `INSERT INTO ombudsman_published_decision (council_id, body, ombudsman_reference, match_reference, received_on, decided_on, category, decision, remedy, compliance, source)
     SELECT $1, f.body, f.ref, f.match, f.received, f.decided, f.category, f.decision, f.remedy, f.compliance, $2
       FROM unnest($3::text[], $4::text[], $5::text[], $6::date[], $7::date[], $8::text[], $9::text[], $10::text[], $11::text[])
            AS f (body, ref, match, received, decided, category, decision, remedy, compliance)`,
    [councilId, source, decisions.map((d) => d.body), decisions.map((d) => d.reference), decisions.map((d) => matchReference(d.reference)),
      decisions.map((d) => d.receivedOn), decisions.map((d) => d.decidedOn), decisions.map((d) => d.category), decisions.map((d) => d.decision),
      decisions.map((d) => d.remedy), decisions.map((d) => d.compliance)]);
}

/** Stores a parsed file inside the caller's transaction. */
export async function storeFigures(client: Queryable, councilId: number, parsed: ParsedFigures, source: string): Promise<void> {
  if (parsed.kind === 'council') await storeCouncilFigures(client, councilId, parsed.rows, source);
  else if (parsed.kind === 'benchmark') await storeBenchmark(client, councilId, parsed.rows, source);
  else await storeDecisions(client, councilId, parsed.rows, source);
}

/** The command's load (redress ombudsman figures <file>): any kind, told by its columns. */
export async function loadOmbudsmanFigures(db: Database, councilId: number, path: string): Promise<FiguresSummary> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new PublishedFiguresError([`there is no readable file ${path}`]);
  }
  const parsed = parseFiguresFile(text);
  const source = path.split('/').pop() ?? path;
  return inTransaction(db, async (client) => {
    await storeFigures(client, councilId, parsed, source);
    return summariseFigures(parsed, await reportingYearStartsOf(client, councilId));
  });
}

/** An upload held for checking: its kind and summary, or every problem (nothing held then). */
export type HeldUpload = { id: number; filename: string; summary: FiguresSummary };

/** Holds an uploaded file for its check page; refuses one with problems (PublishedFiguresError). */
export async function holdFiguresUpload(db: Database, councilId: number, filename: string, text: string): Promise<HeldUpload> {
  const parsed = parseFiguresFile(text);
  return inTransaction(db, async (client) => {
    // Uploads nobody confirmed within a day are dropped.
    await client.query(`DELETE FROM ombudsman_figures_upload WHERE council_id = $1 AND uploaded_at < now() - interval '1 day'`, [councilId]);
    const { rows } = await client.query<{ id: string }>(
      'INSERT INTO ombudsman_figures_upload (council_id, kind, filename, content) VALUES ($1, $2, $3, $4) RETURNING id',
      [councilId, parsed.kind, filename, text]);
    return { id: Number(rows[0]!.id), filename, summary: summariseFigures(parsed, await reportingYearStartsOf(client, councilId)) };
  });
}

/** A held upload, checked again, or null if there is none of that id for the council. */
export async function heldFiguresUpload(db: Queryable, councilId: number, id: number): Promise<HeldUpload | null> {
  const { rows } = await db.query<{ filename: string; content: string }>(
    'SELECT filename, content FROM ombudsman_figures_upload WHERE council_id = $1 AND id = $2', [councilId, id]);
  if (!rows[0]) return null;
  return { id, filename: rows[0].filename, summary: summariseFigures(parseFiguresFile(rows[0].content), await reportingYearStartsOf(db, councilId)) };
}

/** Loads a held upload: stored, the upload removed and the change audited, in one transaction. */
export async function confirmFiguresUpload(db: Database, councilId: number, id: number, actor: Actor): Promise<FiguresSummary | null> {
  return inTransaction(db, async (client) => {
    const { rows } = await client.query<{ filename: string; content: string }>(
      'DELETE FROM ombudsman_figures_upload WHERE council_id = $1 AND id = $2 RETURNING filename, content', [councilId, id]);
    if (!rows[0]) return null;
    const parsed = parseFiguresFile(rows[0].content);
    await storeFigures(client, councilId, parsed, rows[0].filename);
    const summary = summariseFigures(parsed, await reportingYearStartsOf(client, councilId));
    await recordAccess(client, actor, { councilId, action: 'change_settings', detail: { count: summary.rows, codes: { setting: 'ombudsman_figures', kind: parsed.kind } } });
    return summary;
  });
}

/** Drops a held upload (the person chose not to load it). */
export async function discardFiguresUpload(db: Queryable, councilId: number, id: number): Promise<void> {
  await db.query('DELETE FROM ombudsman_figures_upload WHERE council_id = $1 AND id = $2', [councilId, id]);
}

/** What is loaded now, by kind, Ombudsman and year: how many rows (and councils, for benchmarking). */
export async function loadedFigures(db: Queryable, councilId: number): Promise<{ kind: FiguresKind; body: string; year: string; rows: number; authorities: number }[]> {
  const { rows } = await db.query<{ kind: FiguresKind; body: string; year: string; rows: number; authorities: number }>(
    `SELECT 'council' AS kind, body, year, count(*)::int AS rows, 0 AS authorities FROM ombudsman_published_figure WHERE council_id = $1 GROUP BY body, year
     UNION ALL
     SELECT 'benchmark', body, year, count(*)::int, count(DISTINCT authority_code)::int FROM ombudsman_benchmark_figure WHERE council_id = $1 GROUP BY body, year
     UNION ALL
     SELECT 'decisions', d.body, reporting_year(d.decided_on, k.reporting_year_starts), count(*)::int, 0
       FROM ombudsman_published_decision d JOIN council k ON k.id = d.council_id WHERE d.council_id = $1 GROUP BY 2, 3
     ORDER BY 3 DESC, 1, 2`, [councilId]);
  return rows;
}
