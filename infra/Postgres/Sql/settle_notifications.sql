-- Settles leased notifications: done ones ($5 null) are deleted, the others are due again at $5. Only while the
-- lease is still this dispatcher's (attempts unchanged): a row another dispatcher leased since is left to it.
WITH settled AS (
    SELECT * FROM unnest($1::text[], $2::uuid[], $3::uuid[], $4::int[], $5::timestamptz[]) AS r(tenant_id, subscription_id, message_id, attempts, due_at)),
done AS (
    DELETE FROM notifications n USING settled r
     WHERE r.due_at IS NULL AND n.tenant_id = r.tenant_id AND n.subscription_id = r.subscription_id
       AND n.message_id = r.message_id AND n.attempts = r.attempts)
UPDATE notifications n SET due_at = r.due_at
  FROM settled r
 WHERE r.due_at IS NOT NULL AND n.tenant_id = r.tenant_id AND n.subscription_id = r.subscription_id
   AND n.message_id = r.message_id AND n.attempts = r.attempts
