// A second reporter for `npm test` (scripts/test.ts): when the run ends, the test files that took
// longest from start to end (loading and hooks included), so a suite that grows slow says where;
// the TAP stream goes on as before. A file's own events name it: dequeued when it starts,
// complete when it ends. Plain JavaScript: Node loads reporters before tsx's loader is in place.

/** @param {AsyncIterable<{ type: string, data?: { file?: string, name?: string, nesting?: number } }>} source */
export default async function* fileTimes(source) {
  const started = Date.now();
  const files = new Map();
  for await (const event of source) {
    const { file, name, nesting } = event.data ?? {};
    if (!file || nesting !== 0 || name !== file) continue;
    if (event.type === 'test:dequeue') files.set(file, { start: Date.now(), end: undefined });
    if (event.type === 'test:complete' && files.has(file)) files.get(file).end = Date.now();
  }
  const root = process.cwd() + '/';
  const at = (/** @type {number} */ ms) => `${Math.round((ms - started) / 1000)}`.padStart(4);
  const rows = [...files].map(([file, t]) => ({ file: file.replace(root, ''), ...t, seconds: ((t.end ?? Date.now()) - t.start) / 1000 }));
  rows.sort((a, b) => b.seconds - a.seconds);
  yield `\n# slowest test files, start to end (${rows.length} files; the run took ${Math.round((Date.now() - started) / 1000)} s)\n`;
  for (const row of rows.slice(0, 30)) yield `#   ${row.seconds.toFixed(1).padStart(6)} s  (${at(row.start)} s to ${row.end ? at(row.end) : ' ...'} s)  ${row.file}\n`;
}
