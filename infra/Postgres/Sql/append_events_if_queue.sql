-- Appends a batch of events only if the queue ($8) still exists with the metadata ($9) the decision was made on,
-- holding the queue row against deletion until commit; zero rows inserted means nothing was written (the queue changed,
-- or every event was already in the log: append_events.sql).
WITH q AS (SELECT 1 FROM queues WHERE tenant_id = $1 AND name = $8 AND metadata = $9::jsonb FOR KEY SHARE)
INSERT INTO events (tenant_id, queue_name, event_id, type, data, body, created)
SELECT $1, x.q, x.id, x.t, x.d, x.b, x.c
  FROM unnest($2::text[], $3::uuid[], $4::text[], $5::jsonb[], $6::bytea[], $7::timestamptz[]) WITH ORDINALITY AS x(q, id, t, d, b, c, n)
 WHERE EXISTS (SELECT 1 FROM q)
 ORDER BY x.n
ON CONFLICT (tenant_id, event_id) DO NOTHING
