#!/usr/bin/env node
// Entry point of the `redress` command. Redress runs its TypeScript through tsx, with no
// build step (docs/adr/0004-typescript-without-a-build-step.md).
import { register } from 'tsx/esm/api';

process.env.TZ ??= 'Europe/London';
register();
const { main } = await import('../src/cli/main.ts');
const code = await main(process.argv.slice(2));
// `start` keeps serving; every other command ends with its status.
if (process.argv[2] !== 'start') process.exit(code);
