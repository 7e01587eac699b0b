-- Whether the tenant has committed events after the cursor that the horizon still holds back.
SELECT EXISTS (SELECT 1 FROM events
                WHERE tenant_id = $1 AND (tx_id, position) > ($2::text::xid8, $3)
                  AND tx_id >= pg_snapshot_xmin(pg_current_snapshot()))
