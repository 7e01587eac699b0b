-- A lease is the row's due_at moved to the lease's end (Sql/lease_notifications.sql): leased_until was never used.
ALTER TABLE notifications DROP COLUMN IF EXISTS leased_until;
