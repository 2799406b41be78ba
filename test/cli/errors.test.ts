/**
 * The words for failures a test cannot easily cause by running the command (a database
 * that refuses a change, a connection that drops, a port in use): one sentence each.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeFailure, UsageError } from '../../src/cli/errors.ts';

const sentence = /^[A-Z"].*[.!]$/;

test('each failure is one plain sentence with the right exit status', () => {
  const cases: [unknown, string, 1 | 2][] = [
    [new UsageError('--format-version must be 1 or 2'), '--format-version must be 1 or 2', 2],
    [Object.assign(new Error('duplicate key value violates unique constraint "contact_council_id_reference_key"\nDETAIL: Key exists.'), { code: '23505', severity: 'ERROR' }),
      'The database refused the change, so nothing was saved: duplicate key value violates unique constraint "contact_council_id_reference_key".', 1],
    [Object.assign(new Error('password authentication failed for user "redress"'), { code: '28P01', severity: 'FATAL' }),
      'The PostgreSQL server refused the login in DATABASE_URL: password authentication failed for user "redress"; correct the user or password there.', 1],
    [Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET', syscall: 'read' }),
      'The database closed the connection part way through, so nothing this command was doing was saved.', 1],
    [Object.assign(new Error('listen EADDRINUSE: address already in use 127.0.0.1:3000'), { code: 'EADDRINUSE', port: 3000 }),
      'Port 3000 is already in use by another program; stop it or set PORT to another port.', 1],
    [Object.assign(new Error("EACCES: permission denied, open '/srv/out/contacts.csv'"), { code: 'EACCES', syscall: 'open', path: '/srv/out/contacts.csv' }),
      'Could not open /srv/out/contacts.csv because permission was refused.', 1],
    [new TypeError("Cannot read properties of undefined (reading 'id')"), "Redress stopped on an unexpected error: Cannot read properties of undefined (reading 'id').", 1],
    ['a string thrown', 'Redress stopped: a string thrown.', 1],
  ];
  for (const [error, message, status] of cases) {
    const failure = describeFailure(error);
    assert.deepEqual(failure, { message, status });
    if (status === 1) assert.match(failure.message, sentence);
    assert.ok(!failure.message.includes('\n'), 'one line');
  }
});
