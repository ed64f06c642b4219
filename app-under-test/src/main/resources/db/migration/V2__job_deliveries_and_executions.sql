-- firedrill reference app schema, version 2: what a checker needs to see at-least-once delivery at work.
-- deliveries: messages for this job the worker handled (redeliveries included, even when skipped as done);
-- executions: times the job's work actually ran to completion. executions > 1 is a duplicate side effect.
ALTER TABLE jobs ADD COLUMN deliveries INTEGER NOT NULL DEFAULT 0;
ALTER TABLE jobs ADD COLUMN executions INTEGER NOT NULL DEFAULT 0;
