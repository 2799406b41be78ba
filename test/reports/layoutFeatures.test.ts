import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importCaseHistory, readCaseHistoryFolder } from '../../src/caseHistory/importCaseHistory.ts';
import { buildAnnualReport, drillDown } from '../../src/reports/annualReport.ts';
import { defaultReportOptions, type ReportOptions } from '../../src/reports/reportCatalogue.ts';
import { LayoutError, parseLayout, parseLayoutText } from '../../src/reports/layout.ts';
import { positions } from '../../src/reports/shape.ts';
import { REPORT_FORMATS } from '../../src/reports/reportFormats.ts';
import { renderReportHtml } from '../../src/reports/render/html.ts';
import { engineName, newTestCouncil, useTestDatabase } from '../support/testDatabase.ts';
import { grid } from '../support/reportGrid.ts';
import { systemActor } from '../../src/events/actor.ts';

/**
 * What a council's own layout can say, tried on the version 2 history: heads of complaint
 * by category, who brought a complaint, how far the Ombudsman went and why not further,
 * calendar days, complaints of one directorate; and what a layout file that cannot be used
 * is told.
 */

const folder = new URL('../fixtures/case-history-v2/', import.meta.url).pathname;
const table = (key: string, population: string, rows: object, columns: object, measures: object[], extra: object = {}) =>
  ({ key, title: key, definition: `The ${key} table.`, population, rows, columns, measures, years: 'report_year', ...extra });
const count = { key: 'count', label: 'Number', aggregate: 'count' };

const layout = parseLayout({
  format: 'redress-report-layout/1',
  name: 'Features',
  sections: [{
    key: 'features', title: 'Features', tables: [
      table('features.heads_by_category', 'element', { kind: 'category' }, { kind: 'outcome' }, [count], { filter: { stage: 1 } }),
      table('features.through', 'complaint', { kind: 'intermediary' }, { kind: 'year' }, [count]),
      table('features.ombudsman_path', 'ombudsman', { kind: 'ombudsman_path' }, { kind: 'not_investigated_reason' }, [count]),
      table('features.calendar_days', 'stage', { kind: 'stage' }, { kind: 'measure' }, [
        { key: 'answered', label: 'Answered', aggregate: 'count' },
        { key: 'average', label: 'Average calendar days', aggregate: 'average', of: 'calendar_days' },
        { key: 'within_21', label: 'Within 21 calendar days', aggregate: 'percent', where: { withinCalendarDays: 21 } },
      ], { filter: { answered: true } }),
      table('features.people_only', 'complaint', { kind: 'unit', level: 'service' }, { kind: 'year' }, [count], { filter: { units: ['People'] } }),
      table('features.commissioned', 'complaint', { kind: 'total', label: 'Commissioned' }, { kind: 'year' }, [count], { filter: { commissionedProvider: true } }),
      table('features.compliment_source', 'contact', { kind: 'compliment_source' }, { kind: 'year' }, [count], { filter: { kinds: ['compliment'] } }),
      // Each year's count beside its share; services under their directorates, with subtotals.
      table('features.count_and_share', 'contact', { kind: 'unit', level: 'service', within: 'directorate' }, { kind: 'year' }, [
        count, { key: 'share', label: '%', aggregate: 'share' },
      ], { subtotals: true, filter: { kinds: ['complaint'] } }),
      // Lists of the cases themselves: the action plan, each upheld Ombudsman decision.
      { key: 'features.action_plan', title: 'Action plan', definition: 'Each learning action.', population: 'learning_action', years: 'report_year',
        list: { fields: ['description', 'owner', 'directorate', 'due_on', 'status'] } },
      { key: 'features.upheld_decisions', title: 'Upheld decisions', definition: 'Each upheld decision.', population: 'ombudsman', years: 'report_year',
        filter: { upheld: true }, list: { fields: ['category', 'service', 'remedies', 'remedy_amount', 'complied_on'], yearBy: 'decided_year' } },
      table('features.remedies_by_stage', 'remedy', { kind: 'unit', level: 'directorate' }, { kind: 'stage' }, [count]),
      // People managed under the unreasonable-behaviour policy: once a year, however many restrictions.
      table('features.restrictions', 'restriction', { kind: 'year' }, { kind: 'measure' }, [
        { key: 'people', label: 'People under restrictions', aggregate: 'count' },
        { key: 'new', label: 'Restricted this year', aggregate: 'count', where: { imposedInYear: true } },
      ], { years: 2 }),
      table('features.flagged', 'complaint', { kind: 'total', label: 'Welsh language' }, { kind: 'year' }, [count], { filter: { flags: ['welsh_language'] } }),
    ],
  }],
}, 'test');

test(`a layout counts heads of complaint, intermediaries, the Ombudsman's path, calendar days and one directorate (${engineName()})`, async () => {
  const db = await useTestDatabase();
  const council = await newTestCouncil(db);
  await importCaseHistory(db, council.id, readCaseHistoryFolder(folder), { createOrg: true, today: '2024-06-01', actor: systemActor('test'), source: 'test' });
  const options: ReportOptions = { ...defaultReportOptions('2023/24'), layout };
  const report = await buildAnnualReport(db.pool, council.id, options, '2024-06-01');
  const t = (key: string) => grid(report.sections[0]!.tables.find((x) => x.key === key)!);

  // Stage 1's heads of complaint: V2-0001 raised two, V2-0002 two.
  assert.deepEqual(t('features.heads_by_category')['Service Level/Quality'], { upheld: 2, partially_upheld: 0, not_upheld: 0, withdrawn: 0 });
  assert.equal(t('features.heads_by_category')['Staff Conduct']!.not_upheld, 1);
  assert.equal(t('features.heads_by_category').Communication!.upheld, 1);
  const drilled = await drillDown(db.pool, council.id, options, '2024-06-01', 'features.heads_by_category', { row: 'Staff Conduct', column: 'not_upheld' });
  assert.deepEqual(drilled.rows.map((r) => [r.reference, r.summary]), [['V2-0001', 'Officer was rude on the phone']]);

  assert.deepEqual(t('features.through'), { advocacy_service: { '2023/24': 1 }, mp: { '2023/24': 1 }, none: { '2023/24': 1 } });
  assert.equal(t('features.ombudsman_path').assessment!.alternative_remedy, 1);
  assert.equal(t('features.ombudsman_path').enquiry!.premature, 1);
  assert.equal(t('features.ombudsman_path').investigation!.investigated_or_not_recorded, 1);

  // Stage 1 of V2-0001 took 17 calendar days; V2-0002 71; stage 2s 34 and 28.
  const days = t('features.calendar_days');
  assert.deepEqual(days['stage 1'], { answered: 2, average: 44, within_21: 50 });
  assert.deepEqual(days['stage 2'], { answered: 2, average: 31, within_21: 0 });

  assert.deepEqual(Object.keys(t('features.people_only')), ['Adult Social Care']);
  assert.equal(t('features.commissioned').Commissioned!['2023/24'], 1);
  assert.equal(t('features.compliment_source').survey!['2023/24'], 1);

  const shared = report.sections[0]!.tables.find((x) => x.key === 'features.count_and_share')!;
  assert.deepEqual(shared.columns.map((c) => [c.key, c.label, c.unit]), [['count@2023/24', '2023/24: Number', 'count'], ['share@2023/24', '2023/24: %', 'percent']]);
  assert.deepEqual(shared.rows.map((r) => [r.group, r.label, r.subtotal ?? false, r.cells[0]]), [
    ['People', 'Adult Social Care', false, 1], ['People', 'Total, People', true, 1],
    ['Place', 'Highways', false, 1], ['Place', 'Total, Place', true, 1],
    ['Resources', 'Revenues & Benefits', false, 1], ['Resources', 'Total, Resources', true, 1],
  ]);
  assert.ok(Math.abs(Number(shared.rows[0]!.cells[1]) - 100 / 3) < 1e-9, 'a third of the complaints');
  const plan = report.sections[0]!.tables.find((x) => x.key === 'features.action_plan')!;
  assert.deepEqual(plan.columns.map((c) => c.label), ['Action', 'Owner', 'Directorate', 'Due', 'Status']);
  assert.deepEqual(plan.rows.map((r) => [r.label, ...r.cells]), [
    ['V2-0001', 'Repair requests are checked against the inspection schedule', 'Highways Manager', 'Place', '2023-09-30', 'Done'],
    ['V2-0002', 'Missed visits are reported to the family the same day', 'Head of Home Care', 'People', '2023-10-31', 'Overdue'],
  ]);
  const upheld = report.sections[0]!.tables.find((x) => x.key === 'features.upheld_decisions')!;
  assert.deepEqual(upheld.rows.map((r) => [r.label, ...r.cells]), [['23001455', 'Highways & Transport', 'Highways', 'Apology; Financial redress', 250, '2024-01-04']]);
  assert.deepEqual(t('features.remedies_by_stage').Place, { 'stage 1': 1, 'stage 2': 1 });
  assert.deepEqual(t('features.remedies_by_stage').People, { 'stage 1': 2, 'stage 2': 0 });
  assert.deepEqual(t('features.restrictions'), { '2022/23': { people: 0, new: 0 }, '2023/24': { people: 1, new: 1 } });
  assert.equal(t('features.flagged')['Welsh language']!['2023/24'], 1);
  // The year after: still under one restriction (the other lifted), not newly restricted.
  const later = await buildAnnualReport(db.pool, council.id, { ...options, year: '2024/25' }, '2024-06-01');
  assert.deepEqual(grid(later.sections[0]!.tables.find((x) => x.key === 'features.restrictions')!)['2024/25'], { people: 1, new: 0 });

  // Every output takes the list tables, subtotals and compound columns.
  for (const format of ['html', 'docx', 'xlsx', 'csv', 'json'] as const) {
    const body = await REPORT_FORMATS[format].render(report);
    assert.ok(body.length > 0, format);
    if (typeof body === 'string') assert.ok(body.includes('Missed visits are reported to the family the same day'), `${format} lists the action`);
  }
  const html = renderReportHtml(report, { standalone: true, drillHref: (table, row, column) => `/d?t=${table}&r=${row}&c=${column}` });
  assert.match(html, /<th scope="rowgroup" colspan="3" class="govuk-table__header">People<\/th>/, 'services listed under their directorate');
  assert.ok(!html.includes('t=features.action_plan'), 'a list of cases has no figures to open');

  const highways = shared.rows.find((r) => r.label === 'Highways')!;
  const cases = await drillDown(db.pool, council.id, options, '2024-06-01', 'features.count_and_share', { row: highways.key, column: 'share@2023/24' });
  assert.deepEqual(cases.rows.map((r) => r.reference), ['V2-0001']);
});

test('tied figures share a position, and nothing recorded is never ranked', () => {
  const ranked = positions(new Map([['Roads', 9], ['Waste', 7], ['Parks', 7], ['not_recorded', 12], ['Libraries', 5], ['Housing', 0]]));
  assert.deepEqual(Object.fromEntries(ranked), { Roads: 1, Waste: 2, Parks: 2, Libraries: 4 });
});

test('a layout that cannot be used says where each problem is', () => {
  const problems = (input: unknown) => {
    try {
      parseLayout(input, 'ours.json');
      return [];
    } catch (error) {
      assert.ok(error instanceof LayoutError);
      return error.problems;
    }
  };
  assert.deepEqual(problems({ format: 'redress-report-layout/1', name: 'x', sections: [] }), ['sections: Too small: expected array to have >=1 items']);
  const bad = problems({ format: 'redress-report-layout/1', name: 'x', sections: [{ key: 's', title: 'S', tables: [
    table('s.a', 'contact', { kind: 'decision' }, { kind: 'year' }, [count]),
    table('s.a', 'complaint', { kind: 'street' }, { kind: 'year' }, [count]),
    table('s.c', 'stage', { kind: 'stage' }, { kind: 'year' }, [count, { key: 'avg', label: 'Avg', aggregate: 'average' }]),
  ] }] });
  assert.deepEqual(bad.map((p) => p.replace(/:.*/, '')), ['sections.0.tables.1.rows.kind']);
  const bad2 = problems({ format: 'redress-report-layout/1', name: 'x', sections: [{ key: 's', title: 'S', tables: [
    table('s.a', 'contact', { kind: 'decision' }, { kind: 'year' }, [count]),
    table('s.a', 'stage', { kind: 'stage' }, { kind: 'year' }, [count, { key: 'avg', label: 'Avg', aggregate: 'average' }]),
  ] }] });
  assert.deepEqual(bad2, [
    'sections.0.tables.0: s.a: rows cannot be grouped by decision for contact',
    'sections.0.tables.1.key: s.a is used twice',
    'sections.0.tables.1: s.a.avg: average of what?',
  ]);
  assert.throws(() => parseLayoutText('format: [unclosed', 'ours.yaml'), /ours\.yaml cannot be used: it is not valid YAML/);
  assert.throws(() => parseLayoutText('{"format": "redress-report-layout/9", "name": "x", "sections": [{"include": "corporate"}]}', 'old.json'), /format: Invalid input: expected "redress-report-layout\/1"/);
});
