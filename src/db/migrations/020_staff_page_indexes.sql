-- The home page's escalation requests queue at a million contacts (ADR 17): the planner drove
-- it from complaint, whose status 'escalation_requested' it expects on about one row, and read
-- every complaint to find it (a sequential scan, 14 ms at 78,000 complaints, longer with every
-- year of history). This index holds only the complaints awaiting a decision, so the queue
-- costs what the open requests cost, as the other queues do.
CREATE INDEX complaint_escalation_requested ON complaint (council_id, contact_id) WHERE status = 'escalation_requested';
