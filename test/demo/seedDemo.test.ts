/**
 * The demo council a newcomer meets on first start: three whole reporting years before the
 * year in progress, every kind of record, and a default report with figures in every year
 * it compares. And its seeding is all or nothing: a start killed half way leaves no
 * half-made council, and the next start makes a whole one.
 */
import { test } from 'node:test';
import { figures } from '../support/reportGrid.ts';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { buildAnnualReport, type AnnualReport } from '../../src/reports/annualReport.ts';
import { reportOptionsFor } from '../../src/reports/reportSettings.ts';
import { DEMO_SLUG, DEMO_YEARS, seedDemoCouncil } from '../../src/demo/seedDemo.ts';
import { demoCouncil, generateCaseHistory, plannedContactCounts } from '../../src/demo/caseHistoryGenerator.ts';
import { puttingThingsRight } from '../../src/demo/puttingThingsRight.ts';
import { openDatabase } from '../../src/db/database.ts';
import { londonDate } from '../../src/domain/dates.ts';
import { embeddedPassOnly, engineName, useTestDatabase } from '../support/testDatabase.ts';

const TODAY = '2026-11-29';
const root = new URL('../../', import.meta.url).pathname;
const tableOf = (report: AnnualReport, key: string) => report.sections.flatMap((s) => s.tables).find((t) => t.key === key)!;
const sum = (cells: (number | null)[]) => cells.reduce<number>((n, v) => n + (v ?? 0), 0);

test('remedies and learning actions: only on upheld complaints, dated after the response and never after today, the same every time', () => {
  const history = [...generateCaseHistory({ seed: 3, today: TODAY, years: 2, contactsPerYear: 1500, council: demoCouncil })];
  const first = puttingThingsRight(history, 3, TODAY);
  assert.deepEqual(puttingThingsRight(history, 3, TODAY), first);
  assert.ok(first.remedies.length > 20 && first.learning.length > 5, `${first.remedies.length} remedies, ${first.learning.length} learning actions`);
  const byReference = new Map(history.map((h) => [h.contact.reference, h]));
  for (const { reference, on, remedy } of first.remedies) {
    const last = byReference.get(reference)!.stages.filter((s) => s.responded_on && s.decision !== 'refused').at(-1)!;
    assert.match(last.outcome, /^(upheld|partially_upheld)$/);
    assert.equal(on, last.responded_on);
    if (remedy.doneOn) assert.ok(remedy.doneOn >= on && remedy.doneOn <= TODAY, `${reference} done ${remedy.doneOn}`);
    assert.equal(remedy.kind === 'financial_redress', remedy.amount !== undefined);
  }
  assert.ok(first.learning.some((a) => !a.action.doneOn && a.action.dueOn < TODAY), 'some learning actions are overdue');
  assert.ok(first.learning.some((a) => a.action.doneOn), 'some are done');
});

test(`the demo council's default report has figures in every year it compares (${engineName()})`, { timeout: 300_000 }, async () => {
  const db = await useTestDatabase();
  const council = (await seedDemoCouncil(db, TODAY, undefined, { slug: `demo-${randomUUID().slice(0, 8)}` }))!;
  assert.ok(council);
  const planned = plannedContactCounts({ seed: 1, today: TODAY, years: DEMO_YEARS, contactsPerYear: 2400 }).map((y) => y.year);
  assert.deepEqual(planned, ['2023/24', '2024/25', '2025/26', '2026/27'], 'three whole years and the year so far');

  // The latest whole year, compared with the two before it.
  const report = await buildAnnualReport(db.pool, council.id, await reportOptionsFor(db.pool, council.id, '2025/26'), TODAY);
  assert.deepEqual(report.years, ['2023/24', '2024/25', '2025/26']);

  const kinds = tableOf(report, 'contacts.by_kind');
  for (const kind of ['Complaint', 'Compliment', 'Comment', 'Enquiry', 'MP enquiry', 'Councillor enquiry']) {
    const row = kinds.rows.find((r) => r.label === kind);
    assert.ok(row && figures(row.cells).every((v) => (v ?? 0) > 0), `${kind} in every year: ${row?.cells}`);
  }
  const routes = tableOf(report, 'contacts.by_route');
  assert.ok(routes.rows.filter((r) => figures(r.cells).every((v) => (v ?? 0) > 0)).length >= 6, 'formal, urgent, informal and the other routes');
  for (const key of ['corporate.highest_stage', 'children_statutory.highest_stage']) {
    const stage2 = tableOf(report, key).rows.find((r) => r.key === 'stage 2');
    assert.ok(stage2 && sum(figures(stage2.cells)) > 0, `${key}: stage 2`);
  }
  assert.ok(sum(figures(tableOf(report, 'children_statutory.highest_stage').rows.find((r) => r.key === 'stage 3')!.cells)) > 0, "children's stage 3");
  for (const key of ['ombudsman.decisions', 'ombudsman.remedies', 'ombudsman.compliance', 'remedies.by_kind', 'learning.by_status', 'compliments.by_procedure']) {
    const table = tableOf(report, key);
    assert.ok(table.rows.some((r) => figures(r.cells).some((v) => (v ?? 0) > 0)), `${key} has figures`);
  }

  // Every table comparing years has a figure in each year, but for those that cannot:
  // adults' social care has one local stage (no stage 2), and public health a handful of complaints.
  const cannot = /^(adults_statutory\.(escalation_requests|stage2_)|public_health\.(escalation_requests|stage2_))/;
  const emptyYears = report.sections.flatMap((s) => s.tables)
    .filter((t) => !cannot.test(t.key) && t.columns.some((c) => /^\d{4}\/\d{2}$/.test(c.key)))
    .flatMap((t) => t.columns.flatMap((c, i) => (/^\d{4}\/\d{2}$/.test(c.key) && t.rows.every((r) => !r.cells[i]) ? [`${t.key} ${c.label}`] : [])));
  assert.deepEqual(emptyYears, []);
});

/** Runs `redress start` and resolves with the line matching `until` (and the process), or rejects when it exits first. */
function startUntil(env: NodeJS.ProcessEnv, until: RegExp) {
  const child = spawn(process.execPath, ['bin/redress.js', 'start'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const reached = new Promise<string>((resolve, reject) => {
    const look = (d: Buffer) => {
      output += d;
      const found = until.exec(output);
      if (found) resolve(found[0]);
    };
    child.stdout.on('data', look);
    child.stderr.on('data', look);
    void exited.then(() => reject(new Error(`redress start stopped before ${until}:\n${output}`)));
  });
  return { child, reached, exited, output: () => output };
}

test('a first start killed while seeding the demo leaves no council; the next start makes one whole council (embedded PGlite)', { timeout: 300_000, skip: embeddedPassOnly() }, async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'redress-seed-kill-'));
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: String(20000 + Math.floor(Math.random() * 20000)), HOST: '127.0.0.1' };
  delete env.DATABASE_URL; // the first start of an embedded database: a server's database is not ours to empty

  const first = startUntil(env, /^Demo council: contacts 5000 of \d+ written$/m);
  await first.reached;
  first.child.kill('SIGKILL');
  assert.equal((await first.exited).signal, 'SIGKILL');

  const second = startUntil(env, /Redress is running on/);
  t.after(() => second.child.kill('SIGKILL'));
  await second.reached;
  assert.match(second.output(), /First start: adding a demo council/, 'the killed seeding left nothing behind, so it starts again');
  second.child.kill('SIGTERM');
  await second.exited;

  const db = await openDatabase({ dataDir });
  try {
    const councils = await db.pool.query<{ slug: string; contacts: number }>(
      'SELECT k.slug, (SELECT count(*) FROM contact c WHERE c.council_id = k.id)::int AS contacts FROM council k');
    const today = londonDate(new Date());
    const expected = plannedContactCounts({ seed: 20240401, today, years: DEMO_YEARS, contactsPerYear: 2400, council: demoCouncil }).reduce((n, y) => n + y.contacts, 0);
    assert.deepEqual(councils.rows, [{ slug: DEMO_SLUG, contacts: expected }]);
  } finally {
    await db.close();
  }
});
