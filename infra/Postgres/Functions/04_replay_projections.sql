-- Empties the projected state and replays the whole log through apply_event, in log order.
CREATE OR REPLACE FUNCTION replay_projections() RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    e events;
    n bigint := 0;
BEGIN
    PERFORM set_config('sluice.replaying', 'on', true);
    TRUNCATE queues, messages, claims, subscriptions;
    FOR e IN SELECT * FROM events ORDER BY position LOOP
        PERFORM apply_event(e);
        n := n + 1;
    END LOOP;
    RETURN n;
END $$;
