-- Appends a batch of events in array order in one statement; the statement trigger (Functions/03_project_events.sql)
-- projects those inserted in the same transaction. An event whose id the tenant's log already holds is skipped: the
-- same event sent again changes nothing (Migrations/0015); a different event under that id raises
-- (refuse_reused_event_id).
WITH x AS (
    SELECT * FROM unnest($2::text[], $3::uuid[], $4::text[], $5::jsonb[], $6::bytea[], $7::timestamptz[]) WITH ORDINALITY AS x(q, id, t, d, b, c, n)),
appended AS (
    INSERT INTO events (tenant_id, queue_name, event_id, type, data, body, created)
    SELECT $1, q, id, t, d, b, c FROM x ORDER BY n
    ON CONFLICT (tenant_id, event_id) DO NOTHING
    RETURNING event_id)
-- The check runs only when some event was skipped (a one-time filter), so a whole append costs no lookup.
SELECT refuse_reused_event_id($1, x.id)
  FROM x JOIN events e ON e.tenant_id = $1 AND e.event_id = x.id
 WHERE (SELECT count(*) FROM appended) < (SELECT count(*) FROM x)
   AND x.id NOT IN (SELECT event_id FROM appended)
   AND (e.type <> x.t OR e.data <> x.d OR e.body IS DISTINCT FROM x.b OR e.queue_name <> x.q)
