-- Registers long polls of kind $4 on queue $2 until $3. The queue's advisory lock, held exclusively for this
-- statement, waits for writers in flight and holds new ones back until commit (Functions/00_signals).
WITH locked AS (SELECT pg_advisory_xact_lock(queue_lock_key($1, $2)))
INSERT INTO queue_waiters (tenant_id, queue_name, kind, until)
SELECT $1, $2, $4, $3 FROM locked
    ON CONFLICT (tenant_id, queue_name, kind) DO UPDATE SET until = greatest(queue_waiters.until, excluded.until)
