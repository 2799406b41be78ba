import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importCaseHistory, readCaseHistoryFolder } from '../../src/caseHistory/importCaseHistory.ts';
import { changeOrganisation, organisationChanges, organisationUnits, OrganisationChangeRefused } from '../../src/councils/organisation.ts';
import { shapeProblems, treeOn } from '../../src/councils/organisationRules.ts';
import { unitsUnder } from '../../src/accounts/accountRepository.ts';
import { contactChoices } from '../../src/contacts/contactChoices.ts';
import { searchCases } from '../../src/cases/caseList.ts';
import { permissionsOf } from '../../src/domain/access/roles.ts';
import { systemActor } from '../../src/events/actor.ts';
import { buildAnnualReport } from '../../src/reports/annualReport.ts';
import { defaultReportOptions } from '../../src/reports/reportCatalogue.ts';
import { parseLayout } from '../../src/reports/layout.ts';
import type { Database } from '../../src/db/database.ts';
import { engineName, newTestCouncil, useTestDatabase } from '../support/testDatabase.ts';

const TODAY = '2026-11-30';
const actor = systemActor('test administrator');

async function importCases(db: Database, councilId: number, rows: string[]) {
  const work = mkdtempSync(join(tmpdir(), 'redress-org-'));
  try {
    writeFileSync(join(work, 'contacts.csv'), `reference,kind,received_on,channel,procedure,route,directorate,service,team,workspace,category,complainant_group,summary\n${rows.join('\n')}\n`);
    await importCaseHistory(db, councilId, readCaseHistoryFolder(work), { createOrg: true, today: TODAY, actor, source: 'test' });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const directorateLayout = (keepZeroRows: boolean) => parseLayout({
  format: 'redress-report-layout/1', name: 'Directorates', sections: [{ key: 'units', title: 'Directorates', tables: [{
    key: 'units.complaints', title: 'Complaints by directorate', definition: 'Complaints by directorate.', population: 'complaint',
    rows: { kind: 'unit', level: 'directorate' }, columns: { kind: 'year' },
    measures: [{ key: 'count', label: 'Number', aggregate: 'count' }], years: 'report_year', keepZeroRows,
  }] }],
}, 'test');
const byDirectorate = directorateLayout(false);

/** The same table keeping every directorate the council had in the year, with or without complaints. */
const everyDirectorate = directorateLayout(true);

async function complaintsByDirectorate(db: Database, councilId: number, year: string, layout = byDirectorate) {
  const report = await buildAnnualReport(db.pool, councilId, { ...defaultReportOptions(year), layout }, TODAY);
  return Object.fromEntries(report.sections[0]!.tables[0]!.rows.map((r) => [r.label, r.cells[0]]));
}

test(`an administrator restructures a directorate, and last year's report still shows last year's shape (${engineName()})`, async () => {
  const db = await useTestDatabase();
  const council = await newTestCouncil(db);
  const add = (name: string, parentId: number | null, from = '2020-04-01') => changeOrganisation(db, council.id, { change: 'add', name, parentId, from }, actor, TODAY);
  const housing = (await add('Housing', null)).unitId;
  await add('Repairs', housing);
  await add('Tenancy', housing);
  const resources = (await add('Resources', null)).unitId;
  await add('Revenues', resources);
  await importCases(db, council.id, [
    'H-1,complaint,2025-05-02,email,corporate,formal,Housing,Repairs,,,,service_user,Leak not fixed',
    'H-2,complaint,2025-09-03,email,corporate,formal,Housing,Repairs,,,,service_user,Boiler',
    'H-3,complaint,2026-01-04,email,corporate,formal,Housing,Tenancy,,,,service_user,Rent account',
    'R-1,complaint,2025-06-04,email,corporate,formal,Resources,Revenues,,,,service_user,Council tax',
  ]);

  // From 1 April 2026, Housing's services move into a new directorate, Place.
  const place = (await add('Place', null, '2026-04-01')).unitId;
  await changeOrganisation(db, council.id, { change: 'merge', unitId: housing, intoId: place, from: '2026-04-01' }, actor, TODAY);
  const units = await organisationUnits(db.pool, council.id);
  assert.deepEqual(shapeProblems(units), []);
  const names = (day: string) => treeOn(units, day).map((d) => `${d.unit.name}: ${d.children.map((s) => s.unit.name).join(', ')}`);
  assert.deepEqual(names('2026-03-31'), ['Housing: Repairs, Tenancy', 'Resources: Revenues']);
  assert.deepEqual(names('2026-04-01'), ['Place: Repairs, Tenancy', 'Resources: Revenues']);

  // Staff logging a contact received after the change choose from the new shape only.
  const choices = await contactChoices(db.pool, council.id, '2026-05-01');
  assert.deepEqual(choices.units.filter((u) => u.kind === 'service').map((u) => `${u.directorate}/${u.service}`), ['Place/Repairs', 'Place/Tenancy', 'Resources/Revenues']);
  await importCases(db, council.id, [
    'P-1,complaint,2026-05-02,email,corporate,formal,Place,Repairs,,,,service_user,Damp',
    'P-2,complaint,2026-06-03,email,corporate,formal,Place,Tenancy,,,,service_user,Noise',
    'P-3,complaint,2026-07-03,email,corporate,formal,Place,Tenancy,,,,service_user,Transfer',
  ]);

  assert.deepEqual(await complaintsByDirectorate(db, council.id, '2025/26'), { Housing: 3, Resources: 1 });
  assert.deepEqual(await complaintsByDirectorate(db, council.id, '2026/27'), { Place: 3 });
  // Rows kept at zero are the directorates of that year's shape: Place did not exist last year, Housing does not this year.
  assert.deepEqual(await complaintsByDirectorate(db, council.id, '2025/26', everyDirectorate), { Housing: 3, Resources: 1 });
  assert.deepEqual(await complaintsByDirectorate(db, council.id, '2026/27', everyDirectorate), { Place: 3, Resources: 0 });

  // Whoever holds Place sees Housing's cases too (they carry on its work); history lists the changes.
  const seen = await unitsUnder(db.pool, council.id, [place]);
  const { rows } = await db.pool.query<{ reference: string }>('SELECT reference FROM contact WHERE council_id = $1 AND org_unit_id = ANY($2::bigint[]) ORDER BY reference', [council.id, seen]);
  assert.deepEqual(rows.map((r) => r.reference), ['H-1', 'H-2', 'H-3', 'P-1', 'P-2', 'P-3']);
  // The case list filtered by Place lists Housing's cases too; filtered by the old Housing, only its own.
  const scope = { councilId: council.id, accountId: 1, staffMemberId: null, roles: ['complaints_officer'] as const, permissions: permissionsOf(['complaints_officer']),
    units: 'all' as const, directorates: 'all' as const, mayDisclose: false, mayIdentify: true };
  const listed = async (unitId: number) => (await searchCases(db.pool, scope, { unitId, sort: 'reference' }, TODAY)).items.map((c) => c.reference).sort();
  assert.deepEqual(await listed(place), ['H-1', 'H-2', 'H-3', 'P-1', 'P-2', 'P-3']);
  assert.deepEqual(await listed(housing), ['H-1', 'H-2', 'H-3']);
  assert.deepEqual(await unitsUnder(db.pool, council.id, [resources]), units.filter((u) => u.name === 'Resources' || u.name === 'Revenues').map((u) => u.id));
  const history = await organisationChanges(db.pool, council.id);
  assert.deepEqual(history[0]!.detail, { unit: 'Housing', into: 'Place' });
  assert.equal(history[0]!.effectiveFrom, '2026-04-01');
  assert.equal(history[0]!.actor, 'test administrator');
  const audited = await db.pool.query<{ detail: { codes: Record<string, string> } }>(
    "SELECT detail FROM audit_entry WHERE council_id = $1 AND action = 'change_settings' ORDER BY id DESC LIMIT 1", [council.id]);
  assert.deepEqual(audited.rows[0]!.detail.codes, { setting: 'organisation', change: 'merge', from: '2026-04-01' });
});

test(`a refused change writes nothing; workspaces and members follow a merged directorate (${engineName()})`, async () => {
  const db = await useTestDatabase();
  const council = await newTestCouncil(db);
  const add = (name: string, parentId: number | null) => changeOrganisation(db, council.id, { change: 'add', name, parentId, from: '2020-04-01' }, actor, TODAY);
  const housing = (await add('Housing', null)).unitId;
  const repairs = (await add('Repairs', housing)).unitId;
  const place = (await add('Place', null)).unitId;
  await add('Repairs', place);
  const before = await organisationUnits(db.pool, council.id);
  await assert.rejects(
    changeOrganisation(db, council.id, { change: 'merge', unitId: housing, intoId: place, from: '2026-04-01' }, actor, TODAY),
    (e: unknown) => e instanceof OrganisationChangeRefused && e.problems[0]!.code === 'child_name_taken',
  );
  assert.deepEqual(await organisationUnits(db.pool, council.id), before);

  const ws = await db.pool.query<{ id: number }>('INSERT INTO workspace (council_id, name, org_unit_id) VALUES ($1, $2, $3) RETURNING id', [council.id, 'Home repairs', repairs]);
  await db.pool.query("INSERT INTO user_account (email, display_name) VALUES ($1, 'Housing officer')", [`ho-${council.id}@example.test`]);
  const account = await db.pool.query<{ id: number }>('SELECT id FROM user_account WHERE email = $1', [`ho-${council.id}@example.test`]);
  await db.pool.query("INSERT INTO council_membership (council_id, account_id, roles) VALUES ($1, $2, '{investigating_officer}')", [council.id, account.rows[0]!.id]);
  await db.pool.query('INSERT INTO membership_directorate (council_id, account_id, org_unit_id) VALUES ($1, $2, $3)', [council.id, account.rows[0]!.id, housing]);

  const homes = (await add('Homes', null)).unitId;
  await changeOrganisation(db, council.id, { change: 'merge', unitId: housing, intoId: homes, from: '2026-04-01' }, actor, TODAY);
  const units = await organisationUnits(db.pool, council.id);
  const newRepairs = units.find((u) => u.name === 'Repairs' && u.parentId === homes)!;
  const mapped = await db.pool.query<{ org_unit_id: number }>('SELECT org_unit_id FROM workspace WHERE council_id = $1 AND id = $2', [council.id, ws.rows[0]!.id]);
  assert.equal(Number(mapped.rows[0]!.org_unit_id), newRepairs.id);
  const held = await db.pool.query<{ org_unit_id: number }>('SELECT org_unit_id FROM membership_directorate WHERE council_id = $1 AND account_id = $2 ORDER BY org_unit_id', [council.id, account.rows[0]!.id]);
  assert.deepEqual(held.rows.map((r) => Number(r.org_unit_id)), [housing, homes]);
});
