import { after } from 'node:test';
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { openDatabase, type Database } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { createCouncil, type Council, type NewCouncil } from '../../src/councils/councilRepository.ts';

/**
 * The database a test file runs against: the PostgreSQL server named by DATABASE_URL when
 * set (CI runs the suite both ways), otherwise a fresh embedded database in memory.
 * Tests isolate themselves by creating their own council, so files can share a server.
 *
 * The embedded database starts from a migrated template (ADR 0009): the first file to need
 * it runs the migrations on an empty database and saves its files; every other file loads
 * them, which skips initdb and the migrations (seconds per file). `migrate` still runs and
 * must apply nothing: that proves the template is current.
 */
export async function useTestDatabase(): Promise<Database> {
  if (process.env.DATABASE_URL) {
    const db = await openDatabase({ databaseUrl: process.env.DATABASE_URL });
    await migrate(db);
    after(() => db.close());
    return db;
  }
  const template = migratedTemplatePath();
  const fromTemplate = existsSync(template);
  const db = await openDatabase({ dataDir: null, template: fromTemplate ? template : null });
  after(() => db.close());
  const applied = await migrate(db);
  if (fromTemplate && applied.length > 0) {
    throw new Error(`The test database template ${template} lacked migrations ${applied.join(', ')}: its name should change with them (testDatabase.ts)`);
  }
  if (!fromTemplate) await saveTemplate(db, template);
  return db;
}

const root = fileURLToPath(new URL('../../', import.meta.url));
const cacheDir = join(root, 'node_modules', '.cache', 'redress');
const migrationsDir = join(root, 'src', 'db', 'migrations');
const TEMPLATE_PREFIX = 'test-template-';

/** The installed PGlite's version: its data directory format, so part of every template's name. */
const pgliteVersion = (): string =>
  JSON.parse(readFileSync(join(root, 'node_modules', '@electric-sql', 'pglite', 'package.json'), 'utf8')).version as string;

/**
 * Where the template for these migrations is kept: named by a hash of every migration file
 * (name and content) and of the PGlite version (its data directory format), so a changed,
 * added or removed migration, or another PGlite, makes a new one.
 */
export function migratedTemplatePath(): string {
  const hash = createHash('sha256');
  hash.update(pgliteVersion());
  // pg-boss's schema is made by migrate too (src/messages/jobQueue.ts).
  hash.update(JSON.parse(readFileSync(join(root, 'node_modules', 'pg-boss', 'package.json'), 'utf8')).version);
  hash.update(readFileSync(join(root, 'src', 'messages', 'jobQueue.ts')));
  for (const file of readdirSync(migrationsDir).filter((f) => f.endsWith('.sql')).sort()) {
    hash.update(`\0${file}\0`).update(readFileSync(join(migrationsDir, file)));
  }
  return join(cacheDir, `${TEMPLATE_PREFIX}${hash.digest('hex').slice(0, 16)}.tar`);
}

/**
 * Saves the template (written to a temporary name and renamed, so a file starting at the
 * same moment never reads half of it; files starting together may each save one, the last
 * rename wins, all alike). Templates (and temporary files) of other migrations written over a day ago are removed. A
 * cache that cannot be written only costs time: every file then migrates its own database.
 */
async function saveTemplate(db: Database, path: string): Promise<void> {
  try {
    mkdirSync(cacheDir, { recursive: true });
    await db.saveTemplate!(path);
    const dayAgo = Date.now() - 24 * 3600_000;
    for (const name of readdirSync(cacheDir)) {
      const other = join(cacheDir, name);
      if (name.startsWith(TEMPLATE_PREFIX) && other !== path && statSync(other).mtimeMs < dayAgo) rmSync(other, { force: true });
    }
  } catch {
    // no cache: each file builds its own database, as before the template
  }
}

/**
 * The migrated template's path, made first if no file has made it yet (a file whose commands
 * open data directories of their own may start before any file has opened a test database).
 */
async function migratedTemplate(): Promise<string> {
  const path = migratedTemplatePath();
  if (existsSync(path)) return path;
  const db = await openDatabase({ dataDir: null });
  try {
    await migrate(db);
    await saveTemplate(db, path);
  } finally {
    await db.close();
  }
  return path;
}

/**
 * A template of an empty database (initdb done, no migration), for tests that need a database
 * as a new install has it: a restore's target. Named by the PGlite version alone; made once.
 */
async function emptyTemplate(): Promise<string> {
  const path = join(cacheDir, `test-empty-${pgliteVersion()}.tar`);
  if (existsSync(path)) return path;
  const db = await openDatabase({ dataDir: null });
  try {
    mkdirSync(cacheDir, { recursive: true });
    await db.saveTemplate!(path);
  } finally {
    await db.close();
  }
  return path;
}

/**
 * An embedded database as a command finds it, made from a template instead of by initdb (and
 * the migrations): 'empty' as a new install, before its first command; 'migrated' as after it.
 * In a data directory on disk (`dataDir`), for the commands a test spawns, or in memory (null).
 * initdb costs seconds of CPU each time, and the suite makes many such databases.
 */
export async function embeddedDatabaseFrom(template: 'empty' | 'migrated', dataDir: string | null): Promise<Database> {
  const path = template === 'empty' ? await emptyTemplate() : await migratedTemplate();
  return openDatabase({ dataDir, template: path });
}

/** A data directory on disk prepared as embeddedDatabaseFrom says, closed for a command to open. */
export async function prepareDataDirectory(dataDir: string, template: 'empty' | 'migrated'): Promise<void> {
  await (await embeddedDatabaseFrom(template, dataDir)).close();
}

export function newTestCouncil(db: Database, overrides: Partial<NewCouncil> = {}): Promise<Council> {
  const slug = `test-${randomUUID().slice(0, 8)}`;
  return createCouncil(db, { slug, name: `Test council ${slug}`, nation: 'england', ...overrides });
}

export const engineName = () => (process.env.DATABASE_URL ? 'PostgreSQL server' : 'embedded PGlite');

/**
 * The skip option of a test whose subject is not the engine of the pass (a file LibreOffice
 * opens, an embedded data directory the test opens itself whatever DATABASE_URL says, a start
 * refused before it reaches any database): skipped in the server pass, so CI runs it once per
 * Node, in the embedded pass, instead of twice to the same effect.
 */
export const embeddedPassOnly = (): string | false => (process.env.DATABASE_URL ? 'does not depend on the engine: run in the embedded pass' : false);
