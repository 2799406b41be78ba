-- Messages to residents and staff (issue 8, ADR 18). A message is written here in the same
-- transaction as the change that causes it, with a delivery job for the queue (pg-boss, in
-- the schema redress_jobs); the worker delivers it and records what happened. This table is
-- what the case page, the outbox and the administrator's page read.

-- How a resident wants to hear from the council, and in which language.
ALTER TABLE person
  ADD COLUMN language text NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'cy')),
  ADD COLUMN contact_by text NOT NULL DEFAULT 'email' CHECK (contact_by IN ('email', 'post')),
  ADD COLUMN large_print boolean NOT NULL DEFAULT false;

-- The language the resident chose for this contact (the report can count it).
ALTER TABLE contact ADD COLUMN language text NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'cy'));

CREATE TABLE message (
  council_id bigint NOT NULL REFERENCES council (id),
  id bigint GENERATED ALWAYS AS IDENTITY,
  -- The case it is about; null for a digest.
  contact_id bigint,
  template text NOT NULL,
  audience text NOT NULL CHECK (audience IN ('resident', 'staff')),
  -- email: sent by the configured channel; letter: printed and posted by the complaints team.
  channel text NOT NULL CHECK (channel IN ('email', 'letter')),
  -- A member of staff's account, or the resident (or their named contact) as written here.
  account_id bigint REFERENCES user_account (id),
  recipient_name text NOT NULL,
  -- An email address, or for a letter the postal address.
  recipient_address text NOT NULL,
  language text NOT NULL CHECK (language IN ('en', 'cy')),
  large_print boolean NOT NULL DEFAULT false,
  subject text NOT NULL,
  body text NOT NULL,
  -- queued → sending → sent; failed after the last retry (or by hand: retried → queued);
  -- a letter waits as to_post until the team marks it posted.
  status text NOT NULL CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'to_post', 'posted', 'off')),
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  -- smtp, notify or outbox: which channel delivered it, and the channel's own reference.
  provider text,
  provider_reference text,
  -- What makes it the one message for its reason (a reminder's stage, threshold and due
  -- date): a sweep that runs twice, or two sweeps at once, add it once.
  dedupe_key text,
  queued_at timestamptz NOT NULL,
  claimed_at timestamptz,
  sent_at timestamptz,
  PRIMARY KEY (council_id, id),
  UNIQUE (council_id, dedupe_key),
  FOREIGN KEY (council_id, contact_id) REFERENCES contact (council_id, id) ON DELETE CASCADE
);
CREATE INDEX message_case ON message (council_id, contact_id, id) WHERE contact_id IS NOT NULL;
CREATE INDEX message_listing ON message (council_id, id DESC);
CREATE INDEX message_unsent ON message (council_id, status, id) WHERE status NOT IN ('sent', 'posted', 'off');

-- A council's own wording of a message, per language; absent = Redress's wording.
CREATE TABLE message_wording (
  council_id bigint NOT NULL REFERENCES council (id),
  template text NOT NULL,
  language text NOT NULL CHECK (language IN ('en', 'cy')),
  subject text NOT NULL CHECK (subject <> ''),
  body text NOT NULL CHECK (body <> ''),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (council_id, template, language)
);

-- Messages a council has switched off; absent = on.
CREATE TABLE message_switched_off (
  council_id bigint NOT NULL REFERENCES council (id),
  template text NOT NULL,
  PRIMARY KEY (council_id, template)
);

-- Reminder settings (src/messages/reminderSettings.ts): days before a deadline, overdue
-- repeats, when a manager is told, working hours, the digest's day. Empty = the defaults.
ALTER TABLE council ADD COLUMN reminder_settings jsonb NOT NULL DEFAULT '{}';

-- Where the last reminder sweep got to, per council: a restart does not sweep a day twice
-- (the dedupe keys would refuse the messages anyway) and the page can say when it ran.
CREATE TABLE reminder_sweep (
  council_id bigint PRIMARY KEY REFERENCES council (id),
  swept_at timestamptz NOT NULL,
  queued integer NOT NULL
);
