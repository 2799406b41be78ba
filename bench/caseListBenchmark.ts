import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { keepStatisticsFresh } from '../src/db/statistics.ts';
import { createCouncil } from '../src/councils/councilRepository.ts';
import { importCaseHistory, readCaseHistoryFolder } from '../src/caseHistory/importCaseHistory.ts';
import { writeCaseHistoryFolder } from '../src/demo/writeCaseHistory.ts';
import { demoCouncil } from '../src/demo/caseHistoryGenerator.ts';
import { systemActor } from '../src/events/actor.ts';
import { permissionsOf, type Role } from '../src/domain/access/roles.ts';
import type { Scope } from '../src/domain/access/scope.ts';
import { searchCases, type CaseQuery } from '../src/cases/caseList.ts';
import { workQueue, WORK_QUEUES } from '../src/cases/workQueues.ts';

/**
 * The case list and the work queues at N contacts and at 10,000 (ADR 14): a council's history
 * generated and imported as a council would, every contact given a named complainant and every
 * open stage an officer, then each query run by 50 concurrent callers for a number of rounds;
 * p50 and p95 per query. The queues should cost the same at both sizes.
 */
export const TODAY = '2027-03-31';
const DUE_BY = '2027-04-08';
const FIRST = ['Amira', 'Ben', 'Chloe', 'Dev', 'Erin', 'Farah', 'George', 'Hana', 'Ivan', 'Jade', 'Kofi', 'Lena', 'Mo', 'Nia', 'Owen', 'Priya', 'Quinn', 'Rosa', 'Sam', 'Tariq'];
const LAST = ['Smith', 'Jones', 'Patel', 'Khan', 'Williams', 'Brown', 'Taylor', 'Davies', 'Evans', 'Wilson', 'Thomas', 'Roberts', 'Hughes', 'Okafor', 'Nowak',
  'Murphy', 'Hargreaves', 'Begum', 'Ali', 'Clarke', 'Wright', 'Walker', 'Green', 'Hall', 'Wood', 'Lewis', 'Harris', 'Martin', 'Jackson', 'Mensah'];

export interface Built {
  councilId: number;
  contacts: number;
  officerId: number;
  directorateId: number;
  directorateUnits: number[];
  reference: string;
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, (performance.now() - started) / 1000];
}

export async function buildCouncil(db: Database, contacts: number, seed: number): Promise<Built> {
  const folder = mkdtempSync(join(tmpdir(), 'redress-bench-cases-'));
  try {
    const generated = await writeCaseHistoryFolder(folder, { seed, today: TODAY, years: 3, contactsPerYear: Math.ceil(contacts / 3), council: demoCouncil });
    const council = await createCouncil(db, { slug: `bench-cases-${contacts}-${Date.now()}`, name: 'Benchmark council', nation: 'england' });
    const maxFileBytes = 4 * 1024 * 1024 * 1024;
    const [, importSeconds] = await timed(() => importCaseHistory(db, council.id, readCaseHistoryFolder(folder, maxFileBytes), {
      createOrg: true, today: TODAY, actor: systemActor('bench'), source: folder, maxFileBytes,
    }));
    // What a live council has and an imported history does not: named people, officers on open stages.
    const [, namesSeconds] = await timed(async () => {
      const c = council.id;
      const client = await db.pool.connect();
      try {
        // Hash joins for the set-up: the planner has not seen these rows yet.
        await client.query('SET enable_nestloop = off');
        await client.query(
          `INSERT INTO staff_member (council_id, name, email, org_unit_id)
           SELECT $1, 'Officer ' || n, 'officer' || n || '@example.org', NULL FROM generate_series(1, 40) AS n`, [c]);
        await client.query(
          `UPDATE complaint_stage s SET investigating_officer_id = m.id
             FROM staff_member m
            WHERE s.council_id = $1 AND m.council_id = $1 AND s.opened_on IS NOT NULL AND s.responded_on IS NULL AND s.outcome IS NULL
              AND m.email = 'officer' || (1 + s.id % 40) || '@example.org'`, [c]);
        await client.query(
          `INSERT INTO person (council_id, full_name, address)
           SELECT $1, ($2::text[])[1 + id % array_length($2::text[], 1)] || ' ' || ($3::text[])[1 + (id / 7) % array_length($3::text[], 1)], id::text
             FROM contact WHERE council_id = $1`, [c, FIRST, LAST]);
        await client.query('ANALYZE person');
        await client.query(
          `UPDATE contact c SET complainant_id = p.id FROM person p
            WHERE c.council_id = $1 AND p.council_id = $1 AND p.address = c.id::text`, [c]);
        await client.query('UPDATE person SET address = NULL WHERE council_id = $1', [c]);
        await client.query('RESET enable_nestloop');
      } finally {
        client.release();
      }
    });
    await keepStatisticsFresh(db.pool, undefined, ['contact', 'person', 'complaint_stage']);
    const officer = await db.pool.query<{ id: number }>(
      `SELECT investigating_officer_id AS id FROM complaint_stage WHERE council_id = $1 AND investigating_officer_id IS NOT NULL LIMIT 1`, [council.id]);
    const directorate = await db.pool.query<{ id: number }>(
      `SELECT id FROM org_unit WHERE council_id = $1 AND kind = 'directorate' AND name = 'Place & Environment'`, [council.id]);
    const units = await db.pool.query<{ id: number }>(
      `SELECT id FROM org_unit_directorate WHERE council_id = $1 AND directorate_id = $2`, [council.id, directorate.rows[0]!.id]);
    const reference = await db.pool.query<{ reference: string }>(
      `SELECT reference FROM contact WHERE council_id = $1 ORDER BY id OFFSET $2 LIMIT 1`, [council.id, Math.floor(generated.contacts / 2)]);
    const open = await db.pool.query<{ stages: number; untriaged: number }>(
      `SELECT (SELECT count(*) FROM complaint_stage s WHERE s.council_id = $1 AND s.opened_on IS NOT NULL AND s.responded_on IS NULL AND s.outcome IS NULL)::int AS stages,
              (SELECT count(*) FROM complaint WHERE council_id = $1 AND status = 'logged')::int AS untriaged`, [council.id]);
    console.log(`  ${generated.contacts.toLocaleString('en-GB')} contacts: import ${importSeconds.toFixed(1)} s, names and officers ${namesSeconds.toFixed(1)} s; ` +
      `open stages ${open.rows[0]!.stages.toLocaleString('en-GB')}, logged and untriaged ${open.rows[0]!.untriaged.toLocaleString('en-GB')}`);
    return {
      councilId: council.id, contacts: generated.contacts, officerId: officer.rows[0]!.id, directorateId: directorate.rows[0]!.id,
      directorateUnits: units.rows.map((r) => r.id), reference: reference.rows[0]!.reference,
    };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

function scopeOf(b: Built, roles: Role[], units: 'all' | number[]): Scope {
  const permissions = permissionsOf(roles);
  return {
    councilId: b.councilId, accountId: 1, staffMemberId: b.officerId, roles, permissions, units,
    directorates: units === 'all' ? 'all' : [b.directorateId], mayDisclose: false, mayIdentify: permissions.has('view_cases'),
  };
}

const percentile = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};

async function measure(db: Database, b: Built, callers: number, rounds: number): Promise<Map<string, number[]>> {
  const team = scopeOf(b, ['complaints_officer'], 'all');
  const officer = scopeOf(b, ['investigating_officer'], b.directorateUnits);
  const list = (query: CaseQuery, scope = team) => async () => { await searchCases(db.pool, scope, query, TODAY); };
  const queries: [string, () => Promise<void>][] = [
    ['list: default page', list({})],
    ['list: page 2', async () => {
      const first = await searchCases(db.pool, team, {}, TODAY);
      await searchCases(db.pool, team, { after: first.next! }, TODAY);
    }],
    ['list: filtered (open complaints in a directorate, by due date)', list({ kind: ['complaint'], status: ['stage_open'], unitId: b.directorateId, sort: 'due_soonest' })],
    ['list: filtered (overdue, one officer)', list({ overdue: true, officerId: b.officerId })],
    ['list: text, a name', list({ text: 'Priya Hargreaves' })],
    ['list: text, a summary word', list({ text: 'potholes' })],
    ['list: text, a reference', list({ text: b.reference })],
    ['list: directorate scope, default page', list({}, officer)],
    ...WORK_QUEUES.map((name): [string, () => Promise<void>] => [`queue: ${name}`, async () => {
      await workQueue(db.pool, name === 'myCases' ? officer : team, name, { today: TODAY, dueBy: DUE_BY });
    }]),
  ];
  const times = new Map<string, number[]>(queries.map(([name]) => [name, []]));
  for (const [, run] of queries) await run(); // warm
  await Promise.all(Array.from({ length: callers }, async () => {
    for (let round = 0; round < rounds; round++) {
      for (const [name, run] of queries) {
        const [, seconds] = await timed(run);
        times.get(name)!.push(seconds * 1000);
      }
    }
  }));
  return times;
}

export async function caseListBenchmark(contacts: number, engines: { name: string; open: () => Promise<Database> }[], callers = 50, rounds = 4) {
  for (const engine of engines) {
    const db = await engine.open();
    try {
      await migrate(db);
      console.log(`${engine.name}:`);
      const small = await buildCouncil(db, 10_000, 5);
      const large = await buildCouncil(db, contacts, 11);
      const [smallTimes, largeTimes] = [await measure(db, small, callers, rounds), await measure(db, large, callers, rounds)];
      const n = (b: Built) => b.contacts.toLocaleString('en-GB');
      console.log(`  ${callers} concurrent callers × ${rounds} rounds (ms, p50 / p95; the database's pool serves them ${db.engine === 'embedded' ? 'one at a time' : 'ten at a time'})`);
      console.log(`  ${'query'.padEnd(64)} ${n(small).padStart(18)} ${n(large).padStart(18)}`);
      for (const [name, xs] of largeTimes) {
        const ys = smallTimes.get(name)!;
        const cell = (zs: number[]) => `${percentile(zs, 50).toFixed(1)} / ${percentile(zs, 95).toFixed(1)}`.padStart(18);
        console.log(`  ${name.padEnd(64)} ${cell(ys)} ${cell(xs)}`);
      }
    } finally {
      await db.close();
    }
  }
}
