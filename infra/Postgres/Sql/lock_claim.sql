-- The claim while it is live, locked in the lock order (README "Lock order"): its queue's row against deletion first,
-- then the messages it holds (Migrations/0016) in id order, which a renewal or release then updates.
WITH q AS (SELECT 1 FROM queues WHERE tenant_id = $1 AND name = $2 FOR KEY SHARE),
held AS (
    SELECT claim_id, claim_ttl, claim_grace, claim_expires - make_interval(secs => claim_ttl) AS updated FROM messages
     WHERE claim_id = $3 AND tenant_id = $1 AND queue_name = $2 AND claim_expires > $4 AND EXISTS (SELECT 1 FROM q)
     ORDER BY id
       FOR UPDATE)
SELECT * FROM held LIMIT 1
