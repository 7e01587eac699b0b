-- The queue's metadata, locked so the queue cannot be deleted or changed under a command that adds to it.
SELECT metadata::text FROM queues WHERE tenant_id = $1 AND name = $2 FOR KEY SHARE
