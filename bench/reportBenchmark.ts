import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { createCouncil } from '../src/councils/councilRepository.ts';
import { importCaseHistory, readCaseHistoryFolder } from '../src/caseHistory/importCaseHistory.ts';
import { writeCaseHistoryFolder } from '../src/demo/writeCaseHistory.ts';
import { demoCouncil } from '../src/demo/caseHistoryGenerator.ts';
import { buildAnnualReport } from '../src/reports/annualReport.ts';
import { defaultReportOptions } from '../src/reports/reportCatalogue.ts';
import { compareWithReport, runBareAggregates } from './bareAggregates.ts';
import { systemActor } from '../src/events/actor.ts';

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, (performance.now() - started) / 1000];
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
/** "1.23 s (1.20–1.31)": the median, and the range when timed more than once. */
const spread = (xs: number[]) => `${median(xs).toFixed(2)} s` + (xs.length > 1 ? ` (${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)})` : '');

export async function reportBenchmark(contacts: number, engines: { name: string; open: () => Promise<Database> }[], repeats = 3) {
  const folder = mkdtempSync(join(tmpdir(), 'redress-bench-report-'));
  try {
    const today = '2027-03-31';
    const [generated, generateSeconds] = await timed(() =>
      writeCaseHistoryFolder(folder, { seed: 11, today, years: 3, contactsPerYear: Math.ceil(contacts / 3), council: demoCouncil }));
    console.log(`Generated ${generated.contacts.toLocaleString('en-GB')} contacts, ${generated.stages.toLocaleString('en-GB')} stages in ${generateSeconds.toFixed(1)} s.`);
    const options = defaultReportOptions('2026/27');
    for (const engine of engines) {
      const db = await engine.open();
      try {
        await migrate(db);
        const council = await createCouncil(db, { slug: `bench-report-${Date.now()}`, name: 'Benchmark council', nation: 'england' });
        const maxFileBytes = 4 * 1024 * 1024 * 1024;
        // The import as a council runs it, statistics pass included: nothing is added here that the product does not do.
        const [, importSeconds] = await timed(() => importCaseHistory(db, council.id, readCaseHistoryFolder(folder, maxFileBytes), {
          createOrg: true, today, actor: systemActor('bench'), source: folder, maxFileBytes,
        }));
        const bare = () => runBareAggregates(db.pool, council.id, options.year, options.comparisonYears, today);
        const report = () => buildAnnualReport(db.pool, council.id, options, today);
        // Both warmed once (and checked against each other), then timed in turn.
        const agreed = compareWithReport(await bare(), await report());
        const bareTimes: number[] = [];
        const reportTimes: number[] = [];
        for (let i = 0; i < repeats; i++) {
          bareTimes.push((await timed(bare))[1]);
          reportTimes.push((await timed(report))[1]);
        }
        const [b, r] = [median(bareTimes), median(reportTimes)];
        console.log(
          `${engine.name}: import ${importSeconds.toFixed(1)} s; bare aggregates ${spread(bareTimes)}; full report ${spread(reportTimes)}; ` +
            `= ${(r / b).toFixed(2)}× the bare aggregates (medians of ${repeats}; aim: under 2×). ` +
            `The bare aggregates agree with the report on ${agreed} totals.`,
        );
      } finally {
        await db.close();
      }
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
