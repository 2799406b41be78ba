import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadShippedBankHolidays } from '../../src/domain/calendar/bankHolidays.ts';
import { DEFAULT_REMINDER_SETTINGS as defaults, reminderSettingsOf } from '../../src/messages/reminders/settings.ts';
import {
  deadlineReminder, digestDay, escalationFloor, escalationReminder, isoWeek, managerAlert, reminderFloor, reminderHorizon, workingDaysText,
} from '../../src/messages/reminders/rules.ts';
import { councilTime, inWorkingHours } from '../../src/messages/reminders/workingHours.ts';
import { workingDaysBetween } from '../../src/domain/calendar/workingDays.ts';
import { addDays } from '../../src/domain/dates.ts';

// England: Fri 25 and Mon 28 December 2026 and Fri 1 January 2027 are bank holidays.
const cal = loadShippedBankHolidays()['england-and-wales'];
const due = '2026-12-30'; // a Wednesday

test('before a deadline the smallest threshold reached is due, counted in working days past the weekend and bank holidays', () => {
  assert.equal(deadlineReminder(cal, '2026-12-18', due, defaults), null, 'Fri 18th: 6 working days left, no reminder yet');
  assert.deepEqual(deadlineReminder(cal, '2026-12-21', due, defaults), { kind: 'before', threshold: 5, daysLeft: 5, key: '2026-12-30:before5' });
  // Tue 22nd: 23, 24, 29, 30 left (25 and 28 are bank holidays): still the 5-day reminder, the same key, so it goes once.
  assert.deepEqual(deadlineReminder(cal, '2026-12-22', due, defaults), { kind: 'before', threshold: 5, daysLeft: 4, key: '2026-12-30:before5' });
  assert.deepEqual(deadlineReminder(cal, '2026-12-24', due, defaults), { kind: 'before', threshold: 5, daysLeft: 2, key: '2026-12-30:before5' });
  assert.deepEqual(deadlineReminder(cal, '2026-12-29', due, defaults), { kind: 'before', threshold: 1, daysLeft: 1, key: '2026-12-30:before1' });
  assert.deepEqual(deadlineReminder(cal, '2026-12-30', due, defaults), { kind: 'due_today', key: '2026-12-30:today' });
});

test('a deadline first seen one working day before gets only the 1-day reminder, never 5 and 1 together', () => {
  const seen = deadlineReminder(cal, '2026-12-29', due, defaults);
  assert.equal(seen?.kind === 'before' && seen.threshold, 1);
});

test('other thresholds: 10 and 3 working days before', () => {
  const settings = { ...defaults, daysBefore: [10, 3] };
  assert.equal(deadlineReminder(cal, '2026-12-11', due, settings), null, '11 working days left');
  assert.equal(deadlineReminder(cal, '2026-12-14', due, settings)?.key, '2026-12-30:before10');
  assert.equal(deadlineReminder(cal, '2026-12-22', due, settings)?.key, '2026-12-30:before10', '4 left');
  assert.equal(deadlineReminder(cal, '2026-12-23', due, settings)?.key, '2026-12-30:before3', '24th, 29th, 30th');
});

test('overdue: the first working day after, then every overdueRepeatEvery working days, missed days caught up under the same key', () => {
  assert.deepEqual(deadlineReminder(cal, '2026-12-31', due, defaults), { kind: 'overdue', daysOverdue: 1, occurrence: 0, key: '2026-12-30:overdue0' });
  // Fri 1 Jan is a bank holiday: Mon 4th is 2 working days overdue, still the first reminder's key.
  assert.equal(deadlineReminder(cal, '2027-01-04', due, defaults)?.key, '2026-12-30:overdue0');
  assert.equal(deadlineReminder(cal, '2027-01-07', due, defaults)?.key, '2026-12-30:overdue0', '5 working days overdue');
  assert.deepEqual(deadlineReminder(cal, '2027-01-08', due, defaults), { kind: 'overdue', daysOverdue: 6, occurrence: 1, key: '2026-12-30:overdue1' });
  assert.equal(deadlineReminder(cal, '2027-01-15', due, defaults)?.key, '2026-12-30:overdue2', '11 working days overdue');
  assert.equal(deadlineReminder(cal, '2027-01-08', due, { ...defaults, overdueRepeatEvery: 2 })?.key, '2026-12-30:overdue2');
});

test('a deadline on a weekend or bank holiday is due on the working day before it, and overdue on the working day after', () => {
  assert.equal(deadlineReminder(cal, '2026-12-31', '2027-01-02', defaults)?.kind, 'due_today', 'due Sat 2nd, Fri 1st a bank holiday');
  assert.deepEqual(deadlineReminder(cal, '2027-01-04', '2027-01-02', defaults), { kind: 'overdue', daysOverdue: 1, occurrence: 0, key: '2027-01-02:overdue0' });
  assert.equal(deadlineReminder(cal, '2027-01-03', '2027-01-02', defaults), null, 'Sunday: not a working day overdue yet');
});

test('an extension (a new due date) starts the reminders again under new keys', () => {
  const before = deadlineReminder(cal, '2026-12-29', due, defaults);
  const extended = deadlineReminder(cal, '2026-12-29', '2027-01-06', defaults);
  assert.equal(before?.key, '2026-12-30:before1');
  assert.deepEqual(extended, { kind: 'before', threshold: 5, daysLeft: 5, key: '2027-01-06:before5' });
});

test('the manager is told once, managerAfter working days overdue (or on the next sweep after)', () => {
  assert.equal(managerAlert(cal, '2026-12-30', due, defaults), null);
  assert.equal(managerAlert(cal, '2027-01-06', due, defaults), null, '4 working days overdue');
  assert.deepEqual(managerAlert(cal, '2027-01-07', due, defaults), { daysOverdue: 5, key: '2026-12-30:manager' });
  assert.deepEqual(managerAlert(cal, '2027-01-20', due, defaults)?.key, '2026-12-30:manager');
  assert.deepEqual(managerAlert(cal, '2026-12-31', due, { ...defaults, managerAfter: 1 })?.key, '2026-12-30:manager');
});

test('a request for the next stage is raised after escalationWaitDays working days, then every overdueRepeatEvery', () => {
  const asked = '2026-12-23';
  assert.equal(escalationReminder(cal, '2026-12-24', asked, defaults), null);
  assert.equal(escalationReminder(cal, '2026-12-29', asked, defaults)?.key, '2026-12-23:waiting0', '24th and 29th: 2 working days');
  assert.equal(escalationReminder(cal, '2027-01-05', asked, defaults)?.key, '2026-12-23:waiting0', '6 working days');
  assert.deepEqual(escalationReminder(cal, '2027-01-06', asked, defaults), { daysWaited: 7, occurrence: 1, key: '2026-12-23:waiting1' });
});

test('the SQL reads deadlines up to the last one a reminder can concern', () => {
  assert.equal(reminderHorizon(cal, '2026-12-21', defaults), '2026-12-30', '5 working days left on the 30th, 6 on the 31st');
  assert.equal(deadlineReminder(cal, '2026-12-21', '2026-12-31', defaults), null);
  assert.equal(reminderHorizon(cal, '2026-12-24', defaults), '2027-01-05', '29th, 30th, 31st, 4th, 5th: the 6th working day is Wed 6th');
});

test('reminders stop once an item is more than overdueStopAfter working days overdue', () => {
  const stop = { ...defaults, overdueStopAfter: 3 };
  // Due Wed 23 December: 24th, 29th, 30th are 3 working days overdue (25th and 28th bank holidays); the 31st is the 4th.
  assert.equal(deadlineReminder(cal, '2026-12-30', '2026-12-23', stop)?.kind, 'overdue');
  assert.equal(deadlineReminder(cal, '2026-12-31', '2026-12-23', stop), null);
  assert.equal(managerAlert(cal, '2026-12-30', '2026-12-23', { ...stop, managerAfter: 3 })?.key, '2026-12-23:manager');
  assert.equal(managerAlert(cal, '2026-12-31', '2026-12-23', { ...stop, managerAfter: 3 }), null, 'a manager alert missed until then is not caught up');
  // A request is late from the end of its wait (2 working days): reminded until 2 + 3 working days have passed.
  assert.equal(escalationReminder(cal, '2026-12-31', '2026-12-22', stop)?.daysWaited, 5, '23, 24, 29, 30, 31');
  assert.equal(escalationReminder(cal, '2027-01-04', '2026-12-22', stop), null, 'Mon 4th: 6 working days (1 January a bank holiday)');
  // The default, 60 working days (about three months): an item imported two years overdue is never reminded.
  assert.equal(deadlineReminder(cal, '2026-12-21', '2024-11-29', defaults), null);
  assert.equal(managerAlert(cal, '2026-12-21', '2024-11-29', defaults), null);
  assert.equal(escalationReminder(cal, '2026-12-21', '2024-11-29', defaults), null);
  assert.equal(deadlineReminder(cal, '2026-12-21', '2026-09-28', defaults)?.key, '2026-09-28:overdue11', 'Mon 28 September: 60 working days, the last');
  assert.equal(deadlineReminder(cal, '2026-12-21', '2026-09-27', defaults), null, 'Sunday 27th: 61 working days');
});

test('settings saved before overdueStopAfter existed still load, the field taking its default', () => {
  const old = { daysBefore: [10, 3], overdueRepeatEvery: 3, managerAfter: 10, escalationWaitDays: 4, workingHours: { from: '08:30', to: '18:00' }, digestWeekday: 5 };
  assert.deepEqual(reminderSettingsOf(old), { ...old, overdueStopAfter: 60 });
  assert.equal(reminderSettingsOf({ ...old, overdueStopAfter: 120 }).overdueStopAfter, 120);
  assert.deepEqual(reminderSettingsOf({ ...old, overdueStopAfter: 251 }), defaults, 'out of range: the defaults');
  assert.deepEqual(reminderSettingsOf({ ...old, overdueStopAfter: 5 }), defaults, 'stopping before the manager is told (10): the defaults');
});

test('the floor is the earliest due date still reminded, counted back over weekends and bank holidays', () => {
  const stop = (n: number) => ({ ...defaults, overdueStopAfter: n });
  // Counting back from Mon 4 January 2027: Thu 31st (Fri 1st a bank holiday), Wed 30th, Tue 29th, then Thu 24th (25th and 28th bank holidays).
  assert.equal(reminderFloor(cal, '2027-01-04', stop(1)), '2026-12-31', 'due Thu 31st: 1 working day overdue (Fri 1st a bank holiday)');
  assert.equal(reminderFloor(cal, '2027-01-04', stop(3)), '2026-12-29');
  assert.equal(reminderFloor(cal, '2027-01-04', stop(4)), '2026-12-24', 'over Christmas Day and Boxing Day (moved to Mon 28th)');
  // A due date on a weekend or bank holiday just before the floor is one more working day overdue: left out.
  assert.equal(workingDaysBetween(cal, '2026-12-28', '2027-01-04'), 4, 'due on the bank holiday Mon 28th: the floor for 3 is the 29th');
  // Today not a working day (a bank holiday, a Sunday): counted from the working day before.
  assert.equal(reminderFloor(cal, '2027-01-01', stop(1)), '2026-12-30');
  assert.equal(reminderFloor(cal, '2027-01-03', stop(1)), '2026-12-30');
  // Requests for the next stage: the wait, then overdueStopAfter.
  assert.equal(escalationFloor(cal, '2027-01-04', { ...stop(2), escalationWaitDays: 2 }), '2026-12-24');
  // Exhaustively: the floor is reminded and the day before it is not, for every day of 2026 and several stops.
  for (const n of [1, 2, 5, 60, 250]) {
    for (let today = '2026-01-01'; today <= '2026-12-31'; today = addDays(today, 1)) {
      const floor = reminderFloor(cal, today, stop(n));
      assert.ok(workingDaysBetween(cal, floor, today) <= n && workingDaysBetween(cal, addDays(floor, -1), today) > n, `${today}, ${n}: ${floor}`);
    }
  }
});

test('the digest goes on its weekday, or the next working day of that week when it is a bank holiday', () => {
  assert.equal(digestDay(cal, '2026-12-23', defaults), '2026-12-21');
  assert.equal(digestDay(cal, '2026-12-31', defaults), '2026-12-29', 'Mon 28th is a bank holiday');
  assert.equal(digestDay(cal, '2026-12-31', { ...defaults, digestWeekday: 5 }), null, 'Fri 1 January: none left that week');
  assert.equal(digestDay(cal, '2026-12-21', { ...defaults, digestWeekday: 3 }), '2026-12-23');
});

test('digests are keyed by ISO week', () => {
  assert.equal(isoWeek('2026-12-31'), '2026-W53');
  assert.equal(isoWeek('2027-01-03'), '2026-W53');
  assert.equal(isoWeek('2027-01-04'), '2027-W01');
  assert.equal(isoWeek('2024-12-30'), '2025-W01');
  assert.equal(isoWeek('2026-06-15'), '2026-W25');
});

test('working hours are the council clock in Europe/London, GMT in winter and BST in summer, on working days only', () => {
  const at = (iso: string) => inWorkingHours(cal, defaults, new Date(iso));
  assert.deepEqual(councilTime(new Date('2026-12-21T09:00:00Z')), { date: '2026-12-21', time: '09:00' });
  assert.deepEqual(councilTime(new Date('2026-06-30T23:30:00Z')), { date: '2026-07-01', time: '00:30' });
  assert.equal(at('2026-12-21T08:59:00Z'), false);
  assert.equal(at('2026-12-21T09:00:00Z'), true);
  assert.equal(at('2026-12-21T16:59:00Z'), true);
  assert.equal(at('2026-12-21T17:00:00Z'), false);
  assert.equal(at('2026-07-01T07:59:00Z'), false, '08:59 BST');
  assert.equal(at('2026-07-01T08:00:00Z'), true, '09:00 BST');
  assert.equal(at('2026-07-01T16:00:00Z'), false, '17:00 BST');
  assert.equal(at('2026-03-30T08:30:00Z'), true, 'the Monday after the clocks go forward: 09:30 BST');
  assert.equal(at('2026-10-26T08:30:00Z'), false, 'the Monday after they go back: 08:30 GMT');
  assert.equal(at('2026-12-25T10:00:00Z'), false, 'Christmas Day');
  assert.equal(at('2026-12-26T10:00:00Z'), false, 'a Saturday');
  assert.equal(inWorkingHours(cal, { workingHours: { from: '08:00', to: '18:00' } }, new Date('2026-12-21T17:30:00Z')), true);
});

test('working days are written whole', () => {
  assert.equal(workingDaysText(1), '1 working day');
  assert.equal(workingDaysText(5), '5 working days');
});
