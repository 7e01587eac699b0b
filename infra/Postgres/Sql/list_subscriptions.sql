-- Up to $5 live subscriptions of queue $2 after id $3 (the marker), in id order.
SELECT id, subscriber, ttl, options::text, confirmed, updated, expires FROM subscriptions
 WHERE tenant_id = $1 AND queue_name = $2 AND id > $3 AND expires > $4
 ORDER BY id
 LIMIT $5
