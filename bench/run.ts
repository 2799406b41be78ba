// npm run bench [-- --contacts N --report-contacts N --only import|report --repeat N]: performance targets live here, not in timed tests.
// The embedded database always; the PostgreSQL server too when DATABASE_URL is set.
import { parseArgs } from 'node:util';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../src/db/database.ts';
import { importBenchmark } from './importBenchmark.ts';
import { reportBenchmark } from './reportBenchmark.ts';

const { values } = parseArgs({
  options: { contacts: { type: 'string', default: '100000' }, 'report-contacts': { type: 'string', default: '1000000' }, only: { type: 'string' }, repeat: { type: 'string', default: '3' } },
});
const contacts = Number(values.contacts);
const dataDir = mkdtempSync(join(tmpdir(), 'redress-bench-db-'));
const engines = [{ name: 'embedded (PGlite)', open: () => openDatabase({ dataDir }) }];
if (process.env.DATABASE_URL) engines.push({ name: 'PostgreSQL server', open: () => openDatabase({ databaseUrl: process.env.DATABASE_URL }) });
try {
  if (values.only !== 'report') {
    console.log(`Import benchmark, ${contacts.toLocaleString('en-GB')} contacts (aim: ≥ 20,000 contacts/s on the embedded database)`);
    await importBenchmark(contacts, engines);
  }
  if (values.only !== 'import') {
    const n = Number(values['report-contacts']);
    console.log(`\nAnnual report benchmark, ${n.toLocaleString('en-GB')} contacts (aim: the report in under 2× the bare aggregates)`);
    await reportBenchmark(n, engines, Number(values.repeat));
  }
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
