import { addDays, type IsoDate } from '../domain/dates.ts';

/**
 * Retention rules, pure (ADR 26): the kind of record a case is kept as, the day it closed,
 * and whether it is due for anonymisation on a date. The SQL that gathers the facts is in
 * retentionFacts.ts; nothing here reads the database.
 */

export const RECORD_KINDS = ['complaint', 'compliment', 'comment', 'enquiry', 'elected_member_enquiry', 'ombudsman_case'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

/** Redress's default: six years after closure (the Limitation Act's period for a claim). */
export const DEFAULT_RETENTION_YEARS = 6;
export const MAX_RETENTION_YEARS = 100;

export type RetentionPolicy = Readonly<Record<RecordKind, number>>;

export function defaultPolicy(): RetentionPolicy {
  return Object.fromEntries(RECORD_KINDS.map((k) => [k, DEFAULT_RETENTION_YEARS])) as RetentionPolicy;
}

/** What retention needs to know about one case (a contact). */
export interface RetentionFacts {
  contactId: number;
  kind: 'complaint' | 'compliment' | 'comment' | 'enquiry' | 'mp_enquiry' | 'councillor_enquiry';
  receivedOn: IsoDate;
  route: string | null;
  triagedOn: IsoDate | null;
  /** The contact's own response (enquiries). */
  respondedOn: IsoDate | null;
  responseDueOn: IsoDate | null;
  /** The complaint's status, null when the contact never became one. */
  complaintStatus: string | null;
  closedOn: IsoDate | null;
  withdrawnOn: IsoDate | null;
  lastStageRespondedOn: IsoDate | null;
  /** Ombudsman cases about it: any, any still undecided or owing compliance, the latest decision or compliance date. */
  ombudsmanCases: number;
  ombudsmanOpen: boolean;
  ombudsmanLastOn: IsoDate | null;
  /** Remedies not yet done (the council still owes the resident something), and the latest done. */
  remediesOwed: number;
  remediesLastDoneOn: IsoDate | null;
  onHold: boolean;
  anonymised: boolean;
}

export function recordKindOf(f: Pick<RetentionFacts, 'kind' | 'ombudsmanCases'>): RecordKind {
  if (f.ombudsmanCases > 0) return 'ombudsman_case';
  if (f.kind === 'mp_enquiry' || f.kind === 'councillor_enquiry') return 'elected_member_enquiry';
  return f.kind;
}

const OPEN_ROUTES = new Set(['formal', 'urgent']);
const latest = (dates: (IsoDate | null)[]): IsoDate | null =>
  dates.reduce<IsoDate | null>((a, d) => (d !== null && (a === null || d > a) ? d : a), null);

/**
 * The day the case closed, or null while it is open. A complaint closes when closed or
 * withdrawn (or, never having become formal, when triaged to another route); a compliment or
 * comment on the day it came; an enquiry when answered (one imported without a response
 * target, on the day it came). Anything after that — an Ombudsman decision, compliance, a
 * remedy done — moves the closure later; an Ombudsman case in hand or a remedy still owed
 * keeps the case open.
 */
export function closedOn(f: RetentionFacts): IsoDate | null {
  let own: IsoDate | null;
  switch (f.kind) {
    case 'complaint':
      if (f.complaintStatus === 'closed' || f.complaintStatus === 'withdrawn') {
        own = f.closedOn ?? f.withdrawnOn ?? f.lastStageRespondedOn ?? f.triagedOn ?? f.receivedOn;
      } else if (f.complaintStatus === null && f.route !== null && !OPEN_ROUTES.has(f.route)) {
        own = f.triagedOn ?? f.receivedOn;
      } else own = null;
      break;
    case 'compliment':
    case 'comment':
      own = f.respondedOn ?? f.receivedOn;
      break;
    default:
      own = f.respondedOn ?? (f.responseDueOn === null ? f.receivedOn : null);
  }
  if (own === null || f.ombudsmanOpen || f.remediesOwed > 0) return null;
  return latest([own, f.ombudsmanLastOn, f.remediesLastDoneOn]);
}

/** A date some whole years later (29 February moves to 1 March in a year without one). */
export function addYears(date: IsoDate, years: number): IsoDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const target = `${String(y + years).padStart(4, '0')}-${String(m).padStart(2, '0')}-01`;
  return addDays(target, d - 1);
}

export type RetentionStanding =
  | { state: 'open'; kind: RecordKind }
  | { state: 'anonymised'; kind: RecordKind }
  | { state: 'kept'; kind: RecordKind; closedOn: IsoDate; dueOn: IsoDate }
  | { state: 'held'; kind: RecordKind; closedOn: IsoDate; dueOn: IsoDate }
  | { state: 'due'; kind: RecordKind; closedOn: IsoDate; dueOn: IsoDate };

/**
 * Where a case stands on `today`: due for anonymisation once its kind's period after closure
 * has passed (on the due day itself), unless a legal hold is in force, it is still open or
 * it was anonymised already.
 */
export function retentionStanding(f: RetentionFacts, policy: RetentionPolicy, today: IsoDate): RetentionStanding {
  const kind = recordKindOf(f);
  if (f.anonymised) return { state: 'anonymised', kind };
  const closed = closedOn(f);
  if (closed === null) return { state: 'open', kind };
  const dueOn = addYears(closed, policy[kind]);
  if (dueOn > today) return { state: 'kept', kind, closedOn: closed, dueOn };
  return { state: f.onHold ? 'held' : 'due', kind, closedOn: closed, dueOn };
}

/** Counts by kind of what is due (and held back by a hold) on a date. */
export function dueSummary(facts: readonly RetentionFacts[], policy: RetentionPolicy, today: IsoDate): { due: Record<RecordKind, number>; held: Record<RecordKind, number>; dueIds: number[] } {
  const zero = () => Object.fromEntries(RECORD_KINDS.map((k) => [k, 0])) as Record<RecordKind, number>;
  const due = zero();
  const held = zero();
  const dueIds: number[] = [];
  for (const f of facts) {
    const s = retentionStanding(f, policy, today);
    if (s.state === 'due') { due[s.kind] += 1; dueIds.push(f.contactId); }
    if (s.state === 'held') held[s.kind] += 1;
  }
  return { due, held, dueIds };
}

/**
 * What anonymisation leaves of a case event's data: numbers, booleans, dates and codes (a
 * lower-case word with underscores, as every vocabulary in Redress is written); every other
 * string — a note's text, a reason, a file name, a name — becomes "[anonymised]". Keys are
 * kept so the timeline still reads ("a note was added").
 */
export const ANONYMISED_TEXT = '[anonymised]';
const CODE = /^[a-z][a-z_]{0,59}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const PERSONAL_KEYS = new Set(['text', 'name', 'full_name', 'fullName', 'email', 'phone', 'address', 'summary', 'reason', 'description', 'filename', 'note', 'recipient', 'subject', 'body']);

export function anonymisedEventData(data: unknown, key = ''): unknown {
  if (typeof data === 'string') {
    if (PERSONAL_KEYS.has(key)) return ANONYMISED_TEXT;
    return DATE.test(data) || CODE.test(data) ? data : ANONYMISED_TEXT;
  }
  if (Array.isArray(data)) return data.map((v) => anonymisedEventData(v, key));
  if (data !== null && typeof data === 'object') {
    return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, anonymisedEventData(v, k)]));
  }
  return data;
}
