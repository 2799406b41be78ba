// npm run bench [-- --contacts N]: performance targets live here, not in timed tests.
// The embedded database always; the PostgreSQL server too when DATABASE_URL is set.
import { parseArgs } from 'node:util';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../src/db/database.ts';
import { importBenchmark } from './importBenchmark.ts';

const { values } = parseArgs({ options: { contacts: { type: 'string', default: '100000' } } });
const contacts = Number(values.contacts);
const dataDir = mkdtempSync(join(tmpdir(), 'redress-bench-db-'));
const engines = [{ name: 'embedded (PGlite)', open: () => openDatabase({ dataDir }) }];
if (process.env.DATABASE_URL) engines.push({ name: 'PostgreSQL server', open: () => openDatabase({ databaseUrl: process.env.DATABASE_URL }) });
try {
  console.log(`Import benchmark, ${contacts.toLocaleString('en-GB')} contacts (aim: ≥ 20,000 contacts/s on the embedded database)`);
  await importBenchmark(contacts, engines);
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
