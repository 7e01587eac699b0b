-- Whether queue $2 has committed events after the cursor that the horizon still holds back. The second bound gives
-- the index its start (the later of the cursor and the horizon), so nothing before the horizon is walked.
SELECT EXISTS (SELECT 1 FROM events
                WHERE tenant_id = $1 AND queue_name = $2 AND (tx_id, position) > ($3::text::xid8, $4)
                  AND (tx_id, position) >= (greatest($3::text::xid8, pg_snapshot_xmin(pg_current_snapshot())), 0))
