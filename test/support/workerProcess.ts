import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { after } from 'node:test';
import type { Database } from '../../src/db/database.ts';
import { inTransaction } from '../../src/db/database.ts';
import { queueMessages, type NewMessage } from '../../src/messages/queueMessages.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

export interface WorkerProcess {
  child: ChildProcess;
  output(): string;
  /** Resolves when the worker says it is delivering (rejects if it exits first). */
  ready: Promise<void>;
  /** Resolves with the exit code (or the signal's name). */
  exited: Promise<number | string>;
}

/**
 * `node bin/redress.js worker` as its own process, with the settings given (DATABASE_URL or
 * DATA_DIR, SMTP_URL…, MESSAGE_QUEUE). No sweep unless asked: the sweep would queue
 * reminders for every council on a shared test database. Killed when the file ends.
 */
export function spawnWorker(env: Record<string, string>): WorkerProcess {
  const child = spawn(process.execPath, ['bin/redress.js', 'worker'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', TZ: 'Europe/London', REMINDER_SWEEP_SECONDS: '0', DELIVERY_POLL_SECONDS: '0.5', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout!.on('data', (c: Buffer) => { text += c.toString(); });
  child.stderr!.on('data', (c: Buffer) => { text += c.toString(); });
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  const ready = new Promise<void>((resolve, reject) => {
    const check = () => { if (/Redress worker is delivering/.test(text)) resolve(); };
    child.stdout!.on('data', check);
    void exited.then((code) => reject(new Error(`The worker exited (${code}) before it was ready: ${text}`)));
  });
  ready.catch(() => {});
  after(() => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL'); });
  return { child, output: () => text, ready, exited };
}

/** A staff digest to `to`, ready to queue: a message whose words need no case. */
export const digestTo = (to: string, key: string | null = null): NewMessage => ({
  contactId: null, template: 'digest_officer', channel: 'email', recipientName: 'Ann Officer', recipientAddress: to, language: 'en',
  values: { name: 'Ann Officer', count: '1', items: '* HBC-1 due 3 December', link: 'http://localhost:3000/' },
  dedupeKey: key,
});

/** Queues `n` emails for the council (one transaction), returning their ids. */
export async function queueEmails(db: Database, councilId: number, n: number, prefix = 'officer'): Promise<number[]> {
  const messages = Array.from({ length: n }, (_, i) => digestTo(`${prefix}${i}@example.test`));
  const { ids } = await inTransaction(db, (c) => queueMessages(c, councilId, messages, new Date()));
  return ids;
}

export interface MessageState {
  id: number;
  status: string;
  attempts: number;
  last_error: string | null;
  provider: string | null;
  provider_reference: string | null;
}

export async function messageStates(db: Database, councilId: number): Promise<MessageState[]> {
  const { rows } = await db.pool.query<MessageState>(
    'SELECT id, status, attempts, last_error, provider, provider_reference FROM message WHERE council_id = $1 ORDER BY id', [councilId]);
  return rows;
}

/** Polls the council's messages until `done` holds (or fails after `timeoutMs`, showing them). */
export async function waitForMessages(db: Database, councilId: number, done: (rows: MessageState[]) => boolean, timeoutMs = 20_000): Promise<MessageState[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await messageStates(db, councilId);
    if (done(rows)) return rows;
    if (Date.now() > deadline) throw new Error(`Messages did not reach the state expected: ${JSON.stringify(rows.slice(0, 5))}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The reference each message carries (its SMTP Message-ID's local part, its Notify reference). */
export const referenceOf = (councilId: number, id: number) => `redress-${councilId}-${id}`;
