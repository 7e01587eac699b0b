-- Id lists are read with a query plpgsql plans once per session; the SQL function uuids() it replaces was planned
-- again in every transaction.
DROP FUNCTION IF EXISTS uuids(jsonb);

-- Deletes all of a queue's messages, locking them in id order first, the order in which every command that waits for
-- messages locks them (README "Lock order"); a plain DELETE would lock them in whatever order its plan reads them.
CREATE OR REPLACE FUNCTION delete_queue_messages(tenant text, queue text) RETURNS void
LANGUAGE sql AS $$
    DELETE FROM messages
     WHERE tenant_id = tenant AND queue_name = queue
       AND id IN (SELECT id FROM messages WHERE tenant_id = tenant AND queue_name = queue AND position > 0 ORDER BY id FOR UPDATE)
$$;

-- Applies one event to the projections: the one definition of what each stored event type means for state, run by the
-- append trigger (Functions/03_project_events.sql) and by a replay alike, and the one place in SQL that names the stored
-- types (a test checks them against the C# names). Times come from the event (created), never from the clock, so a
-- replay gives the same rows. Every statement is scoped by tenant and queue; messages and claims are found by their ids
-- through the primary keys, a whole queue's through the opt-in indexes of Migrations/0012. Answers how many messages
-- the event posted.
DROP FUNCTION IF EXISTS apply_event(events);
CREATE FUNCTION apply_event(e events) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    d jsonb := e.data;
    claim uuid := (d->>'claim')::uuid;
    claim_expiry timestamptz;
    members uuid[];
    released bigint;
    posted bigint := 0;
BEGIN
    CASE e.type
    WHEN 'messages-posted.v2', 'message-posted.v1' THEN
        INSERT INTO messages SELECT * FROM posted_messages(e);
        GET DIAGNOSTICS posted = ROW_COUNT;
    WHEN 'messages-claimed.v1', 'claim-renewed.v1' THEN
        claim_expiry := e.created + make_interval(secs => (d->>'ttl')::int);
        IF e.type = 'messages-claimed.v1' THEN
            members := ARRAY(SELECT x::uuid FROM jsonb_array_elements_text(d->'ids') x);
            INSERT INTO claims (tenant_id, queue_name, id, ttl, grace, updated, expires, message_ids)
            VALUES (e.tenant_id, e.queue_name, claim, (d->>'ttl')::int, (d->>'grace')::int, e.created, claim_expiry, members);
        ELSE
            UPDATE claims SET ttl = (d->>'ttl')::int, grace = (d->>'grace')::int, updated = e.created, expires = claim_expiry
             WHERE tenant_id = e.tenant_id AND queue_name = e.queue_name AND id = claim
            RETURNING message_ids INTO members;
        END IF;
        -- A message that would expire before the claim does lives until claim expiry + grace (contract §6.1). A renewal's
        -- grace is any int (contract §6.3), so the ttl it reads is capped at the column's range rather than overflowing.
        UPDATE messages m
           SET claim_id = claim,
               claim_expires = claim_expiry,
               claim_count = m.claim_count + CASE WHEN coalesce((d->>'counted')::boolean, false) THEN 1 ELSE 0 END,
               ttl = CASE WHEN m.expires < claim_expiry THEN least((d->>'ttl')::bigint + (d->>'grace')::bigint, 2147483647)::int ELSE m.ttl END,
               expires = CASE WHEN m.expires < claim_expiry
                              THEN claim_expiry + make_interval(secs => (d->>'grace')::int) ELSE m.expires END
         WHERE m.tenant_id = e.tenant_id AND m.queue_name = e.queue_name AND m.id = ANY (members)
           AND (e.type = 'messages-claimed.v1' OR m.claim_id = claim);
    WHEN 'claim-released.v1' THEN
        DELETE FROM claims WHERE tenant_id = e.tenant_id AND queue_name = e.queue_name AND id = claim
        RETURNING message_ids INTO members;
        UPDATE messages SET claim_id = NULL, claim_expires = NULL
         WHERE tenant_id = e.tenant_id AND queue_name = e.queue_name AND id = ANY (members) AND claim_id = claim;
        GET DIAGNOSTICS released = ROW_COUNT;
        IF released > 0 THEN PERFORM signal_available(e.tenant_id, e.queue_name, released, e.created); END IF;
    WHEN 'messages-deleted.v1', 'messages-expired.v1' THEN
        -- The ids as a value, not an expression: were the plan to filter rather than look up, the expression would be
        -- evaluated once per row it passes.
        members := ARRAY(SELECT x::uuid FROM jsonb_array_elements_text(d->'ids') x);
        DELETE FROM messages WHERE tenant_id = e.tenant_id AND queue_name = e.queue_name AND id = ANY (members);
    WHEN 'claims-expired.v1' THEN
        members := ARRAY(SELECT x::uuid FROM jsonb_array_elements_text(d->'claims') x);
        WITH gone AS (
            DELETE FROM claims WHERE tenant_id = e.tenant_id AND queue_name = e.queue_name AND id = ANY (members)
            RETURNING id, message_ids)
        UPDATE messages m SET claim_id = NULL, claim_expires = NULL
          FROM gone
         WHERE m.tenant_id = e.tenant_id AND m.queue_name = e.queue_name AND m.id = ANY (gone.message_ids) AND m.claim_id = gone.id;
        GET DIAGNOSTICS released = ROW_COUNT;
        IF released > 0 THEN PERFORM signal_available(e.tenant_id, e.queue_name, released, e.created); END IF;
    WHEN 'messages-dead-lettered.v1' THEN
        members := ARRAY(SELECT x::uuid FROM jsonb_array_elements_text(d->'ids') x);
        -- Moved messages keep their positions, older than the target's head may be (Migrations/0013): it is lowered,
        -- and its row rewritten even when it need not move (a missing row means 0, the queue's start), so that an
        -- advance whose snapshot missed the move cannot write over it (Sql/advance_head.sql).
        WITH moved AS (
            UPDATE messages
               SET queue_name = d->>'target', claim_id = NULL, claim_expires = NULL,
                   ttl = coalesce((d->>'ttl')::int, ttl),
                   expires = CASE WHEN d->>'ttl' IS NULL THEN expires ELSE e.created + make_interval(secs => (d->>'ttl')::int) END,
                   sweep_at = CASE WHEN d->>'ttl' IS NULL THEN sweep_at ELSE e.created + make_interval(secs => (d->>'ttl')::int) END
             WHERE tenant_id = e.tenant_id AND queue_name = e.queue_name AND id = ANY (members)
            RETURNING position)
        INSERT INTO queue_heads AS h (tenant_id, queue_name, head)
        SELECT e.tenant_id, d->>'target', 0 WHERE EXISTS (SELECT 1 FROM moved)
            ON CONFLICT (tenant_id, queue_name) DO UPDATE SET head = least(h.head, (SELECT min(position) FROM moved));
        PERFORM signal_available(e.tenant_id, d->>'target', cardinality(members), e.created);
    WHEN 'queue-created.v1' THEN
        INSERT INTO queues (tenant_id, name, metadata, created) VALUES (e.tenant_id, e.queue_name, d->'metadata', e.created);
    WHEN 'queue-metadata-updated.v1' THEN
        UPDATE queues SET metadata = d->'metadata' WHERE tenant_id = e.tenant_id AND name = e.queue_name;
    WHEN 'queue-purged.v1' THEN
        -- `position > 0` and `grace >= 0` (every row) let a queue's rows be found through its indexes (Migrations/0012).
        -- Claims before messages, and messages in id order: the lock order of every command (README "Lock order").
        IF (d->>'messages')::boolean THEN
            DELETE FROM claims WHERE tenant_id = e.tenant_id AND queue_name = e.queue_name AND grace >= 0;
            PERFORM delete_queue_messages(e.tenant_id, e.queue_name);
        END IF;
        IF (d->>'subscriptions')::boolean THEN
            DELETE FROM subscriptions WHERE tenant_id = e.tenant_id AND queue_name = e.queue_name;
        END IF;
    WHEN 'subscription-created.v1' THEN
        INSERT INTO subscriptions (tenant_id, queue_name, id, subscriber, ttl, options, updated, expires, since_tx, since_position)
        VALUES (e.tenant_id, e.queue_name, (d->>'id')::uuid, d->>'subscriber', (d->>'ttl')::int, d->'options', e.created,
                e.created + make_interval(secs => (d->>'ttl')::int), e.tx_id, e.position);
    WHEN 'subscription-updated.v1' THEN
        UPDATE subscriptions
           SET subscriber = d->>'subscriber', ttl = (d->>'ttl')::int, options = d->'options', updated = e.created,
               expires = (d->>'expires')::timestamptz
         WHERE tenant_id = e.tenant_id AND queue_name = e.queue_name AND id = (d->>'id')::uuid;
    WHEN 'subscription-confirmed.v1' THEN
        UPDATE subscriptions SET confirmed = (d->>'confirmed')::boolean
         WHERE tenant_id = e.tenant_id AND queue_name = e.queue_name AND id = (d->>'id')::uuid;
    WHEN 'subscription-deleted.v1' THEN
        DELETE FROM subscriptions WHERE tenant_id = e.tenant_id AND queue_name = e.queue_name AND id = (d->>'id')::uuid;
    WHEN 'queue-deleted.v1' THEN
        DELETE FROM claims WHERE tenant_id = e.tenant_id AND queue_name = e.queue_name AND grace >= 0;
        PERFORM delete_queue_messages(e.tenant_id, e.queue_name);
        DELETE FROM queues WHERE tenant_id = e.tenant_id AND name = e.queue_name;
        DELETE FROM queue_heads WHERE tenant_id = e.tenant_id AND queue_name = e.queue_name;
    ELSE
        RAISE EXCEPTION 'unknown event type %', e.type;
    END CASE;
    RETURN posted;
END $$;
