/**
 * Deterministic generator of fictional case history in the case-history CSV format
 * (docs/formats/case-history-csv.md). It feeds the demo council a newcomer sees on
 * `npm start` and the import benchmarks (100k and 1M contacts), so it is pure (no I/O,
 * no clock: `today` is a parameter), seeded (same options → byte-identical rows) and a
 * generator yielding one contact at a time so a million contacts never sit in memory.
 *
 * The proportions imitate the seed reports (Cheshire West triage routes, Calderdale
 * outcomes, response-time bands and Ombudsman tables) closely enough that the demo's
 * reports look like a real council's, not like uniform noise.
 */
import { fromEpochDay, toEpochDay } from '../domain/dates.ts';

// ---------------------------------------------------------------------------------------
// Public types

export interface GeneratedCouncil {
  name: string;
  nation: 'england';
  organisation: { directorate: string; services: { name: string; teams: string[] }[] }[];
  /** Customer-facing names on the complaint form, each owned by one service. */
  workspaces: { name: string; directorate: string; service: string }[];
  /** The council's complaint types (contacts.csv `category`). */
  categories: string[];
}

export const CONTACT_COLUMNS = [
  'reference', 'kind', 'received_on', 'channel', 'procedure', 'route', 'directorate', 'service',
  'team', 'workspace', 'category', 'complainant_group', 'summary',
] as const;

export const STAGE_COLUMNS = [
  'reference', 'stage', 'requested_on', 'decision', 'opened_on', 'extended_to', 'responded_on', 'outcome',
] as const;

export const OMBUDSMAN_COLUMNS = [
  'ombudsman_reference', 'body', 'received_on', 'council_reference', 'category', 'detailed_investigation',
  'decided_on', 'decision', 'satisfactory_remedy_by_council', 'remedies', 'remedy_amount',
  'compliance_due_on', 'complied_on',
] as const;

/** One CSV row each: keys are exactly the columns, '' is a blank cell. */
export type ContactRow = Record<(typeof CONTACT_COLUMNS)[number], string>;
export type StageRow = Record<(typeof STAGE_COLUMNS)[number], string>;
export type OmbudsmanRow = Record<(typeof OMBUDSMAN_COLUMNS)[number], string>;

export interface GeneratedContact {
  contact: ContactRow;
  stages: StageRow[];
  ombudsman: OmbudsmanRow[];
}

export interface CaseHistoryOptions {
  seed: number;
  /** The current date (YYYY-MM-DD); nothing that has happened is dated after it. */
  today: string;
  /** Reporting years to cover, ending with the current (partial) one. */
  years: number;
  /**
   * Contacts in a full reporting year. The current year gets only the share that falls on
   * or before `today` (see plannedContactCounts), as a real year-to-date would.
   */
  contactsPerYear: number;
  council?: GeneratedCouncil;
}

// ---------------------------------------------------------------------------------------
// The demo council (fictional: there is no Harrowdene Borough Council)

export const demoCouncil: GeneratedCouncil = {
  name: 'Harrowdene Borough Council',
  nation: 'england',
  organisation: [
    {
      directorate: 'Adults & Housing',
      services: [
        { name: 'Adult Social Care', teams: ['Assessment & Care Management', 'Reablement & Hospital Discharge', 'Safeguarding Adults'] },
        { name: 'Commissioning & Brokerage', teams: ['Care Placements', 'Direct Payments'] },
        { name: 'Financial Assessments', teams: ['Charging & Financial Assessments'] },
        { name: 'Housing Services', teams: ['Housing Options & Homelessness', 'Tenancy Management', 'Repairs & Maintenance'] },
        { name: 'Public Health', teams: ['Health Improvement', 'Substance Misuse Services'] },
      ],
    },
    {
      directorate: 'Children & Families',
      services: [
        { name: "Children's Social Care", teams: ["Children's Assessment & Intervention", 'Children in Care & Care Leavers', 'Fostering & Adoption'] },
        { name: 'Early Help', teams: ['Family Support', 'Family Hubs'] },
        { name: 'Education & Inclusion', teams: ['School Admissions', 'Home to School Transport', 'SEND Assessment'] },
        { name: 'Youth Justice', teams: ['Youth Justice Service'] },
      ],
    },
    {
      directorate: 'Place & Environment',
      services: [
        { name: 'Highways & Transport', teams: ['Highways Maintenance', 'Traffic & Road Safety', 'Street Lighting'] },
        { name: 'Parking Services', teams: ['Civil Enforcement', 'Permits & Penalty Charge Notices'] },
        { name: 'Waste & Recycling', teams: ['Waste Collection', 'Bulky & Garden Waste', 'Street Cleansing'] },
        { name: 'Planning & Building Control', teams: ['Development Management', 'Planning Enforcement', 'Building Control'] },
        { name: 'Environmental Health & Licensing', teams: ['Environmental Health', 'Licensing', 'Pest Control'] },
        { name: 'Parks & Green Spaces', teams: ['Parks & Open Spaces', 'Bereavement Services'] },
      ],
    },
    {
      directorate: 'Resources',
      services: [
        { name: 'Revenues & Benefits', teams: ['Council Tax', 'Business Rates', 'Benefits'] },
        { name: 'Customer Services', teams: ['Contact Centre', 'Customer Service Centre'] },
        { name: 'Finance', teams: ['Income & Debt Recovery', 'Procurement'] },
        { name: 'Human Resources', teams: ['HR Advisory'] },
        { name: 'Digital & ICT', teams: ['ICT Service Desk', 'Web & Digital'] },
      ],
    },
    {
      directorate: "Chief Executive's Office",
      services: [
        { name: 'Legal & Democratic Services', teams: ['Electoral Services', 'Registrars', 'Legal Services'] },
        { name: 'Communications & Engagement', teams: ['Communications', 'Consultation & Engagement'] },
        { name: 'Policy & Performance', teams: ['Complaints & Information Governance'] },
        { name: 'Libraries & Culture', teams: ['Libraries', 'Museums & Archives'] },
      ],
    },
  ],
  workspaces: [
    { name: 'Bins and recycling', directorate: 'Place & Environment', service: 'Waste & Recycling' },
    { name: 'Roads', directorate: 'Place & Environment', service: 'Highways & Transport' },
    { name: 'Parking', directorate: 'Place & Environment', service: 'Parking Services' },
    { name: 'Planning', directorate: 'Place & Environment', service: 'Planning & Building Control' },
    { name: 'Environmental health and licensing', directorate: 'Place & Environment', service: 'Environmental Health & Licensing' },
    { name: 'Parks and cemeteries', directorate: 'Place & Environment', service: 'Parks & Green Spaces' },
    { name: 'Council tax', directorate: 'Resources', service: 'Revenues & Benefits' },
    { name: 'Benefits', directorate: 'Resources', service: 'Revenues & Benefits' },
    { name: 'Housing', directorate: 'Adults & Housing', service: 'Housing Services' },
    { name: 'Adult social care', directorate: 'Adults & Housing', service: 'Adult Social Care' },
    { name: 'Public health', directorate: 'Adults & Housing', service: 'Public Health' },
    { name: "Children's social care", directorate: 'Children & Families', service: "Children's Social Care" },
    { name: 'Schools (admissions, transport, SEN)', directorate: 'Children & Families', service: 'Education & Inclusion' },
    { name: 'Libraries', directorate: "Chief Executive's Office", service: 'Libraries & Culture' },
    { name: 'Elections and registrars', directorate: "Chief Executive's Office", service: 'Legal & Democratic Services' },
    { name: 'Any other service', directorate: 'Resources', service: 'Customer Services' },
  ],
  categories: [
    'Service Level/Quality', 'Policy/Service Decision', 'Service Delay', 'Staff Conduct', 'Communication',
    'Financial', 'Enforcement Action', 'Staff Performance', 'Appeal', 'Discrimination', 'Confidentiality',
  ],
};

// ---------------------------------------------------------------------------------------
// Seeded PRNG: mulberry32 is tiny, fast and good enough for fictional data; Math.random
// would make every run different and the benchmark incomparable.

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Cumulative weights for `pick`; kept as arrays so the hot loop allocates nothing. */
function cumulative(weights: readonly number[]): number[] {
  const out: number[] = [];
  let sum = 0;
  for (const w of weights) out.push((sum += Math.max(0, w)));
  return out;
}

// ---------------------------------------------------------------------------------------
// Vocabularies (the format doc's values)

type Kind = 'complaint' | 'compliment' | 'comment' | 'enquiry' | 'mp_enquiry' | 'councillor_enquiry';
type Procedure = 'corporate' | 'children_statutory' | 'adults_statutory' | 'public_health' | 'housing';
type Route = 'formal' | 'urgent' | 'informal' | 'service_request' | 'early_resolution' | 'alternative_path' | 'not_eligible' | 'withdrawn';

const KINDS: readonly Kind[] = ['complaint', 'compliment', 'comment', 'enquiry', 'mp_enquiry', 'councillor_enquiry'];
// Compliments ~20% and complaints-channel enquiries from elected members a few percent,
// as in the seeds' contact tables.
const KIND_CUM = cumulative([68, 20, 3, 4.5, 3, 1.5]);

const ROUTES: readonly Route[] = ['formal', 'urgent', 'informal', 'service_request', 'early_resolution', 'alternative_path', 'not_eligible', 'withdrawn'];
// Of complaint-kind contacts; with ~68% complaints this gives ~7% of all contacts formal
// and ~0.5% urgent, Cheshire West's triage mix (2,325 contacts → 172 formal complaints).
const CORPORATE_ROUTE_WEIGHTS = [9, 0.7, 15, 38, 18, 8, 6, 4.3];
// Statutory social-care complaints are mostly taken into the procedure.
const STATUTORY_ROUTE_WEIGHTS = [45, 2, 15, 5, 15, 8, 5, 5];
// A landlord's repairs reports are service requests first.
const HOUSING_ROUTE_WEIGHTS = [30, 2, 5, 35, 15, 3, 4, 6];

const CHANNELS = ['web_form', 'email', 'telephone', 'letter', 'in_person', 'social_media', 'other'] as const;
const CHANNEL_CUM = cumulative([45, 25, 18, 4, 3, 3, 2]);
// Nobody answers the phone or the counter at weekends.
const WEEKEND_CHANNEL_CUM = cumulative([60, 33, 0, 0, 0, 7, 0]);
const MEMBER_CHANNEL_CUM = cumulative([5, 80, 5, 10, 0, 0, 0]);

const GROUPS = ['service_user', 'parent', 'relative', 'carer', 'advocate', 'professional', 'mp', 'councillor', 'other'] as const;
const GROUP_CUM: Record<Procedure | 'compliment', number[]> = {
  corporate: cumulative([78, 3, 8, 2, 2, 2, 0, 0, 5]),
  public_health: cumulative([75, 3, 10, 4, 3, 2, 0, 0, 3]),
  housing: cumulative([82, 0, 7, 2, 3, 2, 0, 0, 4]),
  children_statutory: cumulative([22, 48, 10, 2, 10, 5, 0, 0, 3]),
  adults_statutory: cumulative([38, 0, 32, 14, 10, 3, 0, 0, 3]),
  compliment: cumulative([60, 5, 20, 5, 0, 5, 0, 0, 5]),
};

const OUTCOMES_S1 = ['upheld', 'partially_upheld', 'not_upheld'] as const;
const OUTCOME_S1_CUM = cumulative([25, 30, 45]);
const OUTCOME_S2_CUM = cumulative([15, 30, 55]);
const OUTCOME_S3_CUM = cumulative([15, 35, 50]);

const REMEDY_NAMES = ['apology', 'financial_redress', 'procedure_change', 'training_guidance', 'information_advice', 'reconsidered_decision', 'provide_service'] as const;
const REMEDY_CHANCE = [0.9, 0.6, 0.3, 0.2, 0.05, 0.1, 0.1];

const BASE_CATEGORY_WEIGHTS: Record<string, number> = {
  'Service Level/Quality': 30, 'Policy/Service Decision': 14, 'Service Delay': 14, 'Staff Conduct': 9,
  Communication: 12, Financial: 7, 'Enforcement Action': 3, 'Staff Performance': 6, Appeal: 2,
  Discrimination: 1.5, Confidentiality: 1.5,
};

// Month index 0 = January. Complaints peak after Christmas (missed bins, potholes, gritting)
// and around annual council tax bills; August and December are quiet.
const MONTH_WEIGHTS = [1.15, 1.0, 1.1, 1.1, 1.0, 1.0, 0.95, 0.85, 1.0, 1.05, 1.0, 0.8];
const WEEKEND_WEIGHT = 0.3;

// ---------------------------------------------------------------------------------------
// Service profiles: how each customer-facing service behaves. Matched by name so a caller's
// own council gets sensible behaviour too; unknown workspaces use DEFAULT_PROFILE.

interface Profile {
  match: RegExp;
  /** Relative share of complaints, enquiries and comments. */
  weight: number;
  /** Relative share of compliments (social care and bin crews are thanked a lot). */
  complimentWeight: number;
  lgsco: string;
  /** Share of contacts handled under a procedure other than corporate. */
  procedures?: Partial<Record<Procedure, number>>;
  /** Multipliers on the route weights, by route. */
  routes?: Partial<Record<Route, number>>;
  categories?: Record<string, number>;
  /** Multipliers by month (0 = January). */
  months?: Record<number, number>;
  topics: string[];
  thanks: string[];
}

const PROFILES: Profile[] = [
  {
    match: /bin|recycl|waste/i, weight: 20, complimentWeight: 10, lgsco: 'Environmental Services, Public Protection & Regulation',
    routes: { service_request: 2.2 }, categories: { 'Service Level/Quality': 1.6 }, months: { 0: 1.6, 11: 1.2 },
    topics: ['missed bin collections', 'assisted collection not carried out', 'bin left blocking the pavement', 'garden waste subscription not honoured', 'crew attitude during collection', 'replacement bin not delivered', 'fly-tipping not cleared'],
    thanks: ['the crew for returning the bins tidily', 'a crew member who helped an elderly neighbour', 'the quick removal of fly-tipping'],
  },
  {
    match: /road|highway|pothole/i, weight: 12, complimentWeight: 3, lgsco: 'Highways & Transport',
    routes: { service_request: 1.8 }, months: { 0: 1.4, 1: 1.3, 11: 1.2, 6: 0.8 },
    topics: ['pothole reported but not repaired', 'road not gritted', 'street light out for weeks', 'damage to a vehicle from a pothole', 'roadworks without notice', 'overgrown footpath'],
    thanks: ['the fast pothole repair', 'the gritting crews during the snow'],
  },
  {
    match: /parking/i, weight: 7, complimentWeight: 1, lgsco: 'Highways & Transport',
    routes: { service_request: 0.6, alternative_path: 3 }, categories: { 'Enforcement Action': 8, Appeal: 4 },
    topics: ['penalty charge notice issued unfairly', 'resident permit not renewed', 'civil enforcement officer conduct', 'blue badge holder ticketed', 'pay and display machine not working'],
    thanks: ['the help renewing a resident permit'],
  },
  {
    match: /planning|building control/i, weight: 6, complimentWeight: 1, lgsco: 'Planning & Development',
    routes: { service_request: 0.3, alternative_path: 2, not_eligible: 1.5 }, categories: { 'Policy/Service Decision': 2.5, 'Enforcement Action': 2 },
    topics: ['neighbour extension approved without consultation', 'planning enforcement not acted on', 'delay in deciding an application', 'building control inspection missed'],
    thanks: ['clear pre-application advice'],
  },
  {
    match: /environmental health|licens|pest/i, weight: 3, complimentWeight: 1, lgsco: 'Environmental Services, Public Protection & Regulation',
    categories: { 'Enforcement Action': 4 },
    topics: ['noise nuisance not investigated', 'pest control visit missed', 'taxi licensing delay', 'food hygiene complaint not followed up'],
    thanks: ['the pest control officer'],
  },
  {
    match: /park|cemeter|bereave|green space/i, weight: 2.5, complimentWeight: 3, lgsco: 'Environmental Services, Public Protection & Regulation',
    months: { 4: 1.5, 5: 1.5, 6: 1.5, 7: 1.5 },
    topics: ['grass not cut in the park', 'state of the cemetery grounds', 'play area equipment broken', 'burial arrangements handled poorly'],
    thanks: ['the beautiful park flower beds', 'bereavement staff for their kindness'],
  },
  {
    match: /council tax|revenue/i, weight: 10, complimentWeight: 1.5, lgsco: 'Benefits & Tax',
    routes: { alternative_path: 2 }, categories: { Financial: 4 }, months: { 2: 1.8, 3: 1.8, 4: 1.2 },
    topics: ['council tax bill incorrect', 'single person discount removed', 'enforcement agent instructed without warning', 'direct debit taken twice', 'refund not paid'],
    thanks: ['sorting out a council tax account quickly'],
  },
  {
    match: /benefit/i, weight: 4, complimentWeight: 1, lgsco: 'Benefits & Tax',
    routes: { alternative_path: 2.5 }, categories: { Financial: 4 },
    topics: ['housing benefit claim delayed', 'council tax reduction stopped', 'overpayment recovery', 'discretionary housing payment refused'],
    thanks: ['help with a benefit claim'],
  },
  {
    match: /housing|tenan|homeless/i, weight: 8, complimentWeight: 2, lgsco: 'Housing',
    procedures: { housing: 0.4 }, categories: { 'Service Delay': 1.8 },
    topics: ['repair not completed', 'damp and mould not treated', 'homelessness application delayed', 'temporary accommodation conditions', 'anti-social behaviour by neighbours not addressed'],
    thanks: ['the housing officer for support', 'a repair done on the same day'],
  },
  {
    match: /adult|social care for adults/i, weight: 4.5, complimentWeight: 12, lgsco: 'Adult Care Services',
    procedures: { adults_statutory: 0.85 }, categories: { Communication: 1.5, 'Staff Conduct': 1.3, Confidentiality: 2, Financial: 1.5 },
    topics: ['care package reduced', 'charges for care not explained', 'hospital discharge arranged poorly', 'home carers late or not attending', 'delay in care assessment'],
    thanks: ['the reablement team', 'the social worker for their support', 'the carers who looked after a parent'],
  },
  {
    match: /public health/i, weight: 1, complimentWeight: 1, lgsco: 'Corporate & Other Services',
    procedures: { public_health: 0.8 },
    topics: ['stop smoking service appointment cancelled', 'substance misuse service waiting time', 'health visitor service'],
    thanks: ['the health improvement team'],
  },
  {
    match: /child|famil/i, weight: 4, complimentWeight: 6, lgsco: "Education & Children's Services",
    procedures: { children_statutory: 0.65 }, categories: { Communication: 1.5, 'Staff Conduct': 1.3, Confidentiality: 2 },
    topics: ['social worker changed without notice', 'child protection assessment inaccurate', 'contact arrangements for a child in care', 'foster carer allowances', 'leaving care support'],
    thanks: ['the social worker for their support', 'the family hub staff'],
  },
  {
    match: /school|education|\bsen\b/i, weight: 6, complimentWeight: 2, lgsco: "Education & Children's Services",
    routes: { alternative_path: 2 }, months: { 2: 1.5, 3: 1.7, 8: 1.8 },
    topics: ['school place not offered', 'home to school transport refused', 'EHC plan assessment overdue', 'school transport late', 'SEN support not in place'],
    thanks: ['the admissions team', 'the transport escort'],
  },
  {
    match: /librar|museum|culture/i, weight: 1.5, complimentWeight: 3, lgsco: 'Corporate & Other Services',
    topics: ['library opening hours cut', 'overdue charges', 'library computer booking'],
    thanks: ['library staff for help with an online form', "the children's reading activities"],
  },
  {
    match: /election|regist|democrat/i, weight: 1.5, complimentWeight: 1, lgsco: 'Corporate & Other Services',
    topics: ['postal vote not received', 'birth registration appointment delay', 'name missing from the electoral register'],
    thanks: ['the registrar at a wedding ceremony'],
  },
];

const DEFAULT_PROFILE: Profile = {
  match: /.*/, weight: 5, complimentWeight: 4, lgsco: 'Corporate & Other Services',
  topics: ['call not returned', 'website form not working', 'long wait on the telephone', 'letter not answered', 'staff attitude at the customer service centre'],
  thanks: ['the contact centre adviser', 'customer service staff'],
};

const COMMENTS = ['suggested clearer information on the website', 'commented on opening hours', 'suggested an online booking option', 'remarked on signage', 'suggested text message reminders'];

interface WorkspacePlan {
  name: string;
  /** Services the contact may be allocated to: the workspace's own, or anywhere for "Any other service". */
  allocations: { directorate: string; service: string; teams: string[] }[];
  profile: Profile;
  procedures: Procedure[];
  procedureCum: number[];
  categoryCum: number[];
}

// ---------------------------------------------------------------------------------------
// Dates: whole days since the epoch, formatted through a cache because the same ~1,200
// dates are written millions of times in a big run.

function isWeekend(day: number): boolean {
  const dow = (((day + 4) % 7) + 7) % 7; // 0 = Sunday (1970-01-01 was a Thursday)
  return dow === 0 || dow === 6;
}

/** The date `n` working days after `day` (weekends skipped; bank holidays ignored), per the doc's A < d ≤ B count. */
function addWorkingDays(day: number, n: number): number {
  let d = day;
  while (n > 0) {
    d++;
    if (!isWeekend(d)) n--;
  }
  return d;
}

/** Start (epoch day) of the reporting year (1 April) containing `day`. */
function reportingYearStart(day: number): number {
  const iso = fromEpochDay(day);
  const y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7));
  return toEpochDay(`${m >= 4 ? y : y - 1}-04-01`);
}

/** Initials of the council's name: "Harrowdene Borough Council" → "HBC". */
function referencePrefix(councilName: string): string {
  const initials = councilName
    .split(/\s+/)
    .filter((w) => /^[A-Z]/.test(w))
    .map((w) => w[0])
    .join('');
  return initials || 'RD';
}

interface YearPlan {
  label: string;
  /** Two-digit year used in references: 24 for 2024/25. */
  refYear: string;
  start: number;
  /** Last day that gets contacts: 31 March, or today in the current year. */
  lastDay: number;
  dayWeights: number[];
  totalWeight: number;
  /** Multiplier on the formal route, so the three-year comparison is not flat. */
  formalTrend: number;
}

/**
 * The reporting years and how their contacts spread over the days. Drawn from its own
 * PRNG stream so that plannedContactCounts need not generate the contacts.
 */
function planYears(opts: CaseHistoryOptions, today: number): YearPlan[] {
  const rand = mulberry32((opts.seed ^ 0x9e3779b9) >>> 0);
  const currentStartYear = Number(fromEpochDay(reportingYearStart(today)).slice(0, 4));
  const years: YearPlan[] = [];
  for (let i = 0; i < opts.years; i++) {
    const y = currentStartYear - (opts.years - 1) + i;
    const start = toEpochDay(`${y}-04-01`);
    const end = toEpochDay(`${y + 1}-03-31`);
    const dayWeights: number[] = [];
    let totalWeight = 0;
    for (let d = start; d <= end; d++) {
      const month = Number(fromEpochDay(d).slice(5, 7)) - 1;
      const w = MONTH_WEIGHTS[month]! * (isWeekend(d) ? WEEKEND_WEIGHT : 1) * (0.75 + 0.5 * rand());
      dayWeights.push(w);
      totalWeight += w;
    }
    years.push({
      label: `${y}/${String((y + 1) % 100).padStart(2, '0')}`,
      refYear: String(y % 100).padStart(2, '0'),
      start,
      lastDay: Math.min(end, today),
      dayWeights,
      totalWeight,
      formalTrend: 0.85 + 0.3 * rand(),
    });
  }
  return years;
}

/**
 * Contacts each reporting year will get: `contactsPerYear` for past years and, for the
 * current year, the (seasonally weighted) share received on or before `today`. Lets the
 * benchmark know the total in advance.
 */
export function plannedContactCounts(opts: CaseHistoryOptions): { year: string; contacts: number }[] {
  validate(opts);
  return planYears(opts, toEpochDay(opts.today)).map((y) => {
    let acc = 0;
    for (let d = y.start; d <= y.lastDay; d++) acc += y.dayWeights[d - y.start]!;
    return { year: y.label, contacts: Math.round((acc * opts.contactsPerYear) / y.totalWeight) };
  });
}

function validate(opts: CaseHistoryOptions): void {
  if (!Number.isInteger(opts.years) || opts.years < 1 || opts.years > 50) throw new RangeError(`years must be an integer from 1 to 50, got ${opts.years}`);
  if (!Number.isInteger(opts.contactsPerYear) || opts.contactsPerYear < 0) throw new RangeError(`contactsPerYear must be a non-negative integer, got ${opts.contactsPerYear}`);
  if (!Number.isFinite(opts.seed)) throw new RangeError(`seed must be a number, got ${opts.seed}`);
  toEpochDay(opts.today); // throws on a malformed date
}

function planWorkspaces(council: GeneratedCouncil): WorkspacePlan[] {
  const teamsOf = new Map<string, string[]>();
  const allServices: { directorate: string; service: string; teams: string[] }[] = [];
  for (const d of council.organisation) {
    for (const s of d.services) {
      teamsOf.set(`${d.directorate}\u0000${s.name}`, s.teams);
      allServices.push({ directorate: d.directorate, service: s.name, teams: s.teams });
    }
  }
  const categoryWeights = (p: Profile) =>
    council.categories.map((c) => (BASE_CATEGORY_WEIGHTS[c] ?? 5) * (p.categories?.[c] ?? 1));
  return council.workspaces.map((w) => {
    const teams = teamsOf.get(`${w.directorate}\u0000${w.service}`);
    if (!teams) throw new Error(`Workspace "${w.name}" names ${w.directorate} / ${w.service}, which is not in the council's organisation`);
    const profile = PROFILES.find((p) => p.match.test(w.name)) ?? PROFILES.find((p) => p.match.test(w.service)) ?? DEFAULT_PROFILE;
    // "Any other service" is triaged to wherever the issue belongs, which is how services
    // with no workspace of their own (HR, Finance, Communications) get contacts.
    const catchAll = /any other|other service|general/i.test(w.name);
    const pool = catchAll ? allServices : [{ directorate: w.directorate, service: w.service, teams }];
    const procs: Procedure[] = ['corporate'];
    const procWeights: number[] = [1 - Object.values(profile.procedures ?? {}).reduce((a, b) => a + b, 0)];
    for (const [p, share] of Object.entries(profile.procedures ?? {})) {
      procs.push(p as Procedure);
      procWeights.push(share);
    }
    return {
      name: w.name,
      allocations: pool,
      profile,
      procedures: procs,
      procedureCum: cumulative(procWeights),
      categoryCum: cumulative(categoryWeights(profile)),
    };
  });
}

// ---------------------------------------------------------------------------------------
// The generator

export function* generateCaseHistory(opts: CaseHistoryOptions): Generator<GeneratedContact> {
  validate(opts);
  const council = opts.council ?? demoCouncil;
  const today = toEpochDay(opts.today);
  const rand = mulberry32(opts.seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const chance = (p: number) => rand() < p;
  const pick = (cum: readonly number[]): number => {
    const r = rand() * cum[cum.length - 1]!;
    let i = 0;
    while (i < cum.length - 1 && r >= cum[i]!) i++;
    return i;
  };
  const pickOf = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;

  const dateCache = new Map<number, string>();
  const iso = (day: number): string => {
    let s = dateCache.get(day);
    if (s === undefined) dateCache.set(day, (s = fromEpochDay(day)));
    return s;
  };

  const plans = planWorkspaces(council);
  if (plans.length === 0) throw new Error('The council has no workspaces to generate contacts for');
  const prefix = referencePrefix(council.name);
  // Wide enough that a big run's references stay unique and sort in order.
  const pad = Math.max(6, String(opts.contactsPerYear).length);

  // Ombudsman references: two-digit year + six digits, like LGSCO's 23001455. A stride
  // coprime with 10^6 scatters them realistically while keeping them unique.
  const ombudsmanCounters = new Map<string, number>();
  const ombudsmanOffset = int(0, 999_999);
  const nextOmbudsmanReference = (day: number): string => {
    const yy = iso(day).slice(2, 4);
    const n = ombudsmanCounters.get(yy) ?? 0;
    if (n >= 1_000_000) throw new RangeError('More than a million Ombudsman cases in one year');
    ombudsmanCounters.set(yy, n + 1);
    return `${yy}${String((n * 7919 + ombudsmanOffset) % 1_000_000).padStart(6, '0')}`;
  };

  const complimentCum = cumulative(plans.map((p) => p.profile.complimentWeight));
  // Some services are seasonal (school offers, annual bills), so workspace odds vary by month.
  const workspaceCumByMonth: number[][] = [];
  for (let m = 0; m < 12; m++) workspaceCumByMonth.push(cumulative(plans.map((p) => p.profile.weight * (p.profile.months?.[m] ?? 1))));

  const years = planYears(opts, today);
  for (let yearIndex = 0; yearIndex < years.length; yearIndex++) {
    const year = years[yearIndex]!;
    const routeCum = plans.map((plan) =>
      plan.procedures.map((proc) => {
        const base = proc === 'children_statutory' || proc === 'adults_statutory' ? STATUTORY_ROUTE_WEIGHTS
          : proc === 'housing' ? HOUSING_ROUTE_WEIGHTS : CORPORATE_ROUTE_WEIGHTS;
        return cumulative(ROUTES.map((r, i) => base[i]! * (plan.profile.routes?.[r] ?? 1) * (r === 'formal' ? year.formalTrend : 1)));
      }),
    );
    // Cumulative rounding spreads exactly contactsPerYear over a full year and stops the
    // current year at today with its share so far.
    let cumWeight = 0;
    let emitted = 0;
    let sequence = 0;
    for (let d = year.start; d <= year.lastDay; d++) {
      cumWeight += year.dayWeights[d - year.start]!;
      const target = Math.round((cumWeight * opts.contactsPerYear) / year.totalWeight);
      const month = Number(iso(d).slice(5, 7)) - 1;
      const weekend = isWeekend(d);
      for (; emitted < target; emitted++) {
        sequence++;
        const reference = `${prefix}${year.refYear}-${String(sequence).padStart(pad, '0')}`;
        yield makeContact(reference, d, month, weekend, yearIndex, routeCum);
      }
    }
  }

  function makeContact(
    reference: string, received: number, month: number, weekend: boolean, yearIndex: number, routeCum: number[][][],
  ): GeneratedContact {
    const kind = KINDS[pick(KIND_CUM)]!;
    const planIndex = pick(kind === 'compliment' ? complimentCum : workspaceCumByMonth[month]!);
    const plan = plans[planIndex]!;
    const profile = plan.profile;
    const isMember = kind === 'mp_enquiry' || kind === 'councillor_enquiry';

    // Procedure: required on complaints, the report section on compliments and comments.
    const procIndex = kind === 'complaint' || kind === 'compliment' || kind === 'comment' ? pick(plan.procedureCum) : -1;
    const procedure: Procedure | '' = procIndex >= 0 ? plan.procedures[procIndex]! : '';
    const route: Route | '' = kind === 'complaint' ? ROUTES[pick(routeCum[planIndex]![procIndex]!)]! : '';
    const isComplaint = route === 'formal' || route === 'urgent';

    let directorate = '';
    let service = '';
    let team = '';
    // Some compliments arrive with no service recorded (the doc allows a blank directorate).
    if (!(kind === 'compliment' && chance(0.05))) {
      const a = plan.allocations.length === 1 ? plan.allocations[0]! : pickOf(plan.allocations);
      directorate = a.directorate;
      service = a.service;
      if (a.teams.length > 0 && chance(isComplaint ? 0.88 : 0.6)) team = pickOf(a.teams);
    }

    const channel = CHANNELS[pick(isMember ? MEMBER_CHANNEL_CUM : weekend ? WEEKEND_CHANNEL_CUM : CHANNEL_CUM)]!;
    let group = '';
    if (kind === 'mp_enquiry') group = 'mp';
    else if (kind === 'councillor_enquiry') group = 'councillor';
    else if (kind === 'complaint') group = chance(0.95) ? GROUPS[pick(GROUP_CUM[procedure as Procedure])]! : '';
    else if (kind === 'compliment' && chance(0.7)) group = GROUPS[pick(GROUP_CUM.compliment)]!;

    const topic = pickOf(profile.topics);
    let summary: string;
    switch (kind) {
      case 'complaint': summary = topic[0]!.toUpperCase() + topic.slice(1); break;
      case 'compliment': summary = `Thanked ${pickOf(profile.thanks)}`; break;
      case 'comment': summary = `${plan.name}: ${pickOf(COMMENTS)}`; break;
      case 'enquiry': summary = `Asked about ${topic}`; break;
      case 'mp_enquiry': summary = `MP enquiry on behalf of a constituent about ${topic}`; break;
      default: summary = `Ward councillor enquiry about ${topic}`;
    }

    const contact: ContactRow = {
      reference,
      kind,
      received_on: iso(received),
      channel,
      procedure,
      route,
      directorate,
      service,
      team,
      workspace: plan.name,
      category: isComplaint && chance(0.92) ? council.categories[pick(plan.categoryCum)] ?? '' : '',
      complainant_group: group,
      summary,
    };
    if (!isComplaint) return { contact, stages: [], ombudsman: [] };

    const stages: StageRow[] = [];
    const last = makeStages(reference, received, procedure as Procedure, route === 'urgent', yearIndex, stages);
    const ombudsman: OmbudsmanRow[] = [];
    if (last) {
      const o = makeOmbudsman(reference, last, procedure as Procedure, profile.lgsco);
      if (o) ombudsman.push(o);
    }
    return { contact, stages, ombudsman };
  }

  /**
   * Stage rows for one complaint; returns when and how its last stage ended (for the
   * Ombudsman), or null if it is still open or was withdrawn.
   */
  function makeStages(
    reference: string, received: number, procedure: Procedure, urgent: boolean, yearIndex: number, stages: StageRow[],
  ): { day: number; exhausted: boolean; refused: boolean } | null {
    // Stage 1 normally opens on receipt; sometimes later (passed between services).
    let opened = received;
    if (!urgent && chance(0.07)) opened = Math.min(today, addWorkingDays(received, int(1, 3)));

    // Working days to respond: ~45% within 10, ~35% 11–20, ~20% over 20 (Calderdale's
    // bands); adults' timescales are agreed case by case and run longer; urgent is fast.
    let wd: number;
    const r = rand();
    if (urgent) wd = r < 0.8 ? int(1, 5) : int(6, 12);
    else if (procedure === 'adults_statutory') wd = r < 0.3 ? tenOrLess() : r < 0.65 ? int(11, 20) : overTwenty(25);
    else wd = r < 0.45 ? tenOrLess() : r < 0.8 ? int(11, 20) : overTwenty(15);

    const s1 = stageRow(reference, 1, '', '', opened);
    stages.push(s1);
    const due = addWorkingDays(opened, wd);
    // Extensions are agreed on some of the slow ones; not every extension is met.
    if (wd > 10 && !urgent && chance(0.4)) {
      const extWd = wd <= 20 ? 20 : chance(0.6) ? wd + int(0, 5) : 20;
      s1.extended_to = iso(addWorkingDays(opened, extWd));
    }
    if (chance(0.05)) {
      s1.outcome = 'withdrawn';
      return null;
    }
    if (due > today) return null; // still open (blank response and outcome)
    s1.responded_on = iso(due);
    // Only outstanding work carries a deadline after today.
    if (s1.extended_to > iso(today)) s1.extended_to = '';
    // Legacy records from the oldest year occasionally lack an outcome.
    s1.outcome = yearIndex === 0 && chance(0.01) ? 'not_known' : OUTCOMES_S1[pick(OUTCOME_S1_CUM)]!;

    // Adults' statutory procedure has a single local stage before the Ombudsman.
    const maxStage = procedure === 'adults_statutory' ? 1 : procedure === 'children_statutory' ? 3 : 2;
    let lastDay = due;
    let lastOutcome = s1.outcome;
    for (let stage = 2; stage <= maxStage; stage++) {
      const p = lastOutcome === 'upheld' ? 0.1 : lastOutcome === 'partially_upheld' ? 0.25 : 0.3;
      if (!chance(stage === 3 ? p * 1.2 : p)) return { day: lastDay, exhausted: false, refused: false };
      const requested = addWorkingDays(lastDay, int(1, 20));
      if (requested > today) return { day: lastDay, exhausted: false, refused: false };
      const refused = chance(procedure === 'children_statutory' ? 0.05 : 0.12);
      const row = stageRow(reference, stage, iso(requested), refused ? 'refused' : 'accepted', null);
      stages.push(row);
      if (refused) {
        // For a refused request opened_on is the date it was refused.
        const refusedOn = Math.min(today, addWorkingDays(requested, int(0, 5)));
        row.opened_on = iso(refusedOn);
        return { day: refusedOn, exhausted: false, refused: true };
      }
      const stageOpened = Math.min(today, addWorkingDays(requested, int(0, 3)));
      row.opened_on = iso(stageOpened);
      let swd: number;
      const r2 = rand();
      if (stage === 3) swd = int(15, 45); // review panel within 30 working days, then the response
      else if (procedure === 'children_statutory') swd = r2 < 0.35 ? int(10, 25) : r2 < 0.8 ? int(26, 65) : int(66, 100);
      else swd = r2 < 0.5 ? int(8, 20) : r2 < 0.8 ? int(21, 30) : int(31, 60);
      // Corporate stage 2 may be extended by agreement; children's stage 2 runs 25 working
      // days, extendable to 65.
      if (stage === 2 && procedure === 'children_statutory' && swd > 25 && chance(0.6)) {
        row.extended_to = iso(addWorkingDays(stageOpened, 65));
      } else if (stage === 2 && procedure !== 'children_statutory' && swd > 20 && chance(0.3)) {
        row.extended_to = iso(addWorkingDays(stageOpened, swd <= 30 ? 30 : swd + int(0, 5)));
      }
      if (chance(0.04)) {
        row.outcome = 'withdrawn';
        return null;
      }
      const responded = addWorkingDays(stageOpened, swd);
      if (responded > today) return null;
      row.responded_on = iso(responded);
      if (row.extended_to > iso(today)) row.extended_to = '';
      row.outcome = OUTCOMES_S1[pick(stage === 3 ? OUTCOME_S3_CUM : OUTCOME_S2_CUM)]!;
      lastDay = responded;
      lastOutcome = row.outcome;
      // Children's stage 3 only follows a stage 2 that did not fully uphold.
      if (stage === 2 && maxStage === 3 && lastOutcome === 'upheld') return { day: lastDay, exhausted: true, refused: false };
    }
    return { day: lastDay, exhausted: true, refused: false };
  }

  function tenOrLess(): number {
    // Skewed towards the deadline: officers answer near day 10 more often than on day 1.
    return 1 + Math.floor(10 * Math.sqrt(rand()));
  }

  function overTwenty(scale: number): number {
    return Math.min(120, 21 + Math.floor(-Math.log(1 - rand()) * scale));
  }

  function stageRow(reference: string, stage: number, requested: string, decision: string, opened: number | null): StageRow {
    return {
      reference, stage: String(stage), requested_on: requested, decision, opened_on: opened === null ? '' : iso(opened),
      extended_to: '', responded_on: '', outcome: '',
    };
  }

  /**
   * About 3% of formal complaints reach the LGSCO: most after the procedure is exhausted,
   * some prematurely (which the Ombudsman refers back).
   */
  function makeOmbudsman(
    reference: string, last: { day: number; exhausted: boolean; refused: boolean }, procedure: Procedure, category: string,
  ): OmbudsmanRow | null {
    const p = last.exhausted ? (procedure === 'adults_statutory' ? 0.05 : 0.12) : last.refused ? 0.12 : 0.012;
    if (!chance(p)) return null;
    const received = last.day + int(14, 180);
    if (received > today) return null;

    const row: OmbudsmanRow = {
      ombudsman_reference: nextOmbudsmanReference(received), body: 'lgsco', received_on: iso(received),
      council_reference: reference, category, detailed_investigation: '', decided_on: '', decision: '',
      satisfactory_remedy_by_council: '', remedies: '', remedy_amount: '', compliance_due_on: '', complied_on: '',
    };
    const premature = !last.exhausted && !last.refused;
    const decision = premature
      ? (['referred_back_for_local_resolution', 'closed_after_initial_enquiries', 'incomplete_or_invalid', 'out_of_jurisdiction'] as const)[pick(PREMATURE_CUM)]!
      : (['closed_after_initial_enquiries', 'out_of_jurisdiction', 'incomplete_or_invalid', 'referred_back_for_local_resolution', 'not_upheld', 'upheld'] as const)[pick(EXHAUSTED_CUM)]!;
    const detailed = decision === 'upheld' || decision === 'not_upheld';
    const decided = received + (detailed ? int(60, 270) : int(10, 70));
    if (decided > today) {
      // Still with the Ombudsman: a detailed investigation is known once it has started.
      if (detailed && received + 40 <= today) row.detailed_investigation = 'yes';
      return row;
    }
    row.detailed_investigation = detailed ? 'yes' : 'no';
    row.decided_on = iso(decided);
    row.decision = decision;
    if (decision !== 'upheld') return row;

    if (chance(0.15)) {
      // Fault found but the council had already put it right.
      row.satisfactory_remedy_by_council = 'yes';
      return row;
    }
    row.satisfactory_remedy_by_council = 'no';
    const remedies: string[] = [];
    for (let i = 0; i < REMEDY_NAMES.length; i++) if (chance(REMEDY_CHANCE[i]!)) remedies.push(REMEDY_NAMES[i]!);
    if (remedies.length === 0) remedies.push('apology');
    row.remedies = remedies.join(';');
    if (remedies.includes('financial_redress')) {
      // £100–£1,500 in £50 steps, mostly at the lower end (time and trouble payments).
      row.remedy_amount = String(100 + 50 * Math.floor(rand() * rand() * 29));
    }
    // The compliance due date is a deadline, not an event, so it may lie after today
    // while compliance is outstanding.
    const dueOn = decided + int(28, 42);
    row.compliance_due_on = iso(dueOn);
    const r = rand();
    const complied = r < 0.82 ? Math.max(decided + 1, dueOn - int(1, 20)) : r < 0.92 ? dueOn + int(1, 30) : Infinity;
    if (complied <= today) row.complied_on = iso(complied);
    return row;
  }
}

const PREMATURE_CUM = cumulative([60, 20, 10, 10]);
const EXHAUSTED_CUM = cumulative([30, 8, 4, 3, 15, 40]);
