-- The expired messages among the ids ($3) and the messages of the expired claims among the ids ($5), locked after
-- their queue's row in one pass in id order (README "Lock order"): a claim's expiry updates the messages it holds
-- (Migrations/0016), and a lock taken there, out of order, could deadlock with a deleter. Each row answers whether the
-- message expired and, when its claim did, the claim: both read from the row as locked, so a claim renewed meanwhile
-- is not taken for expired.
WITH q AS (SELECT 1 FROM queues WHERE tenant_id = $1 AND name = $2 FOR KEY SHARE)
SELECT id, expires <= $4, CASE WHEN claim_id = ANY ($5) AND claim_expires <= $4 THEN claim_id END
  FROM messages
 WHERE tenant_id = $1 AND queue_name = $2 AND EXISTS (SELECT 1 FROM q)
   AND id = ANY ($3 || ARRAY(SELECT id FROM messages WHERE claim_id = ANY ($5) AND tenant_id = $1 AND queue_name = $2))
   AND (expires <= $4 OR (claim_id = ANY ($5) AND claim_expires <= $4))
 ORDER BY id
   FOR UPDATE
