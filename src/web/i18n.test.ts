import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { catalogueKeys } from './i18n.ts';

/**
 * Every word on a screen comes from the message catalogue: each key a view or route asks for
 * is in locales/en (a missing key would show the key itself), so a translator's catalogue
 * (locales/cy, for the public pages) can be checked against the same list.
 */

const web = fileURLToPath(new URL('./', import.meta.url));
const files = (dir: string): string[] => readdirSync(dir).flatMap((name) => {
  const path = join(dir, name);
  return statSync(path).isDirectory() ? files(path) : /\.(njk|ts)$/.test(name) && !name.endsWith('.test.ts') ? [path] : [];
});

/** t("a.b"), t('a.b', …): literal keys only (keys built at run time are checked where they are built). */
function keysUsed(): Map<string, string> {
  const used = new Map<string, string>();
  for (const file of files(web)) {
    for (const match of readFileSync(file, 'utf8').matchAll(/\bt\(\s*(["'])([A-Za-z][\w]*(?:\.[\w]+)+)\1/g)) used.set(match[2]!, file.slice(web.length));
  }
  return used;
}

test('every message key a screen uses is in the English catalogue', () => {
  const known = new Set(catalogueKeys('en').map((k) => k.replace(/_(one|other|zero|two|few|many)$/, '')));
  const missing = [...keysUsed()].filter(([key]) => !known.has(key)).map(([key, file]) => `${key} (${file})`);
  assert.deepEqual(missing, []);
});

test('the Welsh catalogue has every key of the English one for each file it translates (the public pages), and nothing else', () => {
  const dir = (language: string) => fileURLToPath(new URL(`./locales/${language}/`, import.meta.url));
  for (const file of readdirSync(dir('cy')).filter((f) => f.endsWith('.json'))) {
    const flat = (language: string): string[] => {
      const keys: string[] = [];
      const walk = (node: unknown, path: string) => {
        if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) walk(v, path ? `${path}.${k}` : k);
        else keys.push(path);
      };
      walk(JSON.parse(readFileSync(join(dir(language), file), 'utf8')), '');
      return keys.sort();
    };
    const english = flat('en');
    const welsh = flat('cy');
    if (file === 'common.json') {
      // Only the words the public layout shares with the staff pages; each must exist in English.
      assert.deepEqual(welsh.filter((k) => !english.includes(k)), [], `${file}: keys English lacks`);
      continue;
    }
    assert.deepEqual(english.filter((k) => !welsh.includes(k)), [], `${file}: untranslated keys`);
    assert.deepEqual(welsh.filter((k) => !english.includes(k)), [], `${file}: keys English lacks`);
  }
});
