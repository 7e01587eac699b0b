-- The messages row a message-posted event projects to; both the append trigger and a replay use it. It is a set-
-- returning SQL function so that the planner inlines it into the caller's query: called as a scalar it ran the SQL
-- function executor once per posted message, which cost a quarter of an append's time.
DROP FUNCTION IF EXISTS message_row(events);
CREATE FUNCTION message_row(e events) RETURNS SETOF messages
LANGUAGE sql STABLE AS $$
    SELECT e.tenant_id, e.queue_name, e.event_id, e.position, e.data->>'client_id', (e.data->>'ttl')::int, e.created,
           e.created + make_interval(secs => (e.data->>'ttl')::int), e.created + make_interval(secs => (e.data->>'delay')::int),
           NULL::uuid, NULL::timestamptz, 0::bigint,
           e.created + make_interval(secs => (e.data->>'ttl')::int), e.tx_id
$$;
