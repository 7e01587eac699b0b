-- The queue's metadata, locked against every other command on the queue row (metadata change, purge, delete).
SELECT metadata::text FROM queues WHERE tenant_id = $1 AND name = $2 FOR UPDATE
