import { readFileSync } from 'node:fs';
import i18next, { type TFunction } from 'i18next';

/**
 * Every word a screen shows comes from a message catalogue (locales/<language>.json), so the
 * public pages can add Welsh by adding cy.json; i18next handles plurals (Welsh has six forms).
 * Keys are grouped by screen: "signIn.title", "caseList.filters.kind".
 */
export const LANGUAGES = ['en'] as const;
export type Language = (typeof LANGUAGES)[number];

const catalogue = (language: string) => JSON.parse(readFileSync(new URL(`./locales/${language}.json`, import.meta.url), 'utf8')) as object;

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
