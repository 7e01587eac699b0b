-- Queues with subscriptions expired at $1, at most $2; a hint for the sweeper, which decides again under lock.
SELECT DISTINCT tenant_id, queue_name FROM (SELECT tenant_id, queue_name FROM subscriptions WHERE expires <= $1 LIMIT $2) x
