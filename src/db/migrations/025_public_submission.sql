-- One contact per confirmed form, however many times it is confirmed and on however many app
-- instances (a double click, the back button, two servers behind a load balancer): the first
-- confirmation's transaction writes this row first (its contact a moment later); any other
-- inserting the same key waits for it to commit, finds it, and shows the same reference. The
-- key is a hash of the form's session and answers, never the answers.
CREATE TABLE public_submission (
  council_id bigint NOT NULL,
  submission_key text NOT NULL CHECK (submission_key ~ '^[0-9a-f]{64}$'),
  contact_id bigint,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (council_id, submission_key),
  FOREIGN KEY (council_id, contact_id) REFERENCES contact (council_id, id) ON DELETE CASCADE
);
CREATE INDEX public_submission_created ON public_submission (created_at);
