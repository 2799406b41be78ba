import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clamdScanner, pingClamd, readScanReply, scannerFromEnvironment, ScannerUnavailableError } from '../../src/uploads/virusScan.ts';
import { ConfigError } from '../../src/config.ts';
import { EICAR_SIGNATURE, eicar, startClamd } from '../support/clamav.ts';

/** Scanning through a real ClamAV daemon: a clean answer only for a clean file, and never a guess. */

const clamd = await startClamd();
const scanner = clamdScanner(clamd.address);

test('clamd says a letter is clean and names the virus in the EICAR test file', async () => {
  assert.deepEqual(await scanner.scan(Buffer.from('Dear council, the bins were not collected on Tuesday.\n')), { clean: true });
  assert.deepEqual(await scanner.scan(eicar()), { clean: false, virus: EICAR_SIGNATURE });
});

test('the virus is found inside a bigger file, and a file near the 10 MB limit is scanned whole', async () => {
  const hidden = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(200_000, 0x20), eicar(), Buffer.from('\n%%EOF\n')]);
  assert.equal((await scanner.scan(hidden)).clean, false);
  const big = Buffer.concat([Buffer.alloc(10 * 1024 * 1024 - 68, 0x41), eicar()]);
  assert.deepEqual(await scanner.scan(big), { clean: false, virus: EICAR_SIGNATURE }, 'the end of a 10 MB stream reaches clamd');
  assert.deepEqual(await scanner.scan(Buffer.alloc(10 * 1024 * 1024, 0x41)), { clean: true });
});

test('the settings name the daemon: a socket, a host and port, or nothing (no attachments)', async () => {
  assert.equal(scannerFromEnvironment({}), null);
  const fromSocket = scannerFromEnvironment({ CLAMAV_SOCKET: clamd.address.socket });
  assert.deepEqual(await fromSocket!.scan(eicar()), { clean: false, virus: EICAR_SIGNATURE });
  assert.ok(scannerFromEnvironment({ CLAMAV_HOST: 'clamav.internal', CLAMAV_PORT: '3310' }));
  assert.ok(scannerFromEnvironment({ CLAMAV_HOST: 'clamav.internal' }), 'port 3310 when unset');
  assert.throws(() => scannerFromEnvironment({ CLAMAV_HOST: 'clamav.internal', CLAMAV_PORT: 'clam' }), ConfigError);
  assert.throws(() => scannerFromEnvironment({ CLAMAV_PORT: '3310' }), /without CLAMAV_HOST/);
  assert.throws(() => scannerFromEnvironment({ CLAMAV_SOCKET: '/run/clamd.sock', CLAMAV_TIMEOUT_SECONDS: '0' }), ConfigError);
});

test('clamd over TCP: the same protocol on a host and port', async () => {
  // A relay from a loopback port to the test daemon's socket stands in for a clamd on another machine.
  const { createConnection } = await import('node:net');
  const relay = createServer((inbound) => {
    const outbound = createConnection({ path: clamd.address.socket });
    inbound.pipe(outbound).pipe(inbound);
    outbound.on('error', () => inbound.destroy());
    inbound.on('error', () => outbound.destroy());
  });
  await new Promise<void>((r) => relay.listen(0, '127.0.0.1', r));
  try {
    const port = (relay.address() as { port: number }).port;
    const overTcp = scannerFromEnvironment({ CLAMAV_HOST: '127.0.0.1', CLAMAV_PORT: String(port) })!;
    assert.deepEqual(await overTcp.scan(eicar()), { clean: false, virus: EICAR_SIGNATURE });
    assert.deepEqual(await overTcp.scan(Buffer.from('hello')), { clean: true });
  } finally {
    relay.close();
  }
});

test('no daemon, a silent one, or an answer that is not a verdict: the scan fails, it never says clean', async () => {
  const nowhere = clamdScanner({ socket: join(mkdtempSync(join(tmpdir(), 'no-clamd-')), 'clamd.sock') });
  await assert.rejects(nowhere.scan(Buffer.from('hello')), ScannerUnavailableError);
  await assert.rejects(clamdScanner({ host: '127.0.0.1', port: 1 }).scan(Buffer.from('hello')), ScannerUnavailableError);
  assert.equal(await pingClamd({ socket: '/nonexistent/clamd.sock' }), false);

  const silent = createServer(() => { /* accepts, never answers */ });
  const socket = join(mkdtempSync(join(tmpdir(), 'silent-clamd-')), 'clamd.sock');
  await new Promise<void>((r) => silent.listen(socket, r));
  try {
    const started = Date.now();
    await assert.rejects(clamdScanner({ socket }, { timeoutMs: 300 }).scan(Buffer.from('hello')), /did not answer within 0.3 s/);
    assert.ok(Date.now() - started < 5000);
  } finally {
    silent.close();
  }

  assert.throws(() => readScanReply('INSTREAM size limit exceeded. ERROR'), ScannerUnavailableError);
  assert.throws(() => readScanReply('stream: Can\'t allocate memory ERROR'), ScannerUnavailableError);
  assert.throws(() => readScanReply(''), ScannerUnavailableError);
  assert.deepEqual(readScanReply('stream: OK'), { clean: true });
});

test('a stream over clamd\'s own limit is refused by clamd, and that is an error, not clean', async () => {
  const tooLong = Buffer.alloc(13 * 1024 * 1024, 0x41); // the test daemon's StreamMaxLength is 12M
  await assert.rejects(scanner.scan(tooLong), ScannerUnavailableError);
  assert.deepEqual(await scanner.scan(eicar()), { clean: false, virus: EICAR_SIGNATURE }, 'and the daemon goes on scanning');
});
