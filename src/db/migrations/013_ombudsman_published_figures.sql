-- The Ombudsman's own published figures for the council (its annual letter / annual review
-- data), loaded from a CSV the council downloads each year, to print beside Redress's own.
CREATE TABLE ombudsman_published_figure (
  council_id bigint NOT NULL REFERENCES council (id),
  body text NOT NULL CHECK (body IN ('lgsco', 'housing_ombudsman', 'psow', 'spso', 'nipso')),
  year text NOT NULL CHECK (year ~ '^\d{4}/\d{2}$'),
  measure text NOT NULL CHECK (measure IN ('complaints_received', 'decisions', 'detailed_investigations', 'upheld',
    'upheld_percent', 'compliance_percent', 'satisfactory_remedy_by_council', 'closed_after_initial_enquiries', 'referred_back_for_local_resolution')),
  value numeric(12, 2) NOT NULL CHECK (value >= 0),
  source text NOT NULL,
  loaded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (council_id, body, year, measure)
);

CREATE VIEW report_ombudsman_published AS
SELECT f.council_id, f.body || ' ' || f.year || ' ' || f.measure AS reference, f.body, f.year, f.measure, f.value::float8 AS value, f.source,
       -- The Ombudsman counts by the year of its own work: the same year stands for received and decided.
       f.year AS decided_year,
       to_date(substr(f.year, 1, 4) || '-' || k.reporting_year_starts, 'YYYY-MM-DD') AS received_on
  FROM ombudsman_published_figure f
  JOIN council k ON k.id = f.council_id;
