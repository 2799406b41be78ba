import type { Config } from '../config.ts';
import { systemClock } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { listCouncils } from '../councils/councilRepository.ts';
import { seedDemoCouncil } from '../demo/seedDemo.ts';
import { londonDate } from '../domain/dates.ts';
import { createApp } from '../web/app.ts';

/** Opens (and on first start creates and fills) the database, then serves the web app. */
export async function startWebServer(config: Config): Promise<void> {
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const applied = await migrate(db);
  if (applied.length > 0) console.log(`Database schema: applied ${applied.join(', ')}`);
  if ((await listCouncils(db.pool)).length === 0) {
    console.log('First start: adding a demo council with four years of case history (all or nothing: stopped half way, the next start begins again)…');
    const council = await seedDemoCouncil(db, londonDate(systemClock.now()), undefined, {
      onBatch: (table, written, total) => { console.log(`Demo council: ${table} ${written} of ${total} written`); },
    });
    if (council) console.log(`Added ${council.name}.`);
  }
  const app = await createApp({ db, clock: systemClock });
  const stop = async () => {
    await app.close();
    await db.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await app.listen({ port: config.port, host: config.host });
  console.log(`Redress is running on http://localhost:${config.port} (${db.engine} database: ${db.location})`);
}
