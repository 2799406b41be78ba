import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Database } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { createCouncil } from '../src/councils/councilRepository.ts';
import { importCaseHistory, readCaseHistoryFolder } from '../src/caseHistory/importCaseHistory.ts';
import { writeCaseHistoryFolder } from '../src/demo/writeCaseHistory.ts';
import { demoCouncil } from '../src/demo/caseHistoryGenerator.ts';
import { systemActor } from '../src/events/actor.ts';

/**
 * Import speed: generated case history for three full reporting years, imported into a
 * fresh council. Reported per engine: the whole import (read, parse, validate, write in one
 * transaction) and a second, idempotent import of the same files.
 */
export async function importBenchmark(contacts: number, engines: { name: string; open: () => Promise<Database> }[]) {
  const folder = mkdtempSync(join(tmpdir(), 'redress-bench-'));
  try {
    const generated = await writeCaseHistoryFolder(folder, {
      seed: 7, today: '2027-03-31', years: 3, contactsPerYear: Math.ceil(contacts / 3), council: demoCouncil,
    });
    console.log(`Generated ${generated.contacts} contacts, ${generated.stages} stages, ${generated.ombudsman} Ombudsman cases.`);
    for (const engine of engines) {
      const db = await engine.open();
      try {
        await migrate(db);
        const council = await createCouncil(db, { slug: `bench-${Date.now()}`, name: 'Benchmark council', nation: 'england' });
        // Big files on purpose: raise the default 16 MB guard, as `redress import --max-file-mb` does.
        const maxFileBytes = 1024 * 1024 * 1024;
        const options = { createOrg: true, today: '2027-03-31', actor: systemActor('bench'), source: folder, maxFileBytes };
        for (const run of ['first import', 'same files again']) {
          const started = performance.now();
          const summary = await importCaseHistory(db, council.id, readCaseHistoryFolder(folder, maxFileBytes), options);
          const seconds = (performance.now() - started) / 1000;
          console.log(
            `${engine.name.padEnd(22)} ${run.padEnd(17)} ${seconds.toFixed(2).padStart(6)} s  ` +
              `${Math.round(summary.contacts / seconds).toLocaleString('en-GB').padStart(8)} contacts/s  ` +
              `(${summary.contactsCreated} created, ${summary.contactsUpdated} changed)`,
          );
        }
      } finally {
        await db.close();
      }
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
