-- Inline projections: the state that claims, deletes and listings read, updated by a trigger in the append's
-- transaction, and rebuilt exactly by replaying the log through the same apply_event function (DESIGN §4).
CREATE TABLE IF NOT EXISTS queues (
    tenant_id text        NOT NULL,
    name      text        NOT NULL COLLATE "C",
    metadata  jsonb       NOT NULL,
    created   timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, name)
);

CREATE TABLE IF NOT EXISTS messages (
    tenant_id     text        NOT NULL,
    queue_name    text        NOT NULL COLLATE "C",
    id            uuid        NOT NULL,
    -- The position of the message-posted event: FIFO order, the list marker, and where the body is.
    position      bigint      NOT NULL,
    client_id     text        NOT NULL,
    ttl           integer     NOT NULL,
    created       timestamptz NOT NULL,
    expires       timestamptz NOT NULL,
    available_at  timestamptz NOT NULL,
    claim_id      uuid,
    claim_expires timestamptz,
    claim_count   bigint      NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, queue_name, id)
);
CREATE INDEX IF NOT EXISTS messages_queue_position ON messages (tenant_id, queue_name, position);
CREATE INDEX IF NOT EXISTS messages_expires ON messages (expires);

CREATE TABLE IF NOT EXISTS claims (
    tenant_id  text        NOT NULL,
    queue_name text        NOT NULL COLLATE "C",
    id         uuid        NOT NULL,
    ttl        integer     NOT NULL,
    grace      integer     NOT NULL,
    updated    timestamptz NOT NULL,
    expires    timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, queue_name, id)
);
CREATE INDEX IF NOT EXISTS claims_expires ON claims (expires);

CREATE OR REPLACE FUNCTION uuids(a jsonb) RETURNS uuid[]
LANGUAGE sql IMMUTABLE AS $$ SELECT coalesce(array_agg(x::uuid), '{}') FROM jsonb_array_elements_text(a) AS x $$;

-- Applies one event to the projections. Times come from the event (created), never from the clock, so a
-- replay gives the same rows. Every statement is scoped by tenant and queue.
CREATE OR REPLACE FUNCTION apply_event(e events) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    d jsonb := e.data;
    claim_expiry timestamptz;
BEGIN
    CASE e.type
    WHEN 'message-posted.v1' THEN
        INSERT INTO messages (tenant_id, queue_name, id, position, client_id, ttl, created, expires, available_at)
        VALUES (e.tenant_id, e.queue_name, e.event_id, e.position, d->>'client_id', (d->>'ttl')::int, e.created,
                e.created + make_interval(secs => (d->>'ttl')::int), e.created + make_interval(secs => (d->>'delay')::int));
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

CREATE OR REPLACE FUNCTION project_event() RETURNS trigger
LANGUAGE plpgsql AS $$ BEGIN PERFORM apply_event(NEW); RETURN NULL; END $$;

CREATE OR REPLACE TRIGGER events_project AFTER INSERT ON events FOR EACH ROW EXECUTE FUNCTION project_event();

-- Drops the projected state and replays the whole log through apply_event, in log order.
CREATE OR REPLACE FUNCTION replay_projections() RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    e events;
    n bigint := 0;
BEGIN
    TRUNCATE queues, messages, claims;
    FOR e IN SELECT * FROM events ORDER BY position LOOP
        PERFORM apply_event(e);
        n := n + 1;
    END LOOP;
    RETURN n;
END $$;
