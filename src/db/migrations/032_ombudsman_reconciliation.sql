-- The Ombudsman's annual letter reconciled, and benchmarking (docs/formats/ombudsman-figures.md).
-- Three kinds of published data a council loads: its own figures (013), every authority's
-- figures for comparison with neighbours, and the Ombudsman's list of decisions about the
-- council, checked case by case against Redress's own Ombudsman cases.

-- The Ombudsman's published figures for MANY authorities (its annual review data), as one
-- council loaded them: each council keeps its own copy, so the key starts with council_id.
CREATE TABLE ombudsman_benchmark_figure (
  council_id bigint NOT NULL REFERENCES council (id),
  body text NOT NULL CHECK (body IN ('lgsco', 'housing_ombudsman', 'psow', 'spso', 'nipso')),
  year text NOT NULL CHECK (year ~ '^\d{4}/\d{2}$'),
  -- The authority's ONS (GSS) code where the file gives one, else a code made from its name.
  authority_code text NOT NULL CHECK (authority_code ~ '^[A-Za-z0-9_-]{1,60}$'),
  authority_name text NOT NULL CHECK (authority_name <> ''),
  measure text NOT NULL CHECK (measure IN ('complaints_received', 'decisions', 'detailed_investigations', 'upheld',
    'upheld_percent', 'compliance_percent', 'satisfactory_remedy_by_council', 'closed_after_initial_enquiries',
    'referred_back_for_local_resolution', 'similar_authorities_upheld_percent')),
  value numeric(12, 2) NOT NULL CHECK (value >= 0),
  source text NOT NULL,
  loaded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (council_id, body, year, authority_code, measure)
);

-- Which authority in that data is the council itself (null: guessed from its name).
ALTER TABLE council ADD COLUMN ombudsman_authority_code text CHECK (ombudsman_authority_code ~ '^[A-Za-z0-9_-]{1,60}$');

-- A council's named comparison groups: its neighbours, its statistical near neighbours...
CREATE TABLE ombudsman_comparison_group (
  council_id bigint NOT NULL REFERENCES council (id),
  id bigint GENERATED ALWAYS AS IDENTITY,
  name text NOT NULL CHECK (name <> '' AND length(name) <= 100),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (council_id, id),
  UNIQUE (council_id, name)
);

CREATE TABLE ombudsman_comparison_member (
  council_id bigint NOT NULL,
  group_id bigint NOT NULL,
  authority_code text NOT NULL CHECK (authority_code ~ '^[A-Za-z0-9_-]{1,60}$'),
  PRIMARY KEY (council_id, group_id, authority_code),
  FOREIGN KEY (council_id, group_id) REFERENCES ombudsman_comparison_group (council_id, id) ON DELETE CASCADE
);

-- The Ombudsman's published decisions about the council, one row per case.
CREATE TABLE ombudsman_published_decision (
  council_id bigint NOT NULL REFERENCES council (id),
  body text NOT NULL CHECK (body IN ('lgsco', 'housing_ombudsman', 'psow', 'spso', 'nipso')),
  ombudsman_reference text NOT NULL CHECK (ombudsman_reference <> ''),
  -- The reference as matched: upper case, no spaces ("23 001 234" and "23001234" are one case).
  match_reference text NOT NULL CHECK (match_reference <> ''),
  received_on date,
  decided_on date NOT NULL,
  category text,
  decision text NOT NULL CHECK (decision IN ('upheld', 'not_upheld', 'closed_after_initial_enquiries', 'referred_back_for_local_resolution',
    'incomplete_or_invalid', 'advice_given', 'out_of_jurisdiction', 'maladministration', 'severe_maladministration',
    'service_failure', 'no_maladministration', 'reasonable_redress')),
  remedy text,
  compliance text CHECK (compliance IN ('complied', 'complied_late', 'outstanding')),
  source text NOT NULL,
  loaded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (council_id, body, match_reference)
);
CREATE INDEX ombudsman_published_decision_decided ON ombudsman_published_decision (council_id, body, decided_on);

-- A file uploaded on /ombudsman/figures, held until the person who checked it confirms.
CREATE TABLE ombudsman_figures_upload (
  council_id bigint NOT NULL REFERENCES council (id),
  id bigint GENERATED ALWAYS AS IDENTITY,
  kind text NOT NULL CHECK (kind IN ('council', 'benchmark', 'decisions')),
  filename text NOT NULL,
  content text NOT NULL,
  uploaded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (council_id, id)
);

-- Benchmarking for the annual report (population ombudsman_benchmark): each authority's uphold
-- and compliance rates for a year, with the comparison groups it is in and whether it is the
-- council itself, and each group's average (the council left out) as a row of its own. The
-- uphold rate is as published, else upheld of detailed investigations.
CREATE VIEW report_ombudsman_benchmark AS
WITH authority AS (
  SELECT b.council_id, b.body, b.year, b.authority_code, min(b.authority_name) AS authority_name, min(b.source) AS source,
         max(b.value) FILTER (WHERE b.measure = 'detailed_investigations') AS detailed,
         max(b.value) FILTER (WHERE b.measure = 'upheld') AS upheld,
         max(b.value) FILTER (WHERE b.measure = 'upheld_percent') AS upheld_percent,
         max(b.value) FILTER (WHERE b.measure = 'compliance_percent') AS compliance_percent
    FROM ombudsman_benchmark_figure b
   GROUP BY b.council_id, b.body, b.year, b.authority_code
), rated AS (
  SELECT a.council_id, a.body, a.year, a.authority_code, a.authority_name, a.source,
         a.authority_code = k.ombudsman_authority_code AS own,
         coalesce((SELECT array_agg(g.name ORDER BY g.name) FROM ombudsman_comparison_member m
                     JOIN ombudsman_comparison_group g ON g.council_id = m.council_id AND g.id = m.group_id
                    WHERE m.council_id = a.council_id AND m.authority_code = a.authority_code), '{}') AS comparison_groups,
         coalesce(a.upheld_percent, round(100 * a.upheld / nullif(a.detailed, 0), 1))::float8 AS uphold_rate,
         a.compliance_percent::float8 AS compliance_rate, a.detailed::float8 AS detailed, a.upheld::float8 AS upheld,
         to_date(substr(a.year, 1, 4) || '-' || k.reporting_year_starts, 'YYYY-MM-DD') AS received_on
    FROM authority a JOIN council k ON k.id = a.council_id
), line AS (
  SELECT council_id, body, year, received_on, authority_code, authority_name, own, comparison_groups, source, measure, value
    FROM rated
   CROSS JOIN LATERAL (VALUES ('uphold_rate', uphold_rate), ('compliance_rate', compliance_rate),
                              ('detailed_investigations', detailed), ('upheld', upheld)) AS v (measure, value)
   WHERE value IS NOT NULL
  UNION ALL
  SELECT r.council_id, r.body, r.year, min(r.received_on), 'average-' || md5(g.name), 'Average of ' || g.name, false, ARRAY[g.name], 'average', v.measure, round(avg(v.value)::numeric, 1)::float8
    FROM rated r
    JOIN ombudsman_comparison_member m ON m.council_id = r.council_id AND m.authority_code = r.authority_code
    JOIN ombudsman_comparison_group g ON g.council_id = m.council_id AND g.id = m.group_id
   CROSS JOIN LATERAL (VALUES ('uphold_rate', r.uphold_rate), ('compliance_rate', r.compliance_rate)) AS v (measure, value)
   WHERE NOT coalesce(r.own, false) AND v.value IS NOT NULL
   GROUP BY r.council_id, r.body, r.year, g.name, v.measure
)
SELECT council_id, body || ' ' || year || ' ' || authority_code || ' ' || measure AS reference, body, year, year AS decided_year, received_on,
       authority_code, authority_name, coalesce(own, false) AS own, comparison_groups, measure, value, source
  FROM line;
