/**
 * What the `redress` command says when it cannot do what it was asked: one plain sentence
 * a council officer can act on, and an exit status — never a stack trace (set
 * REDRESS_DEBUG=1 to see one). Pure: the error in, the words and status out.
 */
import { ImportRejectedError } from '../caseHistory/problems.ts';
import { ExportFailedError } from '../caseHistory/exportCaseHistory.ts';
import { BackupRefusedError } from '../backup/format.ts';
import { DataDirectoryLockedError, DataDirectoryNotWritableError } from '../db/dataDirectoryLock.ts';
import { CONNECT_TIMEOUT_MS, withoutSecrets } from '../db/database.ts';

/** A command used the wrong way: exit status 2. */
export class UsageError extends Error {}

export interface Failure {
  message: string;
  /** 2 = the command was used wrongly; 1 = it could not be done. */
  status: 1 | 2;
}

type SystemError = Error & { code?: string; syscall?: string; path?: string; address?: string; port?: number };

const SYSTEM_REASONS: Record<string, string> = {
  ENOENT: 'there is no such file or folder',
  EACCES: 'permission was refused',
  EPERM: 'permission was refused',
  ENOSPC: 'the disk is full',
  EROFS: 'the disk is read-only',
  EISDIR: 'it is a folder, not a file',
  ENOTDIR: 'part of the path is a file, not a folder',
  EEXIST: 'a file of that name is already there',
  EMFILE: 'too many files are open',
};

const ACTIONS: Record<string, string> = {
  open: 'open', read: 'read', write: 'write to', mkdir: 'create the folder', rename: 'rename', scandir: 'read the folder',
  stat: 'find', unlink: 'delete', rmdir: 'delete the folder', lstat: 'find', chmod: 'set who may read', access: 'use',
};

// Errors from PostgreSQL carry a five-character SQLSTATE and a severity.
const isDatabaseError = (e: SystemError): e is SystemError & { code: string; severity: string } =>
  typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code) && 'severity' in e;

const oneLine = (text: string) => text.split('\n')[0]!.trim().replace(/[.:;,\s]+$/, '');

/**
 * The words and exit status for anything a command throws, with any database password
 * taken out (a server's or the driver's message can echo connection details).
 */
export function describeFailure(error: unknown): Failure {
  const failure = describe(error);
  return { ...failure, message: withoutSecrets(failure.message) };
}

function describe(error: unknown): Failure {
  if (error instanceof UsageError) return { message: error.message, status: 2 };
  // Already written for a person: each import problem on its own line, under one sentence.
  if (error instanceof ImportRejectedError || error instanceof DataDirectoryLockedError || error instanceof DataDirectoryNotWritableError || error instanceof ExportFailedError || error instanceof BackupRefusedError) {
    return { message: error.message, status: 1 };
  }
  if (!(error instanceof Error)) return { message: `Redress stopped: ${oneLine(String(error))}.`, status: 1 };
  const e = error as SystemError;

  if (e.code?.startsWith('ERR_PARSE_ARGS_')) {
    // Node's words name the option; the advice about "--" is not what a person needs here.
    const option = /'(-[^']*)'/.exec(e.message)?.[1];
    const what = e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? `There is no option ${option ?? ''}`
      : e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' ? `The option ${option ?? ''} needs a value`
      : oneLine(e.message);
    return { message: `${what.replace(/\s+$/, '')}; see redress --help.`, status: 2 };
  }
  if (e.code === 'ECONNRESET' && !e.address) {
    // A connection that was open and closed (the embedded engine's socket, a restarted server).
    return { message: 'The database closed the connection part way through, so nothing this command was doing was saved.', status: 1 };
  }
  if (e.code === 'ECONNREFUSED' || e.code === 'ENOTFOUND' || e.code === 'ETIMEDOUT' || e.code === 'ECONNRESET' || e.code === 'EHOSTUNREACH') {
    const where = e.address ? `${e.address}${e.port ? `:${e.port}` : ''}` : 'named by DATABASE_URL';
    const why = { ECONNREFUSED: 'nothing is listening there', ENOTFOUND: 'that host name is unknown', ETIMEDOUT: 'it did not answer', ECONNRESET: 'it closed the connection', EHOSTUNREACH: 'that host cannot be reached' }[e.code];
    return { message: `Could not reach the PostgreSQL server at ${where} (${why}); check that it is running and that DATABASE_URL is right.`, status: 1 };
  }
  if (!e.code && /^(timeout expired|Connection terminated due to connection timeout|timeout exceeded when trying to connect)/i.test(e.message)) {
    // pg's own words when a server does not answer within CONNECT_TIMEOUT_MS (src/db/database.ts).
    return { message: `Could not reach the PostgreSQL server named by DATABASE_URL (it did not answer within ${CONNECT_TIMEOUT_MS / 1000} seconds); check that it is running and that DATABASE_URL is right.`, status: 1 };
  }
  if (!e.code && /^Connection terminated unexpectedly/.test(e.message)) {
    return { message: 'The database closed the connection without a word, so nothing this command was doing was saved; check that DATABASE_URL names a PostgreSQL server and that it is running.', status: 1 };
  }
  if (e.code === 'EADDRINUSE') {
    return { message: `Port ${e.port ?? ''} is already in use by another program; stop it or set PORT to another port.`, status: 1 };
  }
  if (e.syscall === 'listen' && (e.code === 'EACCES' || e.code === 'EPERM')) {
    return { message: `Port ${e.port ?? ''} needs privileges this user does not have; set PORT to 1024 or above.`, status: 1 };
  }
  if (e.code === 'EADDRNOTAVAIL') {
    return { message: `${e.address ?? 'HOST'} is not an address of this machine; set HOST to one that is (127.0.0.1 or 0.0.0.0).`, status: 1 };
  }
  if (isDatabaseError(e)) {
    if (e.code === '3D000') return { message: `The PostgreSQL server says: ${oneLine(e.message)}; create it first or correct DATABASE_URL.`, status: 1 };
    if (e.code.startsWith('28')) return { message: `The PostgreSQL server refused the login in DATABASE_URL: ${oneLine(e.message)}; correct the user or password there.`, status: 1 };
    return { message: `The database refused the change, so nothing was saved: ${oneLine(e.message)}.`, status: 1 };
  }
  if (e.code && SYSTEM_REASONS[e.code] && e.path) {
    const action = ACTIONS[e.syscall ?? ''] ?? 'use';
    return { message: `Could not ${action} ${e.path} because ${SYSTEM_REASONS[e.code]}.`, status: 1 };
  }
  return { message: `Redress stopped on an unexpected error: ${oneLine(e.message) || e.name}.`, status: 1 };
}

/** Prints a failure as the command's last words and gives its exit status. */
export function reportFailure(error: unknown, write: (text: string) => void = (t) => process.stderr.write(t)): number {
  const failure = describeFailure(error);
  write(`${failure.message}\n`);
  if (process.env.REDRESS_DEBUG && error instanceof Error && error.stack) write(`${withoutSecrets(error.stack)}\n`);
  return failure.status;
}
