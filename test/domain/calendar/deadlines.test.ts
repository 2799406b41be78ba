/**
 * Hand-worked deadlines for every procedure in the catalogue. Each comment lists the days
 * counted: "F23(1)" = Friday 23rd is working day 1; [..] = skipped bank holidays.
 * Weekends are skipped silently.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadShippedBankHolidays, makeCalendar } from '../../../src/domain/calendar/bankHolidays.ts';
import {
  addMonths,
  computeDue,
  escalationDeadline,
  explainDue,
  latestExtendedDue,
  recomputeDue,
  recomputeStageDeadlines,
  stageDeadlines,
  type DueDateBasis,
} from '../../../src/domain/calendar/deadlines.ts';
import type { Pause } from '../../../src/domain/calendar/workingDays.ts';
import { findProcedure, procedureCatalogue } from '../../../src/domain/procedures/catalogue.ts';
import type { ProcedureDefinition } from '../../../src/domain/procedures/types.ts';

const cals = loadShippedBankHolidays();
const ew = cals['england-and-wales'];
const sc = cals.scotland;
const ni = cals['northern-ireland'];
const wd = (amount: number) => ({ amount, unit: 'working_days' as const });
const proc = (key: string): ProcedureDefinition => {
  const p = findProcedure(key);
  assert.ok(p, key);
  return p;
};
const due = (b: DueDateBasis | null): string | null => b?.due ?? null;

const tested = new Set<string>();
function forProcedure(key: string, fn: (p: ProcedureDefinition) => void): void {
  tested.add(key);
  it(key, () => fn(proc(key)));
}

describe('stage deadlines, hand-worked, for each procedure', () => {
  forProcedure('chc-corporate', (p) => {
    // Stage 1 opened Thu 26 May 2022. Acknowledge 5 wd:
    // F27(1) M30(2) T31(3) W1 Jun(4) [Th2 Spring bank holiday, F3 Platinum Jubilee] M6(5) → 6 Jun.
    const notAcked = stageDeadlines(ew, p, 1, { openedOn: '2022-05-26' });
    assert.equal(due(notAcked.acknowledgementDue), '2022-06-06');
    assert.equal(
      explainDue(notAcked.acknowledgementDue!),
      '5 working days from 26 May 2022, skipping Spring bank holiday 2 June and Platinum Jubilee bank holiday 3 June 2022',
    );
    // Not yet acknowledged: 10 wd from the acknowledgement deadline, 6 Jun:
    // T7(1) W8 Th9 F10(4) M13 T14 W15 Th16 F17(9) M20(10) → 20 Jun.
    assert.equal(notAcked.responseDue!.startedFrom, 'acknowledgement_due');
    assert.equal(notAcked.responseDue!.start, '2022-06-06');
    assert.equal(due(notAcked.responseDue), '2022-06-20');
    // Acknowledged Fri 27 May: M30(1) T31(2) W1(3) [Th2, F3] M6(4) T7 W8 Th9 F10(8) M13(9) T14(10) → 14 Jun.
    const acked = stageDeadlines(ew, p, 1, { openedOn: '2022-05-26', acknowledgedOn: '2022-05-27' });
    assert.equal(acked.responseDue!.startedFrom, 'acknowledged');
    assert.equal(due(acked.responseDue), '2022-06-14');
    // Extension up to 10 more wd: W15(1) Th16 F17(3) M20 T21 W22 Th23 F24(8) M27(9) T28(10) → 28 Jun.
    assert.equal(acked.latestExtendedDue, '2022-06-28');
    assert.equal(escalationDeadline(ew, p, 1, '2022-06-14'), null); // not time-limited in the code

    // Stage 2 opened Wed 21 Dec 2022. Acknowledge 5 wd:
    // Th22(1) F23(2) [M26 Boxing Day, T27 Christmas Day (substitute)] W28(3) Th29(4) F30(5) → 30 Dec.
    // Respond 20 wd from 30 Dec: [M2 Jan New Year's Day] T3(1) W4 Th5 F6(4) M9-F13(9) M16-F20(14)
    // M23-F27(19) M30(20) → 30 Jan 2023. Extension 20 more: T31(1) W1 Feb-F3(4) M6-F10(9) M13-F17(14)
    // M20-F24(19) M27(20) → 27 Feb 2023.
    const s2 = stageDeadlines(ew, p, 2, { openedOn: '2022-12-21' });
    assert.equal(due(s2.acknowledgementDue), '2022-12-30');
    assert.equal(due(s2.responseDue), '2023-01-30');
    assert.deepEqual(s2.responseDue!.skipped, [{ date: '2023-01-02', title: 'New Year’s Day' }]);
    assert.equal(s2.latestExtendedDue, '2023-02-27');
    assert.equal(escalationDeadline(ew, p, 2, '2023-01-30'), null); // last stage
  });

  it('chc-corporate stage 2 is acknowledged within 5 working days of the request, not of its acceptance', () => {
    // Complaint Handling Code (2024), section 6 (stage 2): acknowledge within 5 working days of
    // receiving the escalation request. Requested Mon 19 Dec 2022, accepted Wed 21 Dec:
    // T20(1) W21(2) Th22(3) F23(4) [M26 Boxing Day, T27 Christmas Day (substitute)] W28(5) → 28 Dec, not 30 Dec.
    const p = proc('chc-corporate');
    const s2 = stageDeadlines(ew, p, 2, { openedOn: '2022-12-21', requestedOn: '2022-12-19' });
    assert.equal(due(s2.acknowledgementDue), '2022-12-28');
    assert.match(explainDue(s2.acknowledgementDue!), /^5 working days from 19 December 2022 \(the date the stage was requested\)/);
    // Not yet acknowledged, the 20 working days run from that deadline, 28 Dec: Th29(1) F30(2) [M2 Jan]
    // T3(3) W4 Th5 F6(6) M9-F13(11) M16-F20(16) M23(17) T24(18) W25(19) Th26(20) → 26 Jan 2023.
    assert.equal(due(s2.responseDue), '2023-01-26');
    // The same in the Housing Ombudsman's Code, section 6.
    assert.equal(due(stageDeadlines(ew, proc('housing-ombudsman-code'), 2, { openedOn: '2022-12-21', requestedOn: '2022-12-19' }).acknowledgementDue), '2022-12-28');
  });

  forProcedure('housing-ombudsman-code', (p) => {
    // Stage 1 opened Tue 2 May 2023. Acknowledge 5 wd: W3(1) Th4(2) F5(3) [M8 Coronation] T9(4) W10(5) → 10 May.
    // Acknowledged Thu 4 May; respond 10 wd: F5(1) [M8] T9(2) W10 Th11 F12(5) M15 T16 W17 Th18(9) F19(10) → 19 May.
    // Extension 10 more: M22(1) T23 W24 Th25 F26(5) [M29 Spring] T30(6) W31(7) Th1 Jun(8) F2(9) M5(10) → 5 Jun.
    const s1 = stageDeadlines(ew, p, 1, { openedOn: '2023-05-02', acknowledgedOn: '2023-05-04' });
    assert.equal(due(s1.acknowledgementDue), '2023-05-10');
    assert.equal(due(s1.responseDue), '2023-05-19');
    assert.deepEqual(s1.responseDue!.skipped, [{ date: '2023-05-08', title: 'Bank holiday for the coronation of King Charles III' }]);
    assert.equal(s1.latestExtendedDue, '2023-06-05');
  });

  forProcedure('public-health-statutory', (p) => {
    // SI 2012/3094 applies the 2009 regulations to public health complaints: the adults' model, not the Code.
    // Received Fri 22 Dec 2023: acknowledge 3 wd [M25, T26] W27 Th28 F29 → 29 Dec; respond within 6 months → 22 Jun 2024.
    const s1 = stageDeadlines(ew, p, 1, { openedOn: '2023-12-22' });
    assert.equal(p.code, 'public_health');
    assert.equal(due(s1.acknowledgementDue), '2023-12-29');
    assert.equal(due(s1.responseDue), '2024-06-22');
    assert.deepEqual(p.stages, proc('adults-statutory').stages);
  });

  forProcedure('public-health-corporate', (p) => {
    // Stage 1 opened Wed 14 Sep 2022. Acknowledge 5 wd: Th15(1) F16(2) [M19 State Funeral] T20(3) W21(4) Th22(5) → 22 Sep.
    // Acknowledged Fri 16 Sep; respond 10 wd: [M19] T20(1) W21 Th22 F23(4) M26(5) T27 W28 Th29 F30(9) M3 Oct(10) → 3 Oct.
    const s1 = stageDeadlines(ew, p, 1, { openedOn: '2022-09-14', acknowledgedOn: '2022-09-16' });
    assert.equal(due(s1.acknowledgementDue), '2022-09-22');
    assert.equal(due(s1.responseDue), '2022-10-03');
    assert.equal(
      explainDue(s1.responseDue!),
      '10 working days from 16 September 2022 (the date acknowledged), skipping Bank Holiday for the State Funeral of Queen Elizabeth II 19 September 2022',
    );
  });

  forProcedure('cheshire-west-corporate', (p) => {
    // Stage 1 opened Fri 8 Dec 2023. Acknowledge (triage contact) 5 wd: M11-F15 → 15 Dec.
    // Respond 20 wd from receipt: M11-F15(5) M18-F22(10) [M25 Christmas, T26 Boxing Day] W27(11) Th28(12) F29(13)
    // [M1 Jan New Year's Day] T2(14) W3 Th4 F5(17) M8(18) T9(19) W10(20) → 10 Jan 2024.
    const s1 = stageDeadlines(ew, p, 1, { openedOn: '2023-12-08' });
    assert.equal(due(s1.acknowledgementDue), '2023-12-15');
    assert.equal(due(s1.responseDue), '2024-01-10');
    assert.equal(s1.latestExtendedDue, null); // no extension limit in the procedure
    assert.equal(
      explainDue(s1.responseDue!),
      '20 working days from 8 December 2023, skipping Christmas Day 25 December, Boxing Day 26 December 2023 and New Year’s Day 1 January 2024',
    );
    // Escalation within 20 wd of the response on Wed 10 Jan 2024:
    // Th11(1) F12(2) M15-F19(7) M22-F26(12) M29-F2 Feb(17) M5(18) T6(19) W7(20) → 7 Feb.
    assert.equal(escalationDeadline(ew, p, 1, '2024-01-10'), '2024-02-07');
    // Stage 2 opened Wed 7 Feb 2024, 40 wd: Th8(1) F9(2) M12-F16(7) M19-F23(12) M26-F1 Mar(17) M4-F8(22)
    // M11-F15(27) M18-F22(32) M25(33) T26(34) W27(35) Th28(36) [F29 Good Friday, M1 Apr Easter Monday]
    // T2(37) W3(38) Th4(39) F5(40) → 5 Apr 2024.
    const s2 = stageDeadlines(ew, p, 2, { openedOn: '2024-02-07' });
    assert.equal(due(s2.responseDue), '2024-04-05');
    assert.equal(explainDue(s2.responseDue!), '40 working days from 7 February 2024, skipping Good Friday 29 March and Easter Monday 1 April 2024');
  });

  forProcedure('staffordshire-corporate', (p) => {
    // Stage 1 opened Thu 27 Apr 2023, 20 wd: F28(1) [M1 May Early May] T2(2) W3 Th4 F5(5) [M8 Coronation]
    // T9(6) W10 Th11 F12(9) M15-F19(14) M22(15) T23 W24 Th25 F26(19) [M29 Spring] T30(20) → 30 May.
    const s1 = stageDeadlines(ew, p, 1, { openedOn: '2023-04-27' });
    assert.equal(due(s1.responseDue), '2023-05-30');
    assert.deepEqual(s1.responseDue!.skipped.map((h) => h.date), ['2023-05-01', '2023-05-08', '2023-05-29']);
    // Stage 2 opened Fri 23 Dec 2022, 25 wd: [M26, T27] W28(1) Th29(2) F30(3) [M2 Jan] T3(4) W4 Th5 F6(7)
    // M9-F13(12) M16-F20(17) M23-F27(22) M30(23) T31(24) W1 Feb(25) → 1 Feb 2023.
    assert.equal(due(stageDeadlines(ew, p, 2, { openedOn: '2022-12-23' }).responseDue), '2023-02-01');
  });

  forProcedure('wolverhampton-corporate', (p) => {
    // Stage 1 opened Thu 15 Dec 2022: 21 calendar days → 15 + 21 = 36 Dec = 5 Jan 2023. Holidays are not skipped.
    // Acknowledge 5 wd: F16(1) M19 T20 W21 Th22(5) → 22 Dec.
    const s1 = stageDeadlines(ew, p, 1, { openedOn: '2022-12-15' });
    assert.equal(due(s1.acknowledgementDue), '2022-12-22');
    assert.equal(due(s1.responseDue), '2023-01-05');
    assert.deepEqual(s1.responseDue!.skipped, []);
    assert.equal(explainDue(s1.responseDue!), '21 calendar days from 15 December 2022');
    // Stage 2 opened Mon 8 May 2023 (Coronation): 21 calendar days → Mon 29 May, Spring bank holiday;
    // a calendar-day deadline is not moved off a holiday.
    assert.equal(due(stageDeadlines(ew, p, 2, { openedOn: '2023-05-08' }).responseDue), '2023-05-29');
  });

  forProcedure('children-statutory', (p) => {
    // Stage 1 opened Mon 12 Sep 2022. Acknowledge 2 wd: T13(1) W14(2) → 14 Sep.
    // Respond 10 wd: T13(1) W14 Th15 F16(4) [M19 State Funeral] T20(5) W21 Th22 F23(8) M26(9) T27(10) → 27 Sep.
    // Extension to 20 in all, 10 more: W28(1) Th29 F30(3) M3 Oct-F7(8) M10(9) T11(10) → 11 Oct.
    const s1 = stageDeadlines(ew, p, 1, { openedOn: '2022-09-12' });
    assert.equal(due(s1.acknowledgementDue), '2022-09-14');
    assert.equal(due(s1.responseDue), '2022-09-27');
    assert.equal(s1.latestExtendedDue, '2022-10-11');
    // Stage 2 requested within 20 wd of the 27 Sep response:
    // W28(1) Th29 F30(3) M3-F7(8) M10-F14(13) M17-F21(18) M24(19) T25(20) → 25 Oct.
    assert.equal(escalationDeadline(ew, p, 1, '2022-09-27'), '2022-10-25');
    // Stage 2 opened Mon 23 May 2022, 25 wd: T24(1) W25 Th26 F27(4) M30(5) T31(6) W1 Jun(7)
    // [Th2 Spring, F3 Platinum Jubilee] M6(8)-F10(12) M13-F17(17) M20-F24(22) M27(23) T28(24) W29(25) → 29 Jun.
    // Up to 65 in all, 40 more: Th30(1) F1 Jul(2) M4-F8(7) M11-F15(12) M18-F22(17) M25-F29(22)
    // M1 Aug-F5(27) M8-F12(32) M15-F19(37) M22(38) T23(39) W24(40) → 24 Aug.
    const s2 = stageDeadlines(ew, p, 2, { openedOn: '2022-05-23' });
    assert.equal(due(s2.responseDue), '2022-06-29');
    assert.equal(s2.latestExtendedDue, '2022-08-24');
    assert.equal(escalationDeadline(ew, p, 2, '2022-06-29'), '2022-07-27'); // 20 wd: Th30 F1 (2) … W27 Jul (20)
    // Stage 3, Children Act 1989 Representations Procedure (England) Regulations 2006:
    // reg. 19(4) the panel meets within 30 working days of the request; reg. 20(1) its report within 5
    // working days of the meeting; reg. 20(3) the council's response within 15 working days of the report.
    // Requested Mon 20 Nov 2023, accepted Wed 22 Nov. Panel: T21-F24(4) M27-F1 Dec(9) M4-F8(14) M11-F15(19)
    // M18-F22(24) [M25 Christmas, T26 Boxing Day] W27(25) Th28(26) F29(27) [M1 Jan] T2(28) W3(29) Th4(30) → 4 Jan 2024.
    // Nothing held yet: report 5 wd from 4 Jan: F5(1) M8 T9 W10 Th11(5) → 11 Jan; response 15 wd from 11 Jan:
    // F12(1) M15-F19(6) M22-F26(11) M29(12) T30(13) W31(14) Th1 Feb(15) → 1 Feb 2024.
    const s3 = stageDeadlines(ew, p, 3, { openedOn: '2023-11-22', requestedOn: '2023-11-20' });
    assert.deepEqual(s3.stepsDue.map((t) => [t.key, t.due.due]), [['panel', '2024-01-04'], ['panel_report', '2024-01-11']]);
    assert.equal(due(s3.responseDue), '2024-02-01');
    assert.equal(s3.responseDue!.startedFrom, 'step_due:panel_report');
    assert.match(explainDue(s3.responseDue!), /^15 working days from 11 January 2024 \(the latest date for: the panel's report, as not yet done\)/);
    // Panel met Thu 14 Dec 2023: report due F15(1) M18 T19 W20 Th21(5) → 21 Dec. Report sent Tue 19 Dec:
    // response W20(1) Th21 F22(3) [M25, T26] W27(4) Th28 F29(6) [M1] T2(7) W3 Th4 F5(10) M8(11) T9 W10 Th11(14) F12(15) → 12 Jan.
    const held = stageDeadlines(ew, p, 3, {
      openedOn: '2023-11-22', requestedOn: '2023-11-20', steps: [{ key: 'panel', on: '2023-12-14' }, { key: 'panel_report', on: '2023-12-19' }],
    });
    assert.equal(held.stepsDue[1]!.due.due, '2023-12-21');
    assert.equal(due(held.responseDue), '2024-01-12');
    assert.equal(explainDue(held.responseDue!).startsWith("15 working days from 19 December 2023 (the panel's report)"), true);
    assert.equal(s3.latestExtendedDue, null);
    assert.equal(escalationDeadline(ew, p, 3, '2024-01-04'), null);
  });

  forProcedure('adults-statutory', (p) => {
    // 2009 regulations (SI 2009/309): reg. 13(2) acknowledge within 3 working days; reg. 14(4) respond within
    // 6 months of receipt, or such longer period as is agreed before it expires (no maximum).
    // Received Fri 22 Dec 2023. Acknowledge: [M25, T26] W27(1) Th28(2) F29(3) → 29 Dec. Respond → 22 Jun 2024.
    const s1 = stageDeadlines(ew, p, 1, { openedOn: '2023-12-22' });
    assert.equal(due(s1.acknowledgementDue), '2023-12-29');
    assert.equal(due(s1.responseDue), '2024-06-22');
    assert.equal(explainDue(s1.responseDue!), '6 months from 22 December 2023');
    assert.equal(s1.latestExtendedDue, null, 'no maximum: any date agreed before the 6 months end');
    assert.equal(p.stages[0]!.beyondMaxExtension, 'agreed');
    // Month ends clamp: 31 Aug 2023 + 6 months → 29 Feb 2024 (leap year); 31 Aug 2024 → 28 Feb 2025.
    assert.equal(due(stageDeadlines(ew, p, 1, { openedOn: '2023-08-31' }).responseDue), '2024-02-29');
    assert.equal(due(stageDeadlines(ew, p, 1, { openedOn: '2024-08-31' }).responseDue), '2025-02-28');
  });

  forProcedure('wales-social-services', (p) => {
    // Social Services Complaints Procedure (Wales) Regulations 2014: acknowledge within 2 working days; stage 1
    // discussion within 10 working days of the acknowledgement (longer by agreement), written resolution within
    // 5 working days of the discussion; stage 2 answered within 25 working days of the request.
    // Stage 1 opened Thu 22 Dec 2022. Acknowledge 2 wd: F23(1) [M26, T27] W28(2) → 28 Dec.
    // Discussion, not yet acknowledged: 10 wd from 28 Dec: Th29(1) F30(2) [M2 Jan] T3(3) W4 Th5 F6(6) M9 T10 W11(9) Th12(10) → 12 Jan.
    // Written resolution 5 wd from 12 Jan: F13(1) M16 T17 W18 Th19(5) → 19 Jan.
    const s1 = stageDeadlines(ew, p, 1, { openedOn: '2022-12-22' });
    assert.equal(due(s1.acknowledgementDue), '2022-12-28');
    assert.equal(s1.stepsDue[0]!.key, 'discussion');
    assert.equal(s1.stepsDue[0]!.due.due, '2023-01-12');
    assert.equal(
      explainDue(s1.stepsDue[0]!.due),
      '10 working days from 28 December 2022 (the latest acknowledgement date, as not yet acknowledged), skipping New Year’s Day 2 January 2023',
    );
    assert.equal(due(s1.responseDue), '2023-01-19');
    assert.equal(p.stages[0]!.beyondMaxExtension, 'agreed', 'extendable by agreement');
    // Acknowledged Wed 28 Dec, discussion held Thu 5 Jan: resolution F6(1) M9 T10 W11 Th12(5) → 12 Jan.
    const discussed = stageDeadlines(ew, p, 1, { openedOn: '2022-12-22', acknowledgedOn: '2022-12-28', steps: [{ key: 'discussion', on: '2023-01-05' }] });
    assert.equal(due(discussed.responseDue), '2023-01-12');
    assert.equal(explainDue(discussed.responseDue!), '5 working days from 5 January 2023 (the discussion with the complainant)');
    // Stage 2 requested Wed 25 May 2022, accepted Fri 27 May. 25 wd from the request: Th26(1) F27(2) M30(3) T31(4)
    // W1 Jun(5) [Th2 Spring, F3 Platinum Jubilee] M6-F10(10) M13-F17(15) M20-F24(20) M27-F1 Jul(25) → 1 Jul.
    const s2 = stageDeadlines(ew, p, 2, { openedOn: '2022-05-27', requestedOn: '2022-05-25' });
    assert.equal(due(s2.responseDue), '2022-07-01');
    // Without a request date (an imported row) it counts from the opening: … T5 Jul (also a fixture row).
    assert.equal(due(stageDeadlines(ew, p, 2, { openedOn: '2022-05-27' }).responseDue), '2022-07-05');
  });

  forProcedure('psow-model', (p) => {
    // Stage 1 opened Wed 26 Apr 2023, 10 wd: Th27(1) F28(2) [M1 May] T2(3) W3 Th4 F5(6) [M8 Coronation] T9(7) W10 Th11 F12(10) → 12 May.
    const s1 = stageDeadlines(ew, p, 1, { openedOn: '2023-04-26' });
    assert.equal(s1.acknowledgementDue, null);
    assert.equal(due(s1.responseDue), '2023-05-12');
    // Stage 2 opened Wed 20 Dec 2023. Acknowledge 5 wd: Th21(1) F22(2) [M25, T26] W27(3) Th28(4) F29(5) → 29 Dec.
    // Respond 20 wd from receipt: Th21 F22(2) W27 Th28 F29(5) [M1 Jan] T2(6) W3 Th4 F5(9) M8-F12(14) M15-F19(19) M22(20) → 22 Jan.
    const s2 = stageDeadlines(ew, p, 2, { openedOn: '2023-12-20' });
    assert.equal(due(s2.acknowledgementDue), '2023-12-29');
    assert.equal(due(s2.responseDue), '2024-01-22');
    assert.equal(s2.latestExtendedDue, null);
  });

  forProcedure('spso-model', (p) => {
    // Scotland. Stage 1 opened Thu 24 Nov 2022, 5 wd: F25(1) M28(2) T29(3) [W30 St Andrew's Day] Th1 Dec(4) F2(5) → 2 Dec.
    // Extension to 10 in all: M5-F9 → 9 Dec.
    const s1 = stageDeadlines(sc, p, 1, { openedOn: '2022-11-24' });
    assert.equal(due(s1.responseDue), '2022-12-02');
    assert.deepEqual(s1.responseDue!.skipped, [{ date: '2022-11-30', title: 'St Andrew’s Day' }]);
    assert.equal(s1.latestExtendedDue, '2022-12-09');
    // 2024: St Andrew's Day (Sat 30 Nov) is observed Mon 2 Dec. Opened Thu 28 Nov:
    // F29(1) [M2 Dec] T3(2) W4 Th5(4) F6(5) → 6 Dec; in England and Wales M2 counts, so Th5.
    assert.equal(due(stageDeadlines(sc, p, 1, { openedOn: '2024-11-28' }).responseDue), '2024-12-06');
    assert.equal(due(stageDeadlines(ew, p, 1, { openedOn: '2024-11-28' }).responseDue), '2024-12-05');
    // SPSO Model CHP, time limits: stage 2 within 6 months of the events (or of learning of them) or 2 months
    // after the stage 1 response, whichever is later. Stage 1 answered 2 Dec 2022 → 2 Feb 2023;
    // events on 1 Oct 2022 → 1 Apr 2023, later, so 1 Apr; events on 1 Jun 2022 → 1 Dec 2022, earlier, so 2 Feb.
    assert.equal(escalationDeadline(sc, p, 1, '2022-12-02'), '2023-02-02');
    assert.equal(escalationDeadline(sc, p, 1, '2022-12-02', '2022-10-01'), '2023-04-01');
    assert.equal(escalationDeadline(sc, p, 1, '2022-12-02', '2022-06-01'), '2023-02-02');
    // Stage 2 opened Fri 30 Dec 2022. Acknowledge 3 wd: [M2 Jan New Year's Day, T3 2nd January] W4(1) Th5(2) F6(3) → 6 Jan.
    // Respond 20 wd: W4(1) Th5 F6(3) M9-F13(8) M16-F20(13) M23-F27(18) M30(19) T31(20) → 31 Jan 2023.
    // In England and Wales only 2 Jan is a holiday: T3(1) … M30(20) → 30 Jan.
    const s2 = stageDeadlines(sc, p, 2, { openedOn: '2022-12-30' });
    assert.equal(due(s2.acknowledgementDue), '2023-01-06');
    assert.equal(due(s2.responseDue), '2023-01-31');
    assert.equal(
      explainDue(s2.responseDue!),
      '20 working days from 30 December 2022, skipping New Year’s Day 2 January and 2nd January 3 January 2023',
    );
    assert.equal(due(stageDeadlines(ew, p, 2, { openedOn: '2022-12-30' }).responseDue), '2023-01-30');
  });

  forProcedure('nipso-model', (p) => {
    // Northern Ireland. Stage 1 opened Thu 16 Mar 2023, 5 wd: [F17 St Patrick's Day] M20(1) T21 W22 Th23(4) F24(5) → 24 Mar.
    assert.equal(due(stageDeadlines(ni, p, 1, { openedOn: '2023-03-16' }).responseDue), '2023-03-24');
    // NIPSO model procedure, as the SPSO's: the later of 6 months from the events and 2 months after the
    // stage 1 response (24 Mar 2023 → 24 May). Events 10 Feb 2023 → 10 Aug 2023, later.
    assert.equal(escalationDeadline(ni, p, 1, '2023-03-24'), '2023-05-24');
    assert.equal(escalationDeadline(ni, p, 1, '2023-03-24', '2023-02-10'), '2023-08-10');
    assert.equal(escalationDeadline(ni, p, 1, '2023-03-24', '2022-09-01'), '2023-05-24');
    // Stage 2 opened Mon 10 Jul 2023. Acknowledge 3 wd: T11(1) [W12 Battle of the Boyne] Th13(2) F14(3) → 14 Jul.
    // Respond 20 wd: T11(1) Th13 F14(3) M17-F21(8) M24-F28(13) M31(14) T1 Aug-F4(18) M7(19) T8(20) → 8 Aug.
    const s2 = stageDeadlines(ni, p, 2, { openedOn: '2023-07-10' });
    assert.equal(due(s2.acknowledgementDue), '2023-07-14');
    assert.equal(due(s2.responseDue), '2023-08-08');
  });

  it('covers every procedure in the catalogue', () => {
    assert.deepEqual([...tested].sort(), procedureCatalogue.map((p) => p.key).sort());
  });

  it('rejects a stage the procedure does not have', () => {
    assert.throws(() => stageDeadlines(ew, proc('adults-statutory'), 2, { openedOn: '2024-01-01' }), /no stage 2/);
  });
});

describe('computeDue, pauses and provenance', () => {
  it('explains skipped holidays, grouping the year', () => {
    // Fri 11 Apr 2025, 10 wd: M14(1) T15 W16 Th17(4) [F18 Good Friday, M21 Easter Monday] T22(5) W23 Th24 F25(8) M28(9) T29(10).
    const b = computeDue(ew, wd(10), '2025-04-11', 'received');
    assert.equal(b.due, '2025-04-29');
    assert.equal(explainDue(b), '10 working days from 11 April 2025, skipping Good Friday 18 April and Easter Monday 21 April 2025');
    // Scotland has no Easter Monday holiday: Th17(4) [F18] M21(5) … M28(10) → 28 Apr.
    const s = computeDue(sc, wd(10), '2025-04-11', 'received');
    assert.equal(s.due, '2025-04-28');
    assert.equal(explainDue(s), '10 working days from 11 April 2025, skipping Good Friday 18 April 2025');
    assert.equal(explainDue(computeDue(ew, wd(1), '2025-03-07', 'received')), '1 working day from 7 March 2025');
  });

  it('pauses extend a working-day deadline by the working days stopped', () => {
    // Mon 3 Mar 2025 + 20 wd = Mon 31 Mar. Stopped Mon 10 → Fri 14 Mar: T11 W12 Th13 F14 = 4 wd,
    // so 24 wd: T1 Apr(21) W2(22) Th3(23) F4(24) → 4 Apr.
    const pauses: Pause[] = [{ from: '2025-03-10', to: '2025-03-14' }];
    assert.equal(computeDue(ew, wd(20), '2025-03-03', 'opened').due, '2025-03-31');
    const b = computeDue(ew, wd(20), '2025-03-03', 'opened', pauses);
    assert.equal(b.due, '2025-04-04');
    assert.equal(b.pausedWorkingDays, 4);
    assert.equal(explainDue(b), '20 working days from 3 March 2025 (clock stopped for 4 working days)');
    // A second stop Tue 1 → Wed 2 Apr starts after the unextended date but before the extended one:
    // W2 is stopped too, so 25 wd → M7 Apr.
    const b2 = computeDue(ew, wd(20), '2025-03-03', 'opened', [...pauses, { from: '2025-04-01', to: '2025-04-02' }]);
    assert.equal(b2.due, '2025-04-07');
    assert.equal(b2.pausedWorkingDays, 5);
    // A stop after the due date does not move it.
    assert.equal(computeDue(ew, wd(20), '2025-03-03', 'opened', [{ from: '2025-04-10', to: '2025-04-20' }]).due, '2025-03-31');
  });

  it('a still-stopped clock needs asOf and is counted up to it', () => {
    const open: Pause[] = [{ from: '2025-03-10', to: null }];
    assert.throws(() => computeDue(ew, wd(20), '2025-03-03', 'opened', open), /still stopped/);
    const b = computeDue(ew, wd(20), '2025-03-03', 'opened', open, '2025-03-14');
    assert.equal(b.due, '2025-04-04');
    assert.equal(explainDue(b), '20 working days from 3 March 2025 (clock stopped for 4 working days, still stopped on 14 March 2025)');
    assert.deepEqual(recomputeDue(ew, b), b);
  });

  it('pauses extend a calendar-day deadline by the days stopped', () => {
    // Wolverhampton: 3 Mar 2025 + 21 days = 24 Mar; stopped 10 → 14 Mar (4 days) → 28 Mar.
    const rule = { amount: 21, unit: 'calendar_days' as const };
    const b = computeDue(ew, rule, '2025-03-03', 'opened', [{ from: '2025-03-10', to: '2025-03-14' }]);
    assert.equal(b.due, '2025-03-28');
    assert.equal(explainDue(b), '21 calendar days from 3 March 2025 (clock stopped for 4 days)');
  });

  it('stageDeadlines passes pauses to the response, not the acknowledgement', () => {
    const d = stageDeadlines(ew, proc('cheshire-west-corporate'), 1, {
      openedOn: '2025-03-03',
      pauses: [{ from: '2025-03-03', to: '2025-03-07' }], // T4 W5 Th6 F7 stopped
    });
    assert.equal(due(d.acknowledgementDue), '2025-03-10');
    assert.equal(due(d.responseDue), '2025-04-04');
  });

  it('basis is JSON-serialisable and recomputes to the same date under the same calendar', () => {
    const b = computeDue(ew, wd(20), '2025-04-03', 'received', [{ from: '2025-04-07', to: '2025-04-09' }]);
    const stored = JSON.parse(JSON.stringify(b)) as DueDateBasis;
    assert.deepEqual(stored, b);
    assert.deepEqual(recomputeDue(ew, stored), b);
    assert.equal(stored.calendarVersion, ew.version);
    assert.equal(stored.division, 'england-and-wales');
  });

  it('recomputeDue under a newer calendar shows a changed date and a new version', () => {
    // Suppose a new one-off holiday on Thu 20 Mar 2025: 20 wd from 3 Mar moves from 31 Mar to Tue 1 Apr.
    const newer = makeCalendar('england-and-wales', [...ew.holidays, ['2025-03-20', 'Hypothetical bank holiday'] as const].map(([date, title]) => ({ date, title })));
    const old = computeDue(ew, wd(20), '2025-03-03', 'opened');
    const again = recomputeDue(newer, old);
    assert.equal(old.due, '2025-03-31');
    assert.equal(again.due, '2025-04-01');
    assert.notEqual(again.calendarVersion, old.calendarVersion);
    assert.deepEqual(again.skipped, [{ date: '2025-03-20', title: 'Hypothetical bank holiday' }]);
    assert.throws(() => recomputeDue(sc, old), /england-and-wales, not scotland/);
  });

  it('latestExtendedDue and escalationDeadline read the procedure, not the key', () => {
    const chc = proc('chc-corporate');
    const b = computeDue(ew, wd(10), '2025-03-03', 'acknowledged'); // → Mon 17 Mar
    assert.equal(b.due, '2025-03-17');
    assert.equal(latestExtendedDue(ew, chc, 1, b), '2025-03-31'); // + 10 wd
    assert.equal(latestExtendedDue(ew, proc('staffordshire-corporate'), 1, b), null);
  });

  it('a deadline past the last year of bank-holiday data is flagged: no bank-holiday data for 2029', () => {
    // The shipped GOV.UK list ends with Boxing Day 2028. 10 wd from Mon 11 Dec 2028: T12-F15(4) M18-F22(9)
    // [M25, T26] W27(10) → 27 Dec 2028: within the data, no flag.
    const inside = computeDue(ew, wd(10), '2028-12-11', 'acknowledged');
    assert.equal(inside.due, '2028-12-27');
    assert.equal(inside.noBankHolidayDataFor, undefined);
    // From Fri 22 Dec 2028: [M25, T26] W27(1) Th28 F29(3) M1 Jan 2029(4, New Year's Day unknown) T2(5) …
    // T9(10) → 9 Jan 2029, which may be a day early: flagged.
    const past = computeDue(ew, wd(10), '2028-12-22', 'acknowledged');
    assert.equal(past.due, '2029-01-09');
    assert.equal(past.noBankHolidayDataFor, 2029);
    assert.match(explainDue(past), /; no bank-holiday data for 2029: load a newer list$/);
    // Calendar days and months do not count holidays, so they need no list.
    assert.equal(computeDue(ew, { amount: 6, unit: 'months' }, '2028-12-22', 'opened').noBankHolidayDataFor, undefined);
    // A list extended to 2029 clears it: [M1 Jan] T2(4) … W10(10) → 10 Jan.
    const newer = makeCalendar('england-and-wales', [...[...ew.holidays].map(([date, title]) => ({ date, title })), { date: '2029-01-01', title: 'New Year’s Day' }]);
    assert.equal(recomputeDue(newer, past).noBankHolidayDataFor, undefined);
    assert.equal(recomputeDue(newer, past).due, '2029-01-10');
  });

  it('a new bank holiday that moves an unacknowledged stage\'s acknowledgement deadline moves its response deadline too', () => {
    // Code stage 1 opened Mon 14 Dec 2026, not acknowledged: acknowledgement by 5 wd T15(1) … M21(5) → 21 Dec;
    // response 10 wd from it: T22(1) W23 Th24(3) [F25 Christmas, M28 Boxing Day substitute] T29(4) W30(5) Th31(6)
    // [F1 Jan New Year's Day] M4(7) T5 W6(9) Th7(10) → 7 Jan 2027.
    const d = stageDeadlines(ew, proc('chc-corporate'), 1, { openedOn: '2026-12-14' });
    assert.equal(due(d.acknowledgementDue), '2026-12-21');
    assert.equal(due(d.responseDue), '2027-01-07');
    // A one-off holiday on Thu 17 Dec 2026 moves the acknowledgement to T22 Dec, so the response runs from there:
    // W23(1) Th24(2) T29(3) W30 Th31(5) M4(6) T5 W6 Th7(9) F8(10) → 8 Jan 2027.
    const newer = makeCalendar('england-and-wales', [...[...ew.holidays].map(([date, title]) => ({ date, title })), { date: '2026-12-17', title: 'One-off' }]);
    const [ack, response] = recomputeStageDeadlines(newer, [
      { name: 'acknowledgement', basis: d.acknowledgementDue!, done: false },
      { name: 'response', basis: d.responseDue!, done: false },
    ]);
    assert.equal(ack!.due, '2026-12-22');
    assert.equal(response!.start, '2026-12-22');
    assert.equal(response!.due, '2027-01-08');
    // Already acknowledged: the response keeps counting from the acknowledgement's actual date.
    const acked = stageDeadlines(ew, proc('chc-corporate'), 1, { openedOn: '2026-12-14', acknowledgedOn: '2026-12-15' });
    const [, kept] = recomputeStageDeadlines(newer, [
      { name: 'acknowledgement', basis: acked.acknowledgementDue!, done: true },
      { name: 'response', basis: acked.responseDue!, done: false },
    ]);
    assert.equal(kept!.start, '2026-12-15');
  });

  it('addMonths clamps to the month end', () => {
    assert.equal(addMonths('2025-01-31', 1), '2025-02-28');
    assert.equal(addMonths('2024-01-31', 1), '2024-02-29');
    assert.equal(addMonths('2025-03-15', 12), '2026-03-15');
    assert.equal(addMonths('2025-11-30', 3), '2026-02-28');
  });
});
