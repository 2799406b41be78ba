-- Procedures to the letter (issue 6): complaints accepted straight at stage 2, extensions
-- beyond the Complaint Handling Code with a good reason, and steps inside a stage with their
-- own deadlines (the Welsh stage 1 discussion, the children's review panel and its report).

-- Why a complaint was accepted straight at this stage without the one before (stage 2 only).
-- A complaint that started at stage 2 is one with a stage 2 row and no stage 1 row; imported
-- histories may have such rows with no reason recorded.
ALTER TABLE complaint_stage ADD COLUMN accepted_directly_reason text;

-- An extension beyond the procedure's longest (the Code's 10 / 20 working days) is allowed
-- only with a recorded good reason, and is counted in the report as beyond the Code.
ALTER TABLE stage_extension ADD COLUMN beyond_code boolean NOT NULL DEFAULT false;
ALTER TABLE stage_extension ADD COLUMN beyond_code_reason text;
ALTER TABLE stage_extension ADD CONSTRAINT stage_extension_beyond_code_has_reason
  CHECK (NOT beyond_code OR coalesce(btrim(beyond_code_reason), '') <> '');

-- A step of a stage (see StepDefinition): its deadline with how it was computed, and when it was done.
CREATE TABLE stage_step (
  council_id bigint NOT NULL,
  id bigint GENERATED ALWAYS AS IDENTITY,
  stage_id bigint NOT NULL,
  step text NOT NULL CHECK (step <> ''),
  due_on date,
  due_basis jsonb,
  done_on date,
  PRIMARY KEY (council_id, id),
  UNIQUE (council_id, stage_id, step),
  FOREIGN KEY (council_id, stage_id) REFERENCES complaint_stage (council_id, id) ON DELETE CASCADE
);
