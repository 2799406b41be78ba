// The test run behind `npm test` (after tsc): every *.test.ts under test/ and src/, or the files
// named on the command line (`npm test -- test/db/statistics.test.ts`), through Node's test
// runner with as many files at once as the engine allows (ADR 0009, "Suite speed"):
//   - PostgreSQL server (DATABASE_URL): files are isolated by council, so several share it;
//   - embedded: each file has its own PGlite worker (about 0.5 GB), so fewer;
// One run of the test runner, so its summary (# tests, # pass, # fail) covers the whole suite.
// TEST_CONCURRENCY=n overrides both. Options starting with -- go to `node --test` as they are.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
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
// The browser files (test/e2e) each drive a Chromium: the biggest starts first (it takes longest),
// the others at the end, so no more than two run at once with the rest of the suite.
const isBrowser = (file: string) => file.split(/[\\/]/).includes('e2e');
const browser = files.filter(isBrowser).sort((a, b) => statSync(join(root, b)).size - statSync(join(root, a)).size);
const ordered = [...browser.slice(0, 1), ...files.filter((f) => !isBrowser(f)), ...browser.slice(1)];
const server = Boolean(process.env.DATABASE_URL);
const concurrency = Number(process.env.TEST_CONCURRENCY) || (server ? 4 : 3);
// TAP on stdout as ever, and the slowest files at the end (scripts/fileTimes.mjs) on stderr, or in
// the file TEST_TIMES names (.ci/run keeps them apart from the TAP, whose closing lines CI reads).
const reporters = nodeOptions.some((o) => o.startsWith('--test-reporter'))
  ? []
  : ['--test-reporter=tap', '--test-reporter-destination=stdout', `--test-reporter=${join(root, 'scripts', 'fileTimes.mjs')}`, `--test-reporter-destination=${process.env.TEST_TIMES || 'stderr'}`];
const run = spawnSync(process.execPath, ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, ...reporters, ...nodeOptions, ...ordered], {
  cwd: root,
  stdio: 'inherit',
});
process.exitCode = run.status === 0 ? 0 : 1;
