import { inTransaction, type Database, type Queryable } from '../db/database.ts';
import type { Nation } from '../domain/calendar/bankHolidays.ts';
import { findProcedure } from '../domain/procedures/catalogue.ts';
import type { ProcedureCode, ProcedureDefinition } from '../domain/procedures/types.ts';
import { ensureShippedCalendars } from './calendarStore.ts';

export interface Council {
  id: number;
  slug: string;
  name: string;
  nation: Nation;
  reportingYearStarts: string;
}

/** The procedures a new council adopts, by nation; a council can adopt others later. */
const DEFAULT_PROCEDURES: Record<Nation, Partial<Record<ProcedureCode, string>>> = {
  england: {
    corporate: 'chc-corporate',
    children_statutory: 'children-statutory',
    adults_statutory: 'adults-statutory',
    // The 2009 regulations apply to public health (SI 2012/3094), not the Code.
    public_health: 'public-health-statutory',
    housing: 'housing-ombudsman-code',
  },
  wales: {
    corporate: 'psow-model',
    children_statutory: 'wales-social-services',
    adults_statutory: 'wales-social-services',
    public_health: 'psow-model',
    housing: 'psow-model',
  },
  scotland: {
    corporate: 'spso-model', children_statutory: 'spso-model', adults_statutory: 'spso-model', public_health: 'spso-model', housing: 'spso-model',
  },
  northern_ireland: {
    corporate: 'nipso-model', children_statutory: 'nipso-model', adults_statutory: 'nipso-model', public_health: 'nipso-model', housing: 'nipso-model',
  },
};

export interface NewCouncil {
  slug: string;
  name: string;
  nation: Nation;
  reportingYearStarts?: string;
  /** Procedure catalogue keys by code, replacing the nation's defaults (e.g. Cheshire West's 20/40 days). */
  procedures?: Partial<Record<ProcedureCode, string>>;
  adoptedOn?: string;
}

export async function createCouncil(db: Database, council: NewCouncil): Promise<Council> {
  return inTransaction(db, async (client) => {
    await ensureShippedCalendars(client);
    const { rows } = await client.query<{ id: number }>(
      // A Welsh council offers its public pages in Welsh and English (Welsh Language Standards).
      'INSERT INTO council (slug, name, nation, reporting_year_starts, public_languages) VALUES ($1, $2, $3, $4, $5) RETURNING id',
      [council.slug, council.name, council.nation, council.reportingYearStarts ?? '04-01', council.nation === 'wales' ? ['en', 'cy'] : ['en']],
    );
    const id = rows[0]!.id;
    const procedures = { ...DEFAULT_PROCEDURES[council.nation], ...council.procedures };
    for (const [code, key] of Object.entries(procedures)) {
      const definition = findProcedure(key);
      if (!definition) throw new Error(`There is no procedure "${key}" in the catalogue`);
      await adoptProcedure(client, id, code as ProcedureCode, definition, council.adoptedOn ?? '2000-01-01');
    }
    return { id, slug: council.slug, name: council.name, nation: council.nation, reportingYearStarts: council.reportingYearStarts ?? '04-01' };
  });
}

/** Adopts a procedure for one code, retiring the one in force; existing cases keep theirs. */
export async function adoptProcedure(db: Queryable, councilId: number, code: ProcedureCode, definition: ProcedureDefinition, on: string) {
  await db.query('UPDATE council_procedure SET retired_on = $3 WHERE council_id = $1 AND code = $2 AND retired_on IS NULL', [councilId, code, on]);
  await db.query(
    'INSERT INTO council_procedure (council_id, code, catalogue_key, definition, adopted_on) VALUES ($1, $2, $3, $4, $5)',
    [councilId, code, definition.key, JSON.stringify({ ...definition, code }), on],
  );
}

export async function findCouncil(db: Queryable, slug: string): Promise<Council | null> {
  const { rows } = await db.query<{ id: number; slug: string; name: string; nation: Nation; reporting_year_starts: string }>(
    'SELECT id, slug, name, nation, reporting_year_starts FROM council WHERE slug = $1',
    [slug],
  );
  const r = rows[0];
  return r ? { id: r.id, slug: r.slug, name: r.name, nation: r.nation, reportingYearStarts: r.reporting_year_starts } : null;
}

export async function listCouncils(db: Queryable): Promise<Council[]> {
  const { rows } = await db.query<{ id: number; slug: string; name: string; nation: Nation; reporting_year_starts: string }>(
    'SELECT id, slug, name, nation, reporting_year_starts FROM council ORDER BY name',
  );
  return rows.map((r) => ({ id: r.id, slug: r.slug, name: r.name, nation: r.nation, reportingYearStarts: r.reporting_year_starts }));
}
