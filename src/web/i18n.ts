import { readdirSync, readFileSync } from 'node:fs';
import i18next, { type TFunction } from 'i18next';

/**
 * Every word a screen shows comes from a message catalogue (locales/<language>/), so the
 * public pages can add Welsh by adding locales/cy/; i18next handles plurals (Welsh has six
 * forms). common.json holds the words every page shares ("errors.notFound.title"); each other
 * file is one screen's words under its own name: locales/en/caseList.json → "caseList.…".
 */
export const LANGUAGES = ['en', 'cy'] as const;
export type Language = (typeof LANGUAGES)[number];

function catalogue(language: string): Record<string, unknown> {
  const dir = new URL(`./locales/${language}/`, import.meta.url);
  const merged: Record<string, unknown> = {};
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const words = JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as Record<string, unknown>;
    if (file === 'common.json') Object.assign(merged, words);
    else merged[file.slice(0, -'.json'.length)] = words;
  }
  return merged;
}

const instance = i18next.createInstance();
await instance.init({
  lng: 'en',
  fallbackLng: 'en',
  resources: Object.fromEntries(LANGUAGES.map((l) => [l, { translation: catalogue(l) }])),
  interpolation: { escapeValue: false }, // Nunjucks escapes on output
  returnNull: false,
  initAsync: false,
});

/** The translate function for a language; a missing key shows the key (and a test finds it). */
export function translator(language: Language = 'en'): TFunction {
  return instance.getFixedT(language);
}

export const t = translator('en');

/** Every key of a catalogue, flattened ("a.b.c"), for the tests that check none is missing. */
export function catalogueKeys(language: string): string[] {
  const keys: string[] = [];
  const walk = (node: unknown, path: string) => {
    if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) walk(v, path ? `${path}.${k}` : k);
    else keys.push(path);
  };
  walk(catalogue(language), '');
  return keys;
}
