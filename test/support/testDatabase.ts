import { after } from 'node:test';
import { randomUUID } from 'node:crypto';
import { openDatabase, type Database } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { createCouncil, type Council, type NewCouncil } from '../../src/councils/councilRepository.ts';

/**
 * The database a test file runs against: the PostgreSQL server named by DATABASE_URL when
 * set (CI runs the suite both ways), otherwise a fresh embedded database in memory.
 * Tests isolate themselves by creating their own council, so files can share a server.
 */
export async function useTestDatabase(): Promise<Database> {
  const db = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: null });
  await migrate(db);
  after(() => db.close());
  return db;
}

export function newTestCouncil(db: Database, overrides: Partial<NewCouncil> = {}): Promise<Council> {
  const slug = `test-${randomUUID().slice(0, 8)}`;
  return createCouncil(db, { slug, name: `Test council ${slug}`, nation: 'england', ...overrides });
}

export const engineName = () => (process.env.DATABASE_URL ? 'PostgreSQL server' : 'embedded PGlite');
