// Prints the table list of docs/reports.md from the report catalogue: node --import tsx scripts/reportTablesDoc.ts
import { reportTables, defaultReportOptions } from '../src/reports/reportCatalogue.ts';
const o = defaultReportOptions('2023/24');
for (const s of reportTables(o)) {
  console.log(`\n### ${s.title}\n`);
  console.log('| table | counts | grouped by |\n|---|---|---|');
  for (const t of s.tables) {
    const dim = (d: { kind: string; level?: string }) => d.kind === 'unit' ? d.level : d.kind;
    console.log(`| \`${t.key}\` — ${t.title} | ${t.definition} | ${dim(t.rows as any)} × ${dim(t.columns as any)}${t.years === 'report_year' ? ' (report year)' : ''} |`);
  }
}
