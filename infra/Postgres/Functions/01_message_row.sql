-- The messages row a message-posted event projects to; both the append trigger and a replay use it.
CREATE OR REPLACE FUNCTION message_row(e events) RETURNS messages
LANGUAGE sql STABLE AS $$
    SELECT e.tenant_id, e.queue_name, e.event_id, e.position, e.data->>'client_id', (e.data->>'ttl')::int, e.created,
           e.created + make_interval(secs => (e.data->>'ttl')::int), e.created + make_interval(secs => (e.data->>'delay')::int),
           NULL::uuid, NULL::timestamptz, 0::bigint,
           e.created + make_interval(secs => (e.data->>'ttl')::int)
$$;
