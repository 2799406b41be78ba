-- Learning as an action plan (issue 10): each learning action has a status, an owner who is
-- a member of staff where known (the owner text stays, for history and imports), the
-- directorate or service it belongs to, what was learnt, evidence that it was done, and the
-- council's themes. done_on stays the date it was completed, so the report views, the case
-- history import and export and the reminders keep their meaning.

-- The council's own list of themes across complaints ("communication", "delay", "policy").
CREATE TABLE learning_theme (
  council_id bigint NOT NULL REFERENCES council (id),
  id bigint GENERATED ALWAYS AS IDENTITY,
  name text NOT NULL CHECK (name <> '' AND length(name) <= 100),
  -- A theme no longer offered for new actions; actions that have it keep it.
  retired boolean NOT NULL DEFAULT false,
  PRIMARY KEY (council_id, id),
  UNIQUE (council_id, name)
);

ALTER TABLE learning_action
  -- planned → in_progress → done, or not_going_ahead (with the reason why).
  ADD COLUMN status text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'in_progress', 'done', 'not_going_ahead')),
  ADD COLUMN status_reason text CHECK (status_reason IS NULL OR length(status_reason) <= 5000),
  ADD COLUMN owner_account_id bigint,
  -- The unit whose plan it is in (a directorate or a service), from its complaint's unit when recorded.
  ADD COLUMN org_unit_id bigint,
  -- What was learnt: Calderdale's "key points", why the action is taken.
  ADD COLUMN lesson text CHECK (lesson IS NULL OR length(lesson) <= 5000),
  ADD COLUMN evidence text CHECK (evidence IS NULL OR length(evidence) <= 5000),
  ADD COLUMN evidence_document_id bigint,
  -- An owner who leaves the council, or a document removed (retention), leaves the action with its owner's name and evidence in words.
  ADD CONSTRAINT learning_action_owner FOREIGN KEY (council_id, owner_account_id) REFERENCES council_membership (council_id, account_id)
    ON DELETE SET NULL (owner_account_id),
  ADD CONSTRAINT learning_action_unit FOREIGN KEY (council_id, org_unit_id) REFERENCES org_unit (council_id, id),
  ADD CONSTRAINT learning_action_evidence_document FOREIGN KEY (council_id, evidence_document_id) REFERENCES case_document (council_id, id)
    ON DELETE SET NULL (evidence_document_id),
  ADD CONSTRAINT learning_action_reason CHECK (status <> 'not_going_ahead' OR status_reason IS NOT NULL);

CREATE TABLE learning_action_theme (
  council_id bigint NOT NULL,
  learning_action_id bigint NOT NULL,
  theme_id bigint NOT NULL,
  PRIMARY KEY (council_id, learning_action_id, theme_id),
  FOREIGN KEY (council_id, learning_action_id) REFERENCES learning_action (council_id, id) ON DELETE CASCADE,
  FOREIGN KEY (council_id, theme_id) REFERENCES learning_theme (council_id, id)
);
CREATE INDEX learning_action_theme_theme ON learning_action_theme (council_id, theme_id);

-- Every writer of done_on (the case page, the case history import, the plan) keeps status in
-- step: a completed date means done; a done action without one is not possible.
CREATE FUNCTION learning_action_status_follows_done() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.done_on IS NOT NULL THEN
    NEW.status := 'done';
  ELSIF NEW.status = 'done' THEN
    RAISE EXCEPTION 'A learning action that is done needs the date it was completed';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER learning_action_status BEFORE INSERT OR UPDATE ON learning_action
  FOR EACH ROW EXECUTE FUNCTION learning_action_status_follows_done();

UPDATE learning_action SET status = 'done' WHERE done_on IS NOT NULL;
UPDATE learning_action l SET org_unit_id = c.org_unit_id
  FROM contact c WHERE c.council_id = l.council_id AND c.id = l.contact_id AND l.org_unit_id IS NULL;
UPDATE learning_action l SET org_unit_id = c.org_unit_id
  FROM ombudsman_case o JOIN contact c ON c.council_id = o.council_id AND c.id = o.contact_id
 WHERE o.council_id = l.council_id AND o.id = l.ombudsman_case_id AND l.org_unit_id IS NULL;

CREATE INDEX learning_action_unit ON learning_action (council_id, org_unit_id);
CREATE INDEX learning_action_owner ON learning_action (council_id, owner_account_id) WHERE done_on IS NULL;

-- The same columns first (CREATE OR REPLACE VIEW may only add at the end), then the plan's.
-- Units stay those of the complaint; the plan's own unit is plan_directorate / plan_service.
CREATE OR REPLACE VIEW report_learning_action AS
SELECT l.council_id, l.id AS learning_action_id, c.reference, c.received_on, reporting_year(c.received_on, k.reporting_year_starts) AS year,
       c.procedure_code AS procedure, l.description, l.owner, l.due_on, l.done_on,
       c.org_unit_id, op.directorate, op.service, op.team, op.directorate_id, op.service_id, op.team_id,
       l.stage,
       l.status, l.lesson, l.evidence,
       coalesce(a.display_name, l.owner) AS owner_name,
       coalesce(pp.directorate, op.directorate) AS plan_directorate,
       coalesce(pp.service, op.service) AS plan_service,
       (SELECT array_agg(t.name ORDER BY t.name) FROM learning_action_theme lt
          JOIN learning_theme t ON t.council_id = lt.council_id AND t.id = lt.theme_id
         WHERE lt.council_id = l.council_id AND lt.learning_action_id = l.id) AS themes
  FROM learning_action l
  JOIN council k ON k.id = l.council_id
  JOIN contact c ON c.council_id = l.council_id AND c.id = l.contact_id
  LEFT JOIN org_unit_path op ON op.council_id = c.council_id AND op.id = c.org_unit_id
  LEFT JOIN org_unit_path pp ON pp.council_id = l.council_id AND pp.id = l.org_unit_id
  LEFT JOIN user_account a ON a.id = l.owner_account_id;
