import { readFileSync } from 'node:fs';
import type { Queryable } from '../db/database.ts';
import { languagesOf, type Language, type TemplateKey } from './templates.ts';
import type { RenderedMessage } from './render.ts';

type Catalogue = Partial<Record<TemplateKey, RenderedMessage>> & Record<string, unknown>;

function load(language: Language): Catalogue {
  return JSON.parse(readFileSync(new URL(`./wording/${language}.json`, import.meta.url), 'utf8')) as Catalogue;
}

const SHIPPED: Record<Language, Catalogue> = { en: load('en'), cy: load('cy') };

/** Redress's own wording of a message; a staff message is English whatever is asked. */
export function shippedWording(template: TemplateKey, language: Language): RenderedMessage {
  const lang = languagesOf(template).includes(language) ? language : 'en';
  const wording = SHIPPED[lang][template];
  if (!wording) throw new Error(`There is no ${lang} wording for the message "${template}"`);
  return wording;
}

/** A piece of shipped wording that is not a whole message ("next_steps.ombudsman"), for filling a placeholder. */
export function shippedPhrase(path: string, language: Language): string {
  let node: unknown = SHIPPED[language];
  for (const part of path.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
  if (typeof node !== 'string') throw new Error(`There is no ${language} phrase "${path}" in the message wording`);
  return node;
}

/** A council's choices about its messages: its own wording and the messages it has switched off. */
export interface CouncilWording {
  wording(template: TemplateKey, language: Language): RenderedMessage;
  isOn(template: TemplateKey): boolean;
}

export async function councilWording(db: Queryable, councilId: number): Promise<CouncilWording> {
  const [own, off] = await Promise.all([
    db.query<{ template: TemplateKey; language: Language; subject: string; body: string }>(
      'SELECT template, language, subject, body FROM message_wording WHERE council_id = $1', [councilId]),
    db.query<{ template: TemplateKey }>('SELECT template FROM message_switched_off WHERE council_id = $1', [councilId]),
  ]);
  const mine = new Map(own.rows.map((r) => [`${r.template}:${r.language}`, { subject: r.subject, body: r.body }]));
  const switchedOff = new Set(off.rows.map((r) => r.template));
  return {
    wording: (template, language) => {
      const lang = languagesOf(template).includes(language) ? language : 'en';
      return mine.get(`${template}:${lang}`) ?? shippedWording(template, lang);
    },
    isOn: (template) => !switchedOff.has(template),
  };
}

