-- Idempotent appends (issue 13). An event's id derives from its command: a post's is its first message id, a claim's
-- the claim id, any other the append's key and the event's place in the append. Unique per tenant, it makes an append
-- sent again insert nothing (ON CONFLICT DO NOTHING) and so project nothing. The same index finds a post's event for
-- message history (Sql/message_history.sql), so the BRIN range index of 0006 goes.
CREATE UNIQUE INDEX IF NOT EXISTS events_event_id ON events (tenant_id, event_id);
DROP INDEX IF EXISTS events_posted_message;
-- Posted events are the events with a body; they stay out of the GIN index of the events that name messages by id.
DROP INDEX IF EXISTS events_message_refs;
CREATE INDEX IF NOT EXISTS events_message_refs ON events USING gin (data jsonb_path_ops) WHERE body IS NULL;
-- A notification names its message's place in its post (Migrations/0014), which finds the message's body.
ALTER TABLE notifications ADD COLUMN IF NOT EXISTS item integer NOT NULL DEFAULT 0;
