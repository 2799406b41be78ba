import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { pingClamd, type ClamdAddress } from '../../src/uploads/virusScan.ts';

/**
 * The EICAR test file: 68 harmless bytes every antivirus reports as a virus, to prove scanning
 * works. Built from pieces so that this source file is not itself reported by a scanner.
 */
export function eicar(): Buffer {
  return Buffer.from(['X5O!P%@AP[4\\PZX54(P^)7CC)7}$', 'EICAR-STANDARD-', 'ANTIVIRUS-TEST-', 'FILE!$H+H*'].join(''), 'latin1');
}

/** The name clamd gives the test signature below (".UNOFFICIAL": it is not one of ClamAV's own databases). */
export const EICAR_SIGNATURE = 'Eicar-Test-Signature.UNOFFICIAL';

export interface TestClamd {
  address: { socket: string };
  /** Stops the daemon (to prove a file is refused when the scanner is down); idempotent. */
  stop(): Promise<void>;
}

/** Where Debian puts clamd (/usr/sbin is not on every user's PATH). */
function clamdBinary(): string | null {
  const found = spawnSync('sh', ['-c', 'command -v clamd'], { encoding: 'utf8' }).stdout.trim();
  if (found) return found;
  return existsSync('/usr/sbin/clamd') ? '/usr/sbin/clamd' : null;
}

/**
 * A real ClamAV daemon (Debian's clamav-daemon) for this test file: in the foreground, with a
 * configuration of its own in a temporary folder — a Unix socket there, no freshclam, no
 * network — and a database holding one signature, EICAR's body as an .ndb line (found
 * anywhere in a file), because this machine's network cannot fetch ClamAV's databases and a
 * test must know what the scanner will find. Ready when it answers PING; stopped when the
 * file ends. Fails (never skips) when clamd is not installed: CI installs it (.ci/run).
 */
export async function startClamd(): Promise<TestClamd> {
  const binary = clamdBinary();
  assert.ok(binary, 'ClamAV\'s daemon is not installed: apt-get install -y clamav-daemon (then stop the service it starts; tests run their own clamd)');
  const dir = mkdtempSync(join(tmpdir(), 'redress-clamd-'));
  const database = join(dir, 'db');
  mkdirSync(database);
  writeFileSync(join(database, 'redress-test.ndb'), `Eicar-Test-Signature:0:*:${eicar().toString('hex')}\n`);
  const socket = join(dir, 'clamd.sock');
  const log = join(dir, 'clamd.log');
  const config = join(dir, 'clamd.conf');
  writeFileSync(config, [
    'Foreground yes',
    `LocalSocket ${socket}`,
    `DatabaseDirectory ${database}`,
    `TemporaryDirectory ${dir}`,
    `LogFile ${log}`,
    `PidFile ${join(dir, 'clamd.pid')}`,
    // Above the 10 MB a resident may attach, so a file at the limit is scanned, not refused.
    'StreamMaxLength 12M',
    'SelfCheck 0',
    'MaxThreads 4',
    '',
  ].join('\n'));
  const daemon: ChildProcess = spawn(binary, ['-c', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  daemon.stderr!.on('data', (c: Buffer) => { stderr += c.toString(); });
  let exited = false;
  const exit = new Promise<void>((resolve) => daemon.on('exit', () => { exited = true; resolve(); }));
  const address: ClamdAddress & { socket: string } = { socket };

  const deadline = Date.now() + 60_000;
  while (!(await pingClamd(address, 1000))) {
    if (exited || Date.now() > deadline) {
      daemon.kill('SIGKILL');
      const logText = existsSync(log) ? readFileSync(log, 'utf8') : '';
      assert.fail(`clamd did not start: ${stderr || logText.split('\n').slice(-15).join('\n')}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  const stop = async () => {
    if (!exited) {
      daemon.kill('SIGTERM');
      await Promise.race([exit, new Promise((r) => setTimeout(r, 10_000).unref())]);
      if (!exited) daemon.kill('SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  };
  after(stop);
  return { address, stop };
}
