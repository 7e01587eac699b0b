-- A page of the tenant's events after the cursor ($2 transaction, $3 position), in stream order, only from
-- transactions below the oldest one in flight.
SELECT e.tx_id::text, e.position, e.type, e.queue_name, e.created, e.event_id, e.data::text, e.body
  FROM events e
 WHERE e.tenant_id = $1
   AND (e.tx_id, e.position) > ($2::text::xid8, $3)
   AND e.tx_id < pg_snapshot_xmin(pg_current_snapshot())
 ORDER BY e.tx_id, e.position
 LIMIT $4
