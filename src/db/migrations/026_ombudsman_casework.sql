-- Ombudsman cases as casework (issue 10): the steps of a case as dated rows, besides the
-- summary columns of ombudsman_case (decision, decided_on, path, not_investigated_reason,
-- recommended_remedies, remedy_amount, compliance_due_on, complied_on), which the same
-- service keeps written so report_ombudsman, the case-history export and the reminder sweep
-- read a case worked step by step exactly as one recorded in one go.

-- The council stages the Ombudsman looked at, the assessment in the Ombudsman's own words,
-- the investigation and the draft decision. A case's state follows from these (src/domain/ombudsman/).
ALTER TABLE ombudsman_case
  ADD COLUMN stages smallint[] NOT NULL DEFAULT '{}',
  ADD COLUMN assessed_on date,
  ADD COLUMN assessment_outcome text CHECK (assessment_outcome ~ '^[a-z_]{1,60}$'),
  ADD COLUMN investigation_started_on date,
  ADD COLUMN draft_decision_on date,
  ADD COLUMN draft_comments_due_on date,
  ADD COLUMN draft_comments_sent_on date,
  ADD CONSTRAINT ombudsman_case_comments_after_draft CHECK (draft_comments_sent_on IS NULL OR draft_decision_on IS NOT NULL);

-- Each finding in the Ombudsman's own words (e.g. LGSCO 'fault_and_injustice'); `finding`
-- keeps the shared vocabulary the reports count.
ALTER TABLE ombudsman_finding ADD COLUMN body_finding text CHECK (body_finding ~ '^[a-z_]{1,60}$');

-- What the Ombudsman asked the council for, by when, and what was sent when.
CREATE TABLE ombudsman_information_request (
  council_id bigint NOT NULL,
  id bigint GENERATED ALWAYS AS IDENTITY,
  ombudsman_case_id bigint NOT NULL,
  requested_on date NOT NULL,
  what text NOT NULL CHECK (what <> ''),
  due_on date NOT NULL CHECK (due_on >= requested_on),
  sent_on date CHECK (sent_on IS NULL OR sent_on >= requested_on),
  documents_sent text,
  PRIMARY KEY (council_id, id),
  FOREIGN KEY (council_id, ombudsman_case_id) REFERENCES ombudsman_case (council_id, id) ON DELETE CASCADE
);
CREATE INDEX ombudsman_information_request_case ON ombudsman_information_request (council_id, ombudsman_case_id);
CREATE INDEX ombudsman_information_request_open ON ombudsman_information_request (council_id, due_on, id) WHERE sent_on IS NULL;

-- Each recommendation of a final decision, its compliance date, the evidence sent and when
-- it was complied with (optionally a document on the linked complaint as evidence).
CREATE TABLE ombudsman_recommendation (
  council_id bigint NOT NULL,
  id bigint GENERATED ALWAYS AS IDENTITY,
  ombudsman_case_id bigint NOT NULL,
  kind text NOT NULL CHECK (kind IN ('apology', 'financial_redress', 'procedure_change', 'training_guidance', 'information_advice',
    'reconsidered_decision', 'provide_service', 'other')),
  description text NOT NULL CHECK (description <> ''),
  amount numeric(12, 2) CHECK (amount IS NULL OR amount >= 0),
  due_on date NOT NULL,
  evidence text,
  complied_on date,
  document_id bigint,
  PRIMARY KEY (council_id, id),
  FOREIGN KEY (council_id, ombudsman_case_id) REFERENCES ombudsman_case (council_id, id) ON DELETE CASCADE,
  FOREIGN KEY (council_id, document_id) REFERENCES case_document (council_id, id)
);
CREATE INDEX ombudsman_recommendation_case ON ombudsman_recommendation (council_id, ombudsman_case_id);
CREATE INDEX ombudsman_recommendation_due ON ombudsman_recommendation (council_id, due_on, id) WHERE complied_on IS NULL;

-- The case's own timeline: every step, dated, by whom (a case with no linked complaint has
-- no case events; one with a complaint has both).
CREATE TABLE ombudsman_step (
  council_id bigint NOT NULL,
  id bigint GENERATED ALWAYS AS IDENTITY,
  ombudsman_case_id bigint NOT NULL,
  step text NOT NULL CHECK (step ~ '^[a-z_]{1,60}$'),
  occurred_on date NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  actor text NOT NULL,
  data jsonb NOT NULL DEFAULT '{}',
  PRIMARY KEY (council_id, id),
  FOREIGN KEY (council_id, ombudsman_case_id) REFERENCES ombudsman_case (council_id, id) ON DELETE CASCADE
);
CREATE INDEX ombudsman_step_case ON ombudsman_step (council_id, ombudsman_case_id, id);
