import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeCalendar } from '../../src/domain/calendar/bankHolidays.ts';
import { computeMeasures, stageSummaries, standing, yearBounds } from '../../src/selfAssessment/measures.ts';
import { FIXTURE } from './fixture.ts';
import { CODES, MEASURE_KEYS, provisionOfMeasure, provisionsOf } from '../../src/selfAssessment/provisions.ts';

/**
 * The Code's figures against a hand count. May 2024: Wednesday 1st; bank holidays Monday 6th
 * and Monday 27th. Every working-day count below was made by hand on a calendar.
 */
const cal = makeCalendar('england-and-wales', [
  { date: '2024-05-06', title: 'Early May bank holiday' },
  { date: '2024-05-27', title: 'Spring bank holiday' },
]);
const year = yearBounds('2024/25', '04-01');
const today = '2025-04-03';

test('a reporting year runs from its first day to the day before the next', () => {
  assert.deepEqual(yearBounds('2024/25', '04-01'), { from: '2024-04-01', to: '2025-03-31' });
  assert.deepEqual(yearBounds('2024/25', '01-01'), { from: '2024-01-01', to: '2024-12-31' });
});

test('the figures equal the hand count', () => {
  const m = computeMeasures(FIXTURE, cal, year, today);
  const figures = Object.fromEntries(MEASURE_KEYS.map((k) => [k, [m[k].met, m[k].applicable, m[k].percent, m[k].pending]]));
  assert.deepEqual(figures, {
    stage1_acknowledged: [4, 6, 66.7, 1], // A B D F met; C E not; I pending
    stage1_response: [2, 6, 33.3, 1], // A D met; B C E F not; I pending
    stage1_extension: [1, 2, 50, 0], // C within, F beyond
    stage2_requests_accepted: [2, 3, 66.7, 1], // A C accepted, B refused, D pending
    stage2_acknowledged: [1, 2, 50, 0], // A met, C not
    stage2_response: [1, 2, 50, 0], // A met, C not
    stage2_extension: [1, 1, 100, 0], // C within 20
  });
});

test('the cases behind a figure: not met first, each with its working days', () => {
  const m = computeMeasures(FIXTURE, cal, year, today);
  assert.deepEqual(m.stage1_acknowledged.cases.map((c) => [c.reference, c.met, c.workingDays]), [
    ['C', false, 6], ['E', false, null], ['A', true, 4], ['B', true, 5], ['D', true, 4], ['F', true, 1],
  ]);
  assert.deepEqual(m.stage1_extension.cases.map((c) => [c.reference, c.met, c.workingDays, c.on]), [['F', false, 23, '2024-07-19'], ['C', true, 9, '2024-06-07']]);
  assert.deepEqual(m.stage2_response.cases.map((c) => [c.reference, c.met, c.workingDays]), [['C', false, 40], ['A', true, 20]]);
  assert.equal(standing(m.stage2_extension), 'met');
  assert.equal(standing(m.stage1_response), 'not_met');
  assert.equal(standing({ applicable: 0, percent: null, target: 100 }), 'none');
});

test('per stage: how many started, were answered, how quickly (working days from the start) and the outcomes', () => {
  const [one, two] = stageSummaries(FIXTURE, cal, year);
  // Stage 1: A B C D E F G I started in the year (H the year before); A B C D F answered in 14, 16, 23, 4 and 34 wd.
  assert.deepEqual([one!.started, one!.responded, one!.averageWorkingDays], [8, 5, 18.2]);
  assert.deepEqual([one!.outcomes.upheld, one!.outcomes.partially_upheld, one!.outcomes.not_upheld, one!.outcomes.none], [2, 1, 2, 3]);
  // Stage 2: A and C opened (B refused, D undecided); answered in 25 and 46 wd from the request.
  assert.deepEqual([two!.started, two!.responded, two!.averageWorkingDays], [2, 2, 35.5]);
  assert.deepEqual([two!.outcomes.upheld, two!.outcomes.not_upheld], [1, 1]);
});

test('both codes: sections 1 to 9, unique numbers, and every figure decides a provision', () => {
  for (const code of Object.values(CODES)) {
    assert.deepEqual(code.sections.map((s) => s.number), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const numbers = provisionsOf(code.key).map((p) => p.number);
    assert.equal(new Set(numbers).size, numbers.length, `${code.key}: numbers are unique`);
    for (const key of MEASURE_KEYS) assert.ok(provisionOfMeasure(code.key, key), `${code.key} ${key}`);
  }
  assert.equal(provisionOfMeasure('housing_ombudsman', 'stage2_acknowledged')!.number, '6.11');
  assert.equal(provisionOfMeasure('lgsco', 'stage1_response')!.number, '6.3');
});
