-- The notification follower (README "Push subscriptions"): fans the messages posted to queues with subscriptions
-- out into the notifications outbox, one row per (subscription, message), and advances each queue's cursor in the
-- same transaction. It reads only below the oldest transaction still in flight, so a post that commits late is
-- fanned out on a later call instead of being skipped (DESIGN §5). A subscription is told of messages posted after
-- it was made (its `since`) and before it expired; cursors are locked SKIP LOCKED, so concurrent followers share the
-- queues instead of repeating them, and only cursors with events to read are locked. Returns the notifications made,
-- the events read, and whether committed events wait above the horizon (held back by an older transaction still in
-- flight): the caller looks again shortly rather than waiting for its next wake-up.
DROP FUNCTION IF EXISTS follow_subscriptions(integer, timestamptz);
CREATE OR REPLACE FUNCTION follow_subscriptions(page integer, now timestamptz, OUT made bigint, OUT read bigint, OUT held boolean)
LANGUAGE plpgsql AS $$
DECLARE
    horizon xid8 := pg_snapshot_xmin(pg_current_snapshot());
    c notification_cursors;
    last_tx xid8;
    last_position bigint;
    queue_made bigint;
    queue_read bigint;
BEGIN
    made := 0;
    read := 0;
    -- A queue's cursor starts at its oldest subscription; a queue left without subscriptions loses its cursor.
    INSERT INTO notification_cursors (tenant_id, queue_name, tx_id, position)
    SELECT DISTINCT ON (tenant_id, queue_name) tenant_id, queue_name, since_tx, since_position
      FROM subscriptions ORDER BY tenant_id, queue_name, since_tx, since_position
    ON CONFLICT DO NOTHING;
    DELETE FROM notification_cursors n
     WHERE NOT EXISTS (SELECT 1 FROM subscriptions s WHERE s.tenant_id = n.tenant_id AND s.queue_name = n.queue_name);

    FOR c IN SELECT * FROM notification_cursors n
              WHERE EXISTS (SELECT 1 FROM events e
                             WHERE e.tenant_id = n.tenant_id AND e.queue_name = n.queue_name
                               AND (e.tx_id, e.position) > (n.tx_id, n.position) AND e.tx_id < horizon)
              ORDER BY tenant_id, queue_name FOR UPDATE SKIP LOCKED LOOP
        last_tx := NULL;
        WITH batch AS (
            SELECT e AS event, e.tx_id, e.position FROM events e
             WHERE e.tenant_id = c.tenant_id AND e.queue_name = c.queue_name
               AND (e.tx_id, e.position) > (c.tx_id, c.position) AND e.tx_id < horizon
             ORDER BY e.tx_id, e.position
             LIMIT page),
        -- The messages of the posted events (those with a body), each with its place in its post.
        posted AS (
            SELECT b.tx_id, b.position, (b.event).created, m.id, m.item
              FROM batch b, LATERAL posted_messages(b.event) m
             WHERE (b.event).body IS NOT NULL),
        made_rows AS (
            INSERT INTO notifications (tenant_id, queue_name, subscription_id, message_id, tx_id, position, item, due_at)
            SELECT c.tenant_id, c.queue_name, s.id, p.id, p.tx_id, p.position, p.item, now
              FROM posted p
              JOIN subscriptions s ON s.tenant_id = c.tenant_id AND s.queue_name = c.queue_name
                                  AND (s.since_tx, s.since_position) < (p.tx_id, p.position) AND p.created < s.expires
            ON CONFLICT DO NOTHING
            RETURNING 1)
        SELECT (SELECT count(*) FROM made_rows), (SELECT count(*) FROM batch), l.tx_id, l.position
          INTO queue_made, queue_read, last_tx, last_position
          FROM (SELECT tx_id, position FROM batch ORDER BY tx_id DESC, position DESC LIMIT 1) l;
        IF last_tx IS NOT NULL THEN
            UPDATE notification_cursors SET tx_id = last_tx, position = last_position
             WHERE tenant_id = c.tenant_id AND queue_name = c.queue_name;
            made := made + queue_made;
            read := read + queue_read;
        END IF;
    END LOOP;
    held := EXISTS (SELECT 1 FROM notification_cursors n
                     WHERE EXISTS (SELECT 1 FROM events e
                                    WHERE e.tenant_id = n.tenant_id AND e.queue_name = n.queue_name
                                      AND (e.tx_id, e.position) > (n.tx_id, n.position) AND e.tx_id >= horizon));
END $$;
