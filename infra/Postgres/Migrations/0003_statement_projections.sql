-- Projects a whole append at once: one trigger call per statement, posted messages inserted as a set, every other
-- event applied in log order through apply_event. A replay (apply_event per event) gives the same rows because
-- both paths make a message row with message_row.

-- Every event carries a fresh id, and a retried command makes fresh ids, so this index never caught a duplicate;
-- message ids stay unique through the messages key. It cost a b-tree insert per event.
DROP INDEX IF EXISTS events_stream_event;

-- The messages row a message-posted event projects to.
CREATE OR REPLACE FUNCTION message_row(e events) RETURNS messages
LANGUAGE sql STABLE AS $$
    SELECT e.tenant_id, e.queue_name, e.event_id, e.position, e.data->>'client_id', (e.data->>'ttl')::int, e.created,
           e.created + make_interval(secs => (e.data->>'ttl')::int), e.created + make_interval(secs => (e.data->>'delay')::int),
           NULL::uuid, NULL::timestamptz, 0::bigint
$$;

-- Applies one event (replays, and every event but a posted message at append time).
CREATE OR REPLACE FUNCTION apply_event(e events) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    d jsonb := e.data;
    claim_expiry timestamptz;
BEGIN
    CASE e.type
    WHEN 'message-posted.v1' THEN
        INSERT INTO messages SELECT (message_row(e)).*;
    WHEN 'messages-claimed.v1', 'claim-renewed.v1' THEN
        claim_expiry := e.created + make_interval(secs => (d->>'ttl')::int);
        INSERT INTO claims AS c (tenant_id, queue_name, id, ttl, grace, updated, expires)
        VALUES (e.tenant_id, e.queue_name, (d->>'claim')::uuid, (d->>'ttl')::int, (d->>'grace')::int, e.created, claim_expiry)
        ON CONFLICT (tenant_id, queue_name, id) DO UPDATE
            SET ttl = excluded.ttl, grace = excluded.grace, updated = excluded.updated, expires = excluded.expires;
        -- A message that would expire before the claim does lives until claim expiry + grace (contract §6.1).
        UPDATE messages m
           SET claim_id = (d->>'claim')::uuid,
               claim_expires = claim_expiry,
               claim_count = m.claim_count + CASE WHEN coalesce((d->>'counted')::boolean, false) THEN 1 ELSE 0 END,
               ttl = CASE WHEN m.expires < claim_expiry THEN (d->>'ttl')::int + (d->>'grace')::int ELSE m.ttl END,
               expires = CASE WHEN m.expires < claim_expiry
                              THEN claim_expiry + make_interval(secs => (d->>'grace')::int) ELSE m.expires END
         WHERE m.tenant_id = e.tenant_id AND m.queue_name = e.queue_name
           AND CASE WHEN e.type = 'messages-claimed.v1' THEN m.id = ANY (uuids(d->'ids'))
                    ELSE m.claim_id = (d->>'claim')::uuid END;
    WHEN 'claim-released.v1' THEN
        DELETE FROM claims WHERE tenant_id = e.tenant_id AND queue_name = e.queue_name AND id = (d->>'claim')::uuid;
        UPDATE messages SET claim_id = NULL, claim_expires = NULL
         WHERE tenant_id = e.tenant_id AND queue_name = e.queue_name AND claim_id = (d->>'claim')::uuid;
    WHEN 'messages-deleted.v1', 'messages-expired.v1' THEN
        DELETE FROM messages WHERE tenant_id = e.tenant_id AND queue_name = e.queue_name AND id = ANY (uuids(d->'ids'));
    WHEN 'claims-expired.v1' THEN
        DELETE FROM claims WHERE tenant_id = e.tenant_id AND queue_name = e.queue_name AND id = ANY (uuids(d->'claims'));
        UPDATE messages SET claim_id = NULL, claim_expires = NULL
         WHERE tenant_id = e.tenant_id AND queue_name = e.queue_name AND claim_id = ANY (uuids(d->'claims'));
    WHEN 'messages-dead-lettered.v1' THEN
        UPDATE messages
           SET queue_name = d->>'target', claim_id = NULL, claim_expires = NULL,
               ttl = coalesce((d->>'ttl')::int, ttl),
               expires = CASE WHEN d->>'ttl' IS NULL THEN expires ELSE e.created + make_interval(secs => (d->>'ttl')::int) END
         WHERE tenant_id = e.tenant_id AND queue_name = e.queue_name AND id = ANY (uuids(d->'ids'));
    WHEN 'queue-created.v1' THEN
        INSERT INTO queues (tenant_id, name, metadata, created) VALUES (e.tenant_id, e.queue_name, d->'metadata', e.created);
    WHEN 'queue-metadata-updated.v1' THEN
        UPDATE queues SET metadata = d->'metadata' WHERE tenant_id = e.tenant_id AND name = e.queue_name;
    WHEN 'queue-purged.v1' THEN
        IF (d->>'messages')::boolean THEN
            DELETE FROM messages WHERE tenant_id = e.tenant_id AND queue_name = e.queue_name;
            DELETE FROM claims WHERE tenant_id = e.tenant_id AND queue_name = e.queue_name;
        END IF;
    WHEN 'queue-deleted.v1' THEN
        DELETE FROM messages WHERE tenant_id = e.tenant_id AND queue_name = e.queue_name;
        DELETE FROM claims WHERE tenant_id = e.tenant_id AND queue_name = e.queue_name;
        DELETE FROM queues WHERE tenant_id = e.tenant_id AND name = e.queue_name;
    ELSE
        RAISE EXCEPTION 'unknown event type %', e.type;
    END CASE;
END $$;

CREATE OR REPLACE FUNCTION project_events() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    e events;
BEGIN
    INSERT INTO messages SELECT r.* FROM new_events n, LATERAL message_row(n) r WHERE n.type = 'message-posted.v1';
    FOR e IN SELECT * FROM new_events WHERE type <> 'message-posted.v1' ORDER BY position LOOP
        PERFORM apply_event(e);
    END LOOP;
    RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS events_project ON events;
CREATE OR REPLACE TRIGGER events_project_statement AFTER INSERT ON events
    REFERENCING NEW TABLE AS new_events FOR EACH STATEMENT EXECUTE FUNCTION project_events();
