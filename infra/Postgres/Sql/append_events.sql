-- Appends a batch of events in array order in one statement; the statement trigger (Functions/03_project_events.sql)
-- projects them in the same transaction. An event whose id the tenant's log already has is not inserted again, so a
-- resent append changes nothing (Migrations/0015).
INSERT INTO events (tenant_id, queue_name, event_id, type, data, body, created)
SELECT $1, q, id, t, d, b, c
  FROM unnest($2::text[], $3::uuid[], $4::text[], $5::jsonb[], $6::bytea[], $7::timestamptz[]) WITH ORDINALITY AS x(q, id, t, d, b, c, n)
 ORDER BY n
ON CONFLICT (tenant_id, event_id) DO NOTHING
