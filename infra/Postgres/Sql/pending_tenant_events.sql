-- Whether the tenant has committed events after the cursor that the horizon still holds back. The second bound gives
-- the index its start (the later of the cursor and the horizon), so nothing before the horizon is walked.
SELECT EXISTS (SELECT 1 FROM events
                WHERE tenant_id = $1 AND (tx_id, position) > ($2::text::xid8, $3)
                  AND (tx_id, position) >= (greatest($2::text::xid8, pg_snapshot_xmin(pg_current_snapshot())), 0))
