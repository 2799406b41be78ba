-- What a council's old system holds and the case-history format v1 cannot say
-- (docs/formats/case-history-csv-v2.md). Elements, remedies and learning actions existed
-- already; this adds only what was missing.

-- Who brought the complaint on the person's behalf, whom it was addressed to, whether it
-- is about a service the council commissions, and where a compliment came from.
ALTER TABLE contact
  ADD COLUMN intermediary text CHECK (intermediary IN ('advocacy_service', 'mp', 'councillor', 'solicitor', 'friend_or_relative', 'other')),
  ADD COLUMN addressed_to text,
  ADD COLUMN commissioned_provider boolean,
  ADD COLUMN compliment_source text CHECK (compliment_source IN ('direct', 'survey', 'via_staff', 'via_elected_member', 'social_media', 'other'));

-- Remedies and learning actions on a council stage (null: the complaint as a whole, or an
-- Ombudsman case's).
ALTER TABLE remedy ADD COLUMN stage smallint CHECK (stage BETWEEN 1 AND 5);
ALTER TABLE learning_action ADD COLUMN stage smallint CHECK (stage BETWEEN 1 AND 5);

-- How far the Ombudsman took a case, and why it did not investigate.
ALTER TABLE ombudsman_case
  ADD COLUMN path text CHECK (path IN ('enquiry', 'assessment', 'investigation')),
  ADD COLUMN not_investigated_reason text CHECK (not_investigated_reason IN ('premature', 'out_of_time', 'alternative_remedy',
    'no_significant_injustice', 'not_proportionate', 'out_of_jurisdiction', 'withdrawn', 'other')),
  ADD CONSTRAINT ombudsman_case_reason_without_investigation CHECK (not_investigated_reason IS NULL OR path IS DISTINCT FROM 'investigation');

-- An Ombudsman decision can make several findings (one per part of the complaint).
CREATE TABLE ombudsman_finding (
  council_id bigint NOT NULL,
  id bigint GENERATED ALWAYS AS IDENTITY,
  ombudsman_case_id bigint NOT NULL,
  finding text NOT NULL CHECK (finding IN ('upheld', 'not_upheld', 'closed_after_initial_enquiries', 'referred_back_for_local_resolution',
    'incomplete_or_invalid', 'advice_given', 'out_of_jurisdiction', 'maladministration', 'severe_maladministration',
    'service_failure', 'no_maladministration', 'reasonable_redress')),
  summary text,
  PRIMARY KEY (council_id, id),
  FOREIGN KEY (council_id, ombudsman_case_id) REFERENCES ombudsman_case (council_id, id) ON DELETE CASCADE
);
CREATE INDEX ombudsman_finding_case ON ombudsman_finding (council_id, ombudsman_case_id);

CREATE INDEX complaint_element_stage ON complaint_element (council_id, stage_id);
CREATE INDEX remedy_contact ON remedy (council_id, contact_id);
CREATE INDEX learning_action_contact ON learning_action (council_id, contact_id);
