-- The messages rows a posted event projects to, in posted order; apply_event (the projection and a replay) and the
-- notification follower read a post's messages only through it. A messages-posted.v2 event carries its messages in
-- data.messages ({id, ttl, delay, size}) and their bodies back to back in `body`; a message-posted.v1 event is one
-- message, its id the event's, its ttl and delay in data. A set-returning SQL function, so the planner inlines it.
DROP FUNCTION IF EXISTS message_row(events);
DROP FUNCTION IF EXISTS posted_messages(events);
CREATE FUNCTION posted_messages(e events) RETURNS SETOF messages
LANGUAGE sql STABLE AS $$
    SELECT e.tenant_id, e.queue_name, m.id, e.position, e.data->>'client_id', m.ttl, e.created,
           e.created + make_interval(secs => m.ttl), e.created + make_interval(secs => m.delay),
           NULL::uuid, NULL::timestamptz, 0::bigint, e.created + make_interval(secs => m.ttl), e.tx_id,
           m.item, m.body_from, m.body_size
      FROM (SELECT e.event_id AS id, (e.data->>'ttl')::int AS ttl, (e.data->>'delay')::int AS delay,
                   0 AS item, 0 AS body_from, NULL::int AS body_size
             WHERE NOT e.data ? 'messages'
            UNION ALL
            SELECT (x->>'id')::uuid, (x->>'ttl')::int, (x->>'delay')::int, (n - 1)::int,
                   (sum((x->>'size')::int) OVER (ORDER BY n) - (x->>'size')::int)::int, (x->>'size')::int
              FROM jsonb_array_elements(e.data->'messages') WITH ORDINALITY AS a(x, n)) m
$$;

-- A message's body: the slice of its post's body (the whole body of a message-posted.v1 event).
CREATE OR REPLACE FUNCTION message_body(body bytea, body_from integer, body_size integer) RETURNS bytea
LANGUAGE sql IMMUTABLE AS $$ SELECT CASE WHEN body_size IS NULL THEN body ELSE substring(body FROM body_from + 1 FOR body_size) END $$;

-- The guard of idempotent appends (Migrations/0015): an append statement skips an event whose id the tenant's log
-- holds, which is right only when the held event is the same event sent again. Any other holder of the id means two
-- different events were given one id, a fault that must not pass as a resend: this raises, and the append rolls back.
CREATE OR REPLACE FUNCTION refuse_reused_event_id(tenant text, id uuid) RETURNS boolean
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'event id % of tenant % is already in the log for a different event', id, tenant
        USING ERRCODE = 'integrity_constraint_violation';
END $$;
