import { z } from 'zod';
import type { Queryable } from '../db/database.ts';
import { defaultReportOptions, SECTION_TITLES, type ReportOptions, type SectionKey } from './reportCatalogue.ts';
import { isReportingYear } from './annualReport.ts';
import { layoutSchema, loadLayout, LayoutError, parseLayout, PRESETS, type ReportLayout } from './layout.ts';

const monthDay = z.string().regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'Write dates in a period as MM-DD, e.g. 04-01');
const cuts = z.array(z.number().int().positive()).min(1).refine((c) => c.every((x, i) => i === 0 || x > c[i - 1]!), 'Band limits must go up');

/** What a council may set for its reports; anything left out takes Redress's default. */
export const reportSettingsSchema = z.object({
  comparisonYears: z.number().int().min(1).max(10).optional(),
  sections: z.array(z.enum(Object.keys(SECTION_TITLES) as [SectionKey, ...SectionKey[]])).min(1).optional(),
  level: z.enum(['directorate', 'service', 'team', 'workspace']).optional(),
  bands: z.record(z.string(), cuts).optional(),
  periods: z.array(z.object({ label: z.string().trim().min(1), from: monthDay, to: monthDay })).min(1).optional(),
  /** Percent, by table key: one figure, or one per row (e.g. per reporting period). */
  targets: z.record(z.string(), z.union([z.number().min(0).max(100), z.record(z.string(), z.number().min(0).max(100))])).optional(),
  suppressBelow: z.number().int().min(2).max(20).nullable().optional(),
  topServices: z.number().int().min(1).max(50).optional(),
  ombudsman: z.enum(['lgsco', 'housing_ombudsman', 'psow', 'spso', 'nipso']).optional(),
  /** A preset's name, or a whole layout (read from a council's own file when it was chosen). */
  layout: z.union([z.enum(PRESETS), layoutSchema]).optional(),
}).strict();
export type ReportSettings = z.infer<typeof reportSettingsSchema>;

export class ReportSettingsError extends Error {
  constructor(readonly errors: { field: string; message: string }[]) {
    super(errors.map((e) => `${e.field}: ${e.message}`).join('; '));
    this.name = 'ReportSettingsError';
  }
}

export function parseReportSettings(input: unknown): ReportSettings {
  const parsed = reportSettingsSchema.safeParse(input);
  if (!parsed.success) throw new ReportSettingsError(parsed.error.issues.map((i) => ({ field: i.path.join('.') || 'settings', message: i.message })));
  return parsed.data;
}

const OMBUDSMAN_BY_NATION: Record<string, ReportOptions['ombudsman']> = { england: 'lgsco', wales: 'psow', scotland: 'spso', northern_ireland: 'nipso' };

/** The options for one report: Redress's defaults, then the council's settings, then this request's choices. */
export async function reportOptionsFor(db: Queryable, councilId: number, year: string, overrides: unknown = {}): Promise<ReportOptions> {
  if (!isReportingYear(year)) throw new ReportSettingsError([{ field: 'year', message: `Enter a reporting year like 2023/24, not ${JSON.stringify(year)}` }]);
  const { rows } = await db.query<{ nation: string; report_settings: unknown }>('SELECT nation, report_settings FROM council WHERE id = $1', [councilId]);
  if (!rows[0]) throw new Error(`There is no council ${councilId}`);
  const saved = parseReportSettings(rows[0].report_settings);
  const chosen = parseReportSettings(overrides);
  const defaults = defaultReportOptions(year, OMBUDSMAN_BY_NATION[rows[0].nation] ?? 'lgsco');
  // The layout's own settings (Staffordshire compares two years) come under the council's.
  const layout = layoutOf(chosen.layout ?? saved.layout ?? defaults.layout);
  const { layout: _, ...fromLayout } = parseReportSettings(layout.settings ?? {});
  const merged = { ...defaults, ...fromLayout, ...saved, ...chosen, year, layout: chosen.layout ?? saved.layout ?? defaults.layout };
  return {
    ...merged,
    bands: { ...defaults.bands, ...fromLayout.bands, ...saved.bands, ...chosen.bands },
    targets: { ...fromLayout.targets, ...saved.targets, ...chosen.targets },
  } as ReportOptions;
}

function layoutOf(choice: string | ReportLayout): ReportLayout {
  try {
    return typeof choice === 'string' ? loadLayout(choice) : parseLayout(choice, 'the saved layout');
  } catch (error) {
    if (error instanceof LayoutError) throw new ReportSettingsError([{ field: 'layout', message: error.message }]);
    throw error;
  }
}

export async function saveReportSettings(db: Queryable, councilId: number, settings: unknown): Promise<void> {
  const valid = parseReportSettings(settings);
  await db.query('UPDATE council SET report_settings = $2 WHERE id = $1', [councilId, JSON.stringify(valid)]);
}
