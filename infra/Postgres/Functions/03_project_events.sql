-- Projects a whole append at once: one trigger call per statement, posted messages inserted as a set, every other
-- event applied in log order through apply_event, which is what a replay runs too.
CREATE OR REPLACE FUNCTION project_events() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    e events;
    pushed boolean;
BEGIN
    INSERT INTO messages SELECT r.* FROM new_events n, LATERAL message_row(n) r WHERE n.type = 'message-posted.v1';
    -- Every queue with new events: stream readers wait on any event, claims and listings on posted messages. A post to
    -- a subscribed queue also wakes the standalone notifiers on commit (NotificationWakeup).
    SELECT bool_or(signal_available(p.tenant_id, p.queue_name, p.n, p.at)) INTO pushed
      FROM (SELECT tenant_id, queue_name, count(*) FILTER (WHERE type = 'message-posted.v1') AS n, max(created) AS at
              FROM new_events GROUP BY tenant_id, queue_name ORDER BY tenant_id, queue_name) p;
    IF pushed THEN
        PERFORM pg_notify('sluice_available', json_build_object('s', current_schema(), 'k', 'push')::text);
    END IF;
    FOR e IN SELECT * FROM new_events WHERE type <> 'message-posted.v1' ORDER BY position LOOP
        PERFORM apply_event(e);
    END LOOP;
    RETURN NULL;
END $$;

CREATE OR REPLACE TRIGGER events_project_statement AFTER INSERT ON events
    REFERENCING NEW TABLE AS new_events FOR EACH STATEMENT EXECUTE FUNCTION project_events();
