-- What report layouts (src/reports/layout.ts) group and filter by, added to the report views:
-- organisation units by id as well as by name (two teams called "Admin" under different
-- directorates stay apart), complaints that started at a later stage, the outcome at the
-- first stage beside the last, calendar days taken, and an Ombudsman case's unit and
-- procedure through the complaint it is about.

-- Ids at the end: CREATE OR REPLACE may only add columns after the existing ones.
CREATE OR REPLACE VIEW org_unit_path AS
SELECT u.council_id, u.id,
       CASE u.kind WHEN 'directorate' THEN u.name WHEN 'service' THEN p.name ELSE g.name END AS directorate,
       CASE u.kind WHEN 'service' THEN u.name WHEN 'team' THEN p.name END AS service,
       CASE u.kind WHEN 'team' THEN u.name END AS team,
       CASE u.kind WHEN 'directorate' THEN u.id WHEN 'service' THEN p.id ELSE g.id END AS directorate_id,
       CASE u.kind WHEN 'service' THEN u.id WHEN 'team' THEN p.id END AS service_id,
       CASE u.kind WHEN 'team' THEN u.id END AS team_id
  FROM org_unit u
  LEFT JOIN org_unit p ON p.council_id = u.council_id AND p.id = u.parent_id
  LEFT JOIN org_unit g ON g.council_id = p.council_id AND g.id = p.parent_id;

DROP VIEW report_stage;
DROP VIEW report_complaint;
DROP VIEW report_contact;
DROP VIEW report_ombudsman;

-- Complaints: contacts routed formal or urgent, duplicates counted once.
CREATE VIEW report_complaint AS
SELECT c.council_id, c.id AS contact_id, c.reference, c.received_on,
       reporting_year(c.received_on, k.reporting_year_starts) AS year,
       c.procedure_code AS procedure, c.route, c.channel, c.complainant_group,
       op.directorate, op.service, op.team, w.name AS workspace, cat.name AS category,
       coalesce(latest.outcome, CASE WHEN latest.responded_on IS NULL THEN 'ongoing' ELSE 'not_known' END) AS outcome,
       coalesce(latest.outcome = 'withdrawn', false) AS withdrawn,
       coalesce(latest.stage, 1) AS highest_stage,
       c.org_unit_id, c.workspace_id, c.category_id,
       op.directorate_id, op.service_id, op.team_id,
       -- The stage the complaint was first investigated at: 2 when accepted straight at stage 2.
       coalesce(first.stage, 1) AS first_stage,
       coalesce(first.stage, 1) > 1 AS started_later,
       coalesce(first.outcome, CASE WHEN first.responded_on IS NULL THEN 'ongoing' ELSE 'not_known' END) AS first_outcome
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
  LEFT JOIN LATERAL (
    SELECT x.stage, x.outcome, x.responded_on FROM complaint_stage x
     WHERE x.council_id = c.council_id AND x.contact_id = c.id AND x.decision IS DISTINCT FROM 'refused'
     ORDER BY x.stage LIMIT 1
  ) first ON true
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
       rc.org_unit_id, rc.workspace_id, rc.category_id,
       rc.directorate_id, rc.service_id, rc.team_id,
       x.responded_on - x.opened_on AS calendar_days,
       rc.started_later,
       -- A stage 2+ the complaint began at, rather than one it was escalated to.
       x.stage > 1 AND x.stage = rc.first_stage AS started_here
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
       c.org_unit_id, c.workspace_id,
       op.directorate_id, op.service_id, op.team_id,
       -- A complaint accepted straight at stage 2 has no stage 1 (checked only for complaints).
       CASE WHEN c.kind = 'complaint' AND c.route IN ('formal', 'urgent') THEN
         EXISTS (SELECT 1 FROM complaint_stage s WHERE s.council_id = c.council_id AND s.contact_id = c.id AND s.stage > 1)
         AND NOT EXISTS (SELECT 1 FROM complaint_stage s WHERE s.council_id = c.council_id AND s.contact_id = c.id AND s.stage = 1)
       ELSE false END AS started_later
  FROM contact c
  JOIN council k ON k.id = c.council_id
  LEFT JOIN org_unit_path op ON op.council_id = c.council_id AND op.id = c.org_unit_id
  LEFT JOIN workspace w ON w.council_id = c.council_id AND w.id = c.workspace_id
 WHERE c.duplicate_of_id IS NULL;

-- Ombudsman cases: received in the year they arrived, decided in the year of the decision;
-- the unit and procedure are those of the council's complaint the case is about.
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
       c.reference AS council_reference,
       o.recommended_remedies AS remedies,
       o.compliance_due_on IS NOT NULL AS compliance_due,
       o.complied_on IS NOT NULL AS complied,
       c.org_unit_id, op.directorate, op.service, op.team, op.directorate_id, op.service_id, op.team_id,
       c.procedure_code AS procedure
  FROM ombudsman_case o
  JOIN council k ON k.id = o.council_id
  LEFT JOIN contact c ON c.council_id = o.council_id AND c.id = o.contact_id
  LEFT JOIN org_unit_path op ON op.council_id = c.council_id AND op.id = c.org_unit_id;
