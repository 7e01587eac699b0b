-- The idempotent append of the events in `x` (their queue q, id, type t, data d, body b, created c, array order n),
-- embedded by append_events.sql and append_events_if_queue.sql: the one definition of what an append skips and what
-- it refuses (Migrations/0015). An event whose id the tenant's log already holds is skipped when it is the same event
-- sent again; a different event under that id raises (refuse_reused_event_id). The check runs only when some event
-- was skipped (a one-time filter), so a whole append costs no lookup. `refused` must be read for the check to run.
appended AS (
    INSERT INTO events (tenant_id, queue_name, event_id, type, data, body, created)
    SELECT $1, q, id, t, d, b, c FROM x ORDER BY n
    ON CONFLICT (tenant_id, event_id) DO NOTHING
    RETURNING event_id),
refused AS (
    SELECT refuse_reused_event_id($1, x.id)
      FROM x JOIN events e ON e.tenant_id = $1 AND e.event_id = x.id
     WHERE (SELECT count(*) FROM appended) < (SELECT count(*) FROM x)
       AND x.id NOT IN (SELECT event_id FROM appended)
       AND (e.type <> x.t OR e.data <> x.d OR e.body IS DISTINCT FROM x.b OR e.queue_name <> x.q))
