import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { createCouncil } from '../src/councils/councilRepository.ts';
import { importCaseHistory, readCaseHistoryFolder } from '../src/caseHistory/importCaseHistory.ts';
import { writeCaseHistoryFolder } from '../src/demo/writeCaseHistory.ts';
import { demoCouncil } from '../src/demo/caseHistoryGenerator.ts';
import { buildAnnualReport, comparisonYears } from '../src/reports/annualReport.ts';
import { compileFigures } from '../src/reports/compile.ts';
import { defaultReportOptions, reportTables } from '../src/reports/reportCatalogue.ts';

/**
 * The figures a report needs, written by hand against the base tables as a DBA would: the
 * floor the report engine is measured against (one query per kind of figure, all years).
 */
const BARE_AGGREGATES: string[] = [
  // complaints by directorate, year and latest outcome
  `SELECT op.directorate, reporting_year(c.received_on, '04-01'), s.outcome, count(*)
     FROM contact c
     LEFT JOIN org_unit_path op ON op.council_id = c.council_id AND op.id = c.org_unit_id
     LEFT JOIN LATERAL (SELECT outcome FROM complaint_stage x WHERE x.council_id = c.council_id AND x.contact_id = c.id ORDER BY stage DESC LIMIT 1) s ON true
    WHERE c.council_id = $1 AND c.kind = 'complaint' AND c.route IN ('formal', 'urgent')
    GROUP BY 1, 2, 3`,
  // complaint types by year and procedure
  `SELECT c.procedure_code, k.name, reporting_year(c.received_on, '04-01'), count(*)
     FROM contact c LEFT JOIN complaint_category k ON k.council_id = c.council_id AND k.id = c.category_id
    WHERE c.council_id = $1 AND c.kind = 'complaint' AND c.route IN ('formal', 'urgent') GROUP BY 1, 2, 3`,
  // stage response times: bands, averages, timeliness
  `SELECT c.procedure_code, s.stage, reporting_year(c.received_on, '04-01'),
          width_bucket(e.working_day_number - o.working_day_number, ARRAY[11, 21]), count(*),
          avg(e.working_day_number - o.working_day_number), count(*) FILTER (WHERE s.responded_on <= coalesce(s.extended_to, s.due_on))
     FROM complaint_stage s JOIN contact c ON c.council_id = s.council_id AND c.id = s.contact_id
     JOIN calendar_day o ON o.division = 'england-and-wales' AND o.day = s.opened_on
     JOIN calendar_day e ON e.division = 'england-and-wales' AND e.day = s.responded_on
    WHERE s.council_id = $1 GROUP BY 1, 2, 3, 4`,
  // contacts by kind, route and workspace
  `SELECT c.kind, c.route, w.name, reporting_year(c.received_on, '04-01'), count(*)
     FROM contact c LEFT JOIN workspace w ON w.council_id = c.council_id AND w.id = c.workspace_id
    WHERE c.council_id = $1 GROUP BY 1, 2, 3, 4`,
  // Ombudsman received, decided, remedies, compliance
  `SELECT category, reporting_year(received_on, '04-01'), reporting_year(decided_on, '04-01'), decision, detailed_investigation,
          count(*), sum(remedy_amount), count(*) FILTER (WHERE complied_on > compliance_due_on)
     FROM ombudsman_case WHERE council_id = $1 GROUP BY 1, 2, 3, 4, 5`,
];

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, (performance.now() - started) / 1000];
}

export async function reportBenchmark(contacts: number, engines: { name: string; open: () => Promise<Database> }[]) {
  const folder = mkdtempSync(join(tmpdir(), 'redress-bench-report-'));
  try {
    const today = '2027-03-31';
    const [generated, generateSeconds] = await timed(() =>
      writeCaseHistoryFolder(folder, { seed: 11, today, years: 3, contactsPerYear: Math.ceil(contacts / 3), council: demoCouncil }));
    console.log(`Generated ${generated.contacts.toLocaleString('en-GB')} contacts, ${generated.stages.toLocaleString('en-GB')} stages in ${generateSeconds.toFixed(1)} s.`);
    const options = defaultReportOptions('2026/27');
    const tables = reportTables(options).flatMap((s) => s.tables);
    for (const engine of engines) {
      const db = await engine.open();
      try {
        await migrate(db);
        const council = await createCouncil(db, { slug: `bench-report-${Date.now()}`, name: 'Benchmark council', nation: 'england' });
        const maxFileBytes = 4 * 1024 * 1024 * 1024;
        const [, importSeconds] = await timed(() => importCaseHistory(db, council.id, readCaseHistoryFolder(folder, maxFileBytes), {
          createOrg: true, today, actor: 'bench', source: folder, maxFileBytes,
        }));
        await db.pool.query('ANALYZE');
        const bare = async () => { for (const sql of BARE_AGGREGATES) await db.pool.query(sql, [council.id]); };
        const own = async () => {
          for (const t of tables) {
            const years = t.years === 'comparison' ? comparisonYears(options.year, options.comparisonYears) : [options.year];
            const q = compileFigures(t, { councilId: council.id, years, today });
            await db.pool.query(q.text, q.values);
          }
        };
        await bare(); // warm both
        const [, bareSeconds] = await timed(bare);
        const [, ownSeconds] = await timed(own);
        const [report, reportSeconds] = await timed(() => buildAnnualReport(db.pool, council.id, options, today));
        const figures = report.sections.flatMap((s) => s.tables).reduce((n, t) => n + t.rows.length * t.columns.length, 0);
        console.log(
          `${engine.name}: import ${importSeconds.toFixed(1)} s; hand-written aggregates ${bareSeconds.toFixed(2)} s; ` +
            `the report's ${tables.length} table queries ${ownSeconds.toFixed(2)} s; full report (${figures} figures) ${reportSeconds.toFixed(2)} s ` +
            `= ${(reportSeconds / bareSeconds).toFixed(2)}× the hand-written aggregates (aim: under 2×)`,
        );
      } finally {
        await db.close();
      }
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
