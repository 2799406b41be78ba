import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { addDays, fromEpochDay, toEpochDay, type IsoDate } from '../../../src/domain/dates.ts';
import {
  divisionOf,
  loadShippedBankHolidays,
  makeCalendar,
  parseGovUkBankHolidays,
  type BankHolidayCalendar,
  type Division,
} from '../../../src/domain/calendar/bankHolidays.ts';
import {
  addWorkingDays,
  elapsedWorkingDays,
  holidaysBetween,
  isWorkingDay,
  workingDaysBetween,
  type Pause,
} from '../../../src/domain/calendar/workingDays.ts';

const cals = loadShippedBankHolidays();
const ew = cals['england-and-wales'];
const sc = cals.scotland;

// ---- Naive reference implementations: one day at a time, no table. ----
function naiveIsWorking(cal: BankHolidayCalendar, d: IsoDate): boolean {
  const dow = new Date(`${d}T00:00:00Z`).getUTCDay();
  return dow !== 0 && dow !== 6 && !cal.holidays.has(d);
}
function naiveBetween(cal: BankHolidayCalendar, a: IsoDate, b: IsoDate): number {
  let n = 0;
  for (let d = addDays(a, 1); d <= b; d = addDays(d, 1)) if (naiveIsWorking(cal, d)) n++;
  return n;
}
function naiveAdd(cal: BankHolidayCalendar, from: IsoDate, n: number): IsoDate {
  let d = from;
  for (let left = n; left > 0; ) {
    d = addDays(d, 1);
    if (naiveIsWorking(cal, d)) left--;
  }
  return d;
}
function naiveElapsed(cal: BankHolidayCalendar, start: IsoDate, end: IsoDate, pauses: Pause[]): number {
  let n = 0;
  for (let d = addDays(start, 1); d <= end; d = addDays(d, 1)) {
    const paused = pauses.some((p) => p.from < d && d <= (p.to ?? end));
    if (naiveIsWorking(cal, d) && !paused) n++;
  }
  return n;
}

// ---- Arbitraries: dates 1990–2050 (so both the table and the out-of-range loop are hit),
// weighted towards the table's edges. ----
const edges = ['1999-12-31', '2000-01-01', '2040-12-31', '2041-01-01'].map(toEpochDay);
const dateArb = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: toEpochDay('1990-01-01'), max: toEpochDay('2050-12-31') }) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...edges), fc.integer({ min: -30, max: 30 })).map(([e, k]) => e + k) },
).map(fromEpochDay);
const divisionArb = fc.constantFrom<Division>('england-and-wales', 'scotland', 'northern-ireland');
const shippedCalArb = divisionArb.map((d) => cals[d]);
/** Random calendars, including holidays outside 2000–2040 and on weekends. */
const randomCalArb = fc
  .uniqueArray(dateArb, { maxLength: 60 })
  .map((dates) => makeCalendar('england-and-wales', dates.map((date, i) => ({ date, title: `Holiday ${i}` }))));
const calArb = fc.oneof(shippedCalArb, randomCalArb);
const nArb = fc.integer({ min: 0, max: 300 });
const pauseArb = fc
  .tuple(dateArb, fc.option(fc.integer({ min: 0, max: 60 }), { nil: null }))
  .map(([from, len]): Pause => ({ from, to: len === null ? null : addDays(from, len) }));
const sorted3 = fc.tuple(dateArb, dateArb, dateArb).map((xs) => xs.sort() as [IsoDate, IsoDate, IsoDate]);

describe('bank holiday calendars', () => {
  it('loads the shipped GOV.UK file for all three divisions', () => {
    assert.equal(ew.holidays.get('2022-09-19'), 'Bank Holiday for the State Funeral of Queen Elizabeth II');
    assert.equal(sc.holidays.get('2022-11-30'), 'St Andrew’s Day');
    assert.equal(cals['northern-ireland'].holidays.get('2023-07-12'), 'Battle of the Boyne (Orangemen’s Day)');
    assert.ok(!ew.holidays.has('2022-11-30'));
    assert.match(ew.version, /^[0-9a-f]{12}$/);
    assert.notEqual(ew.version, sc.version);
  });

  it('version is a content hash: same holidays in any order give the same version, a change gives another', () => {
    const a = makeCalendar('scotland', [{ date: '2025-01-01', title: 'A' }, { date: '2025-01-02', title: 'B' }]);
    const b = makeCalendar('scotland', [{ date: '2025-01-02', title: 'B' }, { date: '2025-01-01', title: 'A' }]);
    const c = makeCalendar('scotland', [{ date: '2025-01-02', title: 'B' }]);
    assert.equal(a.version, b.version);
    assert.notEqual(a.version, c.version);
  });

  it('maps nations to divisions', () => {
    assert.equal(divisionOf('wales'), 'england-and-wales');
    assert.equal(divisionOf('england'), 'england-and-wales');
    assert.equal(divisionOf('scotland'), 'scotland');
    assert.equal(divisionOf('northern_ireland'), 'northern-ireland');
  });

  it('parses a newer file and rejects malformed ones with clear errors', () => {
    const good = {
      'england-and-wales': { division: 'england-and-wales', events: [{ title: 'X', date: '2029-01-01', notes: '', bunting: true }] },
      scotland: { division: 'scotland', events: [] },
      'northern-ireland': { division: 'northern-ireland', events: [] },
    };
    assert.equal(parseGovUkBankHolidays(good)['england-and-wales'].holidays.get('2029-01-01'), 'X');
    assert.throws(() => parseGovUkBankHolidays([]), /expected a JSON object/);
    assert.throws(() => parseGovUkBankHolidays({ ...good, scotland: undefined }), /"scotland": missing/);
    assert.throws(
      () => parseGovUkBankHolidays({ ...good, scotland: { division: 'scotland', events: [{ title: 'Y', date: '2029-02-30' }] } }),
      /"scotland", event 0: "date" must be a date/,
    );
    assert.throws(
      () => parseGovUkBankHolidays({ ...good, scotland: { division: 'scotland', events: [{ date: '2029-02-01' }] } }),
      /event 0 \(2029-02-01\): "title"/,
    );
    assert.throws(() => parseGovUkBankHolidays({ ...good, scotland: { division: 'wales', events: [] } }), /expected "scotland"/);
    assert.throws(() => parseGovUkBankHolidays({ ...good, scotland: { division: 'scotland' } }), /"events" must be a list/);
  });
});

describe('fixture: test/fixtures/working-days.csv', () => {
  const lines = readFileSync(new URL('../../fixtures/working-days.csv', import.meta.url), 'utf8').trim().split(/\r?\n/);
  const rows = lines.slice(1).map((l) => {
    const [division, from, n, due] = l.split(',');
    return { division: division as Division, from: from!, n: Number(n), due: due! };
  });

  it('has the 540 rows', () => {
    assert.equal(lines[0], 'division,from,working_days,due');
    assert.equal(rows.length, 540);
  });

  for (const division of ['england-and-wales', 'scotland', 'northern-ireland'] as const) {
    it(`addWorkingDays reproduces every ${division} row, and counting back gives n`, () => {
      const mine = rows.filter((r) => r.division === division);
      assert.equal(mine.length, 180);
      const wrong = mine
        .map((r) => ({ ...r, got: addWorkingDays(cals[division], r.from, r.n), back: workingDaysBetween(cals[division], r.from, r.due) }))
        .filter((r) => r.got !== r.due || r.back !== r.n);
      assert.deepEqual(wrong, []);
    });
  }
});

describe('working days: examples', () => {
  it('received Friday, answered Monday = 1; b ≤ a = 0', () => {
    assert.equal(workingDaysBetween(ew, '2025-03-07', '2025-03-10'), 1);
    assert.equal(workingDaysBetween(ew, '2025-03-10', '2025-03-10'), 0);
    assert.equal(workingDaysBetween(ew, '2025-03-10', '2025-03-07'), 0);
  });

  it('weekends and the nation’s bank holidays are not working days', () => {
    assert.equal(isWorkingDay(ew, '2025-03-08'), false); // Saturday
    assert.equal(isWorkingDay(ew, '2025-03-10'), true);
    assert.equal(isWorkingDay(ew, '2023-05-08'), false); // Coronation
    assert.equal(isWorkingDay(ew, '2022-11-30'), true); // St Andrew's Day is Scottish only
    assert.equal(isWorkingDay(sc, '2022-11-30'), false);
    assert.equal(isWorkingDay(ew, '2023-01-03'), true); // 2 January holiday is Scottish only
    assert.equal(isWorkingDay(sc, '2023-01-03'), false);
  });

  it('counts from a weekend start; n = 0 returns the start itself', () => {
    assert.equal(addWorkingDays(ew, '2025-03-08', 1), '2025-03-10'); // Saturday → Monday
    assert.equal(addWorkingDays(ew, '2025-03-08', 0), '2025-03-08');
    assert.throws(() => addWorkingDays(ew, '2025-03-08', -1), RangeError);
    assert.throws(() => addWorkingDays(ew, '2025-03-08', 1.5), RangeError);
  });

  it('holidaysBetween lists the weekday holidays in (a, b], not weekend ones', () => {
    assert.deepEqual(holidaysBetween(ew, '2025-04-17', '2025-04-21'), [
      { date: '2025-04-18', title: 'Good Friday' },
      { date: '2025-04-21', title: 'Easter Monday' },
    ]);
    assert.deepEqual(holidaysBetween(ew, '2025-04-18', '2025-04-20'), []); // a itself is excluded
    const cal = makeCalendar('england-and-wales', [{ date: '2022-12-25', title: 'Christmas Day (Sunday)' }]);
    assert.deepEqual(holidaysBetween(cal, '2022-12-20', '2022-12-31'), []);
  });

  it('works outside the precomputed 2000–2040 range', () => {
    const cal = makeCalendar('england-and-wales', [
      { date: '1999-12-31', title: 'Millennium' },
      { date: '2041-01-01', title: 'New Year' },
    ]);
    // Thu 1999-12-30 → (Fri 31 holiday, Sat, Sun) Mon 3 Jan 2000.
    assert.equal(addWorkingDays(cal, '1999-12-30', 1), '2000-01-03');
    // Mon 2040-12-31 → (Tue 1 Jan 2041 holiday) Wed 2 Jan 2041.
    assert.equal(addWorkingDays(cal, '2040-12-31', 1), '2041-01-02');
    assert.equal(workingDaysBetween(cal, '1999-12-30', '2041-01-02'), naiveBetween(cal, '1999-12-30', '2041-01-02'));
  });

  it('elapsed working days subtract stopped time, without double counting overlaps', () => {
    // Mon 3 Mar – Mon 31 Mar 2025 = 20 working days. Stopped Mon 10 → Fri 14 Mar:
    // days 11, 12, 13, 14 do not count (the stop day counts; the restart day does not).
    const start = '2025-03-03';
    const end = '2025-03-31';
    assert.equal(elapsedWorkingDays(ew, start, end), 20);
    assert.equal(elapsedWorkingDays(ew, start, end, [{ from: '2025-03-10', to: '2025-03-14' }]), 16);
    // Overlapping pause (12 → 18 Mar) adds only 17 and 18.
    assert.equal(
      elapsedWorkingDays(ew, start, end, [
        { from: '2025-03-10', to: '2025-03-14' },
        { from: '2025-03-12', to: '2025-03-18' },
      ]),
      14,
    );
    // Still stopped since Tue 25 Mar: 26, 27, 28, 31 do not count.
    assert.equal(elapsedWorkingDays(ew, start, end, [{ from: '2025-03-25', to: null }]), 16);
    // A pause before the start is clipped away.
    assert.equal(elapsedWorkingDays(ew, start, end, [{ from: '2025-02-01', to: '2025-03-03' }]), 20);
    assert.throws(() => elapsedWorkingDays(ew, start, end, [{ from: '2025-03-14', to: '2025-03-10' }]), RangeError);
  });
});

describe('working days: laws (property tests)', () => {
  it('the fast table equals a naive day-by-day loop', () => {
    fc.assert(
      fc.property(calArb, dateArb, fc.integer({ min: 0, max: 120 }), fc.integer({ min: -5, max: 200 }), (cal, a, n, span) => {
        const b = addDays(a, span);
        assert.equal(addWorkingDays(cal, a, n), naiveAdd(cal, a, n));
        assert.equal(workingDaysBetween(cal, a, b), naiveBetween(cal, a, b));
        assert.equal(isWorkingDay(cal, a), naiveIsWorking(cal, a));
        const expectedHolidays = [...cal.holidays]
          .filter(([d]) => d > a && d <= b && new Date(`${d}T00:00:00Z`).getUTCDay() % 6 !== 0)
          .sort(([x], [y]) => (x < y ? -1 : 1))
          .map(([date, title]) => ({ date, title }));
        assert.deepEqual(holidaysBetween(cal, a, b), expectedHolidays);
      }),
      { numRuns: 400 },
    );
  });

  it('workingDaysBetween(a, addWorkingDays(a, n)) = n, and the result is the first such working day', () => {
    fc.assert(
      fc.property(calArb, dateArb, nArb, (cal, a, n) => {
        const due = addWorkingDays(cal, a, n);
        assert.equal(workingDaysBetween(cal, a, due), n);
        if (n >= 1) {
          assert.ok(isWorkingDay(cal, due), `${due} is not a working day`);
          assert.equal(workingDaysBetween(cal, a, addDays(due, -1)), n - 1);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('addWorkingDays is strictly increasing in n', () => {
    fc.assert(
      fc.property(shippedCalArb, dateArb, nArb, fc.integer({ min: 1, max: 50 }), (cal, a, n, k) => {
        assert.ok(addWorkingDays(cal, a, n) < addWorkingDays(cal, a, n + k));
      }),
      { numRuns: 300 },
    );
  });

  it('is additive: adding m then n = adding m + n', () => {
    fc.assert(
      fc.property(calArb, dateArb, nArb, nArb, (cal, a, m, n) => {
        assert.equal(addWorkingDays(cal, addWorkingDays(cal, a, m), n), addWorkingDays(cal, a, m + n));
      }),
      { numRuns: 300 },
    );
  });

  it('counts are additive over a ≤ b ≤ c', () => {
    fc.assert(
      fc.property(calArb, sorted3, (cal, [a, b, c]) => {
        assert.equal(workingDaysBetween(cal, a, b) + workingDaysBetween(cal, b, c), workingDaysBetween(cal, a, c));
      }),
      { numRuns: 300 },
    );
  });

  it('elapsed with pauses: never more than without, never negative, equal to a naive count, overlaps not double counted', () => {
    const near = fc.tuple(fc.integer({ min: toEpochDay('2021-01-01'), max: toEpochDay('2027-12-31') }), fc.integer({ min: 0, max: 150 }));
    const nearPause = fc
      .tuple(fc.integer({ min: -30, max: 150 }), fc.option(fc.integer({ min: 0, max: 40 }), { nil: null }))
      .map(([off, len]) => ({ off, len }));
    fc.assert(
      fc.property(shippedCalArb, near, fc.array(nearPause, { maxLength: 4 }), (cal, [s, span], ps) => {
        const start = fromEpochDay(s);
        const end = fromEpochDay(s + span);
        const pauses: Pause[] = ps.map(({ off, len }) => ({
          from: fromEpochDay(s + off),
          to: len === null ? null : fromEpochDay(s + off + len),
        }));
        const e = elapsedWorkingDays(cal, start, end, pauses);
        assert.ok(e >= 0);
        assert.ok(e <= elapsedWorkingDays(cal, start, end));
        assert.equal(e, naiveElapsed(cal, start, end, pauses));
        assert.equal(elapsedWorkingDays(cal, start, end, [...pauses, ...pauses]), e);
      }),
      { numRuns: 300 },
    );
    // pauseArb exercises far-away and open pauses too.
    fc.assert(
      fc.property(shippedCalArb, dateArb, fc.integer({ min: 0, max: 200 }), fc.array(pauseArb, { maxLength: 3 }), (cal, start, span, pauses) => {
        const end = addDays(start, span);
        assert.equal(elapsedWorkingDays(cal, start, end, pauses), naiveElapsed(cal, start, end, pauses));
      }),
      { numRuns: 200 },
    );
  });
});
