-- Extensions on the report's stages: how many were extended, and how many beyond the
-- Complaint Handling Code's limits (allowed with a recorded good reason; migration 006).
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
       EXISTS (SELECT 1 FROM stage_extension se WHERE se.council_id = x.council_id AND se.stage_id = x.id AND se.beyond_code) AS extended_beyond_code
  FROM report_complaint rc
  JOIN council k ON k.id = rc.council_id
  JOIN complaint_stage x ON x.council_id = rc.council_id AND x.contact_id = rc.contact_id
  LEFT JOIN calendar_day o ON o.division = CASE k.nation WHEN 'scotland' THEN 'scotland' WHEN 'northern_ireland' THEN 'northern-ireland' ELSE 'england-and-wales' END
                          AND o.day = x.opened_on
  LEFT JOIN calendar_day e ON e.division = o.division AND e.day = x.responded_on;

-- The report asks of every stage whether it was extended: by its stage, not by a scan.
CREATE INDEX IF NOT EXISTS stage_extension_stage ON stage_extension (council_id, stage_id);
