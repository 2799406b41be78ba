import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createApp } from '../../src/web/app.ts';
import { importCaseHistory, readCaseHistoryFolder } from '../../src/caseHistory/importCaseHistory.ts';
import { systemActor } from '../../src/events/actor.ts';
import { engineName, newTestCouncil, useTestDatabase } from '../support/testDatabase.ts';
import { addTestStaff, signedIn } from '../support/staffSession.ts';

/**
 * No query parameter of the report, drill-down or dashboard pages can cause a 500: each one,
 * in turn, given huge numbers, NUL bytes, impossible years, several values, unknown names and
 * arbitrary text, is answered with a page (200, or 400/403/404 saying why), never an error.
 */

const TODAY = '2024-11-01';
const db = await useTestDatabase();
const council = await newTestCouncil(db, { name: 'Calderdale Council' });
await importCaseHistory(db, council.id, readCaseHistoryFolder(new URL('../fixtures/calderdale/', import.meta.url).pathname), {
  createOrg: true, today: TODAY, actor: systemActor('test'), source: 'calderdale',
});
const app = await createApp({ db, clock: { now: () => new Date(`${TODAY}T12:00:00Z`) } });
after(() => app.close());
const client = await signedIn(app, await addTestStaff(db, council.id, ['complaints_officer'], { maySeeRestricted: true }));

/** Each page with an address that works, and the parameters it reads. */
const PAGES: { path: string; base: Record<string, string>; params: string[] }[] = [
  { path: '/reports', base: { year: '2023/24' }, params: ['year', 'level', 'layout', 'sections', 'suppress'] },
  { path: '/reports/view', base: { year: '2023/24', sections: 'corporate' }, params: ['year', 'level', 'layout', 'sections', 'suppress', 'council'] },
  {
    path: '/reports/drill', base: { year: '2023/24', sections: 'corporate', table: 'corporate.complaints_by_unit', column: '2023/24' },
    params: ['year', 'level', 'layout', 'sections', 'suppress', 'table', 'row', 'column', 'measure', 'page'],
  },
  {
    path: '/reports/drill/export', base: { year: '2023/24', sections: 'corporate', table: 'corporate.complaints_by_unit', column: '2023/24' },
    params: ['table', 'row', 'column', 'measure', 'suppress'],
  },
  { path: '/reports/download', base: { year: '2023/24', sections: 'corporate', format: 'csv' }, params: ['year', 'format', 'level', 'suppress', 'layout'] },
  { path: '/dashboard', base: {}, params: ['directorate'] },
  { path: '/dashboard/cases', base: { measure: 'received', month: '2024-10' }, params: ['measure', 'month', 'directorate', 'page'] },
];

/** Values no form sends: each one, raw in the query string (some already percent-encoded). */
const NASTY = [
  '99999999999999999999999999', '-1', '0', '1e308', 'NaN', '%00', 'a%00b', '2023%2F24%00', '0000%2F01', '9999%2F00', '2099%2F00', '-001%2F00',
  '%FF%FE', '%E2%80%AE', "'%3B DROP TABLE contact%3B--", '%3Cscript%3Ealert(1)%3C%2Fscript%3E', 'x'.repeat(3000), '', '%20', '__total', 'glossy',
  'corporate.complaints_by_unit', '2023-13', '%C0%AF',
];

function url(path: string, base: Record<string, string>, param: string, raw: string[]): string {
  const kept = Object.entries(base).filter(([k]) => k !== param).map(([k, v]) => `${k}=${encodeURIComponent(v)}`);
  return `${path}?${[...kept, ...raw.map((v) => `${param}=${v}`)].join('&')}`;
}

async function status(target: string): Promise<number> {
  return (await client.get(target)).statusCode;
}

test(`every page answers its own address (${engineName()})`, async () => {
  for (const p of PAGES) {
    const target = `${p.path}?${new URLSearchParams(p.base).toString()}`;
    assert.equal(await status(target), 200, target);
  }
});

test('a nasty value, or two values, in any parameter is never a 500', async () => {
  for (const p of PAGES) {
    for (const param of p.params) {
      for (const value of NASTY) {
        const target = url(p.path, p.base, param, [value]);
        const s = await status(target);
        assert.ok(s < 500, `${s} for ${target.slice(0, 200)}`);
      }
      const twice = url(p.path, p.base, param, ['a', 'b']);
      const s = await status(twice);
      assert.ok(s < 500, `${s} for ${twice}`);
      if (param !== 'sections') assert.equal(s, 400, `a parameter given twice is a bad address: ${twice}`);
    }
  }
});

test('arbitrary text in any parameter is never a 500 (fast-check)', async () => {
  const pageAndParam = fc.constantFrom(...PAGES.flatMap((p) => p.params.map((param) => ({ p, param }))));
  const value = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 60 }),
    fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map(String),
    fc.integer({ min: -3000, max: 12000 }).map((y) => `${y}/${String((y + 1) % 100).padStart(2, '0')}`),
    fc.array(fc.string({ maxLength: 8 }), { minLength: 2, maxLength: 4 }),
  );
  await fc.assert(
    fc.asyncProperty(pageAndParam, value, async ({ p, param }, v) => {
      const values = (Array.isArray(v) ? v : [v]).map((x) => encodeURIComponent(x));
      const target = url(p.path, p.base, param, values);
      const s = await status(target);
      assert.ok(s < 500, `${s} for ${target.slice(0, 200)}`);
    }),
    { numRuns: 100 },
  );
});
