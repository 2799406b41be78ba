#!/usr/bin/env node
// Entry point of the `redress` command. Redress runs its TypeScript through tsx, with no
// build step (docs/adr/0004-typescript-without-a-build-step.md).
import { register } from 'tsx/esm/api';

process.env.TZ ??= 'Europe/London';
register();
const { reportFailure } = await import('../src/cli/errors.ts');
// Whatever escapes a command (a dropped database connection, a server that cannot start)
// still ends in one plain sentence and a non-zero status, never a stack trace.
const fail = (/** @type {unknown} */ error) => process.exit(reportFailure(error) || 1);
process.on('uncaughtException', fail);
process.on('unhandledRejection', fail);
const { main } = await import('../src/cli/main.ts');
const code = await main(process.argv.slice(2));
// `start` keeps serving; every other command, and a start that failed, ends with its status.
if (process.argv[2] !== 'start' || code !== 0) process.exit(code);
