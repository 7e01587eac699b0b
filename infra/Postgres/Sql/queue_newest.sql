-- The newest unexpired message of a queue.
SELECT id, created FROM messages
 WHERE tenant_id = $1 AND queue_name = $2 AND expires > $3
 ORDER BY position DESC LIMIT 1
