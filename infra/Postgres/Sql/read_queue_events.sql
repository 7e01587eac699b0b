-- A page of queue $2's events after the cursor ($3 transaction, $4 position), in stream order, only from
-- transactions below the oldest one in flight.
SELECT e.tx_id::text, e.position, e.type, e.queue_name, e.created, e.event_id, e.data::text, e.body
  FROM events e
 WHERE e.tenant_id = $1 AND e.queue_name = $2
   AND (e.tx_id, e.position) > ($3::text::xid8, $4)
   AND e.tx_id < pg_snapshot_xmin(pg_current_snapshot())
 ORDER BY e.tx_id, e.position
 LIMIT $5
