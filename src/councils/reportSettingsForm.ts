import type { Database, Queryable } from '../db/database.ts';
import { inTransaction } from '../db/database.ts';
import type { Actor } from '../events/actor.ts';
import { recordAccess } from '../events/audit.ts';
import { defaultReportOptions, SECTION_TITLES, type SectionKey } from '../reports/reportCatalogue.ts';
import { loadLayout, PRESETS } from '../reports/layout.ts';
import { parseReportSettings, type ReportSettings } from '../reports/reportSettings.ts';

/**
 * The report settings an administrator sets on a page (/admin/reports): the layout (a preset,
 * or the council's own file as loaded by `redress council set`), the level, comparison years,
 * small-number suppression, how many services are listed, and which sections. Bands, periods
 * and targets stay with `redress council set` and are kept as they are. A value the same as
 * the chosen layout's (or Redress's) default is not stored, so the layout's own settings apply.
 */

export const LEVELS = ['directorate', 'service', 'team', 'workspace'] as const;
export const SECTIONS = Object.keys(SECTION_TITLES) as SectionKey[];
const OWN = 'own';

export interface ReportForm {
  layout: string;
  level: string;
  comparisonYears: string;
  suppressBelow: string;
  topServices: string;
  sections: string[];
}

/** What the chosen layout (over Redress's defaults) gives, before the council's settings. */
export function layoutDefaults(layout: ReportSettings['layout']): Required<Pick<ReportSettings, 'level' | 'comparisonYears' | 'suppressBelow' | 'topServices' | 'sections'>> {
  const defaults = defaultReportOptions('2024/25');
  const chosen = layout === undefined ? loadLayout('standard') : typeof layout === 'string' ? loadLayout(layout) : layout;
  const { layout: _, ...own } = parseReportSettings(chosen.settings ?? {});
  const merged = { ...defaults, ...own };
  return { level: merged.level, comparisonYears: merged.comparisonYears, suppressBelow: merged.suppressBelow ?? null, topServices: merged.topServices, sections: merged.sections };
}

/** The form's values for saved settings: what is in force, the layout's where the council has set nothing. */
export function formValues(saved: ReportSettings): ReportForm {
  const base = { ...layoutDefaults(saved.layout), ...saved };
  return {
    layout: typeof saved.layout === 'object' ? OWN : (saved.layout ?? 'standard'),
    level: base.level!, comparisonYears: String(base.comparisonYears), suppressBelow: base.suppressBelow == null ? '' : String(base.suppressBelow),
    topServices: String(base.topServices), sections: [...base.sections!],
  };
}

export type FormProblem = { field: keyof ReportForm; message: string };

/**
 * Reads the form against the saved settings: the new settings, or every problem (message keys).
 * Pure. `own` keeps the council's own layout; it can be chosen only when there is one.
 */
export function readReportForm(body: Record<string, unknown>, saved: ReportSettings): { ok: true; settings: ReportSettings } | { ok: false; problems: FormProblem[] } {
  const text = (k: string) => (typeof body[k] === 'string' ? (body[k] as string).trim() : '');
  const problems: FormProblem[] = [];
  const layoutText = text('layout');
  const ownLayout = typeof saved.layout === 'object' ? saved.layout : null;
  let layout: ReportSettings['layout'];
  if (layoutText === OWN && ownLayout) layout = ownLayout;
  else if ((PRESETS as readonly string[]).includes(layoutText)) layout = layoutText as (typeof PRESETS)[number];
  else problems.push({ field: 'layout', message: 'adminReports.errors.layout' });
  const level = text('level');
  if (!(LEVELS as readonly string[]).includes(level)) problems.push({ field: 'level', message: 'adminReports.errors.level' });
  const whole = (field: 'comparisonYears' | 'suppressBelow' | 'topServices', min: number, max: number, optional = false): number | null => {
    const v = text(field);
    if (optional && v === '') return null;
    if (!/^\d{1,3}$/.test(v) || Number(v) < min || Number(v) > max) {
      problems.push({ field, message: `adminReports.errors.${field}` });
      return null;
    }
    return Number(v);
  };
  const comparisonYears = whole('comparisonYears', 1, 10);
  const suppressBelow = whole('suppressBelow', 2, 20, true);
  const topServices = whole('topServices', 1, 50);
  const raw = body.sections;
  const chosen = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter((s): s is string => typeof s === 'string');
  const sections = SECTIONS.filter((s) => chosen.includes(s));
  if (sections.length === 0 || chosen.some((s) => !(SECTIONS as string[]).includes(s))) problems.push({ field: 'sections', message: 'adminReports.errors.sections' });
  if (problems.length) return { ok: false, problems };

  // Bands, periods, targets and the Ombudsman stay as saved; the rest only where it differs from the layout's.
  const { level: _l, comparisonYears: _c, suppressBelow: _s, topServices: _t, sections: _x, layout: _y, ...kept } = saved;
  const base = layoutDefaults(layout);
  const next: Record<string, unknown> = { ...kept };
  if (layout !== 'standard') next.layout = layout;
  if (level !== base.level) next.level = level;
  if (comparisonYears !== base.comparisonYears) next.comparisonYears = comparisonYears;
  if (suppressBelow !== base.suppressBelow) next.suppressBelow = suppressBelow;
  if (topServices !== base.topServices) next.topServices = topServices;
  if (sections.join() !== base.sections.join()) next.sections = sections;
  return { ok: true, settings: parseReportSettings(next) };
}

export async function savedReportSettings(db: Queryable, councilId: number): Promise<ReportSettings> {
  const { rows } = await db.query<{ report_settings: unknown }>('SELECT report_settings FROM council WHERE id = $1', [councilId]);
  return parseReportSettings(rows[0]?.report_settings ?? {});
}

/** Saves the form's settings in one transaction with their audit entry. */
export async function saveReportForm(db: Database, actor: Actor, councilId: number, body: Record<string, unknown>): Promise<{ ok: true } | { ok: false; problems: FormProblem[] }> {
  return inTransaction(db, async (client) => {
    await client.query('SELECT id FROM council WHERE id = $1 FOR UPDATE', [councilId]);
    const read = readReportForm(body, await savedReportSettings(client, councilId));
    if (!read.ok) return read;
    await client.query('UPDATE council SET report_settings = $2 WHERE id = $1', [councilId, JSON.stringify(read.settings)]);
    const layout = typeof read.settings.layout === 'object' ? 'own' : (read.settings.layout ?? 'standard');
    await recordAccess(client, actor, { councilId, action: 'change_settings', detail: { codes: { setting: 'report', layout }, filters: Object.keys(read.settings).sort() } });
    return { ok: true };
  });
}
