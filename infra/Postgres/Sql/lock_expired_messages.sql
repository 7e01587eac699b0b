-- The expired messages among the ids ($3), locked after their queue's row and the expired claims ($5) the sweep holds
-- (README "Lock order"). The messages those claims hold are locked with them, in one pass in id order: the claims'
-- expiry updates them, and a lock taken there, out of order, could deadlock with a deleter.
WITH q AS (SELECT 1 FROM queues WHERE tenant_id = $1 AND name = $2 FOR KEY SHARE)
SELECT id FROM (
    SELECT id, expires <= $4 AS expired FROM messages
     WHERE tenant_id = $1 AND queue_name = $2 AND EXISTS (SELECT 1 FROM q)
       AND id = ANY ($3 || ARRAY(SELECT unnest(message_ids) FROM claims WHERE tenant_id = $1 AND queue_name = $2 AND id = ANY ($5)))
       AND (expires <= $4 OR claim_id = ANY ($5))
     ORDER BY id
       FOR UPDATE) locked
 WHERE expired
