import { loadavg } from 'node:os';
import { performance as timing } from 'node:perf_hooks';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { Database } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { createApp } from '../src/web/app.ts';
import { SESSION_COOKIE } from '../src/web/pipeline/session.ts';
import { addMembership, createAccount } from '../src/accounts/accountRepository.ts';
import { hashPassword } from '../src/accounts/passwords.ts';
import type { Role } from '../src/domain/access/roles.ts';
import { buildCouncil, TODAY, type Built } from './caseListBenchmark.ts';

/**
 * The staff pages as people use them (ADR 17): the case list benchmark's history (ADR 14) at
 * 10,000 contacts and at N, a complaints officer and an investigating officer who can sign in,
 * the real app (createApp) listening on 127.0.0.1, 50 sessions signed in through the sign-in
 * form, then 50 virtual users, each one request at a time, going round a mix of pages for a
 * fixed time: the home page (the work queues), the case list, a filtered list by due date, the
 * list's 20th page by its Next link (keyset; found before the run by following 19 of them), a search (POST /cases and the GET it
 * redirects to) and a case page. The clients run in a worker thread so their work is not the
 * server's event loop's. Per page: requests a second, p50, p95, p99, errors.
 */
export const PASSWORD = 'benchmark pages password';
const CLOCK = { now: () => new Date(`${TODAY}T11:00:00Z`) };

export interface PagesOptions {
  users: number;
  seconds: number;
}

interface Session {
  cookie: string;
  csrf: string;
  account: 'complaints officer' | 'investigating officer';
  /** The list's 20th page for this account's scope, as its Next link names it (found before the run). */
  page20: string;
}

interface LoadPlan {
  base: string;
  sessions: Session[];
  references: string[];
  searches: string[];
  seconds: number;
}

/** Latencies (ms) by page, errors by page, the seconds measured and a sample of what failed. */
interface LoadResult {
  times: Record<string, number[]>;
  errors: Record<string, number>;
  seconds: number;
  failures: string[];
}

export const PAGES = [
  'home: / (work queues)',
  'list: /cases (default)',
  'list: open, due soonest',
  'list: page 20 (Next link)',
  'search: POST, then GET',
  'case page: /cases/<ref>',
] as const;

// ---------------------------------------------------------------------------------------
// The virtual users (in a worker thread)

const textOf = (html: string, pattern: RegExp) => pattern.exec(html)?.[1]?.replaceAll('&amp;', '&') ?? null;

async function runLoad(plan: LoadPlan): Promise<LoadResult> {
  const times: Record<string, number[]> = Object.fromEntries(PAGES.map((p) => [p, []]));
  const errors: Record<string, number> = Object.fromEntries(PAGES.map((p) => [p, 0]));
  const failures: string[] = [];
  let measuring = false;

  const user = async (session: Session, vu: number, until: () => boolean) => {
    let cookie = session.cookie;
    let csrf = session.csrf;
    const request = async (path: string, init: RequestInit = {}) => {
      const response = await fetch(plan.base + path, {
        ...init, redirect: 'manual',
        headers: { accept: 'text/html', cookie, ...(init.headers as Record<string, string> | undefined) },
      });
      for (const c of response.headers.getSetCookie()) if (c.startsWith(`${SESSION_COOKIE}=`)) cookie = c.split(';')[0]!;
      const body = await response.text();
      const token = textOf(body, /name="_csrf" value="([^"]+)"/);
      if (token) csrf = token;
      return { status: response.status, body, location: response.headers.get('location') };
    };
    const tasks: [string, () => Promise<string | null>][] = [
      ['home: / (work queues)', async () => ok(await request('/'))],
      ['list: /cases (default)', async () => ok(await request('/cases'))],
      ['list: open, due soonest', async () => ok(await request('/cases?status=stage_open&sort=due_soonest'))],
      ['list: page 20 (Next link)', async () => ok(await request(session.page20))],
      ['search: POST, then GET', async () => {
        const text = plan.searches[vu % plan.searches.length]!;
        const posted = await request('/cases', {
          method: 'POST', body: new URLSearchParams({ _csrf: csrf, text }).toString(),
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        });
        if (posted.status !== 303 || !posted.location) return `POST /cases ${posted.status}: ${posted.body.slice(0, 200)}`;
        return ok(await request(posted.location));
      }],
      ['case page: /cases/<ref>', async () => ok(await request(`/cases/${encodeURIComponent(plan.references[(vu * 7 + Math.floor(Math.random() * 1e6)) % plan.references.length]!)}`))],
    ];
    let i = vu; // each user starts at a different page of the round
    while (!until()) {
      const [name, run] = tasks[i++ % tasks.length]!;
      const started = performance.now();
      let failure: string | null;
      try {
        failure = await run();
      } catch (error) {
        failure = String(error);
      }
      if (!measuring) continue;
      if (failure) {
        errors[name]!++;
        if (failures.length < 5) failures.push(`${name}: ${failure}`);
      } else {
        times[name]!.push(performance.now() - started);
      }
    }
  };
  const ok = (r: { status: number; body: string }) => (r.status === 200 ? null : `${r.status}: ${r.body.replace(/\s+/g, ' ').slice(0, 200)}`);

  // Warm: each user once round the mix, unmeasured; then all of them for the time given.
  await Promise.all(plan.sessions.map((s, vu) => {
    let done = 0;
    return user(s, vu, () => done++ >= 6);
  }));
  measuring = true;
  const started = performance.now();
  const deadline = started + plan.seconds * 1000;
  await Promise.all(plan.sessions.map((s, vu) => user(s, vu, () => performance.now() >= deadline)));
  return { times, errors, seconds: (performance.now() - started) / 1000, failures };
}

if (!isMainThread && (workerData as { staffPages?: LoadPlan } | null)?.staffPages) {
  runLoad((workerData as { staffPages: LoadPlan }).staffPages).then((result) => parentPort!.postMessage(result));
}

function loadInWorker(plan: LoadPlan): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    // A worker does not inherit tsx's loader: it registers it, then loads this file.
    const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
    const worker = new Worker(`import(${tsx}).then((m) => { m.register(); return import(${JSON.stringify(import.meta.url)}); })`, {
      eval: true, workerData: { staffPages: plan },
    });
    worker.once('message', (result: LoadResult) => {
      resolve(result);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

// ---------------------------------------------------------------------------------------
// The council's people, and signing in

export interface Prepared {
  built: Built;
  accounts: { email: string; account: Session['account'] }[];
  references: string[];
  searches: string[];
}

/** What the history lacks for these pages: untriaged complaints, two people who sign in, cases to open and words to search. */
export async function prepare(db: Database, b: Built, passwordHash: string): Promise<Prepared> {
  const c = b.councilId;
  // 40 complaints received in the last fortnight and not yet triaged (no route, no complaint record).
  await db.pool.query(
    `INSERT INTO contact (council_id, reference, kind, channel, received_on, procedure_code, complainant_id, org_unit_id, summary)
     SELECT council_id, reference || '-U', kind, channel, $2::date - (row_number() OVER ())::int % 14, procedure_code, complainant_id, org_unit_id, summary
       FROM (SELECT * FROM contact WHERE council_id = $1 AND kind = 'complaint' ORDER BY received_on DESC, id DESC LIMIT 40) recent`, [c, TODAY]);
  const addStaff = async (account: Session['account'], roles: Role[], staffMemberId: number | null, directorates: number[] | null) => {
    const email = `pages-${account.replace(' ', '-')}-${c}@example.test`;
    const staffId = staffMemberId ?? (await db.pool.query<{ id: number }>(
      'INSERT INTO staff_member (council_id, name, email) VALUES ($1, $2, $3) RETURNING id', [c, `Benchmark ${account}`, email])).rows[0]!.id;
    const accountId = await createAccount(db.pool, { email, displayName: `Benchmark ${account}`, passwordHash });
    await addMembership(db.pool, { councilId: c, accountId, staffMemberId: staffId, roles, allDirectorates: directorates === null, directorates: directorates ?? [] });
    return { email, account };
  };
  const accounts = [
    await addStaff('complaints officer', ['complaints_officer'], null, null),
    // The officer handling open stages, seeing one directorate (Place & Environment).
    await addStaff('investigating officer', ['investigating_officer'], b.officerId, [b.directorateId]),
  ];
  // Cases both may open: in the directorate, not restricted.
  const { rows } = await db.pool.query<{ reference: string }>(
    `SELECT reference FROM contact TABLESAMPLE SYSTEM (5) WHERE council_id = $1 AND org_unit_id = ANY($2::bigint[]) AND NOT restricted AND procedure_code IS DISTINCT FROM 'children_statutory' LIMIT 200`,
    [c, b.directorateUnits]);
  return { built: b, accounts, references: rows.map((r) => r.reference), searches: ['Priya Hargreaves', 'potholes', b.reference, 'Hargre', 'Kofi Mensah'] };
}

/** Signs in as a browser does: GET /sign-in for the form's token, POST it, keep the cookie, land on /cases. */
async function signIn(base: string, email: string, account: Session['account'], ip: string): Promise<Session> {
  // Each session from its own address (X-Forwarded-For, the app trusting its proxy here): sign-in is rate limited by address.
  const headers = { accept: 'text/html', 'x-forwarded-for': ip };
  const cookieOf = (r: Response, fallback: string) => r.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`))?.split(';')[0] ?? fallback;
  const form = await fetch(`${base}/sign-in`, { headers });
  const html = await form.text();
  let cookie = cookieOf(form, '');
  const posted = await fetch(`${base}/sign-in`, {
    method: 'POST', redirect: 'manual',
    headers: { ...headers, cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: textOf(html, /name="_csrf" value="([^"]+)"/) ?? '', email, password: PASSWORD }).toString(),
  });
  await posted.text();
  if (posted.status !== 303) throw new Error(`Signing in ${email} failed: ${posted.status}`);
  cookie = cookieOf(posted, cookie);
  const list = await fetch(`${base}/cases`, { headers: { ...headers, cookie } });
  const csrf = textOf(await list.text(), /name="_csrf" value="([^"]+)"/);
  if (list.status !== 200 || !csrf) throw new Error(`After signing in, /cases gave ${list.status}`);
  return { cookie: cookieOf(list, cookie), csrf, account, page20: '' };
}

// ---------------------------------------------------------------------------------------
// The benchmark

const percentile = (xs: number[], p: number) => {
  if (xs.length === 0) return NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};
const load = () => loadavg().map((x) => x.toFixed(1)).join(' ');

export async function measure(base: string, p: Prepared, options: PagesOptions): Promise<LoadResult & { load: string }> {
  const sessions: Session[] = [];
  for (let i = 0; i < options.users; i++) {
    const who = p.accounts[i % p.accounts.length]!;
    sessions.push(await signIn(base, who.email, who.account, `10.${p.built.councilId % 250}.${Math.floor(i / 250)}.${(i % 250) + 1}`));
  }
  // Page 20 for each account's scope: 19 Next links followed once, before the run.
  for (const who of p.accounts) {
    const first = sessions.find((s) => s.account === who.account)!;
    let url = '/cases';
    for (let page = 1; page < 20; page++) {
      const html = await (await fetch(base + url, { headers: { accept: 'text/html', cookie: first.cookie } })).text();
      url = textOf(html, /href="([^"]+)" rel="next"/) ?? url;
    }
    for (const s of sessions) if (s.account === who.account) s.page20 = url;
  }
  const before = load();
  const elu = timing.eventLoopUtilization();
  const result = await loadInWorker({ base, sessions, references: p.references, searches: p.searches, seconds: options.seconds });
  // How busy the app's event loop was (rendering, sessions, the driver): near 1 means Node, not the database, set the pace.
  return { ...result, load: `${before} → ${load()}; app event loop ${(timing.eventLoopUtilization(elu).utilization * 100).toFixed(0)}% busy` };
}

export function print(label: string, r: LoadResult & { load: string }) {
  const total = Object.values(r.times).reduce((n, xs) => n + xs.length, 0);
  console.log(`  ${label}: ${r.seconds.toFixed(0)} s, ${total.toLocaleString('en-GB')} requests (${(total / r.seconds).toFixed(1)}/s); load average ${r.load}`);
  console.log(`    ${'page'.padEnd(28)} ${'req/s'.padStart(7)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'errors'.padStart(7)}`);
  for (const page of PAGES) {
    const xs = r.times[page]!;
    const cell = (p: number) => percentile(xs, p).toFixed(0).padStart(8);
    console.log(`    ${page.padEnd(28)} ${(xs.length / r.seconds).toFixed(1).padStart(7)} ${cell(50)} ${cell(95)} ${cell(99)} ${String(r.errors[page]).padStart(7)}`);
  }
  for (const f of r.failures) console.log(`    failed: ${f}`);
}

export async function staffPagesBenchmark(contacts: number, engines: { name: string; open: () => Promise<Database> }[], options: PagesOptions) {
  const passwordHash = await hashPassword(PASSWORD); // once: scrypt is slow on purpose
  for (const engine of engines) {
    const db = await engine.open();
    try {
      await migrate(db);
      console.log(`${engine.name}:`);
      const sizes = [...new Set([10_000, contacts])];
      const prepared: Prepared[] = [];
      for (const [i, n] of sizes.entries()) prepared.push(await prepare(db, await buildCouncil(db, n, i === 0 ? 5 : 11), passwordHash));
      await pagesOverHttp(db, prepared, options);
    } finally {
      await db.close();
    }
  }
}

/** The app on the database given, each council's pages measured in turn (exported to measure again a database built before). */
export async function pagesOverHttp(db: Database, prepared: Prepared[], options: PagesOptions) {
  // Trusting X-Forwarded-For: each session signs in from its own address (sign-in is rate limited by address).
  const app = await createApp({ db, clock: CLOCK, trustProxy: true });
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  try {
    for (const p of prepared) {
      print(`${p.built.contacts.toLocaleString('en-GB')} contacts, ${options.users} users`, await measure(base, p, options));
    }
  } finally {
    await app.close();
  }
}
