-- The Complaint Handling Code self-assessment (issue 10): per council, reporting year and code,
-- the council's own view of each provision (complies yes / partly / no), its evidence and the
-- actions it will take, and the governing body's response to the annual complaints performance
-- and service improvement report. The figures that decide some provisions are computed from the
-- case records each time (src/selfAssessment/measures.ts), never stored. Every change is audited
-- (audit_entry, 'change_settings').
CREATE TABLE self_assessment_provision (
  council_id bigint NOT NULL REFERENCES council (id),
  year text NOT NULL CHECK (year ~ '^\d{4}/\d{2}$'),
  code text NOT NULL CHECK (code IN ('housing_ombudsman', 'lgsco')),
  provision text NOT NULL CHECK (provision ~ '^\d+\.\d+$'),
  compliance text CHECK (compliance IN ('yes', 'partly', 'no')),
  evidence text,
  actions text,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by text NOT NULL,
  PRIMARY KEY (council_id, year, code, provision)
);

CREATE TABLE self_assessment_response (
  council_id bigint NOT NULL REFERENCES council (id),
  year text NOT NULL CHECK (year ~ '^\d{4}/\d{2}$'),
  code text NOT NULL CHECK (code IN ('housing_ombudsman', 'lgsco')),
  governing_body text,
  response text,
  responded_on date,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by text NOT NULL,
  PRIMARY KEY (council_id, year, code)
);
