-- Where each queue's live messages begin (issue 10). After a drain, the queue-order index starts with a run of entries
-- of deleted messages that only a vacuum removes, and a claim that starts at the queue's first entry steps over all of
-- them: its cost grew with how much had been drained since the last vacuum. A claim starts at its queue's head instead
-- (Sql/lock_claimable.sql). A head is a hint, not state the log holds: kept by Sql/advance_head.sql, lowered by a
-- dead-letter move into the queue and dropped with the queue (Functions/02_apply_event.sql); a queue without a row is
-- read from its start.
-- Not a projection: a rebuild keeps the heads, which hold for the same messages at the same positions.
CREATE TABLE IF NOT EXISTS queue_heads (
    tenant_id  text   NOT NULL,
    queue_name text   NOT NULL COLLATE "C",
    head       bigint NOT NULL,
    PRIMARY KEY (tenant_id, queue_name)
);
