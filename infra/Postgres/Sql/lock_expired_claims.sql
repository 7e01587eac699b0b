-- The expired claims among the ids, locked; busy ones are left for the next sweep.
SELECT id FROM claims
 WHERE tenant_id = $1 AND queue_name = $2 AND id = ANY ($3) AND expires <= $4
 ORDER BY id
   FOR UPDATE SKIP LOCKED
