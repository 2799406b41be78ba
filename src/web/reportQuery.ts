import type { Queryable } from '../db/database.ts';
import type { Council } from '../councils/councilRepository.ts';
import { badRequest } from './pipeline/httpProblems.ts';
import { isReportingYear } from '../reports/annualReport.ts';
import { SECTION_TITLES, type ReportOptions, type SectionKey } from '../reports/reportCatalogue.ts';
import { reportOptionsFor, ReportSettingsError } from '../reports/reportSettings.ts';
import { PRESETS } from '../reports/layout.ts';

/**
 * The annual report's query string (year, level, layout, sections, suppress), checked and
 * turned into report options for the signed-in person's council: the council's own settings,
 * then what this request chose. Problems name the form field they belong to, for a GOV.UK
 * error summary. The council is the one signed in to; a `council` parameter is ignored.
 */

export type QueryValue = string | string[] | undefined;
export type Query = Record<string, QueryValue>;

export interface Problem {
  /** The id of the form field it is about (the error summary links to it). */
  field: string;
  text: string;
}

export const LEVELS: { value: ReportOptions['level']; text: string; hint: string }[] = [
  { value: 'directorate', text: 'Directorate', hint: 'The largest parts of the council' },
  { value: 'service', text: 'Service', hint: 'The services within each directorate' },
  { value: 'team', text: 'Team', hint: 'The teams within each service' },
  { value: 'workspace', text: 'Workspace', hint: 'The service named on the complaint form' },
];

export const SUPPRESS_MIN = 2;
export const SUPPRESS_MAX = 20;

/** A query parameter's value, trimmed (singleValued has refused repeated ones). */
export const one = (v: QueryValue): string | undefined => (Array.isArray(v) ? v[0] : v)?.trim();

/** Parameters a form sends repeated (checkboxes); any other given twice is a bad address. */
const REPEATABLE = new Set(['sections']);

/**
 * Refuses (400 page) a query no page makes: a parameter given twice where one value is
 * expected, or something other than text. Run first by every report and dashboard route.
 */
export function singleValued(query: unknown, repeatable: ReadonlySet<string> = REPEATABLE): Query {
  if (query === null || typeof query !== 'object') return {};
  for (const [name, value] of Object.entries(query as Record<string, unknown>)) {
    if (Array.isArray(value)) {
      if (!repeatable.has(name)) throw badRequest(`“${name.slice(0, 40)}” is given more than once.`);
      if (value.length > 50 || !value.every((v) => typeof v === 'string')) throw badRequest(`“${name.slice(0, 40)}” is not in a form Redress understands.`);
    } else if (typeof value !== 'string' && value !== undefined) {
      throw badRequest(`“${name.slice(0, 40)}” is not in a form Redress understands.`);
    }
  }
  return query as Query;
}

/** The first and last reporting years Redress makes a report for: anything else is not a year a council has. */
export const EARLIEST_YEAR = 1990;
export const LATEST_YEAR = 2100;

/** Sections from repeated parameters (a form's checkboxes) or a comma-separated list. */
export const many = (v: QueryValue): string[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);

export interface ReportRequest {
  council: Council;
  options: ReportOptions;
  /** The parameters to carry into links (drill-downs, downloads, back to the report), as given. */
  carry: Record<string, string>;
}

export type Parsed = { ok: true; request: ReportRequest } | { ok: false; problems: Problem[]; council: Council };

/** What is shown of a value typed into the address, in a problem's words. */
const shown = (v: string) => (v.length > 40 ? `${v.slice(0, 40)}…` : v);

export async function parseReportQuery(db: Queryable, council: Council, query: Query): Promise<Parsed> {
  const problems: Problem[] = [];
  const year = one(query.year);
  if (!year) problems.push({ field: 'year', text: 'Select the reporting year' });
  else if (!isReportingYear(year)) problems.push({ field: 'year', text: `Enter the reporting year as two years with a slash, like 2023/24, not “${shown(year)}”` });
  else if (Number(year.slice(0, 4)) < EARLIEST_YEAR || Number(year.slice(0, 4)) >= LATEST_YEAR) {
    problems.push({ field: 'year', text: `Enter a reporting year from ${EARLIEST_YEAR}/${String((EARLIEST_YEAR + 1) % 100).padStart(2, '0')} to ${LATEST_YEAR - 1}/${String(LATEST_YEAR % 100).padStart(2, '0')}, not “${year}”` });
  }

  const carry: Record<string, string> = {};
  const overrides: Record<string, unknown> = {};
  const level = one(query.level);
  if (level) {
    if (!LEVELS.some((l) => l.value === level)) problems.push({ field: 'level', text: `Select directorate, service, team or workspace for the breakdown, not “${shown(level)}”` });
    overrides.level = level;
    carry.level = level;
  }
  const sections = many(query.sections);
  if (sections.length > 0) {
    const unknown = sections.filter((s) => !(s in SECTION_TITLES));
    if (unknown.length > 0) problems.push({ field: 'sections', text: `There is no section ${unknown.slice(0, 5).map((s) => `“${shown(s)}”`).join(', ')}: select the sections from the list` });
    // In the report's order, whatever order they were asked for in.
    overrides.sections = (Object.keys(SECTION_TITLES) as SectionKey[]).filter((s) => sections.includes(s));
    carry.sections = sections.join(',');
  }
  const layout = one(query.layout);
  if (layout) {
    // A preset by name; a council's own layout file is chosen with `redress council set --layout`.
    if (!(PRESETS as readonly string[]).includes(layout)) problems.push({ field: 'layout', text: `Select a layout from the list, not “${shown(layout)}”` });
    overrides.layout = layout;
    carry.layout = layout;
  }
  const suppress = one(query.suppress);
  if (suppress !== undefined) {
    const n = Number(suppress);
    if (suppress === '') overrides.suppressBelow = null;
    else if (!/^\d+$/.test(suppress) || n < SUPPRESS_MIN || n > SUPPRESS_MAX) {
      problems.push({ field: 'suppress', text: `Enter a whole number from ${SUPPRESS_MIN} to ${SUPPRESS_MAX} to hide small counts, or leave it blank to show every figure` });
    } else overrides.suppressBelow = n;
    carry.suppress = suppress;
  }
  if (problems.length > 0 || !year) return { ok: false, problems, council };

  try {
    const options = await reportOptionsFor(db, council.id, year, overrides);
    // The council's own suppression is what it publishes: a view may hide more, never less (docs/reports.md).
    const published = (await reportOptionsFor(db, council.id, year)).suppressBelow;
    if (published !== null && (options.suppressBelow === null || options.suppressBelow < published)) options.suppressBelow = published;
    return { ok: true, request: { council, options, carry: { year, ...carry } } };
  } catch (error) {
    if (!(error instanceof ReportSettingsError)) throw error;
    const field = (f: string) => (['year', 'level', 'sections', 'suppress', 'layout'].includes(f.split('.')[0]!) ? f.split('.')[0]! : '');
    return { ok: false, council, problems: error.errors.map((e) => ({ field: field(e.field), text: `${e.field}: ${e.message}` })) };
  }
}

/** A query string from parameters, leaving out empty ones. */
export function queryString(params: Record<string, string | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined) search.set(k, v);
  return search.toString();
}

/** The reporting years a council has contacts in, newest first. */
export async function yearsWithContacts(db: Queryable, councilId: number): Promise<string[]> {
  const { rows } = await db.query<{ year: string }>(
    `SELECT DISTINCT reporting_year(c.received_on, k.reporting_year_starts) AS year
       FROM contact c JOIN council k ON k.id = c.council_id WHERE c.council_id = $1 ORDER BY year DESC`,
    [councilId],
  );
  return rows.map((r) => r.year);
}

/** The reporting year `today` falls in, for a year starting on `starts` ('MM-DD'). */
export function reportingYearOf(today: string, starts: string): string {
  const y = Number(today.slice(0, 4)) - (today.slice(5) >= starts ? 0 : 1);
  return `${y}/${String((y + 1) % 100).padStart(2, '0')}`;
}
