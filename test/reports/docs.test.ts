import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { defaultReportOptions, reportTables } from '../../src/reports/reportCatalogue.ts';

test('docs/reports.md says what every table of the report counts', () => {
  const doc = readFileSync(new URL('../../docs/reports.md', import.meta.url), 'utf8');
  const missing = reportTables(defaultReportOptions('2023/24')).flatMap((s) => s.tables).filter((t) => !doc.includes(`\`${t.key}\``) || !doc.includes(t.definition));
  assert.deepEqual(missing.map((t) => t.key), [], 'regenerate the table list in docs/reports.md with scripts/reportTablesDoc.ts');
});
