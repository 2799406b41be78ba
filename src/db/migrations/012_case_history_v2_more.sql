-- What the case-history format v2 still could not say (docs/formats/case-history-csv-v2.md):
-- complaints about several services, and restrictions imposed under an unreasonable-behaviour
-- policy. (Contacts' flags were already in contact.flags; the format now carries them.)

-- The further organisation units a contact is about, besides its main one (contact.org_unit_id,
-- which the reports count it under). Each unit once per contact.
CREATE TABLE contact_org_unit (
  council_id bigint NOT NULL,
  contact_id bigint NOT NULL,
  org_unit_id bigint NOT NULL,
  PRIMARY KEY (council_id, contact_id, org_unit_id),
  FOREIGN KEY (council_id, contact_id) REFERENCES contact (council_id, id) ON DELETE CASCADE,
  FOREIGN KEY (council_id, org_unit_id) REFERENCES org_unit (council_id, id)
);
CREATE INDEX contact_org_unit_unit ON contact_org_unit (council_id, org_unit_id);

-- A restriction on how a person may contact the council, imposed under its unreasonable-
-- behaviour policy, recorded on the contact it was imposed during; person_id is the person it
-- binds when Redress knows them (the contact's complainant). Reviewed and lifted on dates.
CREATE TABLE behaviour_restriction (
  council_id bigint NOT NULL,
  id bigint GENERATED ALWAYS AS IDENTITY,
  contact_id bigint NOT NULL,
  person_id bigint,
  restriction text NOT NULL CHECK (restriction IN ('single_point_of_contact', 'written_contact_only', 'limited_telephone',
    'limited_email', 'no_face_to_face', 'third_party_only', 'no_further_correspondence', 'other')),
  imposed_on date NOT NULL,
  review_on date,
  lifted_on date,
  reason text,
  PRIMARY KEY (council_id, id),
  FOREIGN KEY (council_id, contact_id) REFERENCES contact (council_id, id) ON DELETE CASCADE,
  FOREIGN KEY (council_id, person_id) REFERENCES person (council_id, id),
  CHECK (review_on IS NULL OR review_on >= imposed_on),
  CHECK (lifted_on IS NULL OR lifted_on >= imposed_on),
  CHECK (restriction <> 'other' OR reason IS NOT NULL)
);
CREATE INDEX behaviour_restriction_contact ON behaviour_restriction (council_id, contact_id);
CREATE INDEX behaviour_restriction_person ON behaviour_restriction (council_id, person_id) WHERE person_id IS NOT NULL;
