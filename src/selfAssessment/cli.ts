import { writeFileSync } from 'node:fs';
import type { Database } from '../db/database.ts';
import type { IsoDate } from '../domain/dates.ts';
import { UsageError } from '../cli/errors.ts';
import { buildPerformanceReport } from './performanceReport.ts';
import { CODE_KEYS, isCodeKey } from './provisions.ts';
import { renderPerformanceJson } from './render/json.ts';

export const SELF_ASSESSMENT_USAGE = `  report self-assessment --year <2024/25>   the annual complaints performance and service improvement report
      --code <lgsco|housing_ombudsman>  --format <json|html|pdf|docx>  --out <file>  --council <slug>`;

const FORMATS = ['json', 'html', 'pdf', 'docx'] as const;

/** `redress report self-assessment`: the Code's annual report of one council, written to a file (or standard output for json and html). */
export async function selfAssessmentReportCommand(
  db: Database, council: { id: number; slug: string; name: string },
  values: { year?: string | undefined; code?: string | undefined; format?: string | undefined; out?: string | undefined }, today: IsoDate,
): Promise<number> {
  const year = values.year;
  if (!year || !/^\d{4}\/\d{2}$/.test(year) || (Number(year.slice(0, 4)) + 1) % 100 !== Number(year.slice(5))) {
    throw new UsageError('Usage: redress report self-assessment --year 2024/25 [--code lgsco|housing_ombudsman] [--format json|html|pdf|docx] [--out file]');
  }
  const code = values.code ?? 'lgsco';
  if (!isCodeKey(code)) throw new UsageError(`--code must be one of ${CODE_KEYS.join(', ')}`);
  const format = values.format ?? 'json';
  if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
  const report = await buildPerformanceReport(db.pool, council.id, code, year, today);
  // The other renderers load only when asked for (Word and the PDF's browser driver are slow to load).
  const body = format === 'json' ? renderPerformanceJson(report)
    : format === 'html' ? (await import('./render/html.ts')).renderPerformanceHtml(report, { standalone: true })
      : format === 'pdf' ? await (await import('./render/pdf.ts')).renderPerformancePdf(report)
        : await (await import('./render/docx.ts')).renderPerformanceDocx(report);
  if (values.out === '-') {
    if (Buffer.isBuffer(body)) throw new UsageError(`A ${format} report is a binary file: give --out a file name`);
    process.stdout.write(body);
    return 0;
  }
  const out = values.out ?? `redress-${council.slug}-complaint-performance-${year.replace('/', '-')}.${format}`;
  writeFileSync(out, body);
  console.log(`Wrote the ${year} complaint performance and service improvement report of ${council.name} to ${out}.`);
  return 0;
}
