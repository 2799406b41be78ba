-- Council-wide learning actions (issue 10): actions that come from no single complaint
-- (themes across many complaints, an Ombudsman report about another council, training),
-- added on /learning/new. Such an action has no complaint to take its reporting year from,
-- so it carries the date it was agreed, and the report view keeps it: the view joined its
-- complaint with an inner join, which dropped every action without one.

-- The date the action was agreed. Set for actions added on the plan; actions from before,
-- and those agreed on a case page, take their year from their complaint and may leave it empty.
ALTER TABLE learning_action ADD COLUMN agreed_on date;

-- The same columns in the same order (CREATE OR REPLACE VIEW may only add at the end).
-- An action with no complaint of its own takes its Ombudsman case's complaint where there
-- is one; one with neither is counted in the year it was agreed, under its plan's unit.
-- Units stay those of the complaint where there is one.
CREATE OR REPLACE VIEW report_learning_action AS
SELECT l.council_id, l.id AS learning_action_id, c.reference,
       -- The date its year is counted from (the annual report reads its rows by this date).
       coalesce(c.received_on, l.agreed_on) AS received_on,
       reporting_year(coalesce(c.received_on, l.agreed_on), k.reporting_year_starts) AS year,
       c.procedure_code AS procedure, l.description, l.owner, l.due_on, l.done_on,
       coalesce(c.org_unit_id, l.org_unit_id) AS org_unit_id, op.directorate, op.service, op.team, op.directorate_id, op.service_id, op.team_id,
       l.stage,
       l.status, l.lesson, l.evidence,
       coalesce(a.display_name, l.owner) AS owner_name,
       coalesce(pp.directorate, op.directorate) AS plan_directorate,
       coalesce(pp.service, op.service) AS plan_service,
       (SELECT array_agg(t.name ORDER BY t.name) FROM learning_action_theme lt
          JOIN learning_theme t ON t.council_id = lt.council_id AND t.id = lt.theme_id
         WHERE lt.council_id = l.council_id AND lt.learning_action_id = l.id) AS themes,
       l.agreed_on
  FROM learning_action l
  JOIN council k ON k.id = l.council_id
  LEFT JOIN ombudsman_case o ON o.council_id = l.council_id AND o.id = l.ombudsman_case_id
  LEFT JOIN contact c ON c.council_id = l.council_id AND c.id = coalesce(l.contact_id, o.contact_id)
  LEFT JOIN org_unit_path op ON op.council_id = l.council_id AND op.id = coalesce(c.org_unit_id, l.org_unit_id)
  LEFT JOIN org_unit_path pp ON pp.council_id = l.council_id AND pp.id = l.org_unit_id
  LEFT JOIN user_account a ON a.id = l.owner_account_id
 WHERE c.id IS NOT NULL OR l.agreed_on IS NOT NULL;
