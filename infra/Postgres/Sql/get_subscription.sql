-- Subscription $3 of queue $2 while it lives at $4.
SELECT id, subscriber, ttl, options::text, confirmed, updated, expires FROM subscriptions
 WHERE tenant_id = $1 AND queue_name = $2 AND id = $3 AND expires > $4
