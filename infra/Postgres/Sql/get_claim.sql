-- A live claim; its messages come from read_claim_messages.sql.
SELECT id, ttl, grace, updated FROM claims
 WHERE tenant_id = $1 AND queue_name = $2 AND id = $3 AND expires > $4
