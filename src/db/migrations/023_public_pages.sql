-- Residents' own pages (issue 9): the languages a council offers, the services residents
-- choose from in both languages, attachments held until the resident confirms, and the
-- one-time links that let a resident track a complaint without a password.

-- English, or English and Welsh (a Welsh council under the Welsh Language Standards).
ALTER TABLE council ADD COLUMN public_languages text[] NOT NULL DEFAULT '{en}'
  CHECK (cardinality(public_languages) > 0 AND public_languages <@ ARRAY['en', 'cy']::text[] AND public_languages[1] IS NOT NULL);
UPDATE council SET public_languages = '{en,cy}' WHERE nation = 'wales';

-- A workspace is what residents call a service ("Bins and recycling"); its Welsh name, and
-- whether residents are offered it on the public form.
ALTER TABLE workspace
  ADD COLUMN name_cy text CHECK (name_cy IS NULL OR name_cy <> ''),
  ADD COLUMN offered_to_residents boolean NOT NULL DEFAULT true;

-- A file a resident attached, scanned for viruses, held against their form's session until
-- they confirm (then it becomes a case_document) or the session ends (then it is removed).
CREATE TABLE public_upload (
  id text PRIMARY KEY CHECK (id ~ '^[0-9a-f]{32}$'),
  council_id bigint NOT NULL REFERENCES council (id),
  session_id text NOT NULL,
  filename text NOT NULL CHECK (filename <> '' AND length(filename) <= 255),
  media_type text NOT NULL CHECK (media_type <> ''),
  size_bytes integer NOT NULL CHECK (size_bytes > 0 AND size_bytes <= 10485760),
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  content bytea NOT NULL CHECK (octet_length(content) = size_bytes),
  created_at timestamptz NOT NULL
);
CREATE INDEX public_upload_session ON public_upload (session_id);
CREATE INDEX public_upload_created ON public_upload (created_at);

-- A one-time link to track a complaint: sent to the email address the case holds, stored only
-- as the SHA-256 of its token, used once, short-lived.
CREATE TABLE tracking_link (
  token_sha256 text PRIMARY KEY CHECK (token_sha256 ~ '^[0-9a-f]{64}$'),
  council_id bigint NOT NULL,
  contact_id bigint NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  FOREIGN KEY (council_id, contact_id) REFERENCES contact (council_id, id) ON DELETE CASCADE
);
CREATE INDEX tracking_link_contact ON tracking_link (council_id, contact_id);
