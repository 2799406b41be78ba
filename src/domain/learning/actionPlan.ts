/**
 * Learning as an action plan (issue 10), pure: the statuses of a learning action and how it
 * moves between them, how it stands against its date, and the themes across complaints.
 * The service (src/learning/learningPlan.ts) asks these and writes what they allow.
 */
import type { IsoDate } from '../dates.ts';

/** planned → in progress → done; or not going ahead, with a reason. done_on is the completed date. */
export const LEARNING_STATUSES = ['planned', 'in_progress', 'done', 'not_going_ahead'] as const;
export type LearningStatus = (typeof LEARNING_STATUSES)[number];

export function isLearningStatus(value: string): value is LearningStatus {
  return (LEARNING_STATUSES as readonly string[]).includes(value);
}

/**
 * Where each status may go. A done action may be reopened (the evidence did not hold up); one
 * not going ahead may be taken up again. Nothing moves to the status it already has.
 */
const NEXT: Readonly<Record<LearningStatus, readonly LearningStatus[]>> = {
  planned: ['in_progress', 'done', 'not_going_ahead'],
  in_progress: ['planned', 'done', 'not_going_ahead'],
  done: ['in_progress'],
  not_going_ahead: ['planned', 'in_progress'],
};

export function nextStatuses(from: LearningStatus): readonly LearningStatus[] {
  return NEXT[from];
}

export interface StatusChange {
  to: LearningStatus;
  /** The date it was completed (done only). */
  completedOn?: IsoDate | null;
  /** Why it is not going ahead (not_going_ahead only). */
  reason?: string | null;
  /** What shows it was done: written evidence, or a case document (done only: one or the other). */
  evidence?: string | null;
  evidenceDocumentId?: number | null;
}

/** A problem with a change, by the field it belongs to: an officer can put it right. */
export interface Refusal {
  field: 'status' | 'completedOn' | 'reason' | 'evidence';
  message: string;
}

/**
 * Whether an action of status `from` may make this change today: the move is allowed, done
 * has a completed date (not in the future) and evidence, not going ahead has its reason.
 */
export function statusChangeRefusals(from: LearningStatus, change: StatusChange, today: IsoDate): Refusal[] {
  const refusals: Refusal[] = [];
  if (change.to === from) return [{ field: 'status', message: `The action is already ${statusWords(from)}` }];
  if (!NEXT[from].includes(change.to)) {
    return [{ field: 'status', message: `An action that is ${statusWords(from)} cannot become ${statusWords(change.to)}` }];
  }
  if (change.to === 'done') {
    if (!change.completedOn) refusals.push({ field: 'completedOn', message: 'Enter the date the action was completed' });
    else if (change.completedOn > today) refusals.push({ field: 'completedOn', message: 'The date the action was completed must be today or in the past' });
    if (!change.evidence?.trim() && change.evidenceDocumentId == null) {
      refusals.push({ field: 'evidence', message: 'Enter the evidence that the action was done, or choose a document' });
    }
  }
  if (change.to === 'not_going_ahead' && !change.reason?.trim()) refusals.push({ field: 'reason', message: 'Enter why the action is not going ahead' });
  return refusals;
}

/** A status in the words the plan uses (the screens have their own catalogue; this is for refusals). */
export function statusWords(status: LearningStatus): string {
  return { planned: 'planned', in_progress: 'in progress', done: 'done', not_going_ahead: 'not going ahead' }[status];
}

/** How an action stands today: its status, or overdue once an open action's date has passed. */
export type LearningStanding = LearningStatus | 'overdue';

export function isOpen(status: LearningStatus): boolean {
  return status === 'planned' || status === 'in_progress';
}

export function learningStanding(status: LearningStatus, dueOn: IsoDate | null, today: IsoDate): LearningStanding {
  if (isOpen(status) && dueOn !== null && dueOn < today) return 'overdue';
  return status;
}

/** The standings in the order a plan shows and counts them. */
export const LEARNING_STANDINGS: readonly LearningStanding[] = ['overdue', 'planned', 'in_progress', 'done', 'not_going_ahead'];

/** How many actions stand each way. */
export function standingCounts(standings: readonly LearningStanding[]): Record<LearningStanding, number> {
  const counts = Object.fromEntries(LEARNING_STANDINGS.map((s) => [s, 0])) as Record<LearningStanding, number>;
  for (const s of standings) counts[s] += 1;
  return counts;
}

/** One learning action as the theme summary reads it. */
export interface ThemedAction {
  actionId: number;
  /** The complaint it came from; null for an Ombudsman case with no complaint of ours. */
  contactId: number | null;
  /** The reporting year of its complaint ('2023/24'). */
  year: string;
  themeIds: readonly number[];
}

export interface ThemeYear {
  themeId: number;
  year: string;
  /** Distinct complaints with an action of the theme: one complaint with two such actions counts once. */
  complaints: number;
  actions: number;
}

/**
 * Themes across complaints: for each theme and year, how many complaints and how many
 * actions. An action with two themes counts under each; actions with no theme are left out.
 * Ordered by theme then year.
 */
export function themeSummary(actions: readonly ThemedAction[]): ThemeYear[] {
  const cells = new Map<string, { themeId: number; year: string; complaints: Set<number>; actions: Set<number> }>();
  for (const a of actions) {
    for (const themeId of new Set(a.themeIds)) {
      const key = `${themeId}\u0000${a.year}`;
      let cell = cells.get(key);
      if (!cell) cells.set(key, (cell = { themeId, year: a.year, complaints: new Set(), actions: new Set() }));
      cell.actions.add(a.actionId);
      if (a.contactId !== null) cell.complaints.add(a.contactId);
    }
  }
  return [...cells.values()]
    .map((c) => ({ themeId: c.themeId, year: c.year, complaints: c.complaints.size, actions: c.actions.size }))
    .sort((a, b) => a.themeId - b.themeId || a.year.localeCompare(b.year));
}

/** A council-wide action as typed on /learning/new: from no single complaint. */
export interface NewAction {
  lesson: string;
  description: string;
  unitId: number | null;
  /** A member of staff, or else the name of the person or team responsible. */
  ownerAccountId: number | null;
  ownerName: string;
  dueOn: IsoDate | null;
}

export interface NewActionRefusal { field: 'lesson' | 'description' | 'unit' | 'owner'; message: string }

/** What is missing or too long in a new action; the service checks the unit and owner against the council's lists. */
export function newActionRefusals(a: NewAction, maxText = 5000): NewActionRefusal[] {
  const refusals: NewActionRefusal[] = [];
  const text = (field: 'lesson' | 'description', value: string, missing: string) => {
    if (!value.trim()) refusals.push({ field, message: missing });
    else if (value.length > maxText) refusals.push({ field, message: `This must be ${maxText} characters or fewer` });
  };
  text('lesson', a.lesson, 'Enter what was learnt');
  text('description', a.description, 'Enter the action');
  if (a.unitId === null) refusals.push({ field: 'unit', message: 'Choose the directorate or service whose plan the action is in' });
  if (a.ownerAccountId === null && !a.ownerName.trim()) refusals.push({ field: 'owner', message: 'Choose the member of staff who owns the action, or enter a name' });
  else if (a.ownerAccountId === null && a.ownerName.trim().length > 200) refusals.push({ field: 'owner', message: 'The name must be 200 characters or fewer' });
  return refusals;
}
