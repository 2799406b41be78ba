import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { placeholdersIn } from '../../src/messages/render.ts';
import { RESIDENT_TEMPLATES, STAFF_TEMPLATES } from '../../src/messages/templates.ts';

type Catalogue = Record<string, { subject: string; body: string } | Record<string, string>>;
const load = (language: string) =>
  JSON.parse(readFileSync(new URL(`../../src/messages/wording/${language}.json`, import.meta.url), 'utf8')) as Catalogue;
const en = load('en');
const cy = load('cy');
const names = (wording: { subject: string; body: string }) => placeholdersIn(`${wording.subject}\n${wording.body}`).sort();

test('every resident message is written in Welsh, with the same placeholders as the English', () => {
  for (const template of RESIDENT_TEMPLATES) {
    const english = en[template] as { subject: string; body: string };
    const welsh = cy[template] as { subject: string; body: string } | undefined;
    assert.ok(welsh, `cy.json has no "${template}"`);
    assert.ok(welsh.subject.trim() && welsh.body.trim(), `"${template}" has an empty subject or body in Welsh`);
    assert.deepEqual(names(welsh), names(english), template);
  }
});

test('the phrases that fill a resident message exist in both languages with the same placeholders', () => {
  const enPhrases = en.phrases as Record<string, string>;
  const cyPhrases = cy.phrases as Record<string, string>;
  for (const [key, english] of Object.entries(enPhrases)) {
    if (key.endsWith('_staff')) continue; // staff messages are in English only
    assert.ok(cyPhrases[key], `cy.json has no phrase "${key}"`);
    assert.deepEqual(placeholdersIn(cyPhrases[key]!).sort(), placeholdersIn(english).sort(), key);
  }
});

test('the Welsh catalogue holds only resident messages and phrases (staff messages are in English)', () => {
  const allowed = new Set<string>([...RESIDENT_TEMPLATES, 'phrases']);
  for (const key of Object.keys(cy)) assert.ok(allowed.has(key), `cy.json has "${key}"`);
  for (const template of STAFF_TEMPLATES) assert.ok(en[template], `en.json has no "${template}"`);
});
