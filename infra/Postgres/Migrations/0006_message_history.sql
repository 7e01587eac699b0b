-- Message history (README "Message history"): the events that name a message, found by index, also after the
-- message is gone. A posted event names its message by event_id; every other event names messages and claims in its
-- data (ids, claim, claims), found by containment through a jsonb_path_ops GIN index (no function to evaluate per
-- insert). Posts, the bulk of the log, are in neither GIN nor btree.

-- Message ids are UUIDv7, so posted ids grow with the append-only log: a BRIN range index finds a post for almost
-- nothing per insert, where a btree would cost every post an index entry.
CREATE INDEX IF NOT EXISTS events_posted_message ON events USING brin (event_id) WHERE type = 'message-posted.v1';
CREATE INDEX IF NOT EXISTS events_message_refs ON events USING gin (data jsonb_path_ops) WHERE type <> 'message-posted.v1';
