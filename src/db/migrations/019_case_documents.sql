-- Documents on a case (letters, evidence, emails): kept in the database, outside the web
-- root, so a backup of the database holds them and both engines serve them the same way.
-- The media type is the one Redress found by reading the file's first bytes (never the name
-- or what the browser said), from an allow-list (src/casework/documents.ts); the hash lets a
-- copy be checked against the original. Adding one writes a `document_added` case event in
-- the same transaction.
CREATE TABLE case_document (
  council_id bigint NOT NULL,
  id bigint GENERATED ALWAYS AS IDENTITY,
  contact_id bigint NOT NULL,
  filename text NOT NULL CHECK (filename <> '' AND length(filename) <= 255),
  media_type text NOT NULL CHECK (media_type <> ''),
  size_bytes integer NOT NULL CHECK (size_bytes > 0 AND size_bytes <= 20971520),
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  kind text NOT NULL CHECK (kind IN ('letter_to_complainant', 'response_letter', 'evidence', 'email', 'other')),
  description text CHECK (description IS NULL OR length(description) <= 1000),
  content bytea NOT NULL,
  -- Who added it: their account (null for the command line or an import) and name as it was then.
  uploaded_by_account_id bigint,
  uploaded_by text NOT NULL,
  uploaded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (council_id, id),
  FOREIGN KEY (council_id, contact_id) REFERENCES contact (council_id, id) ON DELETE CASCADE,
  CHECK (octet_length(content) = size_bytes)
);
CREATE INDEX case_document_contact ON case_document (council_id, contact_id, id);
