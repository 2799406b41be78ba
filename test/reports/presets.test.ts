import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importCaseHistory, readCaseHistoryFolder } from '../../src/caseHistory/importCaseHistory.ts';
import { buildAnnualReport, drillDown } from '../../src/reports/annualReport.ts';
import { loadLayout, PRESETS } from '../../src/reports/layout.ts';
import { reportOptionsFor } from '../../src/reports/reportSettings.ts';
import { engineName, newTestCouncil, useTestDatabase } from '../support/testDatabase.ts';
import { systemActor } from '../../src/events/actor.ts';
import { inTransaction } from '../../src/db/database.ts';
import { parseFiguresFile } from '../../src/ombudsman/figuresFiles.ts';
import { storeFigures } from '../../src/ombudsman/figuresLoader.ts';
import { chooseOwnAuthority, saveComparisonGroup } from '../../src/ombudsman/reconciliationRepository.ts';

/**
 * Every preset Redress ships parses, builds a whole report on a council with imported
 * history, and every table of it has at least one figure whose cases can be listed. The
 * history is Calderdale's fixture plus a few cases made up here for what it lacks (routes
 * other than formal, workspaces, channels, customer groups, public health and housing,
 * stage 3, the Housing Ombudsman, comments, remedies and learning actions), and for what
 * the layouts count since format v2 (heads of complaint, intermediaries, commissioned
 * providers, the Ombudsman's path and reasons, contact flags, complaints about Children's
 * and Adult Services handled under either procedure), and for the lists of cases (corporate
 * complaints the LGSCO closed after initial enquiries or would not investigate).
 */

const folder = new URL('../fixtures/calderdale/', import.meta.url).pathname;
const TODAY = '2024-11-01';

const csv = (header: string, rows: (string | number)[][]) => Buffer.from([header, ...rows.map((r) => r.join(','))].join('\n') + '\n');
const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** Contacts with a flag (version 2's `flags` column); those flagged for unreasonable behaviour are put under a restriction. */
const FLAGGED: Record<string, string[]> = { welsh_language: [], unreasonable_behaviour: [] };

/** A few cases of every kind the presets count, in 2022/23 and 2023/24. */
function madeUpHistory() {
  const contacts: (string | number)[][] = [];
  const stages: (string | number)[][] = [];
  const remedies: (string | number)[][] = [];
  const learning: (string | number)[][] = [];
  const elements: (string | number)[][] = [];
  const corporate: string[] = [];
  // Corporate complaints the Ombudsman closed after initial enquiries, or would not investigate.
  const corporateRefused: string[] = [];
  const corporateUrgent: string[] = [];
  let n = 0;
  const ref = () => `PRESET-${String(++n).padStart(4, '0')}`;
  const procedures = ['corporate', 'children_statutory', 'adults_statutory', 'public_health', 'housing'];
  for (const start of ['2022-06-06', '2023-06-05', '2023-11-06']) {
    procedures.forEach((procedure, i) => {
      const on = addDays(start, i);
      const unit = ['Synthetic Directorate', 'Synthetic Service', 'Synthetic Team'];
      const contact = (kind: string, route: string, category = '') =>
        [ref(), kind, on, 'email', procedure, route, ...unit, 'Roads', category, kind === 'complaint' ? 'parent' : '', '', ''];
      // Escalated: stage 1 upheld, stage 2 accepted and partially upheld (stage 3 for children).
      const a = contact('complaint', 'formal', i === 0 ? 'Industrial Action' : 'Service Level/Quality');
      contacts.push(a);
      if (procedure === 'corporate') {
        corporate.push(String(a[0]));
        FLAGGED.welsh_language!.push(String(a[0]));
      }
      stages.push([a[0]!, 1, '', '', on, '', addDays(on, 7), 'upheld']);
      stages.push([a[0]!, 2, addDays(on, 10), 'accepted', addDays(on, 12), '', addDays(on, 20), 'partially_upheld']);
      if (procedure === 'children_statutory') stages.push([a[0]!, 3, addDays(on, 25), 'accepted', addDays(on, 27), '', addDays(on, 40), 'not_upheld']);
      remedies.push([a[0]!, 1, 'apology', '', '', addDays(on, 10), addDays(on, 9)]);
      remedies.push([a[0]!, 2, 'financial_redress', '', 150, addDays(on, 30), '']);
      learning.push([a[0]!, 1, 'Remind staff of the timescale', 'Service manager', addDays(on, 60), '']);
      // Two heads of complaint, looked at again at stage 2.
      for (const stage of [1, 2]) {
        elements.push([a[0]!, stage, 'The repair was not done', 'Service Level/Quality', 'upheld']);
        elements.push([a[0]!, stage, 'The officer was rude', 'Staff Conduct', 'not_upheld']);
      }
      // Accepted straight at stage 2, not upheld.
      const b = contact('complaint', 'urgent');
      contacts.push(b);
      if (procedure === 'corporate') {
        FLAGGED.unreasonable_behaviour!.push(String(b[0]));
        corporateUrgent.push(String(b[0]));
      }
      stages.push([b[0]!, 2, on, 'accepted', on, '', addDays(on, 15), 'not_upheld']);
      // Stage 1 not upheld, stage 2 refused; and one still open.
      const c = contact('complaint', 'formal');
      contacts.push(c);
      if (procedure === 'corporate') corporateRefused.push(String(c[0]));
      stages.push([c[0]!, 1, '', '', on, '', addDays(on, 30), 'not_upheld']);
      stages.push([c[0]!, 2, addDays(on, 35), 'refused', addDays(on, 37), '', '', '']);
      const d = contact('complaint', 'formal');
      contacts.push(d);
      stages.push([d[0]!, 1, '', '', on, '', '', '']);
      for (const route of ['informal', 'service_request', 'early_resolution', 'alternative_path', 'withdrawn']) contacts.push(contact('complaint', route));
      contacts.push(contact('compliment', ''), contact('comment', ''));
    });
    // Complaints about Children's and Adult Services, under their statutory procedure or the
    // corporate policy (Wolverhampton counts both under the service): one through an advocacy
    // service, one about a commissioned provider.
    for (const [directorate, service, statutory] of [["Children's Services", 'SEND Team', 'children_statutory'], ['Adult Services', 'West Locality Team', 'adults_statutory']]) {
      for (const procedure of [statutory!, 'corporate']) {
        const on = addDays(start, 7);
        const about = (kind: string, route: string, intermediary = '', commissioned = '') =>
          [ref(), kind, on, 'email', procedure, route, directorate!, service!, '', '', kind === 'complaint' ? 'Service Delay' : '', kind === 'complaint' ? 'parent' : '', intermediary, commissioned];
        const e = about('complaint', 'formal', statutory === 'children_statutory' ? 'advocacy_service' : '', statutory === 'adults_statutory' ? 'yes' : 'no');
        contacts.push(e);
        stages.push([e[0]!, 1, '', '', on, '', addDays(on, 18), 'partially_upheld']);
        stages.push([e[0]!, 2, addDays(on, 20), 'accepted', addDays(on, 21), '', addDays(on, 45), 'upheld']);
        contacts.push(about('compliment', ''));
      }
    }
  }
  const ombudsman: (string | number)[][] = [];
  ['2022-07-04', '2023-07-03'].forEach((on, i) => {
    ombudsman.push([`HO${i}1`, 'housing_ombudsman', on, '', 'Housing', 'yes', addDays(on, 90), 'maladministration', 'no', 'apology;financial_redress', 250, addDays(on, 120), addDays(on, 110), 'investigation', '']);
    ombudsman.push([`HO${i}2`, 'housing_ombudsman', on, '', 'Housing', 'no', addDays(on, 20), 'referred_back_for_local_resolution', '', '', '', '', '', 'assessment', 'premature']);
    ombudsman.push([`HO${i}3`, 'housing_ombudsman', on, '', 'Housing', 'yes', '', '', '', '', '', '', '', 'investigation', '']);
    ombudsman.push([`LG${i}1`, 'lgsco', on, '', 'Highways & Transport', 'no', addDays(on, 20), 'closed_after_initial_enquiries', '', '', '', '', '', 'enquiry', 'out_of_jurisdiction']);
    // About a corporate complaint: upheld with remedies.
    ombudsman.push([`LG${i}2`, 'lgsco', on, corporate[i]!, 'Highways & Transport', 'yes', addDays(on, 80), 'upheld', 'no', 'apology;financial_redress', 300, addDays(on, 110), addDays(on, 100), 'investigation', '']);
    // About corporate complaints: closed after initial enquiries, and out of jurisdiction (Staffordshire's lists).
    ombudsman.push([`LG${i}3`, 'lgsco', on, corporateRefused[i]!, 'Highways & Transport', 'no', addDays(on, 30), 'closed_after_initial_enquiries', '', '', '', '', '', 'assessment', 'no_significant_injustice']);
    ombudsman.push([`LG${i}4`, 'lgsco', on, corporateUrgent[i]!, 'Highways & Transport', 'no', addDays(on, 25), 'out_of_jurisdiction', '', '', '', '', '', 'assessment', 'alternative_remedy']);
    ombudsman.push([`PS${i}1`, 'psow', on, '', 'Housing', 'yes', addDays(on, 60), 'upheld', 'no', 'apology', '', addDays(on, 90), '', 'investigation', '']);
  });
  return {
    'format.json': Buffer.from(JSON.stringify({ format: 'redress-case-history', version: 2 })),
    'contacts.csv': csv('reference,kind,received_on,channel,procedure,route,directorate,service,team,workspace,category,complainant_group,intermediary,commissioned_provider,flags',
      contacts.map((c) => [...c, Object.entries(FLAGGED).filter(([, refs]) => refs.includes(String(c[0]))).map(([flag]) => flag).join(';')])),
    'restrictions.csv': csv('reference,restriction,imposed_on,review_on,lifted_on,reason', FLAGGED.unreasonable_behaviour!.map((reference) => {
      const received = String(contacts.find((c) => c[0] === reference)![2]);
      return [reference, 'single_point_of_contact', addDays(received, 14), addDays(received, 194), '', 'Repeated calls to several officers'];
    })),
    'stages.csv': csv('reference,stage,requested_on,decision,opened_on,extended_to,responded_on,outcome', stages),
    'ombudsman.csv': csv('ombudsman_reference,body,received_on,council_reference,category,detailed_investigation,decided_on,decision,satisfactory_remedy_by_council,remedies,remedy_amount,compliance_due_on,complied_on,path,not_investigated_reason', ombudsman),
    'elements.csv': csv('reference,stage,summary,category,finding', elements),
    'remedies.csv': csv('reference,stage,kind,description,amount,due_on,done_on', remedies),
    'learning_actions.csv': csv('reference,stage,description,owner,due_on,done_on', learning),
  };
}

test('every preset layout parses', () => {
  for (const name of PRESETS) assert.doesNotThrow(() => loadLayout(name), name);
});

test(`every preset builds a report, and every table of it drills down to the cases behind a figure (${engineName()})`, async () => {
  const db = await useTestDatabase();
  const council = await newTestCouncil(db, { name: 'Preset Council' });
  await importCaseHistory(db, council.id, readCaseHistoryFolder(folder), { createOrg: true, today: TODAY, actor: systemActor('test'), source: 'calderdale' });
  await importCaseHistory(db, council.id, madeUpHistory(), { createOrg: true, today: TODAY, actor: systemActor('test'), source: 'presets' });
  // Calderdale's benchmarking table: its neighbours' published figures and its comparison group (032).
  await inTransaction(db, (client) => storeFigures(client, council.id, parseFiguresFile(
    'ons_code,authority_name,body,year,measure,value\nE08000033,Calderdale,lgsco,2023/24,upheld_percent,95\nE08000035,Leeds,lgsco,2023/24,upheld_percent,75\n'), 'presets'));
  await saveComparisonGroup(db, council.id, { id: null, name: 'West Yorkshire', members: ['E08000035'] }, systemActor('test'));
  await chooseOwnAuthority(db, council.id, 'E08000033', systemActor('test'));

  const problems: string[] = [];
  for (const name of PRESETS) {
    const options = await reportOptionsFor(db.pool, council.id, '2023/24', { layout: name });
    const report = await buildAnnualReport(db.pool, council.id, options, TODAY);
    const tables = report.sections.flatMap((s) => s.tables);
    assert.ok(tables.length > 0, `${name}: the report has tables`);
    for (const table of tables) {
      // A list of cases has no figures to open: it must list some.
      if (table.unit === 'text') {
        if (table.rows.length === 0) problems.push(`${name}: ${table.key} lists no case`);
        continue;
      }
      let drilled = false;
      for (const row of table.rows) {
        const i = row.cells.findIndex((v) => v !== null && v !== 0);
        if (i < 0) continue;
        const { rows } = await drillDown(db.pool, council.id, options, TODAY, table.key, { row: row.key, column: table.columns[i]!.key });
        if (rows.length === 0) problems.push(`${name}: ${table.key} [${row.key} × ${table.columns[i]!.key}] = ${row.cells[i]} lists no case`);
        drilled = true;
        break;
      }
      if (!drilled) problems.push(`${name}: ${table.key} has no figure`);
    }
  }
  assert.deepEqual(problems, []);
});
