-- One messages-posted event per POST (issue 13). Its messages share the event's position, so a message's place in
-- queue order is (position, item), item being its index in the post; its body is the slice (body_from, body_size) of
-- the event's body. A message-posted.v1 event (one message, the log's first version) holds one whole body: item 0,
-- body_size NULL. Part of the projections: a rebuild runs it again after Migrations/0012.
ALTER TABLE messages ADD COLUMN IF NOT EXISTS item integer NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN IF NOT EXISTS body_from integer NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN IF NOT EXISTS body_size integer;
DROP INDEX IF EXISTS messages_queue_position;
CREATE INDEX messages_queue_position ON messages (tenant_id, queue_name, position, item) WHERE position > 0;
