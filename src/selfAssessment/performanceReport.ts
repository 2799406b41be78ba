import type { Queryable } from '../db/database.ts';
import { vocabularyLabel } from '../domain/cases/vocabulary.ts';
import type { IsoDate } from '../domain/dates.ts';
import { standing, yearBounds, type MeasureResult, type StageSummary } from './measures.ts';
import { CODES, MEASURE_KEYS, provisionOfMeasure, type CodeKey, type MeasureKey } from './provisions.ts';
import { councilOf, figuresOf, governingBodyResponse, provisionEntries, type Compliance, type GoverningBodyResponse } from './selfAssessment.ts';

/**
 * The annual complaints performance and service improvement report, in the contents the Code
 * requires (section 8.1): the self-assessment; a qualitative and quantitative analysis of
 * complaint handling (numbers at each stage, response times, outcomes, complaints not
 * accepted); findings of non-compliance; the service improvements made because of complaints;
 * the Ombudsman's findings; and the governing body's response (8.2). One model, rendered as
 * HTML, Word, PDF and JSON (render/): every output says the same figures.
 */

/** A figure's name in the report (English, as the annual report's documents). */
export const MEASURE_TITLES: Record<MeasureKey, string> = {
  stage1_acknowledged: 'Stage 1 complaints acknowledged within 5 working days',
  stage1_response: 'Stage 1 responses within 10 working days of the acknowledgement',
  stage1_extension: 'Stage 1 extensions within 10 further working days',
  stage2_requests_accepted: 'Requests for stage 2 accepted',
  stage2_acknowledged: 'Stage 2 requests acknowledged within 5 working days',
  stage2_response: 'Stage 2 responses within 20 working days of the acknowledgement',
  stage2_extension: 'Stage 2 extensions within 20 further working days',
};

const COMPLIANCE_WORDS: Record<Compliance, string> = { yes: 'Yes', partly: 'Partly', no: 'No' };
const STANDING_WORDS = { met: 'met', not_met: 'not met', none: 'no cases' } as const;

export type Block =
  | { kind: 'paragraph'; text: string }
  | { kind: 'table'; key: string; caption: string; head: string[]; rows: string[][]; numeric: boolean[] };

export interface ReportSection {
  key: 'self_assessment' | 'performance' | 'non_compliance' | 'improvements' | 'ombudsman' | 'governing_body';
  title: string;
  blocks: Block[];
}

export interface ReportFigure {
  key: MeasureKey;
  title: string;
  provision: string | null;
  met: number;
  applicable: number;
  percent: number | null;
  pending: number;
  target: number;
  standing: 'met' | 'not_met' | 'none';
}

export interface PerformanceReport {
  format: 'redress-complaint-performance-report/1';
  title: string;
  council: { slug: string; name: string; nation: string };
  year: string;
  code: { key: CodeKey; name: string; source: string };
  generatedOn: IsoDate;
  figures: ReportFigure[];
  stages: StageSummary[];
  selfAssessment: { number: string; requirement: string; compliance: Compliance | null; evidence: string | null; actions: string | null; figures: MeasureKey[] }[];
  notAccepted: { route: string; count: number }[];
  ombudsman: { decision: string; count: number }[];
  improvements: { description: string; owner: string; doneOn: IsoDate }[];
  governingBodyResponse: GoverningBodyResponse | null;
  sections: ReportSection[];
}

export const reportTitleOf = (council: string, year: string) => `${council} — Annual complaints performance and service improvement report ${year}`;

const pct = (p: number | null) => (p === null ? '–' : `${p.toFixed(1)}%`);
export const figureSentence = (f: Pick<ReportFigure, 'met' | 'applicable' | 'percent' | 'target' | 'standing'>) =>
  f.applicable === 0 ? 'No cases to measure.' : `${f.met} of ${f.applicable} (${pct(f.percent)}) against ${f.target}%: ${STANDING_WORDS[f.standing]}.`;

function figureOf(code: CodeKey, m: MeasureResult): ReportFigure {
  return {
    key: m.key, title: MEASURE_TITLES[m.key], provision: provisionOfMeasure(code, m.key)?.number ?? null,
    met: m.met, applicable: m.applicable, percent: m.percent, pending: m.pending, target: m.target, standing: standing(m),
  };
}

export async function buildPerformanceReport(db: Queryable, councilId: number, code: CodeKey, year: string, today: IsoDate): Promise<PerformanceReport> {
  const council = await councilOf(db, councilId);
  const bounds = yearBounds(year, council.reportingYearStarts);
  const def = CODES[code];
  const [figs, entries, response, notAccepted, ombudsman, improvements] = await Promise.all([
    figuresOf(db, council, code, year, today),
    provisionEntries(db, councilId, year, code),
    governingBodyResponse(db, councilId, year, code),
    db.query<{ route: string; count: number }>(
      `SELECT route, count(*)::int AS count FROM contact
        WHERE council_id = $1 AND kind = 'complaint' AND procedure_code = ANY($2::text[]) AND received_on BETWEEN $3::date AND $4::date
          AND route IS NOT NULL AND route NOT IN ('formal', 'urgent') AND duplicate_of_id IS NULL
        GROUP BY route ORDER BY count DESC, route`, [councilId, def.procedureCodes, bounds.from, bounds.to]),
    db.query<{ decision: string; count: number }>(
      `SELECT decision, count(*)::int AS count FROM ombudsman_case
        WHERE council_id = $1 AND body = $2 AND decided_on BETWEEN $3::date AND $4::date AND decision IS NOT NULL
        GROUP BY decision ORDER BY count DESC, decision`, [councilId, code, bounds.from, bounds.to]),
    // Learning actions done in the year on the code's complaints (or on its Ombudsman's cases).
    db.query<{ description: string; owner: string; done_on: string }>(
      `SELECT l.description, l.owner, l.done_on FROM learning_action l
         LEFT JOIN contact c ON c.council_id = l.council_id AND c.id = l.contact_id
         LEFT JOIN ombudsman_case o ON o.council_id = l.council_id AND o.id = l.ombudsman_case_id
        WHERE l.council_id = $1 AND l.done_on BETWEEN $3::date AND $4::date
          AND (c.procedure_code = ANY($2::text[]) OR o.body = $5)
        ORDER BY l.done_on, l.id`, [councilId, def.procedureCodes, bounds.from, bounds.to, code]),
  ]);
  const figures = MEASURE_KEYS.map((k) => figureOf(code, figs.measures[k]));
  const selfAssessment = def.sections.flatMap((s) => s.provisions).map((p) => {
    const e = entries.get(p.number);
    return { number: p.number, requirement: p.requirement, compliance: e?.compliance ?? null, evidence: e?.evidence ?? null, actions: e?.actions ?? null, figures: p.measures ?? [] };
  });
  const report: Omit<PerformanceReport, 'sections'> = {
    format: 'redress-complaint-performance-report/1',
    title: reportTitleOf(council.name, year),
    council: { slug: council.slug, name: council.name, nation: council.nation },
    year, code: { key: code, name: def.name, source: def.source }, generatedOn: today,
    figures, stages: figs.stages, selfAssessment,
    notAccepted: notAccepted.rows, ombudsman: ombudsman.rows,
    improvements: improvements.rows.map((r) => ({ description: r.description, owner: r.owner, doneOn: r.done_on })),
    governingBodyResponse: response,
  };
  return { ...report, sections: sectionsOf(report) };
}

const longDate = (iso: string) => new Date(`${iso}T12:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** The report laid out as sections of paragraphs and tables: what every format prints. */
export function sectionsOf(r: Omit<PerformanceReport, 'sections'>): ReportSection[] {
  const figureByKey = new Map(r.figures.map((f) => [f.key, f]));
  const byNumber = new Map(r.selfAssessment.map((p) => [p.number, p]));
  const selfAssessment: Block[] = [
    { kind: 'paragraph', text: `The council's assessment against the ${r.code.name} for ${r.year}. Where the case records decide a provision, the figure computed from them is shown with it.` },
    ...CODES[r.code.key].sections.map((s): Block => ({
      kind: 'table', key: `section_${s.number}`, caption: `${s.number}. ${s.heading}`,
      head: ['Provision', 'Requirement', 'Complies', 'Evidence, figures and actions'],
      numeric: [false, false, false, false],
      rows: s.provisions.map((p) => {
        const e = byNumber.get(p.number)!;
        const evidence = [
          ...e.figures.map((k) => `Figure: ${figureSentence(figureByKey.get(k)!)}`),
          ...(e.evidence ? [e.evidence] : []),
          ...(e.actions ? [`Actions: ${e.actions}`] : []),
        ].join('\n');
        return [p.number, p.requirement, e.compliance ? COMPLIANCE_WORDS[e.compliance] : 'Not assessed', evidence || '–'];
      }),
    })),
  ];

  const [one, two] = r.stages;
  const performance: Block[] = [
    { kind: 'paragraph', text: `In ${r.year} the council received ${one?.started ?? 0} stage 1 complaints under the code and accepted ${two?.started ?? 0} at stage 2. ${one?.responded ?? 0} stage 1 and ${two?.responded ?? 0} stage 2 responses were sent.` },
    // Each figure as a sentence too: what a reader quotes, and what a screen reader reads without a table.
    ...r.figures.map((f): Block => ({ kind: 'paragraph', text: `${f.title}${f.provision ? ` (provision ${f.provision})` : ''}: ${figureSentence(f)}` })),
    {
      kind: 'table', key: 'timeliness', caption: "The Code's timescales", head: ['Measure', 'Provision', 'Met', 'Measured', 'Per cent', 'Target', 'Standing'],
      numeric: [false, false, true, true, true, true, false],
      rows: r.figures.map((f) => [f.title, f.provision ?? '–', String(f.met), String(f.applicable), pct(f.percent), `${f.target}%`, STANDING_WORDS[f.standing]]),
    },
    {
      kind: 'table', key: 'stages', caption: 'Complaints at each stage', head: ['Stage', 'Started', 'Responded', 'Average working days to respond'],
      numeric: [false, true, true, true],
      rows: r.stages.map((s) => [`Stage ${s.stage}`, String(s.started), String(s.responded), s.averageWorkingDays === null ? '–' : s.averageWorkingDays.toFixed(1)]),
    },
    {
      kind: 'table', key: 'outcomes', caption: 'Outcomes at each stage', head: ['Outcome', 'Stage 1', 'Stage 2'], numeric: [false, true, true],
      rows: (['upheld', 'partially_upheld', 'not_upheld', 'withdrawn', 'no_written_response', 'not_known', 'none'] as const)
        .filter((o) => r.stages.some((s) => s.outcomes[o] > 0))
        .map((o) => [o === 'none' ? 'Not yet decided' : vocabularyLabel(o).replace(/^./, (c) => c.toUpperCase()), String(one?.outcomes[o] ?? 0), String(two?.outcomes[o] ?? 0)]),
    },
    r.notAccepted.length
      ? { kind: 'table', key: 'not_accepted', caption: 'Complaints not taken through the complaints procedure', head: ['How they were handled', 'Number'], numeric: [false, true],
        rows: r.notAccepted.map((n) => [vocabularyLabel(n.route).replace(/^./, (c) => c.toUpperCase()), String(n.count)]) }
      : { kind: 'paragraph', text: 'Every complaint received was taken through the complaints procedure.' },
  ];

  const failures = [
    ...r.selfAssessment.filter((p) => p.compliance === 'no' || p.compliance === 'partly')
      .map((p) => [p.number, p.requirement, `Assessed: ${COMPLIANCE_WORDS[p.compliance!]}.${p.actions ? ` Actions: ${p.actions}` : ''}`]),
    ...r.figures.filter((f) => f.standing === 'not_met').map((f) => [f.provision ?? '–', f.title, figureSentence(f)]),
  ];
  const nonCompliance: Block[] = failures.length
    ? [{ kind: 'table', key: 'non_compliance', caption: 'Provisions not met', head: ['Provision', 'Requirement', 'Finding'], numeric: [false, false, false], rows: failures }]
    : [{ kind: 'paragraph', text: 'No finding of non-compliance with the Code.' }];

  const improvements: Block[] = r.improvements.length
    ? [{ kind: 'table', key: 'improvements', caption: 'Changes made because of complaints', head: ['What changed', 'Who', 'Done on'], numeric: [false, false, false],
      rows: r.improvements.map((i) => [i.description, i.owner, longDate(i.doneOn)]) }]
    : [{ kind: 'paragraph', text: 'No service improvement from complaints was recorded as done this year.' }];

  const ombudsmanName = r.code.key === 'housing_ombudsman' ? 'the Housing Ombudsman' : 'the Local Government and Social Care Ombudsman';
  const ombudsman: Block[] = r.ombudsman.length
    ? [{ kind: 'table', key: 'ombudsman', caption: `Decisions of ${ombudsmanName}`, head: ['Decision', 'Number'], numeric: [false, true],
      rows: r.ombudsman.map((o) => [vocabularyLabel(o.decision).replace(/^./, (c) => c.toUpperCase()), String(o.count)]) }]
    : [{ kind: 'paragraph', text: `${ombudsmanName.replace(/^./, (c) => c.toUpperCase())} decided no complaints about the council this year.` }];

  const g = r.governingBodyResponse;
  const governing: Block[] = g?.response
    ? [
      ...(g.governingBody || g.respondedOn ? [{ kind: 'paragraph' as const, text: [g.governingBody, g.respondedOn ? longDate(g.respondedOn) : null].filter(Boolean).join(', ') }] : []),
      ...g.response.split(/\n\s*\n/).map((text) => ({ kind: 'paragraph' as const, text: text.trim() })),
    ]
    : [{ kind: 'paragraph', text: "The governing body's response is to be added once it has considered this report." }];

  return [
    { key: 'self_assessment', title: 'Self-assessment against the Code', blocks: selfAssessment },
    { key: 'performance', title: 'Complaint handling performance', blocks: performance },
    { key: 'non_compliance', title: 'Findings of non-compliance', blocks: nonCompliance },
    { key: 'improvements', title: 'Service improvements from complaints', blocks: improvements },
    { key: 'ombudsman', title: "The Ombudsman's findings", blocks: ombudsman },
    { key: 'governing_body', title: "The governing body's response", blocks: governing },
  ];
}
