-- Wake-ups for long polls and event-stream readers. A writer that appends to a queue takes the advisory locks of
-- the queue and of its tenant's whole stream ('*', never a queue name) shared and, if someone waits on either,
-- notifies. A waiter registers under its lock held exclusively, so its registration is ordered against every such
-- writer: a writer that checked for waiters before the registration has committed before it (the waiter's next
-- read sees its events), and one that checks after sees the waiter.
CREATE OR REPLACE FUNCTION queue_lock_key(tenant text, queue text) RETURNS bigint
LANGUAGE sql IMMUTABLE AS $$ SELECT hashtextextended(tenant || '/' || queue, 0) $$;

-- The queue got events at `at` (event time, the clock waiters register with), making n messages claimable. Answers
-- whether some of them were posts to a queue with push subscriptions (the caller wakes the notifiers).
DROP FUNCTION IF EXISTS signal_available(text, text, bigint, timestamptz);
CREATE OR REPLACE FUNCTION signal_available(tenant text, queue text, n bigint, at timestamptz) RETURNS boolean
LANGUAGE plpgsql AS $$
BEGIN
    -- A replay rebuilds state; nobody waits on it, and a lock per queue would fill the lock table.
    IF current_setting('sluice.replaying', true) = 'on' THEN RETURN false; END IF;
    PERFORM pg_advisory_xact_lock_shared(queue_lock_key(tenant, queue));
    PERFORM pg_advisory_xact_lock_shared(queue_lock_key(tenant, '*'));
    IF EXISTS (SELECT 1 FROM queue_waiters w
                WHERE w.tenant_id = tenant AND w.queue_name IN (queue, '*') AND w.until > at AND (n > 0 OR w.kind = 'events')) THEN
        PERFORM pg_notify('sluice_available', json_build_object('s', current_schema(), 't', tenant, 'q', queue, 'n', n)::text);
    END IF;
    RETURN n > 0 AND EXISTS (SELECT 1 FROM subscriptions s WHERE s.tenant_id = tenant AND s.queue_name = queue);
END $$;
