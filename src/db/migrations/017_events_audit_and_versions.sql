-- One writer for a case's events (src/events/caseEvents.ts): who did it is an account (when
-- a member of staff signed in did it) and where from (the web and their address, the command
-- line, an import). Every event bumps the case's version, which an officer's form carries so
-- that a change made meanwhile by someone else is refused rather than overwritten
-- (src/events/concurrency.ts).
ALTER TABLE case_event ADD COLUMN actor_account_id bigint;
ALTER TABLE case_event ADD COLUMN origin text;
ALTER TABLE contact ADD COLUMN version integer NOT NULL DEFAULT 0;

-- Who looked at what: views, searches, lists, exports, downloads, drill-downs, report runs,
-- sign-ins (src/events/audit.ts). Changes to cases are in case_event; this is the rest.
-- No foreign keys: an entry outlives the account, the case or the council it names.
-- The detail holds which filters were used and counts, never what was typed or who the
-- resident is. Append only: the app never updates or deletes an entry (a trigger refuses).
CREATE TABLE audit_entry (
  id bigint GENERATED ALWAYS AS IDENTITY,
  council_id bigint,
  account_id bigint,
  actor text NOT NULL,
  action text NOT NULL,
  contact_id bigint,
  detail jsonb NOT NULL DEFAULT '{}',
  origin text NOT NULL,
  request_id text,
  at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (id)
);
-- An administrator's audit page: a council's entries newest first, or within dates; one case's; one person's.
CREATE INDEX audit_entry_council ON audit_entry (council_id, id);
CREATE INDEX audit_entry_council_at ON audit_entry (council_id, at);
CREATE INDEX audit_entry_contact ON audit_entry (council_id, contact_id, id) WHERE contact_id IS NOT NULL;
CREATE INDEX audit_entry_account ON audit_entry (account_id, id) WHERE account_id IS NOT NULL;

CREATE FUNCTION audit_entry_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'Audit entries are never changed or deleted';
END;
$$;
CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON audit_entry
  FOR EACH ROW EXECUTE FUNCTION audit_entry_is_append_only();
CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_entry
  FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_is_append_only();
