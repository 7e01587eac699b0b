-- Appends a batch of events as append_events.sql does, only if the queue ($8) still exists with the metadata ($9) the
-- decision was made on, holding the queue row against deletion until commit. Answers whether it did: false means the
-- queue changed and nothing was written (events already in the log count as written: the same events sent again).
WITH q AS (SELECT 1 FROM queues WHERE tenant_id = $1 AND name = $8 AND metadata = $9::jsonb FOR KEY SHARE),
x AS (
    SELECT * FROM unnest($2::text[], $3::uuid[], $4::text[], $5::jsonb[], $6::bytea[], $7::timestamptz[]) WITH ORDINALITY AS x(q, id, t, d, b, c, n)
     WHERE EXISTS (SELECT 1 FROM q)),
{append_guarded}
SELECT EXISTS (SELECT 1 FROM q) AND NOT EXISTS (SELECT 1 FROM refused)
