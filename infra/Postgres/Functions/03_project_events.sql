-- Projects a whole append at once: one trigger call per statement, each event applied in log order through
-- apply_event, which is what a replay runs too. Then every queue with new events is signalled once: stream readers
-- wait on any event, claims and listings on posted messages. A post to a subscribed queue also wakes the standalone
-- notifiers on commit (NotificationWakeup).
CREATE OR REPLACE FUNCTION project_events() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    e events;
    queues text[] := '{}';
    counts bigint[] := '{}';
    times timestamptz[] := '{}';
    i integer;
    pushed boolean := false;
BEGIN
    FOR e IN SELECT * FROM new_events ORDER BY position LOOP
        -- An append names one queue, or a few (a claim that dead-letters): a linear search is the cheapest map.
        i := array_position(queues, e.queue_name);
        IF i IS NULL THEN
            queues := queues || e.queue_name;
            counts := counts || 0::bigint;
            times := times || e.created;
            i := cardinality(queues);
        END IF;
        counts[i] := counts[i] + apply_event(e);
        times[i] := greatest(times[i], e.created);
    END LOOP;
    -- new_events holds one tenant's events (every append statement writes for one tenant); its queues are signalled in
    -- name order. The order does not matter for deadlocks (signal_available takes shared advisory locks only, and a
    -- waiter holds one exclusive lock at a time); it keeps the wake-ups of one append in a stable order.
    FOR i IN SELECT u.n FROM unnest(queues) WITH ORDINALITY AS u(q, n) ORDER BY u.q LOOP
        pushed := signal_available(e.tenant_id, queues[i], counts[i], times[i]) OR pushed;
    END LOOP;
    IF pushed THEN
        PERFORM pg_notify('sluice_available', json_build_object('s', current_schema(), 'k', 'push')::text);
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE TRIGGER events_project_statement AFTER INSERT ON events
    REFERENCING NEW TABLE AS new_events FOR EACH STATEMENT EXECUTE FUNCTION project_events();
