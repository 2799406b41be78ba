import { readFileSync, existsSync } from 'node:fs';
import { extname, basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { definitionProblems, DIMENSIONS_BY_POPULATION, type Dimension, type Grouping, type Population, type TableDefinition } from './definitions.ts';

/**
 * A report layout: a council's list of sections and tables, as a file (JSON or YAML) it can
 * copy and edit. A section is either one of Redress's standard sections (`include`) or a
 * list of table definitions (src/reports/definitions.ts). A few values may be left to the
 * council's settings, so one layout serves several councils: a unit `level` of "council"
 * (the council's breakdown), a band without `cuts` (the council's bands for the table's
 * procedure), a period without `periods`, and `{year}` and `{top}` in titles.
 * docs/report-layouts.md describes the format; src/reports/layouts/ holds the presets.
 */

export const LAYOUT_FORMAT = 'redress-report-layout/1';
const POPULATIONS = Object.keys(DIMENSIONS_BY_POPULATION) as [Population, ...Population[]];

const filter = z.strictObject({
  procedure: z.string().optional(),
  procedures: z.array(z.string()).min(1).optional(),
  stage: z.number().int().min(1).max(5).optional(),
  excludeWithdrawn: z.boolean().optional(),
  answered: z.boolean().optional(),
  opened: z.boolean().optional(),
  requested: z.boolean().optional(),
  decision: z.enum(['accepted', 'refused']).optional(),
  outcomes: z.array(z.string()).min(1).optional(),
  kinds: z.array(z.string()).min(1).optional(),
  isComplaint: z.boolean().optional(),
  body: z.string().optional(),
  upheld: z.boolean().optional(),
  detailedInvestigation: z.boolean().optional(),
  remediesRecommended: z.boolean().optional(),
  financialRemedy: z.boolean().optional(),
  satisfactoryRemedyByCouncil: z.boolean().optional(),
  compliedLate: z.boolean().optional(),
  complianceOutstanding: z.boolean().optional(),
  decided: z.boolean().optional(),
  withinTimescale: z.boolean().optional(),
  decisions: z.array(z.string()).min(1).optional(),
  categories: z.array(z.string()).min(1).optional(),
  notCategories: z.array(z.string()).min(1).optional(),
  remediesInclude: z.array(z.string()).min(1).optional(),
  complianceDue: z.boolean().optional(),
  complied: z.boolean().optional(),
  withinWorkingDays: z.number().int().min(0).optional(),
  withinCalendarDays: z.number().int().min(0).optional(),
  startedLater: z.boolean().optional(),
  extended: z.boolean().optional(),
  extendedBeyondCode: z.boolean().optional(),
  flags: z.array(z.string()).min(1).optional(),
  units: z.array(z.string().min(1)).min(1).optional(),
  commissionedProvider: z.boolean().optional(),
  notUnits: z.array(z.string().min(1)).min(1).optional(),
  publishedMeasures: z.array(z.string()).min(1).optional(),
  comparisonGroup: z.string().min(1).max(100).optional(),
  imposedInYear: z.boolean().optional(),
  liftedInYear: z.boolean().optional(),
});

const map = { map: z.record(z.string(), z.string().min(1)).optional() };
const simple = <K extends string>(kind: K) => z.strictObject({ kind: z.literal(kind), ...map });
const level = z.enum(['directorate', 'service', 'team']);
const cuts = z.array(z.number().int().positive()).min(1).refine((c) => c.every((x, i) => i === 0 || x > c[i - 1]!), 'band limits must go up');
const monthDay = z.string().regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'write dates in a period as MM-DD, e.g. 04-01');

const dimension = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('unit'), level: z.union([level, z.literal('council')]), within: z.enum(['directorate', 'service']).optional(), ...map }),
  z.strictObject({ kind: z.literal('band'), cuts: cuts.optional(), ongoing: z.boolean().default(true), ...map }),
  z.strictObject({ kind: z.literal('period'), periods: z.array(z.strictObject({ label: z.string().min(1), from: monthDay, to: monthDay })).min(1).optional(), ...map }),
  z.strictObject({ kind: z.literal('total'), label: z.string().min(1), ...map }),
  ...(['year', 'workspace', 'category', 'outcome', 'first_outcome', 'request_result', 'stage_entry', 'feedback', 'body', 'intermediary', 'compliment_source', 'ombudsman_path', 'not_investigated_reason', 'highest_stage',
    'procedure', 'route', 'contact_kind', 'channel', 'language', 'complainant_group', 'stage', 'stage_request', 'decision', 'remedy_kind',
    'learning_status', 'authority', 'measure'] as const).map(simple),
]);

const measure = z.strictObject({
  key: z.string().regex(/^[a-z0-9_]+$/, 'a measure key is lower_snake_case'),
  label: z.string().min(1),
  aggregate: z.enum(['count', 'average', 'sum', 'percent', 'share']),
  of: z.enum(['working_days', 'calendar_days', 'remedy_amount', 'amount', 'value']).optional(),
  where: filter.optional(),
  within: filter.optional(),
  yearBy: z.enum(['year', 'decided_year']).optional(),
  population: z.enum(POPULATIONS).optional(),
  filter: filter.optional(),
  unit: z.enum(['count', 'working_days', 'calendar_days', 'percent', 'pounds']).optional(),
});

const table = z.strictObject({
  key: z.string().regex(/^[a-z0-9_.]+$/, 'a table key is lower_snake_case, with dots between parts'),
  title: z.string().min(1),
  definition: z.string().min(1),
  population: z.enum(POPULATIONS),
  // A list of cases (`list`) has no dimensions or measures; every other table needs them.
  rows: dimension.optional(),
  columns: dimension.optional(),
  measures: z.array(measure).default([]),
  list: z.strictObject({ fields: z.array(z.string()).min(1), yearBy: z.enum(['year', 'decided_year']).optional() }).optional(),
  filter: filter.default({}),
  years: z.union([z.enum(['comparison', 'report_year']), z.number().int().min(1).max(10)]).default('comparison'),
  unit: z.enum(['count', 'working_days', 'calendar_days', 'percent', 'pounds', 'text']).default('count'),
  decimals: z.number().int().min(0).max(3).optional(),
  top: z.union([z.number().int().min(1).max(100), z.literal('council')]).optional(),
  keepZeroRows: z.boolean().optional(),
  topIn: z.enum(['last', 'any']).optional(),
  compoundBy: z.enum(['value', 'measure']).optional(),
  subtotals: z.boolean().optional(),
  totalRow: z.boolean().optional(),
  totalColumn: z.boolean().optional(),
  chart: z.enum(['bar', 'grouped_bar', 'stacked_bar', 'line']).nullable().optional(),
}).superRefine((t, ctx) => {
  if (t.list) return;
  for (const field of ['rows', 'columns'] as const) if (!t[field]) ctx.addIssue({ code: 'custom', path: [field], message: `a table of figures needs its ${field} (or a list of cases)` });
  if (t.measures.length === 0) ctx.addIssue({ code: 'custom', path: ['measures'], message: 'a table of figures needs at least one measure (or a list of cases)' });
});

export const STANDARD_SECTIONS = [
  'contacts', 'corporate', 'children_statutory', 'adults_statutory', 'public_health', 'housing', 'ombudsman', 'compliments', 'remedies', 'learning',
] as const;

/** A standard section (`include`, optionally retitled), or a section of the layout's own. One object, so a problem deep in a table is reported at its place. */
const section = z.strictObject({
  include: z.enum(STANDARD_SECTIONS).optional(),
  key: z.string().regex(/^[a-z0-9_]+$/, 'a section key is lower_snake_case').optional(),
  title: z.string().min(1).optional(),
  tables: z.array(table).min(1).optional(),
  /** A section of the layout's own shown only when this standard section is chosen (the standard layout's action plan goes with "learning"). */
  with: z.enum(STANDARD_SECTIONS).optional(),
}).superRefine((s, ctx) => {
  if (s.include !== undefined && (s.key !== undefined || s.tables !== undefined)) {
    ctx.addIssue({ code: 'custom', message: 'a section either includes a standard section or has its own key and tables, not both' });
  } else if (s.include === undefined && (s.key === undefined || s.title === undefined || s.tables === undefined)) {
    ctx.addIssue({ code: 'custom', message: 'a section of the layout’s own needs a key, a title and tables (or include a standard section)' });
  }
});

export const layoutSchema = z.strictObject({
  format: z.literal(LAYOUT_FORMAT),
  name: z.string().min(1),
  description: z.string().optional(),
  /** The report settings this layout was written for (comparison years, level, bands…); the council's own come first. */
  settings: z.record(z.string(), z.unknown()).optional(),
  sections: z.array(section).min(1),
});

export type ReportLayout = z.infer<typeof layoutSchema>;
export type LayoutTable = z.infer<typeof table>;
export type LayoutSection = z.infer<typeof section>;

/** A layout file that cannot be used, with every problem in it (path in the file: message). */
export class LayoutError extends Error {
  constructor(readonly source: string, readonly problems: string[]) {
    super(`The report layout ${source} cannot be used: ${problems.join('; ')}`);
    this.name = 'LayoutError';
  }
}

/** Checks a layout's content: its shape, then each table as a definition (keys unique, dimensions its population has). */
export function parseLayout(input: unknown, source: string): ReportLayout {
  const parsed = layoutSchema.safeParse(input);
  if (!parsed.success) {
    throw new LayoutError(source, parsed.error.issues.map((i) => `${i.path.length ? i.path.join('.') : 'the file'}: ${i.message}`));
  }
  const problems: string[] = [];
  const keys = new Set<string>();
  parsed.data.sections.forEach((s, si) => {
    (s.tables ?? []).forEach((t, ti) => {
      if (keys.has(t.key)) problems.push(`sections.${si}.tables.${ti}.key: ${t.key} is used twice`);
      keys.add(t.key);
      const probe = resolveTable(t, { year: '2023/24', level: 'directorate', bands: {}, periods: [{ label: 'year', from: '04-01', to: '03-31' }], topServices: 10 });
      problems.push(...definitionProblems(probe).map((p) => `sections.${si}.tables.${ti}: ${p}`));
    });
  });
  if (problems.length > 0) throw new LayoutError(source, problems);
  return parsed.data;
}

/** Reads a layout from JSON or YAML text. */
export function parseLayoutText(text: string, source: string): ReportLayout {
  let content: unknown;
  try {
    content = /\.ya?ml$/i.test(source) ? parseYaml(text) : JSON.parse(text);
  } catch (error) {
    throw new LayoutError(source, [`it is not valid ${/\.ya?ml$/i.test(source) ? 'YAML' : 'JSON'} (${(error as Error).message.split('\n')[0]})`]);
  }
  return parseLayout(content, source);
}

const PRESETS_DIR = fileURLToPath(new URL('./layouts/', import.meta.url));
/** The layouts Redress ships: 'standard', and one per seed council. */
export const PRESETS = ['standard', 'calderdale', 'cheshire-west', 'staffordshire', 'wolverhampton', 'wrexham'] as const;

/** A preset by name, or a layout file by path. */
export function loadLayout(nameOrPath: string): ReportLayout {
  if ((PRESETS as readonly string[]).includes(nameOrPath)) {
    return parseLayoutText(readFileSync(`${PRESETS_DIR}${nameOrPath}.json`, 'utf8'), `preset ${nameOrPath}`);
  }
  if (!/\.(json|ya?ml)$/i.test(nameOrPath)) {
    throw new LayoutError(nameOrPath, [`there is no preset of that name (the presets are ${PRESETS.join(', ')}); a layout file ends in .json, .yaml or .yml`]);
  }
  if (!existsSync(nameOrPath)) throw new LayoutError(nameOrPath, ['there is no such file']);
  return parseLayoutText(readFileSync(nameOrPath, 'utf8'), basename(nameOrPath) || extname(nameOrPath));
}

/** What a layout may leave to the council's settings. */
export interface LayoutContext {
  year: string;
  level: 'directorate' | 'service' | 'team' | 'workspace';
  bands: Partial<Record<string, number[]>>;
  periods: { label: string; from: string; to: string }[];
  topServices: number;
}

const fill = (text: string, c: LayoutContext) => text.replaceAll('{year}', c.year).replaceAll('{top}', String(c.topServices));

function resolveDimension(d: NonNullable<LayoutTable['rows']>, t: LayoutTable, c: LayoutContext): Grouping {
  const mapped = d.map ? { map: d.map } : {};
  if (d.kind === 'unit' && d.level === 'council') {
    return c.level === 'workspace' ? { kind: 'workspace', ...mapped } : { kind: 'unit', level: c.level, ...(d.within ? { within: d.within } : {}), ...mapped };
  }
  if (d.kind === 'unit') return { kind: 'unit', level: d.level as 'directorate' | 'service' | 'team', ...(d.within ? { within: d.within } : {}), ...mapped };
  if (d.kind === 'band') return { kind: 'band', cuts: d.cuts ?? c.bands[t.filter.procedure ?? 'corporate'] ?? [10, 20], ongoing: d.ongoing, ...mapped };
  if (d.kind === 'period') return { kind: 'period', periods: d.periods ?? c.periods, ...mapped };
  if (d.kind === 'total') return { kind: 'total', label: fill(d.label, c), ...mapped };
  return d as Dimension;
}

/** A layout's table as a definition, with what it left to the council filled in. */
export function resolveTable(t: LayoutTable, c: LayoutContext): TableDefinition {
  const { top, ...rest } = t;
  return {
    ...rest,
    title: fill(t.title, c),
    definition: fill(t.definition, c),
    // A list's rows are its cases, one column per field.
    rows: t.rows ? resolveDimension(t.rows, t, c) : { kind: 'total', label: '' },
    columns: t.columns ? resolveDimension(t.columns, t, c) : { kind: 'measure' },
    ...(t.list ? { chart: null } : {}),
    ...(top !== undefined ? { top: top === 'council' ? c.topServices : top } : {}),
  } as TableDefinition;
}
