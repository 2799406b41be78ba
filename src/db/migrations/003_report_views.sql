-- What the annual report counts, one view per population, each row one counted thing with
-- the dimensions the report tables group it by. Figures and drill-down lists read the same
-- views, so a figure and the cases behind it can never disagree. Definitions in docs/reports.md.

-- Complaints: contacts routed formal or urgent, duplicates counted once.
CREATE VIEW report_complaint AS
SELECT c.council_id, c.id AS contact_id, c.reference, c.received_on,
       reporting_year(c.received_on, k.reporting_year_starts) AS year,
       c.procedure_code AS procedure, c.route, c.channel, c.complainant_group,
       op.directorate, op.service, op.team, w.name AS workspace, cat.name AS category,
       coalesce(latest.outcome, CASE WHEN latest.responded_on IS NULL THEN 'ongoing' ELSE 'not_known' END) AS outcome,
       coalesce(latest.outcome = 'withdrawn', false) AS withdrawn,
       coalesce(latest.stage, 1) AS highest_stage,
       c.org_unit_id, c.workspace_id, c.category_id
  FROM contact c
  JOIN council k ON k.id = c.council_id
  JOIN complaint p ON p.council_id = c.council_id AND p.contact_id = c.id
  LEFT JOIN org_unit_path op ON op.council_id = c.council_id AND op.id = c.org_unit_id
  LEFT JOIN workspace w ON w.council_id = c.council_id AND w.id = c.workspace_id
  LEFT JOIN complaint_category cat ON cat.council_id = c.council_id AND cat.id = c.category_id
  -- The latest stage reached (a refused request is not a stage reached).
  LEFT JOIN LATERAL (
    SELECT x.stage, x.outcome, x.responded_on FROM complaint_stage x
     WHERE x.council_id = c.council_id AND x.contact_id = c.id AND x.decision IS DISTINCT FROM 'refused'
     ORDER BY x.stage DESC LIMIT 1
  ) latest ON true
 WHERE c.kind = 'complaint' AND c.route IN ('formal', 'urgent') AND c.duplicate_of_id IS NULL;

-- Stages of those complaints, requested or opened, with working days taken and timeliness.
CREATE VIEW report_stage AS
SELECT rc.council_id, rc.contact_id, rc.reference, rc.received_on, rc.year, rc.procedure, rc.route, rc.channel,
       rc.complainant_group, rc.directorate, rc.service, rc.team, rc.workspace, rc.category, rc.withdrawn AS complaint_withdrawn,
       x.stage, x.requested_on, x.decision, x.opened_on, x.responded_on, x.outcome,
       coalesce(x.extended_to, x.due_on) AS due_on,
       x.responded_on IS NOT NULL AS answered,
       coalesce(x.outcome = 'withdrawn', false) AS withdrawn,
       CASE WHEN x.responded_on IS NOT NULL THEN e.working_day_number - o.working_day_number END AS working_days,
       CASE WHEN x.responded_on IS NOT NULL AND coalesce(x.extended_to, x.due_on) IS NOT NULL
            THEN x.responded_on <= coalesce(x.extended_to, x.due_on) END AS within_timescale,
       rc.org_unit_id, rc.workspace_id, rc.category_id
  FROM report_complaint rc
  JOIN council k ON k.id = rc.council_id
  JOIN complaint_stage x ON x.council_id = rc.council_id AND x.contact_id = rc.contact_id
  LEFT JOIN calendar_day o ON o.division = CASE k.nation WHEN 'scotland' THEN 'scotland' WHEN 'northern_ireland' THEN 'northern-ireland' ELSE 'england-and-wales' END
                          AND o.day = x.opened_on
  LEFT JOIN calendar_day e ON e.division = o.division AND e.day = x.responded_on;

-- Every contact (duplicates once): for contact volumes, routes and the share becoming complaints.
CREATE VIEW report_contact AS
SELECT c.council_id, c.id AS contact_id, c.reference, c.received_on,
       reporting_year(c.received_on, k.reporting_year_starts) AS year,
       c.kind, c.route, c.procedure_code AS procedure, c.channel, c.complainant_group,
       c.kind = 'complaint' AND c.route IN ('formal', 'urgent') AS is_complaint,
       op.directorate, op.service, op.team, w.name AS workspace,
       c.org_unit_id, c.workspace_id
  FROM contact c
  JOIN council k ON k.id = c.council_id
  LEFT JOIN org_unit_path op ON op.council_id = c.council_id AND op.id = c.org_unit_id
  LEFT JOIN workspace w ON w.council_id = c.council_id AND w.id = c.workspace_id
 WHERE c.duplicate_of_id IS NULL;

-- Ombudsman cases: received in the year they arrived, decided in the year of the decision.
CREATE VIEW report_ombudsman AS
SELECT o.council_id, o.id AS ombudsman_case_id, o.ombudsman_reference AS reference, o.body, coalesce(o.category, 'Not recorded') AS category,
       o.received_on, reporting_year(o.received_on, k.reporting_year_starts) AS year,
       o.decided_on, reporting_year(o.decided_on, k.reporting_year_starts) AS decided_year,
       o.decision, coalesce(o.detailed_investigation, false) AS detailed_investigation,
       o.decision IN ('upheld', 'maladministration', 'severe_maladministration', 'service_failure') AS upheld,
       coalesce(o.satisfactory_remedy_by_council, false) AS satisfactory_remedy_by_council,
       cardinality(o.recommended_remedies) > 0 AS remedies_recommended,
       'financial_redress' = ANY (o.recommended_remedies) AS financial_remedy,
       o.remedy_amount, o.compliance_due_on, o.complied_on,
       o.complied_on > o.compliance_due_on AS complied_late,
       o.compliance_due_on IS NOT NULL AND o.complied_on IS NULL AS compliance_outstanding,
       c.reference AS council_reference
  FROM ombudsman_case o
  JOIN council k ON k.id = o.council_id
  LEFT JOIN contact c ON c.council_id = o.council_id AND c.id = o.contact_id;

-- The council's own remedies and learning actions, in the year of the complaint they came from.
CREATE VIEW report_remedy AS
SELECT r.council_id, r.id AS remedy_id, c.reference, c.received_on, reporting_year(c.received_on, k.reporting_year_starts) AS year,
       c.procedure_code AS procedure, r.kind, r.amount, r.due_on, r.done_on
  FROM remedy r
  JOIN council k ON k.id = r.council_id
  JOIN contact c ON c.council_id = r.council_id AND c.id = r.contact_id;

CREATE VIEW report_learning_action AS
SELECT l.council_id, l.id AS learning_action_id, c.reference, c.received_on, reporting_year(c.received_on, k.reporting_year_starts) AS year,
       c.procedure_code AS procedure, l.description, l.owner, l.due_on, l.done_on
  FROM learning_action l
  JOIN council k ON k.id = l.council_id
  JOIN contact c ON c.council_id = l.council_id AND c.id = l.contact_id;
