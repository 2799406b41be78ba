import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  benchmark, compareMeasures, complianceOf, countOurMeasures, guessOwnAuthority, reconcileCases, sameDecision, tallyCases, upholdRateOf,
  type OurCase, type OurCaseFigures, type TheirCase,
} from '../../src/ombudsman/reconciliation.ts';
import { figuresKindOf, parseFiguresFile, readCompliance, readDay, readDecision, reportingYearOfDay } from '../../src/ombudsman/figuresFiles.ts';
import { PublishedFiguresError } from '../../src/ombudsman/publishedFigures.ts';

/** The annual letter reconciled and the neighbours compared, with hand-made figures. */

const decided = (over: Partial<OurCaseFigures>): OurCaseFigures => ({
  receivedYear: '2023/24', decidedYear: '2024/25', decision: 'upheld', detailedInvestigation: true, upheld: true,
  satisfactoryRemedyByCouncil: false, complianceDue: false, complied: false, ...over,
});

test('our measures are counted as the Ombudsman counts: received by year received, the rest by year decided', () => {
  const cases = [
    decided({ complianceDue: true, complied: true }),
    decided({ complianceDue: true, complied: false }),
    decided({ decision: 'not_upheld', upheld: false }),
    decided({ decision: 'upheld', detailedInvestigation: false, satisfactoryRemedyByCouncil: true }),
    decided({ decision: 'closed_after_initial_enquiries', detailedInvestigation: false, upheld: false, receivedYear: '2024/25' }),
    decided({ decidedYear: null, decision: null, upheld: false, receivedYear: '2024/25' }),
    decided({ decidedYear: '2023/24' }),
  ];
  const ours = countOurMeasures(cases, '2024/25');
  assert.deepEqual(ours, {
    complaints_received: 2, decisions: 5, detailed_investigations: 3, upheld: 3,
    upheld_percent: 66.7, compliance_percent: 50, satisfactory_remedy_by_council: 1,
    closed_after_initial_enquiries: 1, referred_back_for_local_resolution: 0,
  });
  assert.equal(countOurMeasures([], '2024/25').upheld_percent, null, 'no detailed investigations: no rate, not 0%');

  const lines = compareMeasures(ours, { decisions: 6, upheld_percent: 75, complaints_received: 2 });
  assert.deepEqual(lines, [
    { measure: 'complaints_received', ours: 2, theirs: 2, difference: 0 },
    { measure: 'decisions', ours: 5, theirs: 6, difference: -1 },
    { measure: 'upheld_percent', ours: 66.7, theirs: 75, difference: -8.3 },
  ], 'only what the Ombudsman published, in the letter’s order');
});

const ours = (reference: string, over: Partial<OurCase> = {}): OurCase => ({ id: 1, reference, decidedYear: '2024/25', decision: 'upheld', compliance: 'complied', ...over });
const theirs = (reference: string, over: Partial<TheirCase> = {}): TheirCase => ({
  reference, decidedOn: '2024-06-01', decidedYear: '2024/25', category: 'Housing', decision: 'upheld', compliance: 'complied', ...over,
});

test('case by case: agreeing, differing in what, only ours, only the Ombudsman’s, matched on the reference', () => {
  const lines = reconcileCases('2024/25', [
    ours('24 001 001', { id: 11 }),
    ours('24002002', { id: 12, decision: 'not_upheld' }),
    ours('24003003', { id: 13, decidedYear: '2023/24', compliance: 'complied_late' }),
    ours('24004004', { id: 14 }),
    ours('23999999', { id: 15, decidedYear: '2023/24' }),
    ours('24006006', { id: 16, decision: 'maladministration', compliance: 'outstanding' }),
  ], [
    theirs('24001001'),
    theirs('24 002 002'),
    theirs('24003003', { compliance: 'complied' }),
    theirs('24005005'),
    theirs('24006006', { compliance: null }),
    theirs('22000000', { decidedYear: '2022/23' }),
  ]);
  const view = lines.map((l) => [l.reference, l.standing, l.differences.join('+'), l.ours?.id ?? null]);
  assert.deepEqual(view, [
    ['24002002', 'differ', 'decision', 12],
    ['24003003', 'differ', 'decided_year+compliance', 13],
    ['24004004', 'only_ours', '', 14],
    ['24005005', 'only_theirs', '', null],
    ['24 001 001', 'agree', '', 11],
    ['24006006', 'agree', '', 16],
  ], 'cases decided in other years on both sides are left out; a blank published compliance says nothing');
  assert.deepEqual(tallyCases(lines), { agree: 2, differ: 2, only_ours: 1, only_theirs: 1 });
});

test('decisions agree when the Ombudsman’s general word covers our precise one', () => {
  assert.ok(sameDecision('maladministration', 'upheld'));
  assert.ok(sameDecision('no_maladministration', 'not_upheld'));
  assert.ok(!sameDecision('maladministration', 'service_failure'));
  assert.ok(!sameDecision('upheld', 'not_upheld'));
  assert.ok(!sameDecision(null, 'upheld'), 'not decided in our records');
  assert.equal(complianceOf({ complianceDueOn: null, compliedOn: null }), null);
  assert.equal(complianceOf({ complianceDueOn: '2024-05-01', compliedOn: null }), 'outstanding');
  assert.equal(complianceOf({ complianceDueOn: '2024-05-01', compliedOn: '2024-05-01' }), 'complied');
  assert.equal(complianceOf({ complianceDueOn: '2024-05-01', compliedOn: '2024-05-02' }), 'complied_late');
});

test('benchmarking: Calderdale beside its West Yorkshire neighbours, the neighbours’ average without it', () => {
  const a = (code: string, name: string, detailed: number, upheld: number, compliance?: number) =>
    ({ code, name, measures: { detailed_investigations: detailed, upheld, ...(compliance === undefined ? {} : { compliance_percent: compliance }) } });
  const figures = [
    a('E08000035', 'Leeds', 20, 15, 100), a('E08000032', 'Bradford', 26, 18, 90), a('E08000033', 'Calderdale', 20, 19, 94),
    a('E08000034', 'Kirklees', 21, 13), a('E08000036', 'Wakefield', 12, 8, 100), a('E09000001', 'City of London', 1, 1, 100),
  ];
  const result = benchmark(figures, ['E08000035', 'E08000032', 'E08000034', 'E08000036', 'E06099999'], 'E08000033');
  assert.deepEqual(result.lines.map((l) => [l.name, l.upholdRate, l.complianceRate, l.own]), [
    ['Bradford', 69.2, 90, false], ['Calderdale', 95, 94, true], ['Kirklees', 61.9, null, false], ['Leeds', 75, 100, false], ['Wakefield', 66.7, 100, false],
  ]);
  assert.deepEqual(result.average, { upholdRate: 68.2, complianceRate: 96.7 });
  assert.deepEqual(result.missing, ['E06099999'], 'a member with no figures that year is named');
  assert.equal(upholdRateOf({ upheld_percent: 73, upheld: 1, detailed_investigations: 2 }), 73, 'the published rate wins');
  assert.equal(upholdRateOf({ upheld: 0, detailed_investigations: 0 }), null);
  assert.equal(guessOwnAuthority('Calderdale Council', [{ code: 'E08000033', name: 'Calderdale Metropolitan Borough Council' }, { code: 'E08000035', name: 'Leeds City Council' }]), 'E08000033');
  assert.equal(guessOwnAuthority('Testshire', [{ code: 'X', name: 'Leeds' }]), null);
});

test('the three kinds of file are told by their columns, the LGSCO’s own wording accepted', () => {
  assert.equal(figuresKindOf(['body', 'year', 'measure', 'value']), 'council');
  assert.equal(figuresKindOf(['ONS code', 'Authority', 'Body', 'Year', 'Measure', 'Value']), 'benchmark');
  assert.equal(figuresKindOf(['Body', 'Reference', 'Decision date', 'Decision']), 'decisions');
  const bench = parseFiguresFile('ONS code,Authority,body,year,measure,value\nE08000033,Calderdale,lgsco,2023/24,upheld_percent,95%\n,Leeds City Council,lgsco,2023/24,upheld,15\n');
  assert.equal(bench.kind, 'benchmark');
  assert.deepEqual(bench.rows.map((r) => 'authorityCode' in r && r.authorityCode), ['E08000033', 'leeds-city-council']);
  const list = parseFiguresFile('Body,Reference,Received,Decision date,Category,Decision,Remedy,Compliance\nlgsco,23 001 234,01/02/2023,31/05/2024,Housing,"Upheld: fault and injustice",Apology,Complied late\n');
  assert.equal(list.kind, 'decisions');
  assert.deepEqual(list.rows[0], {
    body: 'lgsco', reference: '23 001 234', receivedOn: '2023-02-01', decidedOn: '2024-05-31', category: 'Housing', decision: 'upheld', remedy: 'Apology', compliance: 'complied_late',
  });
  assert.equal(readDecision('Not upheld: no fault'), 'not_upheld');
  assert.equal(readDecision('Closed after initial enquiries - out of jurisdiction'), 'closed_after_initial_enquiries');
  assert.equal(readDecision('Referred back for local resolution'), 'referred_back_for_local_resolution');
  assert.equal(readDecision('Incomplete/Invalid'), 'incomplete_or_invalid');
  assert.equal(readDecision('who knows'), null);
  assert.equal(readCompliance('n/a'), null);
  assert.equal(readCompliance('maybe'), undefined);
  assert.equal(readDay('31/02/2024'), null);
  assert.equal(reportingYearOfDay('2024-03-31', '04-01'), '2023/24');
  assert.equal(reportingYearOfDay('2024-04-01', '04-01'), '2024/25');
});

test('a list of decisions with mistakes names every one by row', () => {
  assert.throws(() => parseFiguresFile(`body,reference,decided_on,decision,compliance
lgsco,24001,2024-06-01,upheld,
ombudsman,,2024-13-01,lots,maybe
lgsco,24 001,2024-06-02,upheld,
`), (error: unknown) => {
    assert.ok(error instanceof PublishedFiguresError);
    assert.deepEqual(error.problems, [
      'row 3, body "ombudsman": expected one of lgsco, housing_ombudsman, psow, spso, nipso',
      'row 3: the Ombudsman\'s reference is missing',
      'row 3, decided_on "2024-13-01": expected a date like 2024-05-31',
      'row 3, decision "lots": expected one of upheld, not_upheld, closed_after_initial_enquiries, referred_back_for_local_resolution, incomplete_or_invalid, advice_given, out_of_jurisdiction, maladministration, severe_maladministration, service_failure, no_maladministration, reasonable_redress',
      'row 3, compliance "maybe": expected complied, complied_late, outstanding or blank',
      'row 4: the reference 24 001 is also on row 2',
    ]);
    return true;
  });
  assert.throws(() => parseFiguresFile('reference,colour\n1,red\n'), /needs the columns body, ombudsman_reference, decided_on, decision; body, decided_on, decision are missing; unknown column colour/);
});
