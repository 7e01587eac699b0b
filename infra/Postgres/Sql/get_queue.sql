-- The queue's metadata, unlocked.
SELECT metadata::text FROM queues WHERE tenant_id = $1 AND name = $2
