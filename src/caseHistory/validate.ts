import { isIsoDate, type IsoDate } from '../domain/dates.ts';
import { CASE_HISTORY_FILES_V2, COMPLAINT_ROUTES, describeExpected, type CaseHistoryFileName, type ColumnSpec, type FormatVersion, V2_FILES } from './format.ts';
import type { CsvRecord, ParsedFile } from './parseCsv.ts';
import type { ImportProblem } from './problems.ts';
import { normaliseName, textProblem, unguardFormula } from './text.ts';

export interface ContactRow {
  line: number;
  reference: string;
  kind: string;
  receivedOn: IsoDate;
  channel: string | null;
  procedure: string | null;
  route: string | null;
  directorate: string | null;
  service: string | null;
  team: string | null;
  workspace: string | null;
  category: string | null;
  complainantGroup: string | null;
  summary: string | null;
  // Version 2
  intermediary: string | null;
  addressedTo: string | null;
  commissionedProvider: boolean | null;
  complimentSource: string | null;
  /** CONTACT_FLAGS, as written (each once); null when contacts.csv has no flags column. */
  flags: string[] | null;
}

export interface StageRow {
  line: number;
  reference: string;
  stage: number;
  requestedOn: IsoDate | null;
  decision: 'accepted' | 'refused' | null;
  openedOn: IsoDate;
  extendedTo: IsoDate | null;
  respondedOn: IsoDate | null;
  outcome: string | null;
}

export interface OmbudsmanRow {
  line: number;
  ombudsmanReference: string;
  body: string;
  receivedOn: IsoDate;
  councilReference: string | null;
  category: string | null;
  detailedInvestigation: boolean | null;
  decidedOn: IsoDate | null;
  decision: string | null;
  satisfactoryRemedyByCouncil: boolean | null;
  remedies: string[];
  remedyAmount: number | null;
  complianceDueOn: IsoDate | null;
  compliedOn: IsoDate | null;
  // Version 2
  path: string | null;
  notInvestigatedReason: string | null;
}

export interface ElementRow { line: number; reference: string; stage: number; summary: string; category: string | null; finding: string | null }
export interface RemedyRow { line: number; reference: string; stage: number | null; kind: string; description: string | null; amount: number | null; dueOn: IsoDate | null; doneOn: IsoDate | null }
export interface LearningActionRow { line: number; reference: string; stage: number | null; description: string; owner: string; dueOn: IsoDate | null; doneOn: IsoDate | null }
export interface OmbudsmanFindingRow { line: number; ombudsmanReference: string; body: string; finding: string; summary: string | null }
/** A further organisation unit a contact is about (its main one is in contacts.csv). */
export interface ServiceRow { line: number; reference: string; directorate: string; service: string | null; team: string | null }
export interface RestrictionRow { line: number; reference: string; restriction: string; imposedOn: IsoDate; reviewOn: IsoDate | null; liftedOn: IsoDate | null; reason: string | null }

export interface CaseHistory {
  version: FormatVersion;
  contacts: ContactRow[];
  stages: StageRow[];
  ombudsman: OmbudsmanRow[];
  elements: ElementRow[];
  remedies: RemedyRow[];
  learningActions: LearningActionRow[];
  ombudsmanFindings: OmbudsmanFindingRow[];
  services: ServiceRow[];
  restrictions: RestrictionRow[];
  /**
   * What the folder says at all: a version 2 folder written before flags, services.csv and
   * restrictions.csv existed leaves them as they are (as a version 1 folder leaves version 2's).
   */
  carries: { flags: boolean; services: boolean; restrictions: boolean };
}

/** What the council already has, so names and references can be checked before writing. */
export interface ExistingCouncilData {
  /** Organisation paths: "Directorate", "Directorate\u0000Service", "Directorate\u0000Service\u0000Team". */
  organisation: ReadonlySet<string>;
  categories: ReadonlySet<string>;
  workspaces: ReadonlySet<string>;
  /** Contact references already in the database, with their received dates (for ombudsman.csv council_reference). */
  references: ReadonlyMap<string, IsoDate>;
}

export interface ValidateOptions {
  /** Create unknown organisation units, workspaces and categories instead of refusing them. */
  createOrg: boolean;
  today: IsoDate;
}

export const orgPath = (...names: string[]) => names.join('\u0000');

type Values = Record<string, string | number | boolean | string[] | null>;

const INVALID = Symbol('invalid');

/** No council's complaints history reaches further back; an earlier date is a typing slip (1923 for 2023). */
export const EARLIEST_DATE = '1990-01-01';

/** Converts one value of a column; INVALID when it does not fit. (No closures: 1M+ calls per import.) */
function convert(type: ColumnSpec['type'], value: string): string | number | boolean | string[] | typeof INVALID {
  switch (type.kind) {
    case 'text':
      return value;
    case 'date':
      return isIsoDate(value) && value >= EARLIEST_DATE ? value : INVALID;
    case 'money':
      return /^\d{1,10}(\.\d{1,2})?$/.test(value) ? Number(value) : INVALID;
    case 'stage':
      return value === '1' || value === '2' || value === '3' ? Number(value) : INVALID;
    case 'yes_no': {
      const v = value.toLowerCase();
      return v === 'yes' ? true : v === 'no' ? false : INVALID;
    }
    case 'vocabulary': {
      const v = value.toLowerCase();
      return type.values.includes(v) ? v : INVALID;
    }
    case 'vocabulary_list': {
      const items = value.split(';').map((s) => s.trim().toLowerCase()).filter((s) => s !== '');
      return items.every((i) => type.values.includes(i)) ? items : INVALID;
    }
  }
}

/** Checks one value against its column; returns the typed value, or null and records a problem. */
function readValue(spec: ColumnSpec, raw: string | undefined, file: string, line: number, problems: ImportProblem[]) {
  if (raw === undefined || raw === '') return null;
  const type = spec.type;
  if (type.kind === 'text') {
    const value = unguardFormula(raw);
    const wrong = textProblem(value, { multiline: type.multiline ?? false, maxLength: type.maxLength });
    if (wrong === null) return type.name ? normaliseName(value) : value;
    // An over-long value is not repeated in full in the message.
    problems.push({ file, row: line, column: spec.name, value: [...raw].length > 60 ? `${[...raw].slice(0, 57).join('')}...` : raw, expected: wrong });
    return null;
  }
  const converted = convert(type, raw);
  if (converted !== INVALID) return converted;
  const early = type.kind === 'date' && isIsoDate(raw);
  problems.push({ file, row: line, column: spec.name, value: raw, expected: early ? `a date on or after ${EARLIEST_DATE}` : `expected ${describeExpected(type)}` });
  return null;
}

function readRecords(file: CaseHistoryFileName, records: CsvRecord[], problems: ImportProblem[]): { line: number; v: Values; raw: Record<string, string> }[] {
  // Version 1's columns are version 2's first columns, with the same rules; a column a file
  // does not have reads as blank.
  const columns = CASE_HISTORY_FILES_V2[file].columns;
  return records.map((record) => {
    const v: Values = {};
    for (const spec of columns) {
      v[spec.name] = readValue(spec, record.values[spec.name], file, record.line, problems);
      if (spec.required === true && (record.values[spec.name] ?? '') === '') {
        problems.push({ file, row: record.line, column: spec.name, value: '', expected: `a value is required (${describeExpected(spec.type)})` });
      }
    }
    return { line: record.line, v, raw: record.values };
  });
}

const columnType = (file: CaseHistoryFileName, name: string) => CASE_HISTORY_FILES_V2[file].columns.find((c) => c.name === name)!.type;

const str = (v: Values, k: string) => (v[k] as string | null) ?? null;

/**
 * Turns parsed files into typed case history, checking every rule of the format that
 * spans rows and files. Pure: what exists already is passed in.
 */
export function validateCaseHistory(
  files: { contacts: ParsedFile; stages: ParsedFile | null; ombudsman: ParsedFile | null; version?: FormatVersion } & Partial<Record<'elements' | 'remedies' | 'learningActions' | 'ombudsmanFindings' | 'services' | 'restrictions', ParsedFile | null>>,
  existing: ExistingCouncilData,
  options: ValidateOptions,
): { history: CaseHistory; problems: ImportProblem[] } {
  const problems: ImportProblem[] = [];
  const problem = (file: string, row: number, column: string | null, value: string | null, expected: string) =>
    problems.push({ file, row, column, value, expected });
  const notInFuture = (file: string, line: number, column: string, value: string | null) => {
    if (value && value > options.today) problem(file, line, column, value, `a date on or before today (${options.today})`);
  };

  // An unknown name is usually on many rows: report it once, at its first row, with a count.
  const unknownNames = new Map<string, { file: string; column: string; value: string; what: string; lines: number[] }>();
  const unknownName = (column: string, value: string, what: string, line: number, file = 'contacts.csv') => {
    const key = `${file}\u0000${column}\u0000${what}\u0000${value}`;
    const entry = unknownNames.get(key);
    if (entry) entry.lines.push(line);
    else unknownNames.set(key, { file, column, value, what, lines: [line] });
  };

  // contacts.csv
  const contacts: ContactRow[] = [];
  const byReference = new Map<string, ContactRow>();
  const unreadableFlags = new Set<string>(); // reported on their own row
  const hasFlags = (files.version ?? 1) === 2 && files.contacts.records.some((r) => r !== undefined && 'flags' in r.values);
  for (const { line, v, raw } of readRecords('contacts.csv', files.contacts.records, problems)) {
    const c: ContactRow = {
      line,
      reference: str(v, 'reference') ?? '',
      kind: str(v, 'kind') ?? '',
      receivedOn: str(v, 'received_on') ?? '',
      channel: str(v, 'channel'),
      procedure: str(v, 'procedure'),
      route: str(v, 'route'),
      directorate: str(v, 'directorate'),
      service: str(v, 'service'),
      team: str(v, 'team'),
      workspace: str(v, 'workspace'),
      category: str(v, 'category'),
      complainantGroup: str(v, 'complainant_group'),
      summary: str(v, 'summary'),
      intermediary: str(v, 'intermediary'),
      addressedTo: str(v, 'addressed_to'),
      commissionedProvider: (v.commissioned_provider as boolean | null) ?? null,
      complimentSource: str(v, 'compliment_source'),
      flags: hasFlags ? [...new Set((v.flags as string[] | null) ?? [])] : null,
    };
    const f = 'contacts.csv';
    if (raw.flags && v.flags === null) unreadableFlags.add(c.reference);
    const first = byReference.get(c.reference);
    if (first) problem(f, line, 'reference', c.reference, `a reference used once only; it is already used on row ${first.line}`);
    else if (c.reference) byReference.set(c.reference, c);
    notInFuture(f, line, 'received_on', c.receivedOn);
    if (c.kind === 'complaint') {
      // Blank only: a value that is there but wrong has been reported already.
      for (const column of ['procedure', 'route'] as const) {
        if (!raw[column]) problem(f, line, column, '', `a ${column} for every complaint (${describeExpected(columnType(f, column))})`);
      }
    } else if (c.route && c.kind) {
      problem(f, line, 'route', c.route, `no route: only complaints are triaged, and this row's kind is ${c.kind}`);
    }
    if (c.complimentSource && c.kind && c.kind !== 'compliment') problem(f, line, 'compliment_source', c.complimentSource, `blank: only a compliment has a source, and this row's kind is ${c.kind}`);
    if (c.service && !c.directorate) problem(f, line, 'directorate', '', `the directorate that service "${c.service}" belongs to`);
    if (c.team && !c.service) problem(f, line, 'service', '', `the service that team "${c.team}" belongs to`);
    if (!options.createOrg) {
      if (c.directorate && !existing.organisation.has(orgPath(c.directorate))) unknownName('directorate', c.directorate, 'a directorate', line);
      else if (c.directorate && c.service && !existing.organisation.has(orgPath(c.directorate, c.service))) unknownName('service', c.service, `a service of ${c.directorate}`, line);
      else if (c.directorate && c.service && c.team && !existing.organisation.has(orgPath(c.directorate, c.service, c.team))) unknownName('team', c.team, `a team of ${c.service}`, line);
      if (c.workspace && !existing.workspaces.has(c.workspace)) unknownName('workspace', c.workspace, 'a workspace', line);
      if (c.category && !existing.categories.has(c.category)) unknownName('category', c.category, 'a complaint category', line);
    }
    contacts.push(c);
  }

  for (const u of unknownNames.values()) {
    if (u.file !== 'contacts.csv') continue;
    const others = u.lines.length - 1;
    problem('contacts.csv', u.lines[0]!, u.column, u.value,
      `${u.what} not in the council's list${others > 0 ? ` (also on ${others} more row${others === 1 ? '' : 's'})` : ''}; ` +
        'check the spelling, add it first, or import with --create-org');
  }

  // stages.csv
  const stages: StageRow[] = [];
  const stagesByReference = new Map<string, StageRow[]>();
  for (const { line, v } of files.stages ? readRecords('stages.csv', files.stages.records, problems) : []) {
    const s: StageRow = {
      line,
      reference: str(v, 'reference') ?? '',
      stage: (v.stage as number | null) ?? 0,
      requestedOn: str(v, 'requested_on'),
      decision: str(v, 'decision') as StageRow['decision'],
      openedOn: str(v, 'opened_on') ?? '',
      extendedTo: str(v, 'extended_to'),
      respondedOn: str(v, 'responded_on'),
      outcome: str(v, 'outcome'),
    };
    const f = 'stages.csv';
    const contact = byReference.get(s.reference);
    // A contact whose kind or route is blank or unknown has been reported on its own row.
    const triaged = contact && contact.kind !== '' && (contact.kind !== 'complaint' || contact.route !== null);
    if (s.reference && !contact) {
      problem(f, line, 'reference', s.reference, 'the reference of a complaint in contacts.csv; there is no such contact');
    } else if (contact && triaged && (contact.kind !== 'complaint' || !COMPLAINT_ROUTES.includes(contact.route ?? ''))) {
      problem(f, line, 'reference', s.reference, `a formal or urgent complaint; contacts.csv row ${contact.line} is a ${contact.kind}${contact.route ? ` routed ${contact.route}` : ''}`);
    }
    // An extension may run past today; what has happened may not.
    for (const column of ['requested_on', 'opened_on', 'responded_on'] as const) notInFuture(f, line, column, str(v, column));
    if (s.respondedOn && s.openedOn && s.respondedOn < s.openedOn) problem(f, line, 'responded_on', s.respondedOn, `a date on or after opened_on (${s.openedOn})`);
    if (s.extendedTo && s.openedOn && s.extendedTo < s.openedOn) problem(f, line, 'extended_to', s.extendedTo, `a date after opened_on (${s.openedOn})`);
    if (s.requestedOn && s.openedOn && s.openedOn < s.requestedOn) problem(f, line, 'opened_on', s.openedOn, `a date on or after requested_on (${s.requestedOn})`);
    // Nothing happens to a complaint before it was received.
    if (contact?.receivedOn) {
      const first = (['requested_on', 'opened_on'] as const).find((column) => { const d = str(v, column); return d !== null && d < contact.receivedOn; });
      if (first) problem(f, line, first, str(v, first), `a date on or after the complaint was received (${contact.receivedOn}, contacts.csv row ${contact.line})`);
    }
    if (s.stage === 1 && s.decision) problem(f, line, 'decision', s.decision, 'blank on stage 1: only a request for stage 2 or 3 is accepted or refused');
    if (s.decision === 'refused' && (s.respondedOn || s.outcome)) {
      problem(f, line, s.respondedOn ? 'responded_on' : 'outcome', s.respondedOn ?? s.outcome, 'blank: a refused request is not investigated, so it has no response or outcome');
    }
    if (s.reference) {
      const list = stagesByReference.get(s.reference) ?? [];
      const same = list.find((o) => o.stage === s.stage);
      if (same && s.stage) problem(f, line, 'stage', String(s.stage), `each stage once per complaint; stage ${s.stage} of ${s.reference} is already on row ${same.line}`);
      list.push(s);
      stagesByReference.set(s.reference, list);
    }
    stages.push(s);
  }
  for (const [reference, list] of stagesByReference) {
    const sorted = [...list].sort((a, b) => a.stage - b.stage);
    sorted.forEach((s, i) => {
      // A complaint may be accepted straight at stage 2 (the Complaint Handling Code allows
      // it); a stage 3 always follows a stage 2, and a refused request leaves the complaint
      // at the stage before, which must then be there.
      if (s.stage > 1 && !sorted.some((o) => o.stage === s.stage - 1)) {
        if (s.stage !== 2) problem('stages.csv', s.line, 'stage', String(s.stage), `a stage ${s.stage - 1} row for ${reference} before its stage ${s.stage}`);
        else if (s.decision === 'refused') problem('stages.csv', s.line, 'stage', String(s.stage), `a stage 1 row for ${reference}: only a complaint accepted straight at stage 2 has no stage 1, and this request was refused`);
      }
      const previous = sorted[i - 1];
      if (previous && previous.decision === 'refused') {
        problem('stages.csv', s.line, 'stage', String(s.stage), `no stage after a refused request; stage ${previous.stage} of ${reference} was refused on row ${previous.line}`);
      }
      if (previous && previous.openedOn && s.openedOn && s.openedOn < previous.openedOn) {
        problem('stages.csv', s.line, 'opened_on', s.openedOn, `a date on or after stage ${previous.stage} opened (${previous.openedOn})`);
      }
    });
  }

  // ombudsman.csv
  const ombudsman: OmbudsmanRow[] = [];
  const ombudsmanSeen = new Map<string, number>();
  for (const { line, v } of files.ombudsman ? readRecords('ombudsman.csv', files.ombudsman.records, problems) : []) {
    const o: OmbudsmanRow = {
      line,
      ombudsmanReference: str(v, 'ombudsman_reference') ?? '',
      body: str(v, 'body') ?? '',
      receivedOn: str(v, 'received_on') ?? '',
      councilReference: str(v, 'council_reference'),
      category: str(v, 'category'),
      detailedInvestigation: (v.detailed_investigation as boolean | null) ?? null,
      decidedOn: str(v, 'decided_on'),
      decision: str(v, 'decision'),
      satisfactoryRemedyByCouncil: (v.satisfactory_remedy_by_council as boolean | null) ?? null,
      remedies: (v.remedies as string[] | null) ?? [],
      remedyAmount: (v.remedy_amount as number | null) ?? null,
      complianceDueOn: str(v, 'compliance_due_on'),
      compliedOn: str(v, 'complied_on'),
      path: str(v, 'path'),
      notInvestigatedReason: str(v, 'not_investigated_reason'),
    };
    const f = 'ombudsman.csv';
    const key = `${o.body}\u0000${o.ombudsmanReference}`;
    const firstLine = ombudsmanSeen.get(key);
    if (firstLine && o.ombudsmanReference) problem(f, line, 'ombudsman_reference', o.ombudsmanReference, `a reference used once per Ombudsman; it is already used on row ${firstLine}`);
    else ombudsmanSeen.set(key, line);
    const complaintReceived = o.councilReference ? byReference.get(o.councilReference)?.receivedOn ?? existing.references.get(o.councilReference) : undefined;
    if (o.councilReference && complaintReceived === undefined) {
      problem(f, line, 'council_reference', o.councilReference, 'the reference of a contact in contacts.csv or already imported; there is no such contact');
    }
    // The Ombudsman takes a complaint after the council has had it, and a remedy follows the case.
    if (complaintReceived && o.receivedOn && o.receivedOn < complaintReceived) {
      problem(f, line, 'received_on', o.receivedOn, `a date on or after the council received ${o.councilReference} (${complaintReceived})`);
    }
    for (const column of ['compliance_due_on', 'complied_on'] as const) {
      const d = str(v, column);
      if (d && o.receivedOn && d < o.receivedOn) problem(f, line, column, d, `a date on or after received_on (${o.receivedOn})`);
    }
    for (const column of ['received_on', 'decided_on', 'complied_on'] as const) notInFuture(f, line, column, str(v, column));
    if (o.decidedOn && o.receivedOn && o.decidedOn < o.receivedOn) problem(f, line, 'decided_on', o.decidedOn, `a date on or after received_on (${o.receivedOn})`);
    if (o.decision && !o.decidedOn) problem(f, line, 'decided_on', '', `the date of the decision "${o.decision}"`);
    // The path and the v1 flag say the same thing; a reason for not investigating needs a case not investigated.
    if (o.path && o.path !== 'investigation' && o.detailedInvestigation === true) problem(f, line, 'path', o.path, 'investigation, as detailed_investigation is yes (or set detailed_investigation to no)');
    if (o.path === 'investigation' && o.detailedInvestigation === false) problem(f, line, 'path', o.path, 'enquiry or assessment, as detailed_investigation is no (or set detailed_investigation to yes)');
    if (o.notInvestigatedReason && (o.path === 'investigation' || o.detailedInvestigation === true)) {
      problem(f, line, 'not_investigated_reason', o.notInvestigatedReason, 'blank: the Ombudsman investigated this case');
    }
    ombudsman.push(o);
  }

  // Version 2: the lists a case holds several of, each tied to a complaint (or Ombudsman case) in the folder.
  const stageNumbers = (reference: string) => {
    const list = stagesByReference.get(reference);
    return list && list.length > 0 ? list.map((s) => s.stage) : [1];
  };
  const complaintFor = (f: string, line: number, reference: string): ContactRow | null => {
    if (!reference) return null;
    const contact = byReference.get(reference);
    if (!contact) problem(f, line, 'reference', reference, 'the reference of a complaint in contacts.csv; there is no such contact');
    else if (contact.kind === 'complaint' && contact.route !== null && !COMPLAINT_ROUTES.includes(contact.route)) {
      problem(f, line, 'reference', reference, `a formal or urgent complaint; contacts.csv row ${contact.line} is a complaint routed ${contact.route}`);
    } else if (contact.kind && contact.kind !== 'complaint') problem(f, line, 'reference', reference, `a formal or urgent complaint; contacts.csv row ${contact.line} is a ${contact.kind}`);
    else return contact;
    return null;
  };
  const stageOf = (f: string, line: number, contact: ContactRow, stage: number | null) => {
    if (stage === null) return;
    const known = stageNumbers(contact.reference);
    if (!known.includes(stage)) problem(f, line, 'stage', String(stage), `a stage ${contact.reference} reached (${known.join(', ')}) in stages.csv`);
  };
  const notBeforeReceipt = (f: string, line: number, contact: ContactRow, v: Values, columns: readonly string[]) => {
    for (const column of columns) {
      const d = str(v, column);
      if (d && d < contact.receivedOn) problem(f, line, column, d, `a date on or after the complaint was received (${contact.receivedOn}, contacts.csv row ${contact.line})`);
    }
  };
  const elements: ElementRow[] = [];
  for (const { line, v } of files.elements ? readRecords('elements.csv', files.elements.records, problems) : []) {
    const e: ElementRow = { line, reference: str(v, 'reference') ?? '', stage: (v.stage as number | null) ?? 0, summary: str(v, 'summary') ?? '', category: str(v, 'category'), finding: str(v, 'finding') };
    const contact = complaintFor('elements.csv', line, e.reference);
    if (contact && e.stage) stageOf('elements.csv', line, contact, e.stage);
    if (e.category && !options.createOrg && !existing.categories.has(e.category)) unknownName('category', e.category, 'a complaint category', line, 'elements.csv');
    elements.push(e);
  }
  const remedies: RemedyRow[] = [];
  for (const { line, v, raw } of files.remedies ? readRecords('remedies.csv', files.remedies.records, problems) : []) {
    const r: RemedyRow = {
      line, reference: str(v, 'reference') ?? '', stage: (v.stage as number | null) ?? null, kind: str(v, 'kind') ?? '', description: str(v, 'description'),
      amount: (v.amount as number | null) ?? null, dueOn: str(v, 'due_on'), doneOn: str(v, 'done_on'),
    };
    const contact = complaintFor('remedies.csv', line, r.reference);
    if (contact) {
      stageOf('remedies.csv', line, contact, r.stage);
      notBeforeReceipt('remedies.csv', line, contact, v, ['due_on', 'done_on']);
    }
    notInFuture('remedies.csv', line, 'done_on', r.doneOn);
    if (r.kind === 'financial_redress' && !raw.amount) problem('remedies.csv', line, 'amount', '', 'the amount of financial redress, in pounds');
    remedies.push(r);
  }
  const learningActions: LearningActionRow[] = [];
  for (const { line, v } of files.learningActions ? readRecords('learning_actions.csv', files.learningActions.records, problems) : []) {
    const a: LearningActionRow = {
      line, reference: str(v, 'reference') ?? '', stage: (v.stage as number | null) ?? null, description: str(v, 'description') ?? '',
      owner: str(v, 'owner') ?? '', dueOn: str(v, 'due_on'), doneOn: str(v, 'done_on'),
    };
    const contact = complaintFor('learning_actions.csv', line, a.reference);
    if (contact) {
      stageOf('learning_actions.csv', line, contact, a.stage);
      notBeforeReceipt('learning_actions.csv', line, contact, v, ['due_on', 'done_on']);
    }
    notInFuture('learning_actions.csv', line, 'done_on', a.doneOn);
    learningActions.push(a);
  }
  const ombudsmanFindings: OmbudsmanFindingRow[] = [];
  for (const { line, v } of files.ombudsmanFindings ? readRecords('ombudsman_findings.csv', files.ombudsmanFindings.records, problems) : []) {
    const o: OmbudsmanFindingRow = { line, ombudsmanReference: str(v, 'ombudsman_reference') ?? '', body: str(v, 'body') ?? '', finding: str(v, 'finding') ?? '', summary: str(v, 'summary') };
    if (o.ombudsmanReference && o.body && !ombudsmanSeen.has(`${o.body}\u0000${o.ombudsmanReference}`)) {
      problem('ombudsman_findings.csv', line, 'ombudsman_reference', o.ombudsmanReference, `the reference of a ${o.body} case in ombudsman.csv; there is no such case`);
    }
    ombudsmanFindings.push(o);
  }

  // services.csv and restrictions.csv: lists any contact may hold (a compliment can be about
  // two teams; a restriction is imposed on whoever the contact came from).
  const contactFor = (f: string, line: number, reference: string): ContactRow | null => {
    if (!reference) return null;
    const contact = byReference.get(reference);
    if (!contact) problem(f, line, 'reference', reference, 'the reference of a contact in contacts.csv; there is no such contact');
    return contact ?? null;
  };
  const services: ServiceRow[] = [];
  const unitsByReference = new Map<string, Map<string, number>>();
  for (const { line, v } of files.services ? readRecords('services.csv', files.services.records, problems) : []) {
    const u: ServiceRow = { line, reference: str(v, 'reference') ?? '', directorate: str(v, 'directorate') ?? '', service: str(v, 'service'), team: str(v, 'team') };
    const f = 'services.csv';
    const contact = contactFor(f, line, u.reference);
    if (u.team && !u.service) problem(f, line, 'service', '', `the service that team "${u.team}" belongs to`);
    if (contact && u.directorate && (!u.team || u.service)) {
      const path = orgPath(...[u.directorate, u.service, u.team].filter((n): n is string => n !== null));
      const main = [contact.directorate, contact.service, contact.team].filter((n): n is string => n !== null);
      const column = u.team ? 'team' : u.service ? 'service' : 'directorate';
      const value = u.team ?? u.service ?? u.directorate;
      const seen = unitsByReference.get(u.reference) ?? new Map<string, number>();
      if (main.length === 0) {
        problem(f, line, 'reference', u.reference, `a contact with its main unit in contacts.csv (directorate, service, team); contacts.csv row ${contact.line} has none`);
      } else if (main.some((_, i) => orgPath(...main.slice(0, i + 1)) === path)) {
        problem(f, line, column, value, `a unit other than the main unit of ${u.reference} in contacts.csv (row ${contact.line}: ${main.join(' / ')}) and those it is part of`);
      } else if (seen.has(path)) {
        problem(f, line, column, value, `each unit once per contact; it is already on row ${seen.get(path)} for ${u.reference}`);
      }
      seen.set(path, seen.get(path) ?? line);
      unitsByReference.set(u.reference, seen);
    }
    if (!options.createOrg && u.directorate && (!u.team || u.service)) {
      if (!existing.organisation.has(orgPath(u.directorate))) unknownName('directorate', u.directorate, 'a directorate', line, f);
      else if (u.service && !existing.organisation.has(orgPath(u.directorate, u.service))) unknownName('service', u.service, `a service of ${u.directorate}`, line, f);
      else if (u.service && u.team && !existing.organisation.has(orgPath(u.directorate, u.service, u.team))) unknownName('team', u.team, `a team of ${u.service}`, line, f);
    }
    services.push(u);
  }
  const restrictions: RestrictionRow[] = [];
  const restrictionsByReference = new Map<string, RestrictionRow[]>();
  for (const { line, v, raw } of files.restrictions ? readRecords('restrictions.csv', files.restrictions.records, problems) : []) {
    const r: RestrictionRow = {
      line, reference: str(v, 'reference') ?? '', restriction: str(v, 'restriction') ?? '', imposedOn: str(v, 'imposed_on') ?? '',
      reviewOn: str(v, 'review_on'), liftedOn: str(v, 'lifted_on'), reason: str(v, 'reason'),
    };
    const f = 'restrictions.csv';
    const contact = contactFor(f, line, r.reference);
    for (const column of ['imposed_on', 'lifted_on'] as const) notInFuture(f, line, column, str(v, column));
    if (contact) {
      // Imposed during the contact it is recorded on, so never before that contact was received.
      for (const column of ['imposed_on', 'review_on', 'lifted_on'] as const) {
        const d = str(v, column);
        if (d && contact.receivedOn && d < contact.receivedOn) problem(f, line, column, d, `a date on or after the contact was received (${contact.receivedOn}, contacts.csv row ${contact.line})`);
      }
      if (!contact.flags?.includes('unreasonable_behaviour') && !unreadableFlags.has(contact.reference)) {
        problem(f, line, 'reference', r.reference, `a contact flagged unreasonable_behaviour in contacts.csv (flags column, row ${contact.line}): restrictions are imposed under the unreasonable-behaviour policy`);
      }
    }
    if (r.imposedOn) {
      if (r.reviewOn && r.reviewOn < r.imposedOn) problem(f, line, 'review_on', r.reviewOn, `a date on or after imposed_on (${r.imposedOn}): a restriction is reviewed after it is imposed`);
      if (r.liftedOn && r.liftedOn < r.imposedOn) problem(f, line, 'lifted_on', r.liftedOn, `a date on or after imposed_on (${r.imposedOn})`);
    }
    if (r.restriction === 'other' && !raw.reason) problem(f, line, 'reason', '', 'what the restriction is, for a restriction of kind other');
    if (r.reference && r.restriction && r.imposedOn) {
      const list = restrictionsByReference.get(r.reference) ?? [];
      // The same restriction is not in force twice at once (lifted, it may be imposed again).
      const END = '9999-12-31';
      const overlaps = list.find((o) => o.restriction === r.restriction && r.restriction !== 'other' &&
        (o.imposedOn === r.imposedOn || (o.imposedOn < (r.liftedOn ?? END) && r.imposedOn < (o.liftedOn ?? END))));
      if (overlaps) {
        problem(f, line, 'imposed_on', r.imposedOn, `a date when ${r.restriction} was not in force for ${r.reference}; row ${overlaps.line} imposed it on ${overlaps.imposedOn}${overlaps.liftedOn ? ` until ${overlaps.liftedOn}` : ' and it was not lifted'}`);
      }
      list.push(r);
      restrictionsByReference.set(r.reference, list);
    }
    restrictions.push(r);
  }

  // Reported in file order, then row order, as a person would work through them.
  for (const u of unknownNames.values()) {
    if (u.file === 'contacts.csv') continue;
    const others = u.lines.length - 1;
    problem(u.file, u.lines[0]!, u.column, u.value,
      `${u.what} not in the council's list${others > 0 ? ` (also on ${others} more row${others === 1 ? '' : 's'})` : ''}; check the spelling, add it first, or import with --create-org`);
  }

  const fileOrder: readonly string[] = V2_FILES;
  problems.sort((a, b) => fileOrder.indexOf(a.file) - fileOrder.indexOf(b.file) || (a.row ?? 0) - (b.row ?? 0));
  return {
    history: {
      version: files.version ?? 1, contacts, stages, ombudsman, elements, remedies, learningActions, ombudsmanFindings, services, restrictions,
      carries: { flags: hasFlags, services: Boolean(files.services), restrictions: Boolean(files.restrictions) },
    },
    problems,
  };
}
