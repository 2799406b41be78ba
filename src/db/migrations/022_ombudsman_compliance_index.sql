-- The reminder sweep reads Ombudsman compliance falling due (src/messages/reminders/dueItems.ts)
-- by date, as it reads stages, remedies and learning actions: only what is still to comply.
CREATE INDEX ombudsman_case_compliance_due ON ombudsman_case (council_id, compliance_due_on, id) WHERE complied_on IS NULL;
