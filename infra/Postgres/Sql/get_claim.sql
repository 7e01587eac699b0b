-- A live claim, read from a message it holds (Migrations/0016); its messages come from read_claim_messages.sql.
SELECT claim_id, claim_ttl, claim_grace, claim_expires - make_interval(secs => claim_ttl) FROM messages
 WHERE claim_id = $3 AND tenant_id = $1 AND queue_name = $2 AND claim_expires > $4
 LIMIT 1
