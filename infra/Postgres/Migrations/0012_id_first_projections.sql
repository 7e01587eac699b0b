-- Plans that cannot walk a queue (issue 10). A statement that names messages or claims by id touches those rows only,
-- whatever the planner statistics say. With keys led by (tenant_id, queue_name), the planner could also run such a
-- statement as a walk of the whole queue with the ids as a filter, and it did whenever its statistics took the queue
-- for a row or two (a queue filled since the last ANALYZE of a larger table): every claim and delete of a 250,000-
-- message backlog then read 250,000 rows. So:
-- - the keys lead with the id: a statement that names ids can descend only to them (tenant_id stays in the key);
-- - the queue-order index is partial on a predicate every row meets: only statements that state `position > 0` ask
--   for queue order and can use it, so no by-id statement can walk a queue through it either;
-- - likewise the claims of a queue (for a purge or a queue delete) are found through an index that only statements
--   stating `grace >= 0` (every claim: a grace is never negative) can use.
-- Part of the projections: a rebuild runs it again after Migrations/0002.
ALTER TABLE messages DROP CONSTRAINT IF EXISTS messages_pkey;
ALTER TABLE messages ADD CONSTRAINT messages_pkey PRIMARY KEY (id, tenant_id, queue_name);
DROP INDEX IF EXISTS messages_queue_position;
CREATE INDEX messages_queue_position ON messages (tenant_id, queue_name, position) WHERE position > 0;
ALTER TABLE claims DROP CONSTRAINT IF EXISTS claims_pkey;
ALTER TABLE claims ADD CONSTRAINT claims_pkey PRIMARY KEY (id, tenant_id, queue_name);
CREATE INDEX IF NOT EXISTS claims_queue ON claims (tenant_id, queue_name) WHERE grace >= 0;
