-- The expired claims among the ids, locked after their queue's row (README "Lock order"); busy ones are left for the
-- next sweep.
WITH q AS (SELECT 1 FROM queues WHERE tenant_id = $1 AND name = $2 FOR KEY SHARE)
SELECT id FROM claims
 WHERE tenant_id = $1 AND queue_name = $2 AND id = ANY ($3) AND expires <= $4 AND EXISTS (SELECT 1 FROM q)
 ORDER BY id
   FOR UPDATE SKIP LOCKED
