-- Moves a queue's head (Migrations/0013) to its oldest live message, or past every position drawn so far when it holds
-- none. The queue is read from its first entry, so a message that committed below the head after the last advance
-- (a post in flight then) is found now. Written only while the queue exists (its row held against deletion, so a
-- queue deleted meanwhile gets no head back) and only if the head row is unchanged since this statement's snapshot:
-- a dead-letter move into the queue rewrites that row (Functions/02_apply_event.sql), so an advance that could not see
-- the moved messages never undoes their lowering. Only when the head moves.
WITH seen AS (SELECT xmin AS version FROM queue_heads WHERE tenant_id = $1 AND queue_name = $2),
queue AS (SELECT 1 FROM queues WHERE tenant_id = $1 AND name = $2 FOR KEY SHARE),
oldest AS (
    SELECT coalesce((SELECT position FROM messages
                      WHERE tenant_id = $1 AND queue_name = $2 AND position > 0
                      ORDER BY position LIMIT 1),
                    (SELECT last_value + 1 FROM events_position_seq)) AS head)
INSERT INTO queue_heads AS h (tenant_id, queue_name, head)
SELECT $1, $2, head FROM oldest WHERE EXISTS (SELECT 1 FROM queue)
    ON CONFLICT (tenant_id, queue_name) DO UPDATE SET head = excluded.head
 WHERE h.xmin = (SELECT version FROM seen) AND h.head <> excluded.head
