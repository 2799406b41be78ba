import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|js|mjs|cjs)$/.test(name) ? [path] : [];
  });
}

test('case events are written only by src/events/ (one writer: the audit trail, the timeline, the version)', () => {
  const writers = sourceFiles(SRC)
    .filter((path) => /INSERT\s+INTO\s+case_event\b/i.test(readFileSync(path, 'utf8')))
    .map((path) => relative(SRC, path).split('\\').join('/'))
    .filter((path) => !path.startsWith('events/'));
  assert.deepEqual(writers, [], 'write case events with writeCaseEvent or writeCaseEvents (src/events/caseEvents.ts)');
});
