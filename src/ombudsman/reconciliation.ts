import { PUBLISHED_MEASURES } from './publishedFigures.ts';
import { matchReference, type PublishedCompliance } from './figuresFiles.ts';

/**
 * The Ombudsman's annual letter reconciled with Redress's own records, and the council's
 * rates beside its neighbours'. Pure: the repository (reconciliationRepository.ts) reads the
 * rows, these rules say what agrees and what does not.
 */

export type Measure = (typeof PUBLISHED_MEASURES)[number];
const PERCENT_MEASURES = new Set<string>(['upheld_percent', 'compliance_percent']);
export const isPercentMeasure = (measure: string) => PERCENT_MEASURES.has(measure);

/** One of our Ombudsman cases as the measures count it (a row of report_ombudsman). */
export interface OurCaseFigures {
  receivedYear: string;
  decidedYear: string | null;
  decision: string | null;
  detailedInvestigation: boolean;
  upheld: boolean;
  satisfactoryRemedyByCouncil: boolean;
  complianceDue: boolean;
  complied: boolean;
}

const percent = (part: number, whole: number) => (whole === 0 ? null : Math.round((1000 * part) / whole) / 10);

/**
 * Redress's count of each published measure for a year, counted as the Ombudsman counts:
 * received by the year received, everything else by the year decided; the uphold rate is of
 * detailed investigations, the compliance rate of decisions whose remedies fell due.
 */
export function countOurMeasures(cases: readonly OurCaseFigures[], year: string): Record<Measure, number | null> {
  const decided = cases.filter((c) => c.decidedYear === year && c.decision !== null);
  const count = (test: (c: OurCaseFigures) => boolean) => decided.filter(test).length;
  const detailed = decided.filter((c) => c.detailedInvestigation);
  const due = decided.filter((c) => c.complianceDue);
  return {
    complaints_received: cases.filter((c) => c.receivedYear === year).length,
    decisions: decided.length,
    detailed_investigations: detailed.length,
    upheld: count((c) => c.upheld),
    upheld_percent: percent(detailed.filter((c) => c.upheld).length, detailed.length),
    compliance_percent: percent(due.filter((c) => c.complied).length, due.length),
    satisfactory_remedy_by_council: count((c) => c.satisfactoryRemedyByCouncil),
    closed_after_initial_enquiries: count((c) => c.decision === 'closed_after_initial_enquiries'),
    referred_back_for_local_resolution: count((c) => c.decision === 'referred_back_for_local_resolution'),
  };
}

export interface MeasureLine { measure: Measure; ours: number | null; theirs: number | null; difference: number | null }

/**
 * Each measure: ours, the Ombudsman's and ours less theirs. Only measures the Ombudsman
 * published are listed (a council's letter does not give every one).
 */
export function compareMeasures(ours: Record<Measure, number | null>, theirs: Readonly<Partial<Record<string, number>>>): MeasureLine[] {
  return PUBLISHED_MEASURES.filter((m) => theirs[m] !== undefined).map((measure) => {
    const o = ours[measure];
    const t = theirs[measure]!;
    return { measure, ours: o, theirs: t, difference: o === null ? null : Math.round((o - t) * 10) / 10 };
  });
}

/** One of our cases as the case-by-case check sees it. */
export interface OurCase {
  id: number;
  reference: string;
  decidedYear: string | null;
  decision: string | null;
  compliance: PublishedCompliance | null;
}

/** One case on the Ombudsman's published list. */
export interface TheirCase {
  reference: string;
  decidedOn: string;
  decidedYear: string;
  category: string | null;
  decision: string;
  compliance: PublishedCompliance | null;
}

export type CaseStanding = 'differ' | 'only_ours' | 'only_theirs' | 'agree';
export type CaseDifference = 'decision' | 'decided_year' | 'compliance';

export interface CaseLine {
  reference: string;
  standing: CaseStanding;
  differences: CaseDifference[];
  ours: OurCase | null;
  theirs: TheirCase | null;
}

const UPHELD = new Set(['upheld', 'maladministration', 'severe_maladministration', 'service_failure']);
const NOT_UPHELD = new Set(['not_upheld', 'no_maladministration']);

/**
 * Whether two decisions say the same: the same word, or the Ombudsman's general "upheld" /
 * "not upheld" where our record is more precise (the Housing Ombudsman's findings).
 */
export function sameDecision(ours: string | null, theirs: string): boolean {
  if (ours === null) return false;
  if (ours === theirs) return true;
  if (UPHELD.has(ours) && UPHELD.has(theirs)) return ours === 'upheld' || theirs === 'upheld';
  if (NOT_UPHELD.has(ours) && NOT_UPHELD.has(theirs)) return ours === 'not_upheld' || theirs === 'not_upheld';
  return false;
}

/** Our compliance of a case from its dates: none due, complied on time or late, or outstanding. */
export function complianceOf(c: { complianceDueOn: string | null; compliedOn: string | null }): PublishedCompliance | null {
  if (c.complianceDueOn === null) return c.compliedOn === null ? null : 'complied';
  if (c.compliedOn === null) return 'outstanding';
  return c.compliedOn > c.complianceDueOn ? 'complied_late' : 'complied';
}

const ORDER: Record<CaseStanding, number> = { differ: 0, only_ours: 1, only_theirs: 2, agree: 3 };

/**
 * Case by case for a year, matched on the Ombudsman's reference (upper case, no spaces): the
 * cases either side says were decided that year, each in both and agreeing, in both but
 * differing (and in what), only ours, or only the Ombudsman's. A blank compliance on the
 * Ombudsman's list is not a difference: it says nothing. Differences first, then by reference.
 */
export function reconcileCases(year: string, ours: readonly OurCase[], theirs: readonly TheirCase[]): CaseLine[] {
  const oursBy = new Map(ours.map((c) => [matchReference(c.reference), c]));
  const theirsBy = new Map(theirs.map((c) => [matchReference(c.reference), c]));
  const keys = new Set([
    ...ours.filter((c) => c.decidedYear === year).map((c) => matchReference(c.reference)),
    ...theirs.filter((c) => c.decidedYear === year).map((c) => matchReference(c.reference)),
  ]);
  const lines: CaseLine[] = [];
  for (const key of keys) {
    const o = oursBy.get(key) ?? null;
    const t = theirsBy.get(key) ?? null;
    if (!t) {
      lines.push({ reference: o!.reference, standing: 'only_ours', differences: [], ours: o, theirs: null });
      continue;
    }
    if (!o) {
      lines.push({ reference: t.reference, standing: 'only_theirs', differences: [], ours: null, theirs: t });
      continue;
    }
    const differences: CaseDifference[] = [];
    if (!sameDecision(o.decision, t.decision)) differences.push('decision');
    if (o.decidedYear !== t.decidedYear) differences.push('decided_year');
    if (t.compliance !== null && o.compliance !== t.compliance) differences.push('compliance');
    lines.push({ reference: o.reference, standing: differences.length ? 'differ' : 'agree', differences, ours: o, theirs: t });
  }
  return lines.sort((a, b) => ORDER[a.standing] - ORDER[b.standing] || a.reference.localeCompare(b.reference));
}

/** How many cases stand each way. */
export function tallyCases(lines: readonly CaseLine[]): Record<CaseStanding, number> {
  const tally: Record<CaseStanding, number> = { agree: 0, differ: 0, only_ours: 0, only_theirs: 0 };
  for (const l of lines) tally[l.standing] += 1;
  return tally;
}

/** An authority's published figures for a year, by measure. */
export interface AuthorityFigures { code: string; name: string; measures: Readonly<Partial<Record<string, number>>> }

export interface BenchmarkLine {
  code: string;
  name: string;
  /** The council itself. */
  own: boolean;
  detailedInvestigations: number | null;
  upheld: number | null;
  upholdRate: number | null;
  complianceRate: number | null;
}

export interface Benchmark {
  lines: BenchmarkLine[];
  /** The comparison councils' average (the council itself left out), of those with a rate. */
  average: { upholdRate: number | null; complianceRate: number | null };
  /** The group's members with no published figures that year. */
  missing: string[];
}

/** An authority's uphold rate: as published, else worked out from its upheld detailed investigations. */
export function upholdRateOf(measures: Readonly<Partial<Record<string, number>>>): number | null {
  if (measures.upheld_percent !== undefined) return measures.upheld_percent;
  const di = measures.detailed_investigations;
  const up = measures.upheld;
  return di === undefined || up === undefined ? null : percent(up, di);
}

const mean = (values: (number | null)[]) => {
  const known = values.filter((v): v is number => v !== null);
  return known.length === 0 ? null : Math.round((10 * known.reduce((a, b) => a + b, 0)) / known.length) / 10;
};

/**
 * The council beside a comparison group for a year: each member's uphold and compliance
 * rates, the council's own (highlighted), and the group's average without the council.
 */
export function benchmark(authorities: readonly AuthorityFigures[], memberCodes: readonly string[], ownCode: string | null): Benchmark {
  const byCode = new Map(authorities.map((a) => [a.code, a]));
  const codes = [...new Set([...(ownCode ? [ownCode] : []), ...memberCodes])];
  const lines: BenchmarkLine[] = codes.flatMap((code) => {
    const a = byCode.get(code);
    if (!a) return [];
    return [{
      code, name: a.name, own: code === ownCode,
      detailedInvestigations: a.measures.detailed_investigations ?? null,
      upheld: a.measures.upheld ?? null,
      upholdRate: upholdRateOf(a.measures),
      complianceRate: a.measures.compliance_percent ?? null,
    }];
  }).sort((a, b) => a.name.localeCompare(b.name));
  const others = lines.filter((l) => !l.own);
  return {
    lines,
    average: { upholdRate: mean(others.map((l) => l.upholdRate)), complianceRate: mean(others.map((l) => l.complianceRate)) },
    missing: memberCodes.filter((c) => !byCode.has(c) && c !== ownCode),
  };
}

const COMMON_WORDS = new Set(['council', 'city', 'of', 'the', 'metropolitan', 'borough', 'county', 'district', 'mbc', 'cc', 'and', 'royal']);
const nameKey = (name: string) => name.toLowerCase().split(/[^a-z]+/).filter((w) => w && !COMMON_WORDS.has(w)).join(' ');

/** Which authority in the published data is the council, by its name ("Calderdale Council" is "Calderdale MBC"), if exactly one. */
export function guessOwnAuthority(councilName: string, authorities: readonly { code: string; name: string }[]): string | null {
  const key = nameKey(councilName);
  if (key === '') return null;
  const found = [...new Set(authorities.filter((a) => nameKey(a.name) === key).map((a) => a.code))];
  return found.length === 1 ? found[0]! : null;
}
