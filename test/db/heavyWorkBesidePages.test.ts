/**
 * On the embedded engine every query of the process shares one connection (ADR 1). The
 * annual report must give it back between its statements, so a page's query waits for one
 * statement, not for the whole report; and reports run one at a time (ADR 15).
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { openDatabase } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { seedDemoCouncil } from '../../src/demo/seedDemo.ts';
import { buildAnnualReport, buildAnnualReportInOneTransaction } from '../../src/reports/annualReport.ts';
import { reportOptionsFor } from '../../src/reports/reportSettings.ts';

const skip = process.env.DATABASE_URL ? 'about the embedded database only (a server gives each report its own connection)' : false;
const TODAY = '2026-03-31';

const db = skip ? null : await openDatabase({ dataDir: null });
if (db) after(() => db.close());
const council = db ? await (async () => {
  await migrate(db);
  return seedDemoCouncil(db, TODAY, 600, { slug: `beside-${randomUUID().slice(0, 8)}` });
})() : null;
const options = db && council ? await reportOptionsFor(db.pool, council.id, '2024/25') : null;

test('a light query asked for while a report runs is answered before the report ends, within 3 s', { skip }, async () => {
  let lightAsked: Promise<number> | null = null;
  let reportDone = 0;
  const report = buildAnnualReport(db!.pool, council!.id, options!, TODAY, () => {
    // Once the report is under way (its first snapshot read), a page asks for one row.
    lightAsked ??= (async () => {
      const asked = performance.now();
      const { rows } = await db!.pool.query('SELECT id, reference FROM contact WHERE council_id = $1 ORDER BY id LIMIT 1', [council!.id]);
      assert.equal(rows.length, 1);
      return performance.now() - asked;
    })().then((ms) => { assert.equal(reportDone, 0, 'the light query waited for the whole report'); return ms; });
  }).then((r) => { reportDone = performance.now(); return r; });
  await report;
  assert.ok(lightAsked, 'the report told its steps');
  const waited = await lightAsked!;
  assert.ok(waited < 3000, `the light query waited ${Math.round(waited)} ms`);
});

test('reports asked for together run one after the other, with the figures of a report in one transaction', { skip }, async () => {
  const steps: { run: number; at: number }[] = [];
  const [a, b, c] = await Promise.all([0, 1, 2].map((run) =>
    buildAnnualReport(db!.pool, council!.id, options!, TODAY, () => steps.push({ run, at: performance.now() }))));
  // Each report's steps all come before the next one's: no two reports interleave.
  const order = steps.map((s) => s.run);
  assert.deepEqual(order, [...order].sort(), 'two reports interleaved');
  assert.deepEqual(b, a);
  assert.deepEqual(c, a);
  assert.deepEqual(await buildAnnualReportInOneTransaction(db!.pool, council!.id, options!, TODAY), a);
  // Nothing of the runs is left behind in the session every connection shares.
  const { rows } = await db!.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_class WHERE relname LIKE 'report_snapshot%'");
  assert.equal(rows[0]!.n, 0);
});

test('a report that fails leaves the connection usable and no snapshot behind', { skip }, async () => {
  await assert.rejects(buildAnnualReport(db!.pool, 987654321, options!, TODAY), /There is no council/);
  const { rows } = await db!.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_class WHERE relname LIKE 'report_snapshot%'");
  assert.equal(rows[0]!.n, 0);
});
