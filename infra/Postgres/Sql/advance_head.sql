-- Moves a queue's head (Migrations/0013) to its oldest live message, or past every position drawn so far when it holds
-- none. The queue is read from its first entry, so a message that committed below the head after the last advance
-- (a post in flight then) is found now. Written only if the row is unchanged since this statement's snapshot, so a
-- dead-letter move that lowered the head meanwhile is never undone, and only when the head moves.
WITH seen AS (SELECT xmin AS version FROM queue_heads WHERE tenant_id = $1 AND queue_name = $2),
oldest AS (
    SELECT coalesce((SELECT position FROM messages
                      WHERE tenant_id = $1 AND queue_name = $2 AND position > 0
                      ORDER BY position LIMIT 1),
                    (SELECT last_value + 1 FROM events_position_seq)) AS head)
INSERT INTO queue_heads AS h (tenant_id, queue_name, head)
SELECT $1, $2, head FROM oldest
    ON CONFLICT (tenant_id, queue_name) DO UPDATE SET head = excluded.head
 WHERE h.xmin = (SELECT version FROM seen) AND h.head <> excluded.head
