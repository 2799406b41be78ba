import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inTransaction, type Database } from '../db/database.ts';
import { keepStatisticsFresh } from '../db/statistics.ts';
import { createCouncil, findCouncil, type Council } from '../councils/councilRepository.ts';
import { importCaseHistory, readCaseHistoryFolder } from '../caseHistory/importCaseHistory.ts';
import { addLearningAction, addRemedy } from '../complaints/remedies.ts';
import type { IsoDate } from '../domain/dates.ts';
import { systemActor } from '../events/actor.ts';
import { demoCouncil, generateCaseHistory, type CaseHistoryOptions } from './caseHistoryGenerator.ts';
import { inOneTransaction } from './oneTransaction.ts';
import { puttingThingsRight } from './puttingThingsRight.ts';
import { seedOmbudsmanCasework } from './ombudsmanCasework.ts';
import { writeCaseHistoryFolder } from './writeCaseHistory.ts';

export const DEMO_SLUG = 'harrowdene';
const SEED = 20240401;
/** Three whole reporting years before the one in progress, so that every comparison has a full year behind it. */
export const DEMO_YEARS = 4;
const ACTOR = systemActor('demo data', 'demo seed');

export interface SeedOptions {
  /** Another short name than "harrowdene" (tests on a shared server). */
  slug?: string;
  /** Called as the history's rows are written (contacts, stages, Ombudsman cases), inside the transaction. */
  onBatch?: (table: string, written: number, total: number) => void | Promise<void>;
}

/**
 * Adds the fictional demo council: its organisation, workspaces and complaint types, four
 * reporting years of case history (three whole ones and the year so far) imported through
 * the ordinary importer, then the remedies and learning actions agreed on upheld complaints,
 * through the complaints services. All of it in one transaction: a start killed half way
 * leaves no council at all, and the next start seeds it again. Returns null when it is
 * there already.
 */
export async function seedDemoCouncil(db: Database, today: IsoDate, contactsPerYear = 2400, options: SeedOptions = {}): Promise<Council | null> {
  const slug = options.slug ?? DEMO_SLUG;
  if (await findCouncil(db.pool, slug)) return null;
  const history: CaseHistoryOptions = { seed: SEED, today, years: DEMO_YEARS, contactsPerYear, council: demoCouncil };
  const folder = mkdtempSync(join(tmpdir(), 'redress-demo-'));
  try {
    await writeCaseHistoryFolder(folder, history);
    const council = await inOneTransaction(db, async (tx) => {
      const council = await createCouncil(tx, { slug, name: demoCouncil.name, nation: demoCouncil.nation });
      await addOrganisation(tx, council.id);
      await importCaseHistory(tx, council.id, readCaseHistoryFolder(folder), {
        createOrg: false, today, actor: ACTOR, source: 'generated demo case history', ...(options.onBatch ? { onBatch: options.onBatch } : {}),
      });
      const { remedies, learning } = puttingThingsRight(generateCaseHistory(history), SEED, today);
      for (const r of remedies) await addRemedy(tx.pool, council.id, r.reference, r.remedy, ACTOR, r.on);
      for (const a of learning) await addLearningAction(tx.pool, council.id, a.reference, a.action, ACTOR, a.on);
      await seedOmbudsmanCasework(tx, council.id, today, ACTOR);
      return council;
    });
    await keepStatisticsFresh(db.pool); // the organisation, workspaces and history just written (src/db/statistics.ts)
    return council;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

async function addOrganisation(db: Database, councilId: number): Promise<void> {
  await inTransaction(db, async (client) => {
    const unitIds = new Map<string, number>();
    const add = async (kind: string, name: string, parent: number | null, key: string) => {
      const { rows } = await client.query<{ id: number }>(
        'INSERT INTO org_unit (council_id, kind, name, parent_id) VALUES ($1, $2, $3, $4) RETURNING id',
        [councilId, kind, name, parent],
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
        councilId, w.name, unitIds.get(`${w.directorate}/${w.service}`) ?? null,
      ]);
    }
    for (const name of demoCouncil.categories) {
      await client.query('INSERT INTO complaint_category (council_id, name) VALUES ($1, $2)', [councilId, name]);
    }
  });
}
