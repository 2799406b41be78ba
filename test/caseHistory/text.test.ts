/**
 * Text from other systems and spreadsheets: one way of writing a name, nothing invisible
 * that changes what a value means, and exported cells a spreadsheet will not run.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { guardFormula, normaliseCell, normaliseName, textProblem, unguardFormula } from '../../src/caseHistory/text.ts';

test('"Café" typed with a combining accent, a zero-width space or a direction mark is the same text', () => {
  const composed = 'Caf\u00e9';
  for (const typed of ['Cafe\u0301', 'Ca\u200Bf\u00e9', '\u200FCaf\u00e9', ' Caf\u00e9\uFEFF ', 'Caf\u00e9\u2060']) {
    assert.equal(normaliseCell(typed), composed, JSON.stringify(typed));
  }
  assert.equal(normaliseName('Adult  Social   Care'), 'Adult Social Care');
});

test('a direction override or a control character is refused, naming it; line breaks only in free text', () => {
  const line = { multiline: false, maxLength: 200 };
  const free = { multiline: true, maxLength: 200 };
  assert.match(textProblem('invoice\u202Etxt.exe', line)!, /U\+202E/);
  assert.match(textProblem('a\u2066b', free)!, /U\+2066/);
  assert.match(textProblem('nul\u0000here', free)!, /U\+0000/);
  assert.match(textProblem('two\nlines', line)!, /U\+000A.*one line/);
  assert.equal(textProblem('two\nlines,\ttabbed', free), null);
  assert.equal(textProblem('Cymraeg: Gwasanaethau Cymdeithasol', line), null);
  assert.equal(textProblem('x'.repeat(200), line), null);
  assert.equal(textProblem('x'.repeat(201), line), 'at most 200 characters; this has 201');
});

test('a cell a spreadsheet would run as a formula is exported with an apostrophe', () => {
  assert.equal(guardFormula('=HYPERLINK("http://evil.example","click")'), '\'=HYPERLINK("http://evil.example","click")');
  assert.equal(guardFormula('-2 bins missed'), "'-2 bins missed");
  assert.equal(guardFormula('+44 1422 288001'), "'+44 1422 288001");
  assert.equal(guardFormula('@SUM(A1)'), "'@SUM(A1)");
  assert.equal(guardFormula('Pothole on Hebble Lane'), 'Pothole on Hebble Lane');
  assert.equal(guardFormula("'Twas the bins"), "'Twas the bins");
});

test('guarding is undone exactly on import, for every value', () => {
  for (const v of ['=1+1', "'=1+1", "''-x", "'Twas", "'", '-', '']) assert.equal(unguardFormula(guardFormula(v)), v, JSON.stringify(v));
  fc.assert(fc.property(fc.string({ unit: fc.constantFrom("'", '=', '-', '+', '@', '\t', 'a', ' ') }), (v) => unguardFormula(guardFormula(v)) === v));
  fc.assert(fc.property(fc.string(), (v) => unguardFormula(guardFormula(v)) === v));
});
