import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { inTransaction, type Database, type Queryable } from '../db/database.ts';
import { OMBUDSMAN_BODIES } from '../domain/cases/vocabulary.ts';
import { isReportingYear } from '../reports/annualReport.ts';

/**
 * The Ombudsman's own published figures for the council (the LGSCO's annual letter and review
 * data, the Housing Ombudsman's landlord report, the PSOW's annual letter), so the report can
 * print them beside Redress's count of the same thing. A CSV of body, year, measure, value;
 * all or nothing, every problem named by row; loading a year again replaces that year's figures.
 */

export const PUBLISHED_MEASURES = [
  'complaints_received', 'decisions', 'detailed_investigations', 'upheld', 'upheld_percent', 'compliance_percent',
  'satisfactory_remedy_by_council', 'closed_after_initial_enquiries', 'referred_back_for_local_resolution',
] as const;
const PERCENTAGES = new Set(['upheld_percent', 'compliance_percent']);
const COLUMNS = ['body', 'year', 'measure', 'value'];

export interface PublishedFigure { body: string; year: string; measure: string; value: number }

export class PublishedFiguresError extends Error {
  constructor(readonly problems: string[]) {
    super(`Nothing was loaded: ${problems.join('; ')}`);
    this.name = 'PublishedFiguresError';
  }
}

/** The figures of a CSV's text, or every problem in it. */
export function parsePublishedFigures(text: string): PublishedFigure[] {
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: 'greedy', transformHeader: (h) => h.trim().toLowerCase() });
  const problems: string[] = [];
  const header = parsed.meta.fields ?? [];
  const missing = COLUMNS.filter((c) => !header.includes(c));
  const unknown = header.filter((c) => !COLUMNS.includes(c));
  if (missing.length > 0) problems.push(`the file needs the columns ${COLUMNS.join(', ')}; ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing`);
  if (unknown.length > 0) problems.push(`unknown column ${unknown.join(', ')} (the columns are ${COLUMNS.join(', ')})`);
  if (problems.length > 0) throw new PublishedFiguresError(problems);
  if (parsed.data.length === 0) throw new PublishedFiguresError(['the file has no figures']);
  const figures: PublishedFigure[] = [];
  const seen = new Set<string>();
  parsed.data.forEach((row, i) => {
    const line = i + 2;
    const body = (row.body ?? '').trim().toLowerCase();
    const year = (row.year ?? '').trim();
    const measure = (row.measure ?? '').trim().toLowerCase();
    const raw = (row.value ?? '').trim().replace(/%$/, '');
    const value = Number(raw);
    if (!(OMBUDSMAN_BODIES as readonly string[]).includes(body)) problems.push(`row ${line}, body "${row.body ?? ''}": expected one of ${OMBUDSMAN_BODIES.join(', ')}`);
    if (!isReportingYear(year)) problems.push(`row ${line}, year "${year}": expected a reporting year like 2023/24`);
    if (!(PUBLISHED_MEASURES as readonly string[]).includes(measure)) problems.push(`row ${line}, measure "${row.measure ?? ''}": expected one of ${PUBLISHED_MEASURES.join(', ')}`);
    if (raw === '' || !Number.isFinite(value) || value < 0) problems.push(`row ${line}, value "${row.value ?? ''}": expected a number, 0 or more`);
    else if (PERCENTAGES.has(measure) && value > 100) problems.push(`row ${line}, value "${row.value ?? ''}": a percentage is at most 100`);
    const key = `${body} ${year} ${measure}`;
    if (seen.has(key)) problems.push(`row ${line}: ${measure} for ${body} ${year} is given twice`);
    seen.add(key);
    figures.push({ body, year, measure, value });
  });
  if (problems.length > 0) throw new PublishedFiguresError(problems);
  return figures;
}

/** Loads a file's figures for a council: each body and year in the file replaced whole, in one transaction. */
export async function loadPublishedFigures(db: Database, councilId: number, path: string): Promise<{ figures: number; years: string[] }> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new PublishedFiguresError([`there is no readable file ${path}`]);
  }
  const figures = parsePublishedFigures(text);
  const source = path.split('/').pop() ?? path;
  await inTransaction(db, (client) => storeCouncilFigures(client, councilId, figures, source));
  return { figures: figures.length, years: [...new Set(figures.map((f) => f.year))].sort() };
}

/** Stores a council's own figures: each body and year in them replaced whole (inside the caller's transaction). */
export async function storeCouncilFigures(client: Queryable, councilId: number, figures: PublishedFigure[], source: string): Promise<void> {
  const bodyYears = new Map(figures.map((f) => [`${f.body} ${f.year}`, [f.body, f.year] as const]));
  for (const [body, year] of bodyYears.values()) {
    await client.query('DELETE FROM ombudsman_published_figure WHERE council_id = $1 AND body = $2 AND year = $3', [councilId, body, year]);
  }
  for (const f of figures) {
    await client.query('INSERT INTO ombudsman_published_figure (council_id, body, year, measure, value, source) VALUES ($1, $2, $3, $4, $5, $6)',
      [councilId, f.body, f.year, f.measure, f.value, source]);
  }
}
