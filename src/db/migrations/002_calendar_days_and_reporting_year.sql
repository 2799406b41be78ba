-- Every day 2000–2045 with the count of working days up to and including it, per division,
-- under the calendar loaded last. Working days elapsed from A to B (A < d <= B) is then
-- n(B) - n(A): response times are computed in set-based SQL, not case by case in memory.
CREATE TABLE calendar_day (
  division text NOT NULL,
  day date NOT NULL,
  working_day_number integer NOT NULL,
  is_working_day boolean NOT NULL,
  calendar_version text NOT NULL,
  PRIMARY KEY (division, day)
);

-- The reporting year a date falls in, written '2023/24', for a year starting on `starts` ('MM-DD').
-- One expression with no FROM and no STRICT, so the planner inlines it: called on every row
-- of every report, a function call each would cost more than the report's own work.
CREATE FUNCTION reporting_year(d date, starts text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT (extract(year FROM d)::int - (extract(month FROM d)::int * 100 + extract(day FROM d)::int
            < substr(starts, 1, 2)::int * 100 + substr(starts, 4, 2)::int)::int)::text
         || '/' ||
         lpad(((extract(year FROM d)::int + 1 - (extract(month FROM d)::int * 100 + extract(day FROM d)::int
            < substr(starts, 1, 2)::int * 100 + substr(starts, 4, 2)::int)::int) % 100)::text, 2, '0')
$$;
