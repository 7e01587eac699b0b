-- Appends a batch of events in array order in one statement; the row trigger projects each in the same transaction.
INSERT INTO events (tenant_id, queue_name, event_id, type, data, body, created)
SELECT $1, q, id, t, d, b, c
  FROM unnest($2::text[], $3::uuid[], $4::text[], $5::jsonb[], $6::bytea[], $7::timestamptz[]) WITH ORDINALITY AS x(q, id, t, d, b, c, n)
 ORDER BY n
