-- Unreasonable-behaviour restrictions as the report counts them: one row per person (or, where
-- Redress does not know the person, per contact) for each reporting year a restriction was in
-- force, imposed by the year's end and not lifted before its start ("the council managed six
-- cases under the procedure this year"). The unit is that of the contact of the first
-- restriction; the year's first day stands as its date.
CREATE VIEW report_restriction AS
WITH spans AS (
  SELECT r.council_id, coalesce('person ' || r.person_id, 'contact ' || r.contact_id) AS who, r.contact_id,
         r.restriction, r.imposed_on, r.lifted_on, k.reporting_year_starts AS starts,
         to_date(substr(reporting_year(r.imposed_on, k.reporting_year_starts), 1, 4) || '-' || k.reporting_year_starts, 'YYYY-MM-DD') AS first_year
    FROM behaviour_restriction r
    JOIN council k ON k.id = r.council_id
), in_force AS (
  SELECT s.*, y::date AS year_start
    FROM spans s
   CROSS JOIN LATERAL generate_series(s.first_year, coalesce(s.lifted_on, current_date)::timestamp, interval '1 year') y
), per_year AS (
  SELECT f.council_id, f.who, f.year_start, min(f.starts) AS starts,
         array_agg(DISTINCT f.restriction ORDER BY f.restriction) AS restrictions,
         bool_or(f.first_year = f.year_start) AS imposed_in_year,
         bool_or(f.lifted_on IS NOT NULL AND f.lifted_on < f.year_start + interval '1 year') AS lifted_in_year,
         (array_agg(f.contact_id ORDER BY f.imposed_on, f.contact_id))[1] AS contact_id
    FROM in_force f
   GROUP BY f.council_id, f.who, f.year_start
)
SELECT p.council_id, c.reference, reporting_year(p.year_start, p.starts) AS year, p.year_start AS received_on,
       p.restrictions, p.imposed_in_year, p.lifted_in_year,
       c.org_unit_id, op.directorate, op.service, op.team, op.directorate_id, op.service_id, op.team_id
  FROM per_year p
  JOIN contact c ON c.council_id = p.council_id AND c.id = p.contact_id
  LEFT JOIN org_unit_path op ON op.council_id = c.council_id AND op.id = c.org_unit_id;
