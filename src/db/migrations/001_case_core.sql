-- Redress case core. Every council-owned row carries council_id and its key starts with it,
-- so one deployment hosts many councils, foreign keys can never cross councils, and the
-- tables could later be distributed by council. Bank-holiday calendars are national
-- reference data and so are the only tables without a council.

CREATE TABLE council (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9-]+$'),
  name text NOT NULL,
  nation text NOT NULL CHECK (nation IN ('england', 'wales', 'scotland', 'northern_ireland')),
  -- The reporting year starts on this month and day ('04-01' = 1 April, written 2023/24).
  reporting_year_starts text NOT NULL DEFAULT '04-01' CHECK (reporting_year_starts ~ '^\d{2}-\d{2}$'),
  -- Response target for MP and councillor enquiries, a Timescale as JSON.
  enquiry_target jsonb NOT NULL DEFAULT '{"amount": 10, "unit": "working_days"}',
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE bank_holiday_calendar (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  division text NOT NULL CHECK (division IN ('england-and-wales', 'scotland', 'northern-ireland')),
  version text NOT NULL,
  source text NOT NULL,
  holidays jsonb NOT NULL, -- [{ "date": "2023-05-08", "title": "Bank holiday for the coronation of King Charles III" }]
  loaded_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (division, version)
);

-- A procedure a council has adopted: the definition is copied in, so a later change to the
-- catalogue in code never moves an existing case's deadlines.
CREATE TABLE council_procedure (
  council_id bigint NOT NULL REFERENCES council (id),
  id bigint GENERATED ALWAYS AS IDENTITY,
  code text NOT NULL CHECK (code IN ('corporate', 'children_statutory', 'adults_statutory', 'public_health', 'housing')),
  catalogue_key text NOT NULL,
  definition jsonb NOT NULL,
  adopted_on date NOT NULL,
  retired_on date,
  PRIMARY KEY (council_id, id)
);
CREATE UNIQUE INDEX council_procedure_in_force ON council_procedure (council_id, code) WHERE retired_on IS NULL;

-- Directorate → service → team, dated so a restructure keeps history.
CREATE TABLE org_unit (
  council_id bigint NOT NULL REFERENCES council (id),
  id bigint GENERATED ALWAYS AS IDENTITY,
  kind text NOT NULL CHECK (kind IN ('directorate', 'service', 'team')),
  name text NOT NULL CHECK (name <> ''),
  parent_id bigint,
  valid_from date NOT NULL DEFAULT DATE '1900-01-01',
  valid_to date,
  PRIMARY KEY (council_id, id),
  FOREIGN KEY (council_id, parent_id) REFERENCES org_unit (council_id, id),
  CHECK ((kind = 'directorate') = (parent_id IS NULL)),
  CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
CREATE UNIQUE INDEX org_unit_name ON org_unit (council_id, kind, COALESCE(parent_id, 0), name, valid_from);

-- Each unit with the names of its directorate, service and team (itself or an ancestor; null
-- below its level): contacts point at one unit, and reports and exports read its path here.
CREATE VIEW org_unit_path AS
SELECT u.council_id, u.id,
       CASE u.kind WHEN 'directorate' THEN u.name WHEN 'service' THEN p.name ELSE g.name END AS directorate,
       CASE u.kind WHEN 'service' THEN u.name WHEN 'team' THEN p.name END AS service,
       CASE u.kind WHEN 'team' THEN u.name END AS team
  FROM org_unit u
  LEFT JOIN org_unit p ON p.council_id = u.council_id AND p.id = u.parent_id
  LEFT JOIN org_unit g ON g.council_id = p.council_id AND g.id = p.parent_id;

-- Customer-facing service names on the complaint form ("Roads" rather than "Highways").
CREATE TABLE workspace (
  council_id bigint NOT NULL REFERENCES council (id),
  id bigint GENERATED ALWAYS AS IDENTITY,
  name text NOT NULL CHECK (name <> ''),
  org_unit_id bigint,
  PRIMARY KEY (council_id, id),
  UNIQUE (council_id, name),
  FOREIGN KEY (council_id, org_unit_id) REFERENCES org_unit (council_id, id)
);

-- The council's own list of complaint types.
CREATE TABLE complaint_category (
  council_id bigint NOT NULL REFERENCES council (id),
  id bigint GENERATED ALWAYS AS IDENTITY,
  name text NOT NULL CHECK (name <> ''),
  PRIMARY KEY (council_id, id),
  UNIQUE (council_id, name)
);

CREATE TABLE staff_member (
  council_id bigint NOT NULL REFERENCES council (id),
  id bigint GENERATED ALWAYS AS IDENTITY,
  name text NOT NULL,
  email text NOT NULL,
  role text NOT NULL DEFAULT 'investigating_officer'
    CHECK (role IN ('complaints_officer', 'investigating_officer', 'service_manager', 'director', 'administrator')),
  org_unit_id bigint,
  PRIMARY KEY (council_id, id),
  UNIQUE (council_id, email),
  FOREIGN KEY (council_id, org_unit_id) REFERENCES org_unit (council_id, id)
);

-- A complainant, representative or advocate.
CREATE TABLE person (
  council_id bigint NOT NULL REFERENCES council (id),
  id bigint GENERATED ALWAYS AS IDENTITY,
  full_name text NOT NULL,
  email text,
  phone text,
  address text,
  reasonable_adjustments text,
  contact_restriction text, -- a managed limit on how the person may contact the council
  contact_restriction_review_on date,
  PRIMARY KEY (council_id, id)
);

CREATE TABLE contact (
  council_id bigint NOT NULL REFERENCES council (id),
  id bigint GENERATED ALWAYS AS IDENTITY,
  reference text NOT NULL CHECK (reference <> ''),
  kind text NOT NULL CHECK (kind IN ('complaint', 'compliment', 'comment', 'enquiry', 'mp_enquiry', 'councillor_enquiry')),
  channel text CHECK (channel IN ('web_form', 'email', 'telephone', 'letter', 'in_person', 'social_media', 'advocate', 'mp_or_councillor', 'other')),
  received_on date NOT NULL,
  -- Which procedure family / report section; for compliments and comments, the section they count under.
  procedure_code text CHECK (procedure_code IN ('corporate', 'children_statutory', 'adults_statutory', 'public_health', 'housing')),
  route text CHECK (route IN ('formal', 'urgent', 'informal', 'service_request', 'early_resolution', 'alternative_path', 'not_eligible', 'withdrawn')),
  route_reason text,
  triaged_on date,
  complainant_id bigint,
  representative_id bigint,
  complainant_group text CHECK (complainant_group IN ('service_user', 'parent', 'relative', 'carer', 'advocate', 'professional', 'mp', 'councillor', 'other')),
  -- The organisation unit it is about, as the tree stood when it was received: the finest
  -- known (team, else service, else directorate). Its ancestors come from org_unit_path;
  -- a restructure adds dated units rather than moving these, so history keeps its place.
  org_unit_id bigint,
  workspace_id bigint,
  category_id bigint,
  summary text,
  flags text[] NOT NULL DEFAULT '{}',
  -- Response target for enquiries (MP and councillor: 10 working days is usual), with how it was computed.
  response_due_on date,
  response_due_basis jsonb,
  responded_on date,
  duplicate_of_id bigint,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (council_id, id),
  UNIQUE (council_id, reference),
  FOREIGN KEY (council_id, complainant_id) REFERENCES person (council_id, id),
  FOREIGN KEY (council_id, representative_id) REFERENCES person (council_id, id),
  FOREIGN KEY (council_id, org_unit_id) REFERENCES org_unit (council_id, id),
  FOREIGN KEY (council_id, workspace_id) REFERENCES workspace (council_id, id),
  FOREIGN KEY (council_id, category_id) REFERENCES complaint_category (council_id, id),
  FOREIGN KEY (council_id, duplicate_of_id) REFERENCES contact (council_id, id),
  CHECK (duplicate_of_id IS NULL OR duplicate_of_id <> id)
);
CREATE INDEX contact_received ON contact (council_id, received_on);

-- Linked contacts (same person, same matter) and duplicates; merging keeps both histories.
CREATE TABLE contact_link (
  council_id bigint NOT NULL,
  contact_id bigint NOT NULL,
  linked_contact_id bigint NOT NULL,
  kind text NOT NULL CHECK (kind IN ('linked', 'duplicate')),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (council_id, contact_id, linked_contact_id),
  FOREIGN KEY (council_id, contact_id) REFERENCES contact (council_id, id) ON DELETE CASCADE,
  FOREIGN KEY (council_id, linked_contact_id) REFERENCES contact (council_id, id) ON DELETE CASCADE,
  CHECK (contact_id <> linked_contact_id)
);

-- A contact triaged as a formal or urgent complaint, handled under a procedure.
CREATE TABLE complaint (
  council_id bigint NOT NULL,
  contact_id bigint NOT NULL,
  procedure_id bigint NOT NULL,
  status text NOT NULL CHECK (status IN ('logged', 'triaged', 'stage_open', 'responded', 'escalation_requested', 'closed', 'withdrawn')),
  closed_on date,
  withdrawn_on date,
  PRIMARY KEY (council_id, contact_id),
  FOREIGN KEY (council_id, contact_id) REFERENCES contact (council_id, id) ON DELETE CASCADE,
  FOREIGN KEY (council_id, procedure_id) REFERENCES council_procedure (council_id, id)
);

CREATE TABLE complaint_stage (
  council_id bigint NOT NULL,
  id bigint GENERATED ALWAYS AS IDENTITY,
  contact_id bigint NOT NULL,
  stage smallint NOT NULL CHECK (stage BETWEEN 1 AND 5),
  requested_on date,
  decision text CHECK (decision IN ('accepted', 'refused')),
  decided_on date,
  refusal_reason text,
  -- Null while a request for this stage awaits its decision, and when it is refused.
  opened_on date,
  acknowledged_on date,
  acknowledgement_due_on date,
  acknowledgement_due_basis jsonb,
  -- The original response deadline and how it was computed (rule, start, calendar version).
  due_on date,
  due_basis jsonb,
  extended_to date,
  investigating_officer_id bigint,
  responded_on date,
  outcome text CHECK (outcome IN ('upheld', 'partially_upheld', 'not_upheld', 'withdrawn', 'no_written_response', 'not_known')),
  PRIMARY KEY (council_id, id),
  UNIQUE (council_id, contact_id, stage),
  FOREIGN KEY (council_id, contact_id) REFERENCES complaint (council_id, contact_id) ON DELETE CASCADE,
  FOREIGN KEY (council_id, investigating_officer_id) REFERENCES staff_member (council_id, id),
  CHECK (responded_on IS NULL OR responded_on >= opened_on),
  CHECK (stage > 1 OR opened_on IS NOT NULL),
  CHECK (stage = 1 OR opened_on IS NULL OR decision = 'accepted' OR requested_on IS NULL)
);

-- Each extension agreed with the complainant, within the procedure's limit.
CREATE TABLE stage_extension (
  council_id bigint NOT NULL,
  id bigint GENERATED ALWAYS AS IDENTITY,
  stage_id bigint NOT NULL,
  extended_to date NOT NULL,
  reason text NOT NULL,
  agreed_on date NOT NULL,
  PRIMARY KEY (council_id, id),
  FOREIGN KEY (council_id, stage_id) REFERENCES complaint_stage (council_id, id) ON DELETE CASCADE
);

-- The clock stopped (waiting for the complainant) and restarted; elapsed time is derived from these.
CREATE TABLE stage_pause (
  council_id bigint NOT NULL,
  id bigint GENERATED ALWAYS AS IDENTITY,
  stage_id bigint NOT NULL,
  paused_on date NOT NULL,
  resumed_on date,
  reason text NOT NULL,
  PRIMARY KEY (council_id, id),
  FOREIGN KEY (council_id, stage_id) REFERENCES complaint_stage (council_id, id) ON DELETE CASCADE,
  CHECK (resumed_on IS NULL OR resumed_on >= paused_on)
);

-- One distinct head of complaint; each gets its own finding.
CREATE TABLE complaint_element (
  council_id bigint NOT NULL,
  id bigint GENERATED ALWAYS AS IDENTITY,
  stage_id bigint NOT NULL,
  summary text NOT NULL,
  category_id bigint,
  outcome text CHECK (outcome IN ('upheld', 'not_upheld', 'withdrawn')),
  PRIMARY KEY (council_id, id),
  FOREIGN KEY (council_id, stage_id) REFERENCES complaint_stage (council_id, id) ON DELETE CASCADE,
  FOREIGN KEY (council_id, category_id) REFERENCES complaint_category (council_id, id)
);

CREATE TABLE ombudsman_case (
  council_id bigint NOT NULL,
  id bigint GENERATED ALWAYS AS IDENTITY,
  body text NOT NULL CHECK (body IN ('lgsco', 'housing_ombudsman', 'psow', 'spso', 'nipso')),
  ombudsman_reference text NOT NULL CHECK (ombudsman_reference <> ''),
  received_on date NOT NULL,
  contact_id bigint,
  category text,
  detailed_investigation boolean,
  decided_on date,
  decision text CHECK (decision IN ('upheld', 'not_upheld', 'closed_after_initial_enquiries', 'referred_back_for_local_resolution',
    'incomplete_or_invalid', 'advice_given', 'out_of_jurisdiction', 'maladministration', 'severe_maladministration',
    'service_failure', 'no_maladministration', 'reasonable_redress')),
  satisfactory_remedy_by_council boolean,
  recommended_remedies text[] NOT NULL DEFAULT '{}',
  remedy_amount numeric(12, 2),
  compliance_due_on date,
  complied_on date,
  PRIMARY KEY (council_id, id),
  UNIQUE (council_id, body, ombudsman_reference),
  FOREIGN KEY (council_id, contact_id) REFERENCES contact (council_id, id)
);

-- What the council does to put things right.
CREATE TABLE remedy (
  council_id bigint NOT NULL,
  id bigint GENERATED ALWAYS AS IDENTITY,
  contact_id bigint,
  ombudsman_case_id bigint,
  kind text NOT NULL CHECK (kind IN ('apology', 'financial_redress', 'procedure_change', 'training_guidance', 'information_advice',
    'reconsidered_decision', 'provide_service', 'other')),
  description text,
  amount numeric(12, 2) CHECK (amount IS NULL OR amount >= 0),
  due_on date,
  done_on date,
  PRIMARY KEY (council_id, id),
  FOREIGN KEY (council_id, contact_id) REFERENCES contact (council_id, id) ON DELETE CASCADE,
  FOREIGN KEY (council_id, ombudsman_case_id) REFERENCES ombudsman_case (council_id, id) ON DELETE CASCADE,
  CHECK (contact_id IS NOT NULL OR ombudsman_case_id IS NOT NULL)
);

-- A change a service commits to because of a complaint or an Ombudsman decision.
CREATE TABLE learning_action (
  council_id bigint NOT NULL,
  id bigint GENERATED ALWAYS AS IDENTITY,
  contact_id bigint,
  ombudsman_case_id bigint,
  description text NOT NULL,
  owner text NOT NULL,
  due_on date,
  done_on date,
  PRIMARY KEY (council_id, id),
  FOREIGN KEY (council_id, contact_id) REFERENCES contact (council_id, id) ON DELETE CASCADE,
  FOREIGN KEY (council_id, ombudsman_case_id) REFERENCES ombudsman_case (council_id, id) ON DELETE CASCADE
);

-- The case timeline and audit trail: every transition, written in the same transaction.
CREATE TABLE case_event (
  council_id bigint NOT NULL,
  id bigint GENERATED ALWAYS AS IDENTITY,
  contact_id bigint NOT NULL,
  stage smallint,
  type text NOT NULL,
  occurred_on date NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  actor text NOT NULL,
  data jsonb NOT NULL DEFAULT '{}',
  PRIMARY KEY (council_id, id),
  FOREIGN KEY (council_id, contact_id) REFERENCES contact (council_id, id) ON DELETE CASCADE
);
CREATE INDEX case_event_contact ON case_event (council_id, contact_id, id);

-- Next number for references like HBC24-000123, per council and reporting year.
CREATE TABLE reference_counter (
  council_id bigint NOT NULL REFERENCES council (id),
  prefix text NOT NULL,
  last_number integer NOT NULL,
  PRIMARY KEY (council_id, prefix)
);

CREATE TABLE import_run (
  council_id bigint NOT NULL REFERENCES council (id),
  id bigint GENERATED ALWAYS AS IDENTITY,
  source text NOT NULL,
  actor text NOT NULL,
  counts jsonb NOT NULL,
  finished_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (council_id, id)
);
