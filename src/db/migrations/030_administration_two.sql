-- Administration pages (issue 10, part 5): complaint categories retired rather than deleted
-- (old cases keep showing the name), their Welsh names, and case-history files uploaded for
-- a preview held here until the administrator confirms or cancels the import.

-- A category no longer offered for new cases; the cases that have it keep it.
ALTER TABLE complaint_category ADD COLUMN retired_on date;
-- The name residents see on Welsh pages and letters; null = the English name.
ALTER TABLE complaint_category ADD COLUMN name_cy text CHECK (name_cy IS NULL OR name_cy <> '');

-- A case-history upload awaiting "Import": the files as uploaded (never re-uploaded for the
-- confirm step), removed when it is imported or cancelled, or when the same person uploads again.
CREATE TABLE pending_import (
  council_id bigint NOT NULL REFERENCES council (id),
  id bigint GENERATED ALWAYS AS IDENTITY,
  account_id bigint NOT NULL REFERENCES user_account (id),
  create_org boolean NOT NULL DEFAULT false,
  -- What the rehearsal counted (ImportSummary), shown on the preview.
  summary jsonb NOT NULL,
  uploaded_at timestamptz NOT NULL,
  PRIMARY KEY (council_id, id)
);
CREATE INDEX pending_import_account ON pending_import (council_id, account_id);

CREATE TABLE pending_import_file (
  council_id bigint NOT NULL,
  pending_import_id bigint NOT NULL,
  name text NOT NULL CHECK (name <> ''),
  content bytea NOT NULL,
  PRIMARY KEY (council_id, pending_import_id, name),
  FOREIGN KEY (council_id, pending_import_id) REFERENCES pending_import (council_id, id) ON DELETE CASCADE
);
