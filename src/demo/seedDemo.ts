import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inTransaction, type Database } from '../db/database.ts';
import { keepStatisticsFresh } from '../db/statistics.ts';
import { createCouncil, findCouncil, type Council } from '../councils/councilRepository.ts';
import { importCaseHistory, readCaseHistoryFolder } from '../caseHistory/importCaseHistory.ts';
import type { IsoDate } from '../domain/dates.ts';
import { demoCouncil } from './caseHistoryGenerator.ts';
import { writeCaseHistoryFolder } from './writeCaseHistory.ts';

export const DEMO_SLUG = 'harrowdene';

/**
 * Adds the fictional demo council with its organisation, workspaces and complaint types,
 * and three reporting years of case history imported through the ordinary importer.
 * Returns null when it is there already.
 */
export async function seedDemoCouncil(db: Database, today: IsoDate, contactsPerYear = 2400): Promise<Council | null> {
  if (await findCouncil(db.pool, DEMO_SLUG)) return null;
  const council = await createCouncil(db, { slug: DEMO_SLUG, name: demoCouncil.name, nation: demoCouncil.nation });
  await inTransaction(db, async (client) => {
    const unitIds = new Map<string, number>();
    const add = async (kind: string, name: string, parent: number | null, key: string) => {
      const { rows } = await client.query<{ id: number }>(
        'INSERT INTO org_unit (council_id, kind, name, parent_id) VALUES ($1, $2, $3, $4) RETURNING id',
        [council.id, kind, name, parent],
      );
      unitIds.set(key, rows[0]!.id);
      return rows[0]!.id;
    };
    for (const d of demoCouncil.organisation) {
      const directorate = await add('directorate', d.directorate, null, d.directorate);
      for (const s of d.services) {
        const service = await add('service', s.name, directorate, `${d.directorate}/${s.name}`);
        for (const t of s.teams) await add('team', t, service, `${d.directorate}/${s.name}/${t}`);
      }
    }
    for (const w of demoCouncil.workspaces) {
      await client.query('INSERT INTO workspace (council_id, name, org_unit_id) VALUES ($1, $2, $3)', [
        council.id, w.name, unitIds.get(`${w.directorate}/${w.service}`) ?? null,
      ]);
    }
    for (const name of demoCouncil.categories) {
      await client.query('INSERT INTO complaint_category (council_id, name) VALUES ($1, $2)', [council.id, name]);
    }
  });
  const folder = mkdtempSync(join(tmpdir(), 'redress-demo-'));
  try {
    await writeCaseHistoryFolder(folder, { seed: 20240401, today, years: 3, contactsPerYear, council: demoCouncil });
    await importCaseHistory(db, council.id, readCaseHistoryFolder(folder), {
      createOrg: false, today, actor: 'demo data', source: 'generated demo case history',
    });
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
  await keepStatisticsFresh(db.pool); // the organisation, workspaces and history just written (src/db/statistics.ts)
  return council;
}
