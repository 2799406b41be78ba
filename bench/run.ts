// npm run bench [-- --contacts N --report-contacts N --only import|report|concurrency|cases|pages|messages|backup --reminders N --repeat N --demo-contacts-per-year N --users N --seconds N]: performance targets live here, not in timed tests.
// The embedded database always; the PostgreSQL server too when DATABASE_URL is set.
import { parseArgs } from 'node:util';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../src/db/database.ts';
import { importBenchmark } from './importBenchmark.ts';
import { reportBenchmark } from './reportBenchmark.ts';
import { concurrencyBenchmark } from './concurrencyBenchmark.ts';
import { caseListBenchmark } from './caseListBenchmark.ts';
import { staffPagesBenchmark } from './staffPagesBenchmark.ts';
import { messagesBenchmark } from './messagesBenchmark.ts';
import { backupBenchmark } from './backupBenchmark.ts';

const { values } = parseArgs({
  options: { contacts: { type: 'string', default: '100000' }, 'report-contacts': { type: 'string', default: '1000000' }, only: { type: 'string' }, repeat: { type: 'string', default: '3' }, 'demo-contacts-per-year': { type: 'string', default: '2400' },
    users: { type: 'string', default: '50' }, seconds: { type: 'string', default: '60' }, reminders: { type: 'string', default: '10000' } },
});
const contacts = Number(values.contacts);
const dataDir = mkdtempSync(join(tmpdir(), 'redress-bench-db-'));
const engines = [{ name: 'embedded (PGlite)', open: () => openDatabase({ dataDir }) }];
if (process.env.DATABASE_URL) engines.push({ name: 'PostgreSQL server', open: () => openDatabase({ databaseUrl: process.env.DATABASE_URL }) });
try {
  if (values.only === 'concurrency') {
    await concurrencyBenchmark(engines, Number(values['demo-contacts-per-year']), Number(values.repeat));
  }
  if (values.only === 'cases') {
    // The case list and work queues: 1,000,000 contacts unless --contacts says otherwise, and 10,000 beside them.
    const n = process.argv.some((a) => a.startsWith('--contacts')) ? contacts : 1_000_000;
    console.log(`Case list and work queues benchmark, ${n.toLocaleString('en-GB')} contacts and 10,000 (aim: the queues cost the same at both)`);
    await caseListBenchmark(n, engines);
  }
  if (values.only === 'pages') {
    // The staff pages over HTTP, as people use them: 1,000,000 contacts unless --contacts says otherwise, and 10,000 beside them.
    const n = process.argv.some((a) => a.startsWith('--contacts')) ? contacts : 1_000_000;
    console.log(`Staff pages benchmark, ${n.toLocaleString('en-GB')} contacts and 10,000, ${values.users} users for ${values.seconds} s each (aim: p95 under 1 s, the home page the same at both)`);
    await staffPagesBenchmark(n, engines, { users: Number(values.users), seconds: Number(values.seconds) });
  }
  if (values.only === 'messages') {
    // Issue 8: N reminders due at once, swept and delivered to a local SMTP server while staff use the pages.
    console.log(`Messages benchmark, ${Number(values.reminders).toLocaleString('en-GB')} reminders due at once, ${values.users} users for ${values.seconds} s (aim: all delivered, the pages' p95 during no worse than 2× before)`);
    await messagesBenchmark(engines, { reminders: Number(values.reminders), users: Number(values.users), seconds: Number(values.seconds) });
  }
  if (values.only === 'backup') {
    // Issue 10: backup, and restore into an empty database, of 20,000 contacts unless --contacts says otherwise.
    const n = process.argv.some((a) => a.startsWith('--contacts')) ? contacts : 20_000;
    console.log(`Backup and restore benchmark, ${n.toLocaleString('en-GB')} contacts of generated history`);
    await backupBenchmark(n, engines);
  }
  if (values.only === undefined || values.only === 'import') {
    console.log(`Import benchmark, ${contacts.toLocaleString('en-GB')} contacts (aim: ≥ 20,000 contacts/s on the embedded database)`);
    await importBenchmark(contacts, engines);
  }
  if (values.only === undefined || values.only === 'report') {
    const n = Number(values['report-contacts']);
    console.log(`\nAnnual report benchmark, ${n.toLocaleString('en-GB')} contacts (aim: the report in under 2× the bare aggregates)`);
    await reportBenchmark(n, engines, Number(values.repeat));
  }
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
