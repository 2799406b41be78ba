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
