import { createConnection, type Socket } from 'node:net';
import { ConfigError } from '../config.ts';

/**
 * Virus scanning through a ClamAV daemon (clamd), over its own protocol: the file is sent with
 * INSTREAM on a Unix socket or TCP, and clamd answers "stream: OK" or "stream: <name> FOUND".
 * Anything else — no daemon, a timeout, a refusal, an answer we don't know — is an error
 * (ScannerUnavailableError): a file is never taken as clean without a clean answer. Why our own
 * few lines rather than an npm client: docs/adr/0019-virus-scanning.md.
 */

export interface ScanResult {
  clean: boolean;
  /** The signature clamd found ("Win.Test.EICAR_HDB-1"), when not clean. */
  virus?: string;
}

export interface VirusScanner {
  /** Rejects with ScannerUnavailableError when the file could not be scanned. */
  scan(content: Buffer): Promise<ScanResult>;
}

export type ClamdAddress = { socket: string } | { host: string; port: number };

export interface ClamdOptions {
  /** How long one scan may take, connection to answer (30 s: a 10 MB file takes a second or two). */
  timeoutMs?: number;
}

/** The daemon could not say whether the file is clean: down, too slow, or it refused the stream. */
export class ScannerUnavailableError extends Error {
  override name = 'ScannerUnavailableError';
}

export const CLAMD_DEFAULT_PORT = 3310;
const DEFAULT_TIMEOUT_MS = 30_000;
/** clamd reads a stream in chunks, each preceded by its length; 64 KB is what clamdscan sends. */
const CHUNK_BYTES = 64 * 1024;

/**
 * The scanner the settings name: CLAMAV_SOCKET (clamd's LocalSocket), else CLAMAV_HOST and
 * CLAMAV_PORT (its TCPAddr and TCPSocket, port 3310 when unset); null when neither is set, and
 * then residents' pages do not offer attachments. A port that is not a port stops the start.
 */
export function scannerFromEnvironment(env: NodeJS.ProcessEnv = process.env): VirusScanner | null {
  const timeoutMs = env.CLAMAV_TIMEOUT_SECONDS ? seconds(env.CLAMAV_TIMEOUT_SECONDS) * 1000 : DEFAULT_TIMEOUT_MS;
  if (env.CLAMAV_SOCKET) return clamdScanner({ socket: env.CLAMAV_SOCKET }, { timeoutMs });
  if (env.CLAMAV_HOST) {
    const port = Number(env.CLAMAV_PORT || CLAMD_DEFAULT_PORT);
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new ConfigError(`CLAMAV_PORT must be clamd's port number, like 3310, not ${JSON.stringify(env.CLAMAV_PORT)}`);
    return clamdScanner({ host: env.CLAMAV_HOST, port }, { timeoutMs });
  }
  if (env.CLAMAV_PORT) throw new ConfigError('CLAMAV_PORT is set without CLAMAV_HOST: set clamd\'s address too (or CLAMAV_SOCKET for a local socket)');
  return null;
}

function seconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 1 || n > 600) throw new ConfigError(`CLAMAV_TIMEOUT_SECONDS must be a number of seconds from 1 to 600, not ${JSON.stringify(value)}`);
  return n;
}

/** A scanner that sends each file to clamd at `address`, one connection per file. */
export function clamdScanner(address: ClamdAddress, options: ClamdOptions = {}): VirusScanner {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return {
    async scan(content: Buffer): Promise<ScanResult> {
      const reply = await converse(address, timeoutMs, (socket) => {
        socket.write('zINSTREAM\0');
        for (let at = 0; at < content.length; at += CHUNK_BYTES) {
          const chunk = content.subarray(at, at + CHUNK_BYTES);
          const length = Buffer.alloc(4);
          length.writeUInt32BE(chunk.length);
          socket.write(length);
          socket.write(chunk);
        }
        socket.write(Buffer.alloc(4)); // a zero length ends the stream
      });
      return readScanReply(reply);
    },
  };
}

/** Whether clamd at `address` answers PING with PONG (for a health check, and for tests waiting on a daemon). */
export async function pingClamd(address: ClamdAddress, timeoutMs = 2000): Promise<boolean> {
  try {
    return (await converse(address, timeoutMs, (socket) => socket.write('zPING\0'))) === 'PONG';
  } catch {
    return false;
  }
}

/**
 * clamd's answer to INSTREAM. "stream: OK" is clean; "stream: <name> FOUND" is a virus; any
 * other answer (an ERROR such as "INSTREAM size limit exceeded") means the file was not scanned.
 */
export function readScanReply(reply: string): ScanResult {
  if (reply === 'stream: OK') return { clean: true };
  const found = /^stream: (.+) FOUND$/.exec(reply);
  if (found) return { clean: false, virus: found[1]! };
  throw new ScannerUnavailableError(`ClamAV did not scan the file: ${JSON.stringify(reply.slice(0, 200))}`);
}

/**
 * One command on a fresh connection ("z" commands: the reply ends with a NUL byte), its
 * reply as text. Rejects with ScannerUnavailableError on a connection error, on a closed
 * connection with no whole reply, or after `timeoutMs` in all.
 */
function converse(address: ClamdAddress, timeoutMs: number, send: (socket: Socket) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const where = 'socket' in address ? address.socket : `${address.host}:${address.port}`;
    const socket = 'socket' in address ? createConnection({ path: address.socket }) : createConnection({ host: address.host, port: address.port });
    const chunks: Buffer[] = [];
    let settled = false;
    const finish = (error: Error | null, reply?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (error) reject(error);
      else resolve(reply!);
    };
    const timer = setTimeout(() => finish(new ScannerUnavailableError(`ClamAV at ${where} did not answer within ${timeoutMs / 1000} s`)), timeoutMs);
    const replyIfWhole = () => {
      const all = Buffer.concat(chunks);
      const end = all.indexOf(0);
      return end >= 0 ? all.subarray(0, end).toString('utf8').trim() : null;
    };
    socket.on('connect', () => send(socket));
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      const reply = replyIfWhole();
      if (reply !== null) finish(null, reply);
    });
    // clamd may answer and close while we are still writing (a stream over its limit): a whole reply wins over the broken pipe.
    socket.on('error', (e) => {
      const reply = replyIfWhole();
      finish(reply !== null ? null : new ScannerUnavailableError(`ClamAV at ${where} could not be reached: ${e.message}`), reply ?? undefined);
    });
    socket.on('close', () => {
      const reply = replyIfWhole() ?? (chunks.length > 0 ? Buffer.concat(chunks).toString('utf8').trim() : null);
      finish(reply !== null ? null : new ScannerUnavailableError(`ClamAV at ${where} closed the connection without an answer`), reply ?? undefined);
    });
  });
}
