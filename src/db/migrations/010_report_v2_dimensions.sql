-- What the case-history format v2 and the lifecycle record, made countable: flags
-- (unreasonable behaviour, Welsh language…), the intermediary who brought a complaint,
-- commissioned providers, where a compliment came from, the Ombudsman's path and its reason
-- for not investigating; and heads of complaint (elements) as a population of their own.
-- New columns go at the end of each view (CREATE OR REPLACE keeps the rest as it was).

CREATE OR REPLACE VIEW report_complaint AS
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
       coalesce(first.outcome, CASE WHEN first.responded_on IS NULL THEN 'ongoing' ELSE 'not_known' END) AS first_outcome,
       c.flags, c.intermediary, c.commissioned_provider
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

CREATE OR REPLACE VIEW report_stage AS
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
       x.stage > 1 AND x.stage = rc.first_stage AS started_here,
       -- Extensions agreed with the complainant, and those beyond the Code's limits (with a good reason).
       EXISTS (SELECT 1 FROM stage_extension se WHERE se.council_id = x.council_id AND se.stage_id = x.id) AS extended,
       EXISTS (SELECT 1 FROM stage_extension se WHERE se.council_id = x.council_id AND se.stage_id = x.id AND se.beyond_code) AS extended_beyond_code,
       rc.flags, rc.intermediary, rc.commissioned_provider, x.id AS stage_id
  FROM report_complaint rc
  JOIN council k ON k.id = rc.council_id
  JOIN complaint_stage x ON x.council_id = rc.council_id AND x.contact_id = rc.contact_id
  LEFT JOIN calendar_day o ON o.division = CASE k.nation WHEN 'scotland' THEN 'scotland' WHEN 'northern_ireland' THEN 'northern-ireland' ELSE 'england-and-wales' END
                          AND o.day = x.opened_on
  LEFT JOIN calendar_day e ON e.division = o.division AND e.day = x.responded_on;

CREATE OR REPLACE VIEW report_contact AS
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
       ELSE false END AS started_later,
       c.flags, c.intermediary, c.commissioned_provider, c.compliment_source
  FROM contact c
  JOIN council k ON k.id = c.council_id
  LEFT JOIN org_unit_path op ON op.council_id = c.council_id AND op.id = c.org_unit_id
  LEFT JOIN workspace w ON w.council_id = c.council_id AND w.id = c.workspace_id
 WHERE c.duplicate_of_id IS NULL;

CREATE OR REPLACE VIEW report_ombudsman AS
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
       c.procedure_code AS procedure,
       o.path, o.not_investigated_reason
  FROM ombudsman_case o
  JOIN council k ON k.id = o.council_id
  LEFT JOIN contact c ON c.council_id = o.council_id AND c.id = o.contact_id
  LEFT JOIN org_unit_path op ON op.council_id = c.council_id AND op.id = c.org_unit_id;

-- Heads of complaint (elements): a complaint can raise several, each with its category and
-- finding, counted at the stage that investigated it (Staffordshire's "nature of complaint").
CREATE VIEW report_element AS
SELECT rs.council_id, rs.contact_id, rs.reference, rs.received_on, rs.year, rs.procedure, rs.channel, rs.complainant_group,
       rs.directorate, rs.service, rs.team, rs.workspace, rs.directorate_id, rs.service_id, rs.team_id, rs.org_unit_id,
       rs.stage, rs.answered, rs.flags,
       coalesce(cat.name, rs.category) AS category,
       coalesce(el.outcome, CASE WHEN rs.answered THEN 'not_known' ELSE 'ongoing' END) AS outcome,
       el.outcome = 'withdrawn' AS withdrawn,
       el.summary
  FROM report_stage rs
  JOIN complaint_element el ON el.council_id = rs.council_id AND el.stage_id = rs.stage_id
  LEFT JOIN complaint_category cat ON cat.council_id = el.council_id AND cat.id = el.category_id;
