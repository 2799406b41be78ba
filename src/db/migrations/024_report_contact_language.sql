-- The report's contacts carry the language each resident chose (English or Welsh), so a layout
-- can count it (the 'language' dimension, src/reports/definitions.ts). The view is as 015 left
-- it, with the one column added at the end (CREATE OR REPLACE VIEW may only add columns there).

CREATE OR REPLACE VIEW report_contact AS
SELECT c.council_id, c.id AS contact_id, c.reference, c.received_on,
       reporting_year(c.received_on, k.reporting_year_starts) AS year,
       c.kind, c.route, c.procedure_code AS procedure, c.channel, c.complainant_group,
       c.kind = 'complaint' AND c.route IN ('formal', 'urgent') AS is_complaint,
       op.directorate, op.service, op.team, w.name AS workspace,
       c.org_unit_id, c.workspace_id,
       op.directorate_id, op.service_id, op.team_id,
       -- A complaint accepted straight at stage 2 has no stage 1: its first stage reached is later.
       -- One hashed list of such complaints, looked up only for complaints.
       CASE WHEN c.kind = 'complaint' AND c.route IN ('formal', 'urgent') THEN (c.council_id, c.id) IN (
         SELECT s.council_id, s.contact_id FROM complaint_stage s WHERE s.decision IS DISTINCT FROM 'refused'
          GROUP BY s.council_id, s.contact_id HAVING min(s.stage) > 1) ELSE false END AS started_later,
       c.flags, c.intermediary, c.commissioned_provider, c.compliment_source,
       -- The language the resident chose (issue 9): a report can count it (Welsh Language Standards).
       c.language
  FROM contact c
  JOIN council k ON k.id = c.council_id
  LEFT JOIN org_unit_path op ON op.council_id = c.council_id AND op.id = c.org_unit_id
  LEFT JOIN workspace w ON w.council_id = c.council_id AND w.id = c.workspace_id
 WHERE c.duplicate_of_id IS NULL;
