// The test run behind `npm test` (after tsc): every *.test.ts under test/ and src/, or the files
// named on the command line (`npm test -- test/db/statistics.test.ts`), through Node's test
// runner with as many files at once as the engine allows (ADR 0009, "Suite speed"):
//   - PostgreSQL server (DATABASE_URL): files are isolated by council, so several share it;
//   - embedded: each file has its own PGlite worker (about 0.5 GB), so fewer;
//   - the browser files (test/e2e) each drive a Chromium: they run after the others, fewer at once.
// TEST_CONCURRENCY=n overrides both. Options starting with -- go to `node --test` as they are.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const args = process.argv.slice(2);
const nodeOptions = args.filter((a) => a.startsWith('--'));
const named = args.filter((a) => !a.startsWith('--'));

function testFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.test.ts'))
    .map((e) => relative(root, join(e.parentPath ?? (e as unknown as { path: string }).path, e.name)));
}
const files = (named.length > 0 ? named : [...testFiles('test'), ...testFiles('src')]).sort();
const isBrowser = (file: string) => file.split(/[\\/]/).includes('e2e');

const server = Boolean(process.env.DATABASE_URL);
const override = Number(process.env.TEST_CONCURRENCY) || 0;
const phases = [
  { files: files.filter((f) => !isBrowser(f)), concurrency: override || (server ? 4 : 3) },
  { files: files.filter(isBrowser), concurrency: override || 2 },
];

let failed = false;
for (const phase of phases) {
  if (phase.files.length === 0) continue;
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--test', `--test-concurrency=${phase.concurrency}`, ...nodeOptions, ...phase.files], {
    cwd: root,
    stdio: 'inherit',
  });
  if (run.status !== 0) failed = true;
}
process.exitCode = failed ? 1 : 0;
