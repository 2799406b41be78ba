import { DEADLINE_TAG, DEADLINE_WORDS } from '../../deadlines.ts';
import { explainDue, noBankHolidayDataText, type DueDateBasis } from '../../../domain/calendar/deadlines.ts';
import type { DeadlineState } from '../../../domain/cases/deadlineState.ts';
import type { ComplaintStatus } from '../../../domain/cases/lifecycle.ts';
import type { CaseAction } from '../../../domain/access/caseActions.ts';
import type { CaseDeadline } from '../../../casework/caseDetails.ts';
import type { CaseDocumentSummary } from '../../../casework/documents.ts';
import type { TimelineEvent } from '../../../events/caseTimeline.ts';
import { t } from '../../i18n.ts';

/** Turns what the case page loaded into what its template shows: words, dates and colours. */

const LONG_DATE = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });
export const longDate = (iso: string | null | undefined): string => (iso ? LONG_DATE.format(new Date(`${iso}T00:00:00Z`)) : '');

/** A word from a list of the catalogue, or the value itself in plain English when the catalogue has none. */
export function label(list: string, value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  const key = `case.${list}.${value}`;
  const text = t(key);
  return text === key ? value.replaceAll('_', ' ') : text;
}

const STATUS_TAG: Record<ComplaintStatus, string> = {
  logged: 'govuk-tag--grey',
  triaged: 'govuk-tag--light-blue',
  stage_open: 'govuk-tag--blue',
  responded: 'govuk-tag--turquoise',
  escalation_requested: 'govuk-tag--orange',
  closed: 'govuk-tag--green',
  withdrawn: 'govuk-tag--grey',
};
export const statusTag = (status: ComplaintStatus) => ({ text: label('status', status), classes: STATUS_TAG[status] });

const STANDING_CLASS: Record<DeadlineState, string> = {
  on_track: 'app-deadline--on-track', due_soon: 'app-deadline--due-soon', due_today: 'app-deadline--due-soon', overdue: 'app-deadline--overdue', done: '',
};
export interface DeadlineRow {
  title: string;
  due: string;
  originalDue: string;
  stateClass: string;
  tag: { text: string; classes: string };
  daysText: string;
  doneText: string;
  explanation: string;
  basisRows: { key: { text: string }; value: { text: string } }[];
}

function deadlineTitle(d: CaseDeadline): string {
  const stage = d.stage === null ? '' : t('case.deadlines.stagePrefix', { stage: d.stage });
  switch (d.what) {
    case 'acknowledgement': return stage + t('case.deadlines.acknowledgement');
    case 'response': return stage + t('case.deadlines.response');
    case 'step': return stage + t('case.deadlines.step', { name: d.stepName });
    case 'escalation': return stage + t('case.deadlines.escalation');
    case 'enquiry_response': return t('case.deadlines.enquiryResponse');
  }
}

function basisRows(basis: DueDateBasis) {
  const row = (key: string, value: string) => ({ key: { text: t(`case.basis.${key}`) }, value: { text: value } });
  const rows = [
    row('rule', t(`case.basis.units.${basis.rule.unit}`, { count: basis.rule.amount })),
    row('start', `${longDate(basis.start)}${basis.startName ? ` (${basis.startName})` : ''}`),
    row('countedFrom', label('basis.startedFrom', basis.startedFrom.replace(/^(step(_due)?):.*$/, '$1'))),
    row('holidays', basis.skipped.length ? basis.skipped.map((h) => `${h.title} (${longDate(h.date)})`).join(', ') : t('case.basis.noHolidays')),
  ];
  const stopped = basis.rule.unit === 'working_days' ? basis.pausedWorkingDays : basis.pausedCalendarDays;
  const stops = basis.pauses.map((p) => (p.to ? t('case.basis.pause', { from: longDate(p.from), to: longDate(p.to) }) : t('case.basis.pauseOpen', { from: longDate(p.from) })));
  rows.push(row('clockStops', stopped > 0 || stops.length ? `${t(`case.basis.stopped.${basis.rule.unit}`, { count: stopped })}${stops.length ? `: ${stops.join('; ')}` : ''}` : t('case.basis.noClockStops')));
  rows.push(row('calendar', `${basis.division} ${basis.calendarVersion}`));
  if (basis.noBankHolidayDataFor !== undefined) rows.push(row('warning', noBankHolidayDataText(basis.noBankHolidayDataFor)));
  return rows;
}

export function deadlineRow(d: CaseDeadline): DeadlineRow {
  const { state, workingDays } = d.standing;
  // The window to ask for the next stage is the complainant's: once passed unasked it is closed, not overdue.
  const closedWindow = d.what === 'escalation' && state === 'overdue';
  const shown: DeadlineState = closedWindow ? 'done' : state;
  let daysText = '';
  if (state === 'overdue' && !closedWindow) daysText = t('deadline.workingDaysOver', { count: -workingDays });
  else if (state === 'due_soon' || state === 'on_track') daysText = t('deadline.workingDaysLeft', { count: workingDays });
  return {
    title: deadlineTitle(d),
    due: longDate(d.due),
    originalDue: longDate(d.originalDue),
    stateClass: STANDING_CLASS[shown],
    tag: { text: closedWindow ? t('case.deadlines.windowClosed') : t(DEADLINE_WORDS[shown]), classes: DEADLINE_TAG[shown] },
    daysText,
    doneText: d.doneOn ? t(d.what === 'escalation' ? 'case.deadlines.askedOn' : 'case.deadlines.doneOn', { date: longDate(d.doneOn) }) : '',
    explanation: d.basis ? explainDue(d.basis) : '',
    basisRows: d.basis ? basisRows(d.basis) : [],
  };
}

/** The words for each action's link, in the page's order. */
export const actionItems = (reference: string, actions: readonly CaseAction[]) =>
  actions.map((a) => ({ text: t(`case.actions.${a}`), href: `/cases/${encodeURIComponent(reference)}/${a}`, action: a }));

export function fileSize(bytes: number): string {
  if (bytes < 1024) return t('case.documents.bytes', { count: bytes });
  if (bytes < 1024 * 1024) return t('case.documents.kilobytes', { size: Math.max(1, Math.round(bytes / 1024)) });
  return t('case.documents.megabytes', { size: (bytes / 1024 / 1024).toFixed(1) });
}

export interface TimelineItem {
  label: { text: string };
  byline: { text: string };
  datetime: { timestamp: string; type: 'datetime' };
  on: string;
  type: string;
  stage: number | null;
  note: string | null;
  document: { href: string; filename: string; kind: string; description: string | null } | null;
  details: string[];
}

/** A timeline entry: what happened (its type, in words), by whom, when written, and what it said. */
export function timelineItem(reference: string, e: TimelineEvent, documentIds: ReadonlySet<number>): TimelineItem {
  const data = e.data;
  const str = (k: string) => (typeof data[k] === 'string' && data[k] !== '' ? (data[k] as string) : null);
  const documentId = typeof data.documentId === 'number' ? data.documentId : null;
  const details: string[] = [];
  if (e.type !== 'note_added' && e.type !== 'document_added') {
    for (const key of ['route', 'outcome', 'to', 'reason', 'name']) {
      const v = str(key);
      if (v !== null) details.push(`${t(`case.timeline.fields.${key}`)}: ${/^\d{4}-\d{2}-\d{2}$/.test(v) ? longDate(v) : key === 'reason' || key === 'name' ? v : label('values', v)}`);
    }
  }
  return {
    label: { text: (e.stage ? t('case.deadlines.stagePrefix', { stage: e.stage }) : '') + label('events', e.type) },
    byline: { text: e.actor },
    datetime: { timestamp: e.recordedAt.toISOString(), type: 'datetime' },
    on: longDate(e.on),
    type: e.type,
    stage: e.stage,
    note: e.type === 'note_added' ? str('text') : null,
    document: e.type === 'document_added' && documentId !== null && documentIds.has(documentId)
      ? { href: `/cases/${encodeURIComponent(reference)}/documents/${documentId}`, filename: str('filename') ?? '', kind: label('documentKinds', str('kind')), description: str('description') }
      : null,
    details,
  };
}

export const documentRow = (reference: string, d: CaseDocumentSummary) => ({
  href: `/cases/${encodeURIComponent(reference)}/documents/${d.id}`,
  filename: d.filename,
  kind: label('documentKinds', d.kind),
  description: d.description,
  size: fileSize(d.sizeBytes),
  uploadedBy: d.uploadedBy,
  uploadedAt: d.uploadedAt.toISOString(),
});
