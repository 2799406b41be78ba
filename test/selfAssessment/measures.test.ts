import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeCalendar } from '../../src/domain/calendar/bankHolidays.ts';
import { computeMeasures, stageSummaries, standing, yearBounds, type StageRecord } from '../../src/selfAssessment/measures.ts';
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

let id = 0;
function stage(reference: string, s: Partial<StageRecord> & { stage: number; receivedOn: string }): StageRecord {
  return {
    contactId: ++id, reference, requestedOn: null, decision: null, openedOn: s.stage === 1 ? s.receivedOn : null, acknowledgedOn: null,
    respondedOn: null, dueOn: null, extendedTo: [], outcome: null, withdrawn: false, ...s,
  };
}

export const FIXTURE: StageRecord[] = [
  // A: acknowledged in 4 wd (2, 3, 7, 8 May: the 6th is a bank holiday) — met; answered 22 May, exactly 10 wd after — met.
  stage('A', { stage: 1, receivedOn: '2024-05-01', acknowledgedOn: '2024-05-08', respondedOn: '2024-05-22', outcome: 'upheld' }),
  // A at stage 2: asked 23 May; acknowledged 31 May = 5 wd (24, 28, 29, 30, 31; the 27th a holiday) — met; answered 28 June = 20 wd after — met.
  stage('A', { stage: 2, receivedOn: '2024-05-01', requestedOn: '2024-05-23', decision: 'accepted', openedOn: '2024-05-24', acknowledgedOn: '2024-05-31', respondedOn: '2024-06-28', outcome: 'not_upheld' }),
  // B: acknowledged 9 May = 5 wd (6 calendar-counted weekdays, less the holiday) — met; answered 24 May = 11 wd — not met.
  stage('B', { stage: 1, receivedOn: '2024-05-01', acknowledgedOn: '2024-05-09', respondedOn: '2024-05-24', outcome: 'not_upheld' }),
  // B's escalation refused — a request not accepted; never opened, so no stage 2 timings.
  stage('B', { stage: 2, receivedOn: '2024-05-01', requestedOn: '2024-05-28', decision: 'refused' }),
  // C: acknowledged 10 May = 6 wd — not met; due 24 May, extended to 7 June = 9 wd more — within 10; answered 5 June = 17 wd after acknowledging — not met.
  stage('C', { stage: 1, receivedOn: '2024-05-01', acknowledgedOn: '2024-05-10', dueOn: '2024-05-24', extendedTo: ['2024-06-07'], respondedOn: '2024-06-05', outcome: 'partially_upheld' }),
  // C at stage 2: asked 10 June; acknowledged 18 June = 6 wd — not met; due 16 July, extended to 13 Aug = 20 wd — within 20; answered 13 Aug = 40 wd — not met.
  stage('C', { stage: 2, receivedOn: '2024-05-01', requestedOn: '2024-06-10', decision: 'accepted', openedOn: '2024-06-10', acknowledgedOn: '2024-06-18', dueOn: '2024-07-16', extendedTo: ['2024-08-13'], respondedOn: '2024-08-13', outcome: 'upheld' }),
  // D: no acknowledgement recorded, answered 17 May = 4 wd: the answer acknowledges it — met, and answered in time — met.
  stage('D', { stage: 1, receivedOn: '2024-05-13', respondedOn: '2024-05-17', outcome: 'not_upheld' }),
  // D asks for stage 2 on the year's last day, not yet decided — pending.
  stage('D', { stage: 2, receivedOn: '2024-05-13', requestedOn: '2025-03-31' }),
  // E: never acknowledged nor answered, long past both deadlines — not met twice.
  stage('E', { stage: 1, receivedOn: '2024-05-13' }),
  // F: acknowledged next day — met; due 18 June, extended twice, last to 19 July = 23 wd — beyond 10; answered 19 July — not met.
  stage('F', { stage: 1, receivedOn: '2024-06-03', acknowledgedOn: '2024-06-04', dueOn: '2024-06-18', extendedTo: ['2024-06-28', '2024-07-19'], respondedOn: '2024-07-19', outcome: 'upheld' }),
  // G: withdrawn before anything was sent — nothing to measure.
  stage('G', { stage: 1, receivedOn: '2024-05-01', withdrawn: true }),
  // H: received in the year before — not this year's.
  stage('H', { stage: 1, receivedOn: '2024-03-28', acknowledgedOn: '2024-04-10', respondedOn: '2024-04-30' }),
  // I: received on the year's last day, 3 wd ago, not acknowledged — pending for both.
  stage('I', { stage: 1, receivedOn: '2025-03-31' }),
];

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
