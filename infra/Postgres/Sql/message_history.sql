-- The events that may have shaped message $2 of tenant $1, oldest first, in the columns of read_queue_events.sql: its
-- post, the events naming it (by `ids`) and those naming a claim that held it (by `claim` or `claims`); the history
-- query keeps those that concern it.
-- A post's event id is its first message id (Migrations/0015), and a post's ids are UUIDv7 stamped with the post's
-- time (MessageId.New), so its event id carries the message's millisecond: posts are looked for among the event ids
-- of that millisecond and kept when their messages include it (Functions/01_posted_messages.sql); a first-version post
-- has the message's id itself, which always lies in that range. Posted events are those with a body; the others are
-- found through the GIN index of Migrations/0015.
WITH bounds AS (
    SELECT (lpad(to_hex(t), 12, '0') || repeat('0', 20))::uuid AS low, (lpad(to_hex(t), 12, '0') || repeat('f', 20))::uuid AS high
      FROM (SELECT ('x' || left(replace($2::text, '-', ''), 12))::bit(48)::bigint AS t) m
), posted AS (
    SELECT e.* FROM bounds b
      JOIN events e ON e.tenant_id = $1 AND e.event_id BETWEEN b.low AND b.high AND e.body IS NOT NULL
     WHERE EXISTS (SELECT 1 FROM posted_messages(e) p WHERE p.id = $2)
), named AS (
    SELECT e.* FROM events e
     WHERE e.tenant_id = $1 AND e.body IS NULL AND e.data @> jsonb_build_object('ids', jsonb_build_array($2::text))
), through_claims AS (
    SELECT e.* FROM named c
      JOIN LATERAL (
          SELECT e.* FROM events e
           WHERE e.tenant_id = $1 AND e.body IS NULL
             AND (e.data @> jsonb_build_object('claim', c.data->>'claim')
                  OR e.data @> jsonb_build_object('claims', jsonb_build_array(c.data->>'claim')))) e ON true
     WHERE c.data->>'claim' IS NOT NULL
)
SELECT DISTINCT ON (position) tx_id::text, position, type, queue_name, created, event_id, data::text, body
  FROM (SELECT * FROM posted UNION ALL SELECT * FROM named UNION ALL SELECT * FROM through_claims) h
 ORDER BY position
