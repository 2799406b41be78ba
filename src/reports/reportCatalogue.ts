import { average, count, type Dimension, type Filter, type TableDefinition } from './definitions.ts';
import { loadLayout, resolveTable, type ReportLayout } from './layout.ts';

/**
 * The tables of the annual report, section by section, built from a council's options. Every
 * table of the five seed reports is one of these kinds, with the council's own breakdown
 * level, bands and periods.
 */

export type SectionKey =
  | 'contacts' | 'corporate' | 'children_statutory' | 'adults_statutory' | 'public_health' | 'housing'
  | 'ombudsman' | 'compliments' | 'remedies' | 'learning';

export const SECTION_TITLES: Record<SectionKey, string> = {
  contacts: 'Contacts and how they were handled',
  corporate: 'Corporate complaints',
  children_statutory: "Children's social care complaints",
  adults_statutory: "Adults' social care complaints",
  public_health: 'Public health complaints',
  housing: 'Housing complaints',
  ombudsman: 'The Ombudsman',
  compliments: 'Compliments and comments',
  remedies: 'Putting things right',
  learning: 'Learning from complaints',
};

export interface ReportOptions {
  /** The reporting year, written 2023/24. */
  year: string;
  /** How many years each comparison covers, the report year last (the seeds use 3; Staffordshire's stage 2 table 4). */
  comparisonYears: number;
  sections: SectionKey[];
  /** The organisation breakdown of the tables by unit. */
  level: 'directorate' | 'service' | 'team' | 'workspace';
  /** Response-time bands per procedure: upper bounds of each band but the last. */
  bands: Partial<Record<string, number[]>>;
  /** Reporting periods within the year for compliance (quarters by default; Cheshire West has four of its own). */
  periods: { label: string; from: string; to: string }[];
  /** KPI targets, percent, by table key (e.g. 'corporate.compliance_by_period'): one figure, or one per row. */
  targets: Record<string, number | Record<string, number>>;
  /** Show counts below this as "<N" when publishing; null = show every figure. */
  suppressBelow: number | null;
  topServices: number;
  ombudsman: 'lgsco' | 'housing_ombudsman' | 'psow' | 'spso' | 'nipso';
  /** The layout: a preset's name ('standard', 'staffordshire'…) or a layout read from a file (src/reports/layout.ts). */
  layout: string | ReportLayout;
}

export const QUARTERS = [
  { label: 'April to June', from: '04-01', to: '06-30' },
  { label: 'July to September', from: '07-01', to: '09-30' },
  { label: 'October to December', from: '10-01', to: '12-31' },
  { label: 'January to March', from: '01-01', to: '03-31' },
];

export function defaultReportOptions(year: string, ombudsman: ReportOptions['ombudsman'] = 'lgsco'): ReportOptions {
  return {
    year,
    comparisonYears: 3,
    sections: ['contacts', 'corporate', 'children_statutory', 'adults_statutory', 'public_health', 'housing', 'ombudsman', 'compliments', 'remedies', 'learning'],
    level: 'directorate',
    bands: { corporate: [10, 20], children_statutory: [10, 20], adults_statutory: [20], public_health: [10, 20], housing: [10, 20] },
    periods: QUARTERS,
    targets: {},
    suppressBelow: null,
    topServices: 10,
    ombudsman,
    layout: 'standard',
  };
}

const byUnit = (level: ReportOptions['level']): Dimension => (level === 'workspace' ? { kind: 'workspace' } : { kind: 'unit', level });
const year: Dimension = { kind: 'year' };
const unitWord = (level: ReportOptions['level']) => (level === 'workspace' ? 'workspace (the service named on the complaint form)' : level);

/** The tables of a complaints procedure's section. */
function procedureTables(procedure: string, o: ReportOptions, name: string): TableDefinition[] {
  const complaints: Filter = { procedure };
  const cuts = o.bands[procedure] ?? [10, 20];
  const t = (key: string) => `${procedure}.${key}`;
  return [
    {
      key: t('complaints_by_unit'), title: `${name} received by ${unitWord(o.level)}`, population: 'complaint', rows: byUnit(o.level), columns: year,
      measures: [count()], filter: complaints, years: 'comparison', unit: 'count', totalRow: true, chart: 'grouped_bar',
      definition: `Contacts routed formal or urgent under the ${name.toLowerCase()} procedure, by the reporting year they were received in, including those later withdrawn.`,
    },
    {
      key: t('outcome_totals'), title: `Outcomes of ${name.toLowerCase()}`, population: 'complaint', rows: { kind: 'outcome' }, columns: year,
      measures: [count()], filter: complaints, years: 'comparison', unit: 'count', totalRow: true, chart: 'grouped_bar',
      definition: 'Each complaint counted once, by the outcome of the latest stage it reached; "ongoing" where that stage is not yet answered.',
    },
    {
      key: t('outcomes_by_unit'), title: `Outcomes by ${unitWord(o.level)}, ${o.year}`, population: 'complaint', rows: byUnit(o.level), columns: { kind: 'outcome' },
      measures: [count()], filter: complaints, years: 'report_year', unit: 'count', totalRow: true, chart: 'stacked_bar',
      definition: `Complaints received in ${o.year}, by the outcome of the latest stage each reached.`,
    },
    {
      key: t('complaint_types'), title: 'Types of complaint', population: 'complaint', rows: { kind: 'category' }, columns: year,
      measures: [count()], filter: { ...complaints, excludeWithdrawn: true }, years: 'comparison', unit: 'count', totalRow: true, chart: 'bar',
      definition: 'Complaints not withdrawn, by the complaint type recorded on them.',
    },
    {
      key: t('highest_stage'), title: 'Highest stage reached', population: 'complaint', rows: { kind: 'highest_stage' }, columns: year,
      measures: [count()], filter: { ...complaints, excludeWithdrawn: true }, years: 'comparison', unit: 'count', totalRow: true, chart: 'grouped_bar',
      definition: 'Complaints not withdrawn, by the furthest stage each was investigated at (a refused request is not a stage reached).',
    },
    {
      key: t('response_bands'), title: 'Stage 1 response times', population: 'stage', rows: { kind: 'band', cuts, ongoing: true }, columns: year,
      measures: [count()], filter: { ...complaints, stage: 1, excludeWithdrawn: true }, years: 'comparison', unit: 'count', totalRow: true, chart: 'grouped_bar',
      definition: 'Stage 1 responses by working days from the stage opening to the response (a day counts when it is after the opening, up to and including the response day; weekends and bank holidays do not count). Withdrawn stages are not banded; unanswered ones are ongoing.',
    },
    {
      key: t('average_working_days'), title: 'Average working days to respond at stage 1', population: 'stage', rows: { kind: 'total', label: 'average' }, columns: year,
      measures: [average()], filter: { ...complaints, stage: 1, answered: true, excludeWithdrawn: true }, years: 'comparison', unit: 'working_days', decimals: 1, chart: 'line',
      definition: 'The mean of the working days taken over the stage 1 responses of complaints received in each year (withdrawn ones left out).',
    },
    {
      key: t('average_by_service'), title: `Stage 1 responses by service, ${o.year}`, population: 'stage', rows: { kind: 'unit', level: 'service' }, columns: { kind: 'measure' },
      measures: [count('completed', 'Completed'), average('average_days', 'Average working days')],
      filter: { ...complaints, stage: 1, answered: true, excludeWithdrawn: true }, years: 'report_year', unit: 'working_days', decimals: 0, chart: null,
      definition: `Stage 1 responses to complaints received in ${o.year}, and the mean working days they took, by service.`,
    },
    {
      key: t('compliance_by_stage'), title: 'Answered within the timescale, by stage', population: 'stage', rows: { kind: 'stage' }, columns: year,
      measures: [{ key: 'within_timescale', label: 'Within timescale', aggregate: 'percent', where: { withinTimescale: true } }],
      filter: { ...complaints, answered: true, excludeWithdrawn: true }, years: 'comparison', unit: 'percent', decimals: 0, chart: 'line',
      definition: 'Of the stages answered, the percentage answered on or before the due date (or the date agreed in an extension).',
    },
    {
      key: t('compliance_by_period'), title: `Stage 1 answered within the timescale, by period, ${o.year}`, population: 'stage', rows: { kind: 'period', periods: o.periods }, columns: { kind: 'measure' },
      measures: [
        count('answered', 'Answered'),
        count('within_timescale', 'Within timescale', { withinTimescale: true }),
        { key: 'percent_within_timescale', label: 'Percentage', aggregate: 'percent', where: { withinTimescale: true } },
      ],
      filter: { ...complaints, stage: 1, answered: true, excludeWithdrawn: true }, years: 'report_year', unit: 'percent', decimals: 0, chart: null,
      definition: 'Stage 1 responses by the period the complaint was received in, and how many were on time; compare with the target.',
    },
    {
      key: t('extensions'), title: `Extensions agreed, ${o.year}`, population: 'stage', rows: { kind: 'stage' }, columns: { kind: 'measure' },
      measures: [
        count('opened', 'Stages opened'),
        count('extended', 'Extended by agreement', { extended: true }),
        count('beyond_code', 'Extended beyond the Code', { extendedBeyondCode: true }),
      ],
      filter: { ...complaints, opened: true }, years: 'report_year', unit: 'count', chart: null,
      definition: `Stages of complaints received in ${o.year}, how many had their response date extended with the complainant's agreement, and how many beyond the Complaint Handling Code's limits (10 working days at stage 1, 20 at stage 2), which the Code allows only with a good reason recorded.`,
    },
    {
      key: t('escalation_requests'), title: 'Requests to escalate', population: 'stage', rows: { kind: 'stage_request' }, columns: year,
      measures: [count()], filter: { ...complaints, requested: true }, years: 'comparison', unit: 'count', totalRow: true, chart: 'grouped_bar',
      definition: 'Requests for stage 2 or later, by the decision on them, in the year the complaint was received.',
    },
    {
      key: t('stage2_summary'), title: 'Stage 2: requests, decisions and outcomes', population: 'stage', rows: year, columns: { kind: 'measure' },
      measures: [
        count('requests', 'Requests received'),
        count('accepted', 'Accepted', { decision: 'accepted' }),
        count('refused', 'Refused', { decision: 'refused' }),
        count('upheld', 'Upheld or partially upheld', { decision: 'accepted', outcomes: ['upheld', 'partially_upheld'] }),
        { key: 'upheld_percent', label: '% of accepted upheld or partially upheld', aggregate: 'percent', where: { outcomes: ['upheld', 'partially_upheld'] }, within: { decision: 'accepted', answered: true } },
      ],
      filter: { ...complaints, stage: 2, requested: true }, years: 'comparison', unit: 'count', chart: null,
      definition: 'Requests to escalate to stage 2 by the year the complaint was received (Staffordshire’s table): how many were accepted or refused, and of those accepted and answered, the share upheld in whole or part.',
    },
    {
      key: t('stage2_entry'), title: 'How stage 2 investigations began', population: 'stage', rows: { kind: 'stage_entry' }, columns: year,
      measures: [count()], filter: { ...complaints, stage: 2, opened: true }, years: 'comparison', unit: 'count', totalRow: true, chart: null,
      definition: 'Stage 2 investigations opened: escalated after a stage 1 response, or accepted straight at stage 2 (bypassing stage 1, as the Code allows for complex cases).',
    },
    {
      key: t('first_and_final_outcome'), title: `Outcome at the first stage and the final outcome, ${o.year}`, population: 'complaint', rows: { kind: 'first_outcome' }, columns: { kind: 'outcome' },
      measures: [count()], filter: complaints, years: 'report_year', unit: 'count', totalRow: true, chart: null,
      definition: `Complaints received in ${o.year}: the outcome at the first stage each was investigated at (rows) against the outcome at the last stage it reached (columns).`,
    },
    {
      key: t('stage2_outcomes'), title: 'Outcomes at stage 2', population: 'stage', rows: { kind: 'outcome' }, columns: year,
      measures: [count()], filter: { ...complaints, stage: 2, opened: true }, years: 'comparison', unit: 'count', totalRow: true, chart: 'grouped_bar',
      definition: 'Stage 2 investigations by their outcome; "ongoing" where not yet answered.',
    },
    {
      key: t('channels'), title: 'How complaints were made', population: 'complaint', rows: { kind: 'channel' }, columns: year,
      measures: [count()], filter: complaints, years: 'comparison', unit: 'count', totalRow: true, chart: 'bar',
      definition: 'Complaints by the channel they arrived through.',
    },
    {
      key: t('complainant_groups'), title: 'Who complained', population: 'complaint', rows: { kind: 'complainant_group' }, columns: year,
      measures: [count()], filter: complaints, years: 'comparison', unit: 'count', totalRow: true, chart: 'bar',
      definition: 'Complaints by who made them (the person affected, a relative, an advocate…).',
    },
  ];
}

export interface ReportSection {
  section: string;
  title: string;
  tables: TableDefinition[];
}

/**
 * Every table of the report for these options, by section, as the chosen layout lays them
 * out. `sections` picks which of the standard sections a layout includes are shown; a
 * layout's own sections are always shown, but for one that goes `with` a standard section.
 */
export function reportTables(o: ReportOptions): ReportSection[] {
  const layout = typeof o.layout === 'string' ? loadLayout(o.layout) : o.layout;
  const context = { year: o.year, level: o.level, bands: o.bands, periods: o.periods, topServices: o.topServices };
  return layout.sections.flatMap((s): ReportSection[] => {
    if (s.include) {
      if (!o.sections.includes(s.include)) return [];
      const [standard] = standardSections({ ...o, sections: [s.include] });
      return [{ ...standard!, title: s.title ?? standard!.title }];
    }
    if (s.with && !o.sections.includes(s.with)) return [];
    return [{ section: s.key!, title: s.title!, tables: s.tables!.map((t) => resolveTable(t, context)) }];
  });
}

/** Redress's standard sections, built from a council's options. */
export function standardSections(o: ReportOptions): ReportSection[] {
  const sections: ReportSection[] = [];
  const body = o.ombudsman;
  for (const section of o.sections) {
    let tables: TableDefinition[] = [];
    switch (section) {
      case 'contacts':
        tables = [
          {
            key: 'contacts.by_route', title: 'Contacts through the complaints channel, by how they were handled', population: 'contact', rows: { kind: 'feedback' }, columns: year,
            measures: [count()], filter: { kinds: ['complaint'] }, years: 'comparison', unit: 'count', totalRow: true, chart: 'grouped_bar',
            definition: 'Every contact made as a complaint, by the route chosen at triage: only formal and urgent ones (and those accepted straight at stage 2, shown on their own line) are complaints in the figures that follow.',
          },
          {
            key: 'contacts.becoming_complaints', title: 'Contacts becoming complaints', population: 'contact', rows: year, columns: { kind: 'measure' },
            measures: [
              count('contacts', 'Total contact'),
              count('complaints', 'Progressed as a formal or urgent complaint', { isComplaint: true }),
              { key: 'percent', label: '% of contact becoming a complaint', aggregate: 'percent', where: { isComplaint: true } },
            ],
            filter: { kinds: ['complaint'] }, years: 'comparison', unit: 'percent', decimals: 0, chart: null,
            definition: 'Contacts made as complaints, and how many were progressed as formal or urgent complaints.',
          },
          {
            key: 'contacts.top_services', title: `The ${o.topServices} services most contacted`, population: 'contact', rows: { kind: 'workspace' }, columns: year,
            measures: [count()], filter: { kinds: ['complaint'] }, years: 'comparison', unit: 'count', top: o.topServices, chart: 'bar',
            definition: `The ${o.topServices} workspaces with most contacts in ${o.year}, with each one's position the year before.`,
          },
          {
            key: 'contacts.by_kind', title: 'Everything received, by kind', population: 'contact', rows: { kind: 'contact_kind' }, columns: year,
            measures: [count()], filter: {}, years: 'comparison', unit: 'count', totalRow: true, chart: 'grouped_bar',
            definition: 'Every contact, duplicates counted once: complaints (however routed), compliments, comments, enquiries, MP and councillor enquiries.',
          },
        ];
        break;
      case 'corporate': tables = procedureTables('corporate', o, 'Corporate complaints'); break;
      case 'children_statutory': tables = procedureTables('children_statutory', o, "Children's social care complaints"); break;
      case 'adults_statutory': tables = procedureTables('adults_statutory', o, "Adults' social care complaints"); break;
      case 'public_health': tables = procedureTables('public_health', o, 'Public health complaints'); break;
      case 'housing': tables = procedureTables('housing', o, 'Housing complaints'); break;
      case 'ombudsman':
        tables = [
          {
            key: 'ombudsman.received_by_category', title: 'Complaints and enquiries received by the Ombudsman', population: 'ombudsman', rows: { kind: 'category' }, columns: year,
            measures: [count()], filter: { body }, years: 'comparison', unit: 'count', totalRow: true, chart: 'grouped_bar',
            definition: 'Cases the Ombudsman told the council of, by the year received and the Ombudsman’s own service category.',
          },
          {
            key: 'ombudsman.summary', title: 'Received, investigated in detail and upheld', population: 'ombudsman', rows: year, columns: { kind: 'measure' },
            measures: [
              count('received', 'New complaints'),
              { key: 'detailed_investigations', label: 'Detailed investigations', aggregate: 'count', where: { detailedInvestigation: true, decided: true }, yearBy: 'decided_year' },
              { key: 'upheld', label: 'Upheld', aggregate: 'count', where: { upheld: true, decided: true }, yearBy: 'decided_year' },
              { key: 'upheld_percent', label: '% of detailed investigations upheld', aggregate: 'percent', where: { upheld: true }, within: { detailedInvestigation: true }, yearBy: 'decided_year' },
            ],
            filter: { body }, years: 'comparison', unit: 'count', chart: null,
            definition: 'New complaints by the year received; detailed investigations and upheld decisions by the year decided. The uphold rate is of detailed investigations.',
          },
          {
            key: 'ombudsman.published', title: 'The Ombudsman’s published figures beside the council’s own', population: 'ombudsman', rows: year, columns: { kind: 'measure' },
            measures: [
              { key: 'published_received', label: 'Received (Ombudsman)', aggregate: 'sum', of: 'value', unit: 'count', population: 'ombudsman_published', filter: { body, publishedMeasures: ['complaints_received'] } },
              count('received', 'Received (our records)'),
              { key: 'published_decisions', label: 'Decided (Ombudsman)', aggregate: 'sum', of: 'value', unit: 'count', population: 'ombudsman_published', filter: { body, publishedMeasures: ['decisions'] } },
              { key: 'decisions', label: 'Decided (our records)', aggregate: 'count', where: { decided: true }, yearBy: 'decided_year' },
              { key: 'published_upheld_percent', label: 'Upheld % (Ombudsman)', aggregate: 'sum', of: 'value', unit: 'percent', population: 'ombudsman_published', filter: { body, publishedMeasures: ['upheld_percent'] } },
              { key: 'upheld_percent', label: 'Upheld % (our records)', aggregate: 'percent', where: { upheld: true }, within: { detailedInvestigation: true }, yearBy: 'decided_year' },
              { key: 'published_compliance_percent', label: 'Compliance % (Ombudsman)', aggregate: 'sum', of: 'value', unit: 'percent', population: 'ombudsman_published', filter: { body, publishedMeasures: ['compliance_percent'] } },
              { key: 'compliance_percent', label: 'Compliance % (our records)', aggregate: 'percent', where: { complied: true }, within: { complianceDue: true }, yearBy: 'decided_year' },
            ],
            filter: { body }, years: 'comparison', unit: 'count', decimals: 0, chart: null,
            definition: 'The Ombudsman’s own figures for the council, as it published them (its annual letter, loaded with redress ombudsman figures <file>), beside the same figures counted from the council’s records; where they differ, the cases behind each of ours say why. Blank where no published figure was loaded.',
          },
          {
            key: 'ombudsman.decisions', title: 'The Ombudsman’s decisions', population: 'ombudsman', rows: { kind: 'decision' }, columns: year,
            measures: [{ key: 'count', label: 'Number', aggregate: 'count', where: { decided: true }, yearBy: 'decided_year' }],
            filter: { body }, years: 'comparison', unit: 'count', totalRow: true, chart: 'grouped_bar',
            definition: 'Decisions by the year they were made.',
          },
          {
            key: 'ombudsman.remedies', title: `Remedies for upheld complaints, ${o.year}`, population: 'ombudsman', rows: { kind: 'category' }, columns: { kind: 'measure' },
            measures: [
              { key: 'remedied', label: 'Remedied', aggregate: 'count', where: { remediesRecommended: true }, yearBy: 'decided_year' },
              { key: 'financial', label: 'Financial', aggregate: 'count', where: { financialRemedy: true }, yearBy: 'decided_year' },
              { key: 'amount', label: 'Financial remedies (£)', aggregate: 'sum', of: 'remedy_amount', yearBy: 'decided_year' },
            ],
            filter: { body, upheld: true }, years: 'report_year', unit: 'count', chart: null,
            definition: 'Upheld decisions made in the year where the Ombudsman recommended a remedy, those including a financial remedy, and the amounts.',
          },
          {
            key: 'ombudsman.compliance', title: `Compliance with the Ombudsman’s recommendations, ${o.year}`, population: 'ombudsman', rows: { kind: 'total', label: o.year }, columns: { kind: 'measure' },
            measures: [
              { key: 'upheld', label: 'Upheld', aggregate: 'count', yearBy: 'decided_year' },
              { key: 'remedies_recommended', label: 'Remedies recommended', aggregate: 'count', where: { remediesRecommended: true }, yearBy: 'decided_year' },
              { key: 'satisfactory_remedy_by_council', label: 'Satisfactory remedy by the council', aggregate: 'count', where: { satisfactoryRemedyByCouncil: true }, yearBy: 'decided_year' },
              { key: 'complied_late', label: 'Complied with late', aggregate: 'count', where: { compliedLate: true }, yearBy: 'decided_year' },
              { key: 'compliance_outstanding', label: 'Not yet complied with', aggregate: 'count', where: { complianceOutstanding: true }, yearBy: 'decided_year' },
            ],
            filter: { body, upheld: true }, years: 'report_year', unit: 'count', chart: null,
            definition: 'Of the complaints upheld in the year: how many had remedies recommended, were already put right by the council, had remedies carried out after the agreed date, or not yet.',
          },
        ];
        break;
      case 'compliments':
        tables = [
          {
            key: 'compliments.by_unit', title: `Compliments by ${unitWord(o.level)}`, population: 'contact', rows: byUnit(o.level), columns: year,
            measures: [count()], filter: { kinds: ['compliment'], procedure: 'corporate' }, years: 'comparison', unit: 'count', totalRow: true, chart: 'grouped_bar',
            definition: 'Compliments counted under the corporate section, by the year received.',
          },
          {
            key: 'compliments.by_procedure', title: 'Compliments by section of the report', population: 'contact', rows: { kind: 'procedure' }, columns: year,
            measures: [count()], filter: { kinds: ['compliment'] }, years: 'comparison', unit: 'count', totalRow: true, chart: 'grouped_bar',
            definition: 'Every compliment, by the section it counts under (corporate, children’s and adults’ social care…).',
          },
          {
            key: 'compliments.comments_by_unit', title: `Comments by ${unitWord(o.level)}`, population: 'contact', rows: byUnit(o.level), columns: year,
            measures: [count()], filter: { kinds: ['comment'] }, years: 'comparison', unit: 'count', totalRow: true, chart: 'grouped_bar',
            definition: 'Comments (remarks that need no response), by the year received.',
          },
        ];
        break;
      case 'remedies':
        tables = [{
          key: 'remedies.by_kind', title: `Remedies the council agreed, ${o.year}`, population: 'remedy', rows: { kind: 'remedy_kind' }, columns: { kind: 'measure' },
          measures: [count('count', 'Number'), { key: 'cost', label: 'Cost (£)', aggregate: 'sum', of: 'amount' }],
          filter: {}, years: 'report_year', unit: 'count', chart: null,
          definition: 'Remedies agreed on complaints received in the year, and the total paid as financial redress.',
        }];
        break;
      case 'learning':
        tables = [{
          key: 'learning.by_status', title: 'Learning actions', population: 'learning_action', rows: { kind: 'learning_status' }, columns: year,
          measures: [count()], filter: {}, years: 'comparison', unit: 'count', totalRow: true, chart: null,
          definition: 'Changes services committed to because of complaints, by whether they are done, open, or past their date.',
        }, {
          key: 'learning.by_directorate', title: `Learning actions by directorate, ${o.year}`, population: 'learning_action',
          rows: { kind: 'unit', level: 'directorate' }, columns: { kind: 'learning_status' },
          measures: [count()], filter: {}, years: 'report_year', unit: 'count', totalRow: true, totalColumn: true, chart: null,
          definition: 'Learning actions agreed on complaints received in the year, by the directorate of the complaint and whether they are done, open, past their date, or not going ahead.',
        }];
        break;
    }
    sections.push({ section, title: SECTION_TITLES[section], tables });
  }
  return sections;
}
