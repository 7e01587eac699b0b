-- Every subscription of queue $2, expired ones included, locked against concurrent changes to them.
SELECT id, subscriber, ttl, options::text, confirmed, updated, expires FROM subscriptions
 WHERE tenant_id = $1 AND queue_name = $2
 ORDER BY id
   FOR UPDATE
