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
 * complaint follows (adopting Cheshire West's 20/40 days, say) and the annual report's
 * settings, layout included. From the command line (`redress council set`) or a settings
 * file (JSON or YAML) of the same shape: { procedures: { corporate: 'cheshire-west-corporate' }, report: { … } }.
 */

export const settingsFileSchema = z.strictObject({
  /** Procedure catalogue keys by kind of complaint. */
  procedures: z.partialRecord(z.enum(PROCEDURE_CODES), z.string()).optional(),
  /** Report settings (src/reports/reportSettings.ts); a layout may be a preset's name or a file path. */
  report: z.record(z.string(), z.unknown()).optional(),
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
    return { procedures, report };
  });
}

async function savedReportSettings(db: Queryable, councilId: number): Promise<Record<string, unknown>> {
  const { rows } = await db.query<{ report_settings: Record<string, unknown> }>('SELECT report_settings FROM council WHERE id = $1', [councilId]);
  if (!rows[0]) throw new CouncilSettingsError(`There is no council ${councilId}.`);
  return rows[0].report_settings;
}

/** What a council has set: the procedure in force for each kind of complaint, and its report settings. */
export async function councilSettings(db: Queryable, councilId: number): Promise<{ procedures: Record<string, string>; report: Record<string, unknown> }> {
  const { rows } = await db.query<{ code: string; catalogue_key: string }>(
    'SELECT code, catalogue_key FROM council_procedure WHERE council_id = $1 AND retired_on IS NULL ORDER BY code', [councilId]);
  const report = await savedReportSettings(db, councilId);
  return { procedures: Object.fromEntries(rows.map((r) => [r.code, r.catalogue_key])), report };
}
