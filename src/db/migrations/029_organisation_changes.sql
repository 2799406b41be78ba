-- Dated restructures of a council's organisation (src/councils/organisation.ts, ADR 0024).
-- A restructure never moves a unit or renames it in place: it closes the unit (valid_to) and
-- opens its replacement from the effective date, so cases keep the unit they were received in
-- and last year's report keeps last year's shape. The closed unit names its successor (the
-- renamed, moved or merged-into unit) so that staff of the successor see its cases.
ALTER TABLE org_unit ADD COLUMN successor_id bigint;
ALTER TABLE org_unit ADD CONSTRAINT org_unit_successor
  FOREIGN KEY (council_id, successor_id) REFERENCES org_unit (council_id, id);

-- The organisation's change history as administrators made it: what, from when, by whom.
-- Unit names are the council's own words, not personal data.
CREATE TABLE org_unit_change (
  council_id bigint NOT NULL REFERENCES council (id),
  id bigint GENERATED ALWAYS AS IDENTITY,
  change text NOT NULL CHECK (change IN ('add', 'rename', 'move', 'merge', 'close')),
  effective_from date NOT NULL,
  org_unit_id bigint NOT NULL,
  -- The unit's name then, and what it became: { "unit": "Housing", "name": …, "parent": …, "into": … }.
  detail jsonb NOT NULL DEFAULT '{}',
  account_id bigint,
  actor text NOT NULL,
  changed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (council_id, id),
  FOREIGN KEY (council_id, org_unit_id) REFERENCES org_unit (council_id, id)
);
