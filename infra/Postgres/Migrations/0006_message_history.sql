-- Message history (README "Message history"): the events that name a message, found by index, also after the
-- message is gone. A posted event names its message by event_id; every other event through its ids, its claim or
-- its claims. The function lives here, beside the index built on it, and must never change.
CREATE OR REPLACE FUNCTION event_refs(data jsonb) RETURNS uuid[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(x::uuid), '{}')
      FROM (SELECT jsonb_array_elements_text(CASE WHEN jsonb_typeof(data->'ids') = 'array' THEN data->'ids' END)
            UNION ALL SELECT jsonb_array_elements_text(CASE WHEN jsonb_typeof(data->'claims') = 'array' THEN data->'claims' END)
            UNION ALL SELECT data->>'claim' WHERE data->>'claim' IS NOT NULL) AS refs(x)
$$;

-- Message ids are UUIDv7, so posted ids grow with the append-only log: a BRIN range index finds a post for almost
-- nothing per insert, where a btree would cost every post an index entry.
CREATE INDEX IF NOT EXISTS events_posted_message ON events USING brin (event_id) WHERE type = 'message-posted.v1';
CREATE INDEX IF NOT EXISTS events_message_refs ON events USING gin (event_refs(data)) WHERE type <> 'message-posted.v1';
