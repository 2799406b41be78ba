import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { csvRecords } from '../support/csv.ts';
import {
  CONTACT_COLUMNS,
  OMBUDSMAN_COLUMNS,
  STAGE_COLUMNS,
  demoCouncil,
  generateCaseHistory,
  plannedContactCounts,
  type CaseHistoryOptions,
  type GeneratedContact,
} from '../../src/demo/caseHistoryGenerator.ts';
import { councilOrganisationRows, writeCaseHistoryFolder } from '../../src/demo/writeCaseHistory.ts';
import { isIsoDate, toEpochDay } from '../../src/domain/dates.ts';

// The vocabularies of docs/formats/case-history-csv.md.
const KINDS = ['complaint', 'compliment', 'comment', 'enquiry', 'mp_enquiry', 'councillor_enquiry'];
const CHANNELS = ['web_form', 'email', 'telephone', 'letter', 'in_person', 'social_media', 'other'];
const PROCEDURES = ['corporate', 'children_statutory', 'adults_statutory', 'public_health', 'housing'];
const ROUTES = ['formal', 'urgent', 'informal', 'service_request', 'early_resolution', 'alternative_path', 'not_eligible', 'withdrawn'];
const GROUPS = ['service_user', 'parent', 'relative', 'carer', 'advocate', 'professional', 'mp', 'councillor', 'other'];
const DECISIONS = ['accepted', 'refused'];
const OUTCOMES = ['upheld', 'partially_upheld', 'not_upheld', 'withdrawn', 'no_written_response', 'not_known'];
const BODIES = ['lgsco', 'housing_ombudsman', 'psow', 'spso', 'nipso'];
const OMBUDSMAN_DECISIONS = [
  'upheld', 'not_upheld', 'closed_after_initial_enquiries', 'referred_back_for_local_resolution', 'incomplete_or_invalid',
  'advice_given', 'out_of_jurisdiction', 'maladministration', 'severe_maladministration', 'service_failure',
  'no_maladministration', 'reasonable_redress',
];
const REMEDIES = ['apology', 'financial_redress', 'procedure_change', 'training_guidance', 'information_advice', 'reconsidered_decision', 'provide_service', 'other'];
const YES_NO = ['yes', 'no'];
const MONEY = /^\d+(\.\d{1,2})?$/;

const TODAY = '2026-11-24';
const OPTS: CaseHistoryOptions = { seed: 20261124, today: TODAY, years: 3, contactsPerYear: 8_000 };
const ALL: GeneratedContact[] = [...generateCaseHistory(OPTS)];

function workingDaysElapsed(from: string, to: string): number {
  let n = 0;
  for (let d = toEpochDay(from) + 1; d <= toEpochDay(to); d++) {
    const dow = (((d + 4) % 7) + 7) % 7;
    if (dow !== 0 && dow !== 6) n++;
  }
  return n;
}

function inVocabulary(value: string, allowed: readonly string[], what: string): void {
  assert.ok(value === '' || allowed.includes(value), `${what}: ${JSON.stringify(value)} is not one of ${allowed.join(', ')}`);
}

function dateOrBlank(value: string, what: string): void {
  assert.ok(value === '' || isIsoDate(value), `${what}: ${JSON.stringify(value)} is not YYYY-MM-DD`);
}

test('the same seed gives identical rows and another seed different ones', () => {
  const small = { ...OPTS, contactsPerYear: 2_000 };
  const a = [...generateCaseHistory(small)];
  const b = [...generateCaseHistory(small)];
  assert.deepEqual(a, b);
  const c = [...generateCaseHistory({ ...small, seed: small.seed + 1 })];
  assert.notDeepEqual(a, c);
});

test('references are unique over more than 20,000 contacts, and so are Ombudsman references', () => {
  assert.ok(ALL.length > 20_000, `only ${ALL.length} contacts`);
  const refs = new Set(ALL.map((x) => x.contact.reference));
  assert.equal(refs.size, ALL.length);
  for (const r of refs) assert.match(r, /^HBC\d{2}-\d{6}$/);
  const omb = ALL.flatMap((x) => x.ombudsman.map((o) => o.ombudsman_reference));
  assert.equal(new Set(omb).size, omb.length);
  for (const r of omb) assert.match(r, /^\d{8}$/);
});

test('rows have exactly the documented columns', () => {
  for (const { contact, stages, ombudsman } of ALL) {
    assert.deepEqual(Object.keys(contact), [...CONTACT_COLUMNS]);
    for (const s of stages) assert.deepEqual(Object.keys(s), [...STAGE_COLUMNS]);
    for (const o of ombudsman) assert.deepEqual(Object.keys(o), [...OMBUDSMAN_COLUMNS]);
  }
});

test('contacts obey the vocabularies, required columns and the organisation tree', () => {
  const org = new Set(councilOrganisationRows(demoCouncil).map((r) => `${r.directorate}|${r.service}|${r.team}`));
  const services = new Set(councilOrganisationRows(demoCouncil).map((r) => `${r.directorate}|${r.service}`));
  const workspaces = new Set(demoCouncil.workspaces.map((w) => w.name));
  for (const { contact: c } of ALL) {
    const where = c.reference;
    assert.ok(c.reference && c.kind && c.received_on, `${where}: a required column is blank`);
    inVocabulary(c.kind, KINDS, `${where} kind`);
    assert.ok(isIsoDate(c.received_on), `${where} received_on`);
    inVocabulary(c.channel, CHANNELS, `${where} channel`);
    inVocabulary(c.procedure, PROCEDURES, `${where} procedure`);
    inVocabulary(c.route, ROUTES, `${where} route`);
    inVocabulary(c.complainant_group, GROUPS, `${where} complainant_group`);
    if (c.kind === 'complaint') {
      assert.ok(c.procedure && c.route, `${where}: complaint without procedure or route`);
    } else {
      assert.equal(c.route, '', `${where}: route on a ${c.kind}`);
      if (c.kind !== 'compliment' && c.kind !== 'comment') assert.equal(c.procedure, '', `${where}: procedure on a ${c.kind}`);
    }
    if (c.directorate === '') {
      assert.equal(c.kind, 'compliment', `${where}: only compliments may have no service recorded`);
      assert.equal(c.service + c.team, '');
    } else {
      assert.ok(services.has(`${c.directorate}|${c.service}`), `${where}: ${c.service} is not under ${c.directorate}`);
      if (c.team) assert.ok(org.has(`${c.directorate}|${c.service}|${c.team}`), `${where}: ${c.team} is not under ${c.service}`);
    }
    assert.ok(workspaces.has(c.workspace), `${where}: unknown workspace ${c.workspace}`);
    if (c.category) assert.ok(demoCouncil.categories.includes(c.category), `${where}: unknown category ${c.category}`);
    if (c.kind === 'mp_enquiry') assert.equal(c.complainant_group, 'mp');
    if (c.kind === 'councillor_enquiry') assert.equal(c.complainant_group, 'councillor');
    // Statutory procedures belong to their directorates.
    if (c.procedure === 'children_statutory' && c.directorate) assert.equal(c.directorate, 'Children & Families', where);
    if (c.procedure === 'adults_statutory' && c.directorate) assert.equal(c.directorate, 'Adults & Housing', where);
  }
});

test('stage rows belong to formal complaints and are well ordered', () => {
  for (const { contact: c, stages } of ALL) {
    const isComplaint = c.kind === 'complaint' && (c.route === 'formal' || c.route === 'urgent');
    if (!isComplaint) {
      assert.equal(stages.length, 0, `${c.reference}: stages on a ${c.kind}/${c.route || 'no route'}`);
      continue;
    }
    assert.ok(stages.length >= 1, `${c.reference}: formal complaint without stage 1`);
    let previousEnd = '';
    stages.forEach((s, i) => {
      const where = `${s.reference} stage ${s.stage}`;
      assert.equal(s.reference, c.reference);
      assert.equal(s.stage, String(i + 1), `${where}: stages not consecutive from 1`);
      assert.ok(isIsoDate(s.opened_on), `${where}: opened_on`);
      for (const col of ['requested_on', 'extended_to', 'responded_on'] as const) dateOrBlank(s[col], `${where} ${col}`);
      inVocabulary(s.decision, DECISIONS, `${where} decision`);
      inVocabulary(s.outcome, OUTCOMES, `${where} outcome`);
      if (i === 0) {
        assert.equal(s.requested_on + s.decision, '', `${where}: stage 1 with a request`);
        assert.ok(s.opened_on >= c.received_on, `${where}: opened before received`);
      } else {
        assert.ok(s.requested_on && s.decision, `${where}: stage 2+ needs requested_on and decision`);
        assert.ok(s.requested_on > previousEnd, `${where}: requested before the previous response`);
        assert.ok(s.opened_on >= s.requested_on, `${where}: opened before requested`);
      }
      if (s.responded_on) {
        assert.ok(s.responded_on >= s.opened_on, `${where}: responded before opened`);
        assert.ok(s.outcome && s.outcome !== 'withdrawn', `${where}: answered without an outcome`);
      }
      if (s.outcome === 'withdrawn') assert.equal(s.responded_on, '', `${where}: withdrawn with a response`);
      if (s.decision === 'refused') assert.equal(s.responded_on + s.outcome + s.extended_to, '', `${where}: refused but answered`);
      const last = i === stages.length - 1;
      if (!last) assert.ok(s.responded_on, `${where}: escalated before it was answered`);
      previousEnd = s.responded_on;
    });
  }
});

test('Ombudsman rows obey the vocabularies and point at formal complaints', () => {
  const formal = new Map(ALL.filter((x) => x.stages.length > 0).map((x) => [x.contact.reference, x]));
  for (const { ombudsman } of ALL) {
    for (const o of ombudsman) {
      const where = `ombudsman ${o.ombudsman_reference}`;
      assert.ok(o.ombudsman_reference && o.body && o.received_on, `${where}: a required column is blank`);
      inVocabulary(o.body, BODIES, `${where} body`);
      assert.ok(isIsoDate(o.received_on));
      for (const col of ['decided_on', 'compliance_due_on', 'complied_on'] as const) dateOrBlank(o[col], `${where} ${col}`);
      inVocabulary(o.detailed_investigation, YES_NO, `${where} detailed_investigation`);
      inVocabulary(o.satisfactory_remedy_by_council, YES_NO, `${where} satisfactory_remedy_by_council`);
      inVocabulary(o.decision, OMBUDSMAN_DECISIONS, `${where} decision`);
      if (o.remedies) for (const r of o.remedies.split(';')) inVocabulary(r, REMEDIES, `${where} remedies`);
      if (o.remedy_amount) {
        assert.match(o.remedy_amount, MONEY, `${where} remedy_amount`);
        assert.ok(Number(o.remedy_amount) >= 100 && Number(o.remedy_amount) <= 1500);
        assert.ok(o.remedies.includes('financial_redress'), `${where}: amount without financial redress`);
      }
      const complaint = formal.get(o.council_reference);
      assert.ok(complaint, `${where}: council_reference ${o.council_reference} is not a formal complaint`);
      const lastStage = complaint.stages[complaint.stages.length - 1]!;
      assert.ok(o.received_on > (lastStage.responded_on || lastStage.opened_on), `${where}: received before the council finished`);
      if (o.decided_on) assert.ok(o.decided_on >= o.received_on && o.decision, `${where}: decision dates`);
      if (o.compliance_due_on) assert.ok(o.compliance_due_on > o.decided_on && o.decision === 'upheld');
      if (o.complied_on) assert.ok(o.compliance_due_on && o.complied_on > o.decided_on);
    }
  }
});

test('nothing that has happened is dated after today; deadlines may be, only while outstanding', () => {
  for (const { contact, stages, ombudsman } of ALL) {
    assert.ok(contact.received_on <= TODAY, contact.reference);
    for (const s of stages) {
      for (const col of ['requested_on', 'opened_on', 'responded_on'] as const) assert.ok(s[col] <= TODAY, `${s.reference} ${col} ${s[col]}`);
      // An agreed due date is a deadline, so an open stage may have one after today.
      if (s.extended_to > TODAY) assert.equal(s.responded_on, '', `${s.reference}: future extension on an answered stage`);
    }
    for (const o of ombudsman) {
      for (const col of ['received_on', 'decided_on', 'complied_on'] as const) assert.ok(o[col] <= TODAY, `${o.ombudsman_reference} ${col}`);
      // compliance_due_on is a deadline and may lie after today while compliance is outstanding.
    }
  }
});

test('the mix of contacts, routes, response times and escalations is realistic', () => {
  const n = ALL.length;
  const share = (pred: (x: GeneratedContact) => boolean) => ALL.filter(pred).length / n;
  const formal = share((x) => x.contact.route === 'formal' || x.contact.route === 'urgent');
  assert.ok(formal >= 0.04 && formal <= 0.15, `formal complaints ${(formal * 100).toFixed(1)}% of contacts`);
  const urgent = share((x) => x.contact.route === 'urgent');
  assert.ok(urgent > 0.001 && urgent < 0.02, `urgent ${urgent}`);
  const compliments = share((x) => x.contact.kind === 'compliment');
  assert.ok(compliments >= 0.15 && compliments <= 0.25, `compliments ${compliments}`);
  for (const k of KINDS) assert.ok(share((x) => x.contact.kind === k) > 0, `no ${k}`);
  for (const r of ROUTES) assert.ok(share((x) => x.contact.route === r) > 0, `no ${r} route`);
  for (const p of PROCEDURES) assert.ok(share((x) => x.contact.procedure === p && x.stages.length > 0) > 0, `no ${p} complaints`);
  const corporate = share((x) => x.contact.procedure === 'corporate' && x.stages.length > 0);
  assert.ok(corporate > formal / 2, 'most complaints should be corporate');

  const stage1 = ALL.flatMap((x) => x.stages.filter((s) => s.stage === '1' && s.responded_on));
  const bands = [0, 0, 0];
  for (const s of stage1) {
    const wd = workingDaysElapsed(s.opened_on, s.responded_on);
    bands[wd <= 10 ? 0 : wd <= 20 ? 1 : 2]!++;
  }
  const [b10, b20, over] = bands.map((b) => b / stage1.length) as [number, number, number];
  assert.ok(b10 > 0.35 && b10 < 0.55, `within 10: ${b10}`);
  assert.ok(b20 > 0.25 && b20 < 0.45, `11-20: ${b20}`);
  assert.ok(over > 0.12 && over < 0.3, `over 20: ${over}`);

  const stage2 = ALL.filter((x) => x.stages.some((s) => s.stage === '2')).length;
  assert.ok(stage2 / stage1.length > 0.1 && stage2 / stage1.length < 0.3, `stage 2 requests ${stage2} of ${stage1.length}`);
  assert.ok(ALL.some((x) => x.stages.some((s) => s.decision === 'refused')), 'no refused escalation');
  assert.ok(ALL.some((x) => x.stages.some((s) => s.stage === '3')), 'no stage 3');
  assert.ok(ALL.some((x) => x.stages.some((s) => s.extended_to)), 'no extensions');
  assert.ok(ALL.some((x) => x.stages.some((s) => s.outcome === 'withdrawn')), 'no withdrawn stage');

  const complaints = ALL.filter((x) => x.stages.length > 0);
  const ombudsman = ALL.flatMap((x) => x.ombudsman);
  const rate = ombudsman.length / complaints.length;
  assert.ok(rate > 0.01 && rate < 0.06, `Ombudsman ${(rate * 100).toFixed(1)}% of complaints`);
  assert.ok(ombudsman.some((o) => o.decision === 'upheld' && o.remedy_amount && o.complied_on));
  assert.ok(ombudsman.some((o) => o.complied_on > o.compliance_due_on && o.compliance_due_on !== ''), 'no late compliance');

  // Recent complaints are often still open; old ones almost never are.
  const open = complaints.filter((x) => x.stages.some((s) => s.outcome === '' && s.decision !== 'refused'));
  const recent = open.filter((x) => toEpochDay(TODAY) - toEpochDay(x.contact.received_on) < 60);
  assert.ok(recent.length > open.length / 2, `open complaints mostly recent: ${recent.length} of ${open.length}`);
});

test('all three reporting years are populated, the current one up to today', () => {
  const counts = new Map<string, number>();
  for (const { contact } of ALL) {
    const y = Number(contact.received_on.slice(0, 4));
    const start = contact.received_on.slice(5) >= '04-01' ? y : y - 1;
    const label = `${start}/${String((start + 1) % 100).padStart(2, '0')}`;
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  const planned = plannedContactCounts(OPTS);
  assert.deepEqual(planned.map((p) => p.year), ['2024/25', '2025/26', '2026/27']);
  assert.deepEqual(planned.map((p) => counts.get(p.year) ?? 0), planned.map((p) => p.contacts));
  assert.equal(planned[0]!.contacts, OPTS.contactsPerYear);
  assert.ok(planned[2]!.contacts > 0 && planned[2]!.contacts < OPTS.contactsPerYear);
  // Contacts in every month of the full years (seasonal, never empty).
  const months = new Set(ALL.map((x) => x.contact.received_on.slice(0, 7)));
  assert.equal(months.size, 12 + 12 + 8);
});

test('edge days for today: the first and last day of a reporting year', () => {
  for (const today of ['2026-04-01', '2026-03-31']) {
    const rows = [...generateCaseHistory({ seed: 7, today, years: 3, contactsPerYear: 3_000 })];
    assert.ok(rows.every((x) => x.contact.received_on <= today));
    assert.ok(rows.every((x) => x.stages.every((s) => s.responded_on <= today && s.opened_on <= today)));
    assert.equal(plannedContactCounts({ seed: 7, today, years: 3, contactsPerYear: 3_000 }).filter((y) => y.contacts > 0).length, 3);
  }
});

test('writes a case-history folder with header rows that parses back', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'redress-case-history-'));
  try {
    const opts = { ...OPTS, contactsPerYear: 1_500 };
    const result = await writeCaseHistoryFolder(dir, opts);
    const expected = [...generateCaseHistory(opts)];
    assert.deepEqual(result, {
      contacts: expected.length,
      stages: expected.reduce((n, x) => n + x.stages.length, 0),
      ombudsman: expected.reduce((n, x) => n + x.ombudsman.length, 0),
    });
    const files = [
      ['contacts.csv', CONTACT_COLUMNS, result.contacts],
      ['stages.csv', STAGE_COLUMNS, result.stages],
      ['ombudsman.csv', OMBUDSMAN_COLUMNS, result.ombudsman],
    ] as const;
    for (const [file, columns, count] of files) {
      const text = await readFile(join(dir, file), 'utf8');
      assert.equal(text.split('\n')[0], columns.join(','), `${file} header`);
      const records = csvRecords(text);
      assert.equal(records.length, count, `${file} rows`);
    }
    const contacts = csvRecords(await readFile(join(dir, 'contacts.csv'), 'utf8'));
    assert.deepEqual(contacts[0], { ...expected[0]!.contact });
    // Quoting survives: a workspace name with commas in it.
    assert.ok(contacts.some((c) => c.workspace === 'Schools (admissions, transport, SEN)'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('councilOrganisationRows lists every team under its service and directorate', () => {
  const rows = councilOrganisationRows(demoCouncil);
  const teams = demoCouncil.organisation.flatMap((d) => d.services.flatMap((s) => s.teams));
  assert.equal(rows.length, teams.length);
  assert.equal(demoCouncil.organisation.length, 5);
  for (const d of demoCouncil.organisation) assert.ok(d.services.length >= 3 && d.services.length <= 6, d.directorate);
  for (const w of demoCouncil.workspaces) assert.ok(rows.some((r) => r.directorate === w.directorate && r.service === w.service), w.name);
});
