/**
 * The `redress` command as a person runs it: a child process, its exit status (0 ok,
 * 1 error, 2 usage) and what it prints. Uses the embedded database in a temporary
 * DATA_DIR, or the PostgreSQL server when DATABASE_URL is set.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { engineName, prepareDataDirectory } from '../support/testDatabase.ts';

const root = new URL('../../', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'redress-cli-'));
after(() => rmSync(work, { recursive: true, force: true }));
const dataDir = join(work, 'data');
const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir };

function redress(args: string[], environment: NodeJS.ProcessEnv = env) {
  const result = spawnSync(process.execPath, ['bin/redress.js', ...args], { cwd: root, env: environment, encoding: 'utf8', timeout: 240_000 }); // generous: a first command on a new data directory runs initdb, slow on a busy machine
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function writeFolder(name: string, files: Record<string, string>): string {
  const folder = join(work, name);
  mkdirSync(folder);
  for (const [file, text] of Object.entries(files)) writeFileSync(join(folder, file), text);
  return folder;
}

const CONTACTS = `reference,kind,received_on,channel,procedure,route,directorate,service,team,workspace,category,complainant_group,summary
CLI-0001,complaint,2023-04-03,email,corporate,formal,Place,Highways,,Roads,Service Level/Quality,service_user,Pothole
CLI-0002,complaint,2023-05-10,telephone,adults_statutory,formal,People,Adult Social Care,,,,relative,"Visit missed, twice"
CLI-0003,compliment,2023-06-01,,,,Place,,,,,,Thanks to the bin crew
`;
const STAGES = `reference,stage,requested_on,decision,opened_on,extended_to,responded_on,outcome
CLI-0001,1,,,2023-04-03,,2023-04-20,not_upheld
CLI-0001,2,2023-04-25,accepted,2023-04-26,,2023-05-30,upheld
CLI-0002,1,,,2023-05-10,,,
`;

// One council for the whole file (a slug of its own, so runs can share a server).
const slug = `cli-${randomUUID().slice(0, 8)}`;
// The data directory as after a first command (initdb and the migrations are other tests' subject).
if (!process.env.DATABASE_URL) await prepareDataDirectory(dataDir, 'migrated');
const added = redress(['council', 'add', slug, '--name', 'Command Line Council', '--nation', 'england']);
assert.equal(added.status, 0, added.stderr);

test(`import of a good folder exits 0 and prints a summary (${engineName()})`, () => {
  const folder = writeFolder('good', { 'contacts.csv': CONTACTS, 'stages.csv': STAGES });
  const result = redress(['import', folder, '--council', slug, '--create-org']);
  assert.equal(result.status, 0, result.stderr);
  assert.match(
    result.stdout,
    /^Imported into Command Line Council: 3 contacts \(3 new, 0 changed\), 2 complaints, 3 stages, 0 Ombudsman cases, 4 organisation units created in \d+\.\d s\.$/m,
  );
  assert.match(result.stderr, /^writing contacts: 3 of 3$/m);
});

test('import of a bad folder exits 1 and prints every problem with its row and column', () => {
  const contacts = CONTACTS.replace('CLI-0002,complaint,2023-05-10', 'CLI-0002,grumble,2023-05-10')
    .replace('CLI-0003,compliment,2023-06-01', 'CLI-0003,compliment,23/06/2023')
    .replaceAll('CLI-000', 'BAD-000');
  const stages = `${STAGES}BAD-0404,1,,,2023-05-02,,,\n`.replaceAll('CLI-000', 'BAD-000');
  const folder = writeFolder('bad', { 'contacts.csv': contacts, 'stages.csv': stages });
  const result = redress(['import', folder, '--council', slug, '--create-org']);
  assert.equal(result.status, 1);
  assert.equal(result.stdout, '');
  assert.deepEqual(result.stderr.trim().split('\n').sort(), [
    'Nothing was imported: 3 problems found.',
    'contacts.csv, row 3, column kind: "grumble": expected one of: complaint, compliment, comment, enquiry, mp_enquiry, councillor_enquiry',
    'contacts.csv, row 4, column received_on: "23/06/2023": expected a date written YYYY-MM-DD, e.g. 2023-04-01',
    'stages.csv, row 5, column reference: "BAD-0404": the reference of a complaint in contacts.csv; there is no such contact',
  ].sort());

  // Nothing of the bad folder was written.
  const out = join(work, 'after-bad');
  const exported = redress(['export', out, '--council', slug]);
  assert.equal(exported.status, 0, exported.stderr);
  assert.doesNotMatch(readFileSync(join(out, 'contacts.csv'), 'utf8'), /BAD-/);
});

test('a file over the size limit is refused with its size and the limit', () => {
  const folder = writeFolder('big', { 'contacts.csv': CONTACTS });
  // 2.5 MB against a 2 MB limit: the same check as 20 MB against the default 16 MB.
  writeFileSync(join(folder, 'contacts.csv'), `${CONTACTS}${'x'.repeat(2.5 * 1024 * 1024)}\n`);
  const result = redress(['import', folder, '--council', slug, '--max-file-mb', '2']);
  assert.equal(result.status, 1);
  assert.match(result.stderr, /^contacts\.csv: the file is 2\.5 MB; the largest file one import takes is 2\.0 MB\./m);
});

test('an unknown command exits 2 with the usage', () => {
  const result = redress(['frobnicate']);
  assert.equal(result.status, 2);
  assert.match(result.stderr, /^Unknown command "frobnicate"\./);
  assert.match(result.stderr, /Usage: redress <command>/);
  assert.match(result.stderr, /import <folder>/);

  const bare = redress([]);
  assert.equal(bare.status, 2);
  assert.match(bare.stdout, /Usage: redress <command>/);

  const noFolder = redress(['import']);
  assert.equal(noFolder.status, 2);
  assert.match(noFolder.stderr, /Usage: redress import <folder>/);
});

test('a council that does not exist is a usage error (exit 2), found once the database is open', () => {
  const folder = writeFolder('no-council', { 'contacts.csv': CONTACTS });
  const result = redress(['import', folder, '--council', 'no-such-council']);
  assert.equal(result.status, 2);
  assert.equal(result.stderr.trim(), 'There is no council "no-such-council". Add it first: redress council add no-such-council --name "…" --nation england');
});

test('import while another process holds the embedded data directory exits 1 naming its pid', async (t) => {
  if (process.env.DATABASE_URL) {
    t.skip('about the embedded data directory; DATABASE_URL is set, so the server is in use');
    return;
  }
  const lockedDir = join(work, 'locked-data');
  const holderScript = join(work, 'holdLock.ts');
  writeFileSync(
    holderScript,
    `import { lockDataDirectory } from ${JSON.stringify(join(root, 'src/db/dataDirectoryLock.ts'))};\n` +
      'lockDataDirectory(process.argv[2]!);\nprocess.stdout.write("locked\\n");\nsetInterval(() => {}, 1000);\n',
  );
  const holder = spawn(process.execPath, ['--import', 'tsx', holderScript, lockedDir], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  t.after(() => holder.kill());
  let said = '';
  holder.stdout.on('data', (d) => (said += d));
  while (!said.includes('locked')) await once(holder.stdout, 'data');

  const folder = writeFolder('while-locked', { 'contacts.csv': CONTACTS });
  const result = redress(['import', folder, '--create-org'], { ...process.env, DATA_DIR: lockedDir });
  assert.equal(result.status, 1);
  assert.equal(
    result.stderr.trim(),
    `The database in ${lockedDir} is already open in another Redress process (pid ${holder.pid}), ` +
      'so stop that process first, because two processes on one embedded database lose data.',
  );
  assert.equal(readFileSync(join(lockedDir, 'redress.lock'), 'utf8'), String(holder.pid), 'the holder keeps its lock');
});

test(`calendar load: a newer bank-holidays file is loaded, a bad one refused with the reason (${engineName()})`, () => {
  const shipped = JSON.parse(readFileSync(join(root, 'reference/uk-bank-holidays.json'), 'utf8'));
  const bad = structuredClone(shipped);
  bad.scotland.events.push({ title: 'St Andrew’s Day', date: '30/11/2030' });
  const badFile = join(work, 'bad-holidays.json');
  writeFileSync(badFile, JSON.stringify(bad));
  const refused = redress(['calendar', 'load', badFile]);
  assert.equal(refused.status, 1);
  assert.match(refused.stderr, /Nothing was loaded: .*scotland.*YYYY-MM-DD/);
  const notJson = join(work, 'not.json');
  writeFileSync(notJson, 'date,title');
  assert.equal(redress(['calendar', 'load', notJson]).status, 2);
  // The shipped list again changes nothing.
  const same = redress(['calendar', 'load', join(root, 'reference/uk-bank-holidays.json')]);
  assert.equal(same.status, 0, same.stderr);
  assert.match(same.stdout, /unchanged/);
});

// Every error is one plain sentence and a non-zero exit, never a stack trace (issue 6, item 8).
function assertOneSentence(result: { status: number | null; stderr: string }, status: number, sentence: string | RegExp) {
  assert.equal(result.status, status, result.stderr);
  assert.doesNotMatch(result.stderr, /^\s+at /m, 'no stack trace');
  const lines = result.stderr.trim().split('\n');
  assert.equal(lines.length, 1, `one line: ${result.stderr}`);
  if (typeof sentence === 'string') assert.equal(lines[0], sentence);
  else assert.match(lines[0]!, sentence);
}

test('an unknown option or an option with no value is a usage error in one sentence', () => {
  assertOneSentence(redress(['import', 'x', '--frobnicate']), 2, 'There is no option --frobnicate; see redress --help.');
  assertOneSentence(redress(['export', 'x', '--council']), 2, /^The option --council .*needs a value; see redress --help\.$/);
});

test('a PostgreSQL server that is not there, or a database that does not exist, is one sentence and exit 1', () => {
  const refused = redress(['councils'], { ...env, DATABASE_URL: 'postgres://postgres@127.0.0.1:1/redress' });
  assertOneSentence(refused, 1, 'Could not reach the PostgreSQL server at 127.0.0.1:1 (nothing is listening there); check that it is running and that DATABASE_URL is right.');
  if (!process.env.DATABASE_URL) return;
  const url = new URL(process.env.DATABASE_URL);
  url.pathname = '/no_such_database_redress';
  assertOneSentence(redress(['councils'], { ...env, DATABASE_URL: url.href }), 1,
    'The PostgreSQL server says: database "no_such_database_redress" does not exist; create it first or correct DATABASE_URL.');
});

test('an export into a path under a file, or a data directory that is a file, is one sentence and exit 1', () => {
  const file = join(work, 'a-file');
  writeFileSync(file, 'not a folder\n');
  assertOneSentence(redress(['export', join(file, 'out'), '--council', slug]), 1,
    `Nothing was exported to ${join(file, 'out')} because that path is a file, not a folder, and any files already there are as they were.`);
  if (process.env.DATABASE_URL) return;
  assertOneSentence(redress(['councils'], { ...env, DATA_DIR: file }), 1, `Could not create the folder ${file} because a file of that name is already there.`);
});

test(`an export writes every file whole and leaves no temporary files (${engineName()})`, () => {
  const out = join(work, 'export-whole');
  const result = redress(['export', out, '--council', slug]);
  assert.equal(result.status, 0, result.stderr);
  assert.deepEqual(readdirSync(out).sort(), [
    'contacts.csv', 'elements.csv', 'format.json', 'learning_actions.csv', 'ombudsman.csv', 'ombudsman_findings.csv', 'remedies.csv', 'restrictions.csv',
    'services.csv', 'stages.csv',
  ]);
  // Version 1 over it leaves a version 1 folder, nothing of version 2 to contradict it.
  const v1 = redress(['export', out, '--council', slug, '--format-version', '1']);
  assert.equal(v1.status, 0, v1.stderr);
  assert.deepEqual(readdirSync(out).sort(), ['contacts.csv', 'ombudsman.csv', 'stages.csv']);
  assertOneSentence(redress(['export', out, '--council', slug, '--format-version', '3']), 2, '--format-version must be 1 or 2');
});
