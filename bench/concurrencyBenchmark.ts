// How long a page's light query waits while an annual report is being generated
// (docs/adr/0015-heavy-work-beside-pages.md). The demo council at its default size, the report
// asked for as the web route asks for it, and meanwhile one light query every 100 ms.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Database } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { seedDemoCouncil } from '../src/demo/seedDemo.ts';
import { buildAnnualReport, buildAnnualReportInOneTransaction, comparisonYears } from '../src/reports/annualReport.ts';
import { reportOptionsFor } from '../src/reports/reportSettings.ts';

const TODAY = '2026-03-31';
const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)] ?? 0;

export interface ConcurrencyResult { reportSeconds: number; samples: number; maxMs: number; p95Ms: number; medianMs: number }

/** Light queries every 100 ms while `heavy` runs: their latencies. */
export async function lightQueriesDuring(db: Database, councilId: number, heavy: () => Promise<unknown>): Promise<ConcurrencyResult> {
  const { rows: [some] } = await db.pool.query<{ id: number }>('SELECT id FROM contact WHERE council_id = $1 ORDER BY id LIMIT 1', [councilId]);
  const light = [
    () => db.pool.query('SELECT * FROM contact WHERE council_id = $1 AND id = $2', [councilId, some!.id]),
    () => db.pool.query('SELECT count(*)::int AS n FROM contact WHERE council_id = $1', [councilId]),
  ];
  const latencies: number[] = [];
  let done = false;
  const started = performance.now();
  const report = heavy().finally(() => { done = true; });
  const sampler = (async () => {
    for (let i = 0; !done; i++) {
      // Every query asked for while the report runs counts, however long after it it ends.
      const tick = performance.now();
      await light[i % light.length]!();
      latencies.push(performance.now() - tick);
      await sleep(Math.max(0, 100 - (performance.now() - tick)));
    }
  })();
  await report;
  const reportSeconds = (performance.now() - started) / 1000;
  await sampler;
  return { reportSeconds, samples: latencies.length, maxMs: Math.max(0, ...latencies), p95Ms: percentile(latencies, 95), medianMs: percentile(latencies, 50) };
}

export async function concurrencyBenchmark(engines: { name: string; open: () => Promise<Database> }[], contactsPerYear = 2400, repeats = 1) {
  console.log(`The demo council at ${contactsPerYear.toLocaleString('en-GB')} contacts a year; a light query every 100 ms while the annual report runs (aim: max ≤ about 1 s).`);
  for (const engine of engines) {
    const db = await engine.open();
    try {
      await migrate(db);
      const seeded = performance.now();
      const council = await seedDemoCouncil(db, TODAY, contactsPerYear, { slug: `bench-demo-${Date.now()}` });
      if (!council) throw new Error('The demo council was not seeded');
      console.log(`${engine.name}: demo council seeded in ${((performance.now() - seeded) / 1000).toFixed(1)} s.`);
      const year = comparisonYears('2025/26', 2)[0]!; // the latest whole year, as the report page offers it
      const options = await reportOptionsFor(db.pool, council.id, year);
      const ways = [
        { name: 'in one transaction (before ADR 15)', build: () => buildAnnualReportInOneTransaction(db.pool, council.id, options, TODAY) },
        { name: 'as shipped', build: () => buildAnnualReport(db.pool, council.id, options, TODAY) },
      ];
      for (const way of ways) {
        const alone = performance.now();
        await way.build(); // warmed, and timed alone
        const aloneSeconds = (performance.now() - alone) / 1000;
        for (let i = 0; i < repeats; i++) {
          const r = await lightQueriesDuring(db, council.id, way.build);
          console.log(
            `${engine.name}, report ${way.name}: ${aloneSeconds.toFixed(2)} s alone, ${r.reportSeconds.toFixed(2)} s beside the light queries; ` +
              `${r.samples} light queries meanwhile: median ${r.medianMs.toFixed(0)} ms, p95 ${r.p95Ms.toFixed(0)} ms, max ${r.maxMs.toFixed(0)} ms.`,
          );
        }
      }
    } finally {
      await db.close();
    }
  }
}
