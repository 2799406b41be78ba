import { readFileSync, existsSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { inTransaction, type Database, type Queryable } from '../db/database.ts';
import { findProcedure, procedureCatalogue } from '../domain/procedures/catalogue.ts';
import type { ProcedureCode } from '../domain/procedures/types.ts';
import { PROCEDURE_CODES } from '../domain/cases/vocabulary.ts';
import { loadLayout, LayoutError } from '../reports/layout.ts';
import { parseReportSettings, ReportSettingsError, type ReportSettings } from '../reports/reportSettings.ts';
import { adoptProcedure } from './councilRepository.ts';

/**
 * A council's settings as its administrators change them: the procedure each kind of
 * complaint follows (adopting Cheshire West's 20/40 days, say), the annual report's
 * settings, layout included, and its public pages (the languages offered, and the services
 * residents choose from, named in Welsh). From the command line (`redress council set`) or a
 * settings file (JSON or YAML) of the same shape:
 * { procedures: { corporate: 'cheshire-west-corporate' }, report: { … }, public: { languages: [en, cy], workspaces: [ … ] } }.
 */

export const PUBLIC_LANGUAGES = ['en', 'cy'] as const;
export type PublicLanguage = (typeof PUBLIC_LANGUAGES)[number];

const publicLanguage = z.enum(PUBLIC_LANGUAGES, { error: (issue) => `"${String(issue.input)}" is not a language the public pages offer: write en (English) or cy (Welsh)` });

/** A service as residents see it: a workspace by its name, its Welsh name, and whether the public form offers it. */
const publicWorkspaceSchema = z.strictObject({
  name: z.string({ error: 'name the workspace' }).trim().min(1, 'name the workspace'),
  /** null removes the Welsh name. */
  welsh: z.string({ error: 'the Welsh name is words in quotes, or null to remove it' }).trim().min(1, 'the Welsh name is empty (leave welsh out, or write null to remove it)').max(200).nullable().optional(),
  offered: z.boolean({ error: 'offered is true or false' }).optional(),
});

const publicSettingsSchema = z.strictObject({
  /** The languages of the public pages, the first the default: [en], [en, cy] or [cy, en]. */
  languages: z.array(publicLanguage).min(1, 'offer at least one language')
    .refine((l) => new Set(l).size === l.length, 'a language is listed twice')
    // Every resident can use the pages in English; a Welsh council opens them in Welsh with [cy, en].
    .refine((l) => l.includes('en'), 'offer English too: write [en], [en, cy], or [cy, en] to open the pages in Welsh').optional(),
  workspaces: z.array(publicWorkspaceSchema).optional(),
});
export type PublicSettingsChange = z.infer<typeof publicSettingsSchema>;

export const settingsFileSchema = z.strictObject({
  /** Procedure catalogue keys by kind of complaint. */
  procedures: z.partialRecord(z.enum(PROCEDURE_CODES), z.string()).optional(),
  /** Report settings (src/reports/reportSettings.ts); a layout may be a preset's name or a file path. */
  report: z.record(z.string(), z.unknown()).optional(),
  /** The public pages: languages offered, and the services residents choose from. */
  public: publicSettingsSchema.optional(),
});
export type CouncilSettingsChange = z.infer<typeof settingsFileSchema>;

export class CouncilSettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CouncilSettingsError';
  }
}

/** Reads a settings file, naming the file and the problem when it cannot be used. */
export function readSettingsFile(path: string): CouncilSettingsChange {
  if (!existsSync(path)) throw new CouncilSettingsError(`There is no settings file ${path}.`);
  let content: unknown;
  try {
    const text = readFileSync(path, 'utf8');
    content = /\.ya?ml$/i.test(path) ? parseYaml(text) : JSON.parse(text);
  } catch (error) {
    throw new CouncilSettingsError(`The settings file ${path} is not valid ${/\.ya?ml$/i.test(path) ? 'YAML' : 'JSON'}: ${(error as Error).message.split('\n')[0]}`);
  }
  const parsed = settingsFileSchema.safeParse(content);
  if (!parsed.success) {
    throw new CouncilSettingsError(`The settings file ${path} cannot be used: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'the file'}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}

export interface AppliedSettings {
  procedures: { code: ProcedureCode; key: string; name: string }[];
  report: ReportSettings;
  public: PublicSettings;
}

/** What residents are offered: the languages (the first the default) and each service. */
export interface PublicSettings {
  languages: PublicLanguage[];
  workspaces: { name: string; welsh: string | null; offered: boolean }[];
}

/**
 * Applies a change in one transaction: each procedure adopted from `on` (cases already open
 * keep theirs), and the report settings merged over the saved ones and checked whole. A
 * layout given as a file is stored whole, so the report does not depend on the file staying.
 */
export async function applyCouncilSettings(db: Database, councilId: number, change: CouncilSettingsChange, on: string): Promise<AppliedSettings> {
  const procedures: AppliedSettings['procedures'] = [];
  for (const [code, key] of Object.entries(change.procedures ?? {})) {
    const definition = findProcedure(key);
    if (!definition) {
      throw new CouncilSettingsError(`There is no procedure "${key}" for ${code}: choose one of ${procedureCatalogue.map((p) => p.key).join(', ')}.`);
    }
    procedures.push({ code: code as ProcedureCode, key, name: definition.name });
  }
  const reportChange = { ...(change.report ?? {}) };
  if (typeof reportChange.layout === 'string') {
    try {
      const layout = loadLayout(reportChange.layout);
      // A preset is remembered by name (it improves with Redress); a file by its content.
      if (/\.(json|ya?ml)$/i.test(reportChange.layout)) reportChange.layout = layout;
    } catch (error) {
      if (error instanceof LayoutError) throw new CouncilSettingsError(error.message);
      throw error;
    }
  }
  return inTransaction(db, async (client) => {
    const saved = await savedReportSettings(client, councilId);
    let report: ReportSettings;
    try {
      report = parseReportSettings({ ...saved, ...reportChange });
    } catch (error) {
      if (error instanceof ReportSettingsError) throw new CouncilSettingsError(`The report settings cannot be used: ${error.message}`);
      throw error;
    }
    for (const p of procedures) {
      const current = await client.query<{ catalogue_key: string }>(
        'SELECT catalogue_key FROM council_procedure WHERE council_id = $1 AND code = $2 AND retired_on IS NULL', [councilId, p.code]);
      if (current.rows[0]?.catalogue_key === p.key) continue;
      await adoptProcedure(client, councilId, p.code, findProcedure(p.key)!, on);
    }
    await client.query('UPDATE council SET report_settings = $2 WHERE id = $1', [councilId, JSON.stringify(report)]);
    if (change.public) await applyPublicSettings(client, councilId, change.public);
    return { procedures, report, public: await publicSettings(client, councilId) };
  });
}

/**
 * The public pages' languages, and each named workspace's Welsh name and whether it is
 * offered; a name the council has no workspace of is refused, naming those it has.
 */
async function applyPublicSettings(db: Queryable, councilId: number, change: PublicSettingsChange): Promise<void> {
  if (change.languages) await db.query('UPDATE council SET public_languages = $2 WHERE id = $1', [councilId, change.languages]);
  if (!change.workspaces?.length) return;
  const { rows } = await db.query<{ id: number; name: string }>('SELECT id, name FROM workspace WHERE council_id = $1 ORDER BY name', [councilId]);
  const byName = new Map(rows.map((w) => [w.name.toLocaleLowerCase('en-GB'), w]));
  const named = new Set<number>();
  for (const [i, w] of change.workspaces.entries()) {
    const workspace = byName.get(w.name.toLocaleLowerCase('en-GB'));
    if (!workspace) {
      const known = rows.length === 0 ? 'it has none yet' : `its workspaces are ${rows.slice(0, 12).map((r) => r.name).join(', ')}${rows.length > 12 ? ` and ${rows.length - 12} more` : ''}`;
      throw new CouncilSettingsError(`public.workspaces.${i}: there is no workspace "${w.name}" (${known}).`);
    }
    if (named.has(workspace.id)) throw new CouncilSettingsError(`public.workspaces.${i}: "${workspace.name}" is listed twice.`);
    named.add(workspace.id);
    // Only what the entry says changes: leaving out `welsh` keeps the Welsh name there is.
    await db.query(
      `UPDATE workspace SET name_cy = CASE WHEN $3 THEN $4 ELSE name_cy END, offered_to_residents = coalesce($5, offered_to_residents)
        WHERE council_id = $1 AND id = $2`,
      [councilId, workspace.id, w.welsh !== undefined, w.welsh ?? null, w.offered ?? null],
    );
  }
}

/** The languages a council's public pages offer, and every workspace as residents see it. */
export async function publicSettings(db: Queryable, councilId: number): Promise<PublicSettings> {
  const council = await db.query<{ public_languages: PublicLanguage[] }>('SELECT public_languages FROM council WHERE id = $1', [councilId]);
  if (!council.rows[0]) throw new CouncilSettingsError(`There is no council ${councilId}.`);
  const { rows } = await db.query<{ name: string; name_cy: string | null; offered_to_residents: boolean }>(
    'SELECT name, name_cy, offered_to_residents FROM workspace WHERE council_id = $1 ORDER BY name', [councilId]);
  return {
    languages: council.rows[0].public_languages,
    workspaces: rows.map((w) => ({ name: w.name, welsh: w.name_cy, offered: w.offered_to_residents })),
  };
}

async function savedReportSettings(db: Queryable, councilId: number): Promise<Record<string, unknown>> {
  const { rows } = await db.query<{ report_settings: Record<string, unknown> }>('SELECT report_settings FROM council WHERE id = $1', [councilId]);
  if (!rows[0]) throw new CouncilSettingsError(`There is no council ${councilId}.`);
  return rows[0].report_settings;
}

/** What a council has set: the procedure in force for each kind of complaint, its report settings and its public pages. */
export async function councilSettings(db: Queryable, councilId: number): Promise<{ procedures: Record<string, string>; report: Record<string, unknown>; public: PublicSettings }> {
  const { rows } = await db.query<{ code: string; catalogue_key: string }>(
    'SELECT code, catalogue_key FROM council_procedure WHERE council_id = $1 AND retired_on IS NULL ORDER BY code', [councilId]);
  const report = await savedReportSettings(db, councilId);
  return { procedures: Object.fromEntries(rows.map((r) => [r.code, r.catalogue_key])), report, public: await publicSettings(db, councilId) };
}
