import type { Queryable } from '../db/database.ts';
import type { RenderedMessage } from './render.ts';
import type { Language, TemplateKey } from './templates.ts';

/**
 * A council's own choices about one message, as the settings pages write them: its wording
 * per language (message_wording; none = Redress's) and whether it is switched off
 * (message_switched_off; absent = on). Read back through councilWording (wording.ts).
 */

/** The council's own wording of a template, by language (only the languages it has rewritten). */
export async function ownWordingOf(db: Queryable, councilId: number, template: TemplateKey): Promise<Partial<Record<Language, RenderedMessage>>> {
  const { rows } = await db.query<{ language: Language; subject: string; body: string }>(
    'SELECT language, subject, body FROM message_wording WHERE council_id = $1 AND template = $2', [councilId, template]);
  return Object.fromEntries(rows.map((r) => [r.language, { subject: r.subject, body: r.body }]));
}

/** The templates the council has switched off. */
export async function switchedOffTemplates(db: Queryable, councilId: number): Promise<Set<TemplateKey>> {
  const { rows } = await db.query<{ template: TemplateKey }>('SELECT template FROM message_switched_off WHERE council_id = $1', [councilId]);
  return new Set(rows.map((r) => r.template));
}

/** The templates the council has rewritten in any language. */
export async function rewrittenTemplates(db: Queryable, councilId: number): Promise<Set<TemplateKey>> {
  const { rows } = await db.query<{ template: TemplateKey }>('SELECT DISTINCT template FROM message_wording WHERE council_id = $1', [councilId]);
  return new Set(rows.map((r) => r.template));
}

/** Keeps the council's own wording in one language (replacing any before). */
export async function saveWording(client: Queryable, councilId: number, template: TemplateKey, language: Language, wording: RenderedMessage, now: Date): Promise<void> {
  await client.query(
    `INSERT INTO message_wording (council_id, template, language, subject, body, updated_at) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (council_id, template, language) DO UPDATE SET subject = EXCLUDED.subject, body = EXCLUDED.body, updated_at = EXCLUDED.updated_at`,
    [councilId, template, language, wording.subject, wording.body, now]);
}

/** Back to Redress's wording: in one language, or in every language when none is given. */
export async function forgetWording(client: Queryable, councilId: number, template: TemplateKey, language?: Language): Promise<void> {
  await client.query('DELETE FROM message_wording WHERE council_id = $1 AND template = $2 AND ($3::text IS NULL OR language = $3)', [councilId, template, language ?? null]);
}

export async function switchMessage(client: Queryable, councilId: number, template: TemplateKey, on: boolean): Promise<void> {
  if (on) await client.query('DELETE FROM message_switched_off WHERE council_id = $1 AND template = $2', [councilId, template]);
  else await client.query('INSERT INTO message_switched_off (council_id, template) VALUES ($1, $2) ON CONFLICT DO NOTHING', [councilId, template]);
}
