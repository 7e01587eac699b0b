-- The oldest unexpired message of a queue.
-- `position > 0` holds for every row; stating it is what lets a statement use the queue-order index (Migrations/0012).
SELECT id, created FROM messages
 WHERE tenant_id = $1 AND queue_name = $2 AND position > 0 AND expires > $3
 ORDER BY position, item LIMIT 1
