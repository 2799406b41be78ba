import Papa from 'papaparse';
import { OMBUDSMAN_BODIES, OMBUDSMAN_DECISIONS, type OmbudsmanDecision } from '../domain/cases/vocabulary.ts';
import { isReportingYear } from '../reports/annualReport.ts';
import { parsePublishedFigures, PublishedFiguresError, PUBLISHED_MEASURES, type PublishedFigure } from './publishedFigures.ts';

/**
 * The three kinds of file of the Ombudsman's published data (docs/formats/ombudsman-figures.md),
 * told apart by their columns: the council's own figures (body, year, measure, value: the
 * format of 013, unchanged), every authority's figures for benchmarking (the same with the
 * authority's ONS code and name), and the Ombudsman's list of decisions about the council
 * (one row per case). Pure: text in, rows or every problem by row out.
 */

export type FiguresKind = 'council' | 'benchmark' | 'decisions';
export const FIGURES_KINDS: readonly FiguresKind[] = ['council', 'benchmark', 'decisions'];

export const BENCHMARK_MEASURES = [...PUBLISHED_MEASURES, 'similar_authorities_upheld_percent'] as const;
const PERCENTAGES = new Set(['upheld_percent', 'compliance_percent', 'similar_authorities_upheld_percent']);

export const PUBLISHED_COMPLIANCE = ['complied', 'complied_late', 'outstanding'] as const;
export type PublishedCompliance = (typeof PUBLISHED_COMPLIANCE)[number];

export interface BenchmarkFigure extends PublishedFigure { authorityCode: string; authorityName: string }

export interface PublishedDecision {
  body: string;
  reference: string;
  receivedOn: string | null;
  decidedOn: string;
  category: string | null;
  decision: OmbudsmanDecision;
  remedy: string | null;
  compliance: PublishedCompliance | null;
}

export type ParsedFigures =
  | { kind: 'council'; rows: PublishedFigure[] }
  | { kind: 'benchmark'; rows: BenchmarkFigure[] }
  | { kind: 'decisions'; rows: PublishedDecision[] };

/** Column names as written, tidied: "Decision date" → decision_date. */
const tidy = (h: string) => h.trim().toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');

/** Each column's name and the other names accepted for it (the Ombudsman's own wording where it differs). */
const BENCHMARK_COLUMNS: Record<string, string[]> = {
  authority_code: ['authority_code', 'ons_code', 'gss_code', 'la_code', 'code'],
  authority_name: ['authority_name', 'authority', 'council', 'organisation', 'organisation_name', 'local_authority'],
  body: ['body', 'ombudsman'], year: ['year'], measure: ['measure'], value: ['value'],
};
const DECISION_COLUMNS: Record<string, string[]> = {
  body: ['body', 'ombudsman'],
  ombudsman_reference: ['ombudsman_reference', 'reference', 'case_reference', 'ref'],
  received_on: ['received_on', 'received', 'date_received', 'received_date'],
  decided_on: ['decided_on', 'decided', 'decision_date', 'date_decided', 'date_of_decision'],
  category: ['category', 'subject', 'service_area'],
  decision: ['decision', 'outcome', 'decision_reason'],
  remedy: ['remedy', 'remedies'],
  compliance: ['compliance', 'compliance_with_recommendations'],
};
const REQUIRED: Record<'benchmark' | 'decisions', string[]> = {
  benchmark: ['authority_name', 'body', 'year', 'measure', 'value'],
  decisions: ['body', 'ombudsman_reference', 'decided_on', 'decision'],
};

/** Which kind a header is: a reference column makes a list of decisions, an authority column benchmarking figures. */
export function figuresKindOf(header: readonly string[]): FiguresKind {
  const columns = new Set(header.map(tidy));
  if (DECISION_COLUMNS.ombudsman_reference!.some((c) => columns.has(c))) return 'decisions';
  if ([...BENCHMARK_COLUMNS.authority_code!, ...BENCHMARK_COLUMNS.authority_name!].some((c) => columns.has(c))) return 'benchmark';
  return 'council';
}

/** A file's rows, or every problem in it (PublishedFiguresError). */
export function parseFiguresFile(text: string): ParsedFigures {
  const clean = text.replace(/^\uFEFF/, '');
  const header = Papa.parse<string[]>(clean, { preview: 1 }).data[0] ?? [];
  const kind = figuresKindOf(header);
  if (kind === 'council') return { kind, rows: parsePublishedFigures(clean) };
  return kind === 'benchmark' ? { kind, rows: parseBenchmark(clean) } : { kind, rows: parseDecisions(clean) };
}

/** The rows under their columns' own names (aliases resolved), or the problems with the header. */
function readRows(text: string, columns: Record<string, string[]>, required: string[]): Record<string, string>[] {
  const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: 'greedy', transformHeader: tidy });
  const header = parsed.meta.fields ?? [];
  const nameOf = new Map<string, string>();
  const problems: string[] = [];
  for (const h of header) {
    const own = Object.entries(columns).find(([, aliases]) => aliases.includes(h))?.[0];
    if (!own) problems.push(`unknown column ${h} (the columns are ${Object.keys(columns).join(', ')})`);
    else if ([...nameOf.values()].includes(own)) problems.push(`the column ${own} is given twice`);
    else nameOf.set(h, own);
  }
  const missing = required.filter((c) => ![...nameOf.values()].includes(c));
  if (missing.length > 0) problems.unshift(`the file needs the columns ${required.join(', ')}; ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing`);
  if (problems.length > 0) throw new PublishedFiguresError(problems);
  if (parsed.data.length === 0) throw new PublishedFiguresError(['the file has no rows']);
  return parsed.data.map((row) => Object.fromEntries([...nameOf].map(([h, own]) => [own, (row[h] ?? '').trim()])));
}

const bodyProblem = (line: number, raw: string) =>
  (OMBUDSMAN_BODIES as readonly string[]).includes(raw.toLowerCase()) ? null : `row ${line}, body "${raw}": expected one of ${OMBUDSMAN_BODIES.join(', ')}`;

/** An authority's code: its ONS code as given, else one made from its name ("Leeds City Council" → leeds-city-council). */
export const authorityCodeOf = (code: string, name: string) =>
  code !== '' ? code.toUpperCase() : name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);

function parseBenchmark(text: string): BenchmarkFigure[] {
  const rows = readRows(text, BENCHMARK_COLUMNS, REQUIRED.benchmark);
  const problems: string[] = [];
  const figures: BenchmarkFigure[] = [];
  const seen = new Set<string>();
  const nameOfCode = new Map<string, string>();
  rows.forEach((row, i) => {
    const line = i + 2;
    const name = row.authority_name ?? '';
    const rawCode = row.authority_code ?? '';
    const body = (row.body ?? '').toLowerCase();
    const year = row.year ?? '';
    const measure = (row.measure ?? '').toLowerCase();
    const raw = (row.value ?? '').replace(/%$/, '');
    const value = Number(raw);
    if (name === '') problems.push(`row ${line}: the authority's name is missing`);
    if (rawCode !== '' && !/^[A-Za-z0-9_-]{1,60}$/.test(rawCode)) problems.push(`row ${line}, authority code "${rawCode}": expected a code like E08000033`);
    const b = bodyProblem(line, row.body ?? '');
    if (b) problems.push(b);
    if (!isReportingYear(year)) problems.push(`row ${line}, year "${year}": expected a reporting year like 2023/24`);
    if (!(BENCHMARK_MEASURES as readonly string[]).includes(measure)) problems.push(`row ${line}, measure "${row.measure ?? ''}": expected one of ${BENCHMARK_MEASURES.join(', ')}`);
    if (raw === '' || !Number.isFinite(value) || value < 0) problems.push(`row ${line}, value "${row.value ?? ''}": expected a number, 0 or more`);
    else if (PERCENTAGES.has(measure) && value > 100) problems.push(`row ${line}, value "${row.value ?? ''}": a percentage is at most 100`);
    const authorityCode = authorityCodeOf(rawCode, name);
    if (name !== '' && authorityCode === '') problems.push(`row ${line}, authority "${name}": give its ONS code`);
    const named = nameOfCode.get(authorityCode);
    if (named !== undefined && named !== name) problems.push(`row ${line}: the code ${authorityCode} is given for both ${named} and ${name}`);
    nameOfCode.set(authorityCode, name);
    const key = `${authorityCode} ${body} ${year} ${measure}`;
    if (seen.has(key)) problems.push(`row ${line}: ${measure} for ${name} (${body} ${year}) is given twice`);
    seen.add(key);
    figures.push({ authorityCode, authorityName: name, body, year, measure, value });
  });
  if (problems.length > 0) throw new PublishedFiguresError(problems);
  return figures;
}

/** An Ombudsman reference as matched: upper case, no spaces. */
export const matchReference = (reference: string) => reference.toUpperCase().replace(/\s+/g, '');

/** A date as 2024-05-31 or 31/05/2024, or null if it is neither or not a real day. */
export function readDay(raw: string): string | null {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw);
  const uk = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(raw);
  const [y, m, d] = iso ? [iso[1], iso[2], iso[3]] : uk ? [uk[3], uk[2]!.padStart(2, '0'), uk[1]!.padStart(2, '0')] : [];
  if (!y || !m || !d) return null;
  const day = `${y}-${m}-${d}`;
  const parsed = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== day ? null : day;
}

/** A decision in Redress's words, from its code or the Ombudsman's wording ("Upheld: fault and injustice"). */
export function readDecision(raw: string): OmbudsmanDecision | null {
  const code = tidy(raw);
  if ((OMBUDSMAN_DECISIONS as readonly string[]).includes(code)) return code as OmbudsmanDecision;
  const starts: [string, OmbudsmanDecision][] = [
    ['not_upheld', 'not_upheld'], ['upheld', 'upheld'], ['closed_after_initial_enquiries', 'closed_after_initial_enquiries'],
    ['referred_back', 'referred_back_for_local_resolution'], ['incomplete', 'incomplete_or_invalid'], ['advice', 'advice_given'],
    ['out_of_jurisdiction', 'out_of_jurisdiction'], ['no_maladministration', 'no_maladministration'],
  ];
  return starts.find(([prefix]) => code.startsWith(prefix))?.[1] ?? null;
}

/** Compliance with the Ombudsman's recommendations: blank or "n/a" where none was due. */
export function readCompliance(raw: string): PublishedCompliance | null | undefined {
  const code = tidy(raw);
  if (['', 'n_a', 'na', 'none', 'not_applicable'].includes(code)) return null;
  if (code === 'complied' || code === 'complied_on_time' || code === 'yes') return 'complied';
  if (code === 'complied_late' || code === 'late') return 'complied_late';
  if (['outstanding', 'not_complied', 'not_yet_complied', 'compliance_outstanding', 'no'].includes(code)) return 'outstanding';
  return undefined;
}

function parseDecisions(text: string): PublishedDecision[] {
  const rows = readRows(text, DECISION_COLUMNS, REQUIRED.decisions);
  const problems: string[] = [];
  const decisions: PublishedDecision[] = [];
  const seen = new Map<string, number>();
  rows.forEach((row, i) => {
    const line = i + 2;
    const body = (row.body ?? '').toLowerCase();
    const reference = row.ombudsman_reference ?? '';
    const b = bodyProblem(line, row.body ?? '');
    if (b) problems.push(b);
    if (reference === '') problems.push(`row ${line}: the Ombudsman's reference is missing`);
    else if (reference.length > 40) problems.push(`row ${line}, reference: at most 40 characters`);
    const received = row.received_on ?? '';
    const receivedOn = received === '' ? null : readDay(received);
    if (received !== '' && !receivedOn) problems.push(`row ${line}, received_on "${received}": expected a date like 2024-05-31`);
    const decidedOn = readDay(row.decided_on ?? '');
    if (!decidedOn) problems.push(`row ${line}, decided_on "${row.decided_on ?? ''}": expected a date like 2024-05-31`);
    if (receivedOn && decidedOn && receivedOn > decidedOn) problems.push(`row ${line}: decided before it was received`);
    const decision = readDecision(row.decision ?? '');
    if (!decision) problems.push(`row ${line}, decision "${row.decision ?? ''}": expected one of ${OMBUDSMAN_DECISIONS.join(', ')}`);
    const compliance = readCompliance(row.compliance ?? '');
    if (compliance === undefined) problems.push(`row ${line}, compliance "${row.compliance ?? ''}": expected ${PUBLISHED_COMPLIANCE.join(', ')} or blank`);
    const key = `${body} ${matchReference(reference)}`;
    const before = seen.get(key);
    if (reference !== '' && before !== undefined) problems.push(`row ${line}: the reference ${reference} is also on row ${before}`);
    seen.set(key, line);
    decisions.push({
      body, reference, receivedOn, decidedOn: decidedOn ?? '', category: row.category || null, decision: decision ?? 'upheld',
      remedy: row.remedy || null, compliance: compliance ?? null,
    });
  });
  if (problems.length > 0) throw new PublishedFiguresError(problems);
  return decisions;
}

/** The reporting year a day falls in, for a year starting on `starts` (MM-DD): 2024-05-31 → 2024/25. */
export function reportingYearOfDay(day: string, starts: string): string {
  const y = Number(day.slice(0, 4));
  const first = day.slice(5) >= starts ? y : y - 1;
  return `${first}/${String((first + 1) % 100).padStart(2, '0')}`;
}
