-- The claim while it is live, locked in the lock order (README "Lock order"): its queue's row against deletion first,
-- then the claim, then the messages it holds in id order, which a renewal or release then updates.
WITH q AS (SELECT 1 FROM queues WHERE tenant_id = $1 AND name = $2 FOR KEY SHARE),
claim AS (
    SELECT id, ttl, grace, updated, message_ids FROM claims
     WHERE tenant_id = $1 AND queue_name = $2 AND id = $3 AND expires > $4 AND EXISTS (SELECT 1 FROM q)
       FOR UPDATE),
held AS (
    SELECT 1 FROM messages
     WHERE tenant_id = $1 AND queue_name = $2 AND id = ANY ((SELECT message_ids FROM claim)::uuid[]) AND claim_id = $3
     ORDER BY id
       FOR UPDATE)
-- The count is what makes `held` run (a CTE no one reads is skipped), before the claim is answered.
SELECT id, ttl, grace, updated FROM claim WHERE (SELECT count(*) FROM held) >= 0
