import { readFileSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type pg from 'pg';
import { inTransaction, type Database } from '../db/database.ts';
import { ANALYZE_SCALE_FACTOR, ANALYZE_THRESHOLD, keepStatisticsFresh } from '../db/statistics.ts';

/** The tables an import fills with a council's cases. */
const CASE_TABLES = ['contact', 'complaint', 'complaint_stage', 'ombudsman_case'] as const;
import { divisionOf, type BankHolidayCalendar, type Nation } from '../domain/calendar/bankHolidays.ts';
import { stageDeadlines } from '../domain/calendar/deadlines.ts';
import type { IsoDate } from '../domain/dates.ts';
import type { ProcedureDefinition } from '../domain/procedures/types.ts';
import { currentCalendar } from '../councils/calendarStore.ts';
import { COMPLAINT_ROUTES, filesOf, FORMAT_FILE, V1_FILES, V2_FILES, type CaseHistoryFileName, type FormatVersion } from './format.ts';
import { DEFAULT_MAX_FILE_BYTES, fileTooLarge, parseCaseHistoryFile, type ParsedFile } from './parseCsv.ts';
import { ImportRejectedError, type ImportProblem } from './problems.ts';
import { orgPath, validateCaseHistory, type CaseHistory, type ContactRow, type ExistingCouncilData, type StageRow } from './validate.ts';
import { complaintFromHistory } from './complaintFromHistory.ts';
import type { Actor } from '../events/actor.ts';
import { writeCaseEvents } from '../events/caseEvents.ts';

export interface ImportOptions {
  createOrg: boolean;
  today: IsoDate;
  /** Who imports: systemActor('redress import') on the command line. */
  actor: Actor;
  source: string;
  maxFileBytes?: number;
  /** Called after each batch is written, inside the transaction (progress; tests interrupt here). */
  onBatch?: (table: string, written: number, total: number) => void | Promise<void>;
  /**
   * Write everything, count it, then roll it all back: the preview of an upload (/admin/import)
   * gives the very numbers the import will, and leaves nothing behind.
   */
  rehearse?: boolean;
  /** Runs in the import's transaction after the writing (an audit entry; removing a held upload). */
  alsoInTransaction?: (client: pg.PoolClient, summary: ImportSummary) => Promise<void>;
}

/** Carries a rehearsal's counts out of the transaction it rolls back. */
class Rehearsed extends Error {
  constructor(readonly summary: ImportSummary) {
    super('rehearsed: rolled back');
  }
}

export interface ImportSummary {
  contacts: number;
  contactsCreated: number;
  contactsUpdated: number;
  complaints: number;
  stages: number;
  ombudsmanCases: number;
  organisationUnitsCreated: number;
}

export type CaseHistoryFiles = Partial<Record<CaseHistoryFileName | typeof FORMAT_FILE, Buffer>>;

const BATCH = 5000;

/** Reads a folder's CSV files; a missing contacts.csv or an unreadable file is a problem like any other. */
export function readCaseHistoryFolder(folder: string, maxFileBytes = DEFAULT_MAX_FILE_BYTES): CaseHistoryFiles {
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new ImportRejectedError([{ file: folder, row: null, column: null, value: null, expected: 'a folder holding contacts.csv (and optionally stages.csv, ombudsman.csv)' }]);
  }
  const files: CaseHistoryFiles = {};
  const tooBig: ImportProblem[] = [];
  for (const name of [FORMAT_FILE, ...V2_FILES] as const) {
    const path = join(folder, name);
    if (!existsSync(path)) continue;
    // Refuse an oversized file before reading it into memory.
    const size = statSync(path).size;
    if (size > maxFileBytes) tooBig.push(fileTooLarge(name, size, maxFileBytes));
    else files[name] = readFileSync(path);
  }
  if (tooBig.length > 0) throw new ImportRejectedError(tooBig);
  return files;
}

/**
 * Imports a council's case history: all or nothing, idempotent by reference. Every problem
 * in every file is found before anything is written; the writing happens in one transaction.
 */
export async function importCaseHistory(db: Database, councilId: number, files: CaseHistoryFiles, options: ImportOptions): Promise<ImportSummary> {
  const problems: ImportProblem[] = [];
  const parsed: Partial<Record<CaseHistoryFileName, ParsedFile>> = {};
  if (!files['contacts.csv']) {
    problems.push({ file: 'contacts.csv', row: null, column: null, value: null, expected: 'the file is missing; every import needs contacts.csv' });
  }
  const version = formatVersion(files[FORMAT_FILE], problems);
  // Without knowing the version, every other file's columns would be blamed for it.
  if (version === null) throw new ImportRejectedError(problems);
  if (version === 1) {
    for (const name of V2_FILES.slice(V1_FILES.length)) {
      if (files[name]) problems.push({ file: name, row: null, column: null, value: null, expected: `a file of format version 2; declare the folder's version in ${FORMAT_FILE} ({"format": "redress-case-history", "version": 2})` });
    }
  }
  for (const name of Object.keys(filesOf(version)) as CaseHistoryFileName[]) {
    const bytes = files[name];
    if (!bytes) continue;
    const result = parseCaseHistoryFile(name, bytes, options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES, version);
    problems.push(...result.problems);
    if (result.parsed) parsed[name] = result.parsed;
  }
  if (problems.length > 0) throw new ImportRejectedError(problems);

  let contactsBefore = 0;
  return inTransaction(db, async (client) => {
    const council = await client.query<{ nation: Nation }>('SELECT nation FROM council WHERE id = $1', [councilId]);
    if (!council.rows[0]) throw new Error(`There is no council ${councilId}`);
    const existing = await loadExisting(client, councilId);
    contactsBefore = existing.data.references.size;
    const { history, problems: found } = validateCaseHistory(
      {
        version, contacts: parsed['contacts.csv']!, stages: parsed['stages.csv'] ?? null, ombudsman: parsed['ombudsman.csv'] ?? null,
        elements: parsed['elements.csv'] ?? null, remedies: parsed['remedies.csv'] ?? null,
        learningActions: parsed['learning_actions.csv'] ?? null, ombudsmanFindings: parsed['ombudsman_findings.csv'] ?? null,
        services: parsed['services.csv'] ?? null, restrictions: parsed['restrictions.csv'] ?? null,
      },
      existing.data,
      { createOrg: options.createOrg, today: options.today },
    );
    if (found.length > 0) throw new ImportRejectedError(found);
    const summary = await writeCaseHistory(client, councilId, council.rows[0].nation, history, existing, options);
    if (options.rehearse) throw new Rehearsed(summary);
    await options.alsoInTransaction?.(client, summary);
    return summary;
  }).then(async (summary) => {
    // Committed: analyse what it changed (src/db/statistics.ts). Where it grew this council's
    // history by more than autovacuum's 10%, analyse the case tables even if other councils'
    // rows make the growth small for the table: the planner must know this council's rows.
    const grew = summary.contactsCreated > ANALYZE_THRESHOLD + ANALYZE_SCALE_FACTOR * contactsBefore;
    await keepStatisticsFresh(db.pool, undefined, grew ? CASE_TABLES : []);
    return summary;
  }, (error: unknown) => {
    if (error instanceof Rehearsed) return error.summary;
    throw error;
  });
}

/** A folder without format.json is version 1; with it, the version it declares. */
function formatVersion(bytes: Buffer | undefined, problems: ImportProblem[]): FormatVersion | null {
  if (!bytes) return 1;
  const expected = 'a JSON object {"format": "redress-case-history", "version": 2}';
  let declared: unknown;
  try {
    declared = JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, ''));
  } catch {
    problems.push({ file: FORMAT_FILE, row: null, column: null, value: null, expected: `${expected}; this is not readable as JSON` });
    return null;
  }
  const d = declared as { format?: unknown; version?: unknown } | null;
  if (typeof d !== 'object' || d === null || d.format !== 'redress-case-history' || (d.version !== 1 && d.version !== 2)) {
    problems.push({ file: FORMAT_FILE, row: null, column: null, value: JSON.stringify(declared), expected: `${expected} (versions 1 and 2 exist)` });
    return null;
  }
  return d.version;
}

interface Existing {
  data: ExistingCouncilData;
  orgIds: Map<string, number>;
  categoryIds: Map<string, number>;
  workspaceIds: Map<string, number>;
}

async function loadExisting(client: pg.PoolClient, councilId: number): Promise<Existing> {
  const orgIds = new Map<string, number>();
  const named = await client.query<{ id: number; kind: string; name: string; parent_id: number | null }>(
    'SELECT id, kind, name, parent_id FROM org_unit WHERE council_id = $1 AND valid_to IS NULL',
    [councilId],
  );
  const byId = new Map(named.rows.map((u) => [u.id, u]));
  const pathOf = (id: number): string[] => {
    const u = byId.get(id)!;
    return u.parent_id === null ? [u.name] : [...pathOf(u.parent_id), u.name];
  };
  for (const u of named.rows) orgIds.set(orgPath(...pathOf(u.id)), u.id);
  const categories = await client.query<{ id: number; name: string }>('SELECT id, name FROM complaint_category WHERE council_id = $1', [councilId]);
  const workspaces = await client.query<{ id: number; name: string }>('SELECT id, name FROM workspace WHERE council_id = $1', [councilId]);
  const references = await client.query<{ reference: string; received_on: IsoDate }>('SELECT reference, received_on FROM contact WHERE council_id = $1', [councilId]);
  const categoryIds = new Map(categories.rows.map((r) => [r.name, r.id]));
  const workspaceIds = new Map(workspaces.rows.map((r) => [r.name, r.id]));
  return {
    data: {
      organisation: new Set(orgIds.keys()),
      categories: new Set(categoryIds.keys()),
      workspaces: new Set(workspaceIds.keys()),
      references: new Map(references.rows.map((r) => [r.reference, r.received_on])),
    },
    orgIds,
    categoryIds,
    workspaceIds,
  };
}

async function inBatches(total: number, table: string, options: ImportOptions, write: (from: number, to: number) => Promise<void>) {
  for (let from = 0; from < total; from += BATCH) {
    const to = Math.min(total, from + BATCH);
    await write(from, to);
    await options.onBatch?.(table, to, total);
  }
}

type UnitNames = Pick<ContactRow, 'directorate' | 'service' | 'team'>;

async function ensureOrganisation(
  client: pg.PoolClient, councilId: number, contacts: ContactRow[], existing: Existing, elementCategories: (string | null)[] = [], furtherUnits: UnitNames[] = [],
): Promise<number> {
  let created = 0;
  const ensure = async (kind: 'directorate' | 'service' | 'team', names: string[]) => {
    const path = orgPath(...names);
    if (existing.orgIds.has(path)) return;
    const parentId = names.length > 1 ? existing.orgIds.get(orgPath(...names.slice(0, -1)))! : null;
    const { rows } = await client.query<{ id: number }>(
      'INSERT INTO org_unit (council_id, kind, name, parent_id) VALUES ($1, $2, $3, $4) RETURNING id',
      [councilId, kind, names[names.length - 1], parentId],
    );
    existing.orgIds.set(path, rows[0]!.id);
    created++;
  };
  // Each distinct path once, parents before children (a Map keeps first-seen order).
  const paths = new Map<string, ['directorate' | 'service' | 'team', string[]]>();
  for (const c of [...contacts, ...furtherUnits]) {
    if (!c.directorate) continue;
    paths.set(orgPath(c.directorate), ['directorate', [c.directorate]]);
    if (!c.service) continue;
    paths.set(orgPath(c.directorate, c.service), ['service', [c.directorate, c.service]]);
    if (c.team) paths.set(orgPath(c.directorate, c.service, c.team), ['team', [c.directorate, c.service, c.team]]);
  }
  for (const [kind, names] of paths.values()) await ensure(kind, names);
  for (const [table, ids, names] of [
    ['complaint_category', existing.categoryIds, [...contacts.map((c) => c.category), ...elementCategories]],
    ['workspace', existing.workspaceIds, contacts.map((c) => c.workspace)],
  ] as const) {
    for (const name of new Set(names)) {
      if (!name || ids.has(name)) continue;
      const { rows } = await client.query<{ id: number }>(`INSERT INTO ${table} (council_id, name) VALUES ($1, $2) RETURNING id`, [councilId, name]);
      ids.set(name, rows[0]!.id);
    }
  }
  return created;
}

interface StageRecord {
  contactId: number;
  stage: number;
  requestedOn: IsoDate | null;
  decision: 'accepted' | 'refused' | null;
  decidedOn: IsoDate | null;
  openedOn: IsoDate | null;
  extendedTo: IsoDate | null;
  respondedOn: IsoDate | null;
  outcome: string | null;
  ackDue: IsoDate | null;
  ackBasis: string | null;
  due: IsoDate | null;
  dueBasis: string | null;
}

/**
 * A stage row as stored. In the file a refused request's opened_on is the date it was
 * refused; stored, that is its decision date and the stage never opened. A later stage
 * with no decision was accepted (it has an opened date).
 */
function stageRecord(contactId: number, s: Omit<StageRow, 'line' | 'reference'>, procedure: ProcedureDefinition, calendar: BankHolidayCalendar): StageRecord {
  const decision = s.stage > 1 ? s.decision ?? 'accepted' : null;
  const openedOn = decision === 'refused' ? null : s.openedOn;
  const deadlines = openedOn && s.stage <= procedure.stages.length
    // Counted from the request where the procedure says so (the Code's stage 2 acknowledgement).
    ? stageDeadlines(calendar, procedure, s.stage, { openedOn, requestedOn: s.requestedOn, acknowledgedOn: null })
    : null;
  return {
    contactId,
    stage: s.stage,
    requestedOn: s.requestedOn,
    decision,
    decidedOn: decision ? s.openedOn : null,
    openedOn,
    extendedTo: s.extendedTo,
    respondedOn: s.respondedOn,
    outcome: s.outcome,
    ackDue: deadlines?.acknowledgementDue?.due ?? null,
    ackBasis: deadlines?.acknowledgementDue ? JSON.stringify(deadlines.acknowledgementDue) : null,
    due: deadlines?.responseDue?.due ?? null,
    dueBasis: deadlines?.responseDue ? JSON.stringify(deadlines.responseDue) : null,
  };
}

/**
 * Replaces the rows each owner (a complaint, an Ombudsman case) holds in one list, for the
 * owners whose rows in the folder differ from those stored, keeping the folder's order.
 * `existing` selects (owner, value columns…) in stored order; `insert` takes the owner and
 * each value column as arrays. Returns the owners changed.
 */
async function replaceLists(
  client: pg.PoolClient,
  councilId: number,
  options: ImportOptions,
  list: { label: string; owners: number[]; rows: { owner: number; values: unknown[] }[]; existing: string; remove: string; insert: string },
): Promise<number[]> {
  const signature = (values: unknown[]) => JSON.stringify(values);
  const wanted = new Map<number, string[]>(list.owners.map((o) => [o, []]));
  for (const r of list.rows) wanted.get(r.owner)?.push(signature(r.values));
  const stored = new Map<number, string[]>(list.owners.map((o) => [o, []]));
  const { rows } = await client.query<Record<string, unknown> & { owner: number }>(list.existing, [councilId, list.owners]);
  for (const r of rows) {
    const { owner, ...values } = r;
    stored.get(Number(owner))?.push(signature(Object.values(values)));
  }
  const changed = list.owners.filter((o) => wanted.get(o)!.join('\n') !== stored.get(o)!.join('\n'));
  if (changed.length === 0) return [];
  const changedSet = new Set(changed);
  await client.query(list.remove, [councilId, changed]);
  const rowsToWrite = list.rows.filter((r) => changedSet.has(r.owner));
  const width = rowsToWrite[0]?.values.length ?? 0;
  await inBatches(rowsToWrite.length, list.label, options, async (from, to) => {
    const batch = rowsToWrite.slice(from, to);
    const columns = Array.from({ length: width }, (_, i) => batch.map((r) => r.values[i] ?? null));
    await client.query(list.insert, [councilId, batch.map((r) => r.owner), ...columns]);
  });
  return changed;
}

interface ProcedureInForce { id: number; code: string; adoptedOn: IsoDate; retiredOn: IsoDate | null; definition: ProcedureDefinition }

/** The procedure a complaint was handled under: the one in force for its code when it was received. */
function procedureFor(procedures: ProcedureInForce[], code: string, receivedOn: IsoDate): ProcedureInForce {
  const candidates = procedures.filter((p) => p.code === code);
  return (
    candidates.find((p) => p.adoptedOn <= receivedOn && (p.retiredOn === null || receivedOn < p.retiredOn)) ??
    candidates.find((p) => p.retiredOn === null) ??
    candidates[0]!
  );
}

async function writeCaseHistory(
  client: pg.PoolClient,
  councilId: number,
  nation: Nation,
  history: CaseHistory,
  existing: Existing,
  options: ImportOptions,
): Promise<ImportSummary> {
  const organisationUnitsCreated = await ensureOrganisation(client, councilId, history.contacts, existing, history.elements.map((e) => e.category), history.services);
  const v2 = history.version === 2;
  const withFlags = v2 && history.carries.flags;
  const { contacts } = history;
  const unit = (...names: (string | null)[]) => (names.every(Boolean) ? existing.orgIds.get(orgPath(...(names as string[]))) ?? null : null);

  // Contacts: new references are inserted; known ones are updated only where they changed
  // (so a second import is a no-op). Splitting them keeps a first import a plain bulk insert.
  const fresh = contacts.filter((c) => !existing.data.references.has(c.reference));
  const known = contacts.filter((c) => existing.data.references.has(c.reference));
  const changed: number[] = [];
  const createdIds = new Set<number>();
  const contactId = new Map<string, number>();
  const contactColumns = (rows: ContactRow[]) => [
    councilId,
    rows.map((c) => c.reference),
    rows.map((c) => c.kind),
    rows.map((c) => c.channel),
    rows.map((c) => c.receivedOn),
    // A compliment or comment with no procedure counts under the corporate section.
    rows.map((c) => c.procedure ?? (c.kind === 'compliment' || c.kind === 'comment' ? 'corporate' : null)),
    rows.map((c) => c.route),
    rows.map((c) => c.complainantGroup),
    rows.map((c) => unit(c.directorate, c.service, c.team) ?? unit(c.directorate, c.service) ?? unit(c.directorate)),
    rows.map((c) => (c.workspace ? existing.workspaceIds.get(c.workspace) ?? null : null)),
    rows.map((c) => (c.category ? existing.categoryIds.get(c.category) ?? null : null)),
    rows.map((c) => c.summary),
    ...(v2 ? [rows.map((c) => c.intermediary), rows.map((c) => c.addressedTo), rows.map((c) => c.commissionedProvider), rows.map((c) => c.complimentSource)] : []),
    // Flags go as one string each (an array of arrays would be flattened by unnest).
    ...(withFlags ? [rows.map((c) => (c.flags ?? []).join(';'))] : []),
  ];
  // A version 1 folder cannot say what version 2 adds, so it leaves those columns as they are.
  // (A version 2 folder without the flags column, written before it existed, leaves them too.)
  const V2_CONTACT_COLUMNS = [...(v2 ? ['intermediary', 'addressed_to', 'commissioned_provider', 'compliment_source'] : []), ...(withFlags ? ['flags'] : [])];
  const CONTACT_ROWS = `
    SELECT $1, r.reference, r.kind, r.channel, r.received_on, r.procedure_code, r.route, r.complainant_group,
           r.org_unit_id, r.workspace_id, r.category_id, r.summary${v2 ? ', r.intermediary, r.addressed_to, r.commissioned_provider, r.compliment_source' : ''}
           ${withFlags ? ", coalesce(string_to_array(nullif(r.flags, ''), ';'), '{}'::text[])" : ''}
      FROM unnest($2::text[], $3::text[], $4::text[], $5::date[], $6::text[], $7::text[], $8::text[],
                  $9::bigint[], $10::bigint[], $11::bigint[], $12::text[]${v2 ? ', $13::text[], $14::text[], $15::boolean[], $16::text[]' : ''}${withFlags ? ', $17::text[]' : ''})
      AS r(reference, kind, channel, received_on, procedure_code, route, complainant_group,
           org_unit_id, workspace_id, category_id, summary${V2_CONTACT_COLUMNS.map((c) => `, ${c}`).join('')})`;
  const CONTACT_COLUMNS = `council_id, reference, kind, channel, received_on, procedure_code, route, complainant_group,
                           org_unit_id, workspace_id, category_id, summary${V2_CONTACT_COLUMNS.map((c) => `, ${c}`).join('')}`;
  await inBatches(fresh.length, 'contacts', options, async (from, to) => {
    const result = await client.query<{ id: number; reference: string }>(
      `INSERT INTO contact (${CONTACT_COLUMNS}) ${CONTACT_ROWS} RETURNING id, reference`,
      contactColumns(fresh.slice(from, to)),
    );
    for (const r of result.rows) {
      createdIds.add(r.id);
      contactId.set(r.reference, r.id);
    }
  });
  await inBatches(known.length, 'contacts (already imported)', options, async (from, to) => {
    const result = await client.query<{ id: number }>(
      `INSERT INTO contact (${CONTACT_COLUMNS}) ${CONTACT_ROWS}
       ON CONFLICT (council_id, reference) DO UPDATE SET
         kind = EXCLUDED.kind, channel = EXCLUDED.channel, received_on = EXCLUDED.received_on,
         procedure_code = EXCLUDED.procedure_code, route = EXCLUDED.route, complainant_group = EXCLUDED.complainant_group,
         org_unit_id = EXCLUDED.org_unit_id,
         workspace_id = EXCLUDED.workspace_id, category_id = EXCLUDED.category_id, summary = EXCLUDED.summary, updated_at = now()
         ${V2_CONTACT_COLUMNS.map((c) => `, ${c} = EXCLUDED.${c}`).join('')}
       WHERE (contact.kind, contact.channel, contact.received_on, contact.procedure_code, contact.route, contact.complainant_group,
              contact.org_unit_id, contact.workspace_id, contact.category_id, contact.summary${V2_CONTACT_COLUMNS.map((c) => `, contact.${c}`).join('')})
         IS DISTINCT FROM
             (EXCLUDED.kind, EXCLUDED.channel, EXCLUDED.received_on, EXCLUDED.procedure_code, EXCLUDED.route, EXCLUDED.complainant_group,
              EXCLUDED.org_unit_id, EXCLUDED.workspace_id, EXCLUDED.category_id, EXCLUDED.summary${V2_CONTACT_COLUMNS.map((c) => `, EXCLUDED.${c}`).join('')})
       RETURNING id`,
      contactColumns(known.slice(from, to)),
    );
    for (const r of result.rows) changed.push(r.id);
  });
  const created = createdIds.size;
  const updated = changed.length;
  if (known.length > 0) {
    const idRows = await client.query<{ id: number; reference: string }>(
      'SELECT id, reference FROM contact WHERE council_id = $1 AND reference = ANY($2::text[])',
      [councilId, known.map((c) => c.reference)],
    );
    for (const r of idRows.rows) contactId.set(r.reference, r.id);
  }

  // Complaints and their stages, with deadlines computed under the council's calendar.
  const procedures = (
    await client.query<{ id: number; code: string; adopted_on: string; retired_on: string | null; definition: ProcedureDefinition }>(
      'SELECT id, code, adopted_on, retired_on, definition FROM council_procedure WHERE council_id = $1',
      [councilId],
    )
  ).rows.map((p) => ({ id: p.id, code: p.code, adoptedOn: p.adopted_on, retiredOn: p.retired_on, definition: p.definition }));
  const calendar = await currentCalendar(client, divisionOf(nation));
  const stagesByReference = new Map<string, StageRow[]>();
  for (const s of history.stages) {
    const list = stagesByReference.get(s.reference);
    if (list) list.push(s);
    else stagesByReference.set(s.reference, [s]);
  }

  const complaintRows: { contactId: number; procedureId: number; status: string; closedOn: string | null; withdrawnOn: string | null }[] = [];
  const stageRows: StageRecord[] = [];
  const notComplaints: number[] = [];
  for (const c of contacts) {
    const id = contactId.get(c.reference)!;
    if (!COMPLAINT_ROUTES.includes(c.route ?? '')) {
      // Triaged away from the procedure: its lifecycle ended at triage, and its complaint
      // record is made only if someone reopens it (complaintStore), not for every such contact.
      notComplaints.push(id);
      continue;
    }
    const procedure = procedureFor(procedures, c.procedure ?? 'corporate', c.receivedOn);
    const derived = complaintFromHistory(c.receivedOn, stagesByReference.get(c.reference) ?? [], procedure.definition.stages.length);
    complaintRows.push({ contactId: id, procedureId: procedure.id, status: derived.status, closedOn: derived.closedOn, withdrawnOn: derived.withdrawnOn });
    for (const s of derived.stages) stageRows.push(stageRecord(id, s, procedure.definition, calendar));
  }

  // A contact re-imported with a route that is no longer a complaint loses its complaint record.
  const changedSet = new Set(changed);
  // A case whose complaint or stages changed has changed even if its contact row has not.
  const caseChanged = (rows: { contact_id: number }[]) => {
    for (const { contact_id: id } of rows) {
      if (createdIds.has(id) || changedSet.has(id)) continue;
      changedSet.add(id);
      changed.push(id);
    }
  };
  const noLongerComplaints = notComplaints.filter((id) => changedSet.has(id));
  if (noLongerComplaints.length > 0) {
    await client.query('DELETE FROM complaint WHERE council_id = $1 AND contact_id = ANY($2::bigint[])', [councilId, noLongerComplaints]);
  }
  await inBatches(complaintRows.length, 'complaints', options, async (from, to) => {
    const rows = complaintRows.slice(from, to);
    const result = await client.query<{ contact_id: number }>(
      `INSERT INTO complaint (council_id, contact_id, procedure_id, status, closed_on, withdrawn_on)
       SELECT $1, r.* FROM unnest($2::bigint[], $3::bigint[], $4::text[], $5::date[], $6::date[]) AS r
       ON CONFLICT (council_id, contact_id) DO UPDATE SET
         procedure_id = EXCLUDED.procedure_id, status = EXCLUDED.status, closed_on = EXCLUDED.closed_on, withdrawn_on = EXCLUDED.withdrawn_on
       WHERE (complaint.procedure_id, complaint.status, complaint.closed_on, complaint.withdrawn_on)
         IS DISTINCT FROM (EXCLUDED.procedure_id, EXCLUDED.status, EXCLUDED.closed_on, EXCLUDED.withdrawn_on)
       RETURNING contact_id`,
      [councilId, rows.map((r) => r.contactId), rows.map((r) => r.procedureId), rows.map((r) => r.status), rows.map((r) => r.closedOn), rows.map((r) => r.withdrawnOn)],
    );
    caseChanged(result.rows);
  });
  // The file is the whole history of the complaints it names: stages it no longer has go.
  const lastStage = new Map<number, number>();
  for (const s of stageRows) lastStage.set(s.contactId, Math.max(lastStage.get(s.contactId) ?? 0, s.stage));
  const dropped = await client.query<{ contact_id: number }>(
    `DELETE FROM complaint_stage s USING unnest($2::bigint[], $3::int[]) AS k(contact_id, last_stage)
      WHERE s.council_id = $1 AND s.contact_id = k.contact_id AND s.stage > k.last_stage
      RETURNING s.contact_id`,
    [councilId, [...lastStage.keys()], [...lastStage.values()]],
  );
  caseChanged(dropped.rows);
  await inBatches(stageRows.length, 'stages', options, async (from, to) => {
    const rows = stageRows.slice(from, to);
    const col = <T>(f: (s: (typeof stageRows)[number]) => T) => rows.map(f);
    const result = await client.query<{ contact_id: number }>(
      `INSERT INTO complaint_stage (council_id, contact_id, stage, requested_on, decision, opened_on, acknowledgement_due_on,
                                    acknowledgement_due_basis, due_on, due_basis, extended_to, responded_on, outcome, decided_on)
       SELECT $1, r.* FROM unnest($2::bigint[], $3::int[], $4::date[], $5::text[], $6::date[], $7::date[], $8::jsonb[],
                                  $9::date[], $10::jsonb[], $11::date[], $12::date[], $13::text[], $14::date[]) AS r
       ON CONFLICT (council_id, contact_id, stage) DO UPDATE SET
         requested_on = EXCLUDED.requested_on, decision = EXCLUDED.decision, opened_on = EXCLUDED.opened_on, decided_on = EXCLUDED.decided_on,
         acknowledgement_due_on = EXCLUDED.acknowledgement_due_on, acknowledgement_due_basis = EXCLUDED.acknowledgement_due_basis,
         due_on = EXCLUDED.due_on, due_basis = EXCLUDED.due_basis, extended_to = EXCLUDED.extended_to,
         responded_on = EXCLUDED.responded_on, outcome = EXCLUDED.outcome
       WHERE (complaint_stage.requested_on, complaint_stage.decision, complaint_stage.decided_on, complaint_stage.opened_on, complaint_stage.due_on,
              complaint_stage.acknowledgement_due_on, complaint_stage.extended_to, complaint_stage.responded_on, complaint_stage.outcome)
         IS DISTINCT FROM (EXCLUDED.requested_on, EXCLUDED.decision, EXCLUDED.decided_on, EXCLUDED.opened_on, EXCLUDED.due_on,
              EXCLUDED.acknowledgement_due_on, EXCLUDED.extended_to, EXCLUDED.responded_on, EXCLUDED.outcome)
       RETURNING contact_id`,
      [
        councilId, col((s) => s.contactId), col((s) => s.stage), col((s) => s.requestedOn), col((s) => s.decision), col((s) => s.openedOn),
        col((s) => s.ackDue), col((s) => s.ackBasis), col((s) => s.due), col((s) => s.dueBasis), col((s) => s.extendedTo),
        col((s) => s.respondedOn), col((s) => s.outcome), col((s) => s.decidedOn),
      ],
    );
    caseChanged(result.rows);
  });

  // Ombudsman cases, by the Ombudsman's own reference.
  const om = history.ombudsman;
  await inBatches(om.length, 'ombudsman', options, async (from, to) => {
    const rows = om.slice(from, to);
    const col = <T>(f: (o: (typeof om)[number]) => T) => rows.map(f);
    await client.query(
      `INSERT INTO ombudsman_case (council_id, body, ombudsman_reference, received_on, contact_id, category, detailed_investigation,
                                   decided_on, decision, satisfactory_remedy_by_council, recommended_remedies, remedy_amount,
                                   compliance_due_on, complied_on, path, not_investigated_reason)
       SELECT $1, r.body, r.ref, r.received_on, c.id, r.category, r.detailed, r.decided_on, r.decision, r.satisfactory,
              CASE WHEN r.remedies = '' THEN '{}'::text[] ELSE string_to_array(r.remedies, ';') END, r.amount, r.due, r.complied,
              r.path, r.reason
         FROM unnest($2::text[], $3::text[], $4::date[], $5::text[], $6::text[], $7::boolean[], $8::date[], $9::text[],
                     $10::boolean[], $11::text[], $12::numeric[], $13::date[], $14::date[], $15::text[], $16::text[])
              AS r(body, ref, received_on, council_reference, category, detailed, decided_on, decision, satisfactory, remedies, amount, due, complied, path, reason)
         LEFT JOIN contact c ON c.council_id = $1 AND c.reference = r.council_reference
       ON CONFLICT (council_id, body, ombudsman_reference) DO UPDATE SET
         received_on = EXCLUDED.received_on, contact_id = EXCLUDED.contact_id, category = EXCLUDED.category,
         detailed_investigation = EXCLUDED.detailed_investigation, decided_on = EXCLUDED.decided_on, decision = EXCLUDED.decision,
         satisfactory_remedy_by_council = EXCLUDED.satisfactory_remedy_by_council, recommended_remedies = EXCLUDED.recommended_remedies,
         remedy_amount = EXCLUDED.remedy_amount, compliance_due_on = EXCLUDED.compliance_due_on, complied_on = EXCLUDED.complied_on
         ${v2 ? ', path = EXCLUDED.path, not_investigated_reason = EXCLUDED.not_investigated_reason' : ''}`,
      [
        councilId, col((o) => o.body), col((o) => o.ombudsmanReference), col((o) => o.receivedOn), col((o) => o.councilReference),
        col((o) => o.category), col((o) => o.detailedInvestigation), col((o) => o.decidedOn), col((o) => o.decision),
        col((o) => o.satisfactoryRemedyByCouncil), col((o) => o.remedies.join(';')), col((o) => o.remedyAmount),
        col((o) => o.complianceDueOn), col((o) => o.compliedOn), col((o) => o.path), col((o) => o.notInvestigatedReason),
      ],
    );
  });

  // Version 2: the lists each case holds several of. As with stages, the folder is the whole
  // history of the cases it names: a case's list is replaced when, and only when, it differs.
  if (v2) {
    const complaintIds = complaintRows.map((r) => r.contactId);
    const stageIds = new Map<string, number>();
    const storedStages = await client.query<{ id: number; contact_id: number; stage: number }>(
      'SELECT id, contact_id, stage FROM complaint_stage WHERE council_id = $1 AND contact_id = ANY($2::bigint[])', [councilId, complaintIds]);
    for (const r of storedStages.rows) stageIds.set(`${r.contact_id}:${r.stage}`, r.id);
    // Stored in the order export writes them (reference, stage, then the folder's order), so
    // a round trip gives the same bytes.
    const byStage = <T extends { reference: string; stage: number | null }>(rows: T[]) =>
      [...rows].sort((a, b) => (a.reference < b.reference ? -1 : a.reference > b.reference ? 1 : (a.stage ?? 0) - (b.stage ?? 0)));
    const categoryId = (name: string | null) => (name ? existing.categoryIds.get(name) ?? null : null);

    caseChanged((await replaceLists(client, councilId, options, {
      label: 'elements', owners: complaintIds,
      rows: byStage(history.elements).map((e) => {
        const owner = contactId.get(e.reference)!;
        return { owner, values: [stageIds.get(`${owner}:${e.stage}`)!, e.summary, categoryId(e.category), e.finding] };
      }),
      existing: `SELECT s.contact_id AS owner, e.stage_id, e.summary, e.category_id, e.outcome FROM complaint_element e
                   JOIN complaint_stage s ON s.council_id = e.council_id AND s.id = e.stage_id
                  WHERE e.council_id = $1 AND s.contact_id = ANY($2::bigint[]) ORDER BY s.contact_id, s.stage, e.id`,
      remove: `DELETE FROM complaint_element e USING complaint_stage s
                WHERE e.council_id = $1 AND s.council_id = e.council_id AND s.id = e.stage_id AND s.contact_id = ANY($2::bigint[])`,
      insert: `INSERT INTO complaint_element (council_id, stage_id, summary, category_id, outcome)
               SELECT $1, r.stage_id, r.summary, r.category_id, r.outcome
                 FROM unnest($2::bigint[], $3::bigint[], $4::text[], $5::bigint[], $6::text[]) WITH ORDINALITY AS r(owner, stage_id, summary, category_id, outcome, n)
                ORDER BY r.n`,
    })).map((id) => ({ contact_id: id })));
    caseChanged((await replaceLists(client, councilId, options, {
      label: 'remedies', owners: complaintIds,
      rows: byStage(history.remedies).map((r) => ({ owner: contactId.get(r.reference)!, values: [r.stage, r.kind, r.description, r.amount, r.dueOn, r.doneOn] })),
      existing: `SELECT contact_id AS owner, stage, kind, description, amount, due_on, done_on FROM remedy
                  WHERE council_id = $1 AND contact_id = ANY($2::bigint[]) AND ombudsman_case_id IS NULL ORDER BY contact_id, stage NULLS FIRST, id`,
      remove: 'DELETE FROM remedy WHERE council_id = $1 AND contact_id = ANY($2::bigint[]) AND ombudsman_case_id IS NULL',
      insert: `INSERT INTO remedy (council_id, contact_id, stage, kind, description, amount, due_on, done_on)
               SELECT $1, r.owner, r.stage, r.kind, r.description, r.amount, r.due_on, r.done_on
                 FROM unnest($2::bigint[], $3::int[], $4::text[], $5::text[], $6::numeric[], $7::date[], $8::date[])
                      WITH ORDINALITY AS r(owner, stage, kind, description, amount, due_on, done_on, n)
                ORDER BY r.n`,
    })).map((id) => ({ contact_id: id })));
    caseChanged((await replaceLists(client, councilId, options, {
      label: 'learning actions', owners: complaintIds,
      rows: byStage(history.learningActions).map((a) => ({ owner: contactId.get(a.reference)!, values: [a.stage, a.description, a.owner, a.dueOn, a.doneOn] })),
      existing: `SELECT contact_id AS owner, stage, description, owner AS action_owner, due_on, done_on FROM learning_action
                  WHERE council_id = $1 AND contact_id = ANY($2::bigint[]) AND ombudsman_case_id IS NULL ORDER BY contact_id, stage NULLS FIRST, id`,
      remove: 'DELETE FROM learning_action WHERE council_id = $1 AND contact_id = ANY($2::bigint[]) AND ombudsman_case_id IS NULL',
      insert: `INSERT INTO learning_action (council_id, contact_id, stage, description, owner, due_on, done_on)
               SELECT $1, r.contact_id, r.stage, r.description, r.owner, r.due_on, r.done_on
                 FROM unnest($2::bigint[], $3::int[], $4::text[], $5::text[], $6::date[], $7::date[])
                      WITH ORDINALITY AS r(contact_id, stage, description, owner, due_on, done_on, n)
                ORDER BY r.n`,
    })).map((id) => ({ contact_id: id })));
    const caseIds = new Map<string, number>();
    const storedCases = await client.query<{ id: number; body: string; ombudsman_reference: string }>(
      'SELECT id, body, ombudsman_reference FROM ombudsman_case WHERE council_id = $1', [councilId]);
    for (const r of storedCases.rows) caseIds.set(`${r.body}\u0000${r.ombudsman_reference}`, r.id);
    await replaceLists(client, councilId, options, {
      label: 'Ombudsman findings', owners: om.map((o) => caseIds.get(`${o.body}\u0000${o.ombudsmanReference}`)!),
      rows: history.ombudsmanFindings.map((f) => ({ owner: caseIds.get(`${f.body}\u0000${f.ombudsmanReference}`)!, values: [f.finding, f.summary] })),
      existing: `SELECT ombudsman_case_id AS owner, finding, summary FROM ombudsman_finding
                  WHERE council_id = $1 AND ombudsman_case_id = ANY($2::bigint[]) ORDER BY ombudsman_case_id, id`,
      remove: 'DELETE FROM ombudsman_finding WHERE council_id = $1 AND ombudsman_case_id = ANY($2::bigint[])',
      insert: `INSERT INTO ombudsman_finding (council_id, ombudsman_case_id, finding, summary)
               SELECT $1, r.owner, r.finding, r.summary FROM unnest($2::bigint[], $3::text[], $4::text[]) WITH ORDINALITY AS r(owner, finding, summary, n)
                ORDER BY r.n`,
    });

    // The further units and the restrictions of every contact in the folder (any kind), when
    // the folder has the file at all.
    const contactIds = contacts.map((c) => contactId.get(c.reference)!);
    if (history.carries.services) {
      // A set: compared and stored in unit order (export sorts by name).
      const rows = history.services
        .map((u) => ({ owner: contactId.get(u.reference)!, values: [unit(u.directorate, u.service, u.team) ?? unit(u.directorate, u.service) ?? unit(u.directorate)] as number[] }))
        .sort((a, b) => a.values[0]! - b.values[0]!);
      caseChanged((await replaceLists(client, councilId, options, {
        label: 'further services', owners: contactIds, rows,
        existing: `SELECT contact_id AS owner, org_unit_id FROM contact_org_unit
                    WHERE council_id = $1 AND contact_id = ANY($2::bigint[]) ORDER BY contact_id, org_unit_id`,
        remove: 'DELETE FROM contact_org_unit WHERE council_id = $1 AND contact_id = ANY($2::bigint[])',
        insert: `INSERT INTO contact_org_unit (council_id, contact_id, org_unit_id)
                 SELECT $1, r.owner, r.org_unit_id FROM unnest($2::bigint[], $3::bigint[]) AS r(owner, org_unit_id)`,
      })).map((id) => ({ contact_id: id })));
    }
    if (history.carries.restrictions) {
      // Stored in the order export writes them: by reference, then the date imposed, then the folder's order.
      const rows = [...history.restrictions]
        .sort((a, b) => (a.reference < b.reference ? -1 : a.reference > b.reference ? 1 : a.imposedOn < b.imposedOn ? -1 : a.imposedOn > b.imposedOn ? 1 : 0))
        .map((r) => ({ owner: contactId.get(r.reference)!, values: [r.restriction, r.imposedOn, r.reviewOn, r.liftedOn, r.reason] }));
      caseChanged((await replaceLists(client, councilId, options, {
        label: 'restrictions', owners: contactIds, rows,
        existing: `SELECT contact_id AS owner, restriction, imposed_on, review_on, lifted_on, reason FROM behaviour_restriction
                    WHERE council_id = $1 AND contact_id = ANY($2::bigint[]) ORDER BY contact_id, imposed_on, id`,
        remove: 'DELETE FROM behaviour_restriction WHERE council_id = $1 AND contact_id = ANY($2::bigint[])',
        // The person it binds is the contact's complainant, when Redress knows them.
        insert: `INSERT INTO behaviour_restriction (council_id, contact_id, person_id, restriction, imposed_on, review_on, lifted_on, reason)
                 SELECT $1, r.owner, c.complainant_id, r.restriction, r.imposed_on, r.review_on, r.lifted_on, r.reason
                   FROM unnest($2::bigint[], $3::text[], $4::date[], $5::date[], $6::date[], $7::text[])
                        WITH ORDINALITY AS r(owner, restriction, imposed_on, review_on, lifted_on, reason, n)
                   JOIN contact c ON c.council_id = $1 AND c.id = r.owner
                  ORDER BY r.n`,
      })).map((id) => ({ contact_id: id })));
    }
  }

  // A case an import changed says so on its timeline. (A case it created is recorded by the
  // import run and its creation time; an event each would double the cost of a first import.)
  const data = { source: options.source };
  await inBatches(changed.length, 'events', options, async (from, to) => {
    await writeCaseEvents(client, changed.slice(from, to).map((contactId) => ({
      councilId, contactId, type: 'updated_by_import' as const, on: options.today, data,
    })), options.actor);
  });

  const summary: ImportSummary = {
    contacts: contacts.length,
    contactsCreated: created,
    contactsUpdated: updated,
    complaints: complaintRows.length,
    stages: stageRows.length,
    ombudsmanCases: om.length,
    organisationUnitsCreated,
  };
  await client.query('INSERT INTO import_run (council_id, source, actor, counts) VALUES ($1, $2, $3, $4)', [
    councilId, options.source, options.actor.name, JSON.stringify(summary),
  ]);
  return summary;
}
