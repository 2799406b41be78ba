-- Remedies and learning actions by the organisation unit of their complaint, and the stage
-- that provided them (format v2): an action plan per directorate, remedies by service.
CREATE OR REPLACE VIEW report_remedy AS
SELECT r.council_id, r.id AS remedy_id, c.reference, c.received_on, reporting_year(c.received_on, k.reporting_year_starts) AS year,
       c.procedure_code AS procedure, r.kind, r.amount, r.due_on, r.done_on,
       c.org_unit_id, op.directorate, op.service, op.team, op.directorate_id, op.service_id, op.team_id,
       r.stage, r.description
  FROM remedy r
  JOIN council k ON k.id = r.council_id
  JOIN contact c ON c.council_id = r.council_id AND c.id = r.contact_id
  LEFT JOIN org_unit_path op ON op.council_id = c.council_id AND op.id = c.org_unit_id;

CREATE OR REPLACE VIEW report_learning_action AS
SELECT l.council_id, l.id AS learning_action_id, c.reference, c.received_on, reporting_year(c.received_on, k.reporting_year_starts) AS year,
       c.procedure_code AS procedure, l.description, l.owner, l.due_on, l.done_on,
       c.org_unit_id, op.directorate, op.service, op.team, op.directorate_id, op.service_id, op.team_id,
       l.stage
  FROM learning_action l
  JOIN council k ON k.id = l.council_id
  JOIN contact c ON c.council_id = l.council_id AND c.id = l.contact_id
  LEFT JOIN org_unit_path op ON op.council_id = c.council_id AND op.id = c.org_unit_id;
