/**
 * A report of a year the council has no case history for is refused with one clear
 * sentence (the CLI exits non-zero; the web page is a 404), never printed as zeros.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { importCaseHistory, readCaseHistoryFolder } from '../../src/caseHistory/importCaseHistory.ts';
import { noDataMessage, NoDataForYearError, refuseYearWithoutData, yearsWithData } from '../../src/reports/reportYear.ts';
import { engineName, newTestCouncil, useTestDatabase } from '../support/testDatabase.ts';
import { systemActor } from '../../src/events/actor.ts';

const root = new URL('../../', import.meta.url).pathname;

test('the message names the council and the year, and says which years there are, in one sentence', () => {
  assert.equal(noDataMessage('Calderdale Council', '2023/24', ['2022/23', '2023/24']), null);
  assert.equal(noDataMessage('Calderdale Council', '2031/32', ['2021/22', '2022/23', '2023/24']),
    'Calderdale Council has no contacts or Ombudsman cases in 2031/32, so there is no report to make: choose a year from 2021/22 to 2023/24.');
  assert.equal(noDataMessage('Calderdale Council', '2020/21', ['2023/24']),
    'Calderdale Council has no contacts or Ombudsman cases in 2020/21, so there is no report to make: the only year with data is 2023/24.');
  assert.equal(noDataMessage('New Council', '2024/25', []), 'New Council has no case history yet, so there is no 2024/25 report to make: import its history first.');
});

test(`the years with data are those of the council's contacts and Ombudsman cases (${engineName()})`, async () => {
  const db = await useTestDatabase();
  const council = await newTestCouncil(db, { name: 'Calderdale Council' });
  assert.deepEqual(await yearsWithData(db.pool, council.id), []);
  await importCaseHistory(db, council.id, readCaseHistoryFolder(new URL('../fixtures/calderdale/', import.meta.url).pathname), {
    createOrg: true, today: '2024-11-01', actor: systemActor('test'), source: 'calderdale',
  });
  const years = await yearsWithData(db.pool, council.id);
  assert.ok(years.includes('2023/24') && years.includes('2021/22'), years.join(', '));
  await refuseYearWithoutData(db.pool, council, '2023/24');
  await assert.rejects(refuseYearWithoutData(db.pool, council, '2031/32'), (error) => error instanceof NoDataForYearError && /in 2031\/32/.test(error.message));
});

test(`redress report refuses a year with no data in one sentence and a non-zero exit (${engineName()})`, { timeout: 120_000 }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'redress-no-data-'));
  try {
    const env = { ...process.env, DATA_DIR: dataDir };
    const slug = `empty-${randomUUID().slice(0, 8)}`;
    const run = (...args: string[]) => spawnSync(process.execPath, ['bin/redress.js', ...args], { cwd: root, env, encoding: 'utf8', timeout: 60_000 });
    assert.equal(run('council', 'add', slug, '--name', 'Empty Council', '--nation', 'england').status, 0);
    const out = join(dataDir, 'report.json');
    const result = run('report', '--year', '2023/24', '--council', slug, '--format', 'json', '--out', out);
    assert.notEqual(result.status, 0);
    assert.equal(result.stderr.trim(), 'Empty Council has no case history yet, so there is no 2023/24 report to make: import its history first.');
    assert.doesNotMatch(result.stderr.trim(), /\n/, 'one sentence, no stack trace');
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
