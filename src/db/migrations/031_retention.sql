-- Retention (issue 10, ADR 26): how long each kind of record is kept after its case closes,
-- legal holds that stop the clock, and what has been anonymised. A case is anonymised in
-- place — its row, dates, codes and counts stay, so every report figure stays the same —
-- and its people once no other case still needs them (src/retention/).

-- Years after closure per kind of record; a kind without a row keeps Redress's default (6).
CREATE TABLE retention_policy (
  council_id bigint NOT NULL REFERENCES council (id),
  record_kind text NOT NULL CHECK (record_kind IN ('complaint', 'compliment', 'comment', 'enquiry', 'elected_member_enquiry', 'ombudsman_case')),
  years_after_closure smallint NOT NULL CHECK (years_after_closure BETWEEN 1 AND 100),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (council_id, record_kind)
);

-- A legal hold keeps a case whole (litigation, an inquiry, a subject-access request in hand)
-- whatever its retention period says, until it is lifted. The hold's own history is kept.
CREATE TABLE legal_hold (
  council_id bigint NOT NULL,
  id bigint GENERATED ALWAYS AS IDENTITY,
  contact_id bigint NOT NULL,
  reason text NOT NULL CHECK (reason <> '' AND length(reason) <= 1000),
  placed_by text NOT NULL,
  placed_by_account_id bigint,
  placed_at timestamptz NOT NULL,
  lifted_by text,
  lifted_by_account_id bigint,
  lifted_at timestamptz,
  PRIMARY KEY (council_id, id),
  FOREIGN KEY (council_id, contact_id) REFERENCES contact (council_id, id) ON DELETE CASCADE,
  CHECK ((lifted_at IS NULL) = (lifted_by IS NULL))
);
-- At most one hold in force on a case.
CREATE UNIQUE INDEX legal_hold_in_force ON legal_hold (council_id, contact_id) WHERE lifted_at IS NULL;

-- The daily pass anonymises a council's due cases only once the council has switched it on
-- (/admin/retention/policy): a council that has just imported years of history reviews what
-- is due, and runs it by hand or switches the pass on, before anything is removed.
ALTER TABLE council ADD COLUMN retention_automatic boolean NOT NULL DEFAULT false;

-- When a case's personal data and free text were removed; a person's, once none of their cases needed them.
ALTER TABLE contact ADD COLUMN anonymised_at timestamptz;
ALTER TABLE person ADD COLUMN anonymised_at timestamptz;

-- Each retention run (by hand, from the command line or the daily pass): what it found and did.
CREATE TABLE retention_run (
  council_id bigint NOT NULL REFERENCES council (id),
  id bigint GENERATED ALWAYS AS IDENTITY,
  started_at timestamptz NOT NULL,
  finished_at timestamptz,
  actor text NOT NULL,
  dry_run boolean NOT NULL,
  due integer NOT NULL DEFAULT 0,
  anonymised integer NOT NULL DEFAULT 0,
  people_anonymised integer NOT NULL DEFAULT 0,
  -- Counts by kind of record, e.g. {"complaint": 120}.
  by_kind jsonb NOT NULL DEFAULT '{}',
  PRIMARY KEY (council_id, id)
);
