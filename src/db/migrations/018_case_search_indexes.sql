-- Finding any case, and each person's work queues, at a million contacts (ADR 14,
-- src/cases/caseList.ts and src/cases/workQueues.ts).

-- Full-text search over the reference, the complainant's and representative's names and the
-- summary, kept on the contact itself by triggers, so it is right whatever writes the rows
-- (the importer's bulk inserts, logContact, a later edit of a person's name).
-- Weights say where a word came from: A the reference, split at its punctuation (the parser
-- would read "-000123" as a negative number) and its number without leading zeros, so
-- "HBC24-000123", "000123" and "123" all find HBC24-000123; B the people's names, C the summary. A search by
-- someone who may not see names matches only weight A. Names and references use the
-- 'simple' configuration (no stemming, no stop words: "Mills" must not become "mill", and
-- "Will" is a name); the summary uses 'english' so "potholes" finds "pothole".
ALTER TABLE contact ADD COLUMN search_vector tsvector;

-- PL/pgSQL rather than SQL: called from the trigger, a SQL function would be planned again for
-- every row (0.5 ms a row, minutes for an import); PL/pgSQL keeps its plan.
CREATE FUNCTION contact_search_vector(reference text, summary text, complainant text, representative text) RETURNS tsvector
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
  RETURN setweight(to_tsvector('simple'::regconfig, regexp_replace(reference, '[^[:alnum:]]+', ' ', 'g') || ' '
                     || coalesce(nullif(ltrim(substring(reference from '(\d+)$'), '0'), ''), '')), 'A')
      || setweight(to_tsvector('simple'::regconfig, coalesce(complainant, '') || ' ' || coalesce(representative, '')), 'B')
      || setweight(to_tsvector('english'::regconfig, coalesce(summary, '')), 'C');
END
$$;

CREATE FUNCTION contact_search_vector_fill() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_vector := contact_search_vector(
    NEW.reference, NEW.summary,
    CASE WHEN NEW.complainant_id IS NOT NULL THEN (SELECT full_name FROM person WHERE council_id = NEW.council_id AND id = NEW.complainant_id) END,
    CASE WHEN NEW.representative_id IS NOT NULL THEN (SELECT full_name FROM person WHERE council_id = NEW.council_id AND id = NEW.representative_id) END);
  RETURN NEW;
END
$$;

CREATE TRIGGER contact_search_vector BEFORE INSERT OR UPDATE OF reference, summary, complainant_id, representative_id ON contact
  FOR EACH ROW EXECUTE FUNCTION contact_search_vector_fill();

-- A person renamed: their contacts' vectors are made again (touching complainant_id fires the trigger above).
CREATE FUNCTION person_name_to_contacts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE contact SET complainant_id = complainant_id
   WHERE council_id = NEW.council_id AND (complainant_id = NEW.id OR representative_id = NEW.id);
  RETURN NULL;
END
$$;

CREATE TRIGGER person_name_to_contacts AFTER UPDATE OF full_name ON person
  FOR EACH ROW WHEN (OLD.full_name IS DISTINCT FROM NEW.full_name) EXECUTE FUNCTION person_name_to_contacts();

-- Rows already there.
UPDATE contact c
   SET search_vector = contact_search_vector(c.reference, c.summary,
         (SELECT full_name FROM person p WHERE p.council_id = c.council_id AND p.id = c.complainant_id),
         (SELECT full_name FROM person p WHERE p.council_id = c.council_id AND p.id = c.representative_id));

CREATE INDEX contact_search ON contact USING gin (search_vector);
CREATE INDEX contact_complainant ON contact (council_id, complainant_id) WHERE complainant_id IS NOT NULL;
CREATE INDEX contact_representative ON contact (council_id, representative_id) WHERE representative_id IS NOT NULL;

-- The case list's keyset orders: newest (or oldest) first walks this index from one end, a
-- page after a cursor starts where the cursor points. It replaces contact_received, which is
-- its prefix. By reference uses the unique (council_id, reference) index.
CREATE INDEX contact_received_id ON contact (council_id, received_on, id);
DROP INDEX contact_received;
CREATE INDEX contact_flags ON contact USING gin (flags);

-- Work queues: partial indexes on the open things only, so a queue costs what the open work
-- costs, however many years of closed cases lie behind it.
-- Complaints logged and not yet triaged (and a complaint contact with no complaint record or route).
CREATE INDEX complaint_logged ON complaint (council_id, contact_id) WHERE status = 'logged';
CREATE INDEX contact_untriaged ON contact (council_id, received_on, id) WHERE route IS NULL AND kind = 'complaint';
-- Every compliment and enquiry has no route, and no complaint lacks one: without this the
-- planner multiplies the two fractions, expects 200,000 untriaged complaints in a million, and
-- a server compiles the queue with JIT (1.5 s for no rows).
CREATE STATISTICS contact_route_kind (mcv) ON route, kind FROM contact;
-- Open stages, by the date their response is due (the extension's date once extended), and by officer.
CREATE INDEX complaint_stage_open_due ON complaint_stage (council_id, (coalesce(extended_to, due_on)), id)
  WHERE opened_on IS NOT NULL AND responded_on IS NULL AND outcome IS NULL;
CREATE INDEX complaint_stage_open_officer ON complaint_stage (council_id, investigating_officer_id, (coalesce(extended_to, due_on)), id)
  WHERE opened_on IS NOT NULL AND responded_on IS NULL AND outcome IS NULL;
-- Escalation requests awaiting a decision.
CREATE INDEX complaint_stage_requested ON complaint_stage (council_id, requested_on, id)
  WHERE requested_on IS NOT NULL AND decision IS NULL;
-- Every stage an officer handled (the case list's officer filter).
CREATE INDEX complaint_stage_officer ON complaint_stage (council_id, investigating_officer_id, contact_id)
  WHERE investigating_officer_id IS NOT NULL;
-- Learning actions and remedies not yet done.
CREATE INDEX learning_action_undone ON learning_action (council_id, due_on, id) WHERE done_on IS NULL;
CREATE INDEX remedy_undone ON remedy (council_id, due_on, id) WHERE done_on IS NULL;
