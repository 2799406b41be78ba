import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from '../../src/db/database.ts';
import { confirmFiguresUpload, holdFiguresUpload, loadOmbudsmanFigures } from '../../src/ombudsman/figuresLoader.ts';
import { PublishedFiguresError } from '../../src/ombudsman/publishedFigures.ts';
import { benchmarkFor, chooseOwnAuthority, reconciliationFor, saveComparisonGroup, ComparisonGroupError } from '../../src/ombudsman/reconciliationRepository.ts';
import { systemActor } from '../../src/events/actor.ts';
import { buildAnnualReport, drillDown } from '../../src/reports/annualReport.ts';
import { reportOptionsFor } from '../../src/reports/reportSettings.ts';
import { engineName, newTestCouncil, useTestDatabase } from '../support/testDatabase.ts';

/**
 * The Ombudsman's published data loaded (all or nothing, every problem by row), then the
 * letter reconciled case by case with the council's own records and its rates set beside
 * its neighbours'.
 */
const db = await useTestDatabase();
const work = mkdtempSync(join(tmpdir(), 'redress-figures-'));
after(() => rmSync(work, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  writeFileSync(join(work, name), text);
  return join(work, name);
};
const actor = systemActor('test');

const WEST_YORKSHIRE = `ons_code,authority_name,body,year,measure,value
E08000035,Leeds City Council,lgsco,2023/24,detailed_investigations,20
E08000035,Leeds City Council,lgsco,2023/24,upheld,15
E08000035,Leeds City Council,lgsco,2023/24,compliance_percent,100
E08000032,Bradford Metropolitan District Council,lgsco,2023/24,detailed_investigations,26
E08000032,Bradford Metropolitan District Council,lgsco,2023/24,upheld,18
E08000032,Bradford Metropolitan District Council,lgsco,2023/24,compliance_percent,90
E08000033,Calderdale Metropolitan Borough Council,lgsco,2023/24,detailed_investigations,20
E08000033,Calderdale Metropolitan Borough Council,lgsco,2023/24,upheld,19
E08000033,Calderdale Metropolitan Borough Council,lgsco,2023/24,compliance_percent,94
E08000034,Kirklees Council,lgsco,2023/24,upheld_percent,62
E08000036,Wakefield Council,lgsco,2023/24,upheld_percent,67
E08000036,Wakefield Council,lgsco,2023/24,compliance_percent,100
`;

async function ombudsmanCase(councilId: number, c: { reference: string; receivedOn: string; decidedOn?: string; decision?: string; detailed?: boolean; dueOn?: string; compliedOn?: string }) {
  const { rows } = await db.pool.query<{ id: string }>(
    `INSERT INTO ombudsman_case (council_id, body, ombudsman_reference, received_on, decided_on, decision, detailed_investigation, compliance_due_on, complied_on)
     VALUES ($1, 'lgsco', $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [councilId, c.reference, c.receivedOn, c.decidedOn ?? null, c.decision ?? null, c.detailed ?? null, c.dueOn ?? null, c.compliedOn ?? null]);
  return Number(rows[0]!.id);
}

const count = async (d: Database, table: string, councilId: number) =>
  (await d.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE council_id = $1`, [councilId])).rows[0]!.n;

test(`every authority's figures load, and a file with one bad row loads nothing and names the row (${engineName()})`, async () => {
  const council = await newTestCouncil(db, { name: 'Calderdale Council' });
  const loaded = await loadOmbudsmanFigures(db, council.id, file('wy.csv', WEST_YORKSHIRE));
  assert.equal(loaded.kind, 'benchmark');
  assert.deepEqual(loaded.covers, [{ body: 'lgsco', year: '2023/24', rows: 12, authorities: 5 }]);
  assert.equal(await count(db, 'ombudsman_benchmark_figure', council.id), 12);

  const bad = WEST_YORKSHIRE.replace('E08000034,Kirklees Council,lgsco,2023/24,upheld_percent,62', 'E08000034,Kirklees Council,lgsco,2023/24,upheld_percent,162')
    .replace('Wakefield Council,lgsco,2023/24,upheld_percent', 'Wakefield Council,lgsco,2023-24,upheld_percent');
  await assert.rejects(loadOmbudsmanFigures(db, council.id, file('bad.csv', bad.replaceAll('2023/24', '2024/25').replace('2023-24', '2024-25'))), (error: unknown) => {
    assert.ok(error instanceof PublishedFiguresError);
    assert.deepEqual(error.problems, ['row 11, value "162": a percentage is at most 100', 'row 12, year "2024-25": expected a reporting year like 2023/24']);
    return true;
  });
  const { rows } = await db.pool.query('SELECT DISTINCT year FROM ombudsman_benchmark_figure WHERE council_id = $1', [council.id]);
  assert.deepEqual(rows, [{ year: '2023/24' }], 'nothing of the bad file was loaded');

  // The council's own letter (the format of 013) still loads through the same command.
  const own = await loadOmbudsmanFigures(db, council.id, file('letter.csv', 'body,year,measure,value\nlgsco,2023/24,upheld_percent,95\n'));
  assert.equal(own.kind, 'council');
  assert.equal(await count(db, 'ombudsman_published_figure', council.id), 1);
});

test('an upload is held for checking, loads only when confirmed, and is audited', async () => {
  const council = await newTestCouncil(db);
  const held = await holdFiguresUpload(db, council.id, 'decisions.csv', 'body,reference,decided_on,decision\nlgsco,24 001 001,2024-06-01,upheld\n');
  assert.equal(held.summary.kind, 'decisions');
  assert.deepEqual(held.summary.covers, [{ body: 'lgsco', year: '2024/25', rows: 1, authorities: 0 }]);
  assert.equal(await count(db, 'ombudsman_published_decision', council.id), 0, 'nothing loaded before it is confirmed');
  const other = await newTestCouncil(db);
  assert.equal(await confirmFiguresUpload(db, other.id, held.id, actor), null, 'another council cannot confirm it');
  assert.equal((await confirmFiguresUpload(db, council.id, held.id, actor))!.rows, 1);
  assert.equal(await count(db, 'ombudsman_published_decision', council.id), 1);
  assert.equal(await confirmFiguresUpload(db, council.id, held.id, actor), null, 'confirmed once only');
  const { rows } = await db.pool.query(`SELECT detail FROM audit_entry WHERE council_id = $1 AND action = 'change_settings'`, [council.id]);
  assert.deepEqual(rows.map((r) => r.detail), [{ count: 1, codes: { setting: 'ombudsman_figures', kind: 'decisions' } }]);
  await assert.rejects(holdFiguresUpload(db, council.id, 'x.csv', 'body,reference,decided_on,decision\nlgsco,1,2024-06-01,nonsense\n'), PublishedFiguresError);
  assert.equal(await count(db, 'ombudsman_figures_upload', council.id), 0, 'a file with problems is not held');
});

test('the letter reconciled: each measure ours beside theirs, then the cases that differ', async () => {
  const council = await newTestCouncil(db);
  const agreeing = await ombudsmanCase(council.id, { reference: '24001001', receivedOn: '2024-01-10', decidedOn: '2024-06-01', decision: 'upheld', detailed: true, dueOn: '2024-07-01', compliedOn: '2024-06-20' });
  const differing = await ombudsmanCase(council.id, { reference: '24002002', receivedOn: '2024-01-10', decidedOn: '2024-07-01', decision: 'not_upheld', detailed: true });
  const lateInOurs = await ombudsmanCase(council.id, { reference: '24003003', receivedOn: '2023-11-10', decidedOn: '2024-03-20', decision: 'upheld', detailed: true });
  const onlyOurs = await ombudsmanCase(council.id, { reference: '24004004', receivedOn: '2024-05-10', decidedOn: '2024-09-01', decision: 'closed_after_initial_enquiries' });
  await loadOmbudsmanFigures(db, council.id, file('letter-2425.csv', 'body,year,measure,value\nlgsco,2024/25,decisions,4\nlgsco,2024/25,upheld_percent,100\nlgsco,2024/25,compliance_percent,100\n'));
  await loadOmbudsmanFigures(db, council.id, file('decisions-2425.csv', `body,reference,decided_on,decision,compliance
lgsco,24 001 001,2024-06-01,Upheld: fault and injustice,complied
lgsco,24002002,2024-07-01,Upheld: fault and injustice,
lgsco,24003003,2024-04-02,upheld,
lgsco,24005005,2024-10-01,Not upheld: no fault,
`));
  const r = await reconciliationFor(db.pool, council.id, 'lgsco', '2024/25');
  assert.deepEqual(r.measures, [
    { measure: 'decisions', ours: 3, theirs: 4, difference: -1 },
    { measure: 'upheld_percent', ours: 50, theirs: 100, difference: -50 },
    { measure: 'compliance_percent', ours: 100, theirs: 100, difference: 0 },
  ]);
  assert.deepEqual(r.cases.map((c) => [c.reference, c.standing, c.differences.join('+'), c.ours?.id ?? null]), [
    ['24002002', 'differ', 'decision', differing],
    ['24003003', 'differ', 'decided_year', lateInOurs],
    ['24004004', 'only_ours', '', onlyOurs],
    ['24005005', 'only_theirs', '', null],
    ['24001001', 'agree', '', agreeing],
  ]);
  assert.deepEqual([r.figuresLoaded, r.decisionsLoaded], [true, true]);

  // Loading the year's list again replaces it whole.
  await loadOmbudsmanFigures(db, council.id, file('decisions-2425b.csv', 'body,reference,decided_on,decision\nlgsco,24005005,2024-10-01,not_upheld\n'));
  assert.equal(await count(db, 'ombudsman_published_decision', council.id), 1);
});

test('benchmarking: the council beside a named group of neighbours, its own authority guessed from its name or chosen', async () => {
  const council = await newTestCouncil(db, { name: 'Calderdale Council' });
  await loadOmbudsmanFigures(db, council.id, file('wy2.csv', WEST_YORKSHIRE));
  const empty = await benchmarkFor(db.pool, council.id, 'lgsco', '2023/24', null);
  assert.equal(empty.group, null);
  assert.deepEqual(empty.own, { code: 'E08000033', chosen: false });
  assert.deepEqual(empty.result!.lines.map((l) => l.name), ['Calderdale Metropolitan Borough Council'], 'no group yet: the council alone');

  const id = await saveComparisonGroup(db, council.id, { id: null, name: 'West Yorkshire', members: ['E08000035', 'E08000032', 'E08000034', 'E08000036'] }, actor);
  await assert.rejects(saveComparisonGroup(db, council.id, { id: null, name: 'west yorkshire', members: [] }, actor), ComparisonGroupError);
  await assert.rejects(saveComparisonGroup(db, council.id, { id: null, name: 'Elsewhere', members: ['E09999999'] }, actor), ComparisonGroupError);
  const page = await benchmarkFor(db.pool, council.id, 'lgsco', '2023/24', id);
  assert.deepEqual(page.result!.lines.map((l) => [l.name, l.upholdRate, l.own]), [
    ['Bradford Metropolitan District Council', 69.2, false], ['Calderdale Metropolitan Borough Council', 95, true],
    ['Kirklees Council', 62, false], ['Leeds City Council', 75, false], ['Wakefield Council', 67, false],
  ]);
  assert.deepEqual(page.result!.average, { upholdRate: 68.3, complianceRate: 96.7 });
  assert.ok(await chooseOwnAuthority(db, council.id, 'E08000035', actor));
  assert.equal(!(await chooseOwnAuthority(db, council.id, 'NOPE', actor)), true, 'only an authority in the data');
  const chosen = await benchmarkFor(db.pool, council.id, 'lgsco', '2023/24', id);
  assert.deepEqual(chosen.own, { code: 'E08000035', chosen: true });
  assert.equal(chosen.result!.lines.find((l) => l.own)!.name, 'Leeds City Council');
});

test(`Calderdale's annual report prints its benchmarking table: the council, its West Yorkshire neighbours and their average (${engineName()})`, async () => {
  const council = await newTestCouncil(db, { name: 'Calderdale Council' });
  await loadOmbudsmanFigures(db, council.id, file('wy3.csv', WEST_YORKSHIRE));
  await saveComparisonGroup(db, council.id, { id: null, name: 'West Yorkshire', members: ['E08000035', 'E08000032', 'E08000034', 'E08000036'] }, actor);
  await chooseOwnAuthority(db, council.id, 'E08000033', actor);
  const options = await reportOptionsFor(db.pool, council.id, '2023/24', { layout: 'calderdale' });
  const report = await buildAnnualReport(db.pool, council.id, options, '2024-11-01');
  const table = report.sections.flatMap((s) => s.tables).find((t) => t.key === 'ombudsman.benchmarking')!;
  assert.deepEqual(table.columns.map((c) => [c.label, c.unit]), [
    ['Detailed Investigations', 'count'], ['Investigations Upheld', 'count'], ['% Upheld', 'percent'], ['% Compliance', 'percent'],
  ]);
  const rows = Object.fromEntries(table.rows.map((r) => [r.label, r.cells]));
  assert.deepEqual(rows['Calderdale Metropolitan Borough Council'], [20, 19, 95, 94]);
  assert.deepEqual(rows['Leeds City Council'], [20, 15, 75, 100]);
  assert.deepEqual(rows['Kirklees Council'], [null, null, 62, null]);
  assert.deepEqual(rows['Average of West Yorkshire'], [null, null, 68.3, 96.7], 'the same average as the Benchmarking page');
  assert.equal(table.rows.length, 6);
  const behind = await drillDown(db.pool, council.id, options, '2024-11-01', 'ombudsman.benchmarking', { row: 'E08000033', column: 'uphold_rate' });
  assert.deepEqual(behind.rows.map((r) => [r.authority_name, r.value]), [['Calderdale Metropolitan Borough Council', 95]]);
});
