-- Who may sign in, to which councils, in which roles and directorates; and their sessions.
-- An account is a person's sign-in (one email across the deployment: a shared service can
-- work for several councils); a membership is what they may do in one council. A membership
-- names the staff_member record that cases are allocated to.

CREATE TABLE user_account (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email text NOT NULL CHECK (email = lower(email) AND email <> ''),
  display_name text NOT NULL CHECK (display_name <> ''),
  -- argon2id (PHC string); null for accounts that sign in only through the council's identity provider.
  password_hash text,
  oidc_issuer text,
  oidc_subject text,
  -- Consecutive failed sign-ins, and the lock-out they led to (src/domain/access/lockOut.ts).
  failed_sign_ins integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  disabled_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (email),
  UNIQUE (oidc_issuer, oidc_subject)
);

CREATE TABLE council_membership (
  council_id bigint NOT NULL REFERENCES council (id),
  account_id bigint NOT NULL REFERENCES user_account (id),
  staff_member_id bigint,
  roles text[] NOT NULL CHECK (cardinality(roles) > 0 AND roles <@ ARRAY['complaints_administrator', 'complaints_officer',
    'investigating_officer', 'manager', 'report_viewer', 'system_administrator']::text[]),
  -- Every directorate (the complaints team), or only those in membership_directorate.
  all_directorates boolean NOT NULL DEFAULT false,
  -- Restricted cases: children's social care, or a case marked restricted.
  may_see_restricted boolean NOT NULL DEFAULT false,
  PRIMARY KEY (council_id, account_id),
  FOREIGN KEY (council_id, staff_member_id) REFERENCES staff_member (council_id, id)
);

CREATE TABLE membership_directorate (
  council_id bigint NOT NULL,
  account_id bigint NOT NULL,
  org_unit_id bigint NOT NULL,
  PRIMARY KEY (council_id, account_id, org_unit_id),
  FOREIGN KEY (council_id, account_id) REFERENCES council_membership (council_id, account_id) ON DELETE CASCADE,
  FOREIGN KEY (council_id, org_unit_id) REFERENCES org_unit (council_id, id)
);

-- Server-side sessions: the cookie holds only a signed random id, so a session can be
-- revoked (signed out everywhere, account disabled) and times out when idle.
CREATE TABLE web_session (
  id text PRIMARY KEY,
  account_id bigint REFERENCES user_account (id) ON DELETE CASCADE,
  data jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz
);
CREATE INDEX web_session_account ON web_session (account_id) WHERE account_id IS NOT NULL;
CREATE INDEX web_session_expires ON web_session (expires_at);

-- Secrets the app makes for itself once (the session cookie's signing key), shared by every
-- instance that uses the database.
CREATE TABLE app_secret (
  name text PRIMARY KEY,
  value text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- A case marked restricted by hand (e.g. a member of staff as complainant); children's social
-- care is restricted by its procedure (src/domain/access/scope.ts).
ALTER TABLE contact ADD COLUMN restricted boolean NOT NULL DEFAULT false;

-- Each organisation unit with the directorate it sits in (itself for a directorate), so scope
-- by directorate is one join whatever level a contact names.
CREATE VIEW org_unit_directorate AS
SELECT u.council_id, u.id,
       CASE u.kind WHEN 'directorate' THEN u.id WHEN 'service' THEN u.parent_id ELSE p.parent_id END AS directorate_id
  FROM org_unit u
  LEFT JOIN org_unit p ON p.council_id = u.council_id AND p.id = u.parent_id;

-- The council's look on its staff and public pages: { "colour": "#00703c", "logoUrl": "/brand/logo.svg" }.
ALTER TABLE council ADD COLUMN brand jsonb NOT NULL DEFAULT '{}';
